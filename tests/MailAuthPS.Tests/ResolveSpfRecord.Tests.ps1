#Requires -Version 7.2
<#
    Resolve-SpfRecord against the staged module ($env:MAILAUTHPS_MANIFEST), offline over the
    sample zones. Expected trees, counts and addresses come from samples/README.md (its SPF detail,
    provider and address-plan tables), derived there from RFC 7208 by hand.
#>

BeforeAll {
    if (-not $env:MAILAUTHPS_MANIFEST) { throw 'MAILAUTHPS_MANIFEST is not set; run through build.ps1 Test.' }
    Import-Module $env:MAILAUTHPS_MANIFEST -Force
    $Repo = $env:MAILAUTHPS_REPO
    $Zones = Join-Path $Repo 'samples/zones/*.zone'
    $Work = Join-Path ([IO.Path]::GetTempPath()) ('mailauthps-resolvespf-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory $Work

    # True when some authorised network contains the address.
    function Test-Authorized {
        param($Tree, [string] $Address)
        $ip = [System.Net.IPAddress]::Parse($Address)
        @($Tree.AuthorizedNetworks | Where-Object { $_.Contains($ip) }).Count -gt 0
    }
}

AfterAll {
    Remove-Item -Recurse -Force $Work -ErrorAction Ignore
}

Describe 'Resolve-SpfRecord: the command' {
    It 'declares its output type and has table views for the tree and its parts' {
        (Get-Command Resolve-SpfRecord).OutputType.Name | Should -Contain 'MailAuth.Spf.SpfTree'
        foreach ($type in 'MailAuth.Spf.SpfTree', 'MailAuth.Spf.SpfTreeNode', 'MailAuth.Spf.SpfTreeTerm', 'MailAuth.Spf.SpfNetwork') {
            (Get-FormatData -TypeName $type).FormatViewDefinition.Control.GetType().Name | Should -Be 'TableControl' -Because $type
        }
        $text = Resolve-SpfRecord fourth-coffee.example -ZoneFile $Zones | Format-Table | Out-String -Width 200
        $text | Should -Match 'Domain\s+Status\s+Lookups\s+Voids\s+Records\s+Networks\s+Record'
        $text | Should -Match 'fourth-coffee\.example\s+found\s+12\s+0\s+11\s+13\s+v=spf1 mx a'
        $nodes = (Resolve-SpfRecord fourth-coffee.example -ZoneFile $Zones).Nodes | Format-Table | Out-String -Width 200
        $nodes | Should -Match '(?m)^    _spf1\.crm-cloud\.example\s+Include\s+found\s+1\s+0'
    }

    It 'binds by property name, keeps input order and writes InvalidDomainName in place' {
        $rows = Import-Csv (Join-Path $Repo 'samples/domains.csv')
        ($rows | Resolve-SpfRecord -ZoneFile $Zones -ThrottleLimit 4).Domain | Should -Be $rows.DomainName
        $out = 'litware-books.example', 'bad..name' | Resolve-SpfRecord -ZoneFile $Zones -ErrorVariable errs -ErrorAction SilentlyContinue
        $out.Domain | Should -Be 'litware-books.example'
        $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidDomainName,MailAuthPS.Commands.ResolveSpfRecordCommand'
    }
}

Describe 'Resolve-SpfRecord over the sample zones' {
    It 'expands fourth-coffee into its includes with the README branch counts' {
        $t = Resolve-SpfRecord fourth-coffee.example -ZoneFile $Zones
        $t.LookupCount | Should -Be 12
        $t.IsComplete | Should -BeTrue
        # Provider table: mailhost 1, newsletter 3, crm 4, helpdesk 2 lookups.
        @($t.Root.Children | ForEach-Object { '{0}={1}' -f $_.Domain, $_.LookupCount }) | Should -Be @(
            '_spf.mailhost-provider.example=1', 'spf.newsletter-cloud.example=3', '_spf.crm-cloud.example=4', 'spf.helpdesk-saas.example=2')
        @($t.Nodes.Domain) | Should -Contain '_spf3.crm-cloud.example'
        @($t.Nodes | Where-Object Domain -EQ 'mail.helpdesk-saas.example').Depth | Should -Be 2
    }

    It 'authorises the addresses the README says pass for <Domain>, and not the stranger' -ForEach @(
        @{ Domain = 'northwind-traders.example'; Pass = '192.0.2.10', '2001:db8:1::25', '198.51.100.10' }
        @{ Domain = 'fourth-coffee.example'; Pass = '192.0.2.82', '192.0.2.81', '198.51.100.10', '198.51.100.70', '198.51.100.120' }
        @{ Domain = 'humongous-insurance.example'; Pass = '203.0.113.45', '198.51.100.10', '198.51.100.130' }
        @{ Domain = 'woodgrove-bank.example'; Pass = '203.0.113.200', '192.0.2.114' }
        @{ Domain = 'margies-travel.example'; Pass = @('192.0.2.106') }
        @{ Domain = 'alpine-ski-house.example'; Pass = @('192.0.2.98') }
    ) {
        $t = Resolve-SpfRecord $Domain -ZoneFile $Zones
        foreach ($ip in $Pass) { Test-Authorized $t $ip | Should -BeTrue -Because "$ip is listed by $Domain" }
        Test-Authorized $t '203.0.113.250' | Should -BeFalse
    }

    It 'lists what a record names even where evaluation would end in permerror first' {
        # README: 198.51.100.130 is authorised by help desk's record but reached only as fourth-coffee's 11th lookup.
        Test-Authorized (Resolve-SpfRecord fourth-coffee.example -ZoneFile $Zones) '198.51.100.130' | Should -BeTrue
    }

    It 'lists northwind-traders networks sorted, IPv4 first, with their sources' {
        $t = Resolve-SpfRecord northwind-traders.example -ZoneFile $Zones
        @($t.AuthorizedNetworks.Cidr) | Should -Be @('192.0.2.8/29', '198.51.100.0/27', '198.51.100.32/27', '2001:db8:1::/48', '2001:db8:5100::/48')
        $first = $t.AuthorizedNetworks[0]
        $first.Address | Should -BeOfType [System.Net.IPAddress]
        $first.PrefixLength | Should -Be 29
        $first.Family | Should -Be 'IPv4'
        $first.Domain | Should -Be 'northwind-traders.example'
        $t.AuthorizedNetworks[1].Domain | Should -Be '_spf.mailhost-provider.example'
    }

    It 'exports the authorised networks with Export-Csv' {
        $csv = Join-Path $Work 'networks.csv'
        (Resolve-SpfRecord northwind-traders.example -ZoneFile $Zones).AuthorizedNetworks | Export-Csv -LiteralPath $csv -NoTypeInformation
        $rows = Import-Csv -LiteralPath $csv
        $rows.Count | Should -Be 5
        $rows[0].Cidr | Should -Be '192.0.2.8/29'
        $rows[0].Address | Should -Be '192.0.2.8'
        $rows[0].Qualifier | Should -Be 'pass'
        $rows[0].Term | Should -Be 'ip4:192.0.2.8/29'
    }

    It 'applies a and mx to addresses and shows ptr as not expandable (margies-travel)' {
        $t = Resolve-SpfRecord margies-travel.example -ZoneFile $Zones
        $t.LookupCount | Should -Be 2
        $mx = $t.Root.Terms | Where-Object Name -EQ 'mx'
        "$($mx.State)" | Should -Be 'Resolved'
        $mx.Hosts | Should -Be 'mail.margies-travel.example'
        $mx.Networks.Cidr | Should -Contain '192.0.2.106/32'
        "$(($t.Root.Terms | Where-Object Name -EQ 'ptr').State)" | Should -Be 'NotExpandable'
        # 203.0.113.30 passes only through ptr, which depends on the client: not listed.
        Test-Authorized $t '203.0.113.30' | Should -BeFalse
    }

    It 'shows the three removed hosts of blue-yonder-air as void lookups' {
        $t = Resolve-SpfRecord blue-yonder-air.example -ZoneFile $Zones
        $t.VoidLookupCount | Should -Be 3
        @($t.Root.Terms | Where-Object IsVoid | ForEach-Object Text) | Should -Be @(
            'a:smtp-old.blue-yonder-air.example', 'a:relay-dc2.blue-yonder-air.example', 'mx:mailgw-legacy.blue-yonder-air.example')
    }

    It 'shows that +all authorises everyone (litware-books)' {
        $t = Resolve-SpfRecord litware-books.example -ZoneFile $Zones
        @($t.AuthorizedNetworks.Cidr) | Should -Contain '0.0.0.0/0'
        @($t.AuthorizedNetworks.Cidr) | Should -Contain '::/0'
        Test-Authorized $t '203.0.113.250' | Should -BeTrue
    }

    It 'follows the redirect at mailhost-provider.example' {
        $t = Resolve-SpfRecord mailhost-provider.example -ZoneFile $Zones
        $t.Root.Children[0].Domain | Should -Be '_spf.mailhost-provider.example'
        "$($t.Root.Children[0].Kind)" | Should -Be 'Redirect'
        $t.LookupCount | Should -Be 1
        Test-Authorized $t '198.51.100.10' | Should -BeTrue
    }

    It 'keeps a record without SPF as status none with an empty tree' {
        $t = Resolve-SpfRecord adventure-works.example -ZoneFile $Zones
        "$($t.Status)" | Should -Be 'none'
        $t.AuthorizedNetworks | Should -BeNullOrEmpty
        $t.Nodes.Count | Should -Be 1
    }
}

Describe 'Resolve-SpfRecord -Record' {
    It 'expands a planned record against the zones' {
        $t = Resolve-SpfRecord -Record 'v=spf1 include:_spf.mailhost-provider.example include:spf.newsletter-cloud.example -all' -ZoneFile $Zones
        $t.Domain | Should -Be 'example.invalid'
        $t.FromRecordText | Should -BeTrue
        $t.LookupCount | Should -Be 4
        @($t.AuthorizedNetworks.Cidr) | Should -Be @('198.51.100.0/27', '198.51.100.32/27', '198.51.100.64/27', '2001:db8:5100::/48', '2001:db8:5101::/48')
    }

    It 'shows macros unexpanded and marks the branch as depending on the sender' {
        $t = Resolve-SpfRecord -Record 'v=spf1 include:%{d1}._spf.mailhost-provider.example exists:%{i}._ip.%{d} -all' -Domain contoso-retail.example -ZoneFile $Zones
        $t.DependsOnSender | Should -BeTrue
        @($t.Root.Terms | Select-Object -First 2 | ForEach-Object { "$($_.State)" }) | Should -Be @('DependsOnSender', 'DependsOnSender')
        $t.Root.Terms[0].Target | Should -Be '%{d1}._spf.mailhost-provider.example'
        $t.Root.Children | Should -BeNullOrEmpty
    }

    It 'resolves mx of the domain given with -Domain' {
        $t = Resolve-SpfRecord -Record 'v=spf1 mx/24 -all' -Domain fourth-coffee.example -ZoneFile $Zones
        @($t.AuthorizedNetworks.Cidr) | Should -Be @('192.0.2.0/24', '2001:db8:a::2/128')
    }
}
