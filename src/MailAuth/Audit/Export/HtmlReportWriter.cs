using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using MailAuth.Findings;

namespace MailAuth.Audit.Export
{
    /// <summary>
    /// One self-contained HTML page: inline CSS, one inline script, inline SVG charts; nothing is loaded
    /// from anywhere. Every text from a report is HTML-encoded, and a Content-Security-Policy allows only
    /// this writer's own style and script (by hash), so even a missed encoding could not run a script.
    /// Stable hooks: <c>#summary</c>, <c>#grade-chart</c>, <c>#findings-chart</c>, <c>table#domains</c>
    /// (the script marks it <c>data-sortable="ready"</c>), <c>section.domain#domain-&lt;name&gt;</c>.
    /// </summary>
    public static class HtmlReportWriter
    {
        private static readonly string[] StatusOrder = { "temperror", "fail", "warning", "pass", "skipped" };

        /// <summary>Writes the page.</summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public static void Write(IEnumerable<MailDomainReport> reports, TextWriter writer, MailDomainExportOptions? options = null)
        {
            if (reports is null) throw new ArgumentNullException(nameof(reports));
            if (writer is null) throw new ArgumentNullException(nameof(writer));
            options ??= new MailDomainExportOptions();
            var list = reports.ToList();
            var summary = new ReportSummary(list, options.TopFindingCount);
            var areas = ReportSummary.AreaNames(list);
            var ids = SectionIds(list);
            var w = new StringBuilder();

            w.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n");
            w.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n");
            w.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src '")
             .Append(Hash(Css)).Append("'; script-src '").Append(Hash(Script)).Append("'\" />\n");
            w.Append("<meta name=\"generator\" content=\"MailAuthPS Export-MailDomainReport\" />\n");
            w.Append("<title>").Append(Encode(options.Title)).Append("</title>\n");
            w.Append("<style>").Append(Css).Append("</style>\n</head>\n<body>\n");

            string generated = options.Generated.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
            w.Append("<header>\n<h1>").Append(Encode(options.Title)).Append("</h1>\n<p class=\"meta\">Generated <time datetime=\"")
             .Append(Encode(options.Generated.ToString("o", CultureInfo.InvariantCulture))).Append("\">").Append(Encode(generated)).Append("</time>; ")
             .Append(list.Count.ToString(CultureInfo.InvariantCulture)).Append(list.Count == 1 ? " domain" : " domains").Append(".</p>\n</header>\n<main>\n");

            WriteSummary(w, summary);
            WriteTable(w, list, areas, ids);
            w.Append("<section id=\"details\">\n<h2>Domains in detail</h2>\n");
            for (int i = 0; i < list.Count; i++) WriteDomain(w, list[i], ids[i]);
            w.Append("</section>\n</main>\n");
            w.Append("<footer><p>Scores and grades follow the rules in docs/scoring.md of MailAuthPS. Record texts and findings name values published by the domains; they are shown as text.</p></footer>\n");
            w.Append("<script>").Append(Script).Append("</script>\n</body>\n</html>\n");
            writer.Write(w.ToString());
        }

        /// <summary>HTML-encodes text for element content and quoted attribute values.</summary>
        public static string Encode(string? text)
        {
            if (string.IsNullOrEmpty(text)) return string.Empty;
            var sb = new StringBuilder(text!.Length + 16);
            foreach (char c in text)
            {
                switch (c)
                {
                    case '&': sb.Append("&amp;"); break;
                    case '<': sb.Append("&lt;"); break;
                    case '>': sb.Append("&gt;"); break;
                    case '"': sb.Append("&quot;"); break;
                    case '\'': sb.Append("&#39;"); break;
                    default:
                        // Controls other than tab and line ends are not allowed in HTML text.
                        sb.Append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == '\u007f' ? '\uFFFD' : c);
                        break;
                }
            }
            return sb.ToString();
        }

        /// <summary>The id of each domain's section: <c>domain-</c> and the name (characters other than letters, digits, '.', '-' and '_' become '_'), numbered when repeated.</summary>
        internal static IReadOnlyList<string> SectionIds(IReadOnlyList<MailDomainReport> reports)
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            var ids = new List<string>(reports.Count);
            foreach (var r in reports)
            {
                var sb = new StringBuilder("domain-");
                foreach (char c in r.Domain) sb.Append(c < 128 && (char.IsLetterOrDigit(c) || c == '.' || c == '-' || c == '_') ? c : '_');
                string id = sb.ToString();
                seen[id] = seen.TryGetValue(id, out int n) ? n + 1 : 1;
                ids.Add(seen[id] == 1 ? id : id + "-" + seen[id].ToString(CultureInfo.InvariantCulture));
            }
            return ids;
        }

        private static void WriteSummary(StringBuilder w, ReportSummary s)
        {
            w.Append("<section id=\"summary\">\n<h2>Summary</h2>\n<ul class=\"statuses\">");
            foreach (string st in StatusOrder)
            {
                var status = (MailDomainStatus)Enum.Parse(typeof(MailDomainStatus), st);
                if (!s.Statuses.TryGetValue(status, out int n) || (n == 0 && status == MailDomainStatus.skipped)) continue;
                w.Append("<li class=\"status-").Append(st).Append("\" data-status=\"").Append(st).Append("\" data-count=\"").Append(Num(n)).Append("\">")
                 .Append(st).Append(": <strong>").Append(Num(n)).Append("</strong></li>");
            }
            w.Append("</ul>\n<div class=\"charts\">\n");

            // Grade distribution: one vertical bar per grade, scaled to the largest count.
            const int width = 360, height = 220, top = 24, chartHeight = 150, barWidth = 40, gap = 16, left = 20;
            int max = Math.Max(1, s.Grades.Values.DefaultIfEmpty(0).Max());
            w.Append("<figure>\n<figcaption>Grades</figcaption>\n<svg id=\"grade-chart\" viewBox=\"0 0 ")
             .Append(Num(width)).Append(' ').Append(Num(height)).Append("\" role=\"img\" aria-labelledby=\"grade-chart-title\">")
             .Append("<title id=\"grade-chart-title\">Domains per grade: ")
             .Append(Encode(string.Join(", ", ReportSummary.GradeOrder.Select(g => Label(g) + " " + Num(s.Grades[g]))))).Append("</title>\n");
            for (int i = 0; i < ReportSummary.GradeOrder.Length; i++)
            {
                string g = ReportSummary.GradeOrder[i];
                int n = s.Grades[g];
                int h = (int)Math.Round(chartHeight * (double)n / max);
                int x = left + i * (barWidth + gap);
                int y = top + chartHeight - h;
                w.Append("<g class=\"bar grade-").Append(g).Append("\" data-grade=\"").Append(g).Append("\" data-count=\"").Append(Num(n)).Append("\">")
                 .Append("<rect x=\"").Append(Num(x)).Append("\" y=\"").Append(Num(y)).Append("\" width=\"").Append(Num(barWidth)).Append("\" height=\"").Append(Num(h)).Append("\"/>")
                 .Append("<text class=\"count\" x=\"").Append(Num(x + barWidth / 2)).Append("\" y=\"").Append(Num(y - 6)).Append("\">").Append(Num(n)).Append("</text>")
                 .Append("<text class=\"label\" x=\"").Append(Num(x + barWidth / 2)).Append("\" y=\"").Append(Num(top + chartHeight + 20)).Append("\">").Append(Label(g)).Append("</text></g>\n");
            }
            w.Append("</svg>\n</figure>\n");

            // The most common findings: one horizontal bar per finding id, by the number of domains that have it.
            const int fWidth = 640, rowHeight = 24, labelWidth = 300, barMax = 280;
            int rows = Math.Max(1, s.TopFindings.Count);
            int fMax = Math.Max(1, s.TopFindings.Select(f => f.Domains).DefaultIfEmpty(0).Max());
            w.Append("<figure>\n<figcaption>Most common findings (domains affected)</figcaption>\n<svg id=\"findings-chart\" viewBox=\"0 0 ")
             .Append(Num(fWidth)).Append(' ').Append(Num(rows * rowHeight + 8)).Append("\" role=\"img\" aria-labelledby=\"findings-chart-title\">")
             .Append("<title id=\"findings-chart-title\">")
             .Append(s.TopFindings.Count == 0 ? "No findings" : Encode("Most common findings: " + string.Join(", ", s.TopFindings.Select(f => f.Id + " " + Num(f.Domains))))).Append("</title>\n");
            if (s.TopFindings.Count == 0)
                w.Append("<text class=\"label\" x=\"4\" y=\"18\">No findings.</text>\n");
            for (int i = 0; i < s.TopFindings.Count; i++)
            {
                var f = s.TopFindings[i];
                int y = 4 + i * rowHeight;
                int len = Math.Max(2, (int)Math.Round(barMax * (double)f.Domains / fMax));
                string sev = f.Severity.ToString().ToLowerInvariant();
                w.Append("<g class=\"finding severity-").Append(sev).Append("\" data-id=\"").Append(Encode(f.Id)).Append("\" data-count=\"").Append(Num(f.Domains)).Append("\">")
                 .Append("<text class=\"name\" x=\"").Append(Num(labelWidth - 8)).Append("\" y=\"").Append(Num(y + 16)).Append("\">").Append(Encode(f.Id)).Append("</text>")
                 .Append("<rect x=\"").Append(Num(labelWidth)).Append("\" y=\"").Append(Num(y + 3)).Append("\" width=\"").Append(Num(len)).Append("\" height=\"").Append(Num(rowHeight - 8)).Append("\"/>")
                 .Append("<text class=\"count\" x=\"").Append(Num(labelWidth + len + 6)).Append("\" y=\"").Append(Num(y + 16)).Append("\">").Append(Num(f.Domains)).Append("</text></g>\n");
            }
            w.Append("</svg>\n</figure>\n</div>\n</section>\n");
        }

        private static void WriteTable(StringBuilder w, IReadOnlyList<MailDomainReport> list, IReadOnlyList<string> areas, IReadOnlyList<string> ids)
        {
            w.Append("<section id=\"overview\">\n<h2>Domains</h2>\n<p class=\"hint\">Select a column heading to sort.</p>\n<table id=\"domains\" class=\"sortable\">\n<thead><tr>")
             .Append("<th scope=\"col\">Domain</th><th scope=\"col\">Grade</th><th scope=\"col\">Score</th><th scope=\"col\">Status</th>");
            foreach (string a in areas) w.Append("<th scope=\"col\">").Append(Encode(a)).Append("</th>");
            w.Append("<th scope=\"col\">Errors</th><th scope=\"col\">Warnings</th></tr></thead>\n<tbody>\n");
            for (int i = 0; i < list.Count; i++)
            {
                var r = list[i];
                w.Append("<tr class=\"status-").Append(r.Status.ToString()).Append("\">")
                 .Append("<td><a href=\"#").Append(Encode(ids[i])).Append("\">").Append(Encode(r.Domain)).Append("</a></td>")
                 .Append("<td class=\"grade grade-").Append(r.Grade ?? "none").Append("\" data-sort=\"").Append(Num(Array.IndexOf(ReportSummary.GradeOrder, r.Grade ?? "none"))).Append("\">").Append(r.Grade ?? "–").Append("</td>")
                 .Append("<td class=\"score\" data-sort=\"").Append(Num(r.Score ?? -1)).Append("\">").Append(r.Score is int sc ? Num(sc) : "–").Append("</td>")
                 .Append("<td class=\"status\" data-sort=\"").Append(Num(Array.IndexOf(StatusOrder, r.Status.ToString()))).Append("\">").Append(r.Status.ToString()).Append("</td>");
                foreach (string name in areas)
                {
                    var a = r[name];
                    if (a is null) { w.Append("<td class=\"area\" data-sort=\"9\"></td>"); continue; }
                    w.Append("<td class=\"area status-").Append(a.Status.ToString()).Append("\" data-sort=\"").Append(Num(Array.IndexOf(StatusOrder, a.Status.ToString()))).Append("\">")
                     .Append(a.Grade is string g ? g + " " : "").Append(a.Status.ToString()).Append("</td>");
                }
                w.Append("<td class=\"errors\">").Append(Num(ReportSummary.Count(r, FindingSeverity.Error))).Append("</td>")
                 .Append("<td class=\"warnings\">").Append(Num(ReportSummary.Count(r, FindingSeverity.Warning))).Append("</td></tr>\n");
            }
            w.Append("</tbody>\n</table>\n</section>\n");
        }

        private static void WriteDomain(StringBuilder w, MailDomainReport r, string id)
        {
            w.Append("<section class=\"domain status-").Append(r.Status.ToString()).Append("\" id=\"").Append(Encode(id)).Append("\" data-domain=\"").Append(Encode(r.Domain)).Append("\">\n")
             .Append("<h3><span class=\"name\">").Append(Encode(r.Domain)).Append("</span> <span class=\"grade grade-").Append(r.Grade ?? "none").Append("\">").Append(r.Grade ?? "–")
             .Append("</span> <span class=\"score\">").Append(r.Score is int s ? Num(s) + "/100" : "not scored").Append("</span> <span class=\"status\">").Append(r.Status.ToString()).Append("</span></h3>\n");
            if (r.Profile != null) w.Append("<p class=\"profile\">Profile: ").Append(Encode(r.Profile)).Append("</p>\n");

            w.Append("<table class=\"areas\"><thead><tr><th scope=\"col\">Area</th><th scope=\"col\">Status</th><th scope=\"col\">Score</th><th scope=\"col\">Grade</th><th scope=\"col\">Summary</th></tr></thead><tbody>\n");
            foreach (var a in r.Areas)
            {
                w.Append("<tr class=\"area status-").Append(a.Status.ToString()).Append("\" data-area=\"").Append(Encode(a.Name)).Append("\"><td>").Append(Encode(a.Name)).Append("</td><td class=\"status\">").Append(a.Status.ToString())
                 .Append("</td><td>").Append(a.Score is int sa ? Num(sa) : "–").Append("</td><td>").Append(a.Grade ?? "–").Append("</td><td>").Append(Encode(a.Summary)).Append("</td></tr>\n");
            }
            w.Append("</tbody></table>\n");

            var findings = r.Areas.SelectMany(a => a.Findings.Select(f => (Area: a.Name, Finding: f)))
                .OrderByDescending(x => x.Finding.Severity).ToList();
            if (findings.Count == 0)
            {
                w.Append("<p class=\"no-findings\">No findings.</p>\n");
            }
            else
            {
                w.Append("<table class=\"findings\"><thead><tr><th scope=\"col\">Severity</th><th scope=\"col\">Area</th><th scope=\"col\">Finding</th><th scope=\"col\">Reference</th><th scope=\"col\">Remediation</th></tr></thead><tbody>\n");
                foreach (var (area, f) in findings)
                {
                    string sev = f.Severity.ToString();
                    w.Append("<tr class=\"finding severity-").Append(sev.ToLowerInvariant()).Append("\" data-id=\"").Append(Encode(f.Id)).Append("\">")
                     .Append("<td class=\"severity\">").Append(sev).Append("</td><td class=\"area\">").Append(Encode(area)).Append("</td>")
                     .Append("<td><code class=\"id\">").Append(Encode(f.Id)).Append("</code><br /><span class=\"message\">").Append(Encode(f.Message)).Append("</span></td>")
                     .Append("<td class=\"reference\">").Append(Encode(f.Reference)).Append("</td>")
                     .Append("<td class=\"remediation\">").Append(Encode(f.Remediation)).Append("</td></tr>\n");
                }
                w.Append("</tbody></table>\n");
            }
            w.Append("</section>\n");
        }

        private static string Label(string grade) => grade == "none" ? "n/a" : grade;

        private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

        // CSP source expression for an inline block: the base64 SHA-256 of its exact text.
        private static string Hash(string text)
        {
            using var sha = SHA256.Create();
            return "sha256-" + Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(text)));
        }

        private const string Css = @"
:root { --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --pass: #1a7f37; --warning: #9a6700; --fail: #cf222e; --temperror: #8250df; --skipped: #6e7781; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: var(--fg); margin: 0 auto; max-width: 1200px; padding: 1rem 1.5rem 3rem; }
h1 { margin: 0 0 .2rem; font-size: 1.7rem; }
h2 { border-bottom: 2px solid var(--line); padding-bottom: .2rem; margin-top: 2rem; }
h3 { margin: 0 0 .5rem; font-size: 1.15rem; }
.meta, .hint, footer { color: var(--muted); font-size: .9rem; }
ul.statuses { list-style: none; padding: 0; display: flex; gap: 1.5rem; flex-wrap: wrap; }
.charts { display: flex; flex-wrap: wrap; gap: 2rem; align-items: flex-start; }
figure { margin: 0; }
figcaption { font-weight: 600; margin-bottom: .3rem; }
#grade-chart { width: 360px; max-width: 100%; }
#findings-chart { width: 640px; max-width: 100%; }
svg text { font: 12px system-ui, sans-serif; fill: var(--fg); }
svg .label, svg .count { text-anchor: middle; }
#findings-chart .name { text-anchor: end; }
#findings-chart .count { text-anchor: start; }
.bar.grade-A rect { fill: #2da44e; } .bar.grade-B rect { fill: #7cb342; } .bar.grade-C rect { fill: #d4a72c; }
.bar.grade-D rect { fill: #e16f24; } .bar.grade-F rect { fill: #cf222e; } .bar.grade-none rect { fill: #8c959f; }
.finding.severity-error rect { fill: #cf222e; } .finding.severity-warning rect { fill: #d4a72c; } .finding.severity-info rect { fill: #0969da; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #f6f8fa; }
th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; color: inherit; }
th[aria-sort=ascending] button::after { content: ' \25B2'; }
th[aria-sort=descending] button::after { content: ' \25BC'; }
td.score, td.errors, td.warnings { text-align: right; }
.status-pass > .status, td.status-pass { color: var(--pass); }
.status-warning > .status, td.status-warning { color: var(--warning); }
.status-fail > .status, td.status-fail { color: var(--fail); font-weight: 600; }
.status-temperror > .status, td.status-temperror { color: var(--temperror); }
td.status-skipped { color: var(--skipped); }
section.domain { border: 1px solid var(--line); border-left: 6px solid var(--skipped); border-radius: 4px; padding: .8rem 1rem; margin: 1rem 0; }
section.domain.status-pass { border-left-color: var(--pass); } section.domain.status-warning { border-left-color: var(--warning); }
section.domain.status-fail { border-left-color: var(--fail); } section.domain.status-temperror { border-left-color: var(--temperror); }
h3 .grade { display: inline-block; min-width: 1.8em; text-align: center; border-radius: 3px; background: #eaeef2; }
h3 .score, h3 .status { color: var(--muted); font-weight: normal; font-size: .95rem; }
tr.severity-error td.severity { color: var(--fail); font-weight: 600; }
tr.severity-warning td.severity { color: var(--warning); font-weight: 600; }
code { font: 13px ui-monospace, 'Cascadia Mono', Consolas, monospace; }
.message, td { overflow-wrap: anywhere; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; color: #000; }
  .hint, th button::after { display: none; }
  a { color: inherit; text-decoration: none; }
  section.domain, figure, tr { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
}
";

        // Turns the headings of table#domains into sort buttons; without JavaScript the table stays as written.
        private const string Script = @"
(function () {
  'use strict';
  var table = document.getElementById('domains');
  if (!table || !table.tHead || !table.tBodies.length) { return; }
  var headers = table.tHead.rows[0].cells;
  function key(row, i) {
    var cell = row.cells[i];
    var v = cell.getAttribute('data-sort');
    return v !== null ? v : cell.textContent.trim().toLowerCase();
  }
  function compare(a, b) {
    var x = Number(a), y = Number(b);
    if (a !== '' && b !== '' && !isNaN(x) && !isNaN(y)) { return x - y; }
    return a < b ? -1 : (a > b ? 1 : 0);
  }
  Array.prototype.forEach.call(headers, function (th, i) {
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = th.textContent;
    th.textContent = '';
    th.appendChild(button);
    button.addEventListener('click', function () {
      var ascending = th.getAttribute('aria-sort') !== 'ascending';
      Array.prototype.forEach.call(headers, function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (r1, r2) { var c = compare(key(r1, i), key(r2, i)); return ascending ? c : -c; });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  table.setAttribute('data-sortable', 'ready');
}());
";
    }
}
