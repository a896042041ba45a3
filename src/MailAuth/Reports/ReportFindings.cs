using MailAuth.Findings;

namespace MailAuth.Reports
{
    /// <summary>
    /// The report catalogue: what was tolerated while reading a DMARC or TLS-RPT report. These are the
    /// <c>Warnings</c> of the report objects; the report was still read.
    /// </summary>
    public static class ReportFindings
    {
        /// <summary>A value in another case than the schema's lower-case words.</summary>
        public static readonly FindingDefinition UpperCaseValue = new FindingDefinition("Report.UpperCaseValue", FindingSeverity.Info,
            "A value is not written in lower case as the schema's enumerations are; it was read without regard to case.",
            "RFC 9990 Appendix A; RFC 7489 Appendix C",
            "Nothing to do on your side; the reporter's software writes non-standard values.");

        /// <summary>A value outside the schema's vocabulary.</summary>
        public static readonly FindingDefinition UnknownValue = new FindingDefinition("Report.UnknownValue", FindingSeverity.Warning,
            "A value is not one of the words the schema allows for its element; the property is left empty.",
            "RFC 9990 Appendix A; RFC 7489 Appendix C",
            "Read the value in the report itself if it matters; the reporter's software does not follow the schema.");

        /// <summary>A value that cannot be read as what it should be (number, date, IP address).</summary>
        public static readonly FindingDefinition InvalidValue = new FindingDefinition("Report.InvalidValue", FindingSeverity.Warning,
            "A value cannot be read as the number, time stamp or IP address the element holds; the property is left empty or zero.",
            "RFC 9990 §3.1.1; RFC 7489 Appendix C",
            "Totals that depend on this value may be low; read the report itself if it matters.");

        /// <summary>A required element is missing or empty.</summary>
        public static readonly FindingDefinition MissingElement = new FindingDefinition("Report.MissingElement", FindingSeverity.Warning,
            "An element the report format requires is missing or empty; the property is left empty.",
            "RFC 9990 §3.1.1",
            "Nothing to do on your side unless the missing part matters (an empty org_name hides who sent the report).");

        /// <summary>An element that the format does not define, outside any extension.</summary>
        public static readonly FindingDefinition UnknownElement = new FindingDefinition("Report.UnknownElement", FindingSeverity.Info,
            "The report has an element the format does not define and that is not a namespaced extension; it was skipped.",
            "RFC 9990 §3.1.1, §5",
            "Nothing to do; extensions belong in their own XML namespace (RFC 9990 §5).");

        /// <summary>An empty reason element.</summary>
        public static readonly FindingDefinition EmptyReason = new FindingDefinition("Report.EmptyReason", FindingSeverity.Info,
            "A policy override reason has no type; it was left out.",
            "RFC 9990 Appendix A (PolicyOverrideReason: type is required)",
            "Nothing to do on your side.");

        /// <summary>Bytes that are not valid in the document's encoding.</summary>
        public static readonly FindingDefinition InvalidEncoding = new FindingDefinition("Report.InvalidEncoding", FindingSeverity.Warning,
            "The report has byte sequences that are not valid in its character encoding (UTF-8 unless it declares another); each was replaced by U+FFFD.",
            "XML 1.0 §4.3.3; RFC 3629",
            "Values with U+FFFD in them are damaged; read the report itself if they matter.");

        /// <summary>Markup that is not well-formed, repaired by escaping.</summary>
        public static readonly FindingDefinition MalformedXmlRepaired = new FindingDefinition("Report.MalformedXmlRepaired", FindingSeverity.Warning,
            "The XML is not well-formed: a '<' or '&' that starts no markup appears in text. Those characters were escaped and the report was read again.",
            "XML 1.0 §2.4",
            "Nothing to do on your side; the reporter's software does not escape values.");

        /// <summary>A value cut at the length limit.</summary>
        public static readonly FindingDefinition ValueTruncated = new FindingDefinition("Report.ValueTruncated", FindingSeverity.Warning,
            "A value or extension is longer than the limit kept per value (64 KiB); the rest was skipped.",
            "RFC 9990 §3.1.1",
            "Nothing to do; no real report needs values this long.");

        /// <summary>No record in an aggregate report.</summary>
        public static readonly FindingDefinition NoRecords = new FindingDefinition("Report.NoRecords", FindingSeverity.Warning,
            "The aggregate report has no record element; the format requires at least one.",
            "RFC 9990 §3.1.1.7",
            "Nothing to do on your side.");

        /// <summary>An archive entry or attachment named like a path that leaves its folder.</summary>
        public static readonly FindingDefinition SuspiciousEntryName = new FindingDefinition("Report.SuspiciousEntryName", FindingSeverity.Warning,
            "An archive entry or attachment has a name that is an absolute path or climbs out of its folder ('..'); it was read in memory only, never written anywhere.",
            "PKWARE APPNOTE 4.4.17.1",
            "Be wary of the report's sender: real reporters do not name files like this.");

        /// <summary>A failure report without a message/feedback-report part.</summary>
        public static readonly FindingDefinition NoFeedbackReportPart = new FindingDefinition("Report.NoFeedbackReportPart", FindingSeverity.Warning,
            "The failure report has no machine-readable message/feedback-report part; what could be read was taken from its text.",
            "RFC 5965 §2; RFC 9991 §3",
            "Fields other than the source IP, domain and arrival date may be missing.");

        /// <summary>More warnings than are kept.</summary>
        public static readonly FindingDefinition MoreWarnings = new FindingDefinition("Report.MoreWarnings", FindingSeverity.Info,
            "The report has more warnings than are kept (100); the rest were counted only.",
            "RFC 9990 §3.1.1",
            "Read the report itself if the details matter.");
    }
}
