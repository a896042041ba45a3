#Requires -Version 7.2
<#
    Get-DkimRecord and Test-DkimRecord against the staged module ($env:MAILAUTHPS_MANIFEST).
    Offline: the sample zones (expected values from samples/README.md, derived there from
    RFC 6376, 8301 and 8463 by hand), zones generated in a temporary folder with keys made by
    openssl in setup (their private halves are deleted with the folder), a silent listener on
    127.0.0.1 for timeouts, and Knot DNS on 127.0.0.1 for the network path.
#>

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/KnotDns.psm1') -Force
    $SkipWithoutKnot = (-not (Test-KnotDnsAvailable)) -and $env:CI -ne 'true'
}

BeforeAll {
    if (-not $env:MAILAUTHPS_MANIFEST) { throw 'MAILAUTHPS_MANIFEST is not set; run through build.ps1 Test.' }
    Import-Module $env:MAILAUTHPS_MANIFEST -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/KnotDns.psm1') -Force
    $Repo = $env:MAILAUTHPS_REPO
    $Zones = Join-Path $Repo 'samples/zones/*.zone'
    $Work = Join-Path ([IO.Path]::GetTempPath()) ('mailauthps-dkim-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory $Work

    function Get-Id { param($Result) @($Result.Findings | ForEach-Object Id) }
    function Get-Bad { param($Result) @($Result.Findings | Where-Object { "$($_.Severity)" -in 'Warning', 'Error' }) }

    # A public key made by openssl, as the base64 p= value; the private key file is removed at once.
    function New-OpenSslKey {
        param([ValidateSet('rsa', 'ed25519')][string] $Type = 'rsa', [int] $Bits = 2048)
        $id = [guid]::NewGuid().ToString('n')
        $private = Join-Path $Work "$id.key"
        $public = Join-Path $Work "$id.der"
        try {
            if ($Type -eq 'rsa') { $null = & openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:$Bits" -out $private 2>&1 }
            else { $null = & openssl genpkey -algorithm ed25519 -out $private 2>&1 }
            if ($LASTEXITCODE -ne 0) { throw "openssl genpkey failed for $Type $Bits" }
            $null = & openssl pkey -in $private -pubout -outform DER -out $public 2>&1
            if ($LASTEXITCODE -ne 0) { throw 'openssl pkey -pubout failed' }
            $der = [IO.File]::ReadAllBytes($public)
            # RFC 8463 §4.2: an Ed25519 p= is the raw 32-byte key, the end of its SubjectPublicKeyInfo.
            if ($Type -eq 'ed25519') { $der = $der[($der.Length - 32)..($der.Length - 1)] }
            [Convert]::ToBase64String([byte[]] $der)
        }
        finally { Remove-Item -LiteralPath $private, $public -ErrorAction Ignore }
    }

    # Zone-file TXT data for a text cut into strings of at most $Size characters.
    function Split-Txt {
        param([string] $Text, [int] $Size = 200)
        $parts = for ($i = 0; $i -lt $Text.Length; $i += $Size) { '"' + $Text.Substring($i, [math]::Min($Size, $Text.Length - $i)) + '"' }
        '( ' + ($parts -join ' ') + ' )'
    }

    # A zone file in $Work; -Body holds records relative to the apex.
    function New-Zone {
        param([string] $Apex, [string] $Body)
        $path = Join-Path $Work "$Apex.zone"
        Set-Content -LiteralPath $path -Value "`$ORIGIN $Apex.`n`$TTL 300`n@ IN SOA ns1 hostmaster 1 3600 600 86400 300`n@ IN NS ns1`nns1 IN A 192.0.2.53`n$Body`n"
        $path
    }

    $Rsa512 = New-OpenSslKey -Bits 512
    $Rsa1024 = New-OpenSslKey -Bits 1024
    $Rsa2048 = New-OpenSslKey -Bits 2048
    $Ed = New-OpenSslKey -Type ed25519

    $Gen = New-Zone 'dkim-gen.test' @"
k512._domainkey     IN TXT "v=DKIM1; k=rsa; p=$Rsa512"
k1024._domainkey    IN TXT "v=DKIM1; k=rsa; p=$Rsa1024"
k2048._domainkey    IN TXT $(Split-Txt "v=DKIM1; k=rsa; p=$Rsa2048")
ed._domainkey       IN TXT "v=DKIM1; k=ed25519; p=$Ed"
sha1._domainkey     IN TXT $(Split-Txt "v=DKIM1; h=sha1; p=$Rsa2048")
dsa._domainkey      IN TXT "v=DKIM1; k=dsa; p=$Rsa1024"
bad._domainkey      IN TXT "v=DKIM1; k=rsa; p=not*base64"
nop._domainkey      IN TXT "v=DKIM1; k=rsa"
two._domainkey      IN TXT "v=DKIM1; p="
two._domainkey      IN TXT "v=DKIM1; p=$Rsa1024"
split._domainkey    IN TXT "v=DK" "IM1; p="
dangling._domainkey IN CNAME dangling._domainkey.gone-provider.test.
selector1._domainkey IN CNAME selector1-dkim-gen-test._domainkey.tenant.dkim-gen.test.
selector1-dkim-gen-test._domainkey.tenant IN TXT $(Split-Txt "v=DKIM1; k=rsa; p=$Rsa2048")
"@
}

AfterAll {
    Remove-Item -Recurse -Force $Work -ErrorAction Ignore
}

Describe 'Get-DkimRecord and Test-DkimRecord: the commands' {
    It 'declare their output type and have a table view' {
        (Get-Command Get-DkimRecord).OutputType.Name | Should -Contain 'MailAuth.Dkim.DkimRecordResult'
        (Get-Command Test-DkimRecord).OutputType.Name | Should -Contain 'MailAuth.Dkim.DkimRecordResult'
        (Get-FormatData -TypeName 'MailAuth.Dkim.DkimRecordResult').FormatViewDefinition.Control.GetType().Name | Should -Be 'TableControl'
        $text = Test-DkimRecord coho-winery.example mail -ZoneFile $Zones | Format-Table | Out-String -Width 200
        $text | Should -Match 'Domain\s+Selector\s+Status\s+Key\s+Flags\s+Probe\s+Severity\s+Findings'
        $text | Should -Match 'coho-winery\.example\s+mail\s+found\s+rsa 512\s+False\s+Error\s+Dkim\.KeyTooShort'
    }

    It 'bind -Domain like Get-SpfRecord and -Selector at position 1 and by property name' {
        foreach ($name in 'Get-DkimRecord', 'Test-DkimRecord') {
            $cmd = Get-Command $name
            $set = if ($name -eq 'Test-DkimRecord') { 'Domain' } else { '__AllParameterSets' }
            $domain = $cmd.Parameters['Domain']
            $domain.Aliases | Should -Be @('DomainName', 'Name')
            $domain.ParameterSets[$set].Position | Should -Be 0
            $domain.ParameterSets[$set].ValueFromPipeline | Should -BeTrue
            $domain.ParameterSets[$set].ValueFromPipelineByPropertyName | Should -BeTrue
            $selector = $cmd.Parameters['Selector']
            $selector.ParameterType | Should -Be ([string[]])
            $selector.ParameterSets[$set].Position | Should -Be 1
            $selector.ParameterSets[$set].ValueFromPipelineByPropertyName | Should -BeTrue
        }
        $test = Get-Command Test-DkimRecord
        $test.DefaultParameterSet | Should -Be 'Domain'
        @($test.ParameterSets.Name | Sort-Object) | Should -Be @('Domain', 'Record')
        $test.Parameters['Record'].ParameterSets['Record'].IsMandatory | Should -BeTrue
    }
}

Describe 'Get-DkimRecord over the sample zones' {
    # samples/README.md, "DKIM selectors".
    It 'finds <Domain> <Selector>: <KeyType>, <Bits> bits' -ForEach @(
        @{ Domain = 'northwind-traders.example'; Selector = 's1'; KeyType = 'rsa'; Bits = 2048 }
        @{ Domain = 'northwind-traders.example'; Selector = 'e1'; KeyType = 'ed25519'; Bits = 256 }
        @{ Domain = 'contoso-retail.example'; Selector = 'selector1'; KeyType = 'rsa'; Bits = 2048 }
        @{ Domain = 'contoso-retail.example'; Selector = 'selector2'; KeyType = 'rsa'; Bits = 2048 }
        @{ Domain = 'humongous-insurance.example'; Selector = 'k1'; KeyType = 'rsa'; Bits = 1024 }
        @{ Domain = 'coho-winery.example'; Selector = 'mail'; KeyType = 'rsa'; Bits = 512 }
        @{ Domain = 'southridge-video.example'; Selector = 's2'; KeyType = 'rsa'; Bits = 2048 }
    ) {
        $r = Get-DkimRecord -Domain $Domain -Selector $Selector -ZoneFile $Zones
        "$($r.Status)" | Should -Be 'found'
        $r.Name | Should -Be "$Selector._domainkey.$Domain"
        $r.KeyType | Should -Be $KeyType
        $r.KeySize | Should -Be $Bits
        $r.IsProbe | Should -BeFalse
        $r.IsRevoked | Should -BeFalse
    }

    It 'joins northwind s1 from three strings without spaces' {
        $r = Get-DkimRecord northwind-traders.example s1 -ZoneFile $Zones
        $r.Strings.Count | Should -Be 3
        $r.Record | Should -BeExactly (-join $r.Strings)
        $r.Record | Should -Match '^v=DKIM1; k=rsa; p=MIIB[A-Za-z0-9+/=]+$'
    }

    It 'follows the Microsoft 365-like CNAMEs of contoso-retail and reports the chain' {
        $r = Get-DkimRecord contoso-retail.example selector1, selector2 -ZoneFile $Zones
        $r.CnameChain | Should -Be @(
            'selector1-contoso-retail-example._domainkey.contosoretail.onmicrosoft-like.example'
            'selector2-contoso-retail-example._domainkey.contosoretail.onmicrosoft-like.example')
    }

    It 'finds revoked keys: southridge-video s1 and any selector of fabrikam-parked' {
        foreach ($r in (Get-DkimRecord southridge-video.example s1 -ZoneFile $Zones), (Get-DkimRecord fabrikam-parked.example anything -ZoneFile $Zones)) {
            "$($r.Status)" | Should -Be 'found'
            $r.IsRevoked | Should -BeTrue
        }
    }

    It 'gives none with Dkim.NoRecord where no key is published' {
        $r = Get-DkimRecord adventure-works.example selector1, s1, default -ZoneFile $Zones
        @($r.Status | ForEach-Object { "$_" }) | Should -Be @('none', 'none', 'none')
        @($r | ForEach-Object { Get-Id $_ }) | Should -Be @('Dkim.NoRecord', 'Dkim.NoRecord', 'Dkim.NoRecord')
    }

    It 'probes the common selectors of every sample domain, in input order' {
        $rows = Import-Csv (Join-Path $Repo 'samples/domains.csv')
        $out = $rows | Get-DkimRecord -ZoneFile $Zones
        $out | ForEach-Object { $_.IsProbe | Should -BeTrue }
        @($out.Domain | Select-Object -Unique) | Should -Be @($rows.DomainName)
        $found = @($out | Where-Object Status -EQ 'found' | ForEach-Object { "$($_.Domain)/$($_.Selector)" })
        # e1 is not a common selector, so the probe cannot find northwind's Ed25519 key.
        $found | Should -Be @('northwind-traders.example/s1', 'contoso-retail.example/selector1', 'contoso-retail.example/selector2',
            'fabrikam-parked.example/*', 'humongous-insurance.example/k1', 'coho-winery.example/mail',
            'southridge-video.example/s1', 'southridge-video.example/s2')
        $none = @($out | Where-Object Status -EQ 'none')
        $none.Count | Should -Be ($rows.Count - 6)
        # None of their zones has a name below _domainkey (samples/zones), so _domainkey.<domain> is NXDOMAIN and
        # nothing below it exists (RFC 8020 §2): one question answers for every selector.
        $none | ForEach-Object {
            Get-Id $_ | Should -Be 'Dkim.NoKeysPublished'
            $_.Selector | Should -BeNullOrEmpty
            $_.Name | Should -Be "_domainkey.$($_.Domain)"
        }
    }

    It 'shows the fabrikam-parked wildcard once, as selector *' {
        $r = Get-DkimRecord fabrikam-parked.example -ZoneFile $Zones
        $r | Should -HaveCount 1
        $r.Selector | Should -Be '*'
        $r.Name | Should -Be '*._domainkey.fabrikam-parked.example'
        $r.IsRevoked | Should -BeTrue
        Get-Id $r | Should -Be 'Dkim.WildcardRecord'
    }
}

Describe 'Test-DkimRecord over the sample zones' {
    It 'reports <Domain> <Selector> as <Id> (<Severity>)' -ForEach @(
        # samples/README.md rows 15, 19 and 20.
        @{ Domain = 'humongous-insurance.example'; Selector = 'k1'; Id = 'Dkim.KeyBelow2048Bits'; Severity = 'Warning' }
        @{ Domain = 'coho-winery.example'; Selector = 'mail'; Id = 'Dkim.KeyTooShort'; Severity = 'Error' }
        @{ Domain = 'southridge-video.example'; Selector = 's2'; Id = 'Dkim.TestingMode'; Severity = 'Warning' }
        @{ Domain = 'southridge-video.example'; Selector = 's1'; Id = 'Dkim.KeyRevoked'; Severity = 'Info' }
    ) {
        $r = Test-DkimRecord -Domain $Domain -Selector $Selector -ZoneFile $Zones
        Get-Id $r | Should -Be $Id
        "$($r.HighestSeverity)" | Should -Be $Severity
        $r.Findings[0].Reference | Should -Match '^RFC (8301|6376) '
    }

    It 'finds nothing worse than Info for the good rows 1-3' {
        $r = @(
            Test-DkimRecord northwind-traders.example s1, e1 -ZoneFile $Zones
            Test-DkimRecord contoso-retail.example -ZoneFile $Zones
            Test-DkimRecord fabrikam-parked.example -ZoneFile $Zones
        )
        $r.Count | Should -Be 5
        $r | ForEach-Object { Get-Bad $_ | Should -BeNullOrEmpty -Because "$($_.Name)" }
    }

    It 'checks what Get-DkimRecord found when piped from it' {
        $r = Get-DkimRecord southridge-video.example -ZoneFile $Zones | Test-DkimRecord -ZoneFile $Zones
        @($r | ForEach-Object { "$($_.Selector)=$(Get-Id $_)" }) | Should -Be @('s1=Dkim.KeyRevoked', 's2=Dkim.TestingMode')
        $r | ForEach-Object { $_.IsProbe | Should -BeFalse }
    }
}

Describe 'Zones with keys made by openssl' {
    It 'measures RSA <Bits>-bit keys and reports <Id>' -ForEach @(
        @{ Selector = 'k512'; Bits = 512; Id = @('Dkim.KeyTooShort') }
        @{ Selector = 'k1024'; Bits = 1024; Id = @('Dkim.KeyBelow2048Bits') }
        @{ Selector = 'k2048'; Bits = 2048; Id = @() }
    ) {
        $r = Test-DkimRecord dkim-gen.test $Selector -ZoneFile $Gen
        $r.KeySize | Should -Be $Bits
        Get-Id $r | Should -Be $Id
    }

    It 'reads an openssl Ed25519 key as 256 bits' {
        $r = Test-DkimRecord dkim-gen.test ed -ZoneFile $Gen
        $r.KeyType | Should -Be 'ed25519'
        $r.KeySize | Should -Be 256
        $r.Findings | Should -BeNullOrEmpty
    }

    It 'gives <Selector> status <Status> with <Id>' -ForEach @(
        @{ Selector = 'sha1'; Status = 'found'; Id = 'Dkim.Sha1Only' }
        @{ Selector = 'dsa'; Status = 'permerror'; Id = 'Dkim.UnknownKeyType' }
        @{ Selector = 'bad'; Status = 'permerror'; Id = 'Dkim.InvalidKey' }
        @{ Selector = 'nop'; Status = 'permerror'; Id = 'Dkim.SyntaxError' }
        @{ Selector = 'two'; Status = 'permerror'; Id = 'Dkim.MultipleRecords' }
        @{ Selector = 'split'; Status = 'found'; Id = 'Dkim.TxtSplitInsideToken' }
        @{ Selector = 'dangling'; Status = 'none'; Id = 'Dkim.CnameTargetMissing' }
        @{ Selector = 'missing'; Status = 'none'; Id = 'Dkim.NoRecord' }
    ) {
        $r = Test-DkimRecord dkim-gen.test $Selector -ZoneFile $Gen
        "$($r.Status)" | Should -Be $Status
        Get-Id $r | Should -Contain $Id
    }

    It 'names the problem of a record without p=' {
        $r = Get-DkimRecord dkim-gen.test nop -ZoneFile $Gen
        (Get-Id $r) | Should -Be 'Dkim.SyntaxError'
        $r.Findings[0].Message | Should -Match 'p='
    }

    It 'reports a dangling CNAME also when probing' {
        $zone = New-Zone 'dangling.test' 'selector2._domainkey IN CNAME selector2-dangling-test._domainkey.nowhere.test.'
        $r = Get-DkimRecord dangling.test -ZoneFile $zone
        $r | Should -HaveCount 1
        $r.Selector | Should -Be 'selector2'
        $r.CnameChain | Should -Be 'selector2-dangling-test._domainkey.nowhere.test'
        "$($r.Findings[0].Severity)" | Should -Be 'Error'
    }

    It 'follows a CNAME inside the zone' {
        $r = Get-DkimRecord dkim-gen.test selector1 -ZoneFile $Gen
        "$($r.Status)" | Should -Be 'found'
        $r.CnameChain | Should -Be 'selector1-dkim-gen-test._domainkey.tenant.dkim-gen.test'
        $r.KeySize | Should -Be 2048
    }
}

Describe 'Test-DkimRecord -Record' {
    It 'checks a text without a domain or DNS' {
        $r = Test-DkimRecord -Record "v=DKIM1; k=rsa; h=sha1; t=y; p=$Rsa1024"
        $r.Domain | Should -BeNullOrEmpty
        $r.Name | Should -BeNullOrEmpty
        Get-Id $r | Should -Be @('Dkim.KeyBelow2048Bits', 'Dkim.Sha1Only', 'Dkim.TestingMode')
        "$($r.HighestSeverity)" | Should -Be 'Error'
    }

    It 'gives one result per domain and selector it would be published at' {
        $r = Test-DkimRecord -Record 'v=DKIM1; p=' -Domain A.example., b.example -Selector s1, S2
        @($r.Name) | Should -Be @('s1._domainkey.a.example', 's2._domainkey.a.example', 's1._domainkey.b.example', 's2._domainkey.b.example')
    }

    It 'reports a syntax error naming the problem' {
        $r = Test-DkimRecord -Record 'v=DKIM1; k=rsa; p=abc; p=def'
        "$($r.Status)" | Should -Be 'permerror'
        $r.Findings[0].Message | Should -Match "tag 'p' appears twice"
    }
}

Describe 'Pipeline binding and errors' {
    It 'binds strings, DomainName objects and CSV rows with a Selector column' {
        $a = 'coho-winery.example' | Get-DkimRecord -Selector mail -ZoneFile $Zones
        $a.KeySize | Should -Be 512
        $csv = Join-Path $Work 'selectors.csv'
        @(
            [pscustomobject]@{ DomainName = 'southridge-video.example'; Selector = 's2' }
            [pscustomobject]@{ DomainName = 'humongous-insurance.example'; Selector = 'k1' }
            [pscustomobject]@{ DomainName = 'northwind-traders.example'; Selector = '' }
        ) | Export-Csv -LiteralPath $csv
        $out = Import-Csv $csv | Get-DkimRecord -ZoneFile $Zones
        @($out | ForEach-Object { "$($_.Domain)/$($_.Selector)/$($_.IsProbe)" }) |
            Should -Be @('southridge-video.example/s2/False', 'humongous-insurance.example/k1/False', 'northwind-traders.example/s1/True')
    }

    It 'normalises domains and selectors' {
        $r = Get-DkimRecord '  *.Coho-Winery.Example.  ' -Selector ' MAIL._domainkey ' -ZoneFile $Zones
        $r.Name | Should -Be 'mail._domainkey.coho-winery.example'
    }

    It 'writes InvalidDomainName and InvalidSelector in their place and goes on' {
        $out = 'coho-winery.example', 'bad..name' | Get-DkimRecord -Selector mail, 'bad selector' -ZoneFile $Zones -ErrorVariable errs -ErrorAction SilentlyContinue
        $out.Name | Should -Be @('mail._domainkey.coho-winery.example')
        @($errs.FullyQualifiedErrorId) | Should -Be @(
            'InvalidSelector,MailAuthPS.Commands.GetDkimRecordCommand'
            'InvalidSelector,MailAuthPS.Commands.GetDkimRecordCommand'
            'InvalidDomainName,MailAuthPS.Commands.GetDkimRecordCommand')
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errs[0].TargetObject | Should -Be 'bad selector'
        $errs[2].TargetObject | Should -Be 'bad..name'
        { Test-DkimRecord coho-winery.example -Selector 'a b' -ZoneFile $Zones -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidSelector,MailAuthPS.Commands.TestDkimRecordCommand'
    }
}

Describe 'DNS failures' {
    BeforeAll { $Silent = Start-SilentUdpServer }
    AfterAll { $Silent.Stop() }

    It 'gives temperror, never none, when the server does not answer' {
        $r = Get-DkimRecord example.com s1 -Server $Silent.Endpoint -DnsTimeoutSec 1
        "$($r.Status)" | Should -Be 'temperror'
        Get-Id $r | Should -Be 'Dkim.DnsTemporaryFailure'
        $r.Error | Should -Not -BeNullOrEmpty
    }

    It 'sums up a probe whose queries all fail as one temperror object' {
        $r = Test-DkimRecord example.com -Server $Silent.Endpoint -DnsTimeoutSec 1
        $r | Should -HaveCount 1
        "$($r.Status)" | Should -Be 'temperror'
        $r.IsProbe | Should -BeTrue
        Get-Id $r | Should -Be 'Dkim.DnsTemporaryFailure'
        $r.Findings[0].Message | Should -Match 'selector1, selector2, google'
    }
}

Describe 'Get-DkimRecord against Knot DNS' -Tag 'Integration', 'Dns' -Skip:$SkipWithoutKnot {
    BeforeAll {
        if (-not (Test-KnotDnsAvailable)) {
            throw 'Knot DNS (knotd, knotc, kdig) is required in CI: apt-get install -y --no-install-recommends knot knot-dnsutils'
        }
        $Rsa4096 = New-OpenSslKey -Bits 4096
        $zones = @{
            'dkim.test'     = New-TestZoneText -Apex 'dkim.test' -Body @"
s1._domainkey        IN TXT $(Format-ZoneTxtRdata -String 'v=DKIM1; k=rsa; ', "p=$($Rsa2048.Substring(0, 250))", $Rsa2048.Substring(250))
big._domainkey       IN TXT $(Format-ZoneTxtRdata -String ([regex]::Matches("v=DKIM1; k=rsa; p=$Rsa4096", '.{1,255}').Value))
selector1._domainkey IN CNAME selector1-dkim-test._domainkey.tenant.provider.test.
two._domainkey       IN TXT "v=DKIM1; p="
two._domainkey       IN TXT "v=DKIM1; k=rsa; p=$Rsa1024"
"@
            'provider.test' = New-TestZoneText -Apex 'provider.test' -Body @"
selector1-dkim-test._domainkey.tenant IN TXT $(Format-ZoneTxtRdata -String 'v=DKIM1; k=rsa; ', "p=$($Rsa2048.Substring(0, 200))", $Rsa2048.Substring(200))
*._domainkey.wild    IN TXT "v=DKIM1; p="
"@
        }
        $Knot = Start-KnotDns -Zone $zones
    }

    AfterAll {
        Stop-KnotDns $Knot
    }

    It 'reads a split key with the strings kdig sees' {
        $r = Get-DkimRecord dkim.test s1 -Server $Knot.Endpoint
        $kdig = @(Resolve-KdigTxt -Server $Knot -Name 's1._domainkey.dkim.test')
        $kdig | Should -HaveCount 1
        $r.Strings | Should -Be $kdig[0].Strings
        $r.Record | Should -BeExactly $kdig[0].Text
        $r.KeySize | Should -Be 2048
    }

    It 'reads a 4096-bit key whose answer needs TCP' {
        $r = Test-DkimRecord dkim.test big -Server $Knot.Endpoint
        "$($r.Status)" | Should -Be 'found'
        $r.KeySize | Should -Be 4096
        $r.Findings | Should -BeNullOrEmpty
    }

    It 'follows a CNAME into another zone and reports the chain' {
        $r = Get-DkimRecord dkim.test selector1 -Server $Knot.Endpoint
        "$($r.Status)" | Should -Be 'found'
        $r.CnameChain | Should -Be 'selector1-dkim-test._domainkey.tenant.provider.test'
        $r.Record | Should -BeExactly "v=DKIM1; k=rsa; p=$Rsa2048"
    }

    It 'gives permerror for two records at one selector' {
        $r = Get-DkimRecord dkim.test two -Server $Knot.Endpoint
        "$($r.Status)" | Should -Be 'permerror'
        $r.AllRecords | Should -HaveCount 2
        Get-Id $r | Should -Be 'Dkim.MultipleRecords'
    }

    It 'folds a wildcard in a probe' {
        $r = Get-DkimRecord wild.provider.test -Server $Knot.Endpoint
        $r | Should -HaveCount 1
        $r.Selector | Should -Be '*'
        $r.IsRevoked | Should -BeTrue
    }
}
