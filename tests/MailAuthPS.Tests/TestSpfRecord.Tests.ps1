#Requires -Version 7.2
<#
    Test-SpfRecord against the staged module ($env:MAILAUTHPS_MANIFEST). Offline: the sample zones
    (expected values from samples/README.md, derived there from RFC 7208 by hand), zones generated
    in a temporary folder, and Knot DNS on 127.0.0.1 for a record of type 99.
#>

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/KnotDns.psm1') -Force
    $SkipWithoutKnot = (-not (Test-KnotDnsAvailable)) -and $env:CI -ne 'true'
}

BeforeAll {
    if (-not $env:MAILAUTHPS_MANIFEST) { throw 'MAILAUTHPS_MANIFEST is not set; run through build.ps1 Test.' }
    Import-Module $env:MAILAUTHPS_MANIFEST -Force
    $Repo = $env:MAILAUTHPS_REPO
    $Zones = Join-Path $Repo 'samples/zones/*.zone'
    $Work = Join-Path ([IO.Path]::GetTempPath()) ('mailauthps-testspf-' + [guid]::NewGuid().ToString('n'))
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

Describe 'Test-SpfRecord: the command' {
    It 'declares its output type and has a table view' {
        (Get-Command Test-SpfRecord).OutputType.Name | Should -Contain 'MailAuth.Spf.SpfLintResult'
        (Get-FormatData -TypeName 'MailAuth.Spf.SpfLintResult').FormatViewDefinition.Control.GetType().Name | Should -Be 'TableControl'
        $text = Test-SpfRecord fourth-coffee.example -ZoneFile $Zones | Format-Table | Out-String -Width 200
        $text | Should -Match 'Domain\s+Status\s+Lookups\s+Voids\s+Severity\s+Findings'
        $text | Should -Match 'fourth-coffee\.example\s+found\s+12\s+0\s+Error\s+Spf\.TooManyDnsLookups'
    }

    It 'has a Domain set (default, positional, from the pipeline) and a Record set' {
        $cmd = Get-Command Test-SpfRecord
        $cmd.DefaultParameterSet | Should -Be 'Domain'
        @($cmd.ParameterSets.Name | Sort-Object) | Should -Be @('Domain', 'Record')
        $domain = $cmd.Parameters['Domain']
        $domain.Aliases | Should -Be @('DomainName', 'Name')
        $domain.ParameterSets['Domain'].Position | Should -Be 0
        $domain.ParameterSets['Domain'].ValueFromPipeline | Should -BeTrue
        $domain.ParameterSets['Record'].IsMandatory | Should -BeFalse
        $cmd.Parameters['Record'].ParameterSets['Record'].IsMandatory | Should -BeTrue
    }
}

Describe 'Test-SpfRecord over the sample zones' {
    BeforeAll {
        $All = @{}
        Import-Csv (Join-Path $Repo 'samples/domains.csv') | Test-SpfRecord -ZoneFile $Zones | ForEach-Object { $All[$_.Domain] = $_ }
    }

    It 'gives <Domain> status <Status>, <Lookups> lookups, <Voids> voids and <Id>' -ForEach @(
        # samples/README.md, rows 4-14 and the SPF detail table.
        @{ Domain = 'adventure-works.example'; Status = 'none'; Lookups = 0; Voids = 0; Id = 'Spf.NoRecord'; Severity = 'Warning' }
        @{ Domain = 'adatum-logistics.example'; Status = 'permerror'; Lookups = 0; Voids = 0; Id = 'Spf.MultipleRecords'; Severity = 'Error' }
        @{ Domain = 'tailspin-toys.example'; Status = 'permerror'; Lookups = $null; Voids = $null; Id = 'Spf.SyntaxError'; Severity = 'Error' }
        @{ Domain = 'wingtip-outfitters.example'; Status = 'permerror'; Lookups = $null; Voids = $null; Id = 'Spf.SyntaxError'; Severity = 'Error' }
        @{ Domain = 'litware-books.example'; Status = 'found'; Lookups = 1; Voids = 0; Id = 'Spf.PassAll'; Severity = 'Error' }
        @{ Domain = 'proseware.example'; Status = 'found'; Lookups = 1; Voids = 0; Id = 'Spf.NeutralAll'; Severity = 'Warning' }
        @{ Domain = 'fourth-coffee.example'; Status = 'found'; Lookups = 12; Voids = 0; Id = 'Spf.TooManyDnsLookups'; Severity = 'Error' }
        @{ Domain = 'blue-yonder-air.example'; Status = 'found'; Lookups = 4; Voids = 3; Id = 'Spf.TooManyVoidLookups'; Severity = 'Error' }
        @{ Domain = 'alpine-ski-house.example'; Status = 'found'; Lookups = 2; Voids = 1; Id = 'Spf.IncludeWithoutRecord'; Severity = 'Error' }
        @{ Domain = 'margies-travel.example'; Status = 'found'; Lookups = 2; Voids = 0; Id = 'Spf.PtrMechanism'; Severity = 'Warning' }
        @{ Domain = 'woodgrove-bank.example'; Status = 'found'; Lookups = 0; Voids = 0; Id = 'Spf.RecordTooLarge'; Severity = 'Warning' }
        @{ Domain = 'fineart-school.test'; Status = 'permerror'; Lookups = $null; Voids = $null; Id = 'Spf.UnknownMechanism'; Severity = 'Error' }
    ) {
        $r = $All[$Domain]
        "$($r.Status)" | Should -Be $Status
        if ($null -ne $Lookups) { $r.DnsLookupCount | Should -Be $Lookups }
        if ($null -ne $Voids) { $r.VoidLookupCount | Should -Be $Voids }
        $f = @($r.Findings | Where-Object Id -EQ $Id)
        $f.Count | Should -BeGreaterThan 0 -Because "$Domain should report $Id"
        "$($f[0].Severity)" | Should -Be $Severity
        $f[0].Reference | Should -Match '^RFC '
        $f[0].Remediation | Should -Not -BeNullOrEmpty
    }

    It 'finds nothing wrong with <_>' -ForEach @(
        # The good rows, and records the README calls valid with their counts.
        'northwind-traders.example', 'contoso-retail.example', 'fabrikam-parked.example', 'humongous-insurance.example',
        'lucerne-publishing.example', 'relecloud.example', 'coho-winery.example', 'southridge-video.example'
    ) {
        $r = $All[$_]
        "$($r.Status)" | Should -Be 'found'
        Get-Bad $r | Should -BeNullOrEmpty
    }

    It 'counts humongous-insurance (joined mid-word) as 3 lookups' {
        $All['humongous-insurance.example'].DnsLookupCount | Should -Be 3
    }

    It 'names the offending term of a syntax error' {
        ($All['tailspin-toys.example'].Findings.Message -join ' ') | Should -Match 'ip4:192\.0\.2\.300'
        ($All['fineart-school.test'].Findings.Message -join ' ') | Should -Match '~al'
    }

    It 'says where the 12 lookups of fourth-coffee come from' {
        $m = ($All['fourth-coffee.example'].Findings | Where-Object Id -EQ 'Spf.TooManyDnsLookups').Message
        $m | Should -Match 'include:spf\.newsletter-cloud\.example 3'
        $m | Should -Match 'include:_spf\.crm-cloud\.example 4'
        $m | Should -Match 'include:spf\.helpdesk-saas\.example 2'
        @($All['fourth-coffee.example'].Tree.Root.Children.LookupCount) | Should -Be @(1, 3, 4, 2)
    }

    It 'names the three void lookups of blue-yonder-air' {
        $m = ($All['blue-yonder-air.example'].Findings | Where-Object Id -EQ 'Spf.TooManyVoidLookups').Message
        foreach ($host_ in 'smtp-old', 'relay-dc2', 'mailgw-legacy') { $m | Should -Match $host_ }
    }

    It 'binds every row of the CSV by property name and keeps input order' {
        $rows = Import-Csv (Join-Path $Repo 'samples/domains.csv')
        ($rows | Test-SpfRecord -ZoneFile $Zones -ThrottleLimit 3).Domain | Should -Be $rows.DomainName
    }
}

Describe 'Test-SpfRecord -Record' {
    It 'checks a proposed record at the given domain, looking up its includes' {
        $r = Test-SpfRecord -Record 'v=spf1 mx include:_spf.mailhost-provider.example ip4:192.0.2.1/24 ~all' -Domain contoso-retail.example -ZoneFile $Zones
        $r.Domain | Should -Be 'contoso-retail.example'
        "$($r.Status)" | Should -Be 'found'
        $r.DnsLookupCount | Should -Be 2
        Get-Id $r | Should -Be @('Spf.NetworkHostBitsSet')
        $r.Tree.FromRecordText | Should -BeTrue
    }

    It 'places a record without -Domain at example.invalid and does not query it' {
        $r = Test-SpfRecord -Record 'v=spf1 a mx -all' -ZoneFile $Zones
        $r.Domain | Should -Be 'example.invalid'
        $r.DnsLookupCount | Should -Be 2
        $r.VoidLookupCount | Should -Be 0
        $r.Findings | Should -BeNullOrEmpty
    }

    It 'writes one result per domain given' {
        $r = Test-SpfRecord -Record 'v=spf1 -all' -Domain a.example, b.example -ZoneFile $Zones
        $r.Domain | Should -Be @('a.example', 'b.example')
    }

    It 'reports a syntax error in the text with its position' {
        $r = Test-SpfRecord -Record 'v=spf1 ip4:192.0.2.0/33 -all' -ZoneFile $Zones
        "$($r.Status)" | Should -Be 'permerror'
        ($r.Findings | Where-Object Id -EQ 'Spf.SyntaxError').Message | Should -Match 'position 8'
    }

    It 'notes a Sender ID text as obsolete' {
        Get-Id (Test-SpfRecord -Record 'spf2.0/mfrom,pra ip4:192.0.2.0/24 -all' -ZoneFile $Zones) | Should -Contain 'Spf.SenderIdRecord'
    }
}

Describe 'Test-SpfRecord findings from generated zones' {
    BeforeAll {
        $Lint = New-Zone 'lint.test' @'
@           IN TXT "v=spf1 redirect=_spf.lint.test ip4:192.0.2.0/24 -all"
@           IN TXT "spf2.0/mfrom,pra ip4:192.0.2.0/24 -all"
loop        IN TXT "v=spf1 include:loop2.lint.test -all"
loop2       IN TXT "v=spf1 include:loop.lint.test -all"
noall       IN TXT "v=spf1 ip4:192.0.2.0/24"
after       IN TXT "v=spf1 -all a:host.lint.test"
modifier    IN TXT "v=spf1 -all redirct=_spf.lint.test"
macro       IN TXT "v=spf1 exists:%{q}.lint.test -all"
sender      IN TXT "v=spf1 exists:%{i}._spf.%{d} -all"
nospf       IN TXT "v=spf1 include:plain.lint.test -all"
plain       IN TXT "just text"
redirnone   IN TXT "v=spf1 redirect=missing.lint.test"
_spf        IN TXT "v=spf1 -all"
'@
    }

    It 'reports <Id> for <Name>' -ForEach @(
        @{ Name = 'lint.test'; Id = 'Spf.RedirectIgnored' }
        @{ Name = 'lint.test'; Id = 'Spf.SenderIdRecord' }
        @{ Name = 'loop.lint.test'; Id = 'Spf.Loop' }
        @{ Name = 'noall.lint.test'; Id = 'Spf.NoAllOrRedirect' }
        @{ Name = 'after.lint.test'; Id = 'Spf.TermsAfterAll' }
        @{ Name = 'modifier.lint.test'; Id = 'Spf.UnknownModifier' }
        @{ Name = 'macro.lint.test'; Id = 'Spf.MacroSyntaxError' }
        @{ Name = 'sender.lint.test'; Id = 'Spf.DependsOnSender' }
        @{ Name = 'nospf.lint.test'; Id = 'Spf.IncludeWithoutRecord' }
        @{ Name = 'redirnone.lint.test'; Id = 'Spf.RedirectWithoutRecord' }
    ) {
        Get-Id (Test-SpfRecord $Name -ZoneFile $Lint) | Should -Contain $Id
    }
}

Describe 'Test-SpfRecord on hostile input' {
    BeforeAll {
        # A 10,000-character record, 50 nested includes, a loop, and TXT bytes that are not UTF-8.
        $terms = foreach ($i in 1..700) { "a:h$i.bad.test" }
        $huge = ('v=spf1 ' + ($terms -join ' ')).Substring(0, 10000)
        $huge = $huge.Substring(0, $huge.LastIndexOf(' '))
        $chunks = for ($at = 0; $at -lt $huge.Length; $at += 250) { '"' + $huge.Substring($at, [math]::Min(250, $huge.Length - $at)) + '"' }
        $deep = foreach ($i in 1..50) { "l$i IN TXT `"v=spf1 include:l$($i + 1).bad.test -all`"" }
        $Bad = New-Zone 'bad.test' (@(
                "huge IN TXT ( $($chunks -join "`n  ") )"
                'deep IN TXT "v=spf1 include:l1.bad.test -all"'
                $deep
                'l51 IN TXT "v=spf1 -all"'
                'loop IN TXT "v=spf1 include:loop.bad.test redirect=loop.bad.test"'
                'binary IN TXT "v=spf1 ip4:192.0.2.1 \255\254\000\001 a:\195.bad.test -all"'
            ) -join "`n")
        $HugeLength = $huge.Length
    }

    It 'checks a record of about 10,000 characters within bounds' {
        $HugeLength | Should -BeGreaterThan 9900
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $r = Test-SpfRecord huge.bad.test -ZoneFile $Bad
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 30
        "$($r.Status)" | Should -Be 'found'
        $r.DnsLookupCount | Should -BeGreaterThan 500
        $r.Tree.QueryCount | Should -BeLessOrEqual 100
        Get-Id $r | Should -Contain 'Spf.TooManyDnsLookups'
        Get-Id $r | Should -Contain 'Spf.RecordTooLarge'
        Get-Id $r | Should -Contain 'Spf.WalkIncomplete'
    }

    It 'stops 50 nested includes at the depth limit' {
        $r = Test-SpfRecord deep.bad.test -ZoneFile $Bad
        $r.Tree.Nodes.Count | Should -Be 11
        Get-Id $r | Should -Contain 'Spf.TooManyDnsLookups'
        Get-Id $r | Should -Contain 'Spf.WalkIncomplete'
    }

    It 'reports an include and redirect loop' {
        $r = Test-SpfRecord loop.bad.test -ZoneFile $Bad
        @($r.Findings | Where-Object Id -EQ 'Spf.Loop').Count | Should -Be 2
    }

    It 'reports invalid UTF-8 and binary TXT as a permerror' {
        $r = Test-SpfRecord binary.bad.test -ZoneFile $Bad
        "$($r.Status)" | Should -Be 'permerror'
        Get-Id $r | Should -Contain 'Spf.SyntaxError'
    }

    It 'checks a 10,000-character -Record text' {
        $r = Test-SpfRecord -Record ('v=spf1 ' + ('ip4:192.0.2.1 ' * 800)) -ZoneFile $Bad
        "$($r.Status)" | Should -Be 'found'
        Get-Id $r | Should -Contain 'Spf.RecordTooLarge'
    }
}

Describe 'Test-SpfRecord errors' {
    It 'writes InvalidDomainName for a bad input in its place and goes on' {
        $out = 'litware-books.example', 'bad..name', 'fabrikam-parked.example' |
            Test-SpfRecord -ZoneFile $Zones -ErrorVariable errs -ErrorAction SilentlyContinue
        $out.Domain | Should -Be @('litware-books.example', 'fabrikam-parked.example')
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidDomainName,MailAuthPS.Commands.TestSpfRecordCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errs[0].TargetObject | Should -Be 'bad..name'
    }

    It 'reports a name outside every zone file as having no record' {
        Get-Id (Test-SpfRecord nowhere.invalid -ZoneFile $Zones) | Should -Be @('Spf.NoRecord')
    }
}

Describe 'Test-SpfRecord against Knot DNS: a record of type SPF (99)' -Tag 'Integration', 'Dns' -Skip:$SkipWithoutKnot {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers/KnotDns.psm1') -Force
        if (-not (Test-KnotDnsAvailable)) { throw 'Knot DNS (knotd, knotc, kdig) is required in CI.' }
        $Knot = Start-KnotDns -Zone @{
            'type99.test' = New-TestZoneText -Apex 'type99.test' -Body @'
@       IN TXT "v=spf1 ip4:192.0.2.0/24 -all"
@       IN SPF "v=spf1 ip4:192.0.2.0/24 -all"
old     IN SPF "v=spf1 -all"
clean   IN TXT "v=spf1 -all"
'@
        }
    }
    AfterAll { Stop-KnotDns $Knot }

    It 'reports the type-99 record beside a matching TXT record' {
        $r = Test-SpfRecord type99.test -Server $Knot.Endpoint -DnsTimeoutSec 2
        "$($r.Status)" | Should -Be 'found'
        $f = $r.Findings | Where-Object Id -EQ 'Spf.SpfRecordTypePublished'
        $f.Message | Should -Match 'matches the TXT record'
    }

    It 'says that a type-99 record alone is no policy' {
        $r = Test-SpfRecord old.type99.test -Server $Knot.Endpoint -DnsTimeoutSec 2
        "$($r.Status)" | Should -Be 'none'
        ($r.Findings | Where-Object Id -EQ 'Spf.SpfRecordTypePublished').Message | Should -Match 'no TXT SPF record'
    }

    It 'reports nothing for a domain without one' {
        Get-Id (Test-SpfRecord clean.type99.test -Server $Knot.Endpoint -DnsTimeoutSec 2) | Should -Not -Contain 'Spf.SpfRecordTypePublished'
    }
}
