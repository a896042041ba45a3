using System;
using System.IO;

namespace MailAuth.Audit.Export
{
    /// <summary>The file formats of Export-MailDomainReport.</summary>
    public enum MailDomainExportFormat
    {
        /// <summary>One self-contained HTML page: summary charts, a sortable table, a section per domain.</summary>
        Html,
        /// <summary>RFC 4180 CSV: one row per domain, or one per finding.</summary>
        Csv,
        /// <summary>JSON: every report with its areas, findings and the key fields of each check's result.</summary>
        Json,
        /// <summary>Markdown for tickets and wikis: a summary table and a section per domain.</summary>
        Markdown,
    }

    /// <summary>How a report file is written.</summary>
    public sealed class MailDomainExportOptions
    {
        /// <summary>The default title.</summary>
        public const string DefaultTitle = "Mail domain report";

        /// <summary>The title of the HTML page and the Markdown document, and the JSON title field.</summary>
        public string Title { get; set; } = DefaultTitle;
        /// <summary>CSV only: one row per finding instead of one per domain.</summary>
        public bool PerFinding { get; set; }
        /// <summary>When the report was made; shown in the HTML, Markdown and JSON.</summary>
        public DateTimeOffset Generated { get; set; } = DateTimeOffset.UtcNow;
        /// <summary>The number of findings ids in the per-domain CSV column TopFindings and the HTML chart.</summary>
        public int TopFindingCount { get; set; } = 10;
    }

    /// <summary>Writes mail domain reports in one of the <see cref="MailDomainExportFormat"/>s.</summary>
    public static class MailDomainExporter
    {
        /// <summary>The format a file name's extension stands for: .html/.htm, .csv, .json, .md/.markdown.</summary>
        /// <returns>The format, or null for another extension.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
        public static MailDomainExportFormat? FormatFromPath(string path)
        {
            if (path is null) throw new ArgumentNullException(nameof(path));
            switch (Path.GetExtension(path).ToLowerInvariant())
            {
                case ".html": case ".htm": return MailDomainExportFormat.Html;
                case ".csv": return MailDomainExportFormat.Csv;
                case ".json": return MailDomainExportFormat.Json;
                case ".md": case ".markdown": return MailDomainExportFormat.Markdown;
                default: return null;
            }
        }

        /// <summary>Writes the reports to a text writer in a format.</summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">An unknown format.</exception>
        public static void Write(System.Collections.Generic.IEnumerable<MailDomainReport> reports, TextWriter writer, MailDomainExportFormat format, MailDomainExportOptions? options = null)
        {
            if (reports is null) throw new ArgumentNullException(nameof(reports));
            if (writer is null) throw new ArgumentNullException(nameof(writer));
            options ??= new MailDomainExportOptions();
            switch (format)
            {
                case MailDomainExportFormat.Html: HtmlReportWriter.Write(reports, writer, options); break;
                case MailDomainExportFormat.Csv: CsvReportWriter.Write(reports, writer, options); break;
                case MailDomainExportFormat.Json: JsonReportWriter.Write(reports, writer, options); break;
                case MailDomainExportFormat.Markdown: MarkdownReportWriter.Write(reports, writer, options); break;
                default: throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown format.");
            }
        }

        /// <summary>The encoding of a format's files: UTF-8, with a byte order mark for CSV only (so Excel reads it as UTF-8).</summary>
        public static System.Text.Encoding EncodingFor(MailDomainExportFormat format)
            => new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: format == MailDomainExportFormat.Csv);
    }
}
