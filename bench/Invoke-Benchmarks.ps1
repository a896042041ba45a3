#Requires -Version 7.4
<#
.SYNOPSIS
    Runs the benchmarks and pyspf side by side on one workload, and writes docs/performance.md.
.DESCRIPTION
    Called by `build.ps1 Bench` in a fresh pwsh. Steps:
      1. starts Knot DNS on 127.0.0.1 serving bench/workload/bench.test.zone (skipped, and said
         so in the report, when Knot is not installed);
      2. runs bench/MailAuth.Bench (BenchmarkDotNet, Release; job in its Program.cs) with the Knot
         endpoint in MAILAUTH_BENCH_DNS;
      3. runs bench/pyspf_bench.py with Debian's /usr/bin/python3: an in-process DNS stub, then
         through the same Knot (skipped, and said so, without python3-spf); then
         bench/dkim_bench.py (dkimpy) over the DKIM corpus in bench/workload/dkim;
      4. writes the machine, versions, method, figures and ratios to -OutFile.
.PARAMETER Root
    The repository root.
.PARAMETER OutFile
    The report; docs/performance.md by default.
.PARAMETER PySpfSeconds
    Measured seconds per pyspf mode (after 2 s of warm-up).
.PARAMETER DkimpySeconds
    Measured seconds per DKIM corpus message for dkimpy (after 1 s of warm-up).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$Root,
    [string]$OutFile,
    [ValidateRange(1, 120)][int]$PySpfSeconds = 10,
    [ValidateRange(1, 60)][int]$DkimpySeconds = 4,
    [ValidateRange(100, 100000)][int]$AuditDomains = 10000,
    # The staged module for the audit at scale; build.ps1 Bench passes it.
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

# --- Knot ------------------------------------------------------------------------------------
Import-Module (Join-Path $Root 'tests/MailAuthPS.Tests/TestHelpers/KnotDns.psm1') -Force
$knot = $null
$notes = [System.Collections.Generic.List[string]]::new()
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
    $dkim = @{}
    foreach ($b in $bdn.Benchmarks) {
        if ($b.Type -like 'Dkim*') {
            # Parameterised (Key, Size): keyed by method and parameters, e.g. 'Ours|Key=rsa2048&Size=2k'.
            $dkim["$($b.Method)|$($b.Parameters)"] = [pscustomobject]@{
                MeanNs   = [double]$b.Statistics.Mean
                MedianNs = [double]$b.Statistics.Median
                ErrorNs  = [double]$b.Statistics.ConfidenceInterval.Margin
                Alloc    = if ($b.PSObject.Properties['Memory'] -and $b.Memory) { [long]$b.Memory.BytesAllocatedPerOperation } else { $null }
            }
            continue
        }
        $ours[$b.Method] = [pscustomobject]@{
            Name     = $b.Method
            MeanNs   = [double]$b.Statistics.Mean
            MedianNs = [double]$b.Statistics.Median
            ErrorNs  = [double]$b.Statistics.ConfidenceInterval.Margin
            Alloc    = if ($b.PSObject.Properties['Memory'] -and $b.Memory) { [long]$b.Memory.BytesAllocatedPerOperation } else { $null }
        }
    }

    # --- pyspf -----------------------------------------------------------------------------
    $py = @{}
    & $python -c 'import spf' 2>$null
    if ($LASTEXITCODE -eq 0) {
        $script = Join-Path $benchDir 'pyspf_bench.py'
        $modes = @('stub') + @(if ($knot) { 'dns' })
        foreach ($mode in $modes) {
            Write-Host "pyspf, $mode ($PySpfSeconds s)" -ForegroundColor Cyan
            $arguments = @($script, '--mode', $mode, '--zone', $zonePath, '--seconds', $PySpfSeconds)
            if ($mode -eq 'dns') { $arguments += @('--server', $knot.Endpoint) }
            $json = & $python @arguments
            if ($LASTEXITCODE -ne 0) { throw "pyspf_bench.py --mode $mode failed with exit code $LASTEXITCODE." }
            $py[$mode] = ($json -join "`n") | ConvertFrom-Json
            Write-Host ('  {0:N0} evaluations/s' -f $py[$mode].ops_per_sec)
        }
        $machine['pyspf'] = "$($py['stub'].pyspf) (Debian python3-spf; DNS through $(if ($py.ContainsKey('dns')) { $py['dns'].dns_library } else { 'pydns' }))"
    }
    else {
        $notes.Add('pyspf is not installed for /usr/bin/python3: no comparison figures (apt-get install python3-spf).')
    }

    # --- dkimpy ----------------------------------------------------------------------------
    # Debian's python3-dkim, with python3-nacl for Ed25519; installed here like the tests' prerequisites
    # when the run may (root on Debian), otherwise reported as missing.
    $dkimpy = $null
    try {
        . (Join-Path $Root 'tools/TestPrerequisites.ps1')
        Install-TestPrerequisite -Package ([ordered]@{ 'python3-dkim' = @('python3:dkim'); 'python3-nacl' = @('python3:nacl') })
    }
    catch { Write-Warning "dkimpy prerequisites: $($_.Exception.Message)" }
    & $python -c 'import dkim, nacl' 2>$null
    if ($LASTEXITCODE -eq 0) {
        Write-Host "dkimpy ($DkimpySeconds s per message)" -ForegroundColor Cyan
        $json = & $python (Join-Path $benchDir 'dkim_bench.py') --corpus (Join-Path $benchDir 'workload/dkim') --seconds $DkimpySeconds --warmup 1
        if ($LASTEXITCODE -ne 0) { throw "dkim_bench.py failed with exit code $LASTEXITCODE." }
        $dkimpy = ($json -join "`n") | ConvertFrom-Json
        $machine['dkimpy'] = "$($dkimpy.dkimpy) (Debian python3-dkim, Python $($dkimpy.python))"
    }
    else {
        $notes.Add('dkimpy is not installed for /usr/bin/python3: no DKIM comparison figures (apt-get install python3-dkim python3-nacl).')
    }

    # --- Test-MailDomain at scale ----------------------------------------------------------
    # A generated inventory on its own Knot, behind the counting proxy; the audit runs in a fresh pwsh.
    $audit = $null
    if ($knot -and $Manifest -and (Test-Path $Manifest)) {
        Import-Module (Join-Path $Root 'tests/MailAuthPS.Tests/TestHelpers/AuditScale.psm1') -Force
        $scaleKnot = Start-KnotDns -Zone @{ 'scale.test' = (New-AuditScaleZone -Count $AuditDomains); 'test' = (New-TestZoneText -Apex 'test') } -StartTimeoutSec 120
        try {
            $proxy = Start-DnsFaultProxy -UpstreamPort $scaleKnot.Port -StatsPath (Join-Path ([IO.Path]::GetTempPath()) ('audit-scale-' + [guid]::NewGuid().ToString('n') + '.json'))
            try {
                Write-Host "Test-MailDomain over $AuditDomains domains" -ForegroundColor Cyan
                $json = & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -File (Join-Path $benchDir 'audit_scale.ps1') -Manifest $Manifest -Server $proxy.Endpoint -Count $AuditDomains
                if ($LASTEXITCODE -ne 0) { throw "audit_scale.ps1 failed with exit code $LASTEXITCODE." }
                $audit = ($json | Select-Object -Last 1) | ConvertFrom-Json
            }
            finally {
                $counts = Stop-DnsFaultProxy $proxy
            }
            $audit | Add-Member Questions ([long](($counts.Values | Measure-Object -Sum).Sum))
            $audit | Add-Member DistinctQuestions $counts.Count
            $audit | Add-Member IncludeQuestions ([int]($counts['_spf.provider.scale.test 16'] ?? 0))
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
$machine['Load average at end (1/5/15 min)'] = ((Get-Content /proc/loadavg) -split ' ')[0..2] -join ' / '

# --- the report --------------------------------------------------------------------------------
function Format-Rate([double]$MeanNs) { if ($MeanNs -gt 0) { '{0:N0}' -f (1e9 / $MeanNs) } else { '-' } }
function Format-Time([double]$Ns) {
    if ($Ns -ge 1e6) { '{0:N2} ms' -f ($Ns / 1e6) } elseif ($Ns -ge 1e3) { '{0:N1} µs' -f ($Ns / 1e3) } else { '{0:N0} ns' -f $Ns }
}
function Format-Ratio($OursNs, $PeerOpsPerSec) {
    if (-not $OursNs -or -not $PeerOpsPerSec) { return '-' }
    '{0:N1}x' -f ((1e9 / $OursNs) / $PeerOpsPerSec)
}
function Get-Ours([string]$Method) { if ($ours.ContainsKey($Method)) { $ours[$Method] } else { $null } }

$inMemory = Get-Ours 'EvaluateInMemory'
$warm = Get-Ours 'EvaluateKnotWarmCache'
$noCache = Get-Ours 'EvaluateKnotNoCache'
$stub = if ($py.ContainsKey('stub')) { $py['stub'] } else { $null }
$pyDns = if ($py.ContainsKey('dns')) { $py['dns'] } else { $null }

$lines = [System.Collections.Generic.List[string]]::new()
$lines.Add('# Performance')
$lines.Add('')
$lines.Add('Generated by `dotnet pwsh ./build.ps1 Bench` (bench/Invoke-Benchmarks.ps1); rerun it to refresh. Figures are')
$lines.Add('from one run on the machine below: compare them with each other, not with another machine''s.')
$lines.Add('')
$lines.Add('## Machine')
$lines.Add('')
$lines.Add('| | |')
$lines.Add('| --- | --- |')
foreach ($k in $machine.Keys) { $lines.Add("| $k | $($machine[$k]) |") }
$lines.Add('')
$lines.Add('A load average above the number of cores means other work (builds, tests) shared the CPU during the run;')
$lines.Add('its figures are then lower and noisier than on a quiet machine, for both implementations alike.')
$lines.Add('')
$lines.Add('## Workload')
$lines.Add('')
$lines.Add('One SPF evaluation (`check_host()`, RFC 7208) of client `203.0.113.77`, MAIL FROM `user@example.bench.test`, over')
$lines.Add('the records in `bench/workload/bench.test.zone`: the top record has `a`, `mx` (two hosts), `ip4` and `ip6`, then')
$lines.Add('an include chain of three domains; the client matches only in the last include, so every term is evaluated.')
$lines.Add('That is 7 DNS questions and 4 counted lookups; the result is `pass`. Every figure below checks that result first.')
$lines.Add('')
$lines.Add('## Method')
$lines.Add('')
$lines.Add('- **Ours**: `bench/MailAuth.Bench`, BenchmarkDotNet, Release build, one process launch with 5 warm-up and 15')
$lines.Add('  measured iterations of about 0.5 s each, `MemoryDiagnoser`. Mean (± half the 99.9% confidence interval) and')
$lines.Add('  median are per operation; evaluations/s is 1 / mean. Each operation awaits one `SpfEvaluator.EvaluateAsync`.')
$lines.Add('  - *in memory*: `InMemoryDnsResolver` loaded from the workload zone: the evaluator''s own cost.')
$lines.Add('  - *Knot, warm cache*: `CachingDnsResolver` over `NetworkDnsResolver` to Knot DNS on 127.0.0.1, warmed by one')
$lines.Add('    evaluation; the TTLs (3600 s) outlive the run, so no query reaches Knot while measuring. This is what a')
$lines.Add('    pipeline of many domains sharing includes sees.')
$lines.Add('  - *Knot, no cache*: `NetworkDnsResolver` alone: 7 UDP round trips to Knot per evaluation.')
$lines.Add('- **pyspf**: `bench/pyspf_bench.py` with Debian''s `/usr/bin/python3`, a plain timed loop (2 s warm-up, then')
$lines.Add("  $PySpfSeconds s, each evaluation timed on its own), a new ``spf.query(...).check()`` per evaluation as pyspf is used.")
$lines.Add('  - *in-process stub*: `spf.DNSLookup` replaced by a dictionary lookup built from the same zone file.')
$lines.Add('  - *Knot, no cache*: pyspf''s own DNS library (dnspython when installed, else pydns) to the same Knot instance;')
$lines.Add('    pyspf keeps no cache between evaluations.')
if (${pyDns} -and $pyDns.queries_per_evaluation -lt 7) {
    $lines.Add("    Within one evaluation pyspf over $($pyDns.dns_library) keeps the additional section too: Knot adds the MX hosts'")
    $lines.Add("    addresses to the MX answer, so it asks $($pyDns.queries_per_evaluation) questions where we ask 7 (we use answer sections only).")
}
$lines.Add('- Both sides run on the same 2-core machine in the same run, one after the other; Knot runs with 2 UDP workers.')
$lines.Add('- Ratios are our evaluations/s divided by pyspf''s. No test asserts timings.')
$lines.Add('')
$lines.Add('## SPF evaluation')
$lines.Add('')
$lines.Add('| implementation | DNS answers from | evaluations/s | mean | median | allocated/op | DNS questions/evaluation |')
$lines.Add('| --- | --- | ---: | ---: | ---: | ---: | ---: |')
function Add-OursRow($Source, $B, $Questions) {
    if (-not $B) { return }
    $alloc = if ($null -ne $B.Alloc) { '{0:N0} B' -f $B.Alloc } else { '-' }
    $lines.Add("| MailAuth (ours) | $Source | $(Format-Rate $B.MeanNs) | $(Format-Time $B.MeanNs) ± $(Format-Time $B.ErrorNs) | $(Format-Time $B.MedianNs) | $alloc | $Questions |")
}
function Add-PyRow($Source, $P) {
    if (-not $P) { return }
    $lines.Add(("| pyspf {0} | {1} | {2:N0} | {3} | {4} | - | {5} |" -f $P.pyspf, $Source, $P.ops_per_sec, (Format-Time ($P.mean_us * 1000)), (Format-Time ($P.median_us * 1000)), $P.queries_per_evaluation))
}
Add-OursRow 'in memory (`InMemoryDnsResolver`)' $inMemory '7 (in memory)'
Add-PyRow 'in-process stub (dict)' $stub
Add-OursRow 'Knot on 127.0.0.1, warm `CachingDnsResolver`' $warm '0 to Knot (7 from cache)'
Add-OursRow 'Knot on 127.0.0.1, no cache' $noCache '7 to Knot'
Add-PyRow 'Knot on 127.0.0.1, no cache' $pyDns
$lines.Add('')
$lines.Add('Ratios (ours / pyspf, evaluations per second):')
$lines.Add('')
$lines.Add('| comparison | ratio |')
$lines.Add('| --- | ---: |')
$lines.Add("| in memory vs pyspf with an in-process stub (evaluator cost alone) | $(Format-Ratio (${inMemory}?.MeanNs) (${stub}?.ops_per_sec)) |")
$lines.Add("| Knot, no cache vs pyspf through Knot, no cache (like for like) | $(Format-Ratio (${noCache}?.MeanNs) (${pyDns}?.ops_per_sec)) |")
$lines.Add("| Knot, warm cache vs pyspf through Knot, no cache (as each is used on many domains; pyspf has no shared cache) | $(Format-Ratio (${warm}?.MeanNs) (${pyDns}?.ops_per_sec)) |")
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

# --- DMARC report import ---------------------------------------------------------------------
$import = Get-Ours 'ImportAggregateReport'
$bare = Get-Ours 'BareXmlReaderPass'
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
    $lines.Add('XML per second.')
    $lines.Add('')
    $lines.Add('| operation | MB/s of XML | mean | median | allocated/op |')
    $lines.Add('| --- | ---: | ---: | ---: | ---: |')
    foreach ($pair in @(@($import, 'Import (`DmarcReportReader.ReadAggregate`)'), @($bare, 'Bare `XmlReader` pass, same bytes'))) {
        $b = $pair[0]
        $alloc = if ($null -ne $b.Alloc) { '{0:N0} B' -f $b.Alloc } else { '-' }
        $lines.Add("| $($pair[1]) | $(Format-MBps $b.MeanNs) | $(Format-Time $b.MeanNs) ± $(Format-Time $b.ErrorNs) | $(Format-Time $b.MedianNs) | $alloc |")
    }
    $lines.Add('')
    $lines.Add(('Import runs at {0:N0}% of the bare reader''s speed.' -f (100 * $bare.MeanNs / $import.MeanNs)))
}

# --- DKIM ------------------------------------------------------------------------------------
$mimeKitVersion = if ((Get-Content -Raw (Join-Path $Root 'Directory.Packages.props')) -match 'Include="MimeKit"\s+Version="([^"]+)"') { $Matches[1] } else { '?' }
$dkimRows = foreach ($key in 'rsa2048', 'ed25519') {
    foreach ($size in '2k', '15k', '100k') {
        $file = Join-Path $benchDir "workload/dkim/$key-$size.eml"
        [pscustomobject]@{
            Key     = $key
            Size    = $size
            Bytes   = if (Test-Path $file) { (Get-Item $file).Length } else { 0 }
            Ours    = $dkim["Ours|Key=$key&Size=$size"]
            MimeKit = $dkim["MimeKitVerify|Key=$key&Size=$size"]
            Py      = if ($dkimpy) { $dkimpy.results | Where-Object message -EQ "$key-$size" | Select-Object -First 1 } else { $null }
        }
    }
}
if ($dkimRows | Where-Object { $_.Ours -or $_.Py }) {
    $lines.Add('')
    $lines.Add('## DKIM verification')
    $lines.Add('')
    $lines.Add('### Corpus')
    $lines.Add('')
    $lines.Add('`bench/workload/dkim/`: six plain-text messages of about 2 KB, 15 KB and 100 KB (two Received fields, the usual')
    $lines.Add('From/To/Subject/Date/Message-ID/MIME fields, a 72-column body), each with one DKIM-Signature: RSA-2048')
    $lines.Add('(`rsa-sha256`, selector `rsa2048`) or Ed25519 (`ed25519-sha256`, selector `ed25519`), `c=relaxed/relaxed`,')
    $lines.Add('seven signed fields, `d=bench.test`. They were signed by dkimpy (`bench/dkim_corpus.py`, with dkimpy''s published')
    $lines.Add('test keys), so none of the three implementations below verifies bytes it made itself. Every implementation')
    $lines.Add('must verify every message before it is timed. Keys are served from memory to all three.')
    $lines.Add('')
    $lines.Add('### Method')
    $lines.Add('')
    $lines.Add('- **Ours**: `DkimVerifier.VerifyAsync(bytes, resolver)` with an `InMemoryDnsResolver` holding the two key records')
    $lines.Add('  (`bench/MailAuth.Bench/DkimVerifyBenchmarks.cs`). One operation is the whole verification: header split, key')
    $lines.Add('  query, key record parse (every time: the verifier keeps no key cache), body hash, signature. BenchmarkDotNet,')
    $lines.Add('  Release, a shorter job than SPF''s: 2 warm-up and 8 measured iterations of about 0.25 s.')
    $lines.Add("- **MimeKit $mimeKitVersion**: its own ``MimeKit.Cryptography.DkimVerifier`` on the same bytes, in the same BenchmarkDotNet")
    $lines.Add('  class and job. One operation is `MimeMessage.Load` of the bytes plus `VerifyAsync` of the signature. Its')
    $lines.Add('  `IDkimPublicKeyLocator` is `CachedKeyLocator` (in the benchmark): it parses each record once with MimeKit''s')
    $lines.Add('  `DkimPublicKeyLocatorBase.GetPublicKey` and returns the cached key afterwards, so MimeKit''s figures carry')
    $lines.Add('  **no key parsing** while ours and dkimpy''s do; the key-record row below shows what that costs us.')
    $lines.Add("- **dkimpy**: ``bench/dkim_bench.py`` with Debian's ``/usr/bin/python3``: ``dkim.verify(bytes, dnsfunc=...)`` where ``dnsfunc``")
    $lines.Add("  returns the record from a dictionary; 1 s warm-up then $DkimpySeconds s per message, each verification timed on its own;")
    $lines.Add('  dkimpy parses the key record on every call.')
    $lines.Add('- All three ran on the same machine in the same run, one after the other. Ratios are verifications/s of ours')
    $lines.Add('  divided by the other''s. No test asserts timings.')
    $lines.Add('')
    $lines.Add('### Results')
    $lines.Add('')
    $lines.Add('| key | message | bytes | ours: verifications/s | MimeKit (cached key): verifications/s | dkimpy: verifications/s | ours: mean | MimeKit: mean | dkimpy: mean | ours: allocated/op | MimeKit: allocated/op |')
    $lines.Add('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
    foreach ($r in $dkimRows) {
        $keyName = if ($r.Key -eq 'rsa2048') { 'RSA-2048' } else { 'Ed25519' }
        $oursRate = if ($r.Ours) { Format-Rate $r.Ours.MeanNs } else { '-' }
        $mkRate = if ($r.MimeKit) { Format-Rate $r.MimeKit.MeanNs } else { '-' }
        $pyRate = if ($r.Py) { '{0:N0}' -f $r.Py.ops_per_sec } else { '-' }
        $oursMean = if ($r.Ours) { "$(Format-Time $r.Ours.MeanNs) ± $(Format-Time $r.Ours.ErrorNs)" } else { '-' }
        $mkMean = if ($r.MimeKit) { "$(Format-Time $r.MimeKit.MeanNs) ± $(Format-Time $r.MimeKit.ErrorNs)" } else { '-' }
        $pyMean = if ($r.Py) { Format-Time ($r.Py.mean_us * 1000) } else { '-' }
        $oursAlloc = if ($r.Ours -and $null -ne $r.Ours.Alloc) { '{0:N0} B' -f $r.Ours.Alloc } else { '-' }
        $mkAlloc = if ($r.MimeKit -and $null -ne $r.MimeKit.Alloc) { '{0:N0} B' -f $r.MimeKit.Alloc } else { '-' }
        $lines.Add("| $keyName | $($r.Size) | $('{0:N0}' -f $r.Bytes) | $oursRate | $mkRate | $pyRate | $oursMean | $mkMean | $pyMean | $oursAlloc | $mkAlloc |")
    }
    $lines.Add('')
    $lines.Add('| comparison | RSA-2048 2k | RSA-2048 15k | RSA-2048 100k | Ed25519 2k | Ed25519 15k | Ed25519 100k |')
    $lines.Add('| --- | ---: | ---: | ---: | ---: | ---: | ---: |')
    $lines.Add('| ours / MimeKit (MimeKit without key parsing) | ' + (($dkimRows | ForEach-Object { if ($_.Ours -and $_.MimeKit) { '{0:N2}x' -f ($_.MimeKit.MeanNs / $_.Ours.MeanNs) } else { '-' } }) -join ' | ') + ' |')
    $lines.Add('| ours / dkimpy | ' + (($dkimRows | ForEach-Object { if ($_.Ours -and $_.Py -and $_.Ours.MeanNs -gt 0) { '{0:N2}x' -f ((1e9 / $_.Ours.MeanNs) / $_.Py.ops_per_sec) } else { '-' } }) -join ' | ') + ' |')
    $lines.Add('')
    $lines.Add('Key record parsing alone (`DkimKeyRecord.Parse`, part of every one of our verifications):')
    $lines.Add('')
    $lines.Add('| record | operations/s | mean | allocated/op |')
    $lines.Add('| --- | ---: | ---: | ---: |')
    foreach ($key in 'rsa2048', 'ed25519') {
        $b = $dkim["Parse|Key=$key"]
        if (-not $b) { continue }
        $alloc = if ($null -ne $b.Alloc) { '{0:N0} B' -f $b.Alloc } else { '-' }
        $lines.Add("| ``$key._domainkey.bench.test`` | $(Format-Rate $b.MeanNs) | $(Format-Time $b.MeanNs) ± $(Format-Time $b.ErrorNs) | $alloc |")
    }
    $rsaParse = $dkim['Parse|Key=rsa2048']
    if ($rsaParse -and $rsaParse.MeanNs -gt 1e6) {
        $lines.Add('')
        $lines.Add('Parsing an RSA record takes milliseconds because BouncyCastle''s `RsaKeyParameters` checks every public modulus')
        $lines.Add('it is given for compositeness (a Miller-Rabin round: one modular exponentiation with an exponent as long as')
        $lines.Add('the modulus). Our RSA figures are bounded by that parse, which MimeKit''s cached locator pays once per key.')
    }
}

if ($audit) {
    $lines.Add('')
    $lines.Add('## Test-MailDomain at scale')
    $lines.Add('')
    $lines.Add("The default checks (Mx, Spf, Dmarc, Dkim with the common selectors probed, MtaSts, TlsRpt, Bimi) over $AuditDomains generated domains")
    $lines.Add('(`tests/MailAuthPS.Tests/TestHelpers/AuditScale.psm1`: a shared provider for MX and the SPF include, varied')
    $lines.Add('SPF, DMARC and DKIM records), served by Knot on 127.0.0.1 behind `dns_fault_proxy.py`, which counts the questions.')
    $lines.Add("One process, one shared resolver and cache, -ThrottleLimit $($audit.ThrottleLimit), started in a fresh pwsh.")
    $lines.Add('')
    $lines.Add('| domains | reports | wall time | domains/s | peak working set | DNS questions | distinct questions | questions for the shared include |')
    $lines.Add('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
    $lines.Add(('| {0:N0} | {1:N0} | {2:N1} s | {3:N0} | {4:N0} MiB | {5:N0} | {6:N0} | {7} |' -f $AuditDomains, $audit.Reports, $audit.Seconds, ($audit.Reports / [math]::Max($audit.Seconds, 0.001)), $audit.PeakWorkingSetMiB, $audit.Questions, $audit.DistinctQuestions, $audit.IncludeQuestions))
    $lines.Add('')
    $lines.Add('Most questions are the DKIM probe (35 common selectors and a wildcard check per domain, since selectors cannot be listed);')
    $lines.Add('every other name is asked once per run. Statuses: ' + (($audit.Statuses.PSObject.Properties | ForEach-Object { "$($_.Name) $($_.Value)" }) -join ', ') + '.')
}

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
