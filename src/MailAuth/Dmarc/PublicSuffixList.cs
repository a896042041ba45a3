using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace MailAuth.Dmarc
{
    /// <summary>
    /// The Public Suffix List (<see href="https://publicsuffix.org/list/"/>), matched by the list's own algorithm:
    /// the longest matching rule wins, an exception rule (<c>!</c>) beats every other, a wildcard (<c>*.</c>) matches one
    /// label, and the default rule is <c>*</c>. RFC 7489 §3.2 builds the DMARC organizational domain on it.
    /// </summary>
    /// <remarks>
    /// <see cref="Default"/> is the copy embedded in the library (its date and origin are in
    /// <c>src/MailAuth/Resources/README.md</c>; Mozilla Public License 2.0). Both the ICANN and the PRIVATE sections are used
    /// unless a call says otherwise. Rules are held as A-labels; names may be given as A-labels or U-labels, and results keep
    /// the form of the input, lower case.
    /// </remarks>
    public sealed class PublicSuffixList
    {
        private const string ResourceName = "MailAuth.Resources.public_suffix_list.dat";
        private static readonly Lazy<PublicSuffixList> Embedded = new Lazy<PublicSuffixList>(LoadEmbedded);
        private static readonly IdnMapping Idn = new IdnMapping { AllowUnassigned = true, UseStd3AsciiRules = false };

        // Rule (A-labels, without "*." or "!") -> true when it comes from the PRIVATE section.
        private readonly Dictionary<string, bool> _rules = new Dictionary<string, bool>(StringComparer.Ordinal);
        private readonly Dictionary<string, bool> _wildcards = new Dictionary<string, bool>(StringComparer.Ordinal);
        private readonly Dictionary<string, bool> _exceptions = new Dictionary<string, bool>(StringComparer.Ordinal);

        private PublicSuffixList() { }

        /// <summary>The list embedded in the library, loaded on first use.</summary>
        /// <exception cref="InvalidOperationException">The embedded resource is missing (a broken build).</exception>
        public static PublicSuffixList Default => Embedded.Value;

        /// <summary>How many rules the list holds (normal, wildcard and exception rules).</summary>
        public int RuleCount => _rules.Count + _wildcards.Count + _exceptions.Count;

        /// <summary>Reads a list in the publicsuffix.org format: one rule per line, <c>//</c> comments, the section markers.</summary>
        /// <param name="reader">The list's text.</param>
        /// <returns>The list.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="reader"/> is null.</exception>
        public static PublicSuffixList Load(TextReader reader)
        {
            if (reader is null) throw new ArgumentNullException(nameof(reader));
            var list = new PublicSuffixList();
            bool inPrivate = false;
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                if (line.StartsWith("//", StringComparison.Ordinal))
                {
                    if (line.IndexOf("===BEGIN PRIVATE DOMAINS===", StringComparison.Ordinal) >= 0) inPrivate = true;
                    else if (line.IndexOf("===END PRIVATE DOMAINS===", StringComparison.Ordinal) >= 0) inPrivate = false;
                    continue;
                }
                // A rule is the line up to the first white space.
                string rule = line.Trim();
                int ws = rule.IndexOfAny(new[] { ' ', '\t' });
                if (ws >= 0) rule = rule.Substring(0, ws);
                if (rule.Length == 0) continue;
                var target = list._rules;
                if (rule.StartsWith("!", StringComparison.Ordinal)) { target = list._exceptions; rule = rule.Substring(1); }
                else if (rule.StartsWith("*.", StringComparison.Ordinal)) { target = list._wildcards; rule = rule.Substring(2); }
                string? ascii = ToAscii(rule);
                if (ascii is null || ascii.Length == 0) continue;
                target[ascii] = inPrivate;
            }
            return list;
        }

        private static PublicSuffixList LoadEmbedded()
        {
            using var stream = typeof(PublicSuffixList).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from {typeof(PublicSuffixList).Assembly.GetName().Name}.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return Load(reader);
        }

        /// <summary>The public suffix of <paramref name="domain"/>: the labels matched by the prevailing rule (<c>co.uk</c> for <c>www.example.co.uk</c>).</summary>
        /// <param name="domain">A domain name; a trailing dot is ignored.</param>
        /// <param name="includePrivateDomains">False to use only the ICANN section.</param>
        /// <returns>The suffix, or null when <paramref name="domain"/> is null, empty, or has an empty label (such as a leading dot).</returns>
        public string? GetPublicSuffix(string? domain, bool includePrivateDomains = true)
        {
            var labels = Split(domain, out var original);
            if (labels is null) return null;
            int n = SuffixLabelCount(labels, includePrivateDomains);
            return Join(original!, n);
        }

        /// <summary>The registrable domain of <paramref name="domain"/>: its public suffix plus one label (<c>example.co.uk</c> for <c>www.example.co.uk</c>).</summary>
        /// <param name="domain">A domain name; a trailing dot is ignored.</param>
        /// <param name="includePrivateDomains">False to use only the ICANN section.</param>
        /// <returns>The registrable domain; null when <paramref name="domain"/> is itself a public suffix, or is null, empty, or has an empty label.</returns>
        public string? GetRegistrableDomain(string? domain, bool includePrivateDomains = true)
        {
            var labels = Split(domain, out var original);
            if (labels is null) return null;
            int n = SuffixLabelCount(labels, includePrivateDomains);
            return n < labels.Length ? Join(original!, n + 1) : null;
        }

        /// <summary>True when <paramref name="domain"/> is exactly a public suffix (<c>com</c>, <c>co.uk</c>, or an unlisted top-level domain).</summary>
        /// <param name="domain">A domain name.</param>
        /// <param name="includePrivateDomains">False to use only the ICANN section.</param>
        public bool IsPublicSuffix(string? domain, bool includePrivateDomains = true)
        {
            var labels = Split(domain, out _);
            return labels != null && SuffixLabelCount(labels, includePrivateDomains) == labels.Length;
        }

        // How many labels from the right the prevailing rule matches.
        private int SuffixLabelCount(string[] labels, bool includePrivate)
        {
            int best = 1; // the default rule "*"
            for (int k = labels.Length; k >= 1; k--)
            {
                string suffix = string.Join(".", labels, labels.Length - k, k);
                // An exception rule prevails over every other rule; the suffix is the rule without its leftmost label.
                if (Matches(_exceptions, suffix, includePrivate)) return k - 1;
                if (k > best && Matches(_rules, suffix, includePrivate)) best = k;
                if (k > best && k >= 2 && Matches(_wildcards, string.Join(".", labels, labels.Length - k + 1, k - 1), includePrivate)) best = k;
            }
            return best;
        }

        private static bool Matches(Dictionary<string, bool> rules, string name, bool includePrivate)
            => rules.TryGetValue(name, out bool isPrivate) && (includePrivate || !isPrivate);

        // The A-label labels, lower case; original: the input's labels, lower case, for the answer.
        private static string[]? Split(string? domain, out string[]? original)
        {
            original = null;
            if (string.IsNullOrEmpty(domain)) return null;
            string d = domain!.EndsWith(".", StringComparison.Ordinal) ? domain.Substring(0, domain.Length - 1) : domain;
            if (d.Length == 0) return null;
            string[] raw = d.Split('.');
            if (raw.Any(l => l.Length == 0)) return null;
            string? ascii = ToAscii(d);
            if (ascii is null) return null;
            string[] labels = ascii.Split('.');
            // IDNA can map other dots (U+3002) to '.'; then answer in A-labels rather than misalign the labels.
            original = labels.Length == raw.Length ? raw.Select(l => l.ToLowerInvariant()).ToArray() : labels;
            return labels;
        }

        private static string Join(string[] labels, int count) => string.Join(".", labels, labels.Length - count, count);

        private static string? ToAscii(string name)
        {
            if (name.All(c => c < 0x80)) return name.ToLowerInvariant();
            try { return Idn.GetAscii(name).ToLowerInvariant(); }
            catch (ArgumentException) { return null; }
        }
    }
}
