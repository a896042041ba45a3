using System;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using MailAuth.Dkim;
using MailAuth.Dns;
using MailAuth.Findings;
using Xunit;

namespace MailAuth.Tests.Dkim
{
    public class DkimRecordLinterTests
    {
        private static string[] Ids(DkimRecordResult r) => r.Findings.Select(f => f.Id).ToArray();

        private static DkimRecordResult Lint(string record) => DkimRecordLinter.LintText(record, "example.com", "s1");

        private static string Rsa(int bits) => "v=DKIM1; k=rsa; p=" + DkimTestKeys.Rsa(bits);

        // Each finding id of the catalogue has a trigger and a non-trigger below; this keeps it so.
        [Fact]
        public void EveryCatalogueEntryIsTested()
        {
            var catalogue = typeof(DkimFindings).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Select(f => ((FindingDefinition)f.GetValue(null)!).Id).OrderBy(x => x).ToArray();
            var tested = new[]
            {
                "Dkim.CnameTargetMissing", "Dkim.DnsTemporaryFailure", "Dkim.InvalidKey", "Dkim.KeyBelow2048Bits", "Dkim.KeyRevoked",
                "Dkim.KeyTooLong", "Dkim.KeyTooShort", "Dkim.MultipleRecords", "Dkim.NoKeysPublished", "Dkim.NoRecord", "Dkim.NoSelectorFound", "Dkim.NotForEmail",
                "Dkim.NoUsableHashAlgorithm", "Dkim.TxtSplitInsideToken", "Dkim.Sha1Only", "Dkim.SyntaxError", "Dkim.TestingMode",
                "Dkim.UnknownKeyType", "Dkim.WildcardRecord",
            };
            Assert.Equal(tested.OrderBy(x => x), catalogue);
            Assert.All(catalogue, id => Assert.Contains(FindingCatalog.All, d => d.Id == id));
        }

        [Fact]
        public void CatalogueSeveritiesFollowTheRfcWords()
        {
            Assert.Equal(FindingSeverity.Error, DkimFindings.KeyTooShort.Severity);            // RFC 8301 §3.2: MUST use at least 1024
            Assert.Equal(FindingSeverity.Warning, DkimFindings.KeyBelow2048Bits.Severity); // RFC 8301 §3.2: SHOULD use 2048
            Assert.Equal(FindingSeverity.Error, DkimFindings.Sha1Only.Severity);               // RFC 8301 §3.1: MUST NOT be used
            Assert.Equal(FindingSeverity.Warning, DkimFindings.TestingMode.Severity);
            Assert.Equal(FindingSeverity.Info, DkimFindings.KeyRevoked.Severity);
            Assert.Equal("RFC 8301 §3.2", DkimFindings.KeyTooShort.Reference);
            Assert.Equal("RFC 8301 §3.1", DkimFindings.Sha1Only.Reference);
        }

        // --- key sizes (RFC 8301 §3.2) ---

        [Fact]
        public void KeyTooShort_Under1024Bits()
        {
            var r = Lint(Rsa(512));
            Assert.Equal(DkimRecordStatus.found, r.Status);
            Assert.Equal(512, r.KeySize);
            Assert.Equal(new[] { "Dkim.KeyTooShort" }, Ids(r));
            Assert.Contains("512", r.Findings[0].Message);
            Assert.Equal(FindingSeverity.Error, r.HighestSeverity);
        }

        [Fact]
        public void KeyBelow2048Bits_At1024Bits_NotTooShort()
        {
            // RFC 8463 Appendix A.2's RSA record (test._domainkey.football.example.com) holds a 1024-bit key.
            var r = Lint("v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWR" +
                "iGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutAC" +
                "DfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3" +
                "Ip3G+2kryOTIKT+l/K4w3QIDAQAB");
            Assert.Equal(1024, r.KeySize);
            Assert.Equal(new[] { "Dkim.KeyBelow2048Bits" }, Ids(r));
            Assert.Equal(FindingSeverity.Warning, r.HighestSeverity);
        }

        [Fact]
        public void KeySize_2048BitsAndEd25519AreClean()
        {
            Assert.Empty(Lint(Rsa(2048)).Findings);
            var ed = Lint("v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="); // RFC 8463 Appendix A.2
            Assert.Equal(256, ed.KeySize);
            Assert.Empty(ed.Findings);
        }

        [Fact]
        public void KeyTooLong_Over4096Bits_Not4096()
        {
            // RFC 8301 §3.2: verifiers MUST handle 1024 to 4096 bits, MAY handle more.
            Assert.Equal(new[] { "Dkim.KeyTooLong" }, Ids(Lint("v=DKIM1; p=" + DkimTestKeys.FakeRsa(4104))));
            var at4096 = Lint("v=DKIM1; p=" + DkimTestKeys.FakeRsa(4096));
            Assert.Equal(4096, at4096.KeySize);
            Assert.Empty(at4096.Findings);
        }

        // --- h= (RFC 8301 §3.1, RFC 6376 §3.6.1) ---

        [Theory]
        [InlineData("sha1")]
        [InlineData("SHA1")]
        [InlineData("sha1:md5")]
        public void Sha1Only(string h)
        {
            var r = Lint($"v=DKIM1; h={h}; p=" + DkimTestKeys.Rsa(2048));
            Assert.Equal(new[] { "Dkim.Sha1Only" }, Ids(r));
            Assert.Contains("h=" + h, r.Findings[0].Message);
        }

        [Theory]
        [InlineData("sha256")]
        [InlineData("sha1:sha256")]
        [InlineData(null)]
        public void Sha1Only_NotWhenSha256IsAllowed(string? h)
        {
            var r = Lint("v=DKIM1; " + (h is null ? "" : $"h={h}; ") + "p=" + DkimTestKeys.Rsa(2048));
            Assert.Empty(r.Findings);
        }

        [Fact]
        public void NoUsableHashAlgorithm_WhenHNamesOnlyUnknownAlgorithms()
        {
            Assert.Equal(new[] { "Dkim.NoUsableHashAlgorithm" }, Ids(Lint("v=DKIM1; h=md5:sha512; p=" + DkimTestKeys.Rsa(2048))));
            Assert.DoesNotContain("Dkim.NoUsableHashAlgorithm", Ids(Lint("v=DKIM1; h=sha512:sha256; p=" + DkimTestKeys.Rsa(2048))));
        }

        // --- t=, s=, revocation (RFC 6376 §3.6.1) ---

        [Theory]
        [InlineData("y")]
        [InlineData("y:s")]
        [InlineData("s : y")]
        public void TestingMode(string t)
        {
            var r = Lint($"v=DKIM1; t={t}; p=" + DkimTestKeys.Rsa(2048));
            Assert.True(r.Testing);
            Assert.Equal(new[] { "Dkim.TestingMode" }, Ids(r));
        }

        [Fact]
        public void TestingMode_NotForStrictOnly()
        {
            var r = Lint("v=DKIM1; t=s; p=" + DkimTestKeys.Rsa(2048));
            Assert.True(r.Strict);
            Assert.False(r.Testing);
            Assert.Empty(r.Findings);
        }

        [Fact]
        public void KeyRevoked_IsInfoAndStatusFound()
        {
            var r = Lint("v=DKIM1; k=rsa; p=");
            Assert.Equal(DkimRecordStatus.found, r.Status);
            Assert.True(r.IsRevoked);
            Assert.Null(r.KeySize);
            Assert.Equal(new[] { "Dkim.KeyRevoked" }, Ids(r));
            Assert.Equal(FindingSeverity.Info, r.HighestSeverity);
        }

        [Fact]
        public void KeyRevoked_NotForAKey_AndNothingElseIsCheckedOnARevokedKey()
        {
            Assert.DoesNotContain("Dkim.KeyRevoked", Ids(Lint(Rsa(2048))));
            // A retired selector's flags no longer matter.
            Assert.Equal(new[] { "Dkim.KeyRevoked" }, Ids(Lint("v=DKIM1; t=y; h=sha1; p=")));
        }

        [Theory]
        [InlineData("tlsrpt")]
        [InlineData("other:thing")]
        public void NotForEmail(string s)
        {
            Assert.Equal(new[] { "Dkim.NotForEmail" }, Ids(Lint($"v=DKIM1; s={s}; p=" + DkimTestKeys.Rsa(2048))));
        }

        [Theory]
        [InlineData("email")]
        [InlineData("*")]
        [InlineData("tlsrpt:email")]
        public void NotForEmail_NotWhenEmailOrStarIsListed(string s)
        {
            Assert.Empty(Lint($"v=DKIM1; s={s}; p=" + DkimTestKeys.Rsa(2048)).Findings);
        }

        // --- unusable records reach Test-DkimRecord too ---

        [Fact]
        public void LintText_ReportsParseFindingsAsPermerror()
        {
            var r = DkimRecordLinter.LintText("v=DKIM1; k=foo; p=AAAA");
            Assert.Equal(DkimRecordStatus.permerror, r.Status);
            Assert.Null(r.Domain);
            Assert.Null(r.Name);
            Assert.Equal(new[] { "Dkim.UnknownKeyType" }, Ids(r));
            Assert.StartsWith("The key record has k=foo", r.Findings[0].Message);
            Assert.Equal(new[] { "Dkim.SyntaxError" }, Ids(DkimRecordLinter.LintText("v=DKIM1; k=rsa")));
            Assert.Equal(new[] { "Dkim.InvalidKey" }, Ids(DkimRecordLinter.LintText("v=DKIM1; p=%%%")));
        }

        [Fact]
        public void LintText_NamesTheRecordWhenGivenDomainAndSelector()
        {
            var r = Lint("v=DKIM1; p=");
            Assert.Equal("s1._domainkey.example.com", r.Name);
            Assert.Contains("'s1._domainkey.example.com'", r.Findings[0].Message);
        }

        // --- Dkim.TxtSplitInsideToken ---

        [Theory]
        [InlineData(new[] { "v=DK", "IM1; p=" }, "v=")]                       // inside DKIM1
        [InlineData(new[] { "v=DKIM1; k=r", "sa; p=" }, "k=")]                // inside rsa
        [InlineData(new[] { "v=DKIM1; h=sha", "256; p=" }, "h=")]
        [InlineData(new[] { "v=DKIM1; fo", "o=bar; p=" }, "tag name 'foo'")]  // inside a tag name
        public void TxtSplitInsideToken(string[] strings, string named)
        {
            var dns = new InMemoryDnsResolver().AddTxt("s1._domainkey.example.com", strings);
            var r = DkimRecordLinter.Lint(DkimRecordLookup.FromAnswer("example.com", "s1", dns.Store.Query("s1._domainkey.example.com", DnsRecordType.TXT)));
            Assert.Equal(DkimRecordStatus.found, r.Status); // joined without spaces it is valid (RFC 6376 §3.6.2.2)
            var f = Assert.Single(r.Findings, x => x.Id == "Dkim.TxtSplitInsideToken");
            Assert.Contains(named, f.Message);
            Assert.Contains("1 and 2", f.Message);
        }

        [Theory]
        [InlineData("v=DKIM1; k=rsa; |p=")]                      // after whitespace
        [InlineData("v=DKIM1;| p=")]                             // after ';'
        [InlineData("v=DKIM1; p|=")]                             // name and '=': [FWS] is allowed there (RFC 6376 §3.2)
        [InlineData("v=|DKIM1; p=")]                             // after '='
        [InlineData("v=DKIM1; h=sha1:|sha256; p=")]              // at ':'
        [InlineData("v=DKIM1; n=hello wo|rld; p=")]              // n= is free text
        public void TxtSplitInsideToken_NotAtSafeBoundaries(string joined)
        {
            // Strings are given joined by '|'.
            var strings = joined.Split('|');
            Assert.Empty(DkimRecordLinter.OddSplits(strings));
            Assert.DoesNotContain("Dkim.TxtSplitInsideToken", Ids(DkimRecordLinter.Lint(
                DkimRecordLookup.FromAnswer("example.com", "s1", new InMemoryDnsResolver().AddTxt("s1._domainkey.example.com", strings)
                    .Store.Query("s1._domainkey.example.com", DnsRecordType.TXT)))));
        }

        [Fact]
        public void TxtSplitInsideToken_NotInsideTheBase64OfP()
        {
            // samples: northwind-traders.example s1 splits p= mid-base64; FWS is allowed anywhere in base64 (RFC 6376 §3.6.1).
            string key = DkimTestKeys.Rsa(2048);
            var strings = new[] { "v=DKIM1; k=rsa; ", "p=" + key.Substring(0, 100), key.Substring(100) };
            Assert.Empty(DkimRecordLinter.OddSplits(strings));
        }

        // --- through DNS ---

        [Fact]
        public async Task LintAsyncAddsChecksAfterTheLookupFindings()
        {
            var dns = new InMemoryDnsResolver().AddTxt("s1._domainkey.example.com", "v=DKIM1; t=y; p=" + DkimTestKeys.Rsa(1024));
            var r = await DkimRecordLinter.LintAsync("example.com", "s1", dns);
            Assert.Equal(new[] { "Dkim.KeyBelow2048Bits", "Dkim.TestingMode" }, Ids(r));
            Assert.Equal(FindingSeverity.Warning, r.HighestSeverity);
        }

        [Fact]
        public async Task LintProbeAsyncChecksEveryRecordFound()
        {
            var dns = new InMemoryDnsResolver();
            dns.Store.AddApex("example.com");
            dns.AddTxt("k1._domainkey.example.com", "v=DKIM1; p=" + DkimTestKeys.Rsa(512)).AddTxt("s1._domainkey.example.com", "v=DKIM1; p=");
            var results = await DkimRecordLinter.LintProbeAsync("example.com", dns);
            Assert.Equal(new[] { "k1", "s1" }, results.Select(r => r.Selector));
            Assert.Equal(new[] { "Dkim.KeyTooShort" }, Ids(results[0]));
            Assert.Equal(new[] { "Dkim.KeyRevoked" }, Ids(results[1]));
        }

        [Fact]
        public void LintLeavesResultsWithoutARecordUnchanged()
        {
            var none = DkimRecordLookup.FromAnswer("example.com", "s1", new DnsQueryResult("s1._domainkey.example.com", DnsRecordType.TXT, DnsOutcome.NxDomain));
            Assert.Same(none, DkimRecordLinter.Lint(none));
            Assert.Throws<ArgumentNullException>(() => DkimRecordLinter.Lint(null!));
            Assert.Throws<ArgumentNullException>(() => DkimRecordLinter.LintText(null!));
        }

        // --- samples/README.md rows 1-3, 15, 19, 20 ---

        [Theory]
        [InlineData("northwind-traders.example", "s1", "")]
        [InlineData("northwind-traders.example", "e1", "")]
        [InlineData("contoso-retail.example", "selector1", "")]
        [InlineData("contoso-retail.example", "selector2", "")]
        [InlineData("fabrikam-parked.example", "default", "Dkim.KeyRevoked")]
        [InlineData("humongous-insurance.example", "k1", "Dkim.KeyBelow2048Bits")]
        [InlineData("coho-winery.example", "mail", "Dkim.KeyTooShort")]
        [InlineData("southridge-video.example", "s1", "Dkim.KeyRevoked")]
        [InlineData("southridge-video.example", "s2", "Dkim.TestingMode")]
        [InlineData("adventure-works.example", "selector1", "Dkim.NoRecord")]
        public async Task SampleExpectations(string domain, string selector, string ids)
        {
            var r = await DkimRecordLinter.LintAsync(domain, selector, DkimSamples.Resolver);
            Assert.Equal(ids, string.Join(",", Ids(r)));
        }
    }
}
