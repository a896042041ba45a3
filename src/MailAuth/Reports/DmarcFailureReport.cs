using System;
using System.Collections.Generic;
using MailAuth.Findings;

namespace MailAuth.Reports
{
    /// <summary>A failure report (RFC 9991, RFC 6591 authentication failure in the RFC 5965 ARF format), or another ARF feedback report.</summary>
    public sealed class DmarcFailureReport : DmarcReport
    {
        internal DmarcFailureReport(string source, string? sourceEntry, IReadOnlyList<Finding> warnings) : base(source, sourceEntry, warnings)
        {
        }

        /// <summary>Feedback-Type: auth-failure for DMARC failure reports (abuse, fraud, ... for other ARF reports).</summary>
        public string? FeedbackType { get; internal set; }
        /// <summary>Version.</summary>
        public string? Version { get; internal set; }
        /// <summary>User-Agent: the reporting software.</summary>
        public string? UserAgent { get; internal set; }
        /// <summary>Auth-Failure: dmarc, spf, dkim, bodyhash, signature, revoked, adsp.</summary>
        public string? AuthFailure { get; internal set; }
        /// <summary>Identity-Alignment (RFC 9991): which identifiers aligned (none, dkim, spf).</summary>
        public IReadOnlyList<string> IdentityAlignment { get; internal set; } = Array.Empty<string>();
        /// <summary>Delivery-Result: delivered, spam, policy, reject, other.</summary>
        public string? DeliveryResult { get; internal set; }
        /// <summary>Reported-Domain: the domain the report is about.</summary>
        public IReadOnlyList<string> ReportedDomain { get; internal set; } = Array.Empty<string>();
        /// <summary>Reported-URI.</summary>
        public IReadOnlyList<string> ReportedUri { get; internal set; } = Array.Empty<string>();
        /// <summary>Source-IP: the sending host, without the comment some reporters add.</summary>
        public string? SourceIP { get; internal set; }
        /// <summary>Arrival-Date, UTC.</summary>
        public DateTime? ArrivalDate { get; internal set; }
        /// <summary>Authentication-Results values (RFC 8601) the reporter computed.</summary>
        public IReadOnlyList<string> AuthenticationResults { get; internal set; } = Array.Empty<string>();
        /// <summary>Original-Mail-From.</summary>
        public string? OriginalMailFrom { get; internal set; }
        /// <summary>Original-Rcpt-To.</summary>
        public IReadOnlyList<string> OriginalRcptTo { get; internal set; } = Array.Empty<string>();
        /// <summary>Original-Envelope-Id.</summary>
        public string? OriginalEnvelopeId { get; internal set; }
        /// <summary>Reporting-MTA.</summary>
        public string? ReportingMta { get; internal set; }
        /// <summary>Incidents (1 when absent).</summary>
        public int Incidents { get; internal set; } = 1;
        /// <summary>DKIM-Domain.</summary>
        public string? DkimDomain { get; internal set; }
        /// <summary>DKIM-Identity.</summary>
        public string? DkimIdentity { get; internal set; }
        /// <summary>DKIM-Selector.</summary>
        public string? DkimSelector { get; internal set; }
        /// <summary>DKIM-Canonicalized-Header (base64).</summary>
        public string? DkimCanonicalizedHeader { get; internal set; }
        /// <summary>DKIM-Canonicalized-Body (base64).</summary>
        public string? DkimCanonicalizedBody { get; internal set; }
        /// <summary>DKIM-Selector-DNS.</summary>
        public string? DkimSelectorDns { get; internal set; }
        /// <summary>SPF-DNS.</summary>
        public string? SpfDns { get; internal set; }
        /// <summary>The original message's header (text/rfc822-headers, or the header of the attached message), with CRLF line ends.</summary>
        public string? OriginalHeaders { get; internal set; }
        /// <summary>The original message's From header, when the original headers have one.</summary>
        public string? OriginalFrom { get; internal set; }
        /// <summary>The original message's Subject, when the original headers have one.</summary>
        public string? OriginalSubject { get; internal set; }
        /// <summary>Every field of the feedback report, in order, as name and unfolded value.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Fields { get; internal set; } = Array.Empty<KeyValuePair<string, string>>();

        /// <inheritdoc />
        public override string ToString() => $"{FeedbackType} {string.Join(",", ReportedDomain)} from {SourceIP}";
    }
}
