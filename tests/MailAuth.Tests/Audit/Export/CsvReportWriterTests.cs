using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MailAuth.Audit;
using MailAuth.Audit.Export;
using MailAuth.Findings;
using Microsoft.VisualBasic.FileIO;
using Xunit;

namespace MailAuth.Tests.Audit.Export
{
    /// <summary>
    /// The CSV read back with the framework's own CSV reader (TextFieldParser, quoted fields over
    /// several lines) and compared field by field with the report objects.
    /// </summary>
    public class CsvReportWriterTests
    {
        private static string Csv(IEnumerable<MailDomainReport> reports, bool perFinding = false)
        {
            var sw = new StringWriter();
            CsvReportWriter.Write(reports, sw, new MailDomainExportOptions { PerFinding = perFinding });
            return sw.ToString();
        }

        private static List<string[]> Parse(string csv)
        {
            using var parser = new TextFieldParser(new StringReader(csv)) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true, TrimWhiteSpace = false };
            parser.SetDelimiters(",");
            var rows = new List<string[]>();
            while (!parser.EndOfData) rows.Add(parser.ReadFields()!);
            return rows;
        }

        // The documented guard, written out again: a leading = + - @ tab or CR gets an apostrophe.
        private static string Guarded(string? s) => string.IsNullOrEmpty(s) ? "" : "=+-@\t\r".Contains(s![0]) ? "'" + s : s;

        [Fact]
        public void OneRowPerDomain_MatchesTheReports()
        {
            var reports = ExportSamples.Mixed();
            var rows = Parse(Csv(reports));
            var header = rows[0];
            Assert.Equal(new[] { "Domain", "Status", "Score", "Grade", "Profile",
                "MxStatus", "MxScore", "MxGrade", "SpfStatus", "SpfScore", "SpfGrade", "DmarcStatus", "DmarcScore", "DmarcGrade",
                "Microsoft365Status", "Microsoft365Score", "Microsoft365Grade", "Errors", "Warnings", "Infos", "TopFindings" }, header);
            Assert.Equal(reports.Count + 1, rows.Count);
            for (int i = 0; i < reports.Count; i++)
            {
                var r = reports[i];
                var row = header.Zip(rows[i + 1], (h, v) => (h, v)).ToDictionary(x => x.h, x => x.v);
                Assert.Equal(header.Length, rows[i + 1].Length);
                Assert.Equal(r.Domain, row["Domain"]);
                Assert.Equal(r.Status.ToString(), row["Status"]);
                Assert.Equal(r.Score?.ToString() ?? "", row["Score"]);
                Assert.Equal(r.Grade ?? "", row["Grade"]);
                foreach (string area in new[] { "Mx", "Spf", "Dmarc", "Microsoft365" })
                {
                    var a = r.Areas.FirstOrDefault(x => x.Name == area);
                    Assert.Equal(a?.Status.ToString() ?? "", row[area + "Status"]);
                    Assert.Equal(a?.Score?.ToString() ?? "", row[area + "Score"]);
                    Assert.Equal(a?.Grade ?? "", row[area + "Grade"]);
                }
                var all = r.Areas.SelectMany(a => a.Findings).ToList();
                Assert.Equal(all.Count(f => f.Severity == FindingSeverity.Error).ToString(), row["Errors"]);
                Assert.Equal(all.Count(f => f.Severity == FindingSeverity.Warning).ToString(), row["Warnings"]);
                Assert.Equal(all.Count(f => f.Severity == FindingSeverity.Info).ToString(), row["Infos"]);
            }
            // bad.example: the error first, then the warnings in order; the Info finding is not listed.
            Assert.Equal("Spf.NoRecord; Dmarc.PolicyNone; Dmarc.NoAggregateReports", rows[2][header.Length - 1]);
            Assert.Equal("F", rows[2][3]);        // 41 is below 60
            Assert.Equal("", rows[4][2]);         // temperror: not scored
        }

        [Fact]
        public void PerFinding_OneRowPerFindingWithEveryField()
        {
            var reports = ExportSamples.Mixed();
            var rows = Parse(Csv(reports, perFinding: true));
            Assert.Equal(new[] { "Domain", "Area", "Severity", "Id", "Message", "Reference", "Remediation" }, rows[0]);
            var expected = ExportSamples.AllFindings(reports).ToList();
            Assert.Equal(6, expected.Count);   // counted by hand: bad.example 2 + 2, hostile.example 1 + 1
            Assert.Equal(expected.Count + 1, rows.Count);
            for (int i = 0; i < expected.Count; i++)
            {
                var (r, a, f) = expected[i];
                Assert.Equal(new[] { r.Domain, a.Name, f.Severity.ToString(), f.Id, Guarded(f.Message), Guarded(f.Reference), Guarded(f.Remediation) }, rows[i + 1]);
            }
        }

        [Fact]
        public void FormulasAreNeutralisedAndQuotingFollowsRfc4180()
        {
            string csv = Csv(ExportSamples.Mixed(), perFinding: true);
            var rows = Parse(csv);
            var hostile = rows.Where(r => r[0] == "hostile.example").ToList();
            Assert.Equal("'" + ExportSamples.Hostile, hostile[0][4]);            // = ... kept whole, line break included
            Assert.Equal("'+" + ExportSamples.Hostile, hostile[0][5]);
            Assert.Equal("'-" + ExportSamples.Hostile, hostile[0][6]);
            Assert.Equal("'@SUM(1)", hostile[1][4]);
            Assert.Equal("'\tRFC", hostile[1][5]);
            Assert.Equal("plain, \"quoted\"", hostile[1][6]);
            // No cell a spreadsheet would evaluate.
            Assert.DoesNotContain(rows.SelectMany(r => r), v => v.Length > 0 && "=+-@".Contains(v[0]));
            // Records end in CRLF; the raw quoted field doubles its quotes.
            Assert.EndsWith("\r\n", csv);
            Assert.Contains("\"plain, \"\"quoted\"\"\"", csv);
            // Every record ends in CRLF, plus the three CRLFs inside the quoted hostile fields.
            Assert.Equal(rows.Count + 3, csv.Split("\r\n").Length - 1);
        }

        [Fact]
        public void NoReports_HeaderOnly()
        {
            Assert.Equal("Domain,Status,Score,Grade,Profile,Errors,Warnings,Infos,TopFindings\r\n", Csv(Array.Empty<MailDomainReport>()));
            Assert.Equal("Domain,Area,Severity,Id,Message,Reference,Remediation\r\n", Csv(Array.Empty<MailDomainReport>(), perFinding: true));
        }
    }
}
