using System.Linq;
using System.Text;
using System.Threading.Tasks;
using MailAuth.Dns;
using MailAuth.Reports;
using Xunit;

namespace MailAuth.Tests.Reports
{
    public class DmarcReportSummarizerTests
    {
        private static DmarcAggregateReport Report(params string[] records)
        {
            string xml = "<feedback><report_metadata><org_name>receiver.example</org_name><email>r@receiver.example</email><report_id>t1</report_id>" +
                "<date_range><begin>1700000000</begin><end>1700086399</end></date_range></report_metadata>" +
                "<policy_published><domain>contoso.example</domain><p>none</p></policy_published>" + string.Concat(records) + "</feedback>";
            return (DmarcAggregateReport)DmarcReportReader.Read(Encoding.UTF8.GetBytes(xml), "t.xml").Single();
        }

        private static string Record(string ip, int count, string dkim, string spf, string from, string? envelope, string auth) =>
            $"<record><row><source_ip>{ip}</source_ip><count>{count}</count><policy_evaluated><disposition>none</disposition><dkim>{dkim}</dkim><spf>{spf}</spf></policy_evaluated></row>" +
            $"<identifiers><header_from>{from}</header_from>{(envelope is null ? "" : $"<envelope_from>{envelope}</envelope_from>")}</identifiers><auth_results>{auth}</auth_results></record>";

        [Fact]
        public void Totals_AreSumsOfCounts_NotRows()
        {
            // mail-auth's 003.xml: four rows with counts 3, 4, 1 and 1; only the last passes (DKIM aligned).
            var report = (DmarcAggregateReport)DmarcReportReader.ReadFile(ReportSampleTests.Data("mail-auth", "dmarc-feedback", "003.xml")).Single();
            var s = new DmarcReportSummarizer();
            s.Add(report);
            var summary = s.GetSummary();
            Assert.Equal(4, summary.RecordCount);
            Assert.Equal(9, summary.MessageCount);
            Assert.Equal(1, summary.DmarcPass);
            Assert.Equal(8, summary.DmarcFail);
            Assert.Equal(1, summary.DkimAlignedPass);
            Assert.Equal(0, summary.SpfAlignedPass);
            Assert.Equal(11.1, summary.PassPercent);
            var top = summary.BySourceIP[0];
            Assert.Equal("173.228.157.66", top.Name);
            Assert.Equal(4, top.MessageCount);
            Assert.Equal(3, summary.TopFailingSources.Count);
            Assert.Contains("forwarded (trusted_forwarder)", summary.TopFailingSources[0].Hint);
            Assert.Equal("stalw.art", Assert.Single(summary.ByHeaderFrom).Name);
            Assert.Equal(9, summary.ByHeaderFrom[0].MessageCount);
        }

        [Fact]
        public void SameReportTwice_DoublesTheTotals()
        {
            var report = (DmarcAggregateReport)DmarcReportReader.ReadFile(ReportSampleTests.Data("mail-auth", "dmarc-feedback", "003.xml")).Single();
            var s = new DmarcReportSummarizer();
            s.Add(report);
            s.Add(report);
            var summary = s.GetSummary();
            Assert.Equal(18, summary.MessageCount);
            Assert.Equal(2, summary.ReportCount);
            Assert.Equal("Fastmail Pty Ltd", Assert.Single(s.GetGroups(DmarcReportGrouping.Reporter)).Name);
        }

        [Fact]
        public void Hints_SayWhatIsWrongPerSource()
        {
            var report = Report(
                Record("198.51.100.1", 40, "fail", "fail", "contoso.example", "bounce.esp.example",
                    "<spf><domain>bounce.esp.example</domain><scope>mfrom</scope><result>pass</result></spf>"),
                Record("198.51.100.2", 30, "fail", "fail", "contoso.example", "contoso.example",
                    "<spf><domain>contoso.example</domain><result>softfail</result></spf>"),
                Record("198.51.100.3", 20, "fail", "fail", "contoso.example", "contoso.example",
                    "<dkim><domain>contoso.example</domain><selector>s1</selector><result>fail</result></dkim><spf><domain>contoso.example</domain><result>fail</result></spf>"),
                Record("198.51.100.4", 10, "fail", "fail", "contoso.example", "esp.example",
                    "<dkim><domain>esp.example</domain><selector>k</selector><result>pass</result></dkim><spf><domain>esp.example</domain><result>pass</result></spf>"),
                Record("198.51.100.5", 500, "pass", "pass", "contoso.example", "contoso.example",
                    "<dkim><domain>contoso.example</domain><selector>s1</selector><result>pass</result></dkim><spf><domain>contoso.example</domain><result>pass</result></spf>"));
            var s = new DmarcReportSummarizer();
            s.Add(report);
            var summary = s.GetSummary(top: 3);
            Assert.Equal(600, summary.MessageCount);
            Assert.Equal(new[] { "198.51.100.1", "198.51.100.2", "198.51.100.3" }, summary.TopFailingSources.Select(g => g.Name).ToArray());
            Assert.StartsWith("SPF passes but is not aligned: the envelope-from is bounce.esp.example", summary.TopFailingSources[0].Hint);
            Assert.Contains("not in the SPF record of contoso.example", summary.TopFailingSources[1].Hint);
            Assert.Contains("DKIM signature for contoso.example fails (selector s1)", summary.TopFailingSources[2].Hint);
            var both = summary.BySourceIP.Single(g => g.Name == "198.51.100.4");
            Assert.Contains("SPF passes for esp.example and DKIM for esp.example", both.Hint);
            Assert.Null(summary.BySourceIP.Single(g => g.Name == "198.51.100.5").Hint);
            var envelope = s.GetGroups(DmarcReportGrouping.EnvelopeFrom);
            Assert.Equal("contoso.example", envelope[0].Name);
            Assert.Equal(550, envelope[0].MessageCount);
        }

        [Fact]
        public async Task ResolveSourceNames_AsksPtrThroughTheResolver()
        {
            var report = Report(
                Record("203.0.113.30", 5, "fail", "fail", "contoso.example", "contoso.example", "<spf><domain>contoso.example</domain><result>fail</result></spf>"),
                Record("2001:db8::1", 2, "pass", "pass", "contoso.example", "contoso.example", "<spf><domain>contoso.example</domain><result>pass</result></spf>"),
                Record("198.51.100.9", 1, "pass", "pass", "contoso.example", "contoso.example", "<spf><domain>contoso.example</domain><result>pass</result></spf>"));
            var dns = new InMemoryDnsResolver()
                .Add(new NameRecord("30.113.0.203.in-addr.arpa", 300, DnsRecordType.PTR, "smtp.contoso.example"))
                .Add(new NameRecord("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", 300, DnsRecordType.PTR, "v6.contoso.example"));
            var s = new DmarcReportSummarizer();
            s.Add(report);
            var groups = s.GetGroups(DmarcReportGrouping.SourceIP);
            await DmarcReportSummarizer.ResolveSourceNamesAsync(groups, dns, concurrency: 2);
            Assert.Equal("smtp.contoso.example", groups.Single(g => g.Name == "203.0.113.30").HostName);
            Assert.Equal("v6.contoso.example", groups.Single(g => g.Name == "2001:db8::1").HostName);
            Assert.Null(groups.Single(g => g.Name == "198.51.100.9").HostName);
            Assert.Equal(3, dns.QueryCount);
        }
    }
}
