#Requires -Version 7.2
<#
    The DNS fault matrix: every cmdlet that resolves names, run against each fault that
    TestHelpers/dns_fault_proxy.py injects in front of Knot DNS on 127.0.0.1 (dropped, late,
    SERVFAIL, REFUSED, truncated with TCP refused, wrong message ID, answer to another name,
    garbage), plus a healthy and a slightly late answer as controls. Each cell must give one
    result, no error record, no terminating error, the expected word (temperror, or the RFC's
    outcome where it names another) and finish within the time bound. The results go to
    out/reliability/fault-matrix.json; tools/New-ReliabilityReport.ps1 renders docs/reliability.md
    from them, and the last test fails when the committed page disagrees with this run.
#>

BeforeDiscovery {
    $SkipKnot = -not (& { Import-Module (Join-Path $PSScriptRoot 'TestHelpers/KnotDns.psm1') -Force; Test-KnotDnsAvailable })
    if ($SkipKnot -and $env:CI -eq 'true') { $SkipKnot = $false }
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/FaultMatrix.psm1') -Force
    $CellCases = foreach ($cell in Get-FaultMatrixCell) {
        foreach ($fault in (Get-FaultMatrixFault).Keys) { @{ Cmdlet = $cell.Cmdlet; Fault = $fault } }
    }
}

BeforeAll {
    if (-not $env:MAILAUTHPS_MANIFEST) { throw 'MAILAUTHPS_MANIFEST is not set; run through build.ps1 Test.' }
    Import-Module $env:MAILAUTHPS_MANIFEST -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/KnotDns.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/AuditScale.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/FaultMatrix.psm1') -Force
    $Repo = $env:MAILAUTHPS_REPO
    $Work = Join-Path ([IO.Path]::GetTempPath()) ('mailauthps-faults-' + [guid]::NewGuid().ToString('n').Substring(0, 12))
    $null = New-Item -ItemType Directory $Work
    # -DnsTimeoutSec 1 with the one retry: a question gives up after 2 s. The slowest cells ask
    # in up to 4 rounds one after another (Add-ArcSeal: SPF, DKIM, DMARC and its tree walk); the
    # slack is for a machine shared with other builds.
    $TimeoutSec = 1
    $LimitMs = (4 * 2 * $TimeoutSec + 4) * 1000
    $MatrixResults = $null
}

AfterAll {
    if ($Work -and (Test-Path -LiteralPath $Work)) { Remove-Item -LiteralPath $Work -Recurse -Force }
}

Describe 'DNS fault matrix' -Skip:$SkipKnot {
    AfterAll {
        if ($Proxy) { $null = Stop-DnsFaultProxy -Proxy $Proxy }
        if ($Knot) { Stop-KnotDns -Server $Knot }
    }

    BeforeAll {
        $key = New-DkimKey -Domain healthy.fault.test -Selector sel -PrivateKeyPath (Join-Path $Work 'sel.pem') -Algorithm Rsa2048
        $Knot = Start-KnotDns -Zone (New-FaultMatrixZone -DkimRecord $key.RecordValue) -StartTimeoutSec 60
        $Proxy = Start-DnsFaultProxy -UpstreamPort $Knot.Port -StatsPath (Join-Path $Work 'stats.json') -Fault @(Get-FaultMatrixProxyFault)
        # Messages signed and sealed offline (no DNS is needed to sign), one set per fault domain.
        $empty = Join-Path $Work 'empty.zone'
        $null = New-Item $empty -ItemType File
        foreach ($fault in (Get-FaultMatrixFault).Keys) {
            $d = "$fault.fault.test"
            Set-Content -LiteralPath (Join-Path $Work "plain-$d.eml") -Value (New-FaultMatrixMessage -Domain $d) -NoNewline
            Add-DkimSignature -Path (Join-Path $Work "plain-$d.eml") -Domain $d -Selector sel -PrivateKeyPath (Join-Path $Work 'sel.pem') -OutFile (Join-Path $Work "signed-$d.eml")
            Add-ArcSeal -Path (Join-Path $Work "signed-$d.eml") -Domain $d -Selector sel -PrivateKeyPath (Join-Path $Work 'sel.pem') -AuthServId "mx.$d" `
                -AuthenticationResults "mx.$d; spf=pass smtp.mailfrom=$d" -OutFile (Join-Path $Work "sealed-$d.eml") -ZoneFile $empty
            Set-Content -LiteralPath (Join-Path $Work "report-$d.xml") -Value (New-FaultMatrixDmarcReport -SourceIP (Get-FaultMatrixSourceIP $fault))
        }
        $context = @{ Server = $Proxy.Endpoint; Timeout = $TimeoutSec; Work = $Work; Key = (Join-Path $Work 'sel.pem') }
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $MatrixResults = @(Invoke-FaultMatrix -Manifest $env:MAILAUTHPS_MANIFEST -Context $context -ThrottleLimit 6)
        $MatrixElapsed = $sw.Elapsed
        $Stats = Stop-DnsFaultProxy -Proxy $Proxy
        $Proxy = $null
        foreach ($r in $MatrixResults) {
            $r | Add-Member -NotePropertyName LimitMs -NotePropertyValue $LimitMs
            $r | Add-Member -NotePropertyName Passed -NotePropertyValue ([bool](
                $r.Status -ceq $r.Expected -and $r.Outputs -eq 1 -and $r.Errors.Count -eq 0 -and -not $r.Terminating -and $r.ElapsedMs -le $LimitMs))
        }
        $ResultPath = Join-Path $Repo 'out/reliability/fault-matrix.json'
        $null = New-Item -ItemType Directory -Force (Split-Path $ResultPath)
        [ordered]@{
            TimeoutSec = $TimeoutSec
            LimitMs    = $LimitMs
            Faults     = (Get-FaultMatrixFault)
            Cells      = @($MatrixResults | Sort-Object Cmdlet, Fault | Select-Object Cmdlet, Fault, Expected, Rule, Status, Outputs, Errors, Terminating, ElapsedMs, LimitMs, Passed)
        } | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $ResultPath -Encoding utf8NoBOM
        Write-Host "fault matrix: $($MatrixResults.Count) cells in $([int]$MatrixElapsed.TotalSeconds) s, slowest $(($MatrixResults | Measure-Object ElapsedMs -Maximum).Maximum) ms"
    }

    It 'ran every cell' {
        $MatrixResults.Count | Should -Be (@(Get-FaultMatrixCell).Count * (Get-FaultMatrixFault).Count)
        $MatrixResults.Count | Should -BeGreaterOrEqual (19 * 11)
    }

    It 'covers every cmdlet that resolves names (every DnsCmdlet of the module)' {
        $resolving = Get-Command -Module MailAuthPS -CommandType Cmdlet | Where-Object {
            $t = $_.ImplementingType
            while ($t -and $t.Name -ne 'DnsCmdlet') { $t = $t.BaseType }
            [bool]$t
        } | ForEach-Object Name | Sort-Object
        $resolving.Count | Should -BeGreaterOrEqual 19
        @(Get-FaultMatrixCell | ForEach-Object Cmdlet | Sort-Object) | Should -Be $resolving
    }

    It 'every fault was really met: each fault domain was asked, and got its fault' {
        # The proxy counts questions by name; a fault domain nobody asked would prove nothing.
        foreach ($fault in (Get-FaultMatrixFault).Keys) {
            @($Stats.Keys | Where-Object { $_ -like "*$fault.fault.test *" }).Count | Should -BeGreaterThan 0 -Because "$fault.fault.test must be asked"
        }
    }

    It '<Cmdlet> under <Fault>: one result, the expected outcome, no error, in time' -ForEach $CellCases {
        $r = $MatrixResults | Where-Object { $_.Cmdlet -eq $Cmdlet -and $_.Fault -eq $Fault }
        $r | Should -Not -BeNullOrEmpty
        $r.Terminating | Should -BeNullOrEmpty
        $r.Errors | Should -BeNullOrEmpty
        $r.Outputs | Should -Be 1
        $r.Status | Should -BeExactly $r.Expected -Because "$($r.Rule)"
        # Never "none" or "pass" because an answer was lost.
        if ($Fault -notin 'healthy', 'delay-short') { $r.Status | Should -Not -Match '(^|\s|=)(none|pass|found)(\s|$)' }
        $r.ElapsedMs | Should -BeLessOrEqual $LimitMs
    }

    It 'docs/reliability.md is what tools/New-ReliabilityReport.ps1 renders from this run' {
        $rendered = Join-Path $Work 'reliability.md'
        & (Join-Path $Repo 'tools/New-ReliabilityReport.ps1') -ResultPath $ResultPath -OutputPath $rendered
        $expected = (Get-Content -Raw -LiteralPath $rendered) -replace "`r`n", "`n"
        $committed = (Get-Content -Raw -LiteralPath (Join-Path $Repo 'docs/reliability.md')) -replace "`r`n", "`n"
        $committed | Should -BeExactly $expected -Because 'the page must match the run; regenerate it with tools/New-ReliabilityReport.ps1 after this file runs'
    }
}
