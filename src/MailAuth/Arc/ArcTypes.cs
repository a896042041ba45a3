using System;
using System.Collections.Generic;
using MailAuth.AuthResults;
using MailAuth.Dkim;
using MailAuth.Findings;

namespace MailAuth.Arc
{
    /// <summary>The Chain Validation Status (RFC 8617 §4.4). Lower case on purpose: it prints as the RFC's words.</summary>
#pragma warning disable IDE1006
    public enum ArcChainStatus
    {
        /// <summary>The message carries no ARC set.</summary>
        none,
        /// <summary>The chain validated.</summary>
        pass,
        /// <summary>The chain is invalid; treat the message as if it had none (RFC 8617 §5.2).</summary>
        fail,
    }
#pragma warning restore IDE1006

    /// <summary>Why a chain failed (RFC 8617 §5.2), precisely enough to find the culprit.</summary>
    public enum ArcFailureReason
    {
        /// <summary>The chain passed, or there is none.</summary>
        None,
        /// <summary>More than 50 ARC sets (§5.2 step 1).</summary>
        TooManySets,
        /// <summary>The newest ARC-Seal says cv=fail (§5.2 step 2).</summary>
        ChainMarkedFailed,
        /// <summary>An ARC header field has no readable instance (i=, 1-50) or a malformed tag list.</summary>
        MalformedHeader,
        /// <summary>A set lacks its AAR, AMS or AS (§5.2 step 3A).</summary>
        MissingHeader,
        /// <summary>Two header fields of one kind share an instance (§4.2.1, §5.2 step 3A).</summary>
        DuplicateInstance,
        /// <summary>The instances are not 1..N without gaps (§5.2 step 3B).</summary>
        InstanceGap,
        /// <summary>cv= is not none for instance 1 or not pass for later ones (§5.2 step 3C).</summary>
        InvalidChainValidation,
        /// <summary>The newest ARC-Message-Signature does not validate (§5.2 step 4).</summary>
        MessageSignatureFailed,
        /// <summary>An ARC-Seal does not validate (§5.2 step 6).</summary>
        SealFailed,
    }

    /// <summary>One ARC set: what the intermediary said it saw (AAR), its message signature (AMS) and its seal (AS).</summary>
    public sealed class ArcSetResult
    {
        internal ArcSetResult() { }

        /// <summary>The instance, 1 for the first intermediary.</summary>
        public int Instance { get; internal set; }
        /// <summary>The ARC-Authentication-Results as parsed (null when missing or unreadable).</summary>
        public AuthenticationResults? AuthenticationResults { get; internal set; }
        /// <summary>The authserv-id of the AAR: who made the assessment.</summary>
        public string? AuthServId => AuthenticationResults?.AuthServId;
        /// <summary>The AAR value as written, unfolded.</summary>
        public string? AuthenticationResultsText { get; internal set; }
        /// <summary>The AMS's d=.</summary>
        public string? MessageSignatureDomain { get; internal set; }
        /// <summary>The AMS's s=.</summary>
        public string? MessageSignatureSelector { get; internal set; }
        /// <summary>The AMS's a=.</summary>
        public string? MessageSignatureAlgorithm { get; internal set; }
        /// <summary>The AMS's h=.</summary>
        public IReadOnlyList<string> SignedHeaders { get; internal set; } = Array.Empty<string>();
        /// <summary>The AMS result; null when not validated (the chain failed before this step, or older AMS need not be checked).</summary>
        public DkimResult? MessageSignatureResult { get; internal set; }
        /// <summary>Why the AMS did not pass.</summary>
        public DkimFailureReason MessageSignatureReason { get; internal set; }
        /// <summary>The AMS reason in words.</summary>
        public string? MessageSignatureReasonText { get; internal set; }
        /// <summary>The AS's d=: the sealer.</summary>
        public string? SealDomain { get; internal set; }
        /// <summary>The AS's s=.</summary>
        public string? SealSelector { get; internal set; }
        /// <summary>The AS's a=.</summary>
        public string? SealAlgorithm { get; internal set; }
        /// <summary>The AS's cv=: what the sealer found when it received the message.</summary>
        public string? ChainValidation { get; internal set; }
        /// <summary>The AS's t=.</summary>
        public DateTimeOffset? Timestamp { get; internal set; }
        /// <summary>The AS result; null when not validated.</summary>
        public DkimResult? SealResult { get; internal set; }
        /// <summary>Why the AS did not pass.</summary>
        public DkimFailureReason SealReason { get; internal set; }
        /// <summary>The AS reason in words.</summary>
        public string? SealReasonText { get; internal set; }

        /// <inheritdoc />
        public override string ToString() => $"i={Instance} {SealDomain} cv={ChainValidation} ams={MessageSignatureResult?.ToString() ?? "-"} as={SealResult?.ToString() ?? "-"}";
    }

    /// <summary>The result of validating a message's Authenticated Received Chain (RFC 8617 §5.2).</summary>
    public sealed class ArcChainResult
    {
        internal ArcChainResult() { }

        /// <summary>Where the message came from (a file path), when known.</summary>
        public string? Source { get; internal set; }
        /// <summary>none, pass or fail.</summary>
        public ArcChainStatus ChainResult { get; internal set; }
        /// <summary>Why the chain failed.</summary>
        public ArcFailureReason Reason { get; internal set; }
        /// <summary>The reason in words, naming the instance and header field.</summary>
        public string? ReasonText { get; internal set; }
        /// <summary>The instance whose problem failed the chain, when one did.</summary>
        public int? FailedInstance { get; internal set; }
        /// <summary>The highest instance found (N); the number of sets when the chain is well formed.</summary>
        public int InstanceCount { get; internal set; }
        /// <summary>
        /// RFC 8617 §5.2 step 5 (header.oldest-pass): 0 when every AMS validates, else the lowest instance
        /// from which all newer AMS validate; null when not determined (no chain, or it failed first).
        /// </summary>
        public int? OldestPass { get; internal set; }
        /// <summary>The sets, oldest (i=1) first.</summary>
        public IReadOnlyList<ArcSetResult> Sets { get; internal set; } = Array.Empty<ArcSetResult>();
        /// <summary>The sealers' domains (AS d=), oldest first.</summary>
        public IReadOnlyList<string> SealerDomains { get; internal set; } = Array.Empty<string>();
        /// <summary>Observations beyond the result: weak keys, testing keys.</summary>
        public IReadOnlyList<Finding> Findings { get; internal set; } = Array.Empty<Finding>();

        /// <summary>The RFC 8617 §6 result for an Authentication-Results field, such as <c>arc=pass header.oldest-pass=0</c>.</summary>
        public string AuthenticationResult
            => $"arc={ChainResult}" + (ChainResult == ArcChainStatus.fail && ReasonText != null ? $" reason=\"{ReasonText.Replace("\"", "'").Replace("\\", "/")}\"" : "")
               + (ChainResult == ArcChainStatus.pass && OldestPass is int op ? $" header.oldest-pass={op}" : "");

        /// <inheritdoc />
        public override string ToString() => $"arc={ChainResult}" + (Reason == ArcFailureReason.None ? "" : $" ({Reason}: {ReasonText})");
    }

    /// <summary>Limits and policy for ARC validation.</summary>
    public sealed class ArcValidateOptions
    {
        /// <summary>The moment to validate as of (t=, x=); now when not given.</summary>
        public DateTimeOffset? AsOf { get; set; }
        /// <summary>Allowed clock difference for t= in the future.</summary>
        public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);
        /// <summary>Largest message accepted.</summary>
        public long MaxMessageSize { get; set; } = DkimMessage.DefaultMaxSize;
        /// <summary>Smallest RSA key accepted (RFC 8301 §3.2: 1024).</summary>
        public int MinimumRsaKeyBits { get; set; } = 1024;
        /// <summary>Validate every older AMS to find the oldest pass (RFC 8617 §5.2 step 5); on by default.</summary>
        public bool FindOldestPass { get; set; } = true;

        internal DkimVerifyOptions ToDkim() => new DkimVerifyOptions
        {
            AsOf = AsOf, ClockSkew = ClockSkew, MaxMessageSize = MaxMessageSize, MinimumRsaKeyBits = MinimumRsaKeyBits,
        };
    }
}
