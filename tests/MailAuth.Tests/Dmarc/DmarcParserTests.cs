using System;
using System.Linq;
using MailAuth.Dmarc;
using Xunit;

namespace MailAuth.Tests.Dmarc
{
    // The record grammar of RFC 9989 §4.7-§4.8, with RFC 7489 §6.3-§6.4 for the removed tags and the size limit.
    public class DmarcParserTests
    {
        [Theory]
        [InlineData("v=DMARC1", true)]
        [InlineData("v=DMARC1;", true)]
        [InlineData("v = DMARC1 ; p=none", true)]          // equals = *WSP "=" *WSP; dmarc-sep = *WSP ";" *WSP
        [InlineData("v=DMARC1;p=reject", true)]
        [InlineData("v=dmarc1; p=none", false)]            // %s"DMARC1": case-sensitive
        [InlineData("V=DMARC1; p=none", false)]            // tag names are case-sensitive (RFC 6376 §3.2)
        [InlineData(" v=DMARC1; p=none", false)]           // v must be first
        [InlineData("p=none; v=DMARC1", false)]
        [InlineData("v=DMARC1 p=none", false)]             // no separator: the version value is not DMARC1
        [InlineData("v=DMARC10; p=none", false)]
        [InlineData("v=spf1 -all", false)]
        [InlineData("", false)]
        public void RecognisesTheVersionTag(string text, bool expected)
        {
            Assert.Equal(expected, DmarcParser.IsDmarcRecord(text));
        }

        [Fact]
        public void TypesEveryTag()
        {
            var r = DmarcParser.Parse("v=DMARC1; p=reject; sp=quarantine; np=reject; adkim=s; aspf=s; rua=mailto:a@example.com,mailto:b@example.net!10m; ruf=mailto:f@example.com; fo=1:d:s; t=y; psd=n; pct=50; rf=afrf; ri=3600");
            Assert.True(r.IsDmarcRecord);
            Assert.Empty(r.Errors);
            Assert.Equal(DmarcPolicy.reject, r.Policy);
            Assert.Equal(DmarcPolicy.quarantine, r.SubdomainPolicy);
            Assert.Equal(DmarcPolicy.reject, r.NonExistentSubdomainPolicy);
            Assert.Equal(DmarcAlignmentMode.strict, r.DkimAlignment);
            Assert.Equal(DmarcAlignmentMode.strict, r.SpfAlignment);
            Assert.Equal(new[] { "mailto:a@example.com", "mailto:b@example.net" }, r.AggregateReportUris.Select(u => u.Uri));
            Assert.Equal(new[] { "example.com", "example.net" }, r.AggregateReportUris.Select(u => u.Host));
            Assert.Equal("b@example.net", r.AggregateReportUris[1].Address);
            Assert.Equal("10m", r.AggregateReportUris[1].SizeLimit);
            Assert.Equal(10UL << 20, r.AggregateReportUris[1].MaxSizeBytes);
            Assert.Equal("f@example.com", Assert.Single(r.FailureReportUris).Address);
            Assert.Equal(new[] { "1", "d", "s" }, r.FailureReportingOptions);
            Assert.True(r.TestMode);
            Assert.Equal(DmarcPsd.n, r.Psd);
            Assert.Equal(50, r.Percent);
            Assert.Equal(new[] { "afrf" }, r.ReportFormats);
            Assert.Equal(3600L, r.ReportInterval);
            Assert.Equal(new[] { "v", "p", "sp", "np", "adkim", "aspf", "rua", "ruf", "fo", "t", "psd", "pct", "rf", "ri" }, r.Tags.Select(t => t.Name));
            Assert.Equal(DmarcTagKind.Removed, r.GetTag("pct")!.Kind);
            Assert.Equal(DmarcTagKind.Defined, r.GetTag("psd")!.Kind);
        }

        [Fact]
        public void AppliesTheDefaults()
        {
            // RFC 9989 §4.7: adkim and aspf r, fo 0, t n, psd u; the others have no default.
            var r = DmarcParser.Parse("v=DMARC1; p=none");
            Assert.Equal(DmarcAlignmentMode.relaxed, r.DkimAlignment);
            Assert.Equal(DmarcAlignmentMode.relaxed, r.SpfAlignment);
            Assert.Equal(new[] { "0" }, r.FailureReportingOptions);
            Assert.False(r.TestMode);
            Assert.Equal(DmarcPsd.u, r.Psd);
            Assert.Null(r.SubdomainPolicy);
            Assert.Null(r.Percent);
            Assert.Empty(r.AggregateReportUris);
        }

        [Fact]
        public void ValuesAreCaseInsensitiveButTagNamesAreNot()
        {
            // ABNF quoted strings are case-insensitive (RFC 5234 §2.3); tag names follow DKIM's case-sensitive tag-list.
            var r = DmarcParser.Parse("v=DMARC1; p=Reject; adkim=S; P=none");
            Assert.Equal(DmarcPolicy.reject, r.Policy);
            Assert.Equal(DmarcAlignmentMode.strict, r.DkimAlignment);
            Assert.Equal(DmarcTagKind.Unknown, r.Tags.Last().Kind);
            Assert.Empty(r.Errors);
        }

        [Fact]
        public void JoinedStringsOfTheRfcExampleParse()
        {
            // RFC 9989 Appendix B.2.5: the rua list continues in the next character-string without a space.
            string text = string.Concat("v=DMARC1; p=quarantine; ", "rua=mailto:dmarc-feedback@example.com,", "mailto:tld-test@thirdparty.example.net; ", "t=y");
            var r = DmarcParser.Parse(text);
            Assert.Empty(r.Errors);
            Assert.Equal(new[] { "example.com", "thirdparty.example.net" }, r.AggregateReportUris.Select(u => u.Host));
            Assert.True(r.TestMode);
        }

        [Theory]
        [InlineData("v=DMARC1; p=rejec", "'p=rejec' at position 11", "p")]
        [InlineData("v=DMARC1; p=none; adkim=x", "'adkim=x' at position 19", "adkim")]
        [InlineData("v=DMARC1; p=none; t=yes", "'t=yes' at position 19", "t")]
        [InlineData("v=DMARC1; p=none; psd=maybe", "'psd=maybe' at position 19", "psd")]
        [InlineData("v=DMARC1; p=none; fo=0:1", "0 and 1 exclude each other", "fo")]
        [InlineData("v=DMARC1; p=none; fo=x", "'fo=x' at position 19", "fo")]
        [InlineData("v=DMARC1; p=none; pct=150", "'pct=150' at position 19", "pct")]
        [InlineData("v=DMARC1; p=none; ri=day", "'ri=day' at position 19", "ri")]
        [InlineData("v=DMARC1; p=none; sp=", "has no value", "sp")]
        [InlineData("v=DMARC1; p=none rua=mailto:a@example.com", "is a ';' missing before 'rua='", "p")]
        [InlineData("v=DMARC1; p=none; adkim", "has no '='", null)]
        [InlineData("v=DMARC1; p=none; r-ua=mailto:a@example.com", "not made of letters only", "r-ua")]
        [InlineData("v=DMARC1; p=none; x=caf\u00e9", "U+00E9", "x")]
        public void ReportsSyntaxErrorsWithTheTagAndItsPosition(string text, string expected, string? tag)
        {
            var r = DmarcParser.Parse(text);
            Assert.True(r.IsDmarcRecord);
            var e = Assert.Single(r.Errors);
            Assert.Equal("Dmarc.SyntaxError", e.Id);
            Assert.Contains(expected, e.Message);
            if (tag != null) Assert.False(r.Tags.First(t => t.Name == tag).IsValid);
        }

        [Theory]
        [InlineData("v=dmarc1; p=reject", "case-sensitive")]
        [InlineData("V=DMARC1; p=reject", "lower-case")]
        [InlineData(" v=DMARC1; p=reject", "white space")]
        [InlineData("p=reject; v=DMARC1", "must be the first tag")]
        [InlineData("v=DMARC1 p=reject", "without a ';'")]
        [InlineData("v=DMARC2; p=reject", "not 'DMARC1'")]
        public void ExplainsAVersionTagReceiversDoNotRecognise(string text, string expected)
        {
            var r = DmarcParser.Parse(text);
            Assert.False(r.IsDmarcRecord);
            Assert.Empty(r.Tags);
            Assert.Contains(expected, Assert.Single(r.Errors).Message);
            Assert.Null(r.GetPolicy(DmarcPolicyScope.Domain));
        }

        [Fact]
        public void ReportsADuplicateAndUsesTheFirstOccurrence()
        {
            var r = DmarcParser.Parse("v=DMARC1; p=reject; p=none");
            var e = Assert.Single(r.Errors);
            Assert.Equal("Dmarc.DuplicateTag", e.Id);
            Assert.Contains("position 21", e.Message);
            Assert.Equal(DmarcPolicy.reject, r.Policy);
            Assert.True(r.Tags[2].IsDuplicate);
        }

        [Theory]
        [InlineData("dmarc@example.com", "write 'mailto:dmarc@example.com'")]
        [InlineData("mailto:", "no address")]
        [InlineData("mailto:dmarc", "not a mailbox")]
        [InlineData("mailto:dmarc@exa mple.com", "a space")]
        [InlineData("mailto:dmarc@-bad-.example", "not a domain name")]
        [InlineData("mailto:a@example.com!10x", "not a size limit")]
        [InlineData("mailto:a@example.com!99999999999999999999", "not a size limit")]
        [InlineData("mailto:a@example.com!17179869184t", "not a size limit")] // 2^34 x 2^40 overflows 64 bits
        [InlineData("http://", "not a valid http(s) URI")]
        [InlineData("", "empty")]
        public void RejectsInvalidReportUris(string uri, string expected)
        {
            var r = DmarcParser.Parse("v=DMARC1; p=none; rua=mailto:ok@example.com, " + uri);
            var e = Assert.Single(r.Errors);
            Assert.Equal("Dmarc.InvalidReportUri", e.Id);
            Assert.Contains(expected, e.Message);
            if (uri.Length > 0) Assert.Contains("position 46", e.Message);
            Assert.True(r.AggregateReportUris[0].IsValid);
            Assert.False(r.AggregateReportUris[1].IsValid);
            // One valid URI is enough for the p=none fallback (RFC 9989 §4.10.1).
            Assert.True(r.HasValidAggregateReportUri);
        }

        [Theory]
        [InlineData("mailto:dmarc%2Breports@example.com", "dmarc+reports@example.com", "example.com")]
        [InlineData("mailto:dmarc@EXAMPLE.com?subject=DMARC", "dmarc@EXAMPLE.com", "example.com")]
        [InlineData("https://reports.example.net/dmarc", null, "reports.example.net")]
        [InlineData("mailto:dmarc@b%C3%BCcher.example", "dmarc@b\u00fccher.example", "xn--bcher-kva.example")]
        public void ParsesValidReportUris(string text, string? address, string host)
        {
            var u = DmarcParser.ParseUri("rua", text, 1);
            Assert.True(u.IsValid, u.Problem);
            Assert.Equal(address, u.Address);
            Assert.Equal(host, u.Host);
        }

        [Theory]
        [InlineData("5", 5UL)]
        [InlineData("1k", 1024UL)]
        [InlineData("50m", 50UL << 20)]
        [InlineData("2G", 2UL << 30)]
        [InlineData("1t", 1UL << 40)]
        public void SizeLimitsArePowersOfTwo(string size, ulong bytes)
        {
            // RFC 7489 §6.4: "the units are considered to be powers of two".
            var u = DmarcParser.ParseUri("ruf", "mailto:a@example.com!" + size, 1);
            Assert.True(u.IsValid);
            Assert.Equal(bytes, u.MaxSizeBytes);
            Assert.Equal("mailto:a@example.com", u.Uri);
        }

        [Theory]
        // RFC 9989 §4.10.1: no valid p, or an invalid sp or np: p=none with a valid rua, otherwise no DMARC.
        [InlineData("v=DMARC1; p=reject; sp=quarantine; np=none", DmarcPolicyScope.Domain, DmarcPolicy.reject)]
        [InlineData("v=DMARC1; p=reject; sp=quarantine; np=none", DmarcPolicyScope.Subdomain, DmarcPolicy.quarantine)]
        [InlineData("v=DMARC1; p=reject; sp=quarantine; np=none", DmarcPolicyScope.NonExistentSubdomain, DmarcPolicy.none)]
        [InlineData("v=DMARC1; p=reject; sp=quarantine", DmarcPolicyScope.NonExistentSubdomain, DmarcPolicy.quarantine)]
        [InlineData("v=DMARC1; p=reject", DmarcPolicyScope.NonExistentSubdomain, DmarcPolicy.reject)]
        [InlineData("v=DMARC1; rua=mailto:a@example.com", DmarcPolicyScope.Domain, DmarcPolicy.none)]
        [InlineData("v=DMARC1; p=bogus; rua=mailto:a@example.com", DmarcPolicyScope.Subdomain, DmarcPolicy.none)]
        [InlineData("v=DMARC1; p=reject; sp=bogus; rua=mailto:a@example.com", DmarcPolicyScope.Domain, DmarcPolicy.none)]
        [InlineData("v=DMARC1; p=reject; np=bogus; rua=mailto:a@example.com", DmarcPolicyScope.Domain, DmarcPolicy.none)]
        [InlineData("v=DMARC1", DmarcPolicyScope.Domain, null)]
        [InlineData("v=DMARC1; p=reject; sp=bogus", DmarcPolicyScope.Domain, null)]
        [InlineData("v=DMARC1; p=bogus; rua=dmarc@example.com", DmarcPolicyScope.Domain, null)]
        public void GetPolicyFollowsTheFallbackRules(string text, DmarcPolicyScope scope, DmarcPolicy? expected)
        {
            Assert.Equal(expected, DmarcParser.Parse(text).GetPolicy(scope));
        }

        [Fact]
        public void Rfc7489ModeIgnoresNp()
        {
            // np is not an RFC 7489 tag: neither its value nor its validity matters there.
            Assert.Equal(DmarcPolicy.quarantine, DmarcParser.Parse("v=DMARC1; p=reject; sp=quarantine; np=none").GetPolicy(DmarcPolicyScope.NonExistentSubdomain, DmarcDiscoveryMode.PublicSuffixList));
            Assert.Equal(DmarcPolicy.reject, DmarcParser.Parse("v=DMARC1; p=reject; np=bogus").GetPolicy(DmarcPolicyScope.Domain, DmarcDiscoveryMode.PublicSuffixList));
        }

        [Fact]
        public void HostileInputEndsInFindingsNotExceptions()
        {
            Assert.Throws<ArgumentNullException>(() => DmarcParser.Parse(null!));
            var huge = DmarcParser.Parse("v=DMARC1; p=none; x=" + new string('a', 10000));
            Assert.Contains("not parsed", Assert.Single(huge.Errors).Message);
            foreach (string text in new[] { "v=DMARC1;;;;", "v=DMARC1; =", "v=DMARC1; ;p=none;", "v=DMARC1; rua=,,,", "v=DMARC1; fo=::", "v=DMARC1; rua=mailto:%", "v=DMARC1; rua=!", "v=DMARC1\0; p=none", "v=DMARC1; rua=mailto:@" })
            {
                var r = DmarcParser.Parse(text);
                Assert.NotNull(r.Tags);
            }
        }

        [Fact]
        public void RandomRecordsNeverThrowAndPositionsStayInside()
        {
            // Fuzz: records built from DMARC-like pieces and noise, with a fixed seed so a failure repeats.
            var rng = new Random(9989);
            string[] pieces = { "v=DMARC1", "p=", "sp=", "np=", "rua=", "ruf=", "fo=", "t=", "psd=", "pct=", "ri=", "rf=", "reject", "none", "mailto:", "a@b.example",
                "!", "10m", ",", ";", " ", "\t", "=", ":", "%", "%2", "%41", "http://", "\u00e9", "\0", "y", "n", "0:1:d:s", "x", "@", "[", "]", "99999999999999999999" };
            for (int n = 0; n < 3000; n++)
            {
                var sb = new System.Text.StringBuilder(n % 3 == 0 ? "" : "v=DMARC1;");
                int count = rng.Next(0, 25);
                for (int k = 0; k < count; k++) sb.Append(pieces[rng.Next(pieces.Length)]);
                string text = sb.ToString();
                var r = DmarcParser.Parse(text);
                Assert.Equal(DmarcParser.IsDmarcRecord(text), r.IsDmarcRecord);
                Assert.All(r.Tags, t => Assert.InRange(t.Position, 1, Math.Max(1, text.Length)));
                Assert.All(r.AggregateReportUris.Concat(r.FailureReportUris), u => Assert.InRange(u.Position, 1, text.Length + 1));
                foreach (var scope in new[] { DmarcPolicyScope.Domain, DmarcPolicyScope.Subdomain, DmarcPolicyScope.NonExistentSubdomain })
                    r.GetPolicy(scope);
            }
        }
    }
}
