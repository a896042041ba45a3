using System;
using System.Collections.Generic;
using MailAuth.Findings;

namespace MailAuth.Dkim
{
    /// <summary>The verification result of one DKIM-Signature.</summary>
    public sealed class DkimSignatureResult
    {
        internal DkimSignatureResult() { }

        /// <summary>Where the message came from (a file path), when known.</summary>
        public string? Source { get; internal set; }
        /// <summary>1 for the topmost DKIM-Signature, 2 for the next, and so on.</summary>
        public int Index { get; internal set; }
        /// <summary>pass, fail, neutral, temperror, permerror, policy, or none for a message without signature.</summary>
        public DkimResult Result { get; internal set; }
        /// <summary>Why it did not pass.</summary>
        public DkimFailureReason Reason { get; internal set; }
        /// <summary>The reason in words, naming the values involved.</summary>
        public string? ReasonText { get; internal set; }
        /// <summary>d=.</summary>
        public string? Domain { get; internal set; }
        /// <summary>s=.</summary>
        public string? Selector { get; internal set; }
        /// <summary>a=.</summary>
        public string? Algorithm { get; internal set; }
        /// <summary>c=, as header/body.</summary>
        public string? Canonicalization { get; internal set; }
        /// <summary>h=.</summary>
        public IReadOnlyList<string> SignedHeaders { get; internal set; } = Array.Empty<string>();
        /// <summary>i=.</summary>
        public string? Identity { get; internal set; }
        /// <summary>l=, when the signature covers only part of the body.</summary>
        public long? BodyLength { get; internal set; }
        /// <summary>t=.</summary>
        public DateTimeOffset? Timestamp { get; internal set; }
        /// <summary>x=.</summary>
        public DateTimeOffset? Expiration { get; internal set; }
        /// <summary>The key's type (rsa, ed25519).</summary>
        public string? KeyType { get; internal set; }
        /// <summary>The key's size in bits.</summary>
        public int? KeySize { get; internal set; }
        /// <summary>The key record was published with t=y (testing).</summary>
        public bool KeyTesting { get; internal set; }
        /// <summary>The domain of the From header field.</summary>
        public string? FromDomain { get; internal set; }
        /// <summary>d= equals the From domain (strict alignment); relaxed alignment needs the organizational domain (DMARC).</summary>
        public bool FromAligned { get; internal set; }
        /// <summary>Observations beyond the result: partial body signed, testing key, weak key.</summary>
        public IReadOnlyList<Finding> Findings { get; internal set; } = Array.Empty<Finding>();

        /// <summary>The RFC 8601 method result, such as <c>dkim=pass header.d=example.com header.s=sel</c>.</summary>
        public string AuthenticationResult
            => Result == DkimResult.none ? "dkim=none"
             : $"dkim={Result}" + (ReasonText is null || Result == DkimResult.pass ? "" : $" reason=\"{ReasonText.Replace("\"", "'")}\"") +
               (Domain is null ? "" : $" header.d={Domain}") + (Selector is null ? "" : $" header.s={Selector}");

        /// <inheritdoc />
        public override string ToString() => $"{Result} d={Domain} s={Selector}" + (Reason == DkimFailureReason.None ? "" : $" ({Reason})");
    }
}
