using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.Tasks;
using MailAuth.Bimi;
using MailAuth.Findings;
using MailAuth.Tests.Dmarc;
using Xunit;

namespace MailAuth.Tests.Transport
{
    // Each BIMI finding id that needs no web server: one case that triggers it and one that does not. The rest (fetches,
    // the SVG script and profile checks, the logotype extension, DMARC p=none) run against nginx in
    // Transport.Integration.Tests.ps1. Expectations follow draft-brand-indicators-for-message-identification-10.
    public class BimiFindingTests
    {
        private const string Good = "v=BIMI1; l=https://bimi.example.com/logo.svg; a=https://bimi.example.com/vmc.pem";
        private const string GoodSvg = "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.2\" baseProfile=\"tiny-ps\" viewBox=\"0 0 10 10\"><title>Example</title><rect width=\"10\" height=\"10\"/></svg>";

        // The ids this class proves, read by TransportFindingCoverageTests.
        public static readonly string[] Covered =
        {
            "Bimi.NoRecord", "Bimi.MultipleRecords", "Bimi.SyntaxError", "Bimi.LocationNotHttps", "Bimi.Declined", "Bimi.NoEvidence",
            "Bimi.DnsTemporaryFailure", "Bimi.SvgInvalid", "Bimi.SvgNoTitle", "Bimi.SvgExternalReference", "Bimi.SvgAnimation",
            "Bimi.SvgTooLarge", "Bimi.EvidenceInvalid", "Bimi.EvidenceExpired", "Bimi.SvgScript", "Bimi.SvgNotTinyPs", "Bimi.EvidenceNoLogotype",
        };

        private static DmarcTestZone Zone(params string[] bimi)
        {
            var z = new DmarcTestZone().Host("example.com").Dmarc("example.com", "v=DMARC1; p=reject");
            foreach (var r in bimi) z.Txt("default._bimi.example.com", r);
            return z;
        }

        private static async Task<IReadOnlyList<string>> Ids(DmarcTestZone zone)
            => (await BimiChecker.GetRecordAsync("example.com", "default", zone, null, false)).Findings.Select(f => f.Id).ToList();

        public static IEnumerable<object[]> RecordCases() => new[]
        {
            new object[] { "Bimi.NoRecord", (Func<DmarcTestZone>)(() => Zone()), (Func<DmarcTestZone>)(() => Zone(Good)) },
            new object[] { "Bimi.MultipleRecords", (Func<DmarcTestZone>)(() => Zone(Good, Good.Replace("logo", "logo2"))), (Func<DmarcTestZone>)(() => Zone(Good)) },
            new object[] { "Bimi.SyntaxError", (Func<DmarcTestZone>)(() => Zone("v=BIMI1; a=https://bimi.example.com/vmc.pem")), (Func<DmarcTestZone>)(() => Zone(Good)) },
            new object[] { "Bimi.SyntaxError", (Func<DmarcTestZone>)(() => Zone("v=bimi1; l=https://bimi.example.com/logo.svg")), (Func<DmarcTestZone>)(() => Zone(Good)) },
            new object[] { "Bimi.LocationNotHttps", (Func<DmarcTestZone>)(() => Zone("v=BIMI1; l=http://bimi.example.com/logo.svg; a=https://bimi.example.com/vmc.pem")), (Func<DmarcTestZone>)(() => Zone(Good)) },
            new object[] { "Bimi.Declined", (Func<DmarcTestZone>)(() => Zone("v=BIMI1; l=; a=;")), (Func<DmarcTestZone>)(() => Zone(Good)) },
            new object[] { "Bimi.NoEvidence", (Func<DmarcTestZone>)(() => Zone("v=BIMI1; l=https://bimi.example.com/logo.svg")), (Func<DmarcTestZone>)(() => Zone(Good)) },
            new object[] { "Bimi.DnsTemporaryFailure", (Func<DmarcTestZone>)(() => Zone().Fail("default._bimi.example.com")), (Func<DmarcTestZone>)(() => Zone(Good)) },
            new object[] { "Bimi.DmarcNotEnforced", (Func<DmarcTestZone>)(() => new DmarcTestZone().Host("example.com").Dmarc("example.com", "v=DMARC1; p=quarantine; t=y").Txt("default._bimi.example.com", Good)), (Func<DmarcTestZone>)(() => Zone(Good)) },
        };

        [Theory]
        [MemberData(nameof(RecordCases))]
        public async Task Record_finding_is_triggered_and_not_otherwise(string id, Func<DmarcTestZone> trigger, Func<DmarcTestZone> clean)
        {
            Assert.Contains(id, await Ids(trigger()));
            Assert.DoesNotContain(id, await Ids(clean()));
        }

        [Fact]
        public async Task The_organizational_domain_policy_counts_too()
        {
            // The subdomain's own policy is reject, but its organizational domain says p=none (draft-10 §7.1 step 7).
            var zone = new DmarcTestZone().Host("example.com").Host("news.example.com")
                .Dmarc("example.com", "v=DMARC1; p=none").Dmarc("news.example.com", "v=DMARC1; p=reject")
                .Txt("default._bimi.news.example.com", Good);
            var r = await BimiChecker.GetRecordAsync("news.example.com", "default", zone, null, false);
            Assert.False(r.DmarcEligible);
            Assert.Contains("organizational domain example.com has p=none", Assert.Single(r.Findings, f => f.Id == "Bimi.DmarcNotEnforced").Message);

            var both = new DmarcTestZone().Host("example.com").Host("news.example.com")
                .Dmarc("example.com", "v=DMARC1; p=quarantine").Dmarc("news.example.com", "v=DMARC1; p=reject")
                .Txt("default._bimi.news.example.com", Good);
            Assert.True((await BimiChecker.GetRecordAsync("news.example.com", "default", both, null, false)).DmarcEligible);
        }

        [Fact]
        public async Task A_record_at_the_organizational_domain_applies_to_a_subdomain()
        {
            var zone = Zone(Good).Host("news.example.com");
            var r = await BimiChecker.GetRecordAsync("news.example.com", "default", zone, null, false);
            Assert.Equal(BimiRecordStatus.found, r.Status);
            Assert.True(r.FromOrganizationalDomain);
            Assert.Equal("default._bimi.example.com", r.RecordName);
        }

        public static IEnumerable<object[]> SvgCases() => new[]
        {
            new object[] { "Bimi.SvgInvalid", "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a \"aaaa\">]><svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.2\" baseProfile=\"tiny-ps\"><title>&a;</title></svg>" },
            new object[] { "Bimi.SvgInvalid", "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>x</title>" },
            new object[] { "Bimi.SvgNotTinyPs", GoodSvg.Replace("tiny-ps", "tiny") },
            new object[] { "Bimi.SvgNoTitle", GoodSvg.Replace("<title>Example</title>", "<title> </title>") },
            new object[] { "Bimi.SvgScript", GoodSvg.Replace("<rect", "<rect onclick=\"alert(1)\"") },
            new object[] { "Bimi.SvgExternalReference", GoodSvg.Replace("<rect width=\"10\" height=\"10\"/>", "<image href=\"https://tracker.example.net/p.png\" width=\"1\" height=\"1\"/>") },
            new object[] { "Bimi.SvgExternalReference", GoodSvg.Replace("<rect", "<rect fill=\"url(https://x.example.net/g.svg#a)\"") },
            new object[] { "Bimi.SvgAnimation", GoodSvg.Replace("<rect width=\"10\" height=\"10\"/>", "<rect width=\"10\" height=\"10\"><animate attributeName=\"x\" from=\"0\" to=\"5\" dur=\"1s\"/></rect>") },
            new object[] { "Bimi.SvgTooLarge", GoodSvg.Replace("</svg>", "<desc>" + new string('x', 33 * 1024) + "</desc></svg>") },
        };

        [Theory]
        [MemberData(nameof(SvgCases))]
        public void Svg_finding_is_triggered_and_absent_from_a_tiny_ps_logo(string id, string svg)
        {
            Assert.Contains(id, BimiSvgCheck.Check(Encoding.UTF8.GetBytes(svg)).Findings.Select(f => f.Id));
            Assert.DoesNotContain(id, BimiSvgCheck.Check(Encoding.UTF8.GetBytes(GoodSvg)).Findings.Select(f => f.Id));
        }

        [Fact]
        public void A_tiny_ps_logo_has_no_findings_and_its_title_is_read()
        {
            var o = BimiSvgCheck.Check(Encoding.UTF8.GetBytes(GoodSvg));
            Assert.Empty(o.Findings);
            Assert.Equal("Example", o.Title);
            Assert.Equal("tiny-ps", o.BaseProfile);
        }

        [Fact]
        public void An_internal_fragment_reference_is_not_external()
        {
            string svg = GoodSvg.Replace("<rect width=\"10\" height=\"10\"/>", "<defs><linearGradient id=\"g\"/></defs><rect fill=\"url(#g)\" width=\"10\" height=\"10\"/><use href=\"#g\"/>");
            Assert.DoesNotContain("Bimi.SvgExternalReference", BimiSvgCheck.Check(Encoding.UTF8.GetBytes(svg)).Findings.Select(f => f.Id));
        }

        [Fact]
        public void An_entity_expansion_bomb_is_refused_without_expanding()
        {
            var sb = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a0 \"lol\">");
            for (int i = 1; i < 10; i++) sb.Append($"<!ENTITY a{i} \"&a{i - 1};&a{i - 1};&a{i - 1};&a{i - 1};&a{i - 1};&a{i - 1};&a{i - 1};&a{i - 1};&a{i - 1};&a{i - 1};\">");
            sb.Append("]><svg xmlns=\"http://www.w3.org/2000/svg\"><title>&a9;</title></svg>");
            var o = BimiSvgCheck.Check(Encoding.UTF8.GetBytes(sb.ToString()));
            Assert.Equal("Bimi.SvgInvalid", Assert.Single(o.Findings).Id);
        }

        private static byte[] Pem(DateTimeOffset notBefore, DateTimeOffset notAfter, bool logotype)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=example.com, O=Example", key, HashAlgorithmName.SHA256);
            if (logotype) request.CertificateExtensions.Add(new X509Extension("1.3.6.1.5.5.7.1.12", new byte[] { 0x30, 0x00 }, false));
            using var cert = request.CreateSelfSigned(notBefore, notAfter);
            return Encoding.ASCII.GetBytes("-----BEGIN CERTIFICATE-----\n" + Convert.ToBase64String(cert.RawData, Base64FormattingOptions.InsertLineBreaks) + "\n-----END CERTIFICATE-----\n");
        }

        private static List<string> Evidence(byte[] pem)
        {
            var result = new BimiRecordResult("example.com", "default") { Evidence = "https://bimi.example.com/vmc.pem" };
            var findings = new List<Finding>();
            BimiChecker.ReadEvidence(result, pem, findings);
            return findings.Select(f => f.Id).ToList();
        }

        [Fact]
        public void Evidence_findings_are_triggered_and_not_otherwise()
        {
            var now = DateTimeOffset.UtcNow;
            var good = Pem(now.AddDays(-1), now.AddDays(30), logotype: true);
            Assert.Empty(Evidence(good));
            Assert.Contains("Bimi.EvidenceInvalid", Evidence(Encoding.ASCII.GetBytes("<html>not a certificate</html>")));
            Assert.Contains("Bimi.EvidenceExpired", Evidence(Pem(now.AddDays(-60), now.AddDays(-30), logotype: true)));
            Assert.Contains("Bimi.EvidenceNoLogotype", Evidence(Pem(now.AddDays(-1), now.AddDays(30), logotype: false)));
            Assert.DoesNotContain("Bimi.EvidenceNoLogotype", Evidence(good));
        }
    }
}
