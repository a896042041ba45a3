#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, stages, tests and demonstrates MailAuthPS.
.DESCRIPTION
    Run as `dotnet pwsh ./build.ps1 <Task>` after `dotnet tool restore`.
      Build  compile, then stage out/MailAuthPS/<version>/ from an explicit allow-list (default)
      Test   Build, run xunit, run Pester in a fresh pwsh against the staged module,
             print "N passed, N failed" with both runners' totals
      Demo   Build, then audit samples/ offline: a table on screen, out/demo-report.html
      Bench  run the benchmarks and the peers (pyspf, dkimpy) on one workload; write docs/performance.md
      Package  Build, then the Gallery .nupkg with Publish-PSResource into out/package/feed, installed
             with Install-PSResource in a fresh pwsh, imported by name, every cmdlet and its help smoke-tested
      Fuzz   the xunit fuzz targets (tests/MailAuth.Tests/Fuzz) for -Minutes with a random -Seed; failing
             inputs go to out/fuzz/<target>-seed<N>-<i>.bin; exits non-zero on a failure
.PARAMETER Configuration
    The dotnet build configuration (Release by default).
.PARAMETER Minutes
    Fuzz: minutes for the whole run, shared by the targets (10 by default).
.PARAMETER Seed
    Fuzz: the seed; a run with the same seed makes the same inputs in the same order (random when 0).
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package', 'Fuzz')]
    [string]$Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string]$Configuration = 'Release',

    [ValidateRange(0.1, 10080)]
    [double]$Minutes = 10,

    [int]$Seed = 0
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$Root = $PSScriptRoot
$Version = ([xml](Get-Content -Raw (Join-Path $Root 'Directory.Build.props'))).Project.PropertyGroup.Version | Where-Object { $_ } | Select-Object -First 1
$StageRoot = Join-Path $Root 'out/MailAuthPS'
$Stage = Join-Path $StageRoot $Version
$Manifest = Join-Path $Stage 'MailAuthPS.psd1'
$ResultsDir = Join-Path $Root 'out/test-results'

# The allow-list of shipped files, by staged folder. Build fails if any is missing, and nothing else ships.
$ShippedFiles = [ordered]@{
    '.'                           = @('MailAuthPS.psd1', 'MailAuthPS.dll', 'MailAuthPS.Bootstrap.dll', 'MailAuthPS.Format.ps1xml', 'LICENSE', 'THIRD-PARTY-NOTICES.md')
    'en-US'                       = @('MailAuthPS.dll-Help.xml', 'about_MailAuthPS.help.txt', 'about_MailAuthPS_Findings.help.txt')
    'dependencies/net8.0'         = @('MailAuthPS.Loader.dll', 'MailAuth.dll', 'DnsClient.dll', 'MimeKit.dll', 'BouncyCastle.Cryptography.dll',
                                      'System.Security.Cryptography.Pkcs.dll', 'Microsoft.Bcl.Cryptography.dll', 'System.Formats.Asn1.dll')
    'dependencies/netstandard2.0' = @('MailAuth.dll', 'DnsClient.dll', 'System.Buffers.dll', 'System.Memory.dll',
                                      'System.Numerics.Vectors.dll', 'System.Runtime.CompilerServices.Unsafe.dll',
                                      'Microsoft.Win32.Registry.dll', 'System.Security.AccessControl.dll',
                                      'System.Security.Principal.Windows.dll', 'MimeKit.dll', 'BouncyCastle.Cryptography.dll',
                                      'Microsoft.Bcl.Cryptography.dll', 'System.Data.DataSetExtensions.dll', 'System.Formats.Asn1.dll',
                                      'System.Security.Cryptography.Cng.dll', 'System.Security.Cryptography.Pkcs.dll',
                                      'System.Text.Encoding.CodePages.dll',
                                      # System.Text.Json (TLS-RPT reports) and what it needs on netstandard2.0
                                      'System.Text.Json.dll', 'System.Text.Encodings.Web.dll', 'Microsoft.Bcl.AsyncInterfaces.dll',
                                      'System.Threading.Tasks.Extensions.dll')
}

function Invoke-Native {
    # Runs a program and stops the build when it fails.
    param([string]$FilePath, [string[]]$Arguments)
    & $FilePath @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$FilePath $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

function Get-FreshPwsh {
    # A new pwsh process, so tests and the demo never run in the build's own session.
    $exe = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    if (-not (Test-Path $exe)) { throw "Cannot find pwsh next to this PowerShell ($PSHOME)." }
    $exe
}

function Get-CmdletName {
    # Exported cmdlets, read from the [Cmdlet(VerbsX.Verb, "Noun")] attributes in the sources.
    Get-ChildItem (Join-Path $Root 'src/MailAuthPS/Commands') -Filter *.cs | ForEach-Object {
        $text = Get-Content -Raw $_.FullName
        foreach ($m in [regex]::Matches($text, '\[Cmdlet\(\s*Verbs\w+\.(\w+)\s*,\s*"(\w+)"')) {
            '{0}-{1}' -f $m.Groups[1].Value, $m.Groups[2].Value
        }
    } | Sort-Object -Unique
}

function Merge-FormatFile {
    # Each area keeps its views in module/formats/<Area>.Format.ps1xml; the module ships one file.
    param([string]$Path, [string]$OutFile)
    $merged = [xml]'<?xml version="1.0" encoding="utf-8"?><Configuration><ViewDefinitions/></Configuration>'
    $names = @{}
    foreach ($file in Get-ChildItem $Path -Filter *.Format.ps1xml | Sort-Object Name) {
        foreach ($view in ([xml](Get-Content -Raw $file.FullName)).Configuration.ViewDefinitions.View) {
            if ($names.ContainsKey($view.Name)) { throw "View '$($view.Name)' is defined in both $($names[$view.Name]) and $($file.Name)." }
            $names[$view.Name] = $file.Name
            $null = $merged.Configuration.SelectSingleNode('ViewDefinitions').AppendChild($merged.ImportNode($view, $true))
        }
    }
    $settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
    $writer = [System.Xml.XmlWriter]::Create($OutFile, $settings)
    try { $merged.Save($writer) } finally { $writer.Dispose() }
}

function Invoke-Build {
    Write-Host "Building MailAuthPS $Version ($Configuration)" -ForegroundColor Cyan
    Invoke-Native dotnet @('build', (Join-Path $Root 'src/MailAuthPS/MailAuthPS.csproj'), '-c', $Configuration, '--nologo', '-v', 'q')
    $net8 = Join-Path $Root "out/obj/publish-net8.0"
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/MailAuth/MailAuth.csproj'), '-c', $Configuration, '-f', 'net8.0', '-o', $net8, '--nologo', '-v', 'q')
    # PowerShell 7's load context for the core and its dependencies (set up by src/MailAuthPS.Bootstrap).
    Invoke-Native dotnet @('build', (Join-Path $Root 'src/MailAuthPS.Loader/MailAuthPS.Loader.csproj'), '-c', $Configuration, '-o', $net8, '--nologo', '-v', 'q')
    $ns20 = Join-Path $Root "src/MailAuthPS/bin/$Configuration/netstandard2.0"

    if (Test-Path $Stage) { Remove-Item -Recurse -Force $Stage }
    $sources = @{
        '.'                           = $ns20
        'en-US'                       = $null
        'dependencies/net8.0'         = $net8
        'dependencies/netstandard2.0' = $ns20
    }
    foreach ($folder in $ShippedFiles.Keys) {
        $target = Join-Path $Stage $folder
        New-Item -ItemType Directory -Force $target | Out-Null
        if ($null -eq $sources[$folder]) { continue }
        foreach ($file in $ShippedFiles[$folder]) {
            $from = Join-Path $sources[$folder] $file
            if ($folder -eq '.' -and $file -notlike '*.dll') { continue }
            if (-not (Test-Path $from)) { throw "Build output is missing $file (looked in $($sources[$folder]))." }
            Copy-Item $from $target
        }
    }
    Merge-FormatFile -Path (Join-Path $Root 'module/formats') -OutFile (Join-Path $Stage 'MailAuthPS.Format.ps1xml')
    Copy-Item (Join-Path $Root 'LICENSE') $Stage
    Copy-Item (Join-Path $Root 'THIRD-PARTY-NOTICES.md') $Stage

    Import-Module (Join-Path $Root 'tools/MamlHelp.psm1') -Force
    ConvertTo-MamlHelp -Path (Join-Path $Root 'docs') -OutFile (Join-Path $Stage 'en-US/MailAuthPS.dll-Help.xml')
    Copy-Item (Join-Path $Root 'module/en-US/about_MailAuthPS.help.txt') (Join-Path $Stage 'en-US')
    # The findings topic comes from the code's catalogue, in a fresh pwsh that loads the staged core.
    Invoke-Native (Get-FreshPwsh) @('-NoProfile', '-NonInteractive', '-File', (Join-Path $Root 'tools/New-FindingsHelp.ps1'),
        '-CoreAssembly', (Join-Path $Stage 'dependencies/net8.0/MailAuth.dll'), '-OutFile', (Join-Path $Stage 'en-US/about_MailAuthPS_Findings.help.txt'))

    $cmdlets = @(Get-CmdletName)
    $fileList = foreach ($folder in $ShippedFiles.Keys) {
        foreach ($file in $ShippedFiles[$folder]) { if ($folder -eq '.') { $file } else { "$folder/$file" } }
    }
    $manifestText = (Get-Content -Raw (Join-Path $Root 'module/MailAuthPS.psd1')).
        Replace('{{Version}}', $Version).
        Replace('{{Cmdlets}}', (($cmdlets | ForEach-Object { "'$_'" }) -join ', ')).
        Replace('{{FileList}}', (($fileList | ForEach-Object { "'$($_ -replace '/', '\')'" }) -join ', '))
    Set-Content -Path $Manifest -Value $manifestText -Encoding utf8NoBOM
    $null = Test-ModuleManifest $Manifest

    # Whatever is staged must be on the list, and everything on the list must be staged.
    $staged = Get-ChildItem -Recurse -File $Stage | ForEach-Object { [IO.Path]::GetRelativePath($Stage, $_.FullName) -replace '\\', '/' }
    $listed = foreach ($folder in $ShippedFiles.Keys) { foreach ($file in $ShippedFiles[$folder]) { ($folder -eq '.') ? $file : "$folder/$file" } }
    $extra = $staged | Where-Object { $_ -notin $listed }
    $missing = $listed | Where-Object { $_ -notin $staged }
    if ($extra) { throw "Staged files not on the allow-list: $($extra -join ', ')" }
    if ($missing) { throw "Allow-listed files not staged: $($missing -join ', ')" }
    Write-Host "Staged $($staged.Count) files in $Stage ($($cmdlets.Count) cmdlets)." -ForegroundColor Green
}

function Get-PesterModulePath {
    # Pester comes from the NuGet package folder: restoring tests/MailAuthPS.Tests downloads it.
    Invoke-Native dotnet @('restore', (Join-Path $Root 'tests/MailAuthPS.Tests/MailAuthPS.Tests.csproj'), '--nologo', '-v', 'q')
    $packages = $env:NUGET_PACKAGES
    if (-not $packages) {
        $line = (& dotnet nuget locals global-packages --list) -join "`n"
        $packages = ($line -replace '^.*global-packages:\s*', '').Trim()
    }
    $path = Join-Path $packages 'pester/6.2.0/tools/Pester.psd1'
    if (-not (Test-Path $path)) { throw "Pester 6.2.0 was not found at $path after restore." }
    $path
}

function Invoke-Test {
    Invoke-Build
    . (Join-Path $Root 'tools/TestPrerequisites.ps1')
    Install-TestPrerequisite
    Install-TestNpmPeer -Root $Root

    New-Item -ItemType Directory -Force $ResultsDir | Out-Null
    Write-Host 'Running xunit' -ForegroundColor Cyan
    $trx = Join-Path $ResultsDir 'xunit.trx'
    Remove-Item $trx -ErrorAction Ignore
    & dotnet test (Join-Path $Root 'tests/MailAuth.Tests/MailAuth.Tests.csproj') -c $Configuration --nologo `
        --logger "trx;LogFileName=$trx" --logger 'console;verbosity=minimal'
    $xunitExit = $LASTEXITCODE
    if (-not (Test-Path $trx)) { throw "xunit wrote no results (exit code $xunitExit)." }
    $counters = ([xml](Get-Content -Raw $trx)).TestRun.ResultSummary.Counters
    $xunit = [pscustomobject]@{ Passed = [int]$counters.passed; Failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout; Skipped = [int]$counters.notExecuted }
    if ($xunitExit -ne 0 -and $xunit.Failed -eq 0) { $xunit.Failed = 1 }

    Write-Host 'Running Pester against the staged module' -ForegroundColor Cyan
    $pesterJson = Join-Path $ResultsDir 'pester.json'
    Remove-Item $pesterJson -ErrorAction Ignore
    $env:MAILAUTHPS_MANIFEST = $Manifest
    $env:MAILAUTHPS_REPO = $Root
    & (Get-FreshPwsh) -NoProfile -NonInteractive -File (Join-Path $Root 'tools/Invoke-PesterTests.ps1') `
        -PesterPath (Get-PesterModulePath) -TestPath (Join-Path $Root 'tests/MailAuthPS.Tests') -ResultPath $pesterJson
    $pesterExit = $LASTEXITCODE
    if (-not (Test-Path $pesterJson)) { throw "Pester wrote no results (exit code $pesterExit)." }
    $pester = Get-Content -Raw $pesterJson | ConvertFrom-Json
    if ($pesterExit -ne 0 -and $pester.Failed -eq 0) { $pester.Failed = 1 }

    $passed = $xunit.Passed + $pester.Passed
    $failed = $xunit.Failed + $pester.Failed
    $skipped = $xunit.Skipped + $pester.Skipped
    Write-Host ("xunit: {0} passed, {1} failed, {2} skipped; Pester: {3} passed, {4} failed, {5} skipped" -f `
        $xunit.Passed, $xunit.Failed, $xunit.Skipped, $pester.Passed, $pester.Failed, $pester.Skipped)
    $line = "$passed passed, $failed failed"
    if ($skipped -gt 0) { $line += ", $skipped skipped" }
    Write-Output $line
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Package {
    # The Gallery package from the staged module, installed and smoke-tested in a fresh pwsh.
    Invoke-Build
    $json = & (Get-FreshPwsh) -NoProfile -NonInteractive -File (Join-Path $Root 'tools/Test-Package.ps1') -Stage (Split-Path $Manifest) `
        -Samples (Join-Path $Root 'samples') -WorkDirectory (Join-Path $Root 'out/package')
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    $report = ($json | Select-Object -Last 1) | ConvertFrom-Json
    $report.Cmdlets | Format-Table Cmdlet, Ran, Help, Error -AutoSize | Out-Host
    $bad = @($report.Cmdlets | Where-Object { -not $_.Ran -or -not $_.Help })
    Write-Output ("{0} ({1:N0} bytes): installed as {2}; {3} of {4} cmdlets ran with help" -f $report.Package, $report.PackageBytes, $report.ModuleBase, ($report.Cmdlets.Count - $bad.Count), $report.Cmdlets.Count)
    if ($bad.Count) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    & (Get-FreshPwsh) -NoProfile -NonInteractive -File (Join-Path $Root 'tools/Invoke-Demo.ps1') -Manifest $Manifest -Samples (Join-Path $Root 'samples') -OutDirectory (Join-Path $Root 'out')
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

function Invoke-Bench {
    # BenchmarkDotNet (always Release) and pyspf side by side on one workload, in a new pwsh;
    # writes docs/performance.md. Knot and pyspf are installed like the tests' prerequisites.
    Invoke-Build
    . (Join-Path $Root 'tools/TestPrerequisites.ps1')
    Install-TestPrerequisite
    & (Get-FreshPwsh) -NoProfile -NonInteractive -File (Join-Path $Root 'bench/Invoke-Benchmarks.ps1') -Root $Root -Manifest $Manifest
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

function Invoke-Fuzz {
    # The same xunit targets as CI, but time-bounded with a random seed (tests/MailAuth.Tests/Fuzz/FuzzHarness.cs reads
    # the MAILAUTH_FUZZ_* variables); per-target counts come back in out/fuzz/stats.txt.
    $start = Get-Date
    $out = Join-Path $Root 'out/fuzz'
    New-Item -ItemType Directory -Force $out | Out-Null
    Remove-Item (Join-Path $out 'stats.txt') -ErrorAction Ignore
    $runSeed = if ($Seed) { $Seed } else { Get-Random -Minimum 1 -Maximum ([int]::MaxValue) }
    Write-Host "Fuzzing for $Minutes minutes with seed $runSeed" -ForegroundColor Cyan
    $env:MAILAUTH_FUZZ_MINUTES = [string]::Format([cultureinfo]::InvariantCulture, '{0}', $Minutes)
    $env:MAILAUTH_FUZZ_SEED = $runSeed
    $env:MAILAUTH_FUZZ_OUT = $out
    try {
        & dotnet test (Join-Path $Root 'tests/MailAuth.Tests/MailAuth.Tests.csproj') -c $Configuration --nologo `
            --filter 'FullyQualifiedName~MailAuth.Tests.Fuzz' --logger 'console;verbosity=minimal'
        $exit = $LASTEXITCODE
    }
    finally {
        Remove-Item env:MAILAUTH_FUZZ_MINUTES, env:MAILAUTH_FUZZ_SEED, env:MAILAUTH_FUZZ_OUT -ErrorAction Ignore
    }
    $stats = Join-Path $out 'stats.txt'
    if (Test-Path $stats) { Get-Content $stats | Write-Output }
    $failed = @(Get-ChildItem $out -Filter '*.bin' | Where-Object { $_.LastWriteTime -ge $start })
    foreach ($f in $failed) { Write-Output "failing input: $($f.FullName) (note beside it: $($f.Name).txt)" }
    if ($exit -ne 0 -or $failed.Count) { Write-Output "Fuzz found a failure (seed $runSeed); see above."; exit 1 }
    Write-Output "Fuzz: no failure in $Minutes minutes (seed $runSeed)."
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Package' { Invoke-Package }
    'Bench' { Invoke-Bench }
    'Fuzz' { Invoke-Fuzz }
}
