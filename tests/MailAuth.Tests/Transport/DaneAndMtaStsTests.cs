using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dns;
using MailAuth.Findings;
using MailAuth.MtaSts;
using MailAuth.Smtp;
using MailAuth.TlsRpt;
using Xunit;

namespace MailAuth.Tests.Transport
{
    public class DaneAndMtaStsTests
    {
        // A resolver that marks every answer as DNSSEC-validated (AD bit), as a validating resolver would.
        private sealed class ValidatingResolver : IDnsResolver
        {
            private readonly IDnsResolver _inner;
            public ValidatingResolver(IDnsResolver inner) { _inner = inner; }
            public async Task<DnsQueryResult> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
            {
                var r = await _inner.QueryAsync(name, type, cancellationToken);
                return new DnsQueryResult(r.Name, r.Type, r.Outcome, r.Records, r.CnameChain, r.Error, r.NegativeTtl, r.Server, authenticatedData: true);
            }
        }

        private static InMemoryDnsResolver MxZone()
        {
            var z = new InMemoryDnsResolver();
            z.Store.AddApex("example.com");
            z.Add(new AddressRecord("mx.example.com", 300, System.Net.IPAddress.Parse("192.0.2.25")));
            z.Add(new TlsaRecord("_25._tcp.mx.example.com", 300, 3, 1, 1, new byte[32]));
            return z;
        }

        [Fact]
        public async Task Tlsa_not_validated_is_reported_without_the_AD_bit_and_not_with_it()
        {
            var plain = await new SmtpTlsProbe(MxZone(), TimeSpan.FromSeconds(1), "test.example", offline: true).TestHostAsync("mx.example.com");
            Assert.Contains("SmtpTls.TlsaNotValidated", plain.Findings.Select(f => f.Id));
            Assert.False(plain.TlsaAuthenticated);

            var validated = await new SmtpTlsProbe(new ValidatingResolver(MxZone()), TimeSpan.FromSeconds(1), "test.example", offline: true).TestHostAsync("mx.example.com");
            Assert.DoesNotContain("SmtpTls.TlsaNotValidated", validated.Findings.Select(f => f.Id));
            Assert.True(validated.TlsaAuthenticated);
            // Offline: no certificate to match, so DANE is not decided either way.
            Assert.Equal(DaneStatus.notchecked, validated.Dane);
            Assert.Equal(SmtpTlsStatus.skipped, validated.Status);
        }

        [Fact]
        public async Task A_dns_failure_is_temperror_not_no_mx()
        {
            var z = MxZone();
            z.Fail("example.com", DnsRecordType.MX, "timeout");
            var r = Assert.Single(await new SmtpTlsProbe(z, TimeSpan.FromSeconds(1), "test.example", offline: true).TestDomainAsync("example.com"));
            Assert.Equal(SmtpTlsStatus.temperror, r.Status);
            Assert.Contains("SmtpTls.DnsTemporaryFailure", r.Findings.Select(f => f.Id));
        }

        [Fact]
        public void Dane_matches_usages_selectors_and_matching_types_by_their_definitions()
        {
            using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var caRequest = new CertificateRequest("CN=Test CA", caKey, HashAlgorithmName.SHA256);
            caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10));
            using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var leaf = new CertificateRequest("CN=mx.example.com", leafKey, HashAlgorithmName.SHA256)
                .Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(5), new byte[] { 1, 2, 3 });
            var chain = new[] { leaf, ca };
            byte[] spki = leaf.PublicKey.ExportSubjectPublicKeyInfo();   // the platform's own SPKI encoding, for comparison
            TlsaRecord R(int u, int s, int m, byte[] d) => new TlsaRecord("_25._tcp.mx.example.com", 300, u, s, m, d);
            var records = new[]
            {
                R(3, 1, 1, SHA256.HashData(spki)),                  // match: leaf SPKI
                R(3, 0, 2, SHA512.HashData(leaf.RawData)),          // match: leaf certificate
                R(3, 1, 0, spki),                                   // match: full SPKI
                R(2, 0, 1, SHA256.HashData(ca.RawData)),            // match: the CA above the leaf
                R(2, 0, 1, SHA256.HashData(leaf.RawData)),          // no match: DANE-TA never matches the leaf
                R(3, 0, 1, SHA256.HashData(ca.RawData)),            // no match: DANE-EE only matches the leaf
                R(1, 1, 1, SHA256.HashData(spki)),                  // unusable: PKIX-EE with SMTP
                R(3, 2, 1, SHA256.HashData(spki)),                  // unusable: unknown selector
            };
            var m = DaneMatcher.Match(records, chain);
            Assert.Equal(new[] { true, true, true, true, false, false, false, false }, m.Select(x => x.Matched));
            Assert.Equal(new[] { true, true, true, true, true, true, false, false }, m.Select(x => x.Usable));
            Assert.Equal(spki, DaneMatcher.AssociationData(leaf, 1, 0));
        }

        [Theory]
        [InlineData("mail.example.com", "mail.example.com", true)]
        [InlineData("*.example.com", "mail.example.com", true)]
        [InlineData("*.example.com", "example.com", false)]           // RFC 8461 §4.1
        [InlineData("*.example.com", "foo.bar.example.com", false)]   // RFC 8461 §4.1
        [InlineData("MAIL.Example.com", "mail.example.com", true)]
        [InlineData("mail.example.com", "mail2.example.com", false)]
        public void Mx_patterns_follow_rfc8461_section_4_1(string pattern, string host, bool expected)
            => Assert.Equal(expected, MtaStsChecker.MxMatches(pattern, host));

        [Theory]
        [InlineData("v=STSv1; id=20160831085700Z;", true)]
        [InlineData("v=STSv1;id=1", true)]
        [InlineData("v=STSv1; id=abc; ext=value", true)]
        [InlineData("v=STSv1;", false)]                                // no id
        [InlineData("v=STSv1; id=has-hyphen", false)]
        [InlineData("v=STSv1; id=123456789012345678901234567890123", false)] // 33 characters
        [InlineData("v=STSv1 id=1", false)]
        public void The_record_grammar_of_rfc8461_section_3_1(string record, bool valid)
            => Assert.Equal(valid, MtaStsChecker.CheckRecord(record, out _).Count == 0);

        [Fact]
        public void A_policy_is_parsed_by_the_rfc8461_section_3_2_grammar()
        {
            var r = (MtaStsPolicyResult)Activator.CreateInstance(typeof(MtaStsPolicyResult), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance, null, new object[] { "example.com" }, null)!;
            var findings = new List<Finding>();
            // The RFC's own example, with LF endings, a duplicate mode (first wins) and an unknown field (ignored).
            bool ok = MtaStsChecker.ApplyPolicy(r, "version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: *.example.net\nmx: backupmx.example.com\nmax_age: 604800\nmode: none\nfuture_field: x\n", findings);
            Assert.True(ok, string.Join("; ", findings));
            Assert.Equal(MtaStsMode.enforce, r.Mode);
            Assert.Equal(new[] { "mail.example.com", "*.example.net", "backupmx.example.com" }, r.Mx);
            Assert.Equal(604800, r.MaxAge);
        }

        [Theory]
        [InlineData("mailto:tlsrpt@example.com", true)]
        [InlineData("https://reports.example.com/v1/tlsrpt", true)]
        [InlineData("mailto:nobody", false)]
        [InlineData("ftp://reports.example.com/r", false)]
        [InlineData("reports@example.com", false)]
        public void Tls_rpt_destinations_are_mailto_or_https(string uri, bool valid)
            => Assert.Equal(valid, TlsRptLookup.ParseUri(uri).IsValid);
    }
}
