using System;

namespace MailAuth.Dmarc
{
    /// <summary>An authentication result given to the DMARC evaluation instead of computed by it: a method result and its domain.</summary>
    public sealed class DmarcIdentifierResult
    {
        /// <summary>Creates a given result.</summary>
        /// <param name="result">The method's result word, such as <c>pass</c> or <c>fail</c>.</param>
        /// <param name="domain">The SPF domain or DKIM d= domain.</param>
        /// <param name="selector">For DKIM, the s= selector, when known.</param>
        /// <exception cref="ArgumentNullException"><paramref name="result"/> or <paramref name="domain"/> is null.</exception>
        public DmarcIdentifierResult(string result, string domain, string? selector = null)
        {
            Result = (result ?? throw new ArgumentNullException(nameof(result))).Trim().ToLowerInvariant();
            Domain = Dns.DnsName.Normalize((domain ?? throw new ArgumentNullException(nameof(domain))).Trim());
            Selector = selector;
        }

        /// <summary>The result word, lower case.</summary>
        public string Result { get; }
        /// <summary>The authenticated domain.</summary>
        public string Domain { get; }
        /// <summary>The DKIM selector, when known.</summary>
        public string? Selector { get; }

        /// <summary>
        /// Reads <c>pass:example.com</c>, or an Authentication-Results method result such as
        /// <c>dkim=pass header.d=example.com header.s=sel</c> or <c>spf=pass smtp.mailfrom=user@example.com</c>.
        /// </summary>
        /// <exception cref="FormatException">The text is neither form.</exception>
        public static DmarcIdentifierResult Parse(string text)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            string t = text.Trim();
            int eq = t.IndexOf('=');
            int colon = t.IndexOf(':');
            if (eq > 0 && (colon < 0 || eq < colon) && (t.StartsWith("dkim=", StringComparison.OrdinalIgnoreCase) || t.StartsWith("spf=", StringComparison.OrdinalIgnoreCase)))
            {
                string[] words = t.Split(new[] { ' ', '\t', ';' }, StringSplitOptions.RemoveEmptyEntries);
                string result = words[0].Substring(words[0].IndexOf('=') + 1);
                string? domain = null, selector = null;
                foreach (string w in words)
                {
                    string lw = w.ToLowerInvariant();
                    if (lw.StartsWith("header.d=", StringComparison.Ordinal) || lw.StartsWith("smtp.mailfrom=", StringComparison.Ordinal) || lw.StartsWith("smtp.helo=", StringComparison.Ordinal))
                    {
                        domain = w.Substring(w.IndexOf('=') + 1);
                        int at = domain.LastIndexOf('@');
                        if (at >= 0) domain = domain.Substring(at + 1);
                    }
                    else if (lw.StartsWith("header.s=", StringComparison.Ordinal)) selector = w.Substring(9);
                }
                if (domain is null || domain.Length == 0) throw new FormatException($"'{text}' names no domain (header.d=, smtp.mailfrom= or smtp.helo=).");
                return new DmarcIdentifierResult(result, domain, selector);
            }
            if (colon > 0 && colon < t.Length - 1)
                return new DmarcIdentifierResult(t.Substring(0, colon), t.Substring(colon + 1));
            throw new FormatException($"'{text}' is not 'result:domain' or an Authentication-Results method result such as 'dkim=pass header.d=example.com'.");
        }

        /// <inheritdoc />
        public override string ToString() => Result + ":" + Domain;
    }
}
