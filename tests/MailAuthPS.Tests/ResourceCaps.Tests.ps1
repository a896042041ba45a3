#Requires -Version 7.2
<#
    The resource caps of tools/ResourceCaps.psd1 (rendered into docs/reliability.md): each cap with a
    parameter has it on every cmdlet named, with the default the table and the help page state; and
    the caps this branch added or exposed are hit, each giving the finding or error that names it.
    Offline (zone files) except the CNAME chain over the network path and the per-domain time
    budget, which use Knot DNS and a silent server on 127.0.0.1.
#>

BeforeDiscovery {
    $SkipKnot = -not (& { Import-Module (Join-Path $PSScriptRoot 'TestHelpers/KnotDns.psm1') -Force; Test-KnotDnsAvailable })
    if ($SkipKnot -and $env:CI -eq 'true') { $SkipKnot = $false }
    $Caps = (Import-PowerShellDataFile (Join-Path $PSScriptRoot '../../tools/ResourceCaps.psd1')).Caps
    $ParameterCases = foreach ($c in $Caps | Where-Object Parameter) {
        foreach ($cmd in $c.Cmdlet) { @{ Cap = $c.Cap; Cmdlet = $cmd; Parameter = $c.Parameter; DefaultValue = $c.DefaultValue } }
    }
}

BeforeAll {
    if (-not $env:MAILAUTHPS_MANIFEST) { throw 'MAILAUTHPS_MANIFEST is not set; run through build.ps1 Test.' }
    Import-Module $env:MAILAUTHPS_MANIFEST -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/KnotDns.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/FaultMatrix.psm1') -Force
    $Repo = $env:MAILAUTHPS_REPO
    $Work = Join-Path ([IO.Path]::GetTempPath()) ('mailauthps-caps-' + [guid]::NewGuid().ToString('n').Substring(0, 12))
    $null = New-Item -ItemType Directory $Work
    $key = New-DkimKey -Domain caps.test -Selector sel -PrivateKeyPath (Join-Path $Work 'sel.pem')
    $Zone = Join-Path $Work 'caps.zone'
    Set-Content -LiteralPath $Zone -Value @"
`$ORIGIN caps.test.
`$TTL 300
@ IN SOA ns hostmaster 1 3600 600 86400 300
@ IN NS ns
ns IN A 192.0.2.53
@ IN TXT "v=spf1 ip4:192.0.2.0/24 -all"
$($key.ZoneFileLine)
"@
}

AfterAll {
    if ($Work -and (Test-Path -LiteralPath $Work)) { Remove-Item -LiteralPath $Work -Recurse -Force }
}

Describe 'Every cap with a parameter: present, defaulted and documented as the table says' {
    It '<Cmdlet> -<Parameter> (<Cap>) defaults to <DefaultValue>' -ForEach $ParameterCases {
        $command = Get-Command $Cmdlet
        $command.Parameters.ContainsKey($Parameter) | Should -BeTrue
        # The default is what a fresh instance of the cmdlet class holds.
        $instance = [Activator]::CreateInstance($command.ImplementingType)
        $instance.$Parameter | Should -Be $DefaultValue
        $page = Get-Content -Raw (Join-Path $Repo "docs/$Cmdlet.md")
        $section = [regex]::Match($page, "(?s)### -$Parameter\b.*?``````yaml(.*?)``````").Groups[1].Value
        $section | Should -Match "Default value: $DefaultValue\b"
    }
}

Describe 'Message size: -MaxMessageSizeMB' {
    BeforeAll {
        $big = Join-Path $Work 'big.eml'
        $body = ('x' * 998 + "`r`n") * 1100      # about 1.1 MB
        Set-Content -LiteralPath $big -Value ("From: a@caps.test`r`nTo: b@example.net`r`nSubject: big`r`n`r`n" + $body) -NoNewline
        $small = Join-Path $Work 'small.eml'
        Set-Content -LiteralPath $small -Value "From: a@caps.test`r`nTo: b@example.net`r`nSubject: small`r`n`r`nhi`r`n" -NoNewline
    }

    It '<_> refuses a message over the cap with MessageTooLarge naming the parameter, and reads one under it' -ForEach 'Test-DkimSignature', 'Get-DmarcEvaluation', 'Test-ArcChain', 'Add-ArcSeal', 'Add-DkimSignature' {
        $cmd = $_
        $extra = switch ($cmd) {
            'Add-ArcSeal' { @{ Domain = 'caps.test'; Selector = 'sel'; PrivateKeyPath = (Join-Path $Work 'sel.pem'); AuthenticationResults = 'mx.caps.test; spf=pass'; ZoneFile = $Zone } }
            'Add-DkimSignature' { @{ Domain = 'caps.test'; Selector = 'sel'; PrivateKeyPath = (Join-Path $Work 'sel.pem') } }
            default { @{ ZoneFile = $Zone } }
        }
        $out = & $cmd -Path $big, $small -MaxMessageSizeMB 1 @extra -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'MessageTooLarge,*'
        $errs[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        "$($errs[0])" | Should -Match 'MaxMessageSizeMB 1'
        "$($errs[0])" | Should -Match ([regex]::Escape('big.eml'))
        @($out).Count | Should -BeGreaterOrEqual 1 -Because 'the small message is still checked'
        # Raised, the same file is read.
        $null = & $cmd -Path $big -MaxMessageSizeMB 2 @extra -ErrorVariable errs2 -ErrorAction SilentlyContinue
        @($errs2 | Where-Object FullyQualifiedErrorId -like 'MessageTooLarge,*').Count | Should -Be 0
    }
}

Describe 'DKIM signatures per message: -MaxSignatures' {
    It 'verifies the first N and reports the rest as not verified' {
        $m = Join-Path $Work 'signed0.eml'
        Set-Content -LiteralPath $m -Value "From: a@caps.test`r`nTo: b@example.net`r`nSubject: three`r`n`r`nhi`r`n" -NoNewline
        foreach ($i in 1..3) {
            $next = Join-Path $Work "signed$i.eml"
            Add-DkimSignature -Path $m -Domain caps.test -Selector sel -PrivateKeyPath (Join-Path $Work 'sel.pem') -OutFile $next
            $m = $next
        }
        $r = @(Test-DkimSignature -Path $m -MaxSignatures 2 -ZoneFile $Zone)
        $r.Count | Should -Be 3
        @($r | Where-Object { "$($_.Result)" -eq 'pass' }).Count | Should -Be 2
        "$($r[2].Result)" | Should -Be 'neutral'
        "$($r[2].Reason)" | Should -Be 'NotVerified'
    }
}

Describe 'PTR questions of -ResolveSourceName: -MaxSourceNameLookups' {
    It 'asks for the largest sources up to the cap, marks the rest skipped and warns once, naming the cap' {
        $rz = Join-Path $Work 'ptr.zone'
        Set-Content -LiteralPath $rz -Value @"
`$ORIGIN 2.0.192.in-addr.arpa.
`$TTL 300
@ IN SOA ns.caps.test. hostmaster.caps.test. 1 3600 600 86400 300
@ IN NS ns.caps.test.
1 IN PTR one.caps.test.
"@
        $reports = foreach ($source in @('192.0.2.1', 50), @('192.0.2.2', 20), @('192.0.2.3', 5)) {
            $ip, $count = $source
            $xml = (New-FaultMatrixDmarcReport -SourceIP $ip -Domain caps.test) -replace '<count>3</count>', "<count>$count</count>"
            $f = Join-Path $Work "r-$ip.xml"
            Set-Content -LiteralPath $f -Value $xml
            $f
        }
        $summary = Import-DmarcReport -Path $reports | Measure-DmarcReport -ResolveSourceName -MaxSourceNameLookups 2 -ZoneFile $rz -WarningVariable warns -WarningAction SilentlyContinue
        $by = @{}; foreach ($g in $summary.BySourceIP) { $by[$g.Name] = $g }
        $by['192.0.2.1'].HostNameStatus | Should -Be 'found'
        $by['192.0.2.1'].HostName | Should -Be 'one.caps.test'
        $by['192.0.2.2'].HostNameStatus | Should -Be 'none'
        $by['192.0.2.3'].HostNameStatus | Should -Be 'skipped'
        $warns.Count | Should -Be 1
        "$($warns[0])" | Should -Match 'SourceNameLookupCapReached'
        "$($warns[0])" | Should -Match 'MaxSourceNameLookups 2'
    }
}

Describe 'CNAME chain: 8 hops' -Skip:$SkipKnot {
    BeforeAll {
        # n0 -> n1 -> ... -> n10 (TXT): ten hops; n3 -> ... -> n10: seven, inside the cap.
        $body = (0..9 | ForEach-Object { "n$_ IN CNAME n$($_ + 1)" }) -join "`n"
        $body += "`nn10 IN TXT `"v=spf1 -all`""
        $ChainZone = Join-Path $Work 'chain.zone'
        $zoneText = New-TestZoneText -Apex 'chain.test' -Body $body
        Set-Content -LiteralPath $ChainZone -Value $zoneText
        $Knot = Start-KnotDns -Zone @{ 'chain.test' = $zoneText } -StartTimeoutSec 60
    }
    AfterAll { if ($Knot) { Stop-KnotDns -Server $Knot } }

    It 'a chain longer than the cap is temperror naming the CNAME chain, over the network (<_>)' -ForEach 'network', 'zone file' {
        $dns = if ($_ -eq 'network') { @{ Server = $Knot.Endpoint; DnsTimeoutSec = 2 } } else { @{ ZoneFile = $ChainZone } }
        $long = Get-SpfRecord n0.chain.test @dns
        "$($long.Status)" | Should -Be 'temperror'
        $long.Error | Should -Match 'CNAME chain'
        $short = Get-SpfRecord n3.chain.test @dns
        "$($short.Status)" | Should -Be 'found'
    }
}

Describe 'Retries and the per-domain time budget of Test-MailDomain (-TimeBudgetSec)' -Skip:$SkipKnot {
    BeforeAll { $Silent = Start-SilentUdpServer }
    AfterAll { if ($Silent) { $Silent.Stop() } }

    It 'a question nobody answers is asked twice (one retry) and gives temperror after 2 x -DnsTimeoutSec' {
        $before = $Silent.GetReceivedCount()
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $r = Get-SpfRecord retry.test -Server $Silent.Endpoint -DnsTimeoutSec 1
        $sw.Stop()
        "$($r.Status)" | Should -Be 'temperror'
        $Silent.GetReceivedCount() - $before | Should -Be 2
        $sw.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 1.9
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 6
    }

    It 'ends a domain at the budget, not at the DNS timeouts, with TimeBudgetExceeded areas' {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $r = Test-MailDomain budget.test -Server $Silent.Endpoint -DnsTimeoutSec 20 -TimeBudgetSec 2
        $sw.Stop()
        # One question alone would take 20 s, twice; the budget is 2 s. Slack for a loaded machine.
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 8
        "$($r.Status)" | Should -Be 'temperror'
        $r.Areas.Count | Should -BeGreaterThan 0
        foreach ($a in $r.Areas) {
            "$($a.Status)" | Should -Be 'temperror'
            $a.Findings.Id | Should -Contain 'MailDomain.TimeBudgetExceeded'
        }
        ($r.Findings | Where-Object Id -eq 'MailDomain.TimeBudgetExceeded' | Select-Object -First 1).Message | Should -Match 'TimeBudgetSec'
    }
}
