using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using MailAuth.Audit;
using MailAuth.Audit.Export;
using Xunit;

namespace MailAuth.Tests.Audit.Export
{
    /// <summary>The Markdown's shape: tables whose rows all have the header's number of cells, a section per domain, hostile text inert.</summary>
    public class MarkdownReportWriterTests
    {
        private static string Markdown(IEnumerable<MailDomainReport> reports, string title = "Audit")
        {
            var sw = new StringWriter();
            MarkdownReportWriter.Write(reports, sw, new MailDomainExportOptions { Title = title });
            return sw.ToString();
        }

        // Cells of a table row: split on pipes that are not backslash-escaped (GFM table rule).
        private static int Cells(string line) => Regex.Split(line.Trim().Trim('|').Replace("\\\\", "\0\0"), @"(?<!\\)\|").Length;

        [Fact]
        public void EveryTableRowHasTheHeadersCellCount()
        {
            string md = Markdown(ExportSamples.Mixed());
            var lines = md.Split('\n');
            int tables = 0;
            for (int i = 0; i < lines.Length; i++)
            {
                if (!lines[i].StartsWith("|") || (i > 0 && lines[i - 1].StartsWith("|"))) continue;
                tables++;
                int width = Cells(lines[i]);
                Assert.Matches(@"^\|( -+:? \|)+$", lines[i + 1]);
                Assert.Equal(width, Cells(lines[i + 1]));
                for (int k = i + 2; k < lines.Length && lines[k].StartsWith("|"); k++)
                    Assert.True(Cells(lines[k]) == width, $"line {k + 1} has {Cells(lines[k])} cells, the header {width}: {lines[k]}");
            }
            // Grades, common findings, domains, and one area table per domain.
            Assert.Equal(3 + 4, tables);
        }

        [Fact]
        public void OneSectionPerDomainWithItsFindings()
        {
            var reports = ExportSamples.Mixed();
            string md = Markdown(reports);
            Assert.StartsWith("# Audit\n", md);
            foreach (var r in reports.Where(r => r.Domain != "hostile.example"))
                Assert.Contains("\n## " + r.Domain + "\n", md);
            foreach (var (r, a, f) in ExportSamples.AllFindings(reports).Where(x => x.Report.Domain == "bad.example"))
                Assert.Contains($"- **{f.Severity}** {f.Id.Replace("_", "\\_")} ({a.Name}): {f.Message}", md);
            Assert.Contains("No findings.", md);
        }

        [Fact]
        public void HostileTextCannotAddMarkupOrBreakLines()
        {
            string md = Markdown(ExportSamples.Mixed(), ExportSamples.Hostile);
            // No raw angle bracket, pipe-free text, or line break survives from the hostile string.
            Assert.DoesNotMatch(@"(?<!\\)<", md);
            Assert.Contains("\\<script\\>", md);
            Assert.Contains("\\| a,b", md);
            Assert.DoesNotContain(md.Split('\n'), l => l.StartsWith("next line"));
            Assert.Contains("\\& ü  next line", md);   // CR and LF each become a space
            Assert.StartsWith("# =HYPERLINK", md);
        }
    }
}
