using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using MailAuth.Audit;
using MailAuth.Audit.Export;
using Xunit;

namespace MailAuth.Tests.Audit.Export
{
    /// <summary>The JSON parsed back with System.Text.Json (a strict RFC 8259 reader) and compared with the reports.</summary>
    public class JsonReportWriterTests
    {
        private static JsonDocument Json(IEnumerable<MailDomainReport> reports, string title = "T")
        {
            var sw = new StringWriter();
            JsonReportWriter.Write(reports, sw, new MailDomainExportOptions { Title = title, Generated = new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.Zero) });
            return JsonDocument.Parse(sw.ToString());
        }

        private static string? Str(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetString();

        [Fact]
        public void EveryReportAreaAndFindingRoundTrips()
        {
            var reports = ExportSamples.Mixed();
            using var doc = Json(reports, ExportSamples.Hostile);
            var root = doc.RootElement;
            Assert.Equal(ExportSamples.Hostile, root.GetProperty("title").GetString());
            Assert.Equal("2026-05-06T07:08:09+00:00", root.GetProperty("generated").GetString());
            var domains = root.GetProperty("domains").EnumerateArray().ToList();
            Assert.Equal(reports.Count, domains.Count);
            for (int i = 0; i < reports.Count; i++)
            {
                var r = reports[i];
                var d = domains[i];
                Assert.Equal(r.Domain, Str(d, "domain"));
                Assert.Equal(r.Status.ToString(), Str(d, "status"));
                if (r.Score is int s) Assert.Equal(s, d.GetProperty("score").GetInt32());
                else Assert.Equal(JsonValueKind.Null, d.GetProperty("score").ValueKind);
                Assert.Equal(r.Grade, Str(d, "grade"));
                Assert.Equal(40, d.GetProperty("durationMs").GetDouble());
                var areas = d.GetProperty("areas").EnumerateArray().ToList();
                Assert.Equal(r.Areas.Select(a => a.Name), areas.Select(a => Str(a, "name")));
                for (int k = 0; k < areas.Count; k++)
                {
                    var a = r.Areas[k];
                    Assert.Equal(a.Status.ToString(), Str(areas[k], "status"));
                    Assert.Equal(a.Summary, Str(areas[k], "summary"));
                    Assert.Equal(12.5, areas[k].GetProperty("durationMs").GetDouble());
                    var findings = areas[k].GetProperty("findings").EnumerateArray().ToList();
                    Assert.Equal(a.Findings.Count, findings.Count);
                    for (int n = 0; n < findings.Count; n++)
                    {
                        var f = a.Findings[n];
                        Assert.Equal(f.Id, Str(findings[n], "id"));
                        Assert.Equal(f.Severity.ToString().ToLowerInvariant(), Str(findings[n], "severity"));
                        Assert.Equal(f.Message, Str(findings[n], "message"));
                        Assert.Equal(f.Reference, Str(findings[n], "reference"));
                        Assert.Equal(f.Remediation, Str(findings[n], "remediation"));
                    }
                    Assert.Equal(JsonValueKind.Null, areas[k].GetProperty("result").ValueKind);   // hand-made areas carry no result
                }
            }
        }

        [Fact]
        public void MarkupIsEscapedInTheRawText()
        {
            var sw = new StringWriter();
            JsonReportWriter.Write(ExportSamples.Mixed(), sw);
            string text = sw.ToString();
            Assert.DoesNotContain("<", text);
            Assert.DoesNotContain(">", text);
            Assert.Contains("\\u003cscript\\u003e", text);
        }

        [Fact]
        public async Task ResultsAreReducedToTheirKeyFields()
        {
            var r = await ExportSamples.AuditedAsync();
            using var doc = Json(new[] { r });
            var d = doc.RootElement.GetProperty("domains")[0];
            var areas = d.GetProperty("areas").EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!);
            var mx = areas["Mx"].GetProperty("result");
            Assert.Equal("found", mx.GetProperty("status").GetString());
            Assert.Equal("mx1.real.example", mx.GetProperty("hosts")[0].GetProperty("name").GetString());
            Assert.Equal(10, mx.GetProperty("hosts")[0].GetProperty("preference").GetInt32());
            Assert.Equal("192.0.2.25", mx.GetProperty("hosts")[0].GetProperty("addresses")[0].GetString());
            var spf = areas["Spf"].GetProperty("result");
            Assert.Equal("pass", r["Spf"]!.Status.ToString());
            Assert.Equal("v=spf1 ip4:192.0.2.0/24 -all", spf.GetProperty("record").GetString());
            Assert.Equal(0, spf.GetProperty("dnsLookupCount").GetInt32());
            var dmarc = areas["Dmarc"].GetProperty("result");
            Assert.Equal("quarantine", dmarc.GetProperty("effectivePolicy").GetString());
            Assert.Equal("_dmarc.real.example", dmarc.GetProperty("recordName").GetString());
            Assert.Equal("mailto:d@real.example", dmarc.GetProperty("reportDestinations")[0].GetProperty("uri").GetString());
            var dkim = areas["Dkim"].GetProperty("result");
            Assert.Equal(JsonValueKind.Array, dkim.ValueKind);
            Assert.Equal("s1", dkim[0].GetProperty("selector").GetString());
            Assert.Equal("ed25519", dkim[0].GetProperty("keyType").GetString());
            Assert.Equal("found", dkim[0].GetProperty("status").GetString());
        }

        [Fact]
        public void NoReports_AnEmptyList()
        {
            using var doc = Json(Array.Empty<MailDomainReport>());
            Assert.Equal(0, doc.RootElement.GetProperty("domains").GetArrayLength());
        }
    }
}
