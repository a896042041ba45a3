using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Bimi;
using MailAuth.Dkim;
using MailAuth.Findings;
using MailAuth.Reports;
using MailAuth.Spf;
using MailAuth.TlsRpt;
using Xunit;

namespace MailAuth.Tests.Fuzz
{
    /// <summary>What the parsers answer, since their fix, for the inputs the fuzz targets found (TestData/fuzz).</summary>
    public class FuzzRegressionTests
    {
        private static byte[] Case(string target, string name) => File.ReadAllBytes(Path.Combine(FuzzRunner.RegressionDirectory(target), name));

        [Theory]
        [InlineData("dmarc-report", "gzip-damaged-deflate.bin")]
        [InlineData("dmarc-report", "zip-central-directory-count.bin")]
        public void Damaged_archive_is_a_report_format_error(string target, string name)
        {
            var e = Assert.Throws<ReportFormatException>(() => DmarcReportReader.Read(Case(target, name), name));
            Assert.Contains(name, e.Message);
        }

        [Theory]
        [InlineData("gzip-damaged-deflate.bin")]
        [InlineData("json-invalid-utf8-string.json")]
        [InlineData("json-lone-surrogate-escape.json")]
        public void Damaged_tls_report_is_a_report_format_error(string name)
            => Assert.Throws<ReportFormatException>(() => TlsRptReportReader.Read(Case("tlsrpt-report", name), name));

        [Fact]
        public void Emoji_in_the_xml_declaration_is_an_invalid_svg_finding()
        {
            var outcome = BimiSvgCheck.Check(Case("bimi-svg", "xml-declaration-emoji.svg"));
            Assert.Contains(outcome.Findings, f => f.Id == "Bimi.SvgInvalid");
        }

        [Fact]
        public void Emoji_in_the_xml_declaration_of_a_report_is_a_report_format_error()
            => Assert.Throws<ReportFormatException>(() => DmarcReportReader.Read(Case("dmarc-report", "xml-declaration-emoji.xml"), "xml-declaration-emoji.xml"));

        [Fact]
        public void Ed25519_key_off_the_curve_is_an_invalid_record()
        {
            var record = DkimKeyRecord.Parse(Encoding.ASCII.GetString(Case("dkim-key-record", "ed25519-not-on-curve.txt")));
            Assert.False(record.IsValid);
            Assert.False(record.HasKey);
            Assert.Contains(record.Errors, e => e.Contains("Ed25519", StringComparison.Ordinal));
        }

        [Theory]
        [InlineData("certificate-bad-validity-date.pem")]
        [InlineData("begin-and-end-lines-overlap.pem")]
        public void Unreadable_certificate_is_an_invalid_evidence_finding(string name)
        {
            var result = new BimiRecordResult("example.com", "default") { Evidence = "https://bimi.example.com/vmc.pem" };
            var findings = new List<Finding>();
            BimiChecker.ReadEvidence(result, Case("bimi-evidence", name), findings);
            Assert.Null(result.EvidenceCertificate);
            Assert.Contains(findings, f => f.Id == "Bimi.EvidenceInvalid");
        }

        [Fact]
        public void Rsa_private_key_with_a_bad_modulus_is_a_private_key_error()
            => Assert.Throws<DkimPrivateKeyException>(() => DkimPrivateKeyReader.Parse(Case("dkim-private-key", "pkcs1-modulus-small-factor.pem"), "bad.pem"));

        [Fact]
        public void Record_of_thousands_of_empty_fields_gives_a_few_short_findings()
        {
            string text = Encoding.UTF8.GetString(Case("bimi-record", "eighteen-thousand-semicolons.txt"));
            var findings = new List<Finding>();
            BimiChecker.Parse(text, new BimiRecordResult("example.com", "default"), findings);
            // Ten listed errors, one count of the rest, and the record's other findings.
            Assert.InRange(findings.Count, 11, 20);
            Assert.All(findings, f => Assert.True(f.Message.Length < 400, f.Message));
            Assert.Contains(findings, f => f.Message.Contains("more fields are malformed", StringComparison.Ordinal));

            var tlsrpt = TlsRptLookup.ParseRecord("v=TLSRPTv1;" + new string(';', 10_000) + "rua=mailto:a@example.com", "example.com");
            Assert.InRange(tlsrpt.Findings.Count, 1, 20);
        }

        [Theory]
        [InlineData("long-literal-after-macro.txt")]
        [InlineData("long-text-without-macro.txt")]
        public async Task Long_literal_text_is_over_the_expansion_bound(string name)
        {
            string text = Encoding.UTF8.GetString(Case("spf-macro", name));
            Assert.True(text.Length > SpfMacro.MaxExpandedLength);
            var ctx = new SpfMacroContext("a@example.com", "a", "example.com", IPAddress.Loopback, "helo", "mx", DateTimeOffset.UnixEpoch, (d, c) => Task.FromResult(d));
            await Assert.ThrowsAsync<FormatException>(() => SpfMacro.ExpandAsync(text, ctx, "example.com", CancellationToken.None));
        }
    }
}
