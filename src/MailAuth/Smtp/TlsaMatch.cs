using MailAuth.Dns;

namespace MailAuth.Smtp
{
    /// <summary>One TLSA record and whether it matches the presented chain (RFC 6698 §2.1, RFC 7671).</summary>
    public sealed class TlsaMatch
    {
        internal TlsaMatch(TlsaRecord record, bool usable, bool matched, string? matchedSubject, string? detail)
        {
            Record = record; Usable = usable; Matched = matched; MatchedSubject = matchedSubject; Detail = detail;
        }

        /// <summary>The record.</summary>
        public TlsaRecord Record { get; }
        /// <summary>Usage: 2 DANE-TA, 3 DANE-EE (0 and 1 are unusable for SMTP).</summary>
        public int Usage => Record.CertificateUsage;
        /// <summary>Selector: 0 full certificate, 1 SubjectPublicKeyInfo.</summary>
        public int Selector => Record.Selector;
        /// <summary>Matching type: 0 exact, 1 SHA-256, 2 SHA-512.</summary>
        public int MatchingType => Record.MatchingType;
        /// <summary>The association data, hexadecimal.</summary>
        public string Data => Record.Data.Substring(Record.Data.LastIndexOf(' ') + 1);
        /// <summary>Whether SMTP can use it (RFC 7672 §3.1.3).</summary>
        public bool Usable { get; }
        /// <summary>Whether it matches a certificate of the chain.</summary>
        public bool Matched { get; }
        /// <summary>The subject of the certificate it matches.</summary>
        public string? MatchedSubject { get; }
        /// <summary>Why it is unusable.</summary>
        public string? Detail { get; }

        /// <inheritdoc />
        public override string ToString() => Record.Data + (Matched ? " (match)" : Usable ? " (no match)" : " (unusable)");
    }
}
