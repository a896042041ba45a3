namespace MailAuth.TlsRpt
{
    /// <summary>One rua destination of a TLS-RPT record.</summary>
    public sealed class TlsRptReportUri
    {
        internal TlsRptReportUri(string text, string? scheme, string? address, bool isValid, string? detail)
        {
            Text = text; Scheme = scheme; Address = address; IsValid = isValid; Detail = detail;
        }

        /// <summary>The URI as written.</summary>
        public string Text { get; }
        /// <summary>mailto or https (lower case); null when there is no scheme.</summary>
        public string? Scheme { get; }
        /// <summary>The mailbox of a mailto: URI, or the host of an https: URI.</summary>
        public string? Address { get; }
        /// <summary>Whether reporters can use it.</summary>
        public bool IsValid { get; }
        /// <summary>Why it is not valid.</summary>
        public string? Detail { get; }

        /// <inheritdoc />
        public override string ToString() => Text;
    }
}
