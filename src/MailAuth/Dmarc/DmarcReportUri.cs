namespace MailAuth.Dmarc
{
    /// <summary>One report destination of a <c>rua</c> or <c>ruf</c> tag (RFC 9989 §4.6, §4.8), with the obsolete size limit of RFC 7489 §6.2.</summary>
    public sealed class DmarcReportUri
    {
        internal DmarcReportUri(string tag, string text, int position, string uri, string? scheme, string? address, string? host,
            string? sizeLimit, ulong? maxSizeBytes, string? problem)
        {
            Tag = tag;
            Text = text;
            Position = position;
            Uri = uri;
            Scheme = scheme;
            Address = address;
            Host = host;
            SizeLimit = sizeLimit;
            MaxSizeBytes = maxSizeBytes;
            Problem = problem;
        }

        /// <summary><c>rua</c> or <c>ruf</c>.</summary>
        public string Tag { get; }
        /// <summary>The list element exactly as written, size limit included.</summary>
        public string Text { get; }
        /// <summary>1-based character position of the element in the record.</summary>
        public int Position { get; }
        /// <summary>The URI without the size limit.</summary>
        public string Uri { get; }
        /// <summary>The scheme, lower case (<c>mailto</c>); null when there is none.</summary>
        public string? Scheme { get; }
        /// <summary>For <c>mailto:</c>, the mailbox (percent-decoded, without <c>?</c> header fields); otherwise null.</summary>
        public string? Address { get; }
        /// <summary>The destination host (RFC 9990 §4 step 1): the mailbox's domain or the URI's host, lower case, as A-labels; null when there is none.</summary>
        public string? Host { get; }
        /// <summary>The obsolete size limit as written after <c>!</c> (<c>50m</c>); null when absent.</summary>
        public string? SizeLimit { get; }
        /// <summary>The size limit in bytes (units are powers of two, RFC 7489 §6.4); null when absent or invalid.</summary>
        public ulong? MaxSizeBytes { get; }
        /// <summary>Why the URI is invalid; null when valid.</summary>
        public string? Problem { get; }
        /// <summary>True when the URI is syntactically valid (its scheme may still be unsupported).</summary>
        public bool IsValid => Problem is null;

        /// <inheritdoc />
        public override string ToString() => Text;
    }
}
