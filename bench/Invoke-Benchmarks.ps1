#Requires -Version 7.4
<#
.SYNOPSIS
    Runs the benchmarks and the peers side by side on the same inputs, and writes docs/performance.md.
.DESCRIPTION
    Called by `build.ps1 Bench` in a fresh pwsh. Steps:
      1. writes the DKIM corpus (bench/dkim_corpus.py, 1,000 messages, fixed seed) to out/bench/dkim-corpus
         when it is missing, and installs the pinned mailauth peer (npm ci in bench/) when it is missing;
      2. starts Knot DNS on 127.0.0.1 serving bench/workload/bench.test.zone (skipped, and said so in the
         report, when Knot is not installed);
      3. runs bench/MailAuth.Bench (BenchmarkDotNet, Release; job in its Program.cs) with the Knot endpoint
         in MAILAUTH_BENCH_DNS and the corpus in MAILAUTH_BENCH_DKIM_CORPUS;
      4. runs the peers over the same inputs: pyspf (bench/pyspf_bench.py) and mailauth
         (bench/mailauth_bench.js) on the SPF workload, in process and through the same Knot; dkimpy
         (bench/dkim_bench.py) and mailauth on the DKIM corpus; dkimpy also checks a sample of our signatures;
      5. Test-MailDomain over generated domains through Knot (-Check Mx,Spf,Dmarc and the default set),
         and the time Import-Module adds to a fresh pwsh;
      6. writes the machine, versions, method, figures and ratios to -OutFile.
.PARAMETER Root
    The repository root.
.PARAMETER OutFile
    The report; docs/performance.md by default.
.PARAMETER PeerSpfSeconds
    Measured seconds per SPF peer and mode (after 2 s of warm-up).
.PARAMETER PeerDkimSeconds
    Least measured seconds per DKIM peer, key and operation (whole passes over the corpus, after one untimed pass).
.PARAMETER AuditDomains
    Domains in the generated audit inventory.
.PARAMETER KnotQueriesPerSecond
    What Knot answers per second from one core on this machine (dnsperf, from issue 12), to put the audit's
    query rate beside.
.PARAMETER Manifest
    The staged module, for the audit and the import time; build.ps1 Bench passes it.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$Root,
    [string]$OutFile,
    [ValidateRange(1, 120)][int]$PeerSpfSeconds = 8,
    [ValidateRange(1, 60)][int]$PeerDkimSeconds = 5,
    [ValidateRange(100, 100000)][int]$AuditDomains = 10000,
    [int]$KnotQueriesPerSecond = 135000,
    [string]$Manifest
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
if (-not $OutFile) { $OutFile = Join-Path $Root 'docs/performance.md' }
$benchDir = Join-Path $Root 'bench'
$project = Join-Path $benchDir 'MailAuth.Bench/MailAuth.Bench.csproj'
$zonePath = Join-Path $benchDir 'workload/bench.test.zone'
$artifacts = Join-Path $benchDir 'MailAuth.Bench/BenchmarkDotNet.Artifacts'
$python = '/usr/bin/python3'

function Get-FirstLine([string]$FilePath, [string[]]$Arguments) {
    # First line a program prints, or $null when it cannot run.
    # Read everything before taking the first line: stopping the pipe early kills the program.
    try { $out = @(& $FilePath @Arguments 2>&1); if ($LASTEXITCODE -eq 0 -and $out.Count) { "$($out[0])".Trim() } } catch { $null }
}

# --- the machine -------------------------------------------------------------------------
$cpuinfo = Get-Content /proc/cpuinfo
$cpuModel = (($cpuinfo | Where-Object { $_ -match '^model name' } | Select-Object -First 1) -replace '^[^:]*:\s*', '')
$memKb = [long](((Get-Content /proc/meminfo | Where-Object { $_ -match '^MemTotal' }) -replace '\D', ''))
$machine = [ordered]@{
    'Date (UTC)'    = [DateTime]::UtcNow.ToString('yyyy-MM-dd HH:mm')
    'OS'            = (Get-Content /etc/os-release | Where-Object { $_ -match '^PRETTY_NAME=' }) -replace '^PRETTY_NAME="?|"$', ''
    'Kernel'        = Get-FirstLine uname @('-r')
    'CPU'           = "$cpuModel ($(Get-FirstLine nproc @()) logical cores)"
    'Memory'        = '{0:0.0} GiB' -f ($memKb / 1MB)
    '.NET SDK'      = Get-FirstLine dotnet @('--version')
    'Python'        = Get-FirstLine $python @('--version')
    # Other work on the machine skews every figure; say how busy it was when the run began.
    'Load average at start (1/5/15 min)' = ((Get-Content /proc/loadavg) -split ' ')[0..2] -join ' / '
}

$notes = [System.Collections.Generic.List[string]]::new()

# --- inputs shared by every implementation -----------------------------------------------------
$corpusDir = Join-Path $Root 'out/bench/dkim-corpus'
try {
    . (Join-Path $Root 'tools/TestPrerequisites.ps1')
    Install-TestPrerequisite -Package ([ordered]@{ 'python3-dkim' = @('python3:dkim'); 'python3-nacl' = @('python3:nacl'); 'python3-spf' = @('python3:spf'); 'nodejs' = @('node'); 'npm' = @('npm') })
}
catch { Write-Warning "Peer prerequisites: $($_.Exception.Message)" }
& $python -c 'import dkim, nacl' 2>$null
$haveDkimpy = $LASTEXITCODE -eq 0
if (-not (Test-Path (Join-Path $corpusDir 'corpus.json'))) {
    if (-not $haveDkimpy) { throw 'The DKIM corpus is signed by dkimpy: apt-get install python3-dkim python3-nacl.' }
    Write-Host 'DKIM corpus (bench/dkim_corpus.py)' -ForegroundColor Cyan
    & $python (Join-Path $benchDir 'dkim_corpus.py') --out $corpusDir
    if ($LASTEXITCODE -ne 0) { throw "dkim_corpus.py failed with exit code $LASTEXITCODE." }
}
$corpus = Get-Content -Raw (Join-Path $corpusDir 'corpus.json') | ConvertFrom-Json
$env:MAILAUTH_BENCH_DKIM_CORPUS = $corpusDir
$haveMailauth = $false
if (Get-Command node -ErrorAction Ignore) {
    if (-not (Test-Path (Join-Path $benchDir 'node_modules/mailauth'))) {
        Write-Host 'npm ci in bench/ (mailauth, pinned)' -ForegroundColor Cyan
        & npm ci --no-audit --no-fund --loglevel=error --prefix $benchDir
    }
    $haveMailauth = Test-Path (Join-Path $benchDir 'node_modules/mailauth')
    $machine['Node.js'] = Get-FirstLine node @('--version')
}
if (-not $haveMailauth) { $notes.Add('mailauth could not be installed (node and npm, then npm ci in bench/): no mailauth figures.') }

# --- Knot ------------------------------------------------------------------------------------
Import-Module (Join-Path $Root 'tests/MailAuthPS.Tests/TestHelpers/KnotDns.psm1') -Force
$knot = $null
if (Test-KnotDnsAvailable) {
    $knot = Start-KnotDns -Zone @{ 'bench.test' = (Get-Content -Raw $zonePath) }
    $knotd = (Get-Command knotd -CommandType Application -ErrorAction Ignore | Select-Object -First 1).Source
    $machine['Knot DNS'] = Get-FirstLine ($knotd ? $knotd : '/usr/sbin/knotd') @('--version')
}
else {
    $notes.Add('Knot DNS is not installed: the figures through a DNS server are missing (apt-get install knot knot-dnsutils).')
}

try {
    # --- BenchmarkDotNet -------------------------------------------------------------------
    if (Test-Path $artifacts) { Remove-Item -Recurse -Force $artifacts }
    $env:MAILAUTH_BENCH_DNS = if ($knot) { $knot.Endpoint } else { '' }
    Write-Host 'BenchmarkDotNet (Release)' -ForegroundColor Cyan
    & dotnet run -c Release --project $project -- --filter '*' --artifacts $artifacts
    if ($LASTEXITCODE -ne 0) { throw "The BenchmarkDotNet run failed with exit code $LASTEXITCODE." }
    $sampleSize = (& dotnet run -c Release --project $project --no-build -- --sample-size).Trim() -split ' '
    $reportSize = (& dotnet run -c Release --project $project --no-build -- --report-size).Trim() -split ' '

    $report = Get-ChildItem (Join-Path $artifacts 'results') -Filter '*-report-full.json' | Select-Object -First 1
    if (-not $report) { throw "BenchmarkDotNet wrote no JSON report under $artifacts/results." }
    $bdn = Get-Content -Raw $report.FullName | ConvertFrom-Json
    $machine['.NET runtime'] = $bdn.HostEnvironmentInfo.RuntimeVersion
    $machine['BenchmarkDotNet'] = $bdn.HostEnvironmentInfo.BenchmarkDotNetVersion
    $ours = @{}
    foreach ($b in $bdn.Benchmarks) {
        # Parameterised benchmarks are keyed by method and parameters, e.g. 'Verify|Key=rsa2048'.
        $name = if ($b.Parameters) { "$($b.Method)|$($b.Parameters)" } else { $b.Method }
        $ours[$name] = [pscustomobject]@{
            Name     = $name
            MeanNs   = [double]$b.Statistics.Mean
            MedianNs = [double]$b.Statistics.Median
            ErrorNs  = [double]$b.Statistics.ConfidenceInterval.Margin
            Alloc    = if ($b.PSObject.Properties['Memory'] -and $b.Memory) { [long]$b.Memory.BytesAllocatedPerOperation } else { $null }
        }
    }

    # --- SPF peers -------------------------------------------------------------------------
    $py = @{}
    & $python -c 'import spf' 2>$null
    if ($LASTEXITCODE -eq 0) {
        foreach ($mode in @('stub') + @(if ($knot) { 'dns' })) {
            Write-Host "pyspf, $mode ($PeerSpfSeconds s)" -ForegroundColor Cyan
            $arguments = @((Join-Path $benchDir 'pyspf_bench.py'), '--mode', $mode, '--zone', $zonePath, '--seconds', $PeerSpfSeconds)
            if ($mode -eq 'dns') { $arguments += @('--server', $knot.Endpoint) }
            $json = & $python @arguments
            if ($LASTEXITCODE -ne 0) { throw "pyspf_bench.py --mode $mode failed with exit code $LASTEXITCODE." }
            $py[$mode] = ($json -join "`n") | ConvertFrom-Json
            Write-Host ('  {0:N0} evaluations/s' -f $py[$mode].ops_per_sec)
        }
        $machine['pyspf'] = "$($py['stub'].pyspf) (Debian python3-spf; DNS through $(if ($py.ContainsKey('dns')) { $py['dns'].dns_library } else { 'pydns' }))"
    }
    else {
        $notes.Add('pyspf is not installed for /usr/bin/python3: no pyspf figures (apt-get install python3-spf).')
    }
    $ma = @{}
    if ($haveMailauth) {
        foreach ($mode in @('stub') + @(if ($knot) { 'dns' })) {
            Write-Host "mailauth SPF, $mode ($PeerSpfSeconds s)" -ForegroundColor Cyan
            $arguments = @((Join-Path $benchDir 'mailauth_bench.js'), 'spf', '--zone', $zonePath, '--seconds', $PeerSpfSeconds)
            if ($mode -eq 'dns') { $arguments += @('--server', $knot.Endpoint) }
            $json = & node @arguments
            if ($LASTEXITCODE -ne 0) { throw "mailauth_bench.js spf ($mode) failed with exit code $LASTEXITCODE." }
            $ma[$mode] = ($json -join "`n") | ConvertFrom-Json
            Write-Host ('  {0:N0} evaluations/s' -f $ma[$mode].ops_per_sec)
        }
    }

    # --- DKIM peers ------------------------------------------------------------------------
    $dkimpy = $null
    $signCheck = $null
    if ($haveDkimpy) {
        Write-Host "dkimpy on the DKIM corpus (at least $PeerDkimSeconds s per key and operation)" -ForegroundColor Cyan
        $json = & $python (Join-Path $benchDir 'dkim_bench.py') --corpus $corpusDir --seconds $PeerDkimSeconds
        if ($LASTEXITCODE -ne 0) { throw "dkim_bench.py failed with exit code $LASTEXITCODE." }
        $dkimpy = ($json -join "`n") | ConvertFrom-Json
        $machine['dkimpy'] = "$($dkimpy.dkimpy) (Debian python3-dkim, Python $($dkimpy.python))"
        # Our signatures must verify with a peer: a sample of each key, checked by dkimpy.
        $sampleDir = Join-Path $Root 'out/bench/ours-signed'
        if (Test-Path $sampleDir) { Remove-Item -Recurse -Force $sampleDir }
        & dotnet run -c Release --project $project --no-build -- --sign-sample $sampleDir 50 | Out-Null
        $json = & $python (Join-Path $benchDir 'dkim_bench.py') --corpus $corpusDir --check $sampleDir
        $signCheck = ($json -join "`n") | ConvertFrom-Json
        if ($LASTEXITCODE -ne 0) { throw "dkimpy did not verify our signatures: $($json -join ' ')" }
    }
    else {
        $notes.Add('dkimpy is not installed for /usr/bin/python3: no dkimpy figures (apt-get install python3-dkim python3-nacl).')
    }
    $maDkim = $null
    if ($haveMailauth) {
        Write-Host "mailauth on the DKIM corpus (at least $PeerDkimSeconds s per key and operation)" -ForegroundColor Cyan
        $json = & node (Join-Path $benchDir 'mailauth_bench.js') dkim --corpus $corpusDir --seconds $PeerDkimSeconds
        if ($LASTEXITCODE -ne 0) { throw "mailauth_bench.js dkim failed with exit code $LASTEXITCODE." }
        $maDkim = ($json -join "`n") | ConvertFrom-Json
        $machine['mailauth'] = "$($maDkim.mailauth) (npm, pinned in bench/package-lock.json; Node $($maDkim.node))"
    }

    # --- Test-MailDomain at scale ----------------------------------------------------------
    # A generated inventory on its own Knot. Timed straight against Knot; the questions are counted in
    # a second run behind the counting proxy (a Python relay, slower than Knot, so not timed for the target).
    $audits = [System.Collections.Generic.List[object]]::new()
    if ($knot -and $Manifest -and (Test-Path $Manifest)) {
        Import-Module (Join-Path $Root 'tests/MailAuthPS.Tests/TestHelpers/AuditScale.psm1') -Force
        $scaleKnot = Start-KnotDns -Zone @{ 'scale.test' = (New-AuditScaleZone -Count $AuditDomains); 'test' = (New-TestZoneText -Apex 'test') } -StartTimeoutSec 120
        try {
            foreach ($check in 'Mx,Spf,Dmarc', '') {
                $label = if ($check) { $check } else { 'default' }
                Write-Host "Test-MailDomain -Check $label over $AuditDomains domains, straight to Knot" -ForegroundColor Cyan
                $arguments = @('-NoProfile', '-NonInteractive', '-File', (Join-Path $benchDir 'audit_scale.ps1'), '-Manifest', $Manifest, '-Server', $scaleKnot.Endpoint, '-Count', $AuditDomains)
                if ($check) { $arguments += @('-Check', $check) }
                $json = & (Join-Path $PSHOME 'pwsh') @arguments
                if ($LASTEXITCODE -ne 0) { throw "audit_scale.ps1 failed with exit code $LASTEXITCODE." }
                $audit = ($json | Select-Object -Last 1) | ConvertFrom-Json
                Write-Host ('  {0:N1} s' -f $audit.Seconds)
                $proxy = Start-DnsFaultProxy -UpstreamPort $scaleKnot.Port -StatsPath (Join-Path ([IO.Path]::GetTempPath()) ('audit-scale-' + [guid]::NewGuid().ToString('n') + '.json'))
                try {
                    Write-Host "  again behind the counting proxy" -ForegroundColor Cyan
                    $arguments[($arguments.IndexOf('-Server') + 1)] = $proxy.Endpoint
                    $json = & (Join-Path $PSHOME 'pwsh') @arguments
                    if ($LASTEXITCODE -ne 0) { throw "audit_scale.ps1 (counted) failed with exit code $LASTEXITCODE." }
                    $counted = ($json | Select-Object -Last 1) | ConvertFrom-Json
                }
                finally {
                    $counts = Stop-DnsFaultProxy $proxy
                }
                $audit | Add-Member Questions ([long](($counts.Values | Measure-Object -Sum).Sum))
                $audit | Add-Member DistinctQuestions $counts.Count
                $audit | Add-Member IncludeQuestions ([int]($counts['_spf.provider.scale.test 16'] ?? 0))
                $audit | Add-Member CountedSeconds $counted.Seconds
                $audits.Add($audit)
            }
        }
        finally { Stop-KnotDns $scaleKnot }
    }
    else {
        $notes.Add('The audit at scale needs Knot DNS and the staged module (build.ps1 Bench passes -Manifest).')
    }
}
finally {
    Stop-KnotDns $knot
    Remove-Item Env:MAILAUTH_BENCH_DNS -ErrorAction Ignore
}

# --- Import-Module time ----------------------------------------------------------------------------
# Median of fresh pwsh processes, importing the staged module or not; the difference is what the import adds.
# Two starts: "cold" runs nothing first, so the import pays for every engine path it is the first to use
# (module loading, the format table build its FormatsToProcess causes); "interactive" formats one object
# first, as an interactive shell does when it draws its first prompt. The runs alternate with and without
# the import, so a change in machine load moves both sides.
$importTime = $null
if ($Manifest -and (Test-Path $Manifest)) {
    $importRuns = 21
    Write-Host "Import-Module time (fresh pwsh, $importRuns runs each)" -ForegroundColor Cyan
    $pwshExe = Join-Path $PSHOME 'pwsh'
    function Measure-Fresh([string[]]$Commands) {
        $times = @{}
        foreach ($c in $Commands) { $times[$c] = [System.Collections.Generic.List[double]]::new() }
        foreach ($i in 1..$importRuns) {
            foreach ($c in $Commands) {
                $sw = [System.Diagnostics.Stopwatch]::StartNew()
                & $pwshExe -NoProfile -NonInteractive -Command $c | Out-Null
                $times[$c].Add($sw.Elapsed.TotalMilliseconds)
            }
        }
        foreach ($c in $Commands) { $sorted = @($times[$c] | Sort-Object); $sorted[[int][math]::Floor($sorted.Count / 2)] }
    }
    $warmUp = '$null = Get-Date | Out-String; '
    $bareMs, $importMs = Measure-Fresh 'exit', "Import-Module '$Manifest'; exit"
    $bareWarmMs, $importWarmMs = Measure-Fresh ($warmUp + 'exit'), ($warmUp + "Import-Module '$Manifest'; exit")
    $importTime = [pscustomobject]@{
        Runs = $importRuns
        BareMs = $bareMs; ImportMs = $importMs; AddedMs = $importMs - $bareMs
        BareWarmMs = $bareWarmMs; ImportWarmMs = $importWarmMs; AddedWarmMs = $importWarmMs - $bareWarmMs
    }
    Write-Host ('  cold: pwsh alone {0:N0} ms, with Import-Module {1:N0} ms: +{2:N0} ms' -f $bareMs, $importMs, $importTime.AddedMs)
    Write-Host ('  interactive: pwsh alone {0:N0} ms, with Import-Module {1:N0} ms: +{2:N0} ms' -f $bareWarmMs, $importWarmMs, $importTime.AddedWarmMs)
}

$machine['Load average at end (1/5/15 min)'] = ((Get-Content /proc/loadavg) -split ' ')[0..2] -join ' / '

# --- the report --------------------------------------------------------------------------------
function Format-Rate([double]$MeanNs, [double]$PerOp = 1) { if ($MeanNs -gt 0) { '{0:N0}' -f ($PerOp * 1e9 / $MeanNs) } else { '-' } }
function Format-Time([double]$Ns) {
    if ($Ns -ge 1e6) { '{0:N2} ms' -f ($Ns / 1e6) } elseif ($Ns -ge 1e3) { '{0:N1} µs' -f ($Ns / 1e3) } else { '{0:N0} ns' -f $Ns }
}
function Get-Ours([string]$Name) { if ($ours.ContainsKey($Name)) { $ours[$Name] } else { $null } }
function Get-Rate($B, [double]$PerOp = 1) { if ($B -and $B.MeanNs -gt 0) { $PerOp * 1e9 / $B.MeanNs } else { $null } }
function Format-Ratio($Ours, $Peer) { if ($Ours -and $Peer) { '{0:N1}x' -f ($Ours / $Peer) } else { '-' } }
function Format-N($Value) { if ($null -ne $Value) { '{0:N0}' -f $Value } else { '-' } }
# The fastest of the peers that ran: (name, rate).
function Get-Fastest([hashtable]$Peers) {
    $best = $Peers.GetEnumerator() | Where-Object { $_.Value } | Sort-Object { [double]$_.Value } -Descending | Select-Object -First 1
    if ($best) { [pscustomobject]@{ Name = $best.Key; Rate = [double]$best.Value } } else { $null }
}

$corpusCount = [int]$corpus.count
$targets = [System.Collections.Generic.List[object]]::new()
function Add-Target($What, $Ours, $Fastest, [double]$Need, $Unit) {
    $ratio = if ($Ours -and $Fastest) { $Ours / $Fastest.Rate } else { $null }
    $targets.Add([pscustomobject]@{
            What = $What; Ours = $Ours; Peer = $Fastest; Ratio = $ratio; Need = $Need; Unit = $Unit
            Met = if ($null -ne $ratio) { if ($ratio -ge $Need) { 'met' } else { '**not met**' } } else { 'not measured' }
        })
}

# DKIM rows: per operation and key, ours and each peer in messages/s.
$dkimRows = foreach ($op in 'verify', 'sign') {
    foreach ($key in 'rsa2048', 'ed25519') {
        $b = Get-Ours "$(if ($op -eq 'verify') { 'Verify' } else { 'Sign' })|Key=$key"
        $mk = if ($op -eq 'verify') { Get-Ours "MimeKitVerify|Key=$key" } else { $null }
        [pscustomobject]@{
            Op       = $op
            Key      = $key
            KeyName  = if ($key -eq 'rsa2048') { 'RSA-2048' } else { 'Ed25519' }
            Ours     = Get-Rate $b $corpusCount
            OursB    = $b
            MimeKit  = Get-Rate $mk $corpusCount
            Mailauth = if ($maDkim) { $maDkim.results."$op|$key".ops_per_sec } else { $null }
            Dkimpy   = if ($dkimpy) { $dkimpy.results."$op|$key".ops_per_sec } else { $null }
        }
    }
}
foreach ($r in $dkimRows) {
    $fastest = Get-Fastest @{ "mailauth" = $r.Mailauth; "dkimpy" = $r.Dkimpy }
    $r | Add-Member Fastest $fastest
    Add-Target "DKIM $($r.Op) $($r.KeyName), corpus" $r.Ours $fastest ($r.Op -eq 'verify' ? 2 : 1.5) 'messages/s'
}

$inMemory = Get-Ours 'EvaluateInMemory'
$warm = Get-Ours 'EvaluateKnotWarmCache'
$noCache = Get-Ours 'EvaluateKnotNoCache'
$spfStubFastest = Get-Fastest @{ 'mailauth' = $ma['stub']?.ops_per_sec; 'pyspf' = $py['stub']?.ops_per_sec }
$spfDnsFastest = Get-Fastest @{ 'mailauth' = $ma['dns']?.ops_per_sec; 'pyspf' = $py['dns']?.ops_per_sec }
Add-Target 'SPF, in memory vs peers with an in-process stub' (Get-Rate $inMemory) $spfStubFastest 20 'evaluations/s'
Add-Target 'SPF, Knot with the shared cache warm vs peers through Knot' (Get-Rate $warm) $spfDnsFastest 10 'evaluations/s'

$import = Get-Ours 'ImportAggregateReport'
$bare = Get-Ours 'BareXmlReaderPass'
if ($import -and $bare -and $reportSize.Count -eq 2) {
    $mb = [long]$reportSize[0] / 1e6
    Add-Target 'DMARC aggregate import vs a bare XmlReader pass' (Get-Rate $import $mb) ([pscustomobject]@{ Name = 'bare XmlReader'; Rate = (Get-Rate $bare $mb) }) 0.5 'MB/s'
}

$lines = [System.Collections.Generic.List[string]]::new()
$lines.Add('# Performance')
$lines.Add('')
$lines.Add('Generated by `dotnet pwsh ./build.ps1 Bench` (bench/Invoke-Benchmarks.ps1); rerun it to refresh. Every figure comes from')
$lines.Add('one run on the machine below, ours and the peers'' one after the other over the same inputs, single-threaded: compare')
$lines.Add('ratios within this page, not figures with another machine''s.')
$lines.Add('')
$lines.Add('## Machine')
$lines.Add('')
$lines.Add('| | |')
$lines.Add('| --- | --- |')
foreach ($k in $machine.Keys) { $lines.Add("| $k | $($machine[$k]) |") }
$lines.Add('')
$lines.Add('A load average above the number of cores means other work (builds, tests) shared the CPU during the run;')
$lines.Add('its figures are then lower and noisier than on a quiet machine, for every implementation alike.')
$lines.Add('')
$lines.Add('## Targets (issue 12)')
$lines.Add('')
$lines.Add('| target | ours | fastest peer | ratio | needed | |')
$lines.Add('| --- | ---: | ---: | ---: | ---: | --- |')
foreach ($t in $targets) {
    $peer = if ($t.Peer) { '{0} {1:N0}' -f $t.Peer.Name, $t.Peer.Rate } else { '-' }
    $ratio = if ($null -ne $t.Ratio) { if ($t.Need -lt 1) { '{0:N0}%' -f (100 * $t.Ratio) } else { '{0:N1}x' -f $t.Ratio } } else { '-' }
    $need = if ($t.Need -lt 1) { '{0:N0}%' -f (100 * $t.Need) } else { '{0:N1}x' -f $t.Need }
    $lines.Add("| $($t.What) | $(Format-N $t.Ours) $($t.Unit) | $peer | $ratio | $need | $($t.Met) |")
}
$mxAudit = $audits | Where-Object Check -EQ 'Mx,Spf,Dmarc' | Select-Object -First 1
if ($mxAudit) {
    $ok = $mxAudit.Seconds -lt 10 -and $mxAudit.PeakWorkingSetMiB -lt 500
    $lines.Add(('| Test-MailDomain -Check Mx,Spf,Dmarc, {0:N0} domains through Knot | {1:N1} s, {2:N0} domains/s, {3:N0} MiB peak | - | - | < 10 s, < 500 MiB | {4} |' -f $AuditDomains, $mxAudit.Seconds, ($mxAudit.Reports / $mxAudit.Seconds), $mxAudit.PeakWorkingSetMiB, ($ok ? 'met' : '**not met**')))
}
if ($importTime) {
    $importMet = $importTime.AddedMs -lt 300 -and $importTime.AddedWarmMs -lt 300
    $lines.Add(('| `Import-Module MailAuthPS` added to a fresh pwsh start, cold (interactive) | +{0:N0} ms (+{1:N0} ms) | - | - | < 300 ms, both | {2} |' -f $importTime.AddedMs, $importTime.AddedWarmMs, ($importMet ? 'met' : '**not met**')))
}
$lines.Add('')
$lines.Add('Ratios are ours divided by the fastest peer measured in this run (the DMARC row: import speed over the bare reader''s).')

# --- DKIM
$lines.Add('')
$lines.Add('## DKIM: verifying and signing a corpus')
$lines.Add('')
$lines.Add('### Corpus')
$lines.Add('')
$rsaBytes = $corpus.bytes.rsa2048
$lines.Add(("``bench/dkim_corpus.py --out out/bench/dkim-corpus`` (seed {0}): {1:N0} messages, {2:N0} to {3:N0} bytes, median {4:N0}, {5:N1} MB in all" -f $corpus.seed, $corpusCount, $rsaBytes.min, $rsaBytes.max, $rsaBytes.median, ($rsaBytes.total / 1e6)))
$lines.Add('(RSA-signed copies; sizes log-normal around 15 KB). Half are plain text, half multipart (text and HTML alternatives, or text')
$lines.Add('with a base64 attachment); bodies carry whitespace runs, tabs and trailing spaces. Each message exists unsigned')
$lines.Add('(`plain/`, what every signer signs), signed with RSA-2048 (`rsa-sha256`) and with Ed25519 (`ed25519-sha256`) by dkimpy,')
$lines.Add('`c=relaxed/relaxed`, seven fields, `d=bench.test`, with dkimpy''s published test keys. Key records are answered from memory')
$lines.Add('for every implementation. Before timing, every implementation verifies every message as pass and signs every message')
$lines.Add('with a signature it then verifies itself.')
if ($signCheck) {
    $lines.Add(("Spot check of our signer: dkimpy verified {0} of our signatures ({1} per key), {2} failed." -f $signCheck.checked, ($signCheck.checked / 2), @($signCheck.failed).Count))
}
$lines.Add('')
$lines.Add('### Method')
$lines.Add('')
$lines.Add('- **Ours**: `bench/MailAuth.Bench/DkimCorpusBenchmarks.cs`, BenchmarkDotNet, Release, 2 warm-up and 8 measured iterations;')
$lines.Add("  one operation verifies (``DkimVerifier.VerifyAsync`` over an ``InMemoryDnsResolver``) or signs (``DkimSigner.Sign``) all $corpusCount")
$lines.Add('  messages, so messages/s is messages / mean. The verifier caches parsed keys by record text, as a long-running process sees them.')
$lines.Add('- **MimeKit** (verify only): its own `DkimVerifier` in the same class and job, `MimeMessage.Load` of each message included,')
$lines.Add('  with a key locator that parses each record once (MimeKit as it comes re-parses the key: about 14 ms per RSA message).')
$lines.Add('- **mailauth** (`bench/mailauth_bench.js`, Node) and **dkimpy** (`bench/dkim_bench.py`, Debian''s Python): the messages in')
$lines.Add("  memory, one untimed pass, then whole passes until at least $PeerDkimSeconds s have gone by; ``dkimVerify``/``dkimSign`` and")
$lines.Add('  `dkim.verify`/`dkim.sign`, each as its documentation shows, with the resolver or `dnsfunc` answering from a dictionary.')
$lines.Add('')
$lines.Add('### Results (messages per second)')
$lines.Add('')
$lines.Add('| operation | key | ours | ours: mean per corpus | ours: allocated per message | mailauth | dkimpy | MimeKit (cached key) | ours / fastest peer | needed |')
$lines.Add('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
foreach ($r in $dkimRows) {
    $mean = if ($r.OursB) { "$(Format-Time $r.OursB.MeanNs) ± $(Format-Time $r.OursB.ErrorNs)" } else { '-' }
    $alloc = if ($r.OursB -and $null -ne $r.OursB.Alloc) { '{0:N0} B' -f ($r.OursB.Alloc / $corpusCount) } else { '-' }
    $ratio = if ($r.Fastest) { "$(Format-Ratio $r.Ours $r.Fastest.Rate) ($($r.Fastest.Name))" } else { '-' }
    $lines.Add("| $($r.Op) | $($r.KeyName) | $(Format-N $r.Ours) | $mean | $alloc | $(Format-N $r.Mailauth) | $(Format-N $r.Dkimpy) | $(Format-N $r.MimeKit) | $ratio | $($r.Op -eq 'verify' ? '2x' : '1.5x') |")
}

# --- SPF
$lines.Add('')
$lines.Add('## SPF evaluation')
$lines.Add('')
$lines.Add('### Workload')
$lines.Add('')
$lines.Add('`check_host()` (RFC 7208) of client `203.0.113.77`, MAIL FROM `user@example.bench.test`, over `bench/workload/bench.test.zone`:')
$lines.Add('the domain includes three providers, each with `ip4`, `ip6`, `a` and `mx` (two hosts) terms; the client matches nothing, so')
$lines.Add('the whole tree is evaluated and the result is `fail`: 16 DNS questions, 9 counted lookups. Every implementation checks')
$lines.Add('that result before it is timed.')
$lines.Add('')
$lines.Add('### Method')
$lines.Add('')
$lines.Add('- **Ours**: `bench/MailAuth.Bench`, BenchmarkDotNet, Release, 5 warm-up and 15 measured iterations of about 0.5 s,')
$lines.Add('  `MemoryDiagnoser`; one operation awaits one `SpfEvaluator.EvaluateAsync`. *In memory*: `InMemoryDnsResolver` loaded')
$lines.Add('  from the zone. *Knot, warm cache*: `CachingDnsResolver` over `NetworkDnsResolver` to Knot on 127.0.0.1, warmed by one')
$lines.Add('  evaluation (TTLs of 3600 s outlive the run): what a pipeline of many domains sees. *Knot, no cache*: every question to Knot.')
$lines.Add("- **mailauth** (``bench/mailauth_bench.js``, ``spf()``) and **pyspf** (``bench/pyspf_bench.py``, ``spf.query(...).check()``): 2 s warm-up,")
$lines.Add("  then $PeerSpfSeconds s, one evaluation at a time. *In-process stub*: DNS answered from a dictionary built from the same zone file.")
$lines.Add('  *Knot*: each one''s own DNS client (Node''s resolver; dnspython) to the same Knot; neither keeps answers between evaluations.')
$lines.Add('  mailauth asks A and AAAA together for `a` and `mx` hosts, so it sends more questions than the 16 the others ask.')
$lines.Add('')
$lines.Add('| implementation | DNS answers from | evaluations/s | mean | median | allocated/op | DNS questions/evaluation |')
$lines.Add('| --- | --- | ---: | ---: | ---: | ---: | ---: |')
function Add-OursRow($Source, $B, $Questions) {
    if (-not $B) { return }
    $alloc = if ($null -ne $B.Alloc) { '{0:N0} B' -f $B.Alloc } else { '-' }
    $lines.Add("| MailAuth (ours) | $Source | $(Format-Rate $B.MeanNs) | $(Format-Time $B.MeanNs) ± $(Format-Time $B.ErrorNs) | $(Format-Time $B.MedianNs) | $alloc | $Questions |")
}
function Add-PeerRow($Name, $Source, $P) {
    if (-not $P) { return }
    $lines.Add(("| {0} | {1} | {2:N0} | {3} | {4} | - | {5} |" -f $Name, $Source, $P.ops_per_sec, (Format-Time ($P.mean_us * 1000)), (Format-Time ($P.median_us * 1000)), $P.queries_per_evaluation))
}
Add-OursRow 'in memory (`InMemoryDnsResolver`)' $inMemory '16 (in memory)'
Add-PeerRow "mailauth $($ma['stub']?.mailauth)" 'in-process stub' $ma['stub']
Add-PeerRow "pyspf $($py['stub']?.pyspf)" 'in-process stub' $py['stub']
Add-OursRow 'Knot on 127.0.0.1, warm `CachingDnsResolver`' $warm '0 to Knot (16 from cache)'
Add-OursRow 'Knot on 127.0.0.1, no cache' $noCache '16 to Knot'
Add-PeerRow "mailauth $($ma['dns']?.mailauth)" 'Knot on 127.0.0.1' $ma['dns']
Add-PeerRow "pyspf $($py['dns']?.pyspf)" 'Knot on 127.0.0.1' $py['dns']
$lines.Add('')
$lines.Add('| comparison | ours / mailauth | ours / pyspf | needed (fastest peer) |')
$lines.Add('| --- | ---: | ---: | ---: |')
$lines.Add("| in memory vs in-process stub | $(Format-Ratio (Get-Rate $inMemory) $ma['stub']?.ops_per_sec) | $(Format-Ratio (Get-Rate $inMemory) $py['stub']?.ops_per_sec) | 20x |")
$lines.Add("| Knot, warm shared cache vs the peer through Knot | $(Format-Ratio (Get-Rate $warm) $ma['dns']?.ops_per_sec) | $(Format-Ratio (Get-Rate $warm) $py['dns']?.ops_per_sec) | 10x |")
$lines.Add("| Knot, no cache vs the peer through Knot (like for like) | $(Format-Ratio (Get-Rate $noCache) $ma['dns']?.ops_per_sec) | $(Format-Ratio (Get-Rate $noCache) $py['dns']?.ops_per_sec) | - |")

# --- Parsers
$lines.Add('')
$lines.Add('## Parsers')
$lines.Add('')
$lines.Add('| operation | operations/s | mean | median | allocated/op |')
$lines.Add('| --- | ---: | ---: | ---: | ---: |')
foreach ($pair in @(@('ParseSpfRecord', '`SpfParser.Parse` of the workload''s top record'),
        @('ParseSampleZones', "``ZoneFileParser.Parse`` of all of ``samples/zones`` ($($sampleSize[0]) files, $($sampleSize[1]) records, $('{0:N0}' -f [long]$sampleSize[2]) characters)"))) {
    $b = Get-Ours $pair[0]
    if (-not $b) { continue }
    $alloc = if ($null -ne $b.Alloc) { '{0:N0} B' -f $b.Alloc } else { '-' }
    $lines.Add("| $($pair[1]) | $(Format-Rate $b.MeanNs) | $(Format-Time $b.MeanNs) ± $(Format-Time $b.ErrorNs) | $(Format-Time $b.MedianNs) | $alloc |")
}
$zones = Get-Ours 'ParseSampleZones'
if ($zones -and $sampleSize.Count -eq 3) {
    $lines.Add('')
    $lines.Add(('Zone parsing throughput: {0:N0} records/s, {1:N1} million characters/s of master-file text.' -f ([int]$sampleSize[1] * 1e9 / $zones.MeanNs), ([long]$sampleSize[2] * 1e9 / $zones.MeanNs / 1e6)))
}

# --- Whole checks over the samples
if ((Get-Ours 'ValidateArcChain') -or (Get-Ours 'AuditOneDomainWarm')) {
    $lines.Add('')
    $lines.Add('## ARC validation and one audited domain (warm cache)')
    $lines.Add('')
    $lines.Add('`bench/MailAuth.Bench/PipelineBenchmarks.cs`, the same job as above, answers from `samples/zones` through a')
    $lines.Add('`CachingDnsResolver` that the setup has warmed (each is checked first: the chain passes, the audit ran its areas).')
    $lines.Add('No peer in this run validates ARC over the same resolver or audits a domain, so these have no ratio.')
    $lines.Add('')
    $lines.Add('| operation | operations/s | mean | median | allocated/op |')
    $lines.Add('| --- | ---: | ---: | ---: | ---: |')
    foreach ($pair in @(@('ValidateArcChain', '`ArcValidator.ValidateAsync` of `samples/messages/northwind-list-arc.eml` (one ARC set, RSA-2048, plus a failing DKIM signature)'),
            @('AuditOneDomainWarm', '`MailDomainAuditor.AuditAsync` of `northwind-traders.example`, default checks (MX, SPF, DMARC, DKIM selector probe, MTA-STS record, TLS-RPT, BIMI), offline'))) {
        $b = Get-Ours $pair[0]
        if (-not $b) { continue }
        $alloc = if ($null -ne $b.Alloc) { '{0:N0} B' -f $b.Alloc } else { '-' }
        $lines.Add("| $($pair[1]) | $(Format-Rate $b.MeanNs) | $(Format-Time $b.MeanNs) ± $(Format-Time $b.ErrorNs) | $(Format-Time $b.MedianNs) | $alloc |")
    }
}

# --- DMARC report import
if ($import -and $bare -and $reportSize.Count -eq 2) {
    $bytes = [long]$reportSize[0]
    function Format-MBps([double]$MeanNs) { '{0:N1}' -f ($bytes / 1e6 / ($MeanNs / 1e9)) }
    $lines.Add('')
    $lines.Add('## DMARC aggregate report import')
    $lines.Add('')
    $lines.Add(('One operation reads a generated aggregate report of {0:N0} bytes ({1:N0} records, indented like a large' -f $bytes, [long]$reportSize[1]))
    $lines.Add('receiver''s, one source IP per record) from memory (`bench/MailAuth.Bench/ReportImportBenchmarks.cs`). *Import* is')
    $lines.Add('`DmarcReportReader.ReadAggregate`: decoding, the safe XmlReader (no DTD, no resolver), and the typed report with every')
    $lines.Add('record. *Bare XmlReader* reads the same bytes with the same settings and touches every text node, building')
    $lines.Add('nothing: the floor any XML-based import stands on. Same BenchmarkDotNet job as the SPF figures. MB/s is 10^6 bytes of')
    $lines.Add('XML per second. Memory stays flat in report size: `ReportMemoryTests` (xunit) samples live memory while a 100 MB report is read.')
    $lines.Add('')
    $lines.Add('| operation | MB/s of XML | mean | median | allocated/op |')
    $lines.Add('| --- | ---: | ---: | ---: | ---: |')
    foreach ($pair in @(@($import, 'Import (`DmarcReportReader.ReadAggregate`)'), @($bare, 'Bare `XmlReader` pass, same bytes'))) {
        $b = $pair[0]
        $alloc = if ($null -ne $b.Alloc) { '{0:N0} B' -f $b.Alloc } else { '-' }
        $lines.Add("| $($pair[1]) | $(Format-MBps $b.MeanNs) | $(Format-Time $b.MeanNs) ± $(Format-Time $b.ErrorNs) | $(Format-Time $b.MedianNs) | $alloc |")
    }
    $lines.Add('')
    $lines.Add(('Import runs at {0:N0}% of the bare reader''s speed (needed: 50%).' -f (100 * $bare.MeanNs / $import.MeanNs)))
}

# --- Audit
if ($audits.Count) {
    $lines.Add('')
    $lines.Add('## Test-MailDomain at scale')
    $lines.Add('')
    $lines.Add("$('{0:N0}' -f $AuditDomains) generated domains (``tests/MailAuthPS.Tests/TestHelpers/AuditScale.psm1``: a shared provider for MX and the SPF")
    $lines.Add('include, varied SPF, DMARC and DKIM records) served by Knot on 127.0.0.1; one `Test-MailDomain` pipeline in a fresh pwsh,')
    $lines.Add("one shared resolver and cache, -ThrottleLimit $($audits[0].ThrottleLimit). Timed straight against Knot; the questions are counted")
    $lines.Add('in a second run behind `dns_fault_proxy.py` (a Python relay, slower than Knot, so its time is shown apart). Knot answers')
    $lines.Add(("about {0:N0} queries/s from one core on this machine (dnsperf, issue 12): the last column is the audit's query rate over that." -f $KnotQueriesPerSecond))
    $lines.Add('')
    $lines.Add('| checks | domains | wall time | domains/s | peak working set | DNS questions | per domain | query rate | of Knot''s capacity | wall time behind the counting proxy |')
    $lines.Add('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
    foreach ($a in $audits) {
        $rate = $a.Questions / [math]::Max($a.Seconds, 0.001)
        $lines.Add(('| {0} | {1:N0} | {2:N1} s | {3:N0} | {4:N0} MiB | {5:N0} | {6:N1} | {7:N0}/s | {8:N1}% | {9:N1} s |' -f $a.Check, $a.Reports, $a.Seconds, ($a.Reports / [math]::Max($a.Seconds, 0.001)), $a.PeakWorkingSetMiB, $a.Questions, ($a.Questions / [math]::Max($a.Reports, 1)), $rate, (100 * $rate / $KnotQueriesPerSecond), $a.CountedSeconds))
    }
    $lines.Add('')
    $lines.Add('The shared SPF include is asked ' + (($audits | ForEach-Object { "$($_.IncludeQuestions) time(s) ($($_.Check))" }) -join ', ') + '. In the default set most questions')
    $lines.Add('are the DKIM probe (the common selectors and a wildcard check per domain, since selectors cannot be listed).')
    $lines.Add('Statuses: ' + (($audits | ForEach-Object { "$($_.Check): " + (($_.Statuses.PSObject.Properties | ForEach-Object { "$($_.Name) $($_.Value)" }) -join ', ') }) -join '; ') + '.')
}

# --- Import time
if ($importTime) {
    $lines.Add('')
    $lines.Add('## Import-Module time')
    $lines.Add('')
    $lines.Add(('Median of {0} fresh `pwsh -NoProfile -NonInteractive -Command` processes each, alternating with and without' -f $importTime.Runs))
    $lines.Add('`Import-Module <staged manifest>`. *Cold* runs nothing else, so the import pays for every engine path it is')
    $lines.Add('the first to use: module loading, and the build of the whole format table (built-in views included) that')
    $lines.Add('our `FormatsToProcess` causes. *Interactive* formats one object first (`$null = Get-Date | Out-String`),')
    $lines.Add('as an interactive shell does when it draws its first prompt. The target holds only if both are under 300 ms.')
    $lines.Add('The manifest''s root is the cmdlet assembly, with a small nested binary module (`MailAuthPS.Bootstrap.dll`)')
    $lines.Add('that sets up the load context first: no script module, whose first run costs the engine over 100 ms more.')
    $lines.Add('')
    $lines.Add('| start | pwsh alone | with Import-Module | added by the import | needed |')
    $lines.Add('| --- | ---: | ---: | ---: | ---: |')
    $lines.Add(('| cold | {0:N0} ms | {1:N0} ms | {2:N0} ms | < 300 ms |' -f $importTime.BareMs, $importTime.ImportMs, $importTime.AddedMs))
    $lines.Add(('| interactive | {0:N0} ms | {1:N0} ms | {2:N0} ms | < 300 ms |' -f $importTime.BareWarmMs, $importTime.ImportWarmMs, $importTime.AddedWarmMs))
}

# --- Reproduce
$lines.Add('')
$lines.Add('## Reproducing one figure')
$lines.Add('')
$lines.Add('| figure | command (from the repository root, after `dotnet pwsh ./build.ps1 Build`) |')
$lines.Add('| --- | --- |')
$lines.Add('| everything on this page | `dotnet pwsh ./build.ps1 Bench` |')
$lines.Add('| the DKIM corpus | `/usr/bin/python3 bench/dkim_corpus.py --out out/bench/dkim-corpus` |')
$lines.Add('| ours: DKIM, SPF in memory, parsers, DMARC import | `dotnet run -c Release --project bench/MailAuth.Bench -- --filter ''*DkimCorpus*''` (or `*SpfEvaluation*`, `*Parser*`, `*ReportImport*`) |')
$lines.Add('| ours: SPF through Knot | the same with `MAILAUTH_BENCH_DNS=127.0.0.1:PORT` of a Knot serving `bench/workload/bench.test.zone`, `--filter ''*Knot*''` |')
$lines.Add('| mailauth | `npm ci --prefix bench; node bench/mailauth_bench.js dkim --corpus out/bench/dkim-corpus`; `node bench/mailauth_bench.js spf --zone bench/workload/bench.test.zone [--server 127.0.0.1:PORT]` |')
$lines.Add('| dkimpy | `/usr/bin/python3 bench/dkim_bench.py --corpus out/bench/dkim-corpus` |')
$lines.Add('| pyspf | `/usr/bin/python3 bench/pyspf_bench.py --mode stub --zone bench/workload/bench.test.zone` (or `--mode dns --server 127.0.0.1:PORT`) |')
$lines.Add('| the audit | `pwsh bench/audit_scale.ps1 -Manifest out/MailAuthPS/<version>/MailAuthPS.psd1 -Server 127.0.0.1:PORT -Count 10000 -Check Mx,Spf,Dmarc` against a Knot serving `New-AuditScaleZone` |')

if ($notes.Count) {
    $lines.Add('')
    $lines.Add('## Missing from this run')
    $lines.Add('')
    foreach ($n in $notes) { $lines.Add("- $n") }
}
$lines.Add('')
$lines.Add('The raw BenchmarkDotNet reports of the last run are in `bench/MailAuth.Bench/BenchmarkDotNet.Artifacts/` (not committed).')

New-Item -ItemType Directory -Force (Split-Path $OutFile) | Out-Null
Set-Content -Path $OutFile -Value ($lines -join "`n") -Encoding utf8NoBOM
Write-Host "Wrote $OutFile" -ForegroundColor Green
Get-Content $OutFile | Out-Host
