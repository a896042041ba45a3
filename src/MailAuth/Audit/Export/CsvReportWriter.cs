using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using MailAuth.Findings;

namespace MailAuth.Audit.Export
{
    /// <summary>
    /// RFC 4180 CSV: CRLF line ends, a header row, fields quoted when they hold a comma, quote, CR or LF.
    /// A cell that a spreadsheet would read as a formula (starting with =, +, -, @, tab or CR) gets a
    /// leading apostrophe: record texts and findings come from strangers (CSV injection).
    /// </summary>
    public static class CsvReportWriter
    {
        /// <summary>How many finding ids the per-domain TopFindings column holds.</summary>
        public const int TopFindingIds = 5;

        /// <summary>The columns of the per-finding form.</summary>
        public static IReadOnlyList<string> FindingColumns { get; } = new[] { "Domain", "Area", "Severity", "Id", "Message", "Reference", "Remediation" };

        /// <summary>Writes one row per domain, or with <see cref="MailDomainExportOptions.PerFinding"/> one row per finding.</summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public static void Write(IEnumerable<MailDomainReport> reports, TextWriter writer, MailDomainExportOptions? options = null)
        {
            if (reports is null) throw new ArgumentNullException(nameof(reports));
            if (writer is null) throw new ArgumentNullException(nameof(writer));
            options ??= new MailDomainExportOptions();
            var list = reports.ToList();
            if (options.PerFinding)
            {
                WriteRow(writer, FindingColumns);
                foreach (var r in list)
                    foreach (var a in r.Areas)
                        foreach (var f in a.Findings)
                            WriteRow(writer, new[] { r.Domain, a.Name, f.Severity.ToString(), f.Id, f.Message, f.Reference, f.Remediation });
                return;
            }
            var areas = ReportSummary.AreaNames(list);
            var header = new List<string> { "Domain", "Status", "Score", "Grade", "Profile" };
            foreach (string a in areas) header.AddRange(new[] { a + "Status", a + "Score", a + "Grade" });
            header.AddRange(new[] { "Errors", "Warnings", "Infos", "TopFindings" });
            WriteRow(writer, header);
            foreach (var r in list)
            {
                var row = new List<string?> { r.Domain, r.Status.ToString(), Number(r.Score), r.Grade, r.Profile };
                foreach (string name in areas)
                {
                    var a = r[name];
                    row.AddRange(new[] { a?.Status.ToString(), Number(a?.Score), a?.Grade });
                }
                row.Add(ReportSummary.Count(r, FindingSeverity.Error).ToString(CultureInfo.InvariantCulture));
                row.Add(ReportSummary.Count(r, FindingSeverity.Warning).ToString(CultureInfo.InvariantCulture));
                row.Add(ReportSummary.Count(r, FindingSeverity.Info).ToString(CultureInfo.InvariantCulture));
                row.Add(string.Join("; ", ReportSummary.TopIds(r).Take(TopFindingIds)));
                WriteRow(writer, row);
            }
        }

        /// <summary>One field as written: neutralised against formulas, then quoted if needed.</summary>
        public static string Field(string? value)
        {
            string v = value ?? string.Empty;
            if (v.Length > 0 && "=+-@\t\r".IndexOf(v[0]) >= 0) v = "'" + v;
            if (v.IndexOfAny(new[] { ',', '"', '\r', '\n' }) < 0) return v;
            return "\"" + v.Replace("\"", "\"\"") + "\"";
        }

        private static string Number(int? n) => n is int i ? i.ToString(CultureInfo.InvariantCulture) : string.Empty;

        private static void WriteRow(TextWriter writer, IEnumerable<string?> fields)
        {
            writer.Write(string.Join(",", fields.Select(Field)));
            writer.Write("\r\n");
        }
    }
}
