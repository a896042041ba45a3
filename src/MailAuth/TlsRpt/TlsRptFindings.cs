using MailAuth.Findings;

namespace MailAuth.TlsRpt
{
    /// <summary>The TLS-RPT record findings catalogue (<c>Get-TlsRptRecord</c>).</summary>
    public static class TlsRptFindings
    {
        /// <summary>No TLS-RPT record.</summary>
        public static readonly FindingDefinition NoRecord = new FindingDefinition("TlsRpt.NoRecord", FindingSeverity.Info,
            "No TXT record starting with v=TLSRPTv1 is published at _smtp._tls.<domain>, so sending MTAs send no reports about TLS failures (MTA-STS or DANE) delivering to the domain.",
            "RFC 8460 §3",
            "Publish a TXT record at _smtp._tls.<domain> such as 'v=TLSRPTv1; rua=mailto:tlsrpt@<domain>'.");

        /// <summary>More than one TLS-RPT record.</summary>
        public static readonly FindingDefinition MultipleRecords = new FindingDefinition("TlsRpt.MultipleRecords", FindingSeverity.Error,
            "More than one TXT record at _smtp._tls.<domain> starts with v=TLSRPTv1; senders MUST then assume the domain does not implement TLS-RPT.",
            "RFC 8460 §3",
            "Merge the records into one, listing every destination in one rua tag separated by commas.");

        /// <summary>The record does not follow the grammar.</summary>
        public static readonly FindingDefinition SyntaxError = new FindingDefinition("TlsRpt.SyntaxError", FindingSeverity.Error,
            "Part of the TLS-RPT record does not follow the grammar (v=TLSRPTv1 first, then name=value fields separated by ';').",
            "RFC 8460 §3",
            "Correct the part named in the message, for example 'v=TLSRPTv1; rua=mailto:tlsrpt@example.com'.");

        /// <summary>No rua tag.</summary>
        public static readonly FindingDefinition NoReportUri = new FindingDefinition("TlsRpt.NoReportUri", FindingSeverity.Error,
            "The record has no rua tag, which RFC 8460 requires; nobody knows where to send the reports.",
            "RFC 8460 §3",
            "Add rua=mailto:<mailbox> or rua=https://<reporting endpoint>.");

        /// <summary>A rua URI is invalid or of an unsupported scheme.</summary>
        public static readonly FindingDefinition InvalidReportUri = new FindingDefinition("TlsRpt.InvalidReportUri", FindingSeverity.Error,
            "A rua destination is not a valid mailto: address or https: URL (the two schemes TLS-RPT supports); reporters cannot use it.",
            "RFC 8460 §3; RFC 6068; RFC 3986",
            "Write each destination as mailto:<address> or https://<host>/<path>, separate several with commas, and percent-encode ',', '!' and ';' inside a URI.");

        /// <summary>A DNS query failed.</summary>
        public static readonly FindingDefinition DnsTemporaryFailure = new FindingDefinition("TlsRpt.DnsTemporaryFailure", FindingSeverity.Error,
            "The TXT query for _smtp._tls.<domain> failed (timeout or server failure); the record could not be checked.",
            "RFC 8460 §3",
            "Check that the domain's name servers answer TXT queries for _smtp._tls reliably, then run the check again.");
    }
}
