using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using MailAuth.Findings;

namespace MailAuth.Audit.Export
{
    /// <summary>
    /// Markdown (CommonMark with GitHub tables) for tickets and wikis: a summary, a table of domains,
    /// and a section per domain with its areas and findings. Text from reports is escaped so that a
    /// value cannot break a table (|), start markup, links or HTML (CommonMark backslash escapes),
    /// and line breaks inside a value become spaces.
    /// </summary>
    public static class MarkdownReportWriter
    {
        /// <summary>Writes the document.</summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public static void Write(IEnumerable<MailDomainReport> reports, TextWriter writer, MailDomainExportOptions? options = null)
        {
            if (reports is null) throw new ArgumentNullException(nameof(reports));
            if (writer is null) throw new ArgumentNullException(nameof(writer));
            options ??= new MailDomainExportOptions();
            var list = reports.ToList();
            var summary = new ReportSummary(list, options.TopFindingCount);
            var w = new StringBuilder();
            w.Append("# ").Append(Escape(options.Title)).Append("\n\n");
            w.Append("Generated ").Append(options.Generated.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
             .Append("; ").Append(Num(list.Count)).Append(list.Count == 1 ? " domain" : " domains").Append(".\n\n");

            w.Append("## Summary\n\n| Grade | Domains |\n| --- | ---: |\n");
            foreach (string g in ReportSummary.GradeOrder) w.Append("| ").Append(g == "none" ? "n/a" : g).Append(" | ").Append(Num(summary.Grades[g])).Append(" |\n");
            w.Append('\n');
            if (summary.TopFindings.Count > 0)
            {
                w.Append("Most common findings:\n\n| Finding | Severity | Domains |\n| --- | --- | ---: |\n");
                foreach (var f in summary.TopFindings)
                    w.Append("| ").Append(Escape(f.Id)).Append(" | ").Append(f.Severity.ToString()).Append(" | ").Append(Num(f.Domains)).Append(" |\n");
                w.Append('\n');
            }

            w.Append("## Domains\n\n| Domain | Grade | Score | Status | Errors | Warnings | Areas |\n| --- | --- | ---: | --- | ---: | ---: | --- |\n");
            foreach (var r in list)
            {
                string areas = string.Join(", ", r.Areas.Select(a => Escape(a.Name) + " " + (a.Grade ?? a.Status.ToString())));
                w.Append("| ").Append(Escape(r.Domain)).Append(" | ").Append(r.Grade ?? "–").Append(" | ").Append(r.Score is int s ? Num(s) : "–")
                 .Append(" | ").Append(r.Status.ToString()).Append(" | ").Append(Num(ReportSummary.Count(r, FindingSeverity.Error)))
                 .Append(" | ").Append(Num(ReportSummary.Count(r, FindingSeverity.Warning))).Append(" | ").Append(areas).Append(" |\n");
            }
            w.Append('\n');

            foreach (var r in list)
            {
                w.Append("## ").Append(Escape(r.Domain)).Append("\n\n");
                w.Append("Grade ").Append(r.Grade ?? "–").Append(", score ").Append(r.Score is int s ? Num(s) : "–").Append(", ").Append(r.Status.ToString());
                if (r.Profile != null) w.Append(", profile ").Append(Escape(r.Profile));
                w.Append(".\n\n| Area | Status | Score | Summary |\n| --- | --- | ---: | --- |\n");
                foreach (var a in r.Areas)
                    w.Append("| ").Append(Escape(a.Name)).Append(" | ").Append(a.Status.ToString()).Append(" | ").Append(a.Score is int sa ? Num(sa) : "–")
                     .Append(" | ").Append(Escape(a.Summary)).Append(" |\n");
                w.Append('\n');
                var findings = r.Areas.SelectMany(a => a.Findings.Select(f => (Area: a.Name, Finding: f))).OrderByDescending(x => x.Finding.Severity).ToList();
                if (findings.Count == 0) { w.Append("No findings.\n\n"); continue; }
                foreach (var (area, f) in findings)
                {
                    w.Append("- **").Append(f.Severity.ToString()).Append("** ").Append(Escape(f.Id)).Append(" (").Append(Escape(area)).Append("): ")
                     .Append(Escape(f.Message)).Append("\n  - Reference: ").Append(Escape(f.Reference))
                     .Append("\n  - Remediation: ").Append(Escape(f.Remediation)).Append('\n');
                }
                w.Append('\n');
            }
            writer.Write(w.ToString());
        }

        /// <summary>Escapes text for a Markdown paragraph or table cell: markup characters get a backslash, line breaks become spaces.</summary>
        public static string Escape(string? text)
        {
            if (string.IsNullOrEmpty(text)) return string.Empty;
            var sb = new StringBuilder(text!.Length + 8);
            foreach (char c in text)
            {
                if (c == '\r' || c == '\n') sb.Append(' ');
                else if ("\\`*_[]<>|#~!&{}".IndexOf(c) >= 0) sb.Append('\\').Append(c);
                else if (c < 0x20) sb.Append(' ');
                else sb.Append(c);
            }
            return sb.ToString();
        }

        private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);
    }
}
