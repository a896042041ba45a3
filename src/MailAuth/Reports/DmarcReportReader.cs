using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Xml;

namespace MailAuth.Reports
{
    /// <summary>
    /// Reads DMARC reports from files: aggregate reports (.xml, .xml.gz, .zip) and failure reports, alone or
    /// attached to an e-mail message (.eml). The kind is told by content, not by file name.
    /// </summary>
    public static class DmarcReportReader
    {
        /// <summary>Reads every DMARC report in a file.</summary>
        /// <param name="path">The file.</param>
        /// <param name="options">Limits; the defaults when null.</param>
        /// <param name="cancellationToken">Cancels the read between records.</param>
        /// <returns>One report, or several when a message or archive holds several.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
        /// <exception cref="IOException">The file cannot be read.</exception>
        /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
        /// <exception cref="ReportFormatException">The file holds no DMARC report, or one damaged past repair, or one with a DTD.</exception>
        /// <exception cref="ReportTooLargeException">An archive or message expands past the limits.</exception>
        public static IReadOnlyList<DmarcReport> ReadFile(string path, ReportReadOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (path is null) throw new ArgumentNullException(nameof(path));
            var length = new FileInfo(path).Length;
            return Read(path, () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan), length, options, cancellationToken);
        }

        /// <summary>Reads every DMARC report in the bytes of a file or attachment.</summary>
        /// <param name="content">The bytes.</param>
        /// <param name="source">The name to report as <see cref="DmarcReport.Source"/>.</param>
        /// <param name="options">Limits; the defaults when null.</param>
        /// <param name="cancellationToken">Cancels the read between records.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ReportFormatException">No DMARC report, one damaged past repair, or one with a DTD.</exception>
        /// <exception cref="ReportTooLargeException">An archive or message expands past the limits.</exception>
        public static IReadOnlyList<DmarcReport> Read(byte[] content, string source, ReportReadOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (content is null) throw new ArgumentNullException(nameof(content));
            if (source is null) throw new ArgumentNullException(nameof(source));
            return Read(source, () => new MemoryStream(content, writable: false), content.Length, options, cancellationToken);
        }

        /// <summary>
        /// Reads an aggregate report from a stream of XML (after any decompression) in one forward pass.
        /// The stream is read once: a report that is not well-formed is refused, not repaired.
        /// </summary>
        /// <param name="xml">The XML bytes.</param>
        /// <param name="source">The name to report as <see cref="DmarcReport.Source"/>.</param>
        /// <param name="cancellationToken">Cancels the read between records.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ReportFormatException">Not an aggregate report, not well-formed, or with a DTD.</exception>
        public static DmarcAggregateReport ReadAggregate(Stream xml, string source, CancellationToken cancellationToken = default)
        {
            if (xml is null) throw new ArgumentNullException(nameof(xml));
            if (source is null) throw new ArgumentNullException(nameof(source));
            var fallback = new CountingDecoderFallback();
            try
            {
                using var reader = XmlReportInput.Create(xml, fallback, repair: false);
                return new DmarcAggregateParser(new ReportWarnings(), fallback, cancellationToken).Parse(reader, source, null);
            }
            catch (XmlException e)
            {
                throw NotWellFormed(source, null, e);
            }
        }

        /// <summary>The report candidates in a file (internal: the TLS-RPT reader shares it).</summary>
        internal static IReadOnlyList<DmarcReport> Read(string source, Func<Stream> open, long? length, ReportReadOptions? options, CancellationToken cancellationToken)
        {
            options ??= new ReportReadOptions();
            var reports = new List<DmarcReport>();
            foreach (var payload in ReportContainer.Expand(source, open, length, options, cancellationToken))
            {
                switch (payload.Kind)
                {
                    case ReportPayloadKind.Xml:
                        reports.Add(ReadAggregate(payload, cancellationToken));
                        break;
                    case ReportPayloadKind.Message:
                        reports.Add(DmarcFailureParser.Parse(payload));
                        break;
                    case ReportPayloadKind.Json:
                        throw new ReportFormatException($"{ReportContainer.Describe(payload.Source, payload.Entry)} is JSON, not a DMARC report; TLS-RPT reports are read by Import-TlsRptReport (TlsRptReportReader).", otherKind: true);
                }
            }
            if (reports.Count == 0) throw new ReportFormatException($"'{source}' holds no DMARC report: no XML report in its archive or attachments.");
            return reports;
        }

        // A strict read first; a document that is not well-formed is read again with stray '<' and '&' escaped.
        private static DmarcAggregateReport ReadAggregate(ReportPayload payload, CancellationToken cancellationToken)
        {
            var warnings = new ReportWarnings();
            payload.CopyWarningsTo(warnings);
            var fallback = new CountingDecoderFallback();
            try
            {
                using var reader = XmlReportInput.Create(payload.Open(), fallback, repair: false);
                return new DmarcAggregateParser(warnings, fallback, cancellationToken).Parse(reader, payload.Source, payload.Entry);
            }
            catch (XmlException first)
            {
                if (IsDtdError(first)) throw NotWellFormed(payload.Source, payload.Entry, first);
                warnings = new ReportWarnings();
                payload.CopyWarningsTo(warnings);
                warnings.Add(ReportFindings.MalformedXmlRepaired, $"The XML is not well-formed (line {first.LineNumber}, position {first.LinePosition}: {first.Message}); it was read again with stray '<' and '&' escaped.");
                fallback = new CountingDecoderFallback();
                try
                {
                    using var reader = XmlReportInput.Create(payload.Open(), fallback, repair: true);
                    return new DmarcAggregateParser(warnings, fallback, cancellationToken).Parse(reader, payload.Source, payload.Entry);
                }
                catch (XmlException)
                {
                    throw NotWellFormed(payload.Source, payload.Entry, first);
                }
            }
        }

        private static bool IsDtdError(XmlException e) => e.Message.IndexOf("DTD", StringComparison.Ordinal) >= 0;

        private static ReportFormatException NotWellFormed(string source, string? entry, XmlException e)
            => IsDtdError(e)
                ? new ReportFormatException($"{ReportContainer.Describe(source, entry)} has a document type declaration (DTD); reports with DTDs are refused, so no entity is expanded and nothing outside the file is read.", e)
                : new ReportFormatException($"{ReportContainer.Describe(source, entry)} is not well-formed XML, even after escaping stray '<' and '&': {e.Message}", e);
    }
}
