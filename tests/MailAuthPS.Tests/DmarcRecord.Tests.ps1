#Requires -Version 7.2
<#
    Get-DmarcRecord and Test-DmarcRecord against the staged module ($env:MAILAUTHPS_MANIFEST). Offline: the sample
    zones, with expected values taken from samples/README.md (derived there from RFC 9989/9990 by hand, not from running
    MailAuthPS), and zones generated in a temporary folder for the tree walk.
#>

BeforeAll {
    if (-not $env:MAILAUTHPS_MANIFEST) { throw 'MAILAUTHPS_MANIFEST is not set; run through build.ps1 Test.' }
    Import-Module $env:MAILAUTHPS_MANIFEST -Force
    $Repo = $env:MAILAUTHPS_REPO
    $Zones = Join-Path $Repo 'samples/zones/*.zone'
    $Work = Join-Path ([IO.Path]::GetTempPath()) ('mailauthps-dmarc-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory $Work

    function Get-Id { param($Result) @($Result.Findings | ForEach-Object Id) }
    function Get-Bad { param($Result) @($Result.Findings | Where-Object { "$($_.Severity)" -in 'Warning', 'Error' }) }
    # A zone file in $Work; -Body holds records relative to the apex.
    function New-Zone {
        param([string] $Apex, [string] $Body)
        $path = Join-Path $Work "$Apex.zone"
        Set-Content -LiteralPath $path -Value "`$ORIGIN $Apex.`n`$TTL 300`n@ IN SOA ns1 hostmaster 1 3600 600 86400 300`n@ IN NS ns1`nns1 IN A 192.0.2.53`n$Body`n"
        $path
    }
}

AfterAll {
    Remove-Item -Recurse -Force $Work -ErrorAction Ignore
}

Describe 'The DMARC commands' {
    It '<Name> declares its output type and has a table view' -ForEach @(
        @{ Name = 'Get-DmarcRecord'; Type = 'MailAuth.Dmarc.DmarcRecordResult'; Header = 'Domain\s+Status\s+Policy\s+RecordName\s+Findings\s+Record' }
        @{ Name = 'Test-DmarcRecord'; Type = 'MailAuth.Dmarc.DmarcLintResult'; Header = 'Domain\s+Status\s+Policy\s+Severity\s+Findings' }
    ) {
        (Get-Command $Name).OutputType.Name | Should -Contain $Type
        (Get-FormatData -TypeName $Type).FormatViewDefinition.Control.GetType().Name | Should -Be 'TableControl'
        $text = & $Name trey-research.example -ZoneFile $Zones | Format-Table | Out-String -Width 250
        $text | Should -Match $Header
        $text | Should -Match 'trey-research\.example\s+found\s+reject'
    }

    It 'has table views for the parts of a result' {
        foreach ($t in 'DmarcDiscoveryStep', 'DmarcTag', 'DmarcReportUri', 'DmarcReportDestination') {
            (Get-FormatData -TypeName "MailAuth.Dmarc.$t").FormatViewDefinition.Control.GetType().Name | Should -Be 'TableControl'
        }
        $text = (Get-DmarcRecord lucerne-publishing.example -ZoneFile $Zones).Steps | Format-Table | Out-String -Width 200
        $text | Should -Match '_dmarc\.lucerne-publishing\.example\s+NXDOMAIN'
    }

    It 'Get-DmarcRecord takes -Domain at position 0 and from the pipeline, like Get-SpfRecord' {
        $domain = (Get-Command Get-DmarcRecord).Parameters['Domain']
        $spf = (Get-Command Get-SpfRecord).Parameters['Domain']
        $domain.Aliases | Should -Be $spf.Aliases
        $domain.ParameterSets['__AllParameterSets'].Position | Should -Be 0
        $domain.ParameterSets['__AllParameterSets'].ValueFromPipeline | Should -BeTrue
        $domain.ParameterSets['__AllParameterSets'].ValueFromPipelineByPropertyName | Should -BeTrue
    }

    It 'Test-DmarcRecord has a Domain set (default) and a Record set' {
        $cmd = Get-Command Test-DmarcRecord
        $cmd.DefaultParameterSet | Should -Be 'Domain'
        @($cmd.ParameterSets.Name | Sort-Object) | Should -Be @('Domain', 'Record')
        $cmd.Parameters['Domain'].ParameterSets['Domain'].Position | Should -Be 0
        $cmd.Parameters['Domain'].ParameterSets['Record'].IsMandatory | Should -BeFalse
        $cmd.Parameters['Record'].ParameterSets['Record'].IsMandatory | Should -BeTrue
    }

    It '-DiscoveryMode accepts TreeWalk and PublicSuffixList, TreeWalk by default' {
        foreach ($name in 'Get-DmarcRecord', 'Test-DmarcRecord') {
            $set = (Get-Command $name).Parameters['DiscoveryMode'].Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] }
            @($set.ValidValues) | Should -Be @('TreeWalk', 'PublicSuffixList')
        }
        "$((Get-DmarcRecord contoso-retail.example -ZoneFile $Zones).DiscoveryMode)" | Should -Be 'TreeWalk'
        "$((Get-DmarcRecord contoso-retail.example -ZoneFile $Zones -DiscoveryMode publicsuffixlist).DiscoveryMode)" | Should -Be 'PublicSuffixList'
        { Get-DmarcRecord contoso-retail.example -ZoneFile $Zones -DiscoveryMode Psl } | Should -Throw -ErrorId 'ParameterArgumentValidationError,MailAuthPS.Commands.GetDmarcRecordCommand'
    }
}

Describe 'Get-DmarcRecord over the sample zones' {
    BeforeAll {
        $Rows = Import-Csv (Join-Path $Repo 'samples/domains.csv')
        $All = @{}
        $Rows | Get-DmarcRecord -ZoneFile $Zones | ForEach-Object { $All[$_.Domain] = $_ }
        $Psl = @{}
        $Rows | Get-DmarcRecord -ZoneFile $Zones -DiscoveryMode PublicSuffixList | ForEach-Object { $Psl[$_.Domain] = $_ }
        # samples/README.md, "DMARC detail (RFC 9989)": the _dmarc record of each customer domain.
        $quarantine = 'adventure-works.example', 'litware-books.example', 'fourth-coffee.example', 'alpine-ski-house.example', 'southridge-video.example', 'fineart-school.test'
        $special = @{
            'northwind-traders.example'     = 'v=DMARC1; p=reject; sp=reject; adkim=s; aspf=s; rua=mailto:dmarc-rua@northwind-traders.example'
            'contoso-retail.example'        = 'v=DMARC1; p=reject; rua=mailto:contoso-retail@dmarc-insights.example'
            'fabrikam-parked.example'       = 'v=DMARC1; p=reject; sp=reject; adkim=s; aspf=s'
            'proseware.example'             = 'v=DMARC1; p=none'
            'lucerne-publishing.example'    = $null
            'relecloud.example'             = 'v=DMARC1; p=quarantine; pct=50; rua=mailto:dmarc@relecloud.example'
            'trey-research.example'         = 'v=DMARC1; p=reject; rua=mailto:trey-research@dmarc-insights.example'
            'graphic-design-institute.test' = 'v=DMARC1; p=none; rua=mailto:dmarc@graphic-design-institute.test'
        }
        $Expected = @{}
        foreach ($d in $Rows.DomainName) {
            $Expected[$d] = if ($special.ContainsKey($d)) { $special[$d] }
            elseif ($d -in $quarantine) { "v=DMARC1; p=quarantine; rua=mailto:dmarc@$d" }
            else { "v=DMARC1; p=reject; rua=mailto:dmarc@$d" }
        }
    }

    It 'finds the record the README lists for every domain, in input order' {
        ($Rows | Get-DmarcRecord -ZoneFile $Zones -ThrottleLimit 3).Domain | Should -Be $Rows.DomainName
        foreach ($d in $Rows.DomainName) {
            $r = $All[$d]
            if ($null -eq $Expected[$d]) { continue }
            "$($r.Status)" | Should -Be 'found' -Because $d
            $r.Record | Should -BeExactly $Expected[$d] -Because $d
            $r.RecordName | Should -Be "_dmarc.$d"
            "$($r.PolicySource)" | Should -Be 'Domain'
            $r.OrganizationalDomain | Should -Be $d -Because 'no sample zone has a record above the customer domain'
        }
    }

    It 'gives every domain the policy of its p tag' {
        foreach ($d in $Rows.DomainName | Where-Object { $Expected[$_] }) {
            $p = [regex]::Match($Expected[$d], 'p=(\w+)').Groups[1].Value
            "$($All[$d].EffectivePolicy)" | Should -Be $p -Because $d
            "$($All[$d].Policy)" | Should -Be $p
        }
    }

    It 'finds no policy for lucerne-publishing, whose record is at the wrong name' {
        # README row 16: _dmarc.lucerne-publishing.example does not exist and the walk (_dmarc.example) finds nothing.
        $r = $All['lucerne-publishing.example']
        "$($r.Status)" | Should -Be 'none'
        $r.Record | Should -BeNullOrEmpty
        $r.Steps.Name | Should -Be @('_dmarc.lucerne-publishing.example', '_dmarc.example')
        @($r.Steps | ForEach-Object { "$($_.Outcome)" }) | Should -Be @('NxDomain', 'NxDomain')
        Get-Id $r | Should -Be @('Dmarc.NoRecord')
    }

    It 'types the tags of <_>' -ForEach @('northwind-traders.example') {
        $r = $All[$_]
        "$($r.SubdomainPolicy)" | Should -Be 'reject'
        "$($r.DkimAlignment)" | Should -Be 'strict'
        "$($r.SpfAlignment)" | Should -Be 'strict'
        $r.AggregateReportUris.Address | Should -Be 'dmarc-rua@northwind-traders.example'
        $r.AggregateReportUris.Host | Should -Be 'northwind-traders.example'
        $r.FailureReportingOptions | Should -Be '0'
        $r.TestMode | Should -BeFalse
        "$($r.Psd)" | Should -Be 'u'
        $r.Ttl | Should -Be 3600
        $r.Tags.Name | Should -Be @('v', 'p', 'sp', 'adkim', 'aspf', 'rua')
        $r.Findings | Should -BeNullOrEmpty
    }

    It 'reads the legacy pct of relecloud' {
        $All['relecloud.example'].Percent | Should -Be 50
        "$($All['relecloud.example'].Tags[2].Kind)" | Should -Be 'Removed'
    }

    It 'gives the same answers with the public suffix list for these zones' {
        # No sample zone publishes a record above a customer domain or a psd tag, so RFC 7489 discovery agrees.
        foreach ($d in $Rows.DomainName) {
            "$($Psl[$d].Status)" | Should -Be "$($All[$d].Status)" -Because $d
            $Psl[$d].Record | Should -Be $All[$d].Record
            $Psl[$d].OrganizationalDomain | Should -Be $d
            "$($Psl[$d].OrganizationalDomainBasis)" | Should -Be 'PublicSuffixList'
        }
        $Psl['lucerne-publishing.example'].Steps.Name | Should -Be @('_dmarc.lucerne-publishing.example')
    }

    It 'applies the organizational domain policy to a subdomain through sp' {
        # mx1.northwind-traders.example has no _dmarc record; the walk reaches _dmarc.northwind-traders.example.
        $r = Get-DmarcRecord mx1.northwind-traders.example -ZoneFile $Zones
        "$($r.PolicySource)" | Should -Be 'OrganizationalDomain'
        $r.RecordName | Should -Be '_dmarc.northwind-traders.example'
        $r.DomainExists | Should -BeTrue
        "$($r.PolicyScope)" | Should -Be 'Subdomain'
        "$($r.EffectivePolicy)" | Should -Be 'reject'
        $r.Steps.Name | Should -Be @('_dmarc.mx1.northwind-traders.example', '_dmarc.northwind-traders.example', '_dmarc.example')
    }
}

Describe 'Get-DmarcRecord tree walk through zone files' {
    BeforeAll {
        # A zone under a made-up TLD "walk.test" with the cases RFC 9989 §4.10 names.
        $Walk = New-Zone 'walk.test' @'
_dmarc                     IN TXT "v=DMARC1; p=reject; psd=y"
_dmarc.giant               IN TXT "v=DMARC1; p=quarantine"
_dmarc.org.mega            IN TXT "v=DMARC1; p=reject; sp=none; psd=n"
host.org.mega              IN A 192.0.2.10
_dmarc.every               IN TXT "v=DMARC1; p=none; rua=mailto:d@every.walk.test"
_dmarc.a.every             IN TXT "v=DMARC1; p=quarantine; rua=mailto:d@every.walk.test"
_dmarc.b.a.every           IN TXT "v=DMARC1; p=reject; rua=mailto:d@every.walk.test"
c.b.a.every                IN A 192.0.2.11
a.b.c.d.e.f.g.h.i.deep     IN A 192.0.2.12
_dmarc.c.d.e.f.g.h.i.deep  IN TXT "v=DMARC1; p=reject"
'@
        function Walk { param($Domain, $Mode = 'TreeWalk') Get-DmarcRecord $Domain -ZoneFile $Walk -DiscoveryMode $Mode }
    }

    It 'uses the PSD record (psd=y) for a domain without one, with the organizational domain one label below' {
        $r = Walk 'x.nobody.walk.test'
        "$($r.PolicySource)" | Should -Be 'PublicSuffixDomain'
        $r.OrganizationalDomain | Should -Be 'nobody.walk.test'
        "$($r.OrganizationalDomainBasis)" | Should -Be 'BelowPsdYes'
        # x.nobody.walk.test does not exist: np is absent and sp is absent, so p applies (RFC 9989 §4.7 np).
        $r.DomainExists | Should -BeFalse
        "$($r.EffectivePolicy)" | Should -Be 'reject'
        $r.Steps.Name | Should -Be @('_dmarc.x.nobody.walk.test', '_dmarc.nobody.walk.test', '_dmarc.walk.test')
    }

    It 'stops at psd=n and applies its sp' {
        $r = Walk 'host.org.mega.walk.test'
        $r.OrganizationalDomain | Should -Be 'org.mega.walk.test'
        "$($r.OrganizationalDomainBasis)" | Should -Be 'PsdNo'
        "$($r.EffectivePolicy)" | Should -Be 'none'
        $r.Steps.Count | Should -Be 2
    }

    It 'uses the domain''s own record when every level has one, and the fewest-labels record as organizational domain' {
        $r = Walk 'b.a.every.walk.test'
        "$($r.PolicySource)" | Should -Be 'Domain'
        "$($r.EffectivePolicy)" | Should -Be 'reject'
        # Walk: b.a.every, a.every, every, walk.test (psd=y: stop) -> one label below walk.test.
        $r.OrganizationalDomain | Should -Be 'every.walk.test'
        $r.Steps.Count | Should -Be 4
    }

    It 'takes a subdomain''s policy from the organizational domain, not from the nearer record' {
        # RFC 9989 §4.10.1 and §4.10.2: c.b.a.every has no record; the organizational domain is every.walk.test.
        $r = Walk 'c.b.a.every.walk.test'
        $r.PolicyDomain | Should -Be 'every.walk.test'
        "$($r.EffectivePolicy)" | Should -Be 'none'
    }

    It 'jumps from 12 labels to 7, so a record at 9 labels is never asked' {
        $r = Walk 'a.b.c.d.e.f.g.h.i.deep.walk.test'
        # 12 labels, then 7, 6, 5, 4, 3 and 2 (walk.test, psd=y: the walk stops before _dmarc.test).
        $r.Steps.Count | Should -Be 7
        $r.Steps[1].Name | Should -Be '_dmarc.f.g.h.i.deep.walk.test'
        $r.Steps.Name | Should -Not -Contain '_dmarc.c.d.e.f.g.h.i.deep.walk.test'
        # The record at c.d.e.f.g.h.i.deep (9 labels) is never asked: the PSD's record applies.
        "$($r.PolicySource)" | Should -Be 'PublicSuffixDomain'
    }

    It 'differs from RFC 7489 where the public suffix list knows nothing of psd' {
        # "walk.test" is not in the public suffix list, so by RFC 7489 the organizational domain of
        # host.org.mega.walk.test is walk.test, whose record applies; by RFC 9989, psd=n makes it org.mega.walk.test.
        $psl = Walk 'host.org.mega.walk.test' 'PublicSuffixList'
        $psl.OrganizationalDomain | Should -Be 'walk.test'
        $psl.PolicyDomain | Should -Be 'walk.test'
        "$($psl.EffectivePolicy)" | Should -Be 'reject'
        (Walk 'host.org.mega.walk.test').PolicyDomain | Should -Be 'org.mega.walk.test'
    }
}

Describe 'Test-DmarcRecord over the sample zones' {
    BeforeAll {
        $All = @{}
        Import-Csv (Join-Path $Repo 'samples/domains.csv') | Test-DmarcRecord -ZoneFile $Zones | ForEach-Object { $All[$_.Domain] = $_ }
    }

    It 'reports <Id> (<Severity>) for <Domain>' -ForEach @(
        # samples/README.md rows 9, 16, 17, 18, 25.
        @{ Domain = 'proseware.example'; Id = 'Dmarc.PolicyNone'; Severity = 'Warning' }
        @{ Domain = 'proseware.example'; Id = 'Dmarc.NoAggregateReports'; Severity = 'Warning' }
        @{ Domain = 'lucerne-publishing.example'; Id = 'Dmarc.RecordAtWrongName'; Severity = 'Error' }
        @{ Domain = 'lucerne-publishing.example'; Id = 'Dmarc.NoRecord'; Severity = 'Warning' }
        @{ Domain = 'relecloud.example'; Id = 'Dmarc.RemovedTag'; Severity = 'Warning' }
        @{ Domain = 'trey-research.example'; Id = 'Dmarc.ExternalDestinationNotAuthorized'; Severity = 'Warning' }
        @{ Domain = 'graphic-design-institute.test'; Id = 'Dmarc.PolicyNone'; Severity = 'Warning' }
    ) {
        $f = @($All[$Domain].Findings | Where-Object Id -EQ $Id)
        $f.Count | Should -Be 1 -Because "$Domain should report $Id once"
        "$($f[0].Severity)" | Should -Be $Severity
        $f[0].Reference | Should -Match '^RFC '
        $f[0].Remediation | Should -Not -BeNullOrEmpty
    }

    It 'finds nothing wrong with <_>' -ForEach @(
        # The good rows and every customer domain the README lists as enforcement with rua to itself.
        'northwind-traders.example', 'contoso-retail.example', 'adventure-works.example', 'adatum-logistics.example',
        'tailspin-toys.example', 'wingtip-outfitters.example', 'litware-books.example', 'fourth-coffee.example',
        'blue-yonder-air.example', 'alpine-ski-house.example', 'margies-travel.example', 'woodgrove-bank.example',
        'humongous-insurance.example', 'coho-winery.example', 'southridge-video.example', 'fineart-school.test',
        'cpandl.test', 'wideworld-importers.test', 'firstup-consultants.test'
    ) {
        $r = $All[$_]
        "$($r.Status)" | Should -Be 'found'
        $r.Findings | Should -BeNullOrEmpty
    }

    It 'has at most Info for the parked fabrikam-parked.example without rua' {
        # README row 3: "No rua is allowed (rua is OPTIONAL, RFC 9989 §4.7): at most Info".
        Get-Bad $All['fabrikam-parked.example'] | Should -BeNullOrEmpty
        Get-Id $All['fabrikam-parked.example'] | Should -Be @('Dmarc.NoAggregateReports')
    }

    It 'verifies contoso-retail''s external rua and refuses trey-research''s' {
        # README rows 2 and 18, RFC 9990 §4.
        $c = $All['contoso-retail.example'].ReportDestinations
        $c.Count | Should -Be 1
        $c[0].AuthorizationName | Should -Be 'contoso-retail.example._report._dmarc.dmarc-insights.example'
        "$($c[0].Authorization)" | Should -Be 'Authorized'
        $c[0].IsExternal | Should -BeTrue
        $c[0].WillReceiveReports | Should -BeTrue
        $t = $All['trey-research.example'].ReportDestinations
        $t[0].AuthorizationName | Should -Be 'trey-research.example._report._dmarc.dmarc-insights.example'
        "$($t[0].Authorization)" | Should -Be 'NotAuthorized'
        $t[0].WillReceiveReports | Should -BeFalse
        $n = $All['northwind-traders.example'].ReportDestinations
        "$($n[0].Authorization)" | Should -Be 'NotRequired'
    }

    It 'says pct=50 only halves the policy for RFC 7489 receivers' {
        # README row 17: under RFC 7489 (§6.6.4) pct=50 asked for 50 % sampling.
        $r = Test-DmarcRecord relecloud.example -ZoneFile $Zones -DiscoveryMode PublicSuffixList
        Get-Id $r | Should -Contain 'Dmarc.TestingMode'
        Get-Id $r | Should -Contain 'Dmarc.RemovedTag'
        Get-Id $All['relecloud.example'] | Should -Not -Contain 'Dmarc.TestingMode'
    }

    It 'binds every row of the CSV by property name and keeps input order' {
        $rows = Import-Csv (Join-Path $Repo 'samples/domains.csv')
        ($rows | Test-DmarcRecord -ZoneFile $Zones -ThrottleLimit 4).Domain | Should -Be $rows.DomainName
    }
}

Describe 'Test-DmarcRecord -Record' {
    It 'checks a proposed record at the given domain, including its external destinations' {
        $r = Test-DmarcRecord -Record 'v=DMARC1; p=quarantine; sp=none; rua=mailto:x@dmarc-insights.example' -Domain proseware.example -ZoneFile $Zones
        $r.FromRecordText | Should -BeTrue
        "$($r.EffectivePolicy)" | Should -Be 'quarantine'
        Get-Id $r | Should -Be @('Dmarc.WeakSubdomainPolicy', 'Dmarc.ExternalDestinationNotAuthorized')
        $r.ReportDestinations[0].AuthorizationName | Should -Be 'proseware.example._report._dmarc.dmarc-insights.example'
    }

    It 'places a record without -Domain at example.invalid and checks no destination' {
        $r = Test-DmarcRecord -Record 'v=DMARC1; p=reject; rua=mailto:x@dmarc-insights.example' -ZoneFile $Zones
        $r.Domain | Should -Be 'example.invalid'
        $r.Findings | Should -BeNullOrEmpty
        "$($r.ReportDestinations[0].Authorization)" | Should -Be 'NotChecked'
    }

    It 'names the tag and position of a syntax error' {
        $r = Test-DmarcRecord -Record 'v=DMARC1; p=reject; adkim=x' -ZoneFile $Zones
        ($r.Findings | Where-Object Id -EQ 'Dmarc.SyntaxError').Message | Should -Match "'adkim=x' at position 21"
    }

    It 'explains a text receivers would not recognise' {
        $r = Test-DmarcRecord -Record 'v=DMARC1 p=reject' -ZoneFile $Zones
        "$($r.Status)" | Should -Be 'none'
        Get-Id $r | Should -Contain 'Dmarc.SyntaxError'
    }

    It 'writes one result per domain given' {
        (Test-DmarcRecord -Record 'v=DMARC1; p=reject' -Domain a.example, b.example -ZoneFile $Zones).Domain | Should -Be @('a.example', 'b.example')
    }
}

Describe 'DMARC command errors and failures' {
    It 'writes InvalidDomainName for a bad input in its place and goes on (<_>)' -ForEach @('Get-DmarcRecord', 'Test-DmarcRecord') {
        $out = 'relecloud.example', 'bad..name', 'proseware.example' | & $_ -ZoneFile $Zones -ErrorVariable errs -ErrorAction SilentlyContinue
        $out.Domain | Should -Be @('relecloud.example', 'proseware.example')
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be "InvalidDomainName,MailAuthPS.Commands.$($_ -replace '-', '')Command"
        "$($errs[0].CategoryInfo.Category)" | Should -Be 'InvalidArgument'
        $errs[0].TargetObject | Should -Be 'bad..name'
    }

    It 'reports a DNS server that does not answer as temperror, never none' {
        $listener = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
        try {
            # Bound but silent: every query times out.
            $port = $listener.Client.LocalEndPoint.Port
            $r = Get-DmarcRecord example.com -Server "127.0.0.1:$port" -DnsTimeoutSec 1
            "$($r.Status)" | Should -Be 'temperror'
            $r.Error | Should -Not -BeNullOrEmpty
            Get-Id $r | Should -Be @('Dmarc.DnsTemporaryFailure')
        }
        finally { $listener.Dispose() }
    }
}

Describe 'The help examples run as written' {
    BeforeDiscovery {
        $Examples = foreach ($page in 'Get-DmarcRecord', 'Test-DmarcRecord') {
            $text = Get-Content -Raw (Join-Path $env:MAILAUTHPS_REPO "docs/$page.md")
            $n = 0
            foreach ($m in [regex]::Matches($text, '(?ms)^### (Example \d+[^\r\n]*)\r?\n```powershell\r?\n(.*?)```')) {
                $n++
                @{ Page = $page; Title = $m.Groups[1].Value; Code = $m.Groups[2].Value }
            }
        }
    }

    It '<Page> <Title>' -ForEach $Examples {
        # Only the examples that use the sample zones run here; all of them do for these two pages.
        $Code | Should -Match 'samples/zones'
        Push-Location $Repo
        try {
            $out = & ([scriptblock]::Create($Code)) -ErrorAction Stop 6>&1 | Out-String
            $out | Should -Not -BeNullOrEmpty
        }
        finally { Pop-Location }
    }
}
