using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using MailAuth.Audit;
using MailAuth.Audit.Export;
using Xunit;

namespace MailAuth.Tests.Audit.Export
{
    /// <summary>
    /// The HTML page: well-formed (parsed as XML once the raw-text script and style are emptied, which
    /// the writer's self-closed void elements allow), self-contained, every domain present, hostile text
    /// shown as text, and the Content-Security-Policy hashes those of the style and script actually inlined.
    /// </summary>
    public class HtmlReportWriterTests
    {
        private static string Html(IEnumerable<MailDomainReport> reports, string title = "Audit")
        {
            var sw = new StringWriter();
            HtmlReportWriter.Write(reports, sw, new MailDomainExportOptions { Title = title });
            return sw.ToString();
        }

        private static XmlDocument Parse(string html)
        {
            string bare = Regex.Replace(html, @"(<(script|style)>)[\s\S]*?(</\2>)", "$1$3");
            var doc = new XmlDocument();
            using var reader = XmlReader.Create(new StringReader(bare), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null });
            doc.Load(reader);
            return doc;
        }

        private static List<XmlElement> All(XmlDocument doc, string xpath) => doc.SelectNodes(xpath)!.Cast<XmlElement>().ToList();

        [Fact]
        public void WellFormedAndSelfContained()
        {
            string html = Html(ExportSamples.Mixed());
            Assert.StartsWith("<!DOCTYPE html>", html);
            var doc = Parse(html);
            Assert.Equal("html", doc.DocumentElement!.Name);
            Assert.Single(All(doc, "//script"));
            Assert.Empty(All(doc, "//script[@src]"));
            Assert.Empty(All(doc, "//link | //iframe | //object | //embed | //img | //*[@src]"));
            Assert.All(All(doc, "//*[@href]"), a => Assert.StartsWith("#", a.GetAttribute("href")));
            foreach (string banned in new[] { "http://", "https://", "url(", "@import", "<script src", "<link" })
                Assert.DoesNotContain(banned, html, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("@media print", html);
        }

        [Fact]
        public void EveryDomainHasARowAndASection()
        {
            var reports = ExportSamples.Mixed();
            reports.Add(ExportSamples.Report("good.example", MailDomainStatus.pass, 100));   // a duplicate input
            var doc = Parse(Html(reports));
            var sections = All(doc, "//section[contains(concat(' ', @class, ' '), ' domain ')]");
            Assert.Equal(reports.Select(r => r.Domain), sections.Select(s => s.GetAttribute("data-domain")));
            Assert.Equal("domain-good.example", sections[0].GetAttribute("id"));
            Assert.Equal("domain-good.example-2", sections[4].GetAttribute("id"));
            Assert.Equal(sections.Count, sections.Select(s => s.GetAttribute("id")).Distinct().Count());
            Assert.Equal("domain-hostile.example", sections[2].GetAttribute("id"));

            var rows = All(doc, "//table[@id='domains']/tbody/tr");
            Assert.Equal(reports.Count, rows.Count);
            for (int i = 0; i < rows.Count; i++)
            {
                var link = (XmlElement)rows[i].SelectSingleNode("td/a")!;
                Assert.Equal(reports[i].Domain, link.InnerText);
                Assert.Equal("#" + sections[i].GetAttribute("id"), link.GetAttribute("href"));
                var score = (XmlElement)rows[i].SelectSingleNode("td[@class='score']")!;
                Assert.Equal((reports[i].Score ?? -1).ToString(), score.GetAttribute("data-sort"));
            }
            // Each finding appears in its domain's section with severity, id, message, reference and remediation.
            var bad = sections[1];
            var findings = bad.SelectNodes(".//tr[@data-id]")!.Cast<XmlElement>().ToList();
            Assert.Equal(new[] { "Spf.NoRecord", "Dmarc.PolicyNone", "Dmarc.NoAggregateReports", "Spf.Other" }, findings.Select(f => f.GetAttribute("data-id")));
            Assert.Equal("Error", findings[0].SelectSingleNode("td[@class='severity']")!.InnerText);
            Assert.Equal("RFC 7208 §4.6.4", findings[0].SelectSingleNode("td[@class='reference']")!.InnerText);
            Assert.Equal("Fix it.", findings[0].SelectSingleNode("td[@class='remediation']")!.InnerText);
            Assert.Single(All(doc, "//section[@id='domain-good.example']//p[@class='no-findings']"));
        }

        [Fact]
        public void HostileTextIsEncodedEverywhere()
        {
            var reports = ExportSamples.Mixed();
            reports.Add(ExportSamples.Report("<b>x</b>\"'.example", MailDomainStatus.pass, 90));
            string html = Html(reports, ExportSamples.Hostile);
            Assert.DoesNotContain("<script>alert", html);
            Assert.DoesNotContain("<img", html);
            Assert.DoesNotContain("<b>x", html);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
            var doc = Parse(html);
            Assert.Single(All(doc, "//script"));
            Assert.Empty(All(doc, "//b | //img"));
            // Shown as the exact text (XML reading turns CRLF into LF).
            string expected = ExportSamples.Hostile.Replace("\r\n", "\n");
            Assert.Equal(expected, doc.SelectSingleNode("//title")!.InnerText);
            Assert.Equal(expected, doc.SelectSingleNode("//section[@id='domain-hostile.example']//tr[@data-area='Spf']/td[5]")!.InnerText);
            Assert.Equal(expected, doc.SelectSingleNode("//section[@id='domain-hostile.example']//span[@class='message']")!.InnerText);
            var last = All(doc, "//section[contains(@class, 'domain')]").Last();
            Assert.Equal("<b>x</b>\"'.example", last.GetAttribute("data-domain"));
            Assert.Equal("domain-_b_x__b___.example", last.GetAttribute("id"));
        }

        [Fact]
        public void ContentSecurityPolicyHashesTheInlineStyleAndScript()
        {
            string html = Html(ExportSamples.Mixed());
            var doc = Parse(html);
            string csp = ((XmlElement)doc.SelectSingleNode("//meta[@http-equiv='Content-Security-Policy']")!).GetAttribute("content");
            string style = Regex.Match(html, @"<style>([\s\S]*?)</style>").Groups[1].Value;
            string script = Regex.Match(html, @"<script>([\s\S]*?)</script>").Groups[1].Value;
            static string Sha(string s) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(s)));
            Assert.Equal($"default-src 'none'; style-src 'sha256-{Sha(style)}'; script-src 'sha256-{Sha(script)}'", csp);
            Assert.Empty(All(doc, "//*[@style]"));   // inline style attributes would be refused by that policy
        }

        [Fact]
        public void ChartsCountGradesAndCommonFindings()
        {
            var reports = ExportSamples.Mixed();
            var doc = Parse(Html(reports));
            Assert.Single(All(doc, "//section[@id='summary']//svg[@id='grade-chart']"));
            var bars = All(doc, "//svg[@id='grade-chart']/g").ToDictionary(g => g.GetAttribute("data-grade"), g => int.Parse(g.GetAttribute("data-count")));
            // good 100 A, bad 41 F, hostile 65 D, dns-down unscored.
            Assert.Equal(new Dictionary<string, int> { ["A"] = 1, ["B"] = 0, ["C"] = 0, ["D"] = 1, ["F"] = 1, ["none"] = 1 }, bars);
            var tallest = All(doc, "//svg[@id='grade-chart']/g/rect").Select(r => int.Parse(r.GetAttribute("height"))).ToList();
            Assert.Equal(new[] { 150, 0, 0, 150, 150, 150 }, tallest);
            var findings = All(doc, "//svg[@id='findings-chart']/g");
            // Dmarc.PolicyNone is in two domains; the other ids in one each, errors before warnings before info.
            Assert.Equal("Dmarc.PolicyNone", findings[0].GetAttribute("data-id"));
            Assert.Equal("2", findings[0].GetAttribute("data-count"));
            Assert.Equal(new[] { "Spf.NoRecord", "Spf.SyntaxError", "Dmarc.NoAggregateReports", "Spf.Other" }, findings.Skip(1).Select(f => f.GetAttribute("data-id")));
            Assert.Equal("fail", All(doc, "//ul[@class='statuses']/li[@data-count='2']").Single().GetAttribute("data-status"));
        }

        [Fact]
        public void EncodeHandlesEveryMarkupCharacterAndControls()
        {
            Assert.Equal("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;\uFFFD\t", HtmlReportWriter.Encode("<a href=\"x\" title='y'>&\u0001\t"));
            Assert.Equal("", HtmlReportWriter.Encode(null));
        }
    }
}
