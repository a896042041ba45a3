using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace MailAuth.Spf
{
    /// <summary>Expands macro-strings (RFC 7208 §7). The text was validated by <see cref="SpfParser"/> first.</summary>
    internal static class SpfMacro
    {
        /// <summary>Upper bound on an expansion, so a hostile sender cannot make us build huge strings.</summary>
        public const int MaxExpandedLength = 8192;

        public static async Task<string> ExpandAsync(string text, SpfMacroContext context, string domain, CancellationToken cancellationToken)
        {
            if (text.IndexOf('%') < 0 && text.Length <= MaxExpandedLength) return text;
            var sb = new StringBuilder(text.Length + 32);
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c != '%' || i + 1 >= text.Length) { sb.Append(c); continue; }
                char n = text[++i];
                switch (n)
                {
                    case '%': sb.Append('%'); continue;
                    case '_': sb.Append(' '); continue;
                    case '-': sb.Append("%20"); continue;
                    case '{': break;
                    default: sb.Append('%').Append(n); continue;
                }
                int close = text.IndexOf('}', i + 1);
                if (close < 0) throw new FormatException("Unclosed macro.");
                string body = text.Substring(i + 1, close - i - 1);
                i = close;
                sb.Append(await ExpandOneAsync(body, context, domain, cancellationToken).ConfigureAwait(false));
                if (sb.Length > MaxExpandedLength) throw new FormatException($"The macro expansion is longer than {MaxExpandedLength} characters.");
            }
            // Literal text after the last macro counts too, so the bound does not depend on where the macros are.
            if (sb.Length > MaxExpandedLength) throw new FormatException($"The macro expansion is longer than {MaxExpandedLength} characters.");
            return sb.ToString();
        }

        private static async Task<string> ExpandOneAsync(string body, SpfMacroContext context, string domain, CancellationToken cancellationToken)
        {
            char letter = body[0];
            bool escape = char.IsUpper(letter);
            string value = await context.ValueAsync(char.ToLowerInvariant(letter), domain, cancellationToken).ConfigureAwait(false);

            int i = 1;
            int digits = 0;
            while (i < body.Length && body[i] >= '0' && body[i] <= '9')
            {
                digits = Math.Min(digits * 10 + (body[i] - '0'), 1000);
                i++;
            }
            bool reverse = i < body.Length && (body[i] == 'r' || body[i] == 'R');
            if (reverse) i++;
            string delimiters = i < body.Length ? body.Substring(i) : ".";

            if (digits > 0 || reverse || delimiters != ".")
            {
                var parts = new List<string>(value.Split(delimiters.ToCharArray()));
                if (reverse) parts.Reverse();
                if (digits > 0 && digits < parts.Count) parts.RemoveRange(0, parts.Count - digits);
                value = string.Join(".", parts);
            }
            return escape ? UrlEscape(value) : value;
        }

        // §7.3: upper-case macro letters escape everything outside the URI unreserved set.
        private static string UrlEscape(string value)
        {
            var sb = new StringBuilder(value.Length * 2);
            foreach (byte b in Encoding.UTF8.GetBytes(value))
            {
                char c = (char)b;
                bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
                if (unreserved) sb.Append(c);
                else sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            return sb.ToString();
        }

        /// <summary>§7.3: a name over 253 characters loses labels on the left until it fits.</summary>
        public static string TruncateDomain(string name)
        {
            if (name.EndsWith(".", StringComparison.Ordinal)) name = name.Substring(0, name.Length - 1);
            while (name.Length > 253)
            {
                int dot = name.IndexOf('.');
                if (dot < 0) return name;
                name = name.Substring(dot + 1);
            }
            return name;
        }
    }
}
