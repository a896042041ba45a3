#Requires -Version 7.2
<#
    Dependency isolation (issue 10): other versions of MimeKit (4.18.0), BouncyCastle (2.4.0) and
    DnsClient (1.6.1), downloaded by MailAuthPS.Tests.csproj from NuGet, loaded in the same session
    as MailAuthPS in either order. Each scenario runs in a fresh pwsh (TestHelpers/isolation_probe.ps1).
    Independent expectations: SHA-256("abc") from FIPS 180-2 appendix B.1; the TXT text and keys are
    the test's own zone; the signatures are checked by Test-DkimSignature through Knot.
    The NoContext scenarios are the control: the same sequence without the load context fails,
    so the passing ones prove the context, not luck.
#>

BeforeDiscovery {
    $Scenarios = @(@{ Order = 'OthersFirst' }, @{ Order = 'OursFirst' })
}

BeforeAll {
    Import-Module (Join-Path $env:MAILAUTHPS_REPO 'tests/MailAuthPS.Tests/TestHelpers/KnotDns.psm1') -Force
    if (-not (Test-KnotDnsAvailable)) {
        throw 'Knot DNS (knotd, knotc, kdig) is required in CI: apt-get install -y --no-install-recommends knot knot-dnsutils'
    }
    $Repo = $env:MAILAUTHPS_REPO
    $Keys = Join-Path $Repo 'tests/MailAuth.Tests/TestData/dkim/keys'
    $Probe = Join-Path $Repo 'tests/MailAuthPS.Tests/TestHelpers/isolation_probe.ps1'
    $Packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { ((& dotnet nuget locals global-packages --list) -join '') -replace '^.*global-packages:\s*', '' }
    $Packages = $Packages.Trim()
    foreach ($p in 'mimekit/4.18.0', 'bouncycastle.cryptography/2.4.0', 'dnsclient/1.6.1') {
        if (-not (Test-Path (Join-Path $Packages $p))) { throw "NuGet package $p is missing under ${Packages}: restore tests/MailAuthPS.Tests/MailAuthPS.Tests.csproj." }
    }
    $Sha256Abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'

    # dkimpy's test keys (tests/MailAuth.Tests/TestData/dkim/keys, see its SOURCES.md), and a probe TXT.
    $lines = foreach ($k in @(@{ Sel = 'rsa2048'; File = '2048_testkey_wo_markers.pub.txt' }, @{ Sel = 'ed'; File = 'ed25519test.dns' })) {
        $value = (Get-Content -Raw (Join-Path $Keys $k.File)).Trim()
        $chunks = for ($i = 0; $i -lt $value.Length; $i += 200) { $value.Substring($i, [Math]::Min(200, $value.Length - $i)) }
        "$($k.Sel)._domainkey IN TXT $(Format-ZoneTxtRdata -String $chunks)"
    }
    $Knot = Start-KnotDns -Zone @{
        'example.com' = New-TestZoneText -Apex 'example.com' -Body ((@('probe IN TXT "neighbour works"') + $lines) -join "`n")
    }

    function Invoke-Probe([string]$Order) {
        $json = & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -File $Probe -Manifest $env:MAILAUTHPS_MANIFEST `
            -Packages $Packages -Order $Order -Server $Knot.Endpoint -Keys $Keys 2>&1
        $text = ($json | Where-Object { $_ -is [string] -and $_.StartsWith('{') } | Select-Object -Last 1)
        if (-not $text) { throw "The probe printed no result: $($json -join "`n")" }
        $r = $text | ConvertFrom-Json -AsHashtable
        $steps = @{}
        foreach ($s in $r.Steps) { $steps[$s.Name] = $s }
        $steps
    }
}

AfterAll { if ($Knot) { Stop-KnotDns $Knot } }

Describe 'Dependency isolation on PowerShell 7: <Order>' -ForEach $Scenarios {
    BeforeAll { $Steps = Invoke-Probe $Order }

    It 'loads the other versions of MimeKit, BouncyCastle and DnsClient' {
        $Steps.ImportOthers.Ok | Should -BeTrue -Because $Steps.ImportOthers.Error
    }

    It 'imports MailAuthPS by its manifest' {
        $Steps.ImportOurs.Ok | Should -BeTrue -Because $Steps.ImportOurs.Error
    }

    It 'verifies an RSA-2048 and an Ed25519 DKIM signature it made, through DNS' {
        $ours = $Steps.Ours
        $ours.Ok | Should -BeTrue -Because $ours.Error
        $ours.Value.Results | Sort-Object | Should -Be @('ed25519-sha256=pass', 'rsa-sha256=pass')
        if ($Steps.ContainsKey('OursBefore')) {
            $Steps.OursBefore.Value.Results | Sort-Object | Should -Be @('ed25519-sha256=pass', 'rsa-sha256=pass')
        }
    }

    It 'keeps its own MimeKit 4.18.x, BouncyCastle 2.7 and DnsClient 1.8 in its own load context' {
        $v = $Steps.Ours.Value
        $v.CoreContext | Should -Be @('MailAuthPS')
        $v.CmdletContext | Should -Be 'Default'
        $v.Held.MimeKit | Should -Not -Be '4.18.0.0'
        $v.Held.MimeKit | Should -BeLike '4.18.*'
        $v.Held['BouncyCastle.Cryptography'] | Should -BeLike '2.7.*'
        $v.Held.DnsClient | Should -BeLike '1.8.*'
    }

    It "leaves the neighbour's versions working with their own types" {
        $others = if ($Steps.ContainsKey('OthersAfter')) { @($Steps.OthersBefore, $Steps.OthersAfter) } else { @($Steps.Others) }
        foreach ($o in $others) {
            $o.Ok | Should -BeTrue -Because $o.Error
            $o.Value.Subject | Should -Be 'neighbour'
            $o.Value.Sha256 | Should -Be $Sha256Abc
            $o.Value.Txt | Should -Be 'neighbour works'
            $o.Value.MimeKit | Should -Be '4.18.0.0'
            $o.Value.Bouncy | Should -BeLike '2.4.*'
            $o.Value.DnsClient | Should -Be '1.6.1.0'
        }
    }
}

Describe 'Without the load context (control)' {
    It 'fails when the neighbour loaded its DnsClient first: ours cannot load beside it' {
        $steps = Invoke-Probe 'NoContextOthersFirst'
        $steps.ImportOthers.Ok | Should -BeTrue
        $steps.Ours.Ok | Should -BeFalse
        $steps.Ours.Error | Should -Match 'DnsClient'
    }

    It 'fails when ours loaded first: the neighbour cannot load its DnsClient' {
        $steps = Invoke-Probe 'NoContextOursFirst'
        $steps.OursBefore.Ok | Should -BeTrue -Because $steps.OursBefore.Error
        $steps.ImportOthers.Ok | Should -BeFalse
        $steps.ImportOthers.Error | Should -Match 'DnsClient|same name'
    }
}

Describe 'Type names of the core across Remove-Module and a new import' {
    # PowerShell resolves [TypeName] only in the default load context; the module registers the
    # core's public types as type accelerators on import and removes them with the module.
    BeforeAll {
        $script = {
            param($Manifest)
            $ErrorActionPreference = 'Stop'
            $table = [psobject].Assembly.GetType('System.Management.Automation.TypeAccelerators')
            function Get-Ours { @($table::Get.Keys | Where-Object { $_ -like 'MailAuth.*' }).Count }
            $out = [ordered]@{ Before = Get-Ours }
            Import-Module $Manifest
            $core = [Runtime.Loader.AssemblyLoadContext]::All | Where-Object { $_.Name -eq 'MailAuthPS' } |
                ForEach-Object { $_.Assemblies } | Where-Object { $_.GetName().Name -eq 'MailAuth' }
            $out.Public = @($core.GetExportedTypes() | Where-Object { -not $_.IsGenericTypeDefinition }).Count
            $out.Imported = Get-Ours
            $lint = Test-SpfRecord -Record 'v=spf1 -all' -Domain example.com
            $out.SameType = $table::Get[$lint.GetType().FullName] -eq $lint.GetType()
            Remove-Module MailAuthPS
            $out.Removed = Get-Ours
            $out.CmdletGone = -not (Get-Command Test-SpfRecord -ErrorAction SilentlyContinue)
            Import-Module $Manifest
            $out.Reimported = Get-Ours
            $again = Test-SpfRecord -Record 'v=spf1 -all' -Domain example.com
            $out.SameTypeAgain = $again.GetType() -eq $lint.GetType()
            # A second runspace of the process imports and removes the module while this one keeps it.
            $other = [powershell]::Create()
            $null = $other.AddScript("Import-Module '$Manifest'; Remove-Module MailAuthPS").Invoke()
            $out.OtherRunspaceErrors = $other.Streams.Error.Count
            $other.Dispose()
            $out.AfterOtherRunspace = Get-Ours
            Import-Module $Manifest -Force
            $out.Forced = Get-Ours
            Remove-Module MailAuthPS
            $out.RemovedAfterForce = Get-Ours
            $out | ConvertTo-Json -Compress
        }
        $text = & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -Command "& { $script } '$($env:MAILAUTHPS_MANIFEST)'" 2>&1
        $R = ($text | Where-Object { $_ -is [string] -and $_.StartsWith('{') } | Select-Object -Last 1) | ConvertFrom-Json
        if (-not $R) { throw "The child session printed no result: $($text -join "`n")" }
    }

    It 'adds one accelerator per public type of the core on import' {
        $R.Before | Should -Be 0
        $R.Public | Should -BeGreaterThan 100
        $R.Imported | Should -Be $R.Public
        $R.SameType | Should -BeTrue
    }

    It 'removes them with the module and adds them again on the next import' {
        $R.CmdletGone | Should -BeTrue
        $R.Removed | Should -Be 0
        $R.Reimported | Should -Be $R.Public
        $R.SameTypeAgain | Should -BeTrue
    }

    It 'keeps them while another runspace still has the module, and counts -Force as one import' {
        $R.OtherRunspaceErrors | Should -Be 0
        $R.AfterOtherRunspace | Should -Be $R.Public
        $R.Forced | Should -Be $R.Public
        $R.RemovedAfterForce | Should -Be 0
    }
}
