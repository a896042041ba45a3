using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using MailAuth.Dns;
using MailAuth.Findings;

namespace MailAuth.Dmarc
{
    /// <summary>
    /// Parses DMARC records by the grammar of RFC 9989 §4.8, also typing the tags RFC 9989 removed (pct, rf, ri,
    /// RFC 7489 §6.3) and the obsolete report size limit. Every tag is parsed, so all problems are reported at once,
    /// each naming the tag and its 1-based character position.
    /// </summary>
    public static class DmarcParser
    {
        /// <summary>Records longer than this are not parsed (a TXT answer this large is hostile or broken).</summary>
        public const int MaxRecordLength = 8192;

        /// <summary>The tags RFC 9989 §4.7 defines, besides v.</summary>
        public static IReadOnlyList<string> DefinedTags { get; } = new[] { "p", "sp", "np", "adkim", "aspf", "rua", "ruf", "fo", "t", "psd" };

        /// <summary>The RFC 7489 tags RFC 9989 removed (Appendix C.5.2).</summary>
        public static IReadOnlyList<string> RemovedTags { get; } = new[] { "pct", "rf", "ri" };

        /// <summary>
        /// True when <paramref name="text"/> starts with the version tag a receiver looks for: <c>v</c>, optional white space,
        /// <c>=</c>, optional white space, <c>DMARC1</c> (case-sensitive), then <c>;</c> or the end (RFC 9989 §4.7 v, §4.10 step 2).
        /// </summary>
        /// <param name="text">A TXT record's text.</param>
        public static bool IsDmarcRecord(string? text) => text != null && VersionEnd(text) >= 0;

        // The index just past "DMARC1" when the text starts with a valid version tag, else -1.
        private static int VersionEnd(string text)
        {
            int i = 0;
            if (text.Length == 0 || text[0] != 'v') return -1;
            i = SkipWsp(text, 1);
            if (i >= text.Length || text[i] != '=') return -1;
            i = SkipWsp(text, i + 1);
            if (string.CompareOrdinal(text, i, "DMARC1", 0, 6) != 0) return -1;
            int end = i + 6;
            int j = SkipWsp(text, end);
            return j == text.Length || text[j] == ';' ? end : -1;
        }

        /// <summary>Parses a record.</summary>
        /// <param name="text">The record text (character-strings already joined).</param>
        /// <returns>The parsed record; problems are in <see cref="DmarcRecord.Errors"/> and on each tag.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
        public static DmarcRecord Parse(string text)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            var errors = new List<Finding>();
            var tags = new List<DmarcTag>();
            if (text.Length > MaxRecordLength)
            {
                errors.Add(DmarcFindings.SyntaxError.Create($"The record is {text.Length} characters long; records over {MaxRecordLength} characters are not parsed."));
                return new DmarcRecord(text, IsDmarcRecord(text), tags, errors);
            }
            int versionEnd = VersionEnd(text);
            if (versionEnd < 0)
            {
                errors.Add(DmarcFindings.SyntaxError.Create(VersionProblem(text)));
                return new DmarcRecord(text, false, tags, errors);
            }

            var record = new DmarcRecord(text, true, tags, errors);
            tags.Add(new DmarcTag("v", "DMARC1", text.Substring(0, versionEnd), 1, DmarcTagKind.Version, null, false));
            var seen = new Dictionary<string, DmarcTag>(StringComparer.Ordinal) { ["v"] = tags[0] };
            int i = text.IndexOf(';', versionEnd);
            while (i >= 0 && i < text.Length)
            {
                int start = i + 1;
                int end = text.IndexOf(';', start);
                if (end < 0) end = text.Length;
                // dmarc-sep = *WSP ";" *WSP: white space around the separator is not part of the tag.
                int s = SkipWsp(text, start);
                int e = end;
                while (e > s && IsWsp(text[e - 1])) e--;
                if (e > s) ParseTag(record, text.Substring(s, e - s), s + 1, seen, tags, errors);
                i = end;
            }
            return record;
        }

        private static void ParseTag(DmarcRecord record, string tagText, int position, Dictionary<string, DmarcTag> seen, List<DmarcTag> tags, List<Finding> errors)
        {
            string shown = Printable(tagText);
            int eq = tagText.IndexOf('=');
            if (eq < 0)
            {
                string hint = tagText.IndexOf(' ') > 0 ? " (a missing ';' between two tags?)" : "";
                errors.Add(DmarcFindings.SyntaxError.Create($"The tag '{shown}' at position {position} has no '='{hint}; tags are written name=value and separated by ';'."));
                tags.Add(new DmarcTag(tagText, "", tagText, position, DmarcTagKind.Unknown, "it has no '='", false));
                return;
            }
            int ne = eq;
            while (ne > 0 && IsWsp(tagText[ne - 1])) ne--;
            string name = tagText.Substring(0, ne);
            string value = Trim(tagText.Substring(eq + 1));
            var kind = name == "v" ? DmarcTagKind.Version
                : DefinedTags.Contains(name) ? DmarcTagKind.Defined
                : RemovedTags.Contains(name) ? DmarcTagKind.Removed
                : DmarcTagKind.Unknown;

            string? problem = null;
            bool uriProblem = false;
            if (name.Length == 0 || !name.All(IsAlpha))
                problem = name.Length == 0 ? "it has no name before '='" : $"its name '{Printable(name)}' is not made of letters only";
            else if (value.Length == 0)
                problem = "it has no value";
            else if (value.Any(c => !IsValueChar(c)))
                problem = string.Format(CultureInfo.InvariantCulture, "its value contains the character U+{0:X4}, which DMARC values do not allow (printable ASCII only)",
                    (int)value.First(c => !IsValueChar(c)));

            bool duplicate = seen.TryGetValue(name, out var first);
            if (problem is null && kind != DmarcTagKind.Unknown)
            {
                // A duplicate is checked too, but only the first occurrence sets the record's values.
                int valuePosition = position + SkipWsp(tagText, eq + 1);
                problem = TypeValue(duplicate ? null : record, name, value, valuePosition, errors);
                uriProblem = problem != null && (name == "rua" || name == "ruf");
            }
            if (problem != null && !uriProblem)
            {
                // "p=none rua=..." : the next tag swallowed because a ';' is missing.
                var next = System.Text.RegularExpressions.Regex.Match(value, @"[ \t]([A-Za-z]{1,10})[ \t]*=");
                if (next.Success) problem += $" (is a ';' missing before '{next.Groups[1].Value}='?)";
            }
            // Invalid URIs have their own finding (Dmarc.InvalidReportUri); a repeated v is a DuplicateTag.
            if (problem != null && !uriProblem && kind != DmarcTagKind.Version)
                errors.Add(DmarcFindings.SyntaxError.Create($"The tag '{shown}' at position {position} is invalid: {problem}."));
            if (duplicate)
            {
                errors.Add(DmarcFindings.DuplicateTag.Create(
                    $"The tag '{Printable(name)}' appears again at position {position} ('{shown}'); the first occurrence, '{Printable(first!.Text)}' at position {first.Position}, is the one used here."));
            }
            var tag = new DmarcTag(name, value, tagText, position, kind, problem, duplicate);
            tags.Add(tag);
            if (!duplicate) seen[name] = tag;
        }

        // Types a value into the record (null record: only validate, for a duplicate). Returns the problem, or null.
        private static string? TypeValue(DmarcRecord? record, string name, string value, int valuePosition, List<Finding> errors)
        {
            string lower = value.ToLowerInvariant();
            switch (name)
            {
                case "p":
                case "sp":
                case "np":
                    if (!TryPolicy(lower, out var policy)) return $"'{Printable(value)}' is not a policy; {name} takes none, quarantine or reject";
                    if (record != null)
                    {
                        if (name == "p") record.Policy = policy;
                        else if (name == "sp") record.SubdomainPolicy = policy;
                        else record.NonExistentSubdomainPolicy = policy;
                    }
                    return null;
                case "adkim":
                case "aspf":
                    if (lower != "r" && lower != "s") return $"'{Printable(value)}' is not an alignment mode; {name} takes r (relaxed) or s (strict), so the default r applies";
                    if (record != null)
                    {
                        var mode = lower == "s" ? DmarcAlignmentMode.strict : DmarcAlignmentMode.relaxed;
                        if (name == "adkim") record.DkimAlignment = mode; else record.SpfAlignment = mode;
                    }
                    return null;
                case "t":
                    if (lower != "y" && lower != "n") return $"'{Printable(value)}' is not y or n, so the default n applies";
                    if (record != null) record.TestMode = lower == "y";
                    return null;
                case "psd":
                    if (lower != "y" && lower != "n" && lower != "u") return $"'{Printable(value)}' is not y, n or u, so the default u applies";
                    if (record != null) record.Psd = lower == "y" ? DmarcPsd.y : lower == "n" ? DmarcPsd.n : DmarcPsd.u;
                    return null;
                case "fo":
                {
                    var options = value.Split(':').Select(Trim).ToList();
                    string? problem = null;
                    if (options.Any(o => o.Length == 0)) problem = "it has an empty option between ':'";
                    else if (options.Any(o => o != "0" && o != "1" && !o.Equals("d", StringComparison.OrdinalIgnoreCase) && !o.Equals("s", StringComparison.OrdinalIgnoreCase)))
                        problem = $"'{Printable(options.First(o => o != "0" && o != "1" && !o.Equals("d", StringComparison.OrdinalIgnoreCase) && !o.Equals("s", StringComparison.OrdinalIgnoreCase)))}' is not an option; fo takes 0 or 1, d and s, separated by ':'";
                    else if (options.Select(o => o.ToLowerInvariant()).Distinct().Count() != options.Count) problem = "an option appears twice";
                    else if (options.Contains("0") && options.Contains("1")) problem = "0 and 1 exclude each other";
                    if (problem != null) return problem + ", so the default 0 applies";
                    if (record != null) record.FailureReportingOptions = options.Select(o => o.ToLowerInvariant()).ToArray();
                    return null;
                }
                case "rua":
                case "ruf":
                {
                    var uris = ParseUriList(name, value, valuePosition, errors, record != null);
                    if (record != null)
                    {
                        if (name == "rua") record.AggregateReportUris = uris; else record.FailureReportUris = uris;
                    }
                    int invalid = uris.Count(u => !u.IsValid);
                    return invalid == 0 ? null : $"{invalid} of its {uris.Count} URI(s) are invalid";
                }
                case "pct":
                    if (!value.All(IsDigit) || value.Length > 3 || int.Parse(value, CultureInfo.InvariantCulture) > 100)
                        return $"'{Printable(value)}' is not a whole number from 0 to 100";
                    if (record != null) record.Percent = int.Parse(value, CultureInfo.InvariantCulture);
                    return null;
                case "ri":
                    if (!value.All(IsDigit) || value.Length > 10 || long.Parse(value, CultureInfo.InvariantCulture) > uint.MaxValue)
                        return $"'{Printable(value)}' is not a number of seconds (a 32-bit unsigned integer)";
                    if (record != null) record.ReportInterval = long.Parse(value, CultureInfo.InvariantCulture);
                    return null;
                case "rf":
                {
                    var formats = value.Split(':').Select(Trim).ToList();
                    if (formats.Any(f => f.Length == 0 || !IsAlphaNum(f[0]) || !f.All(c => IsAlphaNum(c) || c == '-')))
                        return $"'{Printable(value)}' is not a ':'-separated list of format names";
                    if (record != null) record.ReportFormats = formats.ToArray();
                    var unregistered = formats.Where(f => !f.Equals("afrf", StringComparison.OrdinalIgnoreCase)).ToList();
                    return unregistered.Count == 0 ? null : $"'{Printable(unregistered[0])}' is not a registered report format (only afrf is)";
                }
                default:
                    return null;
            }
        }

        private static bool TryPolicy(string lower, out DmarcPolicy policy)
        {
            switch (lower)
            {
                case "none": policy = DmarcPolicy.none; return true;
                case "quarantine": policy = DmarcPolicy.quarantine; return true;
                case "reject": policy = DmarcPolicy.reject; return true;
                default: policy = DmarcPolicy.none; return false;
            }
        }

        // dmarc-urilist = (dmarc-uri / obs-dmarc-uri) *(*WSP "," *WSP (dmarc-uri / obs-dmarc-uri))
        private static IReadOnlyList<DmarcReportUri> ParseUriList(string tag, string value, int valuePosition, List<Finding> errors, bool report)
        {
            var uris = new List<DmarcReportUri>();
            int i = 0;
            while (i <= value.Length)
            {
                int end = value.IndexOf(',', i);
                if (end < 0) end = value.Length;
                int s = SkipWsp(value, i);
                int e = end;
                while (e > s && IsWsp(value[e - 1])) e--;
                string element = value.Substring(s, e - s);
                var uri = ParseUri(tag, element, valuePosition + s);
                uris.Add(uri);
                if (report && !uri.IsValid)
                    errors.Add(DmarcFindings.InvalidReportUri.Create($"The {tag} URI '{Printable(element)}' at position {uri.Position} is invalid: {uri.Problem}."));
                i = end + 1;
            }
            return uris;
        }

        /// <summary>Parses one report URI with its optional obsolete size limit.</summary>
        /// <param name="tag"><c>rua</c> or <c>ruf</c>.</param>
        /// <param name="element">The list element, such as <c>mailto:dmarc@example.com!10m</c>.</param>
        /// <param name="position">Its 1-based position in the record, for messages.</param>
        internal static DmarcReportUri ParseUri(string tag, string element, int position)
        {
            string uri = element;
            string? size = null;
            ulong? bytes = null;
            string? problem = null;
            if (element.Length == 0)
                return new DmarcReportUri(tag, element, position, element, null, null, null, null, null, "it is empty (a stray ',')");
            int bang = element.LastIndexOf('!');
            if (bang >= 0)
            {
                uri = element.Substring(0, bang);
                size = element.Substring(bang + 1);
                bytes = ParseSize(size);
                if (bytes is null)
                    problem = $"'!{Printable(size)}' is not a size limit such as '!10m'; a '!' inside a URI must be written %21";
            }

            int colon = uri.IndexOf(':');
            string? scheme = null;
            if (colon > 0 && IsAlpha(uri[0]) && uri.Substring(0, colon).All(c => IsAlphaNum(c) || c == '+' || c == '-' || c == '.'))
                scheme = uri.Substring(0, colon).ToLowerInvariant();
            if (scheme is null)
            {
                problem ??= uri.IndexOf('@') > 0 && uri.IndexOf(':') < 0
                    ? $"it has no scheme; write 'mailto:{Printable(uri)}'"
                    : "it does not start with a URI scheme such as 'mailto:'";
                return new DmarcReportUri(tag, element, position, uri, null, null, null, size, bytes, problem);
            }
            string rest = uri.Substring(colon + 1);
            string? badChar = FirstBadUriChar(rest);
            if (badChar != null)
            {
                problem ??= $"it contains {badChar}, which a URI may not contain unencoded";
                return new DmarcReportUri(tag, element, position, uri, scheme, null, null, size, bytes, problem);
            }

            string? address = null, host = null;
            if (scheme == "mailto")
            {
                int q = rest.IndexOf('?');
                string to = q >= 0 ? rest.Substring(0, q) : rest;
                address = Uri.UnescapeDataString(to);
                int at = address.LastIndexOf('@');
                if (address.Length == 0) problem ??= "the mailto: URI has no address";
                else if (at <= 0 || at == address.Length - 1) problem ??= $"'{Printable(address)}' is not a mailbox (local-part@domain)";
                else
                {
                    string domain = address.Substring(at + 1);
                    host = ToHost(domain, out string? why);
                    if (host is null) problem ??= $"the mailbox's domain '{Printable(domain)}' is not a domain name: {why}";
                }
            }
            else if (System.Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && (scheme == "http" || scheme == "https"))
            {
                if (string.IsNullOrEmpty(parsed.Host)) problem ??= "it has no host";
                else host = ToHost(parsed.IdnHost, out _) ?? parsed.IdnHost.ToLowerInvariant();
            }
            else if (scheme == "http" || scheme == "https")
            {
                problem ??= "it is not a valid http(s) URI";
            }
            else if (System.Uri.TryCreate(uri, UriKind.Absolute, out var other) && !string.IsNullOrEmpty(other.Host))
            {
                host = other.IdnHost.ToLowerInvariant();
            }
            return new DmarcReportUri(tag, element, position, uri, scheme, address, host, size, bytes, problem);
        }

        private static string? ToHost(string domain, out string? why)
        {
            string name = domain;
            if (name.Any(c => c > 0x7f))
            {
                try { name = new IdnMapping().GetAscii(name); }
                catch (ArgumentException e) { why = e.Message; return null; }
            }
            name = DnsName.Normalize(name);
            why = DnsName.Validate(name);
            return why is null ? name : null;
        }

        // "!" 1*DIGIT [ "k" / "m" / "g" / "t" ]; units are powers of two; the result must fit 64 bits (RFC 7489 §6.2, §6.4).
        private static ulong? ParseSize(string size)
        {
            if (size.Length == 0) return null;
            int shift = 0;
            string digits = size;
            switch (char.ToLowerInvariant(size[size.Length - 1]))
            {
                case 'k': shift = 10; break;
                case 'm': shift = 20; break;
                case 'g': shift = 30; break;
                case 't': shift = 40; break;
            }
            if (shift > 0) digits = size.Substring(0, size.Length - 1);
            if (digits.Length == 0 || !digits.All(IsDigit)) return null;
            if (!ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out ulong n)) return null;
            if (shift > 0 && n > (ulong.MaxValue >> shift)) return null;
            return n << shift;
        }

        // RFC 3986 characters: unreserved, reserved and %HH. Returns a description of the first other character.
        private static string? FirstBadUriChar(string s)
        {
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c == '%')
                {
                    if (i + 2 < s.Length && IsHex(s[i + 1]) && IsHex(s[i + 2])) { i += 2; continue; }
                    return "a '%' not followed by two hex digits";
                }
                if (IsAlphaNum(c) || "-._~:/?#[]@!$&'()*+,;=".IndexOf(c) >= 0) continue;
                return c == ' ' ? "a space" : string.Format(CultureInfo.InvariantCulture, "the character '{0}' (U+{1:X4})", Printable(c.ToString()), (int)c);
            }
            return null;
        }

        private static string VersionProblem(string text)
        {
            if (text.Length == 0) return "The record is empty; a DMARC record starts with 'v=DMARC1'.";
            if (IsWsp(text[0])) return $"The record '{Short(text)}' starts with white space; it must start with 'v=DMARC1', so receivers ignore it.";
            int semi = text.IndexOf(';');
            string first = Trim(semi < 0 ? text : text.Substring(0, semi));
            int eq = first.IndexOf('=');
            if (eq > 0)
            {
                string name = Trim(first.Substring(0, eq));
                string value = Trim(first.Substring(eq + 1));
                if (name == "v" || name == "V")
                {
                    if (name == "V") return $"The record '{Short(text)}' starts with 'V='; the version tag is lower-case 'v=DMARC1', so receivers ignore the record.";
                    if (value.StartsWith("DMARC1", StringComparison.Ordinal))
                        return $"The record '{Short(text)}' has '{Printable(value.Substring(6).TrimStart())}' after 'v=DMARC1' without a ';' in between, so receivers do not recognise it as a DMARC record.";
                    if (value.Equals("DMARC1", StringComparison.OrdinalIgnoreCase))
                        return $"The record '{Short(text)}' has the version '{Printable(value)}'; it is case-sensitive and must be exactly 'DMARC1', so receivers ignore the record.";
                    return $"The record '{Short(text)}' has the version '{Printable(value)}', not 'DMARC1', so receivers ignore it.";
                }
                return $"The record '{Short(text)}' starts with the tag '{Printable(name)}'; 'v=DMARC1' must be the first tag, so receivers ignore the record.";
            }
            return $"The record '{Short(text)}' does not start with 'v=DMARC1', so receivers ignore it.";
        }

        /// <summary>The text with control and non-ASCII characters escaped, for messages.</summary>
        internal static string Printable(string text)
        {
            if (text.All(c => c >= 0x20 && c < 0x7f)) return text;
            var sb = new StringBuilder(text.Length + 8);
            foreach (char c in text)
            {
                if (c >= 0x20 && c < 0x7f) sb.Append(c);
                else sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            return sb.ToString();
        }

        internal static string Short(string text)
        {
            string s = Printable(text);
            return s.Length <= 100 ? s : s.Substring(0, 97) + "...";
        }

        private static string Trim(string s)
        {
            int a = 0, b = s.Length;
            while (a < b && IsWsp(s[a])) a++;
            while (b > a && IsWsp(s[b - 1])) b--;
            return s.Substring(a, b - a);
        }

        private static int SkipWsp(string s, int i)
        {
            while (i < s.Length && IsWsp(s[i])) i++;
            return i;
        }

        private static bool IsWsp(char c) => c == ' ' || c == '\t';
        private static bool IsAlpha(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        private static bool IsDigit(char c) => c >= '0' && c <= '9';
        private static bool IsAlphaNum(char c) => IsAlpha(c) || IsDigit(c);
        private static bool IsHex(char c) => IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        // dmarc-value = %x20-3A / %x3C-7E
        private static bool IsValueChar(char c) => c >= 0x20 && c <= 0x7e && c != ';';
    }
}
