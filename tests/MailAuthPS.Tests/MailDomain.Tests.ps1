#Requires -Version 7.2
<#
    Test-MailDomain against the staged module: inputs of every kind (strings, objects with
    DomainName, Import-Csv rows, duplicates, invalid names) give one report or error per input in
    order; the sample inventory gives the areas samples/README.md describes; and, through Knot DNS on
    127.0.0.1 behind TestHelpers/dns_fault_proxy.py (which counts questions and injects faults):
    10,000 generated domains each get a report that matches how the zone was generated, the shared
    SPF include is fetched once, and under SERVFAIL and dropped answers 1,000 domains still give
    1,000 reports, the affected ones temperror and none of them "no record".
#>

BeforeDiscovery {
    $SkipKnot = -not (& { Import-Module (Join-Path $PSScriptRoot 'TestHelpers/KnotDns.psm1') -Force; Test-KnotDnsAvailable })
    if ($SkipKnot -and $env:CI -eq 'true') { $SkipKnot = $false }
}

BeforeAll {
    if (-not $env:MAILAUTHPS_MANIFEST) { throw 'MAILAUTHPS_MANIFEST is not set; run through build.ps1 Test.' }
    Import-Module $env:MAILAUTHPS_MANIFEST -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/KnotDns.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/AuditScale.psm1') -Force
    $Repo = $env:MAILAUTHPS_REPO
    $Zones = Get-ChildItem (Join-Path $Repo 'samples/zones/*.zone')
    $Work = Join-Path ([IO.Path]::GetTempPath()) ('mailauthps-maildomain-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory $Work
}

AfterAll {
    if ($Work -and (Test-Path -LiteralPath $Work)) { Remove-Item -LiteralPath $Work -Recurse -Force }
}

Describe 'Test-MailDomain inputs' {
    It 'gives one report per input in order, from strings, objects and CSV rows, with duplicates and invalid names' {
        $inputs = @(
            'northwind-traders.example'
            [pscustomobject]@{ DomainName = 'contoso-retail.example' }
            'not a domain!'
            'NORTHWIND-TRADERS.EXAMPLE.'
            [pscustomobject]@{ Name = 'fabrikam-parked.example' }
        )
        $out = @($inputs | Test-MailDomain -ZoneFile $Zones -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Domain | Should -Be @('northwind-traders.example', 'contoso-retail.example', 'northwind-traders.example', 'fabrikam-parked.example')
        $out[2].Input | Should -Be 'NORTHWIND-TRADERS.EXAMPLE.'
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidDomainName,*'
        $errs[0].TargetObject | Should -Be 'not a domain!'
    }

    It 'reads Import-Csv rows of the sample inventory, all 25, in file order' {
        $csv = Import-Csv (Join-Path $Repo 'samples/domains.csv')
        $out = @($csv | Test-MailDomain -ZoneFile $Zones)
        $out.Count | Should -Be $csv.Count
        $out.Domain | Should -Be @($csv.DomainName | ForEach-Object { $_.Trim().TrimEnd('.').ToLowerInvariant() })
        @($out | Where-Object Status -eq 'temperror').Count | Should -Be 0
    }

    It 'reports the sample domains as samples/README.md describes them' {
        $r = @{}
        foreach ($x in 'northwind-traders.example', 'adventure-works.example', 'adatum-logistics.example', 'fabrikam-parked.example', 'wideworld-importers.test' | Test-MailDomain -ZoneFile $Zones) { $r[$x.Domain] = $x }
        # README row 1: the good reference setup.
        $r['northwind-traders.example'].Status | Should -Be 'pass'
        $r['northwind-traders.example'].Grade | Should -Be 'A'
        # Row 4: no SPF record (RFC 7208 §4.5); row 5: two SPF records, permerror.
        $r['adventure-works.example'].Spf.Status | Should -Be 'none'
        $r['adventure-works.example']['Spf'].Status | Should -Be 'fail'
        $r['adatum-logistics.example'].Spf.Status | Should -Be 'permerror'
        # Row 3: a null MX parked domain.
        $r['fabrikam-parked.example'].Mx.Status | Should -Be 'nullmx'
        $r['fabrikam-parked.example']['Mx'].Status | Should -Be 'pass'
        # Row 23: the MX target lacks its trailing dot, so it names a host that does not exist (RFC 5321 §5.1).
        $r['wideworld-importers.test']['Mx'].Findings.Id | Should -Contain 'Mx.HostDoesNotResolve'
        $r['wideworld-importers.test']['Mx'].Status | Should -Be 'fail'
        # Row 1 publishes MTA-STS, TLS-RPT and BIMI; offline the policy is not fetched (an Info finding says so).
        $r['northwind-traders.example']['TlsRpt'].Status | Should -Be 'pass'
        $r['northwind-traders.example']['MtaSts'].Findings.Id | Should -Contain 'MtaSts.PolicyNotFetched'
        foreach ($x in $r.Values) { $x.Areas.Name | Should -Be @('Mx', 'Spf', 'Dmarc', 'Dkim', 'MtaSts', 'TlsRpt', 'Bimi') }
    }

    It 'runs only the checks asked for, and the profile adds its area' {
        $r = Test-MailDomain northwind-traders.example -Check Spf, Dmarc -ZoneFile $Zones
        $r.Areas.Name | Should -Be @('Spf', 'Dmarc')
        # Offline, SmtpTls is not probed and Jmap finds no SRV record in the samples.
        $t = Test-MailDomain northwind-traders.example -Check SmtpTls, Jmap -ZoneFile $Zones
        $t['SmtpTls'].Status | Should -Be 'skipped'
        $t['Jmap'].Result.Advertised | Should -BeFalse
        $p = Test-MailDomain contoso-retail.example -Profile Microsoft365 -ZoneFile $Zones
        $p.Areas.Name | Should -Contain 'Microsoft365'
        # The samples use fictional names, not Exchange Online's: the profile says so.
        $p['Microsoft365'].Findings.Id | Should -Contain 'Microsoft365.MxNotExchangeOnline'
    }

    It 'runs every example of docs/Test-MailDomain.md as written' {
        $md = Get-Content -Raw (Join-Path $Repo 'docs/Test-MailDomain.md')
        $examples = [regex]::Matches($md, '(?s)### Example \d+:[^\n]*\n```powershell\n(.*?)\n```') | ForEach-Object { $_.Groups[1].Value }
        $examples.Count | Should -BeGreaterOrEqual 2
        Push-Location $Repo
        try {
            $output = @(. ([scriptblock]::Create("`$ErrorActionPreference = 'Stop'`n" + ($examples -join "`n"))))
            $output.Count | Should -BeGreaterThan 0
        }
        finally { Pop-Location }
    }
}

Describe 'Test-MailDomain through Knot DNS' -Skip:$SkipKnot {
    BeforeAll {
        $Count = 10000
        # The parent zone too: DMARC discovery walks up to _dmarc.test (RFC 9989 §4.10), and a server that
        # refuses a name outside its zones is a temporary failure, not "no record".
        $Knot = Start-KnotDns -Zone @{ 'scale.test' = (New-AuditScaleZone -Count $Count); 'test' = (New-TestZoneText -Apex 'test') } -StartTimeoutSec 120
    }
    AfterAll {
        if ($Knot) { Stop-KnotDns $Knot }
    }

    It 'audits 10,000 domains: every one has a report that matches the zone, and the shared include is fetched once' {
        $proxy = Start-DnsFaultProxy -UpstreamPort $Knot.Port -StatsPath (Join-Path $Work 'scale-stats.json')
        try {
            $domains = @(Get-AuditScaleDomain -Count $Count)
            $reports = @($domains | Test-MailDomain -Server $proxy.Endpoint -ThrottleLimit 64 -DnsTimeoutSec 5 -ErrorVariable errs -ErrorAction SilentlyContinue)
        }
        finally {
            $counts = Stop-DnsFaultProxy $proxy
        }
        $errs.Count | Should -Be 0
        $reports.Count | Should -Be $Count
        $reports.Domain | Should -Be $domains
        $mismatch = [System.Collections.Generic.List[string]]::new()
        for ($i = 1; $i -le $Count; $i++) {
            $r = $reports[$i - 1]
            $e = Get-AuditScaleExpectation -Index $i
            if ($r.Status -eq 'temperror') { $mismatch.Add("$($r.Domain): temperror"); continue }
            if ([string]$r.Spf.Status -ne $e.Spf) { $mismatch.Add("$($r.Domain): SPF $($r.Spf.Status), zone $($e.Spf)") }
            $dmarc = if ($e.Dmarc -eq 'missing') { 'none' } else { 'found' }
            if ([string]$r.Dmarc.Status -ne $dmarc) { $mismatch.Add("$($r.Domain): DMARC $($r.Dmarc.Status), zone $($e.Dmarc)") }
            elseif ($dmarc -eq 'found' -and [string]$r.Dmarc.EffectivePolicy -ne $e.Dmarc) { $mismatch.Add("$($r.Domain): p=$($r.Dmarc.EffectivePolicy), zone $($e.Dmarc)") }
            $hasKey = @($r.Dkim | Where-Object { $_.Selector -eq 'selector1' -and $_.Status -eq 'found' }).Count -eq 1
            if ($hasKey -ne $e.Dkim) { $mismatch.Add("$($r.Domain): DKIM selector1 $hasKey, zone $($e.Dkim)") }
        }
        $mismatch | Select-Object -First 10 | Should -BeNullOrEmpty
        # One shared resolver and cache for the run: the provider's records are asked for once each.
        $counts['_spf.provider.scale.test 16'] | Should -Be 1
        $counts['mx1.provider.scale.test 1'] | Should -Be 1
    }

    It 'under SERVFAIL and dropped answers, 1,000 domains give 1,000 reports: the affected temperror, none "no record"' {
        $domains = @(Get-AuditScaleDomain -Count 1000)
        # Every 7th domain fails with SERVFAIL for all its names, every 50th is dropped (timeouts).
        $servfail = @($domains | Where-Object { [int]$_.Substring(1, 5) % 7 -eq 0 })
        $drop = @($domains | Where-Object { [int]$_.Substring(1, 5) % 50 -eq 0 -and [int]$_.Substring(1, 5) % 7 -ne 0 })
        $proxy = Start-DnsFaultProxy -UpstreamPort $Knot.Port -StatsPath (Join-Path $Work 'fault-stats.json') -ServFail $servfail -Drop $drop
        try {
            $reports = @($domains | Test-MailDomain -Server $proxy.Endpoint -ThrottleLimit 32 -DnsTimeoutSec 2 -ErrorVariable errs -ErrorAction SilentlyContinue)
        }
        finally {
            $null = Stop-DnsFaultProxy $proxy
        }
        $errs.Count | Should -Be 0
        $reports.Count | Should -Be 1000
        $reports.Domain | Should -Be $domains
        $affected = [System.Collections.Generic.HashSet[string]]::new([string[]]($servfail + $drop))
        foreach ($r in $reports) {
            if ($affected.Contains($r.Domain)) {
                $r.Status | Should -Be 'temperror' -Because "$($r.Domain) had its DNS failed on purpose"
                $r.Spf.Status | Should -Not -Be 'none'
                $r.Dmarc.Status | Should -Not -Be 'none'
                @($r.Areas | Where-Object { $_.Status -notin 'temperror', 'skipped' }).Name | Should -BeNullOrEmpty -Because "every check of $($r.Domain) met the failure"
            }
            else {
                $r.Status | Should -Not -Be 'temperror' -Because "$($r.Domain) was answered normally"
            }
        }
    }
}
