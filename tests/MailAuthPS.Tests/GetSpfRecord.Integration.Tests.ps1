#Requires -Version 7.2
<#
    Get-SpfRecord against a real authoritative server (Knot DNS on 127.0.0.1) serving
    generated zones. Runs against the staged module named by $env:MAILAUTHPS_MANIFEST.
    Knot missing: skipped with a warning locally, failed in CI ($env:CI -eq 'true').
#>

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/KnotDns.psm1') -Force
    $SkipWithoutKnot = (-not (Test-KnotDnsAvailable)) -and $env:CI -ne 'true'
    if ($SkipWithoutKnot) {
        Write-Warning ('Skipping Get-SpfRecord integration tests: Knot DNS (knotd, knotc, kdig) is not installed. ' +
            'Install it with: apt-get install -y --no-install-recommends knot knot-dnsutils')
    }
}

Describe 'Get-SpfRecord against Knot DNS' -Tag 'Integration', 'Dns' -Skip:$SkipWithoutKnot {
    BeforeAll {
        if (-not $env:MAILAUTHPS_MANIFEST) {
            throw 'MAILAUTHPS_MANIFEST is not set; it must point at the staged MailAuthPS.psd1 (build.ps1 Build).'
        }
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers/KnotDns.psm1') -Force
        # Only reached without Knot when $env:CI is 'true': a missing tool fails the run there.
        if (-not (Test-KnotDnsAvailable)) {
            throw 'Knot DNS (knotd, knotc, kdig) is required in CI: apt-get install -y --no-install-recommends knot knot-dnsutils'
        }
        Import-Module $env:MAILAUTHPS_MANIFEST -Force

        $FoundText = 'v=spf1 ip4:192.0.2.0/24 include:_spf.example.net ~all exp=explain.spf.test'
        $MixedSpf = 'v=spf1 mx -all'

        # Exactly 2,000 characters: 'v=spf1' (6) + 104 tokens of 19 + ' ip4:10.0.0.1' (13) + ' -all' (5).
        $tokens = foreach ($i in 0..103) {
            ' ip4:10.{0}.{1}.{2}' -f (100 + [math]::Floor($i / 100)), (100 + $i % 100), (100 + ($i * 7) % 100)
        }
        $LongText = 'v=spf1' + (-join $tokens) + ' ip4:10.0.0.1 -all'
        if ($LongText.Length -ne 2000) { throw "Test data generator is off: $($LongText.Length) characters." }
        # Uneven pieces, cut mid-term, including the 255-octet maximum and a single character.
        $sizes = 255, 1, 128, 200, 17, 255, 64
        $LongChunks = [System.Collections.Generic.List[string]]::new()
        $at = 0
        for ($n = 0; $at -lt $LongText.Length; $n++) {
            $take = [math]::Min($sizes[$n % $sizes.Count], $LongText.Length - $at)
            $LongChunks.Add($LongText.Substring($at, $take))
            $at += $take
        }

        $zones = @{
            'spf.test'    = New-TestZoneText -Apex 'spf.test' -Ttl 300 -Body @"
found     3600 IN TXT "$FoundText"
nodata         IN A   192.0.2.10
nonspf         IN TXT "google-site-verification=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA"
spf10          IN TXT "v=spf10 ip4:192.0.2.1 -all"
mixed          IN TXT "google-site-verification=cXV4cXV4cXV4"
mixed          IN TXT "$MixedSpf"
multi          IN TXT "v=spf1 ip4:192.0.2.1 -all"
multi          IN TXT "v=spf1 ip4:192.0.2.2 -all"
long           IN TXT $(Format-ZoneTxtRdata -String $LongChunks)
"@
            'spf.example' = New-TestZoneText -Apex 'spf.example' -Body @'
@              IN TXT "v=spf1 -all"
'@
        }
        $Knot = Start-KnotDns -Zone $zones
        $Dns = $Knot.Endpoint
    }

    AfterAll {
        Stop-KnotDns $Knot
    }

    It 'returns the published record with its strings, TTL and parsed terms' {
        $r = Get-SpfRecord -Domain 'found.spf.test' -Server $Dns

        $r | Should -HaveCount 1
        $r | Should -BeOfType 'MailAuth.Spf.SpfRecordResult'
        $r.Domain | Should -BeExactly 'found.spf.test'
        "$($r.Status)" | Should -Be 'found'
        $r.Record | Should -BeExactly $FoundText
        @($r.Strings) | Should -HaveCount 1
        $r.Strings[0] | Should -BeExactly $FoundText
        $r.Ttl | Should -Be 3600
        $r.Error | Should -BeNullOrEmpty

        @($r.Terms.Name) | Should -Be @('ip4', 'include', 'all', 'exp')
        @($r.Terms | ForEach-Object { "$($_.Kind)" }) | Should -Be @('Mechanism', 'Mechanism', 'Mechanism', 'Modifier')
        # The prefix length is parsed apart from the network.
        $r.Terms[0].Text | Should -BeExactly 'ip4:192.0.2.0/24'
        $r.Terms[0].Value | Should -BeExactly '192.0.2.0'
        $r.Terms[0].Ip4Cidr | Should -Be 24
        $r.Terms[1].Value | Should -BeExactly '_spf.example.net'
        $r.Terms[3].Value | Should -BeExactly 'explain.spf.test'
        # Qualifiers print as the RFC's result words; an unwritten one is pass.
        "$($r.Terms[0].Qualifier)" | Should -BeExactly 'pass'
        "$($r.Terms[1].Qualifier)" | Should -BeExactly 'pass'
        "$($r.Terms[2].Qualifier)" | Should -BeExactly 'softfail'
        $r.Terms[3].Qualifier | Should -BeNullOrEmpty
    }

    It 'picks the SPF record out of several TXT records at one name' {
        $r = Get-SpfRecord -Domain 'mixed.spf.test' -Server $Dns

        "$($r.Status)" | Should -Be 'found'
        $r.Record | Should -BeExactly $MixedSpf
    }

    It 'gives none for <Case>' -ForEach @(
        @{ Case = 'NXDOMAIN'; Name = 'nx.spf.test' }
        @{ Case = 'NODATA (the name has an A record, no TXT)'; Name = 'nodata.spf.test' }
        @{ Case = 'a TXT record that is not SPF'; Name = 'nonspf.spf.test' }
        @{ Case = 'a TXT record starting v=spf10'; Name = 'spf10.spf.test' }
    ) {
        $r = Get-SpfRecord -Domain $Name -Server $Dns

        $r | Should -HaveCount 1
        $r.Domain | Should -BeExactly $Name
        "$($r.Status)" | Should -Be 'none'
        $r.Record | Should -BeNullOrEmpty
        $r.Error | Should -BeNullOrEmpty
    }

    It 'gives temperror, not none, when the server never answers' {
        $silent = Start-SilentUdpServer
        try {
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $r = Get-SpfRecord -Domain 'found.spf.test' -Server $silent.Endpoint -DnsTimeoutSec 1
            $clock.Stop()
            $queriesSeen = $silent.GetReceivedCount()
        }
        finally {
            Stop-SilentUdpServer $silent
        }

        $r | Should -HaveCount 1
        "$($r.Status)" | Should -Be 'temperror'
        $r.Record | Should -BeNullOrEmpty
        $r.Error | Should -Not -BeNullOrEmpty
        # Proves the query went to -Server rather than failing before it was sent.
        $queriesSeen | Should -BeGreaterThan 0
        # 1 s timeout and one retry is about 2 s; a generous bound still catches a hang
        # or an ignored -DnsTimeoutSec (default 5 s, i.e. about 10 s).
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 8
    }

    It 'gives temperror when the server refuses the query (RCODE other than 0 and 3)' {
        # Knot answers REFUSED for names outside its zones; RFC 7208 §4.4 makes that temperror.
        $r = Get-SpfRecord -Domain 'not-served.invalid' -Server $Dns

        "$($r.Status)" | Should -Be 'temperror'
        $r.Error | Should -Not -BeNullOrEmpty
    }

    It 'gives permerror with Spf.MultipleRecords for two SPF records' {
        $r = Get-SpfRecord -Domain 'multi.spf.test' -Server $Dns

        "$($r.Status)" | Should -Be 'permerror'
        @($r.Findings.Id) | Should -Contain 'Spf.MultipleRecords'
        $finding = @($r.Findings | Where-Object Id -EQ 'Spf.MultipleRecords')[0]
        $finding.Message | Should -Not -BeNullOrEmpty
        $finding.Reference | Should -Match 'RFC 7208'
    }

    It 'joins a 2,000-character record published as many strings exactly' {
        $r = Get-SpfRecord -Domain 'long.spf.test' -Server $Dns

        "$($r.Status)" | Should -Be 'found'
        $r.Record.Length | Should -Be 2000
        $r.Record | Should -BeExactly $LongText
        @($r.Strings) | Should -HaveCount $LongChunks.Count
        (@($r.Strings) -join '|') | Should -BeExactly ($LongChunks -join '|')
    }

    It 'returns several piped domains in input order, normalised' {
        $inputs = 'long.spf.test', 'FOUND.SPF.TEST.', 'nx.spf.test', 'nonspf.spf.test', 'spf.example', 'mixed.spf.test', 'nodata.spf.test'

        $results = $inputs | Get-SpfRecord -Server $Dns -ThrottleLimit 3

        @($results.Domain) | Should -Be @('long.spf.test', 'found.spf.test', 'nx.spf.test', 'nonspf.spf.test', 'spf.example', 'mixed.spf.test', 'nodata.spf.test')
        @($results | ForEach-Object { "$($_.Status)" }) | Should -Be @('found', 'found', 'none', 'none', 'found', 'found', 'none')
        $results[4].Record | Should -BeExactly 'v=spf1 -all'
    }

    It 'binds DomainName from a piped object by property name' {
        $r = [pscustomobject]@{ DomainName = 'found.spf.test' } | Get-SpfRecord -Server $Dns

        $r | Should -HaveCount 1
        $r.Domain | Should -BeExactly 'found.spf.test'
        $r.Record | Should -BeExactly $FoundText
    }

    It 'writes a non-terminating InvalidDomainName error and goes on with the other inputs' {
        $errs = $null
        $results = 'found.spf.test', 'bad..name', 'nx.spf.test' |
            Get-SpfRecord -Server $Dns -ErrorVariable errs -ErrorAction SilentlyContinue

        @($results.Domain) | Should -Be @('found.spf.test', 'nx.spf.test')
        @($results | ForEach-Object { "$($_.Status)" }) | Should -Be @('found', 'none')
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidDomainName,MailAuthPS.Commands.GetSpfRecordCommand'
        $errs[0].TargetObject | Should -Be 'bad..name'
        "$($errs[0].CategoryInfo.Category)" | Should -Not -Be 'NotSpecified'
    }

    It 'agrees with kdig on <Name>' -ForEach @(
        @{ Name = 'long.spf.test' }
        @{ Name = 'found.spf.test' }
    ) {
        # kdig's wire RDATA is an independent reading of what Knot serves.
        $fromKdig = @(Resolve-KdigTxt -Server $Knot -Name $Name)
        $fromKdig | Should -HaveCount 1

        $r = Get-SpfRecord -Domain $Name -Server $Dns

        $r.Record | Should -BeExactly $fromKdig[0].Text
        (@($r.Strings) -join '|') | Should -BeExactly ($fromKdig[0].Strings -join '|')
        $r.Ttl | Should -Be $fromKdig[0].Ttl
    }
}
