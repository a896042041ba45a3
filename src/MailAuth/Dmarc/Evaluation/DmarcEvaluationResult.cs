using System;
using System.Collections.Generic;
using MailAuth.Dkim;
using MailAuth.Findings;
using MailAuth.Spf;

namespace MailAuth.Dmarc
{
    /// <summary>The DMARC verdict for one message, with every input that led to it (RFC 9989 §5.3).</summary>
    public sealed class DmarcEvaluationResult
    {
        internal DmarcEvaluationResult() { }

        /// <summary>Where the message came from (a file path), when known.</summary>
        public string? Source { get; internal set; }
        /// <summary>pass, fail, none, temperror or permerror.</summary>
        public DmarcResult Result { get; internal set; }
        /// <summary>Why, in words.</summary>
        public string? Reason { get; internal set; }
        /// <summary>The RFC5322.From domain (A-label form).</summary>
        public string? AuthorDomain { get; internal set; }
        /// <summary>The addresses of the From field(s).</summary>
        public IReadOnlyList<string> FromAddresses { get; internal set; } = Array.Empty<string>();
        /// <summary>The DMARC record found for the author domain, with where and how it was found.</summary>
        public DmarcRecordResult? Record { get; internal set; }
        /// <summary>The author domain's organizational domain.</summary>
        public string? OrganizationalDomain { get; internal set; }
        /// <summary>The policy the domain owner asks for failing mail (p, sp or np as applies), before t=y.</summary>
        public DmarcPolicy? RequestedPolicy { get; internal set; }
        /// <summary>Which tag the requested policy came from: <c>p</c>, <c>sp</c> or <c>np</c>.</summary>
        public string? PolicyTag { get; internal set; }
        /// <summary>What a receiver following the policy would do: none for passing mail; for failing mail the requested policy, one level lower under t=y (RFC 9989 §4.7).</summary>
        public DmarcPolicy Disposition { get; internal set; }
        /// <summary>The SPF evaluation, when SPF was evaluated here.</summary>
        public SpfEvaluationResult? Spf { get; internal set; }
        /// <summary>The SPF result used.</summary>
        public string SpfResult { get; internal set; } = "none";
        /// <summary>The domain SPF authenticated (MAIL FROM domain, or HELO domain for a null reverse-path).</summary>
        public string? SpfDomain { get; internal set; }
        /// <summary>SPF passed and its domain aligns with the author domain (aspf).</summary>
        public bool SpfAligned { get; internal set; }
        /// <summary>The DKIM verifications, when DKIM was verified here.</summary>
        public IReadOnlyList<DkimSignatureResult> Dkim { get; internal set; } = Array.Empty<DkimSignatureResult>();
        /// <summary>The DKIM results used: result and d= for each signature.</summary>
        public IReadOnlyList<DmarcIdentifierResult> DkimResults { get; internal set; } = Array.Empty<DmarcIdentifierResult>();
        /// <summary>A passing DKIM signature's d= aligns with the author domain (adkim).</summary>
        public bool DkimAligned { get; internal set; }
        /// <summary>The d= of the first aligned passing signature.</summary>
        public string? AlignedDkimDomain { get; internal set; }
        /// <summary>The SMTP client address used for SPF.</summary>
        public string? ClientIP { get; internal set; }
        /// <summary>The MAIL FROM used for SPF.</summary>
        public string? MailFrom { get; internal set; }
        /// <summary>The HELO name used for SPF.</summary>
        public string? Helo { get; internal set; }
        /// <summary>Which inputs were read from the message's header fields because they were not given.</summary>
        public IReadOnlyList<string> InputsFromHeaders { get; internal set; } = Array.Empty<string>();
        /// <summary>Problems with the message or the evaluation.</summary>
        public IReadOnlyList<Finding> Findings { get; internal set; } = Array.Empty<Finding>();
        /// <summary>An Authentication-Results header field value (RFC 8601) for the whole evaluation.</summary>
        public string AuthenticationResults { get; internal set; } = string.Empty;

        /// <inheritdoc />
        public override string ToString() => $"dmarc={Result} header.from={AuthorDomain}";
    }
}
