using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MailAuth.Dkim
{
    /// <summary>What a DKIM-style signature field is: the tags required and the meaning of i= differ.</summary>
    internal enum SignatureKind
    {
        Dkim,
        /// <summary>ARC-Message-Signature (RFC 8617 §4.1.2): no v=, i= is the instance, h= may be empty.</summary>
        ArcMessageSignature,
        /// <summary>ARC-Seal (RFC 8617 §4.1.3): no bh=, no h=, relaxed headers only, cv= required.</summary>
        ArcSeal,
    }

    /// <summary>A DKIM-Signature header field (RFC 6376 §3.5), parsed and checked for syntax. Also ARC's signatures, which share the syntax.</summary>
    public sealed class DkimSignatureHeader
    {
        private DkimSignatureHeader(DkimHeaderField field, DkimTagList tags)
        {
            Field = field;
            Tags = tags;
        }

        /// <summary>The header field as it appears in the message.</summary>
        public DkimHeaderField Field { get; }
        /// <summary>The tags.</summary>
        public DkimTagList Tags { get; }
        /// <summary>a=: <c>rsa-sha256</c>, <c>rsa-sha1</c> or <c>ed25519-sha256</c>.</summary>
        public string Algorithm { get; private set; } = string.Empty;
        /// <summary>d=: the signing domain.</summary>
        public string Domain { get; private set; } = string.Empty;
        /// <summary>s=: the selector.</summary>
        public string Selector { get; private set; } = string.Empty;
        /// <summary>c= header part: <c>simple</c> or <c>relaxed</c>.</summary>
        public string HeaderCanonicalization { get; private set; } = "simple";
        /// <summary>c= body part: <c>simple</c> or <c>relaxed</c>.</summary>
        public string BodyCanonicalization { get; private set; } = "simple";
        /// <summary>h=: the signed header field names, in order.</summary>
        public IReadOnlyList<string> SignedHeaders { get; private set; } = Array.Empty<string>();
        /// <summary>i=: the agent or user identifier (default <c>@d</c>).</summary>
        public string Identity { get; private set; } = string.Empty;
        /// <summary>l=: how many body bytes are signed, when limited.</summary>
        public long? BodyLength { get; private set; }
        /// <summary>t=: when the signature was made.</summary>
        public DateTimeOffset? Timestamp { get; private set; }
        /// <summary>x=: when the signature expires.</summary>
        public DateTimeOffset? Expiration { get; private set; }
        /// <summary>b=: the signature.</summary>
        public byte[] Signature { get; private set; } = Array.Empty<byte>();
        /// <summary>bh=: the body hash.</summary>
        public byte[] BodyHash { get; private set; } = Array.Empty<byte>();
        /// <summary>ARC only: the instance (i=, 1-50, RFC 8617 §4.2.1); 0 for DKIM.</summary>
        public int Instance { get; private set; }
        /// <summary>ARC-Seal only: cv= as written (<c>none</c>, <c>pass</c> or <c>fail</c> when valid).</summary>
        public string? ChainValidation { get; private set; }

        /// <summary>The largest ARC instance (RFC 8617 §4.2.1).</summary>
        internal const int MaxArcInstance = 50;

        /// <summary>Reads an ARC instance value: digits only, 1 to 50.</summary>
        internal static bool TryInstance(string? value, out int instance)
        {
            instance = 0;
            if (value is null) return false;
            string v = value.Trim(' ', '\t', '\r', '\n');
            if (v.Length == 0 || v.Length > 3 || !v.All(ch => ch >= '0' && ch <= '9')) return false;
            instance = int.Parse(v, CultureInfo.InvariantCulture);
            return instance >= 1 && instance <= MaxArcInstance;
        }

        /// <summary>Parses a DKIM-Signature field.</summary>
        /// <param name="field">The field.</param>
        /// <param name="header">The parsed header, also when <paramref name="error"/> is set if the tag list parsed.</param>
        /// <param name="error">Why the field is not a valid signature.</param>
        /// <returns>True when valid.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="field"/> is null.</exception>
        public static bool TryParse(DkimHeaderField field, out DkimSignatureHeader? header, out string? error)
            => TryParse(field, SignatureKind.Dkim, out header, out error);

        private static readonly string[] DkimRequired = { "v", "a", "b", "bh", "d", "h", "s" };
        private static readonly string[] AmsRequired = { "i", "a", "b", "bh", "d", "h", "s" };
        private static readonly string[] SealRequired = { "i", "a", "b", "cv", "d", "s" };

        internal static bool TryParse(DkimHeaderField field, SignatureKind kind, out DkimSignatureHeader? header, out string? error)
        {
            if (field is null) throw new ArgumentNullException(nameof(field));
            header = null;
            if (!DkimTagList.TryParse(field.Value, out var tags, out error)) { error = "the tag list is malformed: " + error; return false; }
            var h = header = new DkimSignatureHeader(field, tags);
            string rfc = kind == SignatureKind.Dkim ? "RFC 6376 §3.5" : kind == SignatureKind.ArcSeal ? "RFC 8617 §4.1.3" : "RFC 8617 §4.1.2";
            foreach (string required in kind == SignatureKind.Dkim ? DkimRequired : kind == SignatureKind.ArcSeal ? SealRequired : AmsRequired)
                if (tags[required] is null) { error = $"the required tag {required}= is missing ({rfc})"; return false; }
            if (kind == SignatureKind.Dkim && tags["v"] != "1") { error = $"v={tags["v"]} is not 1"; return false; }
            if (kind != SignatureKind.Dkim)
            {
                if (!TryInstance(tags["i"], out int instance)) { error = $"i={tags["i"]} is not an instance from 1 to {MaxArcInstance} (RFC 8617 §4.2.1)"; return false; }
                h.Instance = instance;
            }
            if (kind == SignatureKind.ArcSeal)
            {
                if (tags["h"] != null) { error = "an ARC-Seal must not have h= (RFC 8617 §4.1.3)"; return false; }
                string cv = tags["cv"]!.Trim(' ', '\t', '\r', '\n');
                h.ChainValidation = cv;
                if (cv != "none" && cv != "pass" && cv != "fail") { error = $"cv={cv} is not none, pass or fail (RFC 8617 §4.4)"; return false; }
            }
            h.Algorithm = DkimTagList.StripWhiteSpace(tags["a"]!).ToLowerInvariant();
            // RFC 6376 §3.5: d= and s= are domain names (whitespace only around '='). Checking them matters:
            // 'd=legitimate.com(.attacker.com' would otherwise pass with a key in the attacker's zone.
            h.Domain = tags["d"]!.Trim().TrimEnd('.');
            h.Selector = tags["s"]!.Trim();
            if (h.Domain.Length == 0) { error = "d= is empty"; return false; }
            if (h.Selector.Length == 0) { error = "s= is empty"; return false; }
            if (Dns.DnsName.Validate(h.Domain) is string badDomain) { error = $"d={h.Domain} is not a domain name: {badDomain}"; return false; }
            if (Dns.DnsName.Validate(h.Selector) is string badSelector) { error = $"s={h.Selector} is not a valid selector: {badSelector}"; return false; }
            if (kind == SignatureKind.ArcSeal)
            {
                // Only relaxed header canonicalization, and no body (RFC 8617 §4.1.3).
                h.HeaderCanonicalization = "relaxed";
                h.Identity = "@" + h.Domain;
                return ParseTimesAndSignature(h, tags, kind, out error);
            }
            h.SignedHeaders = DkimTagList.StripWhiteSpace(tags["h"]!).Split(':').Where(x => x.Length > 0).ToArray();
            // An AMS need not sign anything in particular (RFC 8617 §4.1.2 sets no minimum); DKIM needs From.
            if (h.SignedHeaders.Count == 0 && kind == SignatureKind.Dkim) { error = "h= is empty"; return false; }
            if (tags["c"] is string c)
            {
                string[] parts = DkimTagList.StripWhiteSpace(c).ToLowerInvariant().Split('/');
                if (parts.Length > 2 || parts.Any(p => p != "simple" && p != "relaxed")) { error = $"c={c} is not a known canonicalization"; return false; }
                h.HeaderCanonicalization = parts[0];
                h.BodyCanonicalization = parts.Length == 2 ? parts[1] : "simple";
            }
            if (tags["q"] is string q && !DkimTagList.StripWhiteSpace(q).Split(':').Any(m => m.Equals("dns/txt", StringComparison.OrdinalIgnoreCase)))
            {
                error = $"q={q} names no query method this verifier knows (dns/txt)";
                return false;
            }
            if (kind == SignatureKind.Dkim)
            {
                h.Identity = tags["i"] is string i ? DkimTagList.StripWhiteSpace(i) : "@" + h.Domain;
                int at = h.Identity.LastIndexOf('@');
                if (at < 0) { error = $"i={h.Identity} has no '@'"; return false; }
                string idDomain = h.Identity.Substring(at + 1).TrimEnd('.');
                if (!IsAtOrBelow(idDomain, h.Domain)) { error = $"the i= domain '{idDomain}' is not d={h.Domain} or below it (RFC 6376 §3.5)"; return false; }
            }
            else
            {
                h.Identity = "@" + h.Domain;
            }
            if (tags["l"] is string l)
            {
                if (!long.TryParse(DkimTagList.StripWhiteSpace(l), NumberStyles.None, CultureInfo.InvariantCulture, out long lv)) { error = $"l={l} is not a number"; return false; }
                h.BodyLength = lv;
            }
            return ParseTimesAndSignature(h, tags, kind, out error);
        }

        private static bool ParseTimesAndSignature(DkimSignatureHeader h, DkimTagList tags, SignatureKind kind, out string? error)
        {
            error = null;
            if (tags["t"] is string t)
            {
                if (!TryTime(t, out var tv)) { error = $"t={t} is not a time"; return false; }
                h.Timestamp = tv;
            }
            if (tags["x"] is string x)
            {
                if (!TryTime(x, out var xv)) { error = $"x={x} is not a time"; return false; }
                h.Expiration = xv;
                if (h.Timestamp is DateTimeOffset ts && xv <= ts) { error = "x= is not later than t= (RFC 6376 §3.5)"; return false; }
            }
            try
            {
                h.Signature = Convert.FromBase64String(DkimTagList.StripWhiteSpace(tags["b"]!));
                if (kind != SignatureKind.ArcSeal) h.BodyHash = Convert.FromBase64String(DkimTagList.StripWhiteSpace(tags["bh"]!));
            }
            catch (FormatException)
            {
                error = kind == SignatureKind.ArcSeal ? "b= is not valid base64" : "b= or bh= is not valid base64";
                return false;
            }
            if (h.Signature.Length == 0) { error = "b= is empty"; return false; }
            return true;
        }

        /// <summary>The field with the b= value removed (RFC 6376 §3.7), as hashed by signer and verifier.</summary>
        public string TextWithoutSignature()
        {
            string text = Field.Text;
            int colon = text.IndexOf(':');
            int i = colon + 1;
            while (i <= text.Length)
            {
                int end = text.IndexOf(';', i);
                if (end < 0) end = text.Length;
                int eq = text.IndexOf('=', i);
                if (eq >= 0 && eq < end && text.Substring(i, eq - i).Trim(' ', '\t', '\r', '\n') == "b")
                {
                    // Keep a final CRLF that belongs to the field, not to the value.
                    int valueEnd = end;
                    if (end == text.Length && text.EndsWith("\r\n", StringComparison.Ordinal)) valueEnd = text.Length - 2;
                    return text.Substring(0, eq + 1) + text.Substring(valueEnd);
                }
                i = end + 1;
            }
            return text;
        }

        private static bool TryTime(string value, out DateTimeOffset time)
        {
            time = default;
            string v = DkimTagList.StripWhiteSpace(value);
            // RFC 6376 §3.5: up to 12 digits; larger values are treated as far future rather than rejected.
            if (v.Length == 0 || v.Length > 40 || !v.All(ch => ch >= '0' && ch <= '9')) return false;
            if (v.Length > 12 || !long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out long s) || s > 253402300799L)
            {
                time = DateTimeOffset.MaxValue;
                return true;
            }
            time = DateTimeOffset.FromUnixTimeSeconds(s);
            return true;
        }

        private static bool IsAtOrBelow(string name, string zone)
        {
            name = name.ToLowerInvariant();
            zone = zone.ToLowerInvariant();
            return name == zone || name.EndsWith("." + zone, StringComparison.Ordinal);
        }
    }
}
