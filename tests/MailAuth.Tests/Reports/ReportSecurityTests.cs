using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MailAuth.Reports;
using Xunit;

namespace MailAuth.Tests.Reports
{
    /// <summary>Hostile report files: DTDs and entities, decompression bombs, zip entry names that climb out of a folder.</summary>
    public class ReportSecurityTests
    {
        private const string Body = "<feedback><report_metadata><org_name>x</org_name><email>a@x.example</email><report_id>1</report_id>" +
            "<date_range><begin>1</begin><end>2</end></date_range></report_metadata><policy_published><domain>x.example</domain><p>none</p></policy_published>" +
            "<record><row><source_ip>192.0.2.1</source_ip><count>3</count><policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>fail</spf></policy_evaluated></row>" +
            "<identifiers><header_from>x.example</header_from></identifiers><auth_results><spf><domain>x.example</domain><result>pass</result></spf></auth_results></record></feedback>";

        [Fact]
        public void Dtd_WithExternalEntities_IsRefused_WithoutReadingTheFileOrConnecting()
        {
            // A listener the entity points at: any connection would show as pending.
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            string secret = Path.GetTempFileName();
            File.WriteAllText(secret, "SECRET-" + Guid.NewGuid().ToString("n"));
            try
            {
                string xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE feedback [\n" +
                    $"  <!ENTITY file SYSTEM \"file://{secret}\">\n  <!ENTITY net SYSTEM \"http://127.0.0.1:{port}/x\">\n" +
                    $"  <!ENTITY % remote SYSTEM \"http://127.0.0.1:{port}/dtd\"> %remote;\n]>\n" +
                    Body.Replace("<org_name>x</org_name>", "<org_name>&file;&net;</org_name>");
                var e = Assert.Throws<ReportFormatException>(() => DmarcReportReader.Read(Encoding.UTF8.GetBytes(xml), "dtd.xml"));
                Assert.Contains("DTD", e.Message);
                Assert.DoesNotContain(File.ReadAllText(secret), e.ToString());
                System.Threading.Thread.Sleep(200);
                Assert.False(listener.Pending(), "the reader connected to the entity's URL");
            }
            finally
            {
                listener.Stop();
                File.Delete(secret);
            }
        }

        [Fact]
        public void Dtd_WithInternalEntityExpansion_IsRefused()
        {
            string xml = "<?xml version=\"1.0\"?><!DOCTYPE feedback [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>" +
                Body.Replace("<org_name>x</org_name>", "<org_name>&c;</org_name>");
            var e = Assert.Throws<ReportFormatException>(() => DmarcReportReader.Read(Encoding.UTF8.GetBytes(xml), "laughs.xml"));
            Assert.Contains("DTD", e.Message);
        }

        [Fact]
        public void Dtd_IsRefusedInsideGzipAndAfterRepair()
        {
            // Not well-formed as well, so the repairing second read runs: it must refuse the DTD too.
            string xml = "<!DOCTYPE feedback [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>" + Body.Replace("<org_name>x</org_name>", "<org_name>a<b@c &x;</org_name>");
            var e = Assert.Throws<ReportFormatException>(() => DmarcReportReader.Read(Gzip(Encoding.UTF8.GetBytes(xml)), "dtd.xml.gz"));
            Assert.Contains("DTD", e.Message);
        }

        [Fact]
        public void Gzip_OverTheRatio_IsRefusedInBoundedMemory()
        {
            // 64 MB of one byte: deflate's best is about 1030:1, over the 1000:1 limit.
            byte[] bomb = GzipOf(64 * 1024 * 1024, _ => (byte)' ', CompressionLevel.SmallestSize);
            Assert.True(64L * 1024 * 1024 / bomb.Length > 1000, $"precondition: the bomb's ratio is {64L * 1024 * 1024 / bomb.Length}:1");
            long before = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.Throws<ReportTooLargeException>(() => DmarcReportReader.Read(bomb, "bomb.xml.gz"));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Contains("1000:1", e.Message);
            Assert.True(allocated < 8 * 1024 * 1024, $"{allocated:N0} bytes allocated while refusing");
        }

        [Fact]
        public void Gzip_PastTheDefaultCap_IsRefusedInBoundedMemory()
        {
            Assert.Equal(200L * 1024 * 1024, new ReportReadOptions().MaxDecompressedBytes);
            // 210 MB of varied text (ratio far under 1000:1), refused for its size.
            var random = new Random(3);
            byte[] big = GzipOf(210 * 1024 * 1024, i => (byte)(i % 64 == 63 ? '\n' : 'a' + random.Next(16)), CompressionLevel.Fastest);
            Assert.True(210L * 1024 * 1024 / big.Length < 1000);
            long before = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.Throws<ReportTooLargeException>(() => DmarcReportReader.Read(big, "big.xml.gz"));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Contains("209,715,200", e.Message);
            Assert.True(allocated < 8 * 1024 * 1024, $"{allocated:N0} bytes allocated while refusing");
        }

        [Fact]
        public void Zip_OverTheRatio_IsRefusedInBoundedMemory()
        {
            var ms = new MemoryStream();
            using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            using (var s = zip.CreateEntry("report.xml", CompressionLevel.SmallestSize).Open())
            {
                var zeros = new byte[1024 * 1024];
                for (int i = 0; i < 64; i++) s.Write(zeros, 0, zeros.Length);
            }
            long before = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.Throws<ReportTooLargeException>(() => DmarcReportReader.Read(ms.ToArray(), "bomb.zip"));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Contains("1000:1", e.Message);
            Assert.True(allocated < 8 * 1024 * 1024, $"{allocated:N0} bytes allocated while refusing");
        }

        [Fact]
        public void Zip_PastALowerCap_IsRefused()
        {
            var ms = new MemoryStream();
            using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            using (var s = zip.CreateEntry("report.xml", CompressionLevel.Fastest).Open())
            {
                var random = new Random(5);
                var line = new byte[64];
                for (int i = 0; i < 40_000; i++) { random.NextBytes(line); s.Write(line, 0, line.Length); }
            }
            var options = new ReportReadOptions { MaxDecompressedBytes = 2 * 1024 * 1024 };
            var e = Assert.Throws<ReportTooLargeException>(() => DmarcReportReader.Read(ms.ToArray(), "big.zip", options));
            Assert.Contains("2,097,152", e.Message);
        }

        [Fact]
        public void Zip_PathTraversalNames_AreReadInMemoryOnly()
        {
            string dir = Path.Combine(Path.GetTempPath(), "mailauth-zip-" + Guid.NewGuid().ToString("n"));
            string inner = Path.Combine(dir, "a", "b");
            Directory.CreateDirectory(inner);
            try
            {
                string zipPath = Path.Combine(inner, "reports.zip");
                string rooted = Path.Combine(Path.GetTempPath(), "rooted-" + Guid.NewGuid().ToString("n") + ".xml");
                using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
                {
                    foreach (string name in new[] { "../../escaped.xml", rooted, "..\\..\\backslash.xml" })
                    {
                        using var w = new StreamWriter(zip.CreateEntry(name).Open());
                        w.Write(Body);
                    }
                }
                var reports = DmarcReportReader.ReadFile(zipPath);
                Assert.Equal(3, reports.Count);
                Assert.All(reports, r =>
                {
                    Assert.Equal(3, ((DmarcAggregateReport)r).MessageCount);
                    Assert.Contains(r.Warnings, w => w.Id == "Report.SuspiciousEntryName");
                });
                // Nothing was written: the folders hold exactly what the test made.
                Assert.Equal(new[] { zipPath }, Directory.GetFiles(dir, "*", SearchOption.AllDirectories));
                Assert.False(File.Exists(rooted));
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        [Fact]
        public void MessageCount_IsTheSumOfCounts_NotTheNumberOfRows()
        {
            string xml = Body.Replace("<record>", "<record>" ).Replace("</record>", "</record>" + Body.Substring(Body.IndexOf("<record>")).Replace("</feedback>", string.Empty).Replace("<count>3</count>", "<count>1000</count>"));
            var report = (DmarcAggregateReport)DmarcReportReader.Read(Encoding.UTF8.GetBytes(xml), "two.xml").Single();
            Assert.Equal(2, report.RecordCount);
            Assert.Equal(1003, report.MessageCount);
        }

        internal static byte[] Gzip(byte[] data)
        {
            var ms = new MemoryStream();
            using (var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(data, 0, data.Length);
            return ms.ToArray();
        }

        private static byte[] GzipOf(long size, Func<long, byte> content, CompressionLevel level)
        {
            var ms = new MemoryStream();
            using (var gz = new GZipStream(ms, level, leaveOpen: true))
            {
                var buffer = new byte[1024 * 1024];
                for (long done = 0; done < size; done += buffer.Length)
                {
                    for (int i = 0; i < buffer.Length; i++) buffer[i] = content(done + i);
                    gz.Write(buffer, 0, buffer.Length);
                }
            }
            return ms.ToArray();
        }
    }
}
