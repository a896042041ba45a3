#Requires -Version 7.2
<#
    The transport and brand checks on the offline sample inventory (samples/zones), against the
    expectations written down in samples/README.md from the RFCs (rows 1, 3, 17, 24 and 25 and the
    "MX, MTA-STS, TLS-RPT, BIMI" table). Offline: zone files only, so nothing is fetched or probed.
#>

BeforeAll {
    Import-Module $env:MAILAUTHPS_MANIFEST -Force
    $Zones = Join-Path $env:MAILAUTHPS_REPO 'samples/zones/*.zone'
    function Get-Id($Result) { @($Result.Findings | ForEach-Object { "$($_.Id)" }) }
}

Describe 'Transport checks on the sample inventory' -Tag 'Samples', 'Transport' {
    It 'northwind-traders.example: MTA-STS record, TLS-RPT and an eligible BIMI record, policy fetch skipped with a note' {
        $sts = Test-MtaStsPolicy northwind-traders.example -ZoneFile $Zones
        "$($sts.Status)" | Should -Be 'found'
        $sts.Policy.Id | Should -BeExactly '20250601000000Z'
        "$($sts.PolicyStatus)" | Should -Be 'skipped'
        Get-Id $sts | Should -Be @('MtaSts.PolicyNotFetched')
        "$($sts.Findings[0].Severity)" | Should -Be 'Info'

        $rpt = Get-TlsRptRecord northwind-traders.example -ZoneFile $Zones
        "$($rpt.Status)" | Should -Be 'found'
        @($rpt.ReportUris.Text) | Should -Be @('mailto:tlsrpt@northwind-traders.example')
        @($rpt.Findings) | Should -HaveCount 0

        $bimi = Get-BimiRecord northwind-traders.example -ZoneFile $Zones
        $bimi.DmarcEligible | Should -BeTrue
        $bimi.Location | Should -BeExactly 'https://bimi.northwind-traders.example/logo.svg'
        $bimi.Evidence | Should -BeExactly 'https://bimi.northwind-traders.example/vmc.pem'
        @($bimi.Findings) | Should -HaveCount 0
    }

    It 'firstup-consultants.test: MTA-STS without TLS-RPT is a warning (RFC 8461 §6)' {
        $sts = Test-MtaStsPolicy firstup-consultants.test -ZoneFile $Zones
        Get-Id $sts | Should -Contain 'MtaSts.NoTlsRpt'
        "$(($sts.Findings | Where-Object Id -eq 'MtaSts.NoTlsRpt').Severity)" | Should -Be 'Warning'
        "$((Get-TlsRptRecord firstup-consultants.test -ZoneFile $Zones).Status)" | Should -Be 'none'
    }

    It '<Domain>: BIMI is not eligible (<Why>)' -ForEach @(
        @{ Domain = 'relecloud.example'; Why = 'pct=50'; Pattern = 'pct=50' }
        @{ Domain = 'graphic-design-institute.test'; Why = 'p=none'; Pattern = 'none' }
    ) {
        $bimi = Get-BimiRecord $Domain -ZoneFile $Zones
        $bimi.DmarcEligible | Should -BeFalse
        ($bimi.Findings | Where-Object Id -eq 'Bimi.DmarcNotEnforced').Message | Should -Match $Pattern
    }

    It 'graphic-design-institute.test: empty a= means no evidence document' {
        Get-Id (Get-BimiRecord graphic-design-institute.test -ZoneFile $Zones) | Should -Contain 'Bimi.NoEvidence'
    }

    It 'fabrikam-parked.example: a null MX is recognised and nothing is probed' {
        $r = @(Test-SmtpTls fabrikam-parked.example -ZoneFile $Zones)
        $r | Should -HaveCount 1
        "$($r[0].Status)" | Should -Be 'nullmx'
        Get-Id $r[0] | Should -Be @('SmtpTls.NullMx')
    }

    It 'northwind-traders.example: both MX hosts are listed, not probed offline' {
        $r = @(Test-SmtpTls northwind-traders.example -ZoneFile $Zones)
        @($r.MxHost) | Should -Be @('mx1.northwind-traders.example', 'mx2.northwind-traders.example')
        @($r | ForEach-Object { "$($_.Status)" }) | Should -Be @('skipped', 'skipped')
    }

    It 'shows the transport checks in the table view without errors' {
        $text = Import-Csv (Join-Path $env:MAILAUTHPS_REPO 'samples/domains.csv') | Test-MtaStsPolicy -ZoneFile $Zones | Out-String -Width 200
        $text | Should -Match 'MX covered'
        $text | Should -Match 'firstup-consultants\.test'
    }
}
