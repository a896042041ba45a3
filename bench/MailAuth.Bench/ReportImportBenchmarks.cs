using System;
using System.IO;
using System.Text;
using System.Xml;
using BenchmarkDotNet.Attributes;
using MailAuth.Reports;

namespace MailAuth.Bench
{
    /// <summary>
    /// Import throughput of a DMARC aggregate report (MB/s of XML), beside a bare XmlReader pass over the
    /// same bytes with the same safe settings: the difference is what building the typed records costs.
    /// </summary>
    [MemoryDiagnoser]
    public class ReportImportBenchmarks
    {
        private byte[] _xml = null!;

        [GlobalSetup]
        public void Setup() => _xml = MakeReport(TargetBytes);

        /// <summary>The report's size: 8 MiB of records, indented like a large receiver's.</summary>
        public const int TargetBytes = 8 * 1024 * 1024;

        [Benchmark(Description = "DmarcReportReader.ReadAggregate, 8 MiB")]
        public long ImportAggregateReport()
        {
            var report = DmarcReportReader.ReadAggregate(new MemoryStream(_xml, writable: false), "bench.xml");
            return report.MessageCount;
        }

        [Benchmark(Description = "XmlReader pass, same 8 MiB")]
        public long BareXmlReaderPass()
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true, IgnoreComments = true };
            long chars = 0;
            using var reader = XmlReader.Create(new MemoryStream(_xml, writable: false), settings);
            while (reader.Read())
                if (reader.NodeType == XmlNodeType.Text) chars += reader.Value.Length;
            return chars;
        }

        /// <summary>For the report: the bytes and records of one operation.</summary>
        public static (int Bytes, int Records) ReportSize()
        {
            byte[] xml = MakeReport(TargetBytes);
            var report = DmarcReportReader.ReadAggregate(new MemoryStream(xml), "bench.xml");
            return (xml.Length, report.RecordCount);
        }

        private static byte[] MakeReport(int target)
        {
            var random = new Random(42);
            string[] senders = { "contoso.example", "bounce.esp.example", "mail.contoso.example", "newsletters.example" };
            var sb = new StringBuilder(target + 4096);
            sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<feedback>\n  <version>1.0</version>\n  <report_metadata>\n    <org_name>receiver.example</org_name>\n")
              .Append("    <email>noreply@receiver.example</email>\n    <report_id>bench-1</report_id>\n    <date_range>\n      <begin>1700000000</begin>\n      <end>1700086399</end>\n")
              .Append("    </date_range>\n  </report_metadata>\n  <policy_published>\n    <domain>contoso.example</domain>\n    <adkim>r</adkim>\n    <aspf>r</aspf>\n    <p>none</p>\n")
              .Append("    <sp>none</sp>\n    <pct>100</pct>\n  </policy_published>\n");
            for (int n = 0; sb.Length < target; n++)
            {
                string sender = senders[random.Next(senders.Length)];
                bool pass = random.Next(4) != 0;
                sb.Append("  <record>\n    <row>\n      <source_ip>").Append(10 + (n >> 16 & 0x3f)).Append('.').Append(n >> 8 & 0xff).Append('.').Append(n & 0xff).Append(".1</source_ip>\n")
                  .Append("      <count>").Append(1 + random.Next(40)).Append("</count>\n      <policy_evaluated>\n        <disposition>none</disposition>\n")
                  .Append("        <dkim>").Append(pass ? "pass" : "fail").Append("</dkim>\n        <spf>").Append(pass ? "pass" : "fail").Append("</spf>\n      </policy_evaluated>\n    </row>\n")
                  .Append("    <identifiers>\n      <header_from>contoso.example</header_from>\n      <envelope_from>").Append(sender).Append("</envelope_from>\n    </identifiers>\n")
                  .Append("    <auth_results>\n      <dkim>\n        <domain>").Append(pass ? "contoso.example" : sender).Append("</domain>\n        <selector>s1</selector>\n")
                  .Append("        <result>pass</result>\n      </dkim>\n      <spf>\n        <domain>").Append(sender).Append("</domain>\n        <scope>mfrom</scope>\n")
                  .Append("        <result>pass</result>\n      </spf>\n    </auth_results>\n  </record>\n");
            }
            sb.Append("</feedback>\n");
            return Encoding.UTF8.GetBytes(sb.ToString());
        }
    }
}
