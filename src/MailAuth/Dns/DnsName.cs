using System;
using System.Globalization;

namespace MailAuth.Dns
{
    /// <summary>Domain-name helpers: canonical form and validation of user-supplied names.</summary>
    public static class DnsName
    {
        private static readonly IdnMapping Idn = new IdnMapping { AllowUnassigned = false, UseStd3AsciiRules = false };

        /// <summary>Canonical form for comparisons and keys: lower case (ASCII only, DNS is case-insensitive for ASCII), no trailing dot.</summary>
        /// <param name="name">A domain name in presentation form.</param>
        /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
        public static string Normalize(string name)
        {
            if (name is null) throw new ArgumentNullException(nameof(name));
            if (name.Length > 0 && name[name.Length - 1] == '.') name = name.Substring(0, name.Length - 1);
            return ToLowerAscii(name);
        }

        /// <summary>
        /// Turns what a user typed into the domain to query: trims, drops a trailing dot and a leading <c>*.</c>,
        /// lower-cases, and converts internationalised names to A-labels (RFC 5891).
        /// </summary>
        /// <param name="input">The domain as typed or piped.</param>
        /// <returns>The normalised name.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
        /// <exception cref="FormatException">The input is not a usable domain name; the message says why.</exception>
        public static string NormalizeInput(string input)
        {
            if (input is null) throw new ArgumentNullException(nameof(input));
            string s = input.Trim();
            if (s.EndsWith(".", StringComparison.Ordinal)) s = s.Substring(0, s.Length - 1);
            if (s.StartsWith("*.", StringComparison.Ordinal)) s = s.Substring(2);
            if (s.Length == 0) throw new FormatException("The domain name is empty.");
            foreach (char c in s)
            {
                if (c > 0x7f)
                {
                    try { s = Idn.GetAscii(s); }
                    catch (ArgumentException e) { throw new FormatException($"'{input}' is not a valid internationalised domain name: {e.Message}", e); }
                    break;
                }
            }
            s = ToLowerAscii(s);
            string? problem = Validate(s);
            if (problem != null) throw new FormatException($"'{input}' is not a valid domain name: {problem}");
            return s;
        }

        /// <summary>Checks the length rules of RFC 1035 §2.3.4 and the host-name characters of RFC 1123 §2.1 (underscore allowed, as in <c>_dmarc</c>).</summary>
        /// <param name="name">A name without trailing dot.</param>
        /// <returns>null when valid, otherwise the reason.</returns>
        public static string? Validate(string name)
        {
            if (name is null) return "it is null";
            if (name.Length == 0) return "it is empty";
            if (name.Length > 253) return $"it is {name.Length} characters long; the limit is 253";
            foreach (string label in name.Split('.'))
            {
                if (label.Length == 0) return "it has an empty label";
                if (label.Length > 63) return $"the label '{label.Substring(0, 20)}...' is {label.Length} characters long; the limit is 63";
                foreach (char c in label)
                {
                    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
                    if (!ok) return $"the label '{label}' contains the character '{c}'";
                }
                if (label[0] == '-' || label[label.Length - 1] == '-') return $"the label '{label}' starts or ends with a hyphen";
            }
            return null;
        }

        /// <summary>True when <paramref name="name"/> equals <paramref name="zone"/> or lies below it (both canonical).</summary>
        public static bool IsAtOrBelow(string name, string zone)
        {
            if (zone.Length == 0) return true;
            if (name.Length == zone.Length) return string.Equals(name, zone, StringComparison.Ordinal);
            return name.Length > zone.Length
                && name[name.Length - zone.Length - 1] == '.'
                && name.EndsWith(zone, StringComparison.Ordinal);
        }

        private static string ToLowerAscii(string s)
        {
            for (int i = 0; i < s.Length; i++)
            {
                if (s[i] >= 'A' && s[i] <= 'Z')
                {
                    char[] chars = s.ToCharArray();
                    for (int j = i; j < chars.Length; j++)
                        if (chars[j] >= 'A' && chars[j] <= 'Z') chars[j] = (char)(chars[j] + 32);
                    return new string(chars);
                }
            }
            return s;
        }
    }
}
