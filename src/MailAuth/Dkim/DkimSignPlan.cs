using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using MailAuth.Dns;

namespace MailAuth.Dkim
{
    /// <summary>Options checked and normalised once, for signing any number of messages.</summary>
    internal sealed class DkimSignPlan
    {
        private DkimSignPlan() { }

        public string Domain { get; private set; } = string.Empty;
        public string Selector { get; private set; } = string.Empty;
        public DkimSigningAlgorithm Algorithm { get; private set; }
        public bool RelaxedHeader { get; private set; }
        public bool RelaxedBody { get; private set; }
        public string? Identity { get; private set; }
        public IReadOnlyList<string> Headers { get; private set; } = Array.Empty<string>();
        public HashSet<string> Oversign { get; private set; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        public DateTimeOffset? Timestamp { get; private set; }
        public DateTimeOffset? Expiration { get; private set; }
        public bool BodyLength { get; private set; }
        public long MaxMessageSize { get; private set; }

        public string AlgorithmName => Algorithm == DkimSigningAlgorithm.Ed25519Sha256 ? "ed25519-sha256" : "rsa-sha256";
        public string Canonicalization => (RelaxedHeader ? "relaxed" : "simple") + "/" + (RelaxedBody ? "relaxed" : "simple");

        /// <summary>Smallest RSA key a signer may use (RFC 8301 §3.2).</summary>
        public const int MinimumRsaKeyBits = 1024;

        public static DkimSignPlan Create(DkimSignOptions options, DkimSigningKey key)
        {
            if (options is null) throw new ArgumentNullException(nameof(options));
            if (key is null) throw new ArgumentNullException(nameof(key));
            var plan = new DkimSignPlan();
            plan.Domain = NormalizeDomain(options.Domain, nameof(options.Domain));
            plan.Selector = NormalizeSelector(options.Selector, plan.Domain, nameof(options.Selector));

            plan.Algorithm = options.Algorithm ?? key.Algorithm;
            if (plan.Algorithm != key.Algorithm)
                throw new ArgumentException($"The algorithm {plan.AlgorithmName} needs an {(plan.Algorithm == DkimSigningAlgorithm.Ed25519Sha256 ? "Ed25519" : "RSA")} key; the key is {key.KeyType}.", nameof(options.Algorithm));
            if (key.Algorithm == DkimSigningAlgorithm.RsaSha256 && key.KeySize < MinimumRsaKeyBits)
                throw new ArgumentException($"The RSA key has {key.KeySize} bits; signers must use at least {MinimumRsaKeyBits} (RFC 8301 §3.2), and verifiers reject smaller keys.", nameof(key));

            ParseCanonicalization(options.Canonicalization, out bool rh, out bool rb);
            plan.RelaxedHeader = rh;
            plan.RelaxedBody = rb;

            var names = new List<string>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (string? raw in (IEnumerable<string?>?)options.Headers ?? DkimSignOptions.DefaultHeaders)
            {
                string name = CheckHeaderName(raw, nameof(options.Headers));
                if (seen.Add(name)) names.Add(name);
            }
            // RFC 6376 §5.4: the From header field MUST be signed.
            if (!seen.Contains("From")) names.Insert(0, "from");
            plan.Headers = names;
            foreach (string? raw in options.OversignHeaders ?? (IList<string>)Array.Empty<string>())
                plan.Oversign.Add(CheckHeaderName(raw, nameof(options.OversignHeaders)));

            if (options.Identity != null) plan.Identity = NormalizeIdentity(options.Identity, plan.Domain);
            plan.Timestamp = options.Timestamp;
            plan.Expiration = options.Expiration;
            if (plan.Timestamp is DateTimeOffset t && plan.Expiration is DateTimeOffset x && x.ToUnixTimeSeconds() <= t.ToUnixTimeSeconds())
                throw new ArgumentException($"The expiration {x:u} is not later than the timestamp {t:u} (RFC 6376 §3.5: x= must be after t=).", nameof(options.Expiration));
            if (plan.Expiration is DateTimeOffset x2 && x2.ToUnixTimeSeconds() < 1)
                throw new ArgumentException("The expiration is before 1970.", nameof(options.Expiration));
            if (plan.Timestamp is DateTimeOffset t2 && t2.ToUnixTimeSeconds() < 0)
                throw new ArgumentException("The timestamp is before 1970.", nameof(options.Timestamp));
            plan.BodyLength = options.BodyLength;
            if (options.MaxMessageSize <= 0) throw new ArgumentOutOfRangeException(nameof(options.MaxMessageSize), options.MaxMessageSize, "The size limit must be positive.");
            plan.MaxMessageSize = options.MaxMessageSize;
            return plan;
        }

        /// <summary>Reads <c>simple</c>, <c>relaxed</c>, or <c>header/body</c>; one word means <c>word/simple</c> (RFC 6376 §3.5 c=).</summary>
        internal static void ParseCanonicalization(string? value, out bool relaxedHeader, out bool relaxedBody)
        {
            string v = (value ?? string.Empty).Trim().ToLowerInvariant();
            string[] parts = v.Split('/');
            if (parts.Length > 2 || parts.Any(p => p != "simple" && p != "relaxed"))
                throw new ArgumentException($"'{value}' is not a canonicalization: use simple or relaxed, or header/body such as relaxed/simple.", nameof(DkimSignOptions.Canonicalization));
            relaxedHeader = parts[0] == "relaxed";
            relaxedBody = parts.Length == 2 && parts[1] == "relaxed";
        }

        internal static string NormalizeDomain(string? domain, string parameter)
        {
            if (domain is null) throw new ArgumentNullException(parameter);
            try
            {
                return DnsName.NormalizeInput(domain);
            }
            catch (FormatException e)
            {
                throw new ArgumentException(e.Message, parameter);
            }
        }

        // RFC 6376 §3.1: a selector is one or more dot-separated labels; it is looked up below _domainkey.
        internal static string NormalizeSelector(string? selector, string domain, string parameter)
        {
            if (selector is null) throw new ArgumentNullException(parameter);
            string s = selector.Trim();
            if (s.EndsWith(".", StringComparison.Ordinal)) s = s.Substring(0, s.Length - 1);
            if (s.Length == 0) throw new ArgumentException("The selector is empty.", parameter);
            string? problem = DnsName.Validate(s);
            if (problem != null) throw new ArgumentException($"The selector '{selector}' is not valid: {problem}.", parameter);
            string name = s + "._domainkey." + domain;
            if (name.Length > 253) throw new ArgumentException($"The key record name {name} is {name.Length} characters long; the limit is 253.", parameter);
            return s;
        }

        private static string CheckHeaderName(string? name, string parameter)
        {
            string n = (name ?? string.Empty).Trim();
            // RFC 5322 §3.6.8: field-name = 1*ftext, printable ASCII except ':'.
            if (n.Length == 0 || n.Any(c => c < 33 || c > 126 || c == ':'))
                throw new ArgumentException($"'{name}' is not a header field name.", parameter);
            return n.ToLowerInvariant();
        }

        // i= is [local-part] "@" domain, the local part in DKIM quoted-printable (RFC 6376 §2.11, §3.5).
        private static string NormalizeIdentity(string identity, string domain)
        {
            string v = identity.Trim();
            int at = v.LastIndexOf('@');
            if (at < 0) throw new ArgumentException($"The identity '{identity}' has no '@'; write it as @{domain} or user@{domain}.", nameof(DkimSignOptions.Identity));
            string idDomain = NormalizeDomain(v.Substring(at + 1), nameof(DkimSignOptions.Identity));
            if (!DnsName.IsAtOrBelow(idDomain, domain))
                throw new ArgumentException($"The identity's domain '{idDomain}' is not {domain} or below it (RFC 6376 §3.5 i=).", nameof(DkimSignOptions.Identity));
            var sb = new StringBuilder();
            foreach (byte b in Encoding.UTF8.GetBytes(v.Substring(0, at)))
            {
                // dkim-safe-char: visible ASCII except ';' and '='; everything else is =XX.
                if (b >= 0x21 && b <= 0x7e && b != ';' && b != '=') sb.Append((char)b);
                else sb.Append('=').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            return sb.Append('@').Append(idDomain).ToString();
        }
    }
}
