using System;
using System.Collections.Generic;
using System.Globalization;
using MailAuth.Findings;

namespace MailAuth.Spf
{
    /// <summary>
    /// Parses SPF records by the grammar of RFC 7208 §12. Every term is parsed, so a linter sees
    /// all errors at once; each error is a finding naming the term and its position.
    /// </summary>
    public static class SpfParser
    {
        /// <summary>Longest record accepted, far above what DNS can carry in one answer; bounds work on hostile input.</summary>
        public const int MaxRecordLength = 65535;

        private static readonly HashSet<string> Mechanisms = new HashSet<string>(StringComparer.Ordinal)
        {
            "all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists",
        };

        /// <summary>True when <paramref name="text"/> is an SPF version 1 record: it starts with <c>v=spf1</c> followed by a space or the end (RFC 7208 §4.5).</summary>
        /// <param name="text">TXT record text, its strings already joined.</param>
        public static bool IsSpfRecord(string? text)
        {
            if (text is null || text.Length < 6) return false;
            if (string.Compare(text, 0, "v=spf1", 0, 6, StringComparison.OrdinalIgnoreCase) != 0) return false;
            return text.Length == 6 || text[6] == ' ';
        }

        /// <summary>Parses a record.</summary>
        /// <param name="text">The record text, starting with <c>v=spf1</c>.</param>
        /// <returns>The parsed record; syntax problems are in <see cref="SpfRecord.Errors"/>.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
        public static SpfRecord Parse(string text)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            var terms = new List<SpfTerm>();
            var errors = new List<Finding>();
            if (text.Length > MaxRecordLength)
            {
                errors.Add(SpfFindings.SyntaxError.Create($"The record is {text.Length} characters long; records over {MaxRecordLength} characters are not parsed."));
                return new SpfRecord(text, terms, errors);
            }
            if (!IsSpfRecord(text))
            {
                errors.Add(SpfFindings.SyntaxError.Create("The record does not start with 'v=spf1' followed by a space."));
                return new SpfRecord(text, terms, errors);
            }

            bool seenRedirect = false, seenExp = false;
            int i = 6;
            while (i < text.Length)
            {
                // Terms are separated by one or more SP (0x20) only; a trailing SP is allowed.
                if (text[i] == ' ') { i++; continue; }
                int start = i;
                while (i < text.Length && text[i] != ' ') i++;
                string termText = text.Substring(start, i - start);
                var term = ParseTerm(termText, start + 1, errors);
                terms.Add(term);
                if (term.Kind == SpfTermKind.Modifier && (term.Name == "redirect" || term.Name == "exp"))
                {
                    ref bool seen = ref term.Name == "redirect" ? ref seenRedirect : ref seenExp;
                    if (seen)
                        errors.Add(SpfFindings.DuplicateModifier.Create($"The modifier '{term.Name}=' appears a second time at position {term.Position} ('{termText}')."));
                    seen = true;
                }
            }
            return new SpfRecord(text, terms, errors);
        }

        private static SpfTerm ParseTerm(string term, int position, List<Finding> errors)
        {
            int before = errors.Count;
            void Error(string problem) => errors.Add(SpfFindings.SyntaxError.Create($"The term '{Printable(term)}' at position {position} {problem}"));

            // A modifier starts with name "=" where name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ).
            int nameEnd = 0;
            if (term.Length > 0 && IsAlpha(term[0]))
            {
                nameEnd = 1;
                while (nameEnd < term.Length && (IsAlpha(term[nameEnd]) || IsDigit(term[nameEnd]) || term[nameEnd] == '-' || term[nameEnd] == '_' || term[nameEnd] == '.')) nameEnd++;
            }
            if (nameEnd > 0 && nameEnd < term.Length && term[nameEnd] == '=')
            {
                string name = term.Substring(0, nameEnd).ToLowerInvariant();
                string value = term.Substring(nameEnd + 1);
                if (name == "redirect" || name == "exp")
                {
                    string? problem = CheckDomainSpec(value, allowExpLetters: false);
                    if (problem != null) Error($"has an invalid domain-spec: {problem}.");
                }
                else
                {
                    string? problem = CheckMacroString(value, allowExpLetters: false);
                    if (problem != null) Error($"has an invalid value: {problem}.");
                }
                return new SpfTerm(SpfTermKind.Modifier, null, name, value, null, null, position, term, errors.Count == before);
            }

            // A directive: [qualifier] mechanism.
            int p = 0;
            SpfQualifier qualifier = SpfQualifier.pass;
            if (term.Length > 0)
            {
                switch (term[0])
                {
                    case '+': qualifier = SpfQualifier.pass; p = 1; break;
                    case '-': qualifier = SpfQualifier.fail; p = 1; break;
                    case '~': qualifier = SpfQualifier.softfail; p = 1; break;
                    case '?': qualifier = SpfQualifier.neutral; p = 1; break;
                }
            }
            int mechEnd = p;
            while (mechEnd < term.Length && IsAlphaNum(term[mechEnd])) mechEnd++;
            string mech = term.Substring(p, mechEnd - p).ToLowerInvariant();
            string rest = term.Substring(mechEnd);
            if (!Mechanisms.Contains(mech))
            {
                string body = term.Substring(p);
                string message;
                if (body.IndexOf('.') > 0 && body.IndexOf(':') < 0 && body.IndexOf('=') < 0)
                    message = $"The term '{Printable(term)}' at position {position} is a bare domain name, not a mechanism; write it after a mechanism and a colon, such as 'include:{Printable(body)}'.";
                else if (mech.Length == 0)
                    message = $"The term '{Printable(term)}' at position {position} does not start with a mechanism name.";
                else
                    message = $"The term '{Printable(term)}' at position {position} uses '{mech}', which is not an SPF mechanism" +
                        (rest.Length == 0 || rest[0] == ':' || rest[0] == '/' ? "." : $", followed by '{Printable(rest.Substring(0, 1))}', which does not belong there.");
                errors.Add(SpfFindings.UnknownMechanism.Create(message));
                return new SpfTerm(SpfTermKind.Mechanism, qualifier, mech, rest.Length > 0 ? rest : null, null, null, position, term, false);
            }

            string? value2 = null;
            int? cidr4 = null, cidr6 = null;
            switch (mech)
            {
                case "all":
                    if (rest.Length > 0) Error("has text after 'all'; 'all' takes no argument.");
                    break;
                case "include":
                case "exists":
                    if (!rest.StartsWith(":", StringComparison.Ordinal)) { Error($"needs ':' and a domain after '{mech}'."); break; }
                    value2 = rest.Substring(1);
                    CheckSpec(value2, Error);
                    break;
                case "ptr":
                    if (rest.Length == 0) break;
                    if (rest[0] != ':') { Error("has text after 'ptr' that is not ':domain'."); break; }
                    value2 = rest.Substring(1);
                    CheckSpec(value2, Error);
                    break;
                case "a":
                case "mx":
                    {
                        string arg = rest;
                        string? cidrProblem = SplitDualCidr(ref arg, out cidr4, out cidr6);
                        if (cidrProblem != null) { Error(cidrProblem); break; }
                        if (arg.Length == 0) break;
                        if (arg[0] != ':') { Error($"has text after '{mech}' that is not ':domain' or a '/prefix'."); break; }
                        value2 = arg.Substring(1);
                        CheckSpec(value2, Error);
                        break;
                    }
                case "ip4":
                    {
                        if (!rest.StartsWith(":", StringComparison.Ordinal)) { Error("needs ':' and an IPv4 address after 'ip4'."); break; }
                        string arg = rest.Substring(1);
                        int slash = arg.IndexOf('/');
                        value2 = slash < 0 ? arg : arg.Substring(0, slash);
                        if (!IsIp4Network(value2)) { Error($"has '{Printable(value2)}', which is not an IPv4 address in dotted-quad form."); break; }
                        if (slash >= 0)
                        {
                            if (!TryCidr(arg.Substring(slash + 1), 32, out int c)) { Error($"has an invalid prefix length '/{Printable(arg.Substring(slash + 1))}'; IPv4 allows /0 to /32."); break; }
                            cidr4 = c;
                        }
                        break;
                    }
                case "ip6":
                    {
                        if (!rest.StartsWith(":", StringComparison.Ordinal)) { Error("needs ':' and an IPv6 address after 'ip6'."); break; }
                        string arg = rest.Substring(1);
                        int slash = arg.IndexOf('/');
                        value2 = slash < 0 ? arg : arg.Substring(0, slash);
                        if (!IsIp6Network(value2)) { Error($"has '{Printable(value2)}', which is not an IPv6 address."); break; }
                        if (slash >= 0)
                        {
                            if (!TryCidr(arg.Substring(slash + 1), 128, out int c)) { Error($"has an invalid prefix length '/{Printable(arg.Substring(slash + 1))}'; IPv6 allows /0 to /128."); break; }
                            cidr6 = c;
                        }
                        break;
                    }
            }
            return new SpfTerm(SpfTermKind.Mechanism, qualifier, mech, value2, cidr4, cidr6, position, term, errors.Count == before);
        }

        private static void CheckSpec(string spec, Action<string> error)
        {
            string? problem = CheckDomainSpec(spec, allowExpLetters: false);
            if (problem != null) error($"has an invalid domain-spec: {problem}.");
        }

        /// <summary>Checks a domain-spec (RFC 7208 §7.1): a macro-string ending in a macro-expand or in '.' and a valid top label.</summary>
        /// <returns>null when valid, otherwise the reason.</returns>
        internal static string? CheckDomainSpec(string spec, bool allowExpLetters)
        {
            if (spec.Length == 0) return "it is empty";
            string? macroProblem = CheckMacroString(spec, allowExpLetters);
            if (macroProblem != null) return macroProblem;
            if (EndsWithMacroExpand(spec)) return null;
            string s = spec.EndsWith(".", StringComparison.Ordinal) ? spec.Substring(0, spec.Length - 1) : spec;
            int dot = s.LastIndexOf('.');
            if (dot < 0) return $"'{Printable(spec)}' is a single label; a domain needs a dot and a top-level label";
            string top = s.Substring(dot + 1);
            if (!IsTopLabel(top)) return $"the last label '{Printable(top)}' is not a valid top-level label (letters, digits and inner hyphens, not all digits)";
            return null;
        }

        /// <summary>Checks a macro-string (RFC 7208 §7.1): visible characters, with '%' only in %{...}, %%, %_ and %-.</summary>
        /// <returns>null when valid, otherwise the reason.</returns>
        internal static string? CheckMacroString(string s, bool allowExpLetters)
        {
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c != '%')
                {
                    if (c < 0x21 || c > 0x7e) return $"it contains the character U+{(int)c:X4}, which is not a visible ASCII character";
                    continue;
                }
                if (i + 1 >= s.Length) return "it ends with a lone '%' (write '%%' for a percent sign)";
                char n = s[i + 1];
                if (n == '%' || n == '_' || n == '-') { i++; continue; }
                if (n != '{') return $"'%{n}' is not a macro; use %{{letter}}, %%, %_ or %-";
                int close = s.IndexOf('}', i + 2);
                if (close < 0) return "a macro '%{' is not closed with '}'";
                string? problem = CheckMacroBody(s.Substring(i + 2, close - i - 2), allowExpLetters);
                if (problem != null) return problem;
                i = close;
            }
            return null;
        }

        // macro-letter transformers *delimiter, inside %{ }.
        private static string? CheckMacroBody(string body, bool allowExpLetters)
        {
            if (body.Length == 0) return "the macro '%{}' has no letter";
            char letter = char.ToLowerInvariant(body[0]);
            if ("slodiphcrtv".IndexOf(letter) < 0) return $"'%{{{body}}}' uses '{body[0]}', which is not a macro letter";
            if (!allowExpLetters && (letter == 'c' || letter == 'r' || letter == 't'))
                return $"'%{{{body}}}' uses '{body[0]}', which is allowed only in exp= explanation text (RFC 7208 §7.2)";
            int i = 1;
            int digitsStart = i;
            while (i < body.Length && IsDigit(body[i])) i++;
            if (i > digitsStart)
            {
                string digits = body.Substring(digitsStart, i - digitsStart);
                if (digits.TrimStart('0').Length == 0) return $"'%{{{body}}}' asks for zero labels; the number must be at least 1";
                if (digits.Length > 3) return $"'%{{{body}}}' asks for too many labels";
            }
            if (i < body.Length && (body[i] == 'r' || body[i] == 'R')) i++;
            for (; i < body.Length; i++)
                if (".-+,/_=".IndexOf(body[i]) < 0) return $"'%{{{body}}}' has '{body[i]}', which is not a delimiter (. - + , / _ =)";
            return null;
        }

        private static bool EndsWithMacroExpand(string s)
        {
            if (s.EndsWith("}", StringComparison.Ordinal))
            {
                int open = s.LastIndexOf("%{", StringComparison.Ordinal);
                return open >= 0 && s.IndexOf('}', open) == s.Length - 1;
            }
            if (s.Length >= 2 && s[s.Length - 2] == '%' && "%_-".IndexOf(s[s.Length - 1]) >= 0)
            {
                // "%%" could be the tail of an escaped sequence: count the run of '%' before the last char.
                int run = 0;
                for (int j = s.Length - 2; j >= 0 && s[j] == '%'; j--) run++;
                return run % 2 == 1;
            }
            return false;
        }

        private static bool IsTopLabel(string label)
        {
            if (label.Length == 0) return false;
            bool hasAlpha = false;
            foreach (char c in label)
            {
                if (IsAlpha(c)) hasAlpha = true;
                else if (!IsDigit(c) && c != '-') return false;
            }
            if (label.IndexOf('-') < 0) return hasAlpha;
            return IsAlphaNum(label[0]) && IsAlphaNum(label[label.Length - 1]);
        }

        // Moves a trailing "/n", "//n" or "/n//m" from arg into the prefix lengths.
        private static string? SplitDualCidr(ref string arg, out int? cidr4, out int? cidr6)
        {
            cidr4 = null;
            cidr6 = null;
            int dbl = arg.LastIndexOf("//", StringComparison.Ordinal);
            if (dbl >= 0 && arg.IndexOf('/', dbl + 2) < 0)
            {
                string v6 = arg.Substring(dbl + 2);
                if (!TryCidr(v6, 128, out int c6)) return $"has an invalid IPv6 prefix length '//{Printable(v6)}'; allowed are //0 to //128.";
                cidr6 = c6;
                arg = arg.Substring(0, dbl);
            }
            int single = arg.LastIndexOf('/');
            if (single >= 0)
            {
                string v4 = arg.Substring(single + 1);
                // A '/' inside a macro-string domain is legal; only digits after the last '/' make a prefix.
                if (v4.Length > 0 && IsAllDigits(v4) || arg.Length == single + 1 || (single == 0))
                {
                    if (!TryCidr(v4, 32, out int c4)) return $"has an invalid IPv4 prefix length '/{Printable(v4)}'; allowed are /0 to /32.";
                    cidr4 = c4;
                    arg = arg.Substring(0, single);
                }
            }
            return null;
        }

        private static bool TryCidr(string s, int max, out int value)
        {
            value = 0;
            if (s.Length == 0 || s.Length > 3 || !IsAllDigits(s)) return false;
            if (s.Length > 1 && s[0] == '0') return false;   // the grammar forbids leading zeros
            value = int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);
            return value <= max;
        }

        /// <summary>True for a dotted quad of decimal octets without leading zeros (RFC 7208 §12 qnum).</summary>
        internal static bool IsIp4Network(string s)
        {
            string[] parts = s.Split('.');
            if (parts.Length != 4) return false;
            foreach (string part in parts)
            {
                if (part.Length == 0 || part.Length > 3 || !IsAllDigits(part)) return false;
                if (part.Length > 1 && part[0] == '0') return false;
                if (int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture) > 255) return false;
            }
            return true;
        }

        /// <summary>True for an IPv6 address in RFC 4291 §2.2 text form (no zone index, no brackets).</summary>
        internal static bool IsIp6Network(string s)
        {
            if (s.Length < 2 || s.IndexOf(':') < 0) return false;
            foreach (char c in s)
                if (!(IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.')) return false;
            return System.Net.IPAddress.TryParse(s, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        }

        private static bool IsAlpha(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        private static bool IsDigit(char c) => c >= '0' && c <= '9';
        private static bool IsAlphaNum(char c) => IsAlpha(c) || IsDigit(c);
        private static bool IsAllDigits(string s)
        {
            foreach (char c in s) if (!IsDigit(c)) return false;
            return s.Length > 0;
        }

        // Keeps control characters visible in messages.
        internal static string Printable(string s)
        {
            var sb = new System.Text.StringBuilder(s.Length);
            foreach (char c in s)
            {
                if (c < 0x20 || c == 0x7f) sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                else sb.Append(c);
            }
            return sb.ToString();
        }
    }
}
