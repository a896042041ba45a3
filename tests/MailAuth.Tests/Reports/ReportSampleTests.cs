using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using MailAuth.Reports;
using Xunit;

namespace MailAuth.Tests.Reports
{
    /// <summary>
    /// The published report samples (TestData/reports, see its SOURCES.md), each handled as its source
    /// expects: parsedmarc's aggregate samples all parse (the broken ones too), its empty.xml is refused,
    /// its failure samples are failure reports, and nice-input .xml/.gz/.zip give the same report.
    /// </summary>
    public class ReportSampleTests
    {
        internal static string Data(params string[] parts) => Path.Combine(new[] { AppContext.BaseDirectory, "TestData", "reports" }.Concat(parts).ToArray());

        public static IEnumerable<object[]> ParsedmarcAggregate() =>
            Directory.GetFiles(Data("parsedmarc", "aggregate")).Concat(Directory.GetFiles(Data("parsedmarc", "aggregate_invalid")))
                .Select(f => new object[] { Path.GetRelativePath(Data(), f) });

        public static IEnumerable<object[]> ParsedmarcFailure() =>
            Directory.GetFiles(Data("parsedmarc", "failure")).Select(f => new object[] { Path.GetRelativePath(Data(), f) });

        [Theory]
        [MemberData(nameof(ParsedmarcAggregate))]
        public void Parsedmarc_AggregateSample_ParsesAsAggregateReport(string file)
        {
            var reports = DmarcReportReader.ReadFile(Data(file));
            var report = Assert.IsType<DmarcAggregateReport>(Assert.Single(reports));
            Assert.NotEmpty(report.Records);
            Assert.False(string.IsNullOrEmpty(report.Domain), "policy_published/domain");
            Assert.All(report.Records, r => Assert.False(string.IsNullOrEmpty(r.SourceIP)));
            Assert.True(report.MessageCount >= report.Records.Count);
        }

        [Fact]
        public void Parsedmarc_InvalidXml_IsRepairedWithAWarning()
        {
            var report = (DmarcAggregateReport)DmarcReportReader.ReadFile(Data("parsedmarc", "aggregate", "invalid_xml.xml")).Single();
            // The unescaped values come back as written.
            Assert.Equal("<bad-xml@bad-xml.net>", report.Email);
            Assert.Equal("bad<xml.net", report.Records[0].HeaderFrom);
            Assert.Equal("199.230.200.36", report.Records[0].SourceIP);
            Assert.Contains(report.Warnings, w => w.Id == "Report.MalformedXmlRepaired");
        }

        [Fact]
        public void Parsedmarc_InvalidUtf8_ReplacesTheBadByteWithAWarning()
        {
            var report = (DmarcAggregateReport)DmarcReportReader.ReadFile(Data("parsedmarc", "aggregate", "invalid_utf_8.xml")).Single();
            Assert.Equal("bad_byte\uFFFD", report.Records[0].HeaderFrom);
            Assert.Contains(report.Warnings, w => w.Id == "Report.InvalidEncoding");
            Assert.Null(report.OrgName); // <org_name></org_name>
            Assert.Contains(report.Warnings, w => w.Id == "Report.MissingElement" && w.Message.Contains("org_name"));
        }

        [Fact]
        public void Parsedmarc_UpperCasedPass_IsReadAsPassWithAWarning()
        {
            var report = (DmarcAggregateReport)DmarcReportReader.ReadFile(Data("parsedmarc", "aggregate_invalid", "report_with_upper_cased_pass.xml")).Single();
            var r = report.Records.Single();
            Assert.Equal(DmarcReportDisposition.none, r.Disposition);
            Assert.Equal(DmarcReportAlignment.pass, r.DkimAligned);
            Assert.Equal(DmarcReportAlignment.pass, r.SpfAligned);
            Assert.Equal(DmarcReportAuthResult.pass, r.DkimResults.Single().Result);
            Assert.Contains(report.Warnings, w => w.Id == "Report.UpperCaseValue" && w.Message.Contains("'Pass'"));
            Assert.Equal("example.com", report.OrgName); // "example.com " trimmed
        }

        [Fact]
        public void Parsedmarc_EmptyReason_IsLeftOutWithAWarning()
        {
            var report = (DmarcAggregateReport)DmarcReportReader.ReadFile(Data("parsedmarc", "aggregate", "empty_reason.xml")).Single();
            var r = report.Records.Single();
            Assert.Empty(r.Reasons);
            Assert.Equal("example.net", r.EnvelopeTo);
            Assert.Equal("2048-bit key", r.DkimResults.Single().HumanResult);
            Assert.Contains(report.Warnings, w => w.Id == "Report.EmptyReason");
        }

        [Fact]
        public void Parsedmarc_OldDraft_ParsesWithoutVersionAndSelector()
        {
            var report = (DmarcAggregateReport)DmarcReportReader.ReadFile(Data("parsedmarc", "aggregate", "old_draft_from_wiki.xml")).Single();
            Assert.Null(report.Version);
            Assert.Equal("acme.com", report.OrgName);
            Assert.Equal(new DateTime(2012, 4, 28, 0, 0, 0, DateTimeKind.Utc), report.Begin);
            var r = report.Records.Single();
            Assert.Equal(2, r.Count);
            Assert.Null(r.DkimResults.Single().Selector);
            Assert.Equal(DmarcReportAuthResult.fail, r.DkimResults.Single().Result);
        }

        [Fact]
        public void Parsedmarc_EmptyFile_IsRefusedWithAClearError()
        {
            var e = Assert.Throws<ReportFormatException>(() => DmarcReportReader.ReadFile(Data("parsedmarc", "empty.xml")));
            Assert.Contains("empty.xml", e.Message);
            Assert.Contains("is empty", e.Message);
        }

        [Theory]
        [MemberData(nameof(ParsedmarcFailure))]
        public void Parsedmarc_FailureSample_ParsesAsFailureReport(string file)
        {
            var report = Assert.IsType<DmarcFailureReport>(Assert.Single(DmarcReportReader.ReadFile(Data(file))));
            Assert.Equal("auth-failure", report.FeedbackType);
            Assert.False(string.IsNullOrEmpty(report.SourceIP));
            Assert.NotEmpty(report.ReportedDomain);
        }

        [Fact]
        public void Parsedmarc_EximTextOnlyFailureReport_GivesTheSourceIP()
        {
            var report = (DmarcFailureReport)DmarcReportReader.ReadFile(Data("parsedmarc", "failure", "exim_plain_text_only_no_arf_part.eml")).Single();
            Assert.Equal("203.0.113.68", report.SourceIP); // what parsedmarc's test expects
            Assert.Equal(new[] { "example.com" }, report.ReportedDomain);
            Assert.Contains(report.Warnings, w => w.Id == "Report.NoFeedbackReportPart");
            Assert.Contains("Subject: Payment from your account.", report.OriginalHeaders);
        }

        [Fact]
        public void Parsedmarc_NeteaseBase64FeedbackPart_IsDecoded()
        {
            var report = (DmarcFailureReport)DmarcReportReader.ReadFile(Data("parsedmarc", "failure", "[Netease DMARC Failure Report] Rent Reminder.eml")).Single();
            Assert.Equal("167.89.69.24", report.SourceIP);
            Assert.Equal(new[] { "cardinal.com" }, report.ReportedDomain);
            Assert.Equal(new[] { "spf", "dkim" }, report.IdentityAlignment);
            Assert.Equal("delivered", report.DeliveryResult);
        }

        [Fact]
        public void Parsedmarc_LinkedInCrlfAndLf_GiveTheSameFields()
        {
            var lf = (DmarcFailureReport)DmarcReportReader.ReadFile(Data("parsedmarc", "failure", "dmarc_ruf_report_linkedin.eml")).Single();
            var crlf = (DmarcFailureReport)DmarcReportReader.ReadFile(Data("parsedmarc", "failure", "dmarc_ruf_report_linkedin.crlf.eml")).Single();
            Assert.Equal("10.10.10.10", lf.SourceIP);
            Assert.Equal(new DateTime(2019, 4, 30, 2, 9, 0, DateTimeKind.Utc), lf.ArrivalDate);
            Assert.Equal(lf.Fields, crlf.Fields);
            Assert.Null(lf.OriginalMailFrom); // "Original-Mail-From:" is empty
        }

        [Fact]
        public void Parsedmarc_NiceInput_XmlGzAndZip_GiveIdenticalReports()
        {
            string Canonical(string name)
            {
                var report = (DmarcAggregateReport)DmarcReportReader.ReadFile(Data("parsedmarc", "extract_report", name)).Single();
                Assert.Equal(20, report.RecordCount);
                return ReportJson.Serialize(report);
            }
            string xml = Canonical("nice-input.xml");
            Assert.Equal(xml, Canonical("nice-input.xml.gz"));
            Assert.Equal(xml, Canonical("nice-input.xml.zip"));
            // And the comparison is able to see a difference.
            Assert.NotEqual(xml, Canonical("changed-input.xml"));
        }

        [Theory]
        [InlineData("Report domain- borschow.com Submitter- google.com Report-ID- 949348866075514174.eml", "google.com", "949348866075514174")]
        [InlineData("twilight.eml", "google.com", null)]
        [InlineData("mimecast-weird-gzip.eml", null, null)]
        public void Parsedmarc_ReportMessages_GiveTheAttachedAggregateReport(string file, string? org, string? id)
        {
            var report = (DmarcAggregateReport)DmarcReportReader.ReadFile(Data("parsedmarc", "aggregate", file)).Single();
            Assert.NotNull(report.SourceEntry);
            if (org != null) Assert.Equal(org, report.OrgName);
            if (id != null) Assert.Equal(id, report.ReportId);
        }

        [Fact]
        public void Parsedmarc_Rfc9990Example_KeepsTheNewPolicyFields()
        {
            var report = (DmarcAggregateReport)DmarcReportReader.ReadFile(Data("parsedmarc", "aggregate", "rfc9990-example.net!example.com!1700000000!1700086399.xml")).Single();
            Assert.Equal("2.0", report.Version);
            Assert.Equal(MailAuth.Dmarc.DmarcPolicy.reject, report.Policy.NonexistentSubdomainPolicy);
            Assert.True(report.Policy.Testing);
            Assert.Equal("treewalk", report.Policy.DiscoveryMethod);
            Assert.Equal(MailAuth.Dmarc.DmarcAlignmentMode.strict, report.Policy.DkimAlignment);
            Assert.Equal(7, report.MessageCount);
            Assert.Equal(DmarcPolicyOverride.other, report.Records[1].Reasons.Single().Type);
        }

        [Fact]
        public void TlsRpt_EveryJsonSample_Parses()
        {
            foreach (string file in Directory.GetFiles(Data("tlsrpt"), "*.json", SearchOption.AllDirectories))
            {
                var report = Assert.Single(TlsRptReportReader.ReadFile(file));
                Assert.NotEmpty(report.Policies);
                Assert.False(string.IsNullOrEmpty(report.OrganizationName), file);
            }
        }

        [Fact]
        public void TlsRpt_ParsedmarcGoogleMessage_GivesTheGzippedReport()
        {
            var report = Assert.Single(TlsRptReportReader.ReadFile(Data("tlsrpt", "parsedmarc", "google.com_smtp_tls_report.eml")));
            Assert.Equal("Google Inc.", report.OrganizationName);
            Assert.NotNull(report.SourceEntry);
        }

        [Fact]
        public void TlsRpt_DmarcReportIsRefusedWithAPointer()
        {
            var e = Assert.Throws<ReportFormatException>(() => TlsRptReportReader.ReadFile(Data("mail-auth", "dmarc-feedback", "001.xml")));
            Assert.Contains("Import-DmarcReport", e.Message);
            var e2 = Assert.Throws<ReportFormatException>(() => DmarcReportReader.ReadFile(Data("tlsrpt", "parsedmarc", "rfc8460.json")));
            Assert.Contains("Import-TlsRptReport", e2.Message);
        }
    }

    public class ReportFindingsTests
    {
        [Fact]
        public void Catalogue_HasEveryReportWarning_OnceWithAReference()
        {
            var ids = typeof(ReportFindings).GetFields().Select(f => ((MailAuth.Findings.FindingDefinition)f.GetValue(null)!).Id).ToList();
            Assert.Equal(13, ids.Count);
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.All(ids, id => Assert.StartsWith("Report.", id));
            Assert.All(ids, id => Assert.Contains(MailAuth.Findings.FindingCatalog.All, d => d.Id == id && d.Reference.Length > 0));
            // Every id is documented in the help of Import-DmarcReport.
            string help = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "docs", "Import-DmarcReport.md"));
            Assert.All(ids, id => Assert.Contains(id, help));
        }
    }

    /// <summary>A report as JSON without where it came from: for "same report" comparisons.</summary>
    internal static class ReportJson
    {
        private static readonly JsonSerializerOptions Options = new JsonSerializerOptions
        {
            WriteIndented = true,
            Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        };

        public static string Serialize(DmarcAggregateReport report)
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(report, Options))!.AsObject();
            node.Remove(nameof(DmarcReport.Source));
            node.Remove(nameof(DmarcReport.SourceEntry));
            return node.ToJsonString(Options);
        }
    }
}
