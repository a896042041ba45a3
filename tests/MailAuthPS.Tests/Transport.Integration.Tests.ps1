#Requires -Version 7.2
<#
    MTA-STS, TLS-RPT, BIMI and STARTTLS/DANE against real servers the tests start on 127.0.0.1:
    Knot DNS serving the zones, nginx on port 443 with certificates from a test CA made here with
    openssl, Postfix with STARTTLS on port 25 (and listeners on 2526-2529 with other settings), and
    a python listener that breaks the TLS handshake. The test CA is trusted only by a child pwsh
    started with SSL_CERT_FILE (which .NET on Linux honours): the module has no bypass to lean on.
    The child runs every cmdlet call once and hands the results back as CliXml; the Its check them.
    Expected values come from the zone and server set-up here and from openssl, never from the module.
    Tools missing: skipped with a warning locally, failed in CI ($env:CI -eq 'true').
#>

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/KnotDns.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/TransportServers.psm1') -Force
    $SkipTransport = (-not ((Test-KnotDnsAvailable) -and (Test-TransportServersAvailable))) -and $env:CI -ne 'true'
    if ($SkipTransport) {
        Write-Warning ('Skipping transport integration tests: they need knot, knot-dnsutils, nginx, postfix, openssl, python3 and root ' +
            '(apt-get install -y --no-install-recommends knot knot-dnsutils nginx postfix openssl python3).')
    }

    # Every finding id of the four areas: the Id in the table triggers on Trigger and not on Clean
    # (keys of the results the child computes). Ids tested in xunit instead are listed in
    # tests/MailAuth.Tests/Transport/TransportFindingCoverageTests.cs, which checks the union.
    $FindingCases = @(
        @{ Id = 'MtaSts.NoRecord'; Trigger = 'get.norecord'; Clean = 'get.good' }
        @{ Id = 'MtaSts.MultipleRecords'; Trigger = 'get.multi'; Clean = 'get.good' }
        @{ Id = 'MtaSts.RecordSyntax'; Trigger = 'get.badrecord'; Clean = 'get.good' }
        @{ Id = 'MtaSts.DnsTemporaryFailure'; Trigger = 'get.notserved'; Clean = 'get.good' }
        @{ Id = 'MtaSts.PolicyNotFetched'; Trigger = 'get.offline'; Clean = 'get.good' }
        @{ Id = 'MtaSts.PolicyUnreachable'; Trigger = 'get.nohost'; Clean = 'get.good' }
        @{ Id = 'MtaSts.CertificateNameMismatch'; Trigger = 'get.wrongname'; Clean = 'get.expired' }
        @{ Id = 'MtaSts.CertificateExpired'; Trigger = 'get.expired'; Clean = 'get.wrongname' }
        @{ Id = 'MtaSts.CertificateUntrusted'; Trigger = 'get.untrusted'; Clean = 'get.expired' }
        @{ Id = 'MtaSts.PolicyRedirect'; Trigger = 'get.redirect'; Clean = 'get.good' }
        @{ Id = 'MtaSts.PolicyHttpError'; Trigger = 'get.notfound'; Clean = 'get.good' }
        @{ Id = 'MtaSts.PolicyTooLarge'; Trigger = 'get.huge'; Clean = 'get.good' }
        @{ Id = 'MtaSts.PolicyTimeout'; Trigger = 'get.slow'; Clean = 'get.good' }
        @{ Id = 'MtaSts.PolicyFetchFailed'; Trigger = 'get.plainhttp'; Clean = 'get.good' }
        @{ Id = 'MtaSts.PolicyWrongMediaType'; Trigger = 'get.wrongtype'; Clean = 'get.good' }
        @{ Id = 'MtaSts.PolicySyntax'; Trigger = 'get.badsyntax'; Clean = 'get.good' }
        @{ Id = 'MtaSts.PolicyWithoutRecord'; Trigger = 'test.norecord'; Clean = 'test.good' }
        @{ Id = 'MtaSts.MxNotCovered'; Trigger = 'test.partial'; Clean = 'test.good' }
        @{ Id = 'MtaSts.ModeTesting'; Trigger = 'test.testing'; Clean = 'test.good' }
        @{ Id = 'MtaSts.ModeNone'; Trigger = 'test.none'; Clean = 'test.good' }
        @{ Id = 'MtaSts.MaxAgeOutOfRange'; Trigger = 'test.longage'; Clean = 'test.good' }
        @{ Id = 'MtaSts.MaxAgeShort'; Trigger = 'test.shortage'; Clean = 'test.testing' }
        @{ Id = 'MtaSts.NoTlsRpt'; Trigger = 'test.testing'; Clean = 'test.good' }
        @{ Id = 'TlsRpt.NoRecord'; Trigger = 'rpt.none'; Clean = 'rpt.good' }
        @{ Id = 'TlsRpt.MultipleRecords'; Trigger = 'rpt.multi'; Clean = 'rpt.good' }
        @{ Id = 'TlsRpt.SyntaxError'; Trigger = 'rpt.syntax'; Clean = 'rpt.good' }
        @{ Id = 'TlsRpt.NoReportUri'; Trigger = 'rpt.norua'; Clean = 'rpt.good' }
        @{ Id = 'TlsRpt.InvalidReportUri'; Trigger = 'rpt.baduri'; Clean = 'rpt.good' }
        @{ Id = 'TlsRpt.DnsTemporaryFailure'; Trigger = 'rpt.notserved'; Clean = 'rpt.good' }
        @{ Id = 'Bimi.FetchFailed'; Trigger = 'bimi.missing'; Clean = 'bimi.good' }
        @{ Id = 'Bimi.FetchSkipped'; Trigger = 'bimi.offline'; Clean = 'bimi.good' }
        @{ Id = 'Bimi.SvgScript'; Trigger = 'bimi.badlogo'; Clean = 'bimi.good' }
        @{ Id = 'Bimi.SvgNotTinyPs'; Trigger = 'bimi.badlogo'; Clean = 'bimi.good' }
        @{ Id = 'Bimi.EvidenceNoLogotype'; Trigger = 'bimi.badlogo'; Clean = 'bimi.good' }
        @{ Id = 'Bimi.DmarcNotEnforced'; Trigger = 'bimi.monitoring'; Clean = 'bimi.good' }
        @{ Id = 'SmtpTls.NullMx'; Trigger = 'smtp.nullmx'; Clean = 'smtp.domain' }
        @{ Id = 'SmtpTls.NoMx'; Trigger = 'smtp.nomx'; Clean = 'smtp.domain' }
        @{ Id = 'SmtpTls.DnsTemporaryFailure'; Trigger = 'smtp.notserved'; Clean = 'smtp.domain' }
        @{ Id = 'SmtpTls.Unreachable'; Trigger = 'smtp.closed'; Clean = 'smtp.domain' }
        @{ Id = 'SmtpTls.StartTlsNotOffered'; Trigger = 'smtp.nostarttls'; Clean = 'smtp.domain' }
        @{ Id = 'SmtpTls.TlsHandshakeFailed'; Trigger = 'smtp.broken'; Clean = 'smtp.domain' }
        @{ Id = 'SmtpTls.CertificateNameMismatch'; Trigger = 'smtp.wrongname'; Clean = 'smtp.domain' }
        @{ Id = 'SmtpTls.CertificateExpired'; Trigger = 'smtp.expired'; Clean = 'smtp.soon' }
        @{ Id = 'SmtpTls.CertificateUntrusted'; Trigger = 'smtp.untrusted'; Clean = 'smtp.domain' }
        @{ Id = 'SmtpTls.CertificateExpiresSoon'; Trigger = 'smtp.soon'; Clean = 'smtp.expired' }
        @{ Id = 'SmtpTls.TlsaMismatch'; Trigger = 'smtp.bad'; Clean = 'smtp.domain' }
        @{ Id = 'SmtpTls.TlsaUnusable'; Trigger = 'smtp.pkix'; Clean = 'smtp.domain' }
        @{ Id = 'SmtpTls.TlsaNotValidated'; Trigger = 'smtp.domain'; Clean = 'smtp.none' }
    )
}

Describe 'Transport checks against Knot DNS, nginx and Postfix' -Tag 'Integration', 'Transport' -Skip:$SkipTransport {
    BeforeAll {
        if (-not $env:MAILAUTHPS_MANIFEST) {
            throw 'MAILAUTHPS_MANIFEST is not set; it must point at the staged MailAuthPS.psd1 (build.ps1 Build).'
        }
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers/KnotDns.psm1') -Force
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers/TransportServers.psm1') -Force
        if (-not ((Test-KnotDnsAvailable) -and (Test-TransportServersAvailable))) {
            throw 'CI needs knot, knot-dnsutils, nginx, postfix, openssl, python3 and root for the transport tests.'
        }

        $Work = Join-Path ([System.IO.Path]::GetTempPath()) ('transport-' + [guid]::NewGuid().ToString('N').Substring(0, 10))
        $null = New-Item -ItemType Directory -Path $Work
        $Pki = New-TestPki -Directory $Work

        # --- MTA-STS and BIMI web content ------------------------------------------------------
        $Policies = [ordered]@{
            good      = "version: STSv1`r`nmode: enforce`r`nmx: mx1.good.mts.test`r`nmx: *.relay.mts.test`r`nmax_age: 1209600`r`n"
            partial   = "version: STSv1`nmode: enforce`nmx: *.relay.mts.test`nmax_age: 604800`n"
            testing   = "version: STSv1`nmode: testing`nmx: mx1.testing.mts.test`nmax_age: 86400`n"
            none      = "version: STSv1`nmode: none`nmax_age: 86400`n"
            shortage  = "version: STSv1`nmode: enforce`nmx: mx1.shortage.mts.test`nmax_age: 3600`n"
            longage   = "version: STSv1`nmode: enforce`nmx: mx1.longage.mts.test`nmax_age: 99999999`n"
            badsyntax = "version: STSv2`nmode: strict`nmx mx1.badsyntax.mts.test`nmax_age: soon`n"
            norecord  = "version: STSv1`nmode: enforce`nmx: mx1.norecord.mts.test`nmax_age: 1209600`n"
            redirect  = "version: STSv1`nmode: enforce`nmx: mx1.redirect.mts.test`nmax_age: 1209600`n"
            slow      = "version: STSv1`nmode: enforce`nmx: mx1.slow.mts.test`nmax_age: 1209600`n" + ('# padding' * 40)
            wrongtype = "version: STSv1`nmode: enforce`nmx: mx1.wrongtype.mts.test`nmax_age: 1209600`n"
            wrongname = "version: STSv1`nmode: enforce`nmx: mx1.wrongname.mts.test`nmax_age: 1209600`n"
            expired   = "version: STSv1`nmode: enforce`nmx: mx1.expired.mts.test`nmax_age: 1209600`n"
            untrusted = "version: STSv1`nmode: enforce`nmx: mx1.untrusted.mts.test`nmax_age: 1209600`n"
        }
        $Www = Join-Path $Work 'www'
        foreach ($name in $Policies.Keys) {
            $dir = Join-Path $Www "mta-sts.$name.mts.test/.well-known"
            $null = New-Item -ItemType Directory -Force -Path $dir
            [System.IO.File]::WriteAllText((Join-Path $dir 'mta-sts.txt'), $Policies[$name])
        }
        $hugeDir = Join-Path $Www 'mta-sts.huge.mts.test/.well-known'
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $Www 'mta-sts.hugechunked.mts.test') -Target (Join-Path $Www 'mta-sts.huge.mts.test') -Force
        $null = New-Item -ItemType Directory -Force -Path $hugeDir, (Join-Path $Www 'mta-sts.notfound.mts.test')
        $hugeStream = [System.IO.File]::Create((Join-Path $hugeDir 'mta-sts.txt'))
        $hugeStream.SetLength(10MB)
        $hugeStream.Dispose()

        $bimiDir = Join-Path $Www 'bimi.brand.test'
        $null = New-Item -ItemType Directory -Force -Path $bimiDir
        $GoodSvg = '<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny-ps" viewBox="0 0 100 100"><title>Brand Test</title><circle cx="50" cy="50" r="40" fill="#0078d4"/></svg>'
        $BadSvg = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"><title>Bad</title><script>alert(1)</script><rect width="10" height="10"/></svg>'
        [System.IO.File]::WriteAllText((Join-Path $bimiDir 'logo.svg'), $GoodSvg)
        [System.IO.File]::WriteAllText((Join-Path $bimiDir 'bad.svg'), $BadSvg)

        # --- certificates --------------------------------------------------------------------
        $stsNames = @('good', 'partial', 'testing', 'none', 'shortage', 'longage', 'badsyntax', 'norecord', 'redirect', 'huge', 'hugechunked', 'slow', 'wrongtype', 'notfound') |
            ForEach-Object { "mta-sts.$_.mts.test" }
        $WebCert = New-TestCertificate -Pki $Pki -Name 'web' -DnsName (@($stsNames) + 'bimi.brand.test')
        $OtherCert = New-TestCertificate -Pki $Pki -Name 'other' -DnsName 'mta-sts.other.mts.test'
        $ExpiredCert = New-TestCertificate -Pki $Pki -Name 'expired' -DnsName 'mta-sts.expired.mts.test' -NotBefore '2020-01-01' -NotAfter '2020-02-01'
        $SelfCert = New-TestCertificate -Pki $Pki -Name 'untrusted' -DnsName 'mta-sts.untrusted.mts.test' -SelfSigned
        # Mark certificates: the logotype extension (RFC 9399, OID 1.3.6.1.5.5.7.1.12) as an empty SEQUENCE, and the BIMI EKU.
        $Vmc = New-TestCertificate -Pki $Pki -Name 'vmc' -DnsName 'brand.test' -ExtendedKeyUsage '1.3.6.1.5.5.7.3.31' -Extension '1.3.6.1.5.5.7.1.12 = DER:3000'
        $VmcNoLogo = New-TestCertificate -Pki $Pki -Name 'vmc-nologo' -DnsName 'badlogo.brand.test' -ExtendedKeyUsage '1.3.6.1.5.5.7.3.31'
        Copy-Item $Vmc.Chain (Join-Path $bimiDir 'vmc.pem')
        Copy-Item $VmcNoLogo.Chain (Join-Path $bimiDir 'vmc-nologo.pem')

        $MxNames = @('mx', 'mx-ee-cert', 'mx-ee-512', 'mx-ee-full', 'mx-ta', 'mx-ta-spki', 'mx-bad', 'mx-pkix', 'mx-none', 'nostarttls') | ForEach-Object { "$_.tls.test" }
        $MxCert = New-TestCertificate -Pki $Pki -Name 'mx' -DnsName (@($MxNames) + 'nomx.tls.test')
        $MxExpired = New-TestCertificate -Pki $Pki -Name 'mx-expired' -DnsName 'mx.tls.test' -NotBefore '2020-01-01' -NotAfter '2020-02-01'
        $MxSelf = New-TestCertificate -Pki $Pki -Name 'mx-self' -DnsName 'mx.tls.test' -SelfSigned
        $MxSoon = New-TestCertificate -Pki $Pki -Name 'mx-soon' -DnsName 'mx.tls.test' -NotAfter ([datetime]::UtcNow.AddDays(5))

        # TLSA data computed by openssl, not by the module.
        $Tlsa = @{
            EeSpki256 = Get-TlsaData -Certificate $MxCert.Certificate -Selector 1 -MatchingType 1
            EeCert256 = Get-TlsaData -Certificate $MxCert.Certificate -Selector 0 -MatchingType 1
            EeCert512 = Get-TlsaData -Certificate $MxCert.Certificate -Selector 0 -MatchingType 2
            EeSpkiFull = Get-TlsaData -Certificate $MxCert.Certificate -Selector 1 -MatchingType 0
            TaCert256 = Get-TlsaData -Certificate $Pki.CaCertificate -Selector 0 -MatchingType 1
            TaSpki512 = Get-TlsaData -Certificate $Pki.CaCertificate -Selector 1 -MatchingType 2
        }
        # A wrong hash: the right one with its first byte changed.
        $WrongHash = ('{0:x2}' -f (([System.Convert]::ToByte($Tlsa.EeSpki256.Substring(0, 2), 16)) -bxor 0xff)) + $Tlsa.EeSpki256.Substring(2)

        # --- DNS -----------------------------------------------------------------------------
        $mtsBody = @"
_mta-sts.good     TXT "v=STSv1; id=20261101000000"
mta-sts.good      A   127.0.0.1
good              MX  10 mx1.good
good              MX  20 a.relay
_smtp._tls.good   TXT "v=TLSRPTv1; rua=mailto:tlsrpt@good.mts.test,https://reports.good.mts.test/v1/tlsrpt"
_mta-sts.partial  TXT "v=STSv1; id=1"
mta-sts.partial   A   127.0.0.1
partial           MX  10 b.relay
partial           MX  20 deep.a.relay
partial           MX  30 relay
_smtp._tls.partial TXT "v=TLSRPTv1; rua=mailto:tlsrpt@partial.mts.test"
_mta-sts.testing  TXT "v=STSv1; id=2"
mta-sts.testing   A   127.0.0.1
testing           MX  10 mx1.testing
_mta-sts.none     TXT "v=STSv1; id=3"
mta-sts.none      A   127.0.0.1
_smtp._tls.none   TXT "v=TLSRPTv1; rua=mailto:tlsrpt@none.mts.test"
_mta-sts.shortage TXT "v=STSv1; id=4"
mta-sts.shortage  A   127.0.0.1
shortage          MX  10 mx1.shortage
_smtp._tls.shortage TXT "v=TLSRPTv1; rua=mailto:tlsrpt@shortage.mts.test"
_mta-sts.longage  TXT "v=STSv1; id=5"
mta-sts.longage   A   127.0.0.1
longage           MX  10 mx1.longage
_smtp._tls.longage TXT "v=TLSRPTv1; rua=mailto:tlsrpt@longage.mts.test"
_mta-sts.badsyntax TXT "v=STSv1; id=6"
mta-sts.badsyntax A   127.0.0.1
mta-sts.norecord  A   127.0.0.1
norecord          MX  10 mx1.norecord
_mta-sts.badrecord TXT "v=STSv1; id=not-valid!"
_mta-sts.multi    TXT "v=STSv1; id=7"
_mta-sts.multi    TXT "v=STSv1; id=8"
_mta-sts.nohost   TXT "v=STSv1; id=9"
nohost            MX  10 mx1.nohost
"@
        foreach ($name in 'redirect', 'huge', 'hugechunked', 'slow', 'wrongtype', 'notfound', 'wrongname', 'expired', 'untrusted') {
            $mtsBody += "`n_mta-sts.$name TXT `"v=STSv1; id=10`"`nmta-sts.$name A 127.0.0.1"
        }
        $mtsBody += "`n_mta-sts.plainhttp TXT `"v=STSv1; id=11`"`nmta-sts.plainhttp A 127.0.0.3"
        $mtsBody += @"

_smtp._tls.multi  TXT "v=TLSRPTv1; rua=mailto:a@multi.mts.test"
_smtp._tls.multi  TXT "v=TLSRPTv1; rua=mailto:b@multi.mts.test"
_smtp._tls.syntax TXT "v=TLSRPTv1;; rua=mailto:tlsrpt@syntax.mts.test; bad field"
_smtp._tls.norua  TXT "v=TLSRPTv1; ext=1"
_smtp._tls.baduri TXT "v=TLSRPTv1; rua=ftp://reports.baduri.mts.test/r,mailto:nobody"
"@
        $brandBody = @"
_dmarc            TXT "v=DMARC1; p=reject; rua=mailto:dmarc@brand.test"
default._bimi     TXT "v=BIMI1; l=https://bimi.brand.test/logo.svg; a=https://bimi.brand.test/vmc.pem"
bimi              A   127.0.0.1
default._bimi.badlogo TXT "v=BIMI1; l=https://bimi.brand.test/bad.svg; a=https://bimi.brand.test/vmc-nologo.pem"
default._bimi.missing TXT "v=BIMI1; l=https://bimi.brand.test/missing.svg; a="
_dmarc.monitoring TXT "v=DMARC1; p=none; rua=mailto:dmarc@brand.test"
default._bimi.monitoring TXT "v=BIMI1; l=https://bimi.brand.test/logo.svg; a=https://bimi.brand.test/vmc.pem"
"@
        $tlsBody = @"
@                 MX  10 mx
nullmx            MX  0 .
nomx              A   127.0.0.1
broken            A   127.0.0.1
mx-wrongname      A   127.0.0.1
_25._tcp.mx       TLSA 3 1 1 $($Tlsa.EeSpki256)
_25._tcp.mx-ee-cert TLSA 3 0 1 $($Tlsa.EeCert256)
_25._tcp.mx-ee-512 TLSA 3 0 2 $($Tlsa.EeCert512)
_25._tcp.mx-ee-full TLSA 3 1 0 $($Tlsa.EeSpkiFull)
_25._tcp.mx-ta    TLSA 2 0 1 $($Tlsa.TaCert256)
_25._tcp.mx-ta-spki TLSA 2 1 2 $($Tlsa.TaSpki512)
_2530._tcp.mx-ta  TLSA 2 0 1 $($Tlsa.TaCert256)
_25._tcp.mx-bad   TLSA 3 1 1 $WrongHash
_25._tcp.mx-pkix  TLSA 1 1 1 $($Tlsa.EeSpki256)
"@
        foreach ($n in $MxNames) { $tlsBody += "`n$($n.Replace('.tls.test', '')) A 127.0.0.1" }
        $ZoneText = @{
            'mts.test'   = New-TestZoneText -Apex 'mts.test' -Body $mtsBody
            'brand.test' = New-TestZoneText -Apex 'brand.test' -Body $brandBody
            'tls.test'   = New-TestZoneText -Apex 'tls.test' -Body $tlsBody
        }
        $Knot = Start-KnotDns -Zone $ZoneText
        $ZoneFiles = foreach ($apex in $ZoneText.Keys) {
            $path = Join-Path $Work "$apex.zone"
            [System.IO.File]::WriteAllText($path, $ZoneText[$apex])
            $path
        }

        # --- servers -------------------------------------------------------------------------
        $tlsServer = "listen 127.0.0.1:443 ssl; ssl_protocols TLSv1.2 TLSv1.3;"
        $Nginx = Start-TestNginx -Directory $Work -ServerBlock @(
            "server { $tlsServer server_name $(($stsNames | Where-Object { $_ -notmatch '^mta-sts\.(redirect|slow|wrongtype|hugechunked)\.' }) -join ' ') bimi.brand.test; ssl_certificate $($WebCert.Chain); ssl_certificate_key $($WebCert.Key); root $Www/`$host; }"
            "server { $tlsServer server_name mta-sts.redirect.mts.test; ssl_certificate $($WebCert.Chain); ssl_certificate_key $($WebCert.Key); return 301 https://mta-sts.good.mts.test`$request_uri; }"
            "server { $tlsServer server_name mta-sts.slow.mts.test; ssl_certificate $($WebCert.Chain); ssl_certificate_key $($WebCert.Key); root $Www/`$host; sendfile off; limit_rate 8; }"
            # Without a Content-Length (sub_filter sends it chunked): only counting the stream can stop it.
            "server { $tlsServer server_name mta-sts.hugechunked.mts.test; ssl_certificate $($WebCert.Chain); ssl_certificate_key $($WebCert.Key); root $Www/`$host; sub_filter_types text/plain; sub_filter 'never-present' 'x'; }"
            "server { $tlsServer server_name mta-sts.wrongtype.mts.test; ssl_certificate $($WebCert.Chain); ssl_certificate_key $($WebCert.Key); root $Www/`$host; types { } default_type text/html; }"
            "server { $tlsServer server_name mta-sts.wrongname.mts.test; ssl_certificate $($OtherCert.Chain); ssl_certificate_key $($OtherCert.Key); root $Www/`$host; }"
            "server { $tlsServer server_name mta-sts.expired.mts.test; ssl_certificate $($ExpiredCert.Chain); ssl_certificate_key $($ExpiredCert.Key); root $Www/`$host; }"
            "server { $tlsServer server_name mta-sts.untrusted.mts.test; ssl_certificate $($SelfCert.Chain); ssl_certificate_key $($SelfCert.Key); root $Www/`$host; }"
            # Plain HTTP where HTTPS is expected: the TLS handshake fails without any certificate.
            "server { listen 127.0.0.3:443; server_name mta-sts.plainhttp.mts.test; root $Www; }"
        )
        $Postfix = Start-TestPostfix -Directory $Work -Key $MxCert.Key -Chain $MxCert.Chain -Listener @{
            25   = @()
            2526 = @('smtpd_tls_security_level=none')
            2527 = @("smtpd_tls_chain_files=$($MxExpired.Key),$($MxExpired.Chain)")
            2528 = @("smtpd_tls_chain_files=$($MxSelf.Key),$($MxSelf.Chain)")
            2529 = @("smtpd_tls_chain_files=$($MxSoon.Key),$($MxSoon.Chain)")
            # The leaf alone, without the CA: a DANE-TA record for the CA then has nothing to match.
            2530 = @("smtpd_tls_chain_files=$($MxCert.Key),$($MxCert.Certificate)")
        }
        $Broken = Start-BrokenTlsSmtp -Port 2531 -Directory $Work

        # --- one child pwsh, trusting the test CA through SSL_CERT_FILE, runs every call -------
        $resultsPath = Join-Path $Work 'results.clixml'
        $child = Join-Path $Work 'child.ps1'
        Set-Content -LiteralPath $child -Value @'
param($Manifest, $Dns, $ZoneDirectory, $Out)
$ErrorActionPreference = 'Stop'
$ZoneFiles = Join-Path $ZoneDirectory '*.zone'
Import-Module $Manifest
# Enums travel as their words (found, tls, match), as they print, not as numbers.
foreach ($t in [MailAuth.Findings.Finding].Assembly.GetExportedTypes() | Where-Object IsEnum) {
    Update-TypeData -TypeName $t.FullName -SerializationMethod String -Force
}
$r = [ordered]@{}
foreach ($d in 'good', 'norecord', 'multi', 'badrecord', 'nohost', 'wrongname', 'expired', 'untrusted', 'redirect', 'notfound', 'huge', 'hugechunked', 'slow', 'plainhttp', 'wrongtype', 'badsyntax') {
    $r["get.$d"] = Get-MtaStsPolicy "$d.mts.test" -Server $Dns -TimeoutSec 3
}
$r['get.notserved'] = Get-MtaStsPolicy 'x.notserved.test' -Server $Dns -DnsTimeoutSec 2
$r['get.offline'] = Get-MtaStsPolicy 'good.mts.test' -ZoneFile $ZoneFiles
$r['get.offline.time'] = (Measure-Command { $null = Get-MtaStsPolicy 'good.mts.test' -ZoneFile $ZoneFiles }).TotalSeconds
$r['get.slow.time'] = (Measure-Command { $null = Get-MtaStsPolicy 'slow.mts.test' -Server $Dns -TimeoutSec 2 }).TotalSeconds
foreach ($d in 'good', 'norecord', 'partial', 'testing', 'none', 'longage', 'shortage') {
    $r["test.$d"] = Test-MtaStsPolicy "$d.mts.test" -Server $Dns -TimeoutSec 5
}
foreach ($d in 'good', 'multi', 'syntax', 'norua', 'baduri') { $r["rpt.$d"] = Get-TlsRptRecord "$d.mts.test" -Server $Dns }
$r['rpt.none'] = Get-TlsRptRecord 'testing.mts.test' -Server $Dns
$r['rpt.notserved'] = Get-TlsRptRecord 'x.notserved.test' -Server $Dns -DnsTimeoutSec 2
$r['bimi.good'] = Get-BimiRecord 'brand.test' -Fetch -Server $Dns -TimeoutSec 5
$r['bimi.badlogo'] = Get-BimiRecord 'badlogo.brand.test' -Fetch -Server $Dns -TimeoutSec 5
$r['bimi.missing'] = Get-BimiRecord 'missing.brand.test' -Fetch -Server $Dns -TimeoutSec 5
$r['bimi.monitoring'] = Get-BimiRecord 'monitoring.brand.test' -Server $Dns
$r['bimi.offline'] = Get-BimiRecord 'brand.test' -Fetch -ZoneFile $ZoneFiles
$r['smtp.domain'] = @(Test-SmtpTls 'tls.test' -Server $Dns -TimeoutSec 10)
foreach ($h in 'mx-ee-cert', 'mx-ee-512', 'mx-ee-full', 'mx-ta', 'mx-ta-spki', 'mx-bad', 'mx-pkix', 'mx-none', 'mx-wrongname') {
    $r["smtp.$($h.Substring(3))"] = Test-SmtpTls -MxHost "$h.tls.test" -Server $Dns -TimeoutSec 10
}
$r['smtp.ta-leafonly'] = Test-SmtpTls -MxHost 'mx-ta.tls.test' -Port 2530 -Server $Dns -TimeoutSec 10
$r['smtp.nullmx'] = Test-SmtpTls 'nullmx.tls.test' -Server $Dns
$r['smtp.nullmx.count'] = @(Test-SmtpTls 'nullmx.tls.test' -Server $Dns).Count
$r['smtp.nomx'] = Test-SmtpTls 'nomx.tls.test' -Server $Dns -TimeoutSec 10
$r['smtp.notserved'] = Test-SmtpTls 'x.notserved.test' -Server $Dns -DnsTimeoutSec 2
$r['smtp.nostarttls'] = Test-SmtpTls -MxHost 'nostarttls.tls.test' -Port 2526 -Server $Dns -TimeoutSec 10
$r['smtp.expired'] = Test-SmtpTls -MxHost 'mx.tls.test' -Port 2527 -Server $Dns -TimeoutSec 10
$r['smtp.untrusted'] = Test-SmtpTls -MxHost 'mx.tls.test' -Port 2528 -Server $Dns -TimeoutSec 10
$r['smtp.soon'] = Test-SmtpTls -MxHost 'mx.tls.test' -Port 2529 -Server $Dns -TimeoutSec 10
$r['smtp.broken'] = Test-SmtpTls -MxHost 'broken.tls.test' -Port 2531 -Server $Dns -TimeoutSec 10
$r['smtp.closed'] = Test-SmtpTls -MxHost 'mx.tls.test' -Port 2532 -Server $Dns -TimeoutSec 5
$r['smtp.offline'] = Test-SmtpTls 'tls.test' -ZoneFile $ZoneFiles
$r | Export-Clixml -LiteralPath $Out -Depth 6
'@
        $pwsh = Join-Path $PSHOME 'pwsh'
        $previous = $env:SSL_CERT_FILE
        $env:SSL_CERT_FILE = $Pki.CaCertificate
        try {
            $childOutput = & $pwsh -NoProfile -NonInteractive -File $child -Manifest $env:MAILAUTHPS_MANIFEST -Dns $Knot.Endpoint -ZoneDirectory $Work -Out $resultsPath 2>&1
            if ($LASTEXITCODE -ne 0) { throw "The child pwsh failed ($LASTEXITCODE): $($childOutput -join "`n")" }
        }
        finally {
            $env:SSL_CERT_FILE = $previous
        }
        $Results = Import-Clixml -LiteralPath $resultsPath

        function Get-Result([string]$Key) {
            if (-not $Results.Contains($Key)) { throw "No result '$Key'." }
            $value = $Results[$Key]
            # Test-SmtpTls on a domain returns one object per MX; the cases here have one.
            if ($value -is [System.Collections.IList]) { $value = $value[0] }
            $value
        }
        function Get-FindingId($Result) { @($Result.Findings | ForEach-Object { "$($_.Id)" }) }
        function Get-OpenSslFact([string]$Certificate, [string]$Option) {
            ((Invoke-OpenSsl @('x509', '-in', $Certificate, '-noout', $Option)) -join '') -replace '^[^=]+=', ''
        }
    }

    AfterAll {
        if ($Broken) { Stop-Process -Id $Broken.Id -ErrorAction Ignore }
        Stop-TestPostfix $Postfix
        Stop-TestNginx $Nginx
        Stop-KnotDns $Knot
        if ($Work -and -not $env:MAILAUTHPS_KEEP_TEST_DIRECTORY -and (Test-Path -LiteralPath $Work)) { Remove-Item -LiteralPath $Work -Recurse -Force -ErrorAction Ignore }
    }

    Context 'every finding id: triggered by one case, absent from another' {
        It '<Id> is reported for <Trigger>' -ForEach $FindingCases {
            Get-FindingId (Get-Result $Trigger) | Should -Contain $Id
        }
        It '<Id> is not reported for <Clean>' -ForEach $FindingCases {
            Get-FindingId (Get-Result $Clean) | Should -Not -Contain $Id
        }
    }

    Context 'Get-MtaStsPolicy' {
        It 'fetches and parses a valid policy over HTTPS, with the certificate seen' {
            $r = Get-Result 'get.good'
            "$($r.Status)" | Should -Be 'found'
            $r.Id | Should -BeExactly '20261101000000'
            "$($r.PolicyStatus)" | Should -Be 'valid'
            "$($r.FetchStatus)" | Should -Be 'ok'
            $r.PolicyText | Should -BeExactly $Policies.good
            $r.Version | Should -BeExactly 'STSv1'
            "$($r.Mode)" | Should -Be 'enforce'
            @($r.Mx) | Should -Be @('mx1.good.mts.test', '*.relay.mts.test')
            $r.MaxAge | Should -Be 1209600
            @($r.Findings) | Should -HaveCount 0
            # Certificate facts cross-checked with openssl.
            $r.Certificate.IsValid | Should -BeTrue
            $r.Certificate.Subject | Should -Match 'CN=mta-sts\.good\.mts\.test'
            $r.Certificate.Issuer | Should -Match 'CN=MailAuthPS Test CA'
            $r.Certificate.SerialNumber | Should -Be (Get-OpenSslFact $WebCert.Certificate '-serial')
            $r.Certificate.NotAfter.ToString('yyyy-MM-dd HH:mm') |
                Should -Be ([datetime]::ParseExact(((Get-OpenSslFact $WebCert.Certificate '-enddate') -replace '\s+', ' '), 'MMM d HH:mm:ss yyyy GMT', [cultureinfo]::InvariantCulture).ToString('yyyy-MM-dd HH:mm'))
            @($r.Certificate.DnsNames) | Should -Contain 'mta-sts.good.mts.test'
        }

        It 'reports a wrong-name certificate with the platform''s reason and the names it holds' {
            $r = Get-Result 'get.wrongname'
            "$($r.FetchStatus)" | Should -Be 'certificateinvalid'
            "$($r.PolicyStatus)" | Should -Be 'unavailable'
            $r.PolicyText | Should -BeNullOrEmpty
            $r.Certificate.IsValid | Should -BeFalse
            @($r.Certificate.DnsNames) | Should -Be @('mta-sts.other.mts.test')
            ($r.Findings | Where-Object Id -eq 'MtaSts.CertificateNameMismatch').Message | Should -Match 'NameMismatch'
        }

        It 'reports an expired certificate with its dates' {
            $r = Get-Result 'get.expired'
            "$($r.FetchStatus)" | Should -Be 'certificateinvalid'
            $r.Certificate.NotAfter.ToString('yyyy-MM-dd') | Should -Be '2020-02-01'
            ($r.Findings | Where-Object Id -eq 'MtaSts.CertificateExpired').Message | Should -Match 'NotTimeValid'
        }

        It 'does not follow a redirect and names its target' {
            $r = Get-Result 'get.redirect'
            "$($r.FetchStatus)" | Should -Be 'redirect'
            $r.Fetch.StatusCode | Should -Be 301
            $r.Fetch.Location | Should -BeExactly 'https://mta-sts.good.mts.test/.well-known/mta-sts.txt'
            $r.PolicyText | Should -BeNullOrEmpty
        }

        It 'refuses a 10 MB policy without reading it' {
            $r = Get-Result 'get.huge'
            "$($r.FetchStatus)" | Should -Be 'toolarge'
            $r.Fetch.ContentLength | Should -Be 10MB
            $r.PolicyText | Should -BeNullOrEmpty
        }

        It 'stops reading a policy sent without Content-Length at 64 KiB' {
            $r = Get-Result 'get.hugechunked'
            "$($r.FetchStatus)" | Should -Be 'toolarge'
            $r.Fetch.ContentLength | Should -BeNullOrEmpty
            Get-FindingId $r | Should -Contain 'MtaSts.PolicyTooLarge'
        }

        It 'gives up on a slow server after the timeout' {
            "$((Get-Result 'get.slow').FetchStatus)" | Should -Be 'timeout'
            # The policy is ~470 bytes at 8 bytes/s (about a minute); -TimeoutSec 2 must end it within seconds.
            $Results['get.slow.time'] | Should -BeLessThan 10
        }

        It 'reports the media type a policy was served with' {
            $r = Get-Result 'get.wrongtype'
            $r.Fetch.MediaType | Should -Be 'text/html'
            "$($r.PolicyStatus)" | Should -Be 'invalid'
            # The text is still shown: the problem is the type, not the content.
            "$($r.Mode)" | Should -Be 'enforce'
        }

        It 'names each syntax error of a policy' {
            $messages = @((Get-Result 'get.badsyntax').Findings | Where-Object Id -eq 'MtaSts.PolicySyntax' | ForEach-Object Message)
            $messages = $messages -join "`n"
            $messages | Should -Match "STSv2"
            $messages | Should -Match "strict"
            $messages | Should -Match "Line 3"
            $messages | Should -Match "soon"
        }

        It 'skips the fetch offline (zone files only) and says so, quickly' {
            $r = Get-Result 'get.offline'
            "$($r.Status)" | Should -Be 'found'
            "$($r.PolicyStatus)" | Should -Be 'skipped'
            "$($r.FetchStatus)" | Should -Be 'skipped'
            $Results['get.offline.time'] | Should -BeLessThan 5
        }

        It 'reports a DNS failure as temperror, not as no record' {
            "$((Get-Result 'get.notserved').Status)" | Should -Be 'temperror'
        }
    }

    Context 'Test-MtaStsPolicy' {
        It 'finds every MX covered by the patterns, with the matching pattern (RFC 8461 §4.1)' {
            $r = Get-Result 'test.good'
            @($r.MxHosts | ForEach-Object { "$($_.Host)=$($_.MatchedPattern)" }) | Should -Be @('mx1.good.mts.test=mx1.good.mts.test', 'a.relay.mts.test=*.relay.mts.test')
            "$($r.TlsRpt.Status)" | Should -Be 'found'
            $r.HighestSeverity | Should -BeNullOrEmpty
        }

        It 'applies the wildcard to exactly one left-most label' {
            $r = Get-Result 'test.partial'
            $covered = @{}
            foreach ($h in $r.MxHosts) { $covered[$h.Host] = [bool]$h.Covered }
            $covered['b.relay.mts.test'] | Should -BeTrue
            $covered['deep.a.relay.mts.test'] | Should -BeFalse
            $covered['relay.mts.test'] | Should -BeFalse
            @($r.Findings | Where-Object Id -eq 'MtaSts.MxNotCovered') | Should -HaveCount 2
            "$((@($r.Findings | Where-Object Id -eq 'MtaSts.MxNotCovered'))[0].Severity)" | Should -Be 'Error'
        }

        It 'reports a policy served without a record' {
            $r = Get-Result 'test.norecord'
            "$($r.Status)" | Should -Be 'none'
            "$($r.Policy.Mode)" | Should -Be 'enforce'
        }
    }

    Context 'Get-TlsRptRecord' {
        It 'reads the record and both destinations, as kdig sees it' {
            $r = Get-Result 'rpt.good'
            $kdig = @(Resolve-KdigTxt -Server $Knot -Name '_smtp._tls.good.mts.test')
            $r.Record | Should -BeExactly $kdig[0].Text
            "$($r.Status)" | Should -Be 'found'
            @($r.ReportUris | ForEach-Object { "$($_.Scheme):$($_.Address)" }) | Should -Be @('mailto:tlsrpt@good.mts.test', 'https:reports.good.mts.test')
        }

        It 'marks the unusable destinations' {
            $r = Get-Result 'rpt.baduri'
            @($r.ReportUris | ForEach-Object { [bool]$_.IsValid }) | Should -Be @($false, $false)
            @($r.Findings | Where-Object Id -eq 'TlsRpt.InvalidReportUri') | Should -HaveCount 2
        }
    }

    Context 'Get-BimiRecord' {
        It 'fetches a tiny-ps logo and reads the mark certificate, as openssl reads it' {
            $r = Get-Result 'bimi.good'
            "$($r.Status)" | Should -Be 'found'
            $r.DmarcEligible | Should -BeTrue
            $r.LogoTitle | Should -BeExactly 'Brand Test'
            $r.LogoBaseProfile | Should -BeExactly 'tiny-ps'
            $r.LogoSize | Should -Be ([System.Text.Encoding]::UTF8.GetByteCount($GoodSvg))
            $r.HasLogotype | Should -BeTrue
            $r.HasBimiKeyUsage | Should -BeTrue
            $r.EvidenceCertificate.SerialNumber | Should -Be (Get-OpenSslFact $Vmc.Certificate '-serial')
            $r.EvidenceCertificate.Subject | Should -Match 'CN=brand\.test'
            @($r.Findings) | Should -HaveCount 0
        }

        It 'reports DMARC p=none as a blocker' {
            (Get-Result 'bimi.monitoring').DmarcEligible | Should -BeFalse
        }
    }

    Context 'Test-SmtpTls' {
        It 'reports the TLS version, cipher and certificate that openssl also sees' {
            $r = Get-Result 'smtp.domain'
            $r.MxHost | Should -BeExactly 'mx.tls.test'
            "$($r.Status)" | Should -Be 'tls'
            $r.StartTlsOffered | Should -BeTrue
            $sClient = ("EHLO test`r`nQUIT`r`n" | & (Find-TransportTool openssl) s_client -starttls smtp -connect 127.0.0.1:25 -servername mx.tls.test -brief 2>&1) -join "`n"
            $protocol = [regex]::Match($sClient, 'Protocol version: TLSv(\d)\.(\d)')
            $protocol.Success | Should -BeTrue
            $r.TlsVersion | Should -Be ('Tls{0}{1}' -f $protocol.Groups[1].Value, $protocol.Groups[2].Value)
            $r.CipherSuite | Should -Match '^TLS_'
            $r.CertificateValid | Should -BeTrue
            $r.NameMatches | Should -BeTrue
            $r.Certificate.SerialNumber | Should -Be (Get-OpenSslFact $MxCert.Certificate '-serial')
            $r.DaysUntilExpiry | Should -BeIn 18, 19
        }

        It 'matches TLSA <Usage> <Selector> <Matching> on <Key>' -ForEach @(
            @{ Key = 'smtp.domain'; Usage = 3; Selector = 1; Matching = 1 }
            @{ Key = 'smtp.ee-cert'; Usage = 3; Selector = 0; Matching = 1 }
            @{ Key = 'smtp.ee-512'; Usage = 3; Selector = 0; Matching = 2 }
            @{ Key = 'smtp.ee-full'; Usage = 3; Selector = 1; Matching = 0 }
            @{ Key = 'smtp.ta'; Usage = 2; Selector = 0; Matching = 1 }
            @{ Key = 'smtp.ta-spki'; Usage = 2; Selector = 1; Matching = 2 }
        ) {
            $r = Get-Result $Key
            "$($r.Dane)" | Should -Be 'match'
            $t = @($r.Tlsa)
            $t | Should -HaveCount 1
            $t[0].Usage | Should -Be $Usage
            $t[0].Selector | Should -Be $Selector
            $t[0].MatchingType | Should -Be $Matching
            $t[0].Matched | Should -BeTrue
            $r.TlsaAuthenticated | Should -BeFalse
        }

        It 'reports a TLSA mismatch' {
            $r = Get-Result 'smtp.bad'
            "$($r.Dane)" | Should -Be 'mismatch'
            @($r.Tlsa)[0].Matched | Should -BeFalse
            "$($r.Status)" | Should -Be 'tls'
        }

        It 'matches DANE-TA only against certificates the server sent, not a root found in the local store' {
            $r = Get-Result 'smtp.ta-leafonly'
            # The platform still trusts the chain (the CA is in SSL_CERT_FILE), but the server did not send the CA.
            $r.CertificateValid | Should -BeTrue
            "$($r.Dane)" | Should -Be 'mismatch'
            Get-FindingId $r | Should -Contain 'SmtpTls.TlsaMismatch'
        }

        It 'treats PKIX usages as unusable for SMTP, and no TLSA as none' {
            "$((Get-Result 'smtp.pkix').Dane)" | Should -Be 'unusable'
            "$((Get-Result 'smtp.none').Dane)" | Should -Be 'none'
        }

        It 'reports a host without STARTTLS as such' {
            $r = Get-Result 'smtp.nostarttls'
            "$($r.Status)" | Should -Be 'nostarttls'
            $r.StartTlsOffered | Should -BeFalse
            $r.TlsVersion | Should -BeNullOrEmpty
            @($r.EhloKeywords) | Should -Not -Contain 'STARTTLS'
        }

        It 'records a refused certificate without accepting it' {
            $r = Get-Result 'smtp.untrusted'
            "$($r.Status)" | Should -Be 'tlsfailed'
            $r.CertificateValid | Should -BeFalse
            $r.TlsVersion | Should -BeNullOrEmpty
            $r.Certificate.SerialNumber | Should -Be (Get-OpenSslFact $MxSelf.Certificate '-serial')
        }

        It 'recognises a null MX' {
            $r = Get-Result 'smtp.nullmx'
            "$($r.Status)" | Should -Be 'nullmx'
            $Results['smtp.nullmx.count'] | Should -Be 1
        }

        It 'probes nothing offline' {
            "$((Get-Result 'smtp.offline').Status)" | Should -Be 'skipped'
        }
    }
}
