using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace MailAuth.AuthResults
{
    /// <summary>One ptype.property=value of a result (RFC 8601 §2.2 propspec), such as <c>smtp.mailfrom=example.com</c>.</summary>
    public sealed class AuthResultProperty
    {
        internal AuthResultProperty(string type, string name, string value)
        {
            Type = type;
            Name = name;
            Value = value;
        }

        /// <summary>The ptype: <c>smtp</c>, <c>header</c>, <c>body</c>, <c>policy</c>.</summary>
        public string Type { get; }
        /// <summary>The property, such as <c>mailfrom</c> or <c>d</c>.</summary>
        public string Name { get; }
        /// <summary>The value, unquoted.</summary>
        public string Value { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Type}.{Name}={Value}";
    }

    /// <summary>One method's result in an Authentication-Results field (RFC 8601 §2.2 resinfo).</summary>
    public sealed class AuthResult
    {
        internal AuthResult() { }

        /// <summary>The method, lower case: <c>spf</c>, <c>dkim</c>, <c>dmarc</c>, <c>arc</c>...</summary>
        public string Method { get; internal set; } = string.Empty;
        /// <summary>The method version, when given (<c>dkim/1</c>).</summary>
        public string? MethodVersion { get; internal set; }
        /// <summary>The result keyword, lower case: <c>pass</c>, <c>fail</c>...</summary>
        public string Result { get; internal set; } = string.Empty;
        /// <summary>reason=, unquoted.</summary>
        public string? Reason { get; internal set; }
        /// <summary>The properties in the order written.</summary>
        public IReadOnlyList<AuthResultProperty> Properties { get; internal set; } = Array.Empty<AuthResultProperty>();
        /// <summary>The comments, without parentheses.</summary>
        public IReadOnlyList<string> Comments { get; internal set; } = Array.Empty<string>();
        /// <summary>The result as written, comments included, unfolded and trimmed.</summary>
        public string Text { get; internal set; } = string.Empty;

        /// <summary>The value of ptype.property, or null.</summary>
        public string? this[string typeDotName]
        {
            get
            {
                foreach (var p in Properties)
                    if (string.Equals(p.Type + "." + p.Name, typeDotName, StringComparison.OrdinalIgnoreCase)) return p.Value;
                return null;
            }
        }

        /// <inheritdoc />
        public override string ToString() => Text;
    }

    /// <summary>
    /// An Authentication-Results payload (RFC 8601 §2.2): the authserv-id and each method's result.
    /// Tolerant: a result that cannot be read is kept as text with an entry in <see cref="Errors"/>.
    /// </summary>
    public sealed class AuthenticationResults
    {
        /// <summary>Payloads longer than this are cut (a header field is at most 998 characters per line, but may be folded).</summary>
        public const int MaxLength = 64 * 1024;
        /// <summary>Results kept per field.</summary>
        public const int MaxResults = 1000;

        private AuthenticationResults() { }

        /// <summary>The authserv-id: who did the checks.</summary>
        public string AuthServId { get; private set; } = string.Empty;
        /// <summary>The authres-version, when given.</summary>
        public string? Version { get; private set; }
        /// <summary>True when the field says <c>none</c>: no checks were made.</summary>
        public bool NoResult { get; private set; }
        /// <summary>The results in the order written.</summary>
        public IReadOnlyList<AuthResult> Results { get; private set; } = Array.Empty<AuthResult>();
        /// <summary>What could not be read.</summary>
        public IReadOnlyList<string> Errors { get; private set; } = Array.Empty<string>();

        /// <summary>The first result of a method, or null.</summary>
        public AuthResult? this[string method] => Results.FirstOrDefault(r => r.Method.Equals(method, StringComparison.OrdinalIgnoreCase));

        /// <summary>Parses a payload (the field value after the colon; for an ARC-Authentication-Results field, after its <c>i=N;</c>).</summary>
        /// <param name="payload">The text.</param>
        /// <returns>The parsed field; never null.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="payload"/> is null.</exception>
        public static AuthenticationResults Parse(string payload)
        {
            if (payload is null) throw new ArgumentNullException(nameof(payload));
            var errors = new List<string>();
            if (payload.Length > MaxLength)
            {
                errors.Add($"the field is longer than {MaxLength} characters; the rest is ignored");
                payload = payload.Substring(0, MaxLength);
            }
            var segments = SplitTopLevel(payload, ';');
            var ar = new AuthenticationResults();
            // The first segment: authserv-id [version].
            var head = Tokens(StripComments(segments[0], null));
            if (head.Count == 0) errors.Add("the authserv-id is missing (RFC 8601 §2.2)");
            else
            {
                ar.AuthServId = Unquote(head[0]);
                if (head.Count > 1) ar.Version = head[1];
                if (head.Count > 2 || (ar.Version != null && !ar.Version.All(char.IsDigit)))
                    errors.Add($"'{Shorten(segments[0].Trim())}' is not an authserv-id with an optional version");
            }
            var results = new List<AuthResult>();
            for (int i = 1; i < segments.Count; i++)
            {
                string raw = Unfold(segments[i]).Trim();
                if (raw.Length == 0)
                {
                    if (i < segments.Count - 1) errors.Add($"result {i} is empty (two ';' in a row)");
                    continue;
                }
                if (results.Count >= MaxResults) { errors.Add($"more than {MaxResults} results; the rest are ignored"); break; }
                var comments = new List<string>();
                var tokens = Tokens(StripComments(raw, comments));
                if (Unbalanced(raw) is string unbalanced) errors.Add($"result {i}: {unbalanced}");
                if (tokens.Count == 1 && tokens[0].Equals("none", StringComparison.OrdinalIgnoreCase) && i == 1)
                {
                    ar.NoResult = true;
                    continue;
                }
                var r = new AuthResult { Text = raw, Comments = comments };
                if (!ReadResult(tokens, r, out string? error)) errors.Add($"result {i} '{Shorten(raw)}': {error}");
                results.Add(r);
            }
            ar.Results = results;
            ar.Errors = errors;
            return ar;
        }

        // tokens: words, '=' and '.' and '/' pulled out where they join a method, result or property.
        private static bool ReadResult(List<string> tokens, AuthResult r, out string? error)
        {
            error = null;
            // method[/version]=result
            var pairs = Pairs(tokens, out error);
            if (pairs is null) return false;
            if (pairs.Count == 0) { error = "no method=result"; return false; }
            string method = pairs[0].Key;
            int slash = method.IndexOf('/');
            if (slash >= 0)
            {
                r.MethodVersion = method.Substring(slash + 1).Trim();
                method = method.Substring(0, slash).Trim();
            }
            r.Method = method.ToLowerInvariant();
            r.Result = Unquote(pairs[0].Value).ToLowerInvariant();
            if (!IsKeyword(r.Method) || !IsKeyword(r.Result)) { error = $"'{pairs[0].Key}={pairs[0].Value}' is not method=result"; return false; }
            var props = new List<AuthResultProperty>();
            for (int i = 1; i < pairs.Count; i++)
            {
                string key = pairs[i].Key;
                if (key.Equals("reason", StringComparison.OrdinalIgnoreCase) && r.Reason is null && props.Count == 0)
                {
                    r.Reason = Unquote(pairs[i].Value);
                    continue;
                }
                int dot = key.IndexOf('.');
                if (dot <= 0 || dot == key.Length - 1) { error = $"'{key}' is not ptype.property"; r.Properties = props; return false; }
                props.Add(new AuthResultProperty(key.Substring(0, dot).ToLowerInvariant(), key.Substring(dot + 1), Unquote(pairs[i].Value)));
            }
            r.Properties = props;
            return true;
        }

        // key=value pairs, with whitespace allowed around '=' (CFWS in the ABNF).
        private static List<KeyValuePair<string, string>>? Pairs(List<string> tokens, out string? error)
        {
            error = null;
            var list = new List<KeyValuePair<string, string>>();
            int i = 0;
            while (i < tokens.Count)
            {
                string key = tokens[i];
                string? value = null;
                int eq = key.StartsWith("\"", StringComparison.Ordinal) ? -1 : key.IndexOf('=');
                if (eq > 0)
                {
                    value = key.Substring(eq + 1);
                    key = key.Substring(0, eq);
                    i++;
                    if (value.Length == 0 && i < tokens.Count) value = tokens[i++];
                }
                else if (i + 1 < tokens.Count && tokens[i + 1].StartsWith("=", StringComparison.Ordinal))
                {
                    value = tokens[i + 1].Substring(1);
                    i += 2;
                    if (value.Length == 0 && i < tokens.Count) value = tokens[i++];
                }
                else
                {
                    error = $"'{Shorten(key)}' has no '='";
                    return null;
                }
                if (key.Length == 0 || value.Length == 0) { error = $"'{Shorten(key)}=' has an empty side"; return null; }
                list.Add(new KeyValuePair<string, string>(key, value));
            }
            return list;
        }

        /// <summary>Splits at a separator outside comments and quoted strings.</summary>
        internal static List<string> SplitTopLevel(string text, char separator)
        {
            var parts = new List<string>();
            int depth = 0;
            bool quoted = false;
            int start = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\\' && (quoted || depth > 0)) { i++; continue; }
                if (quoted) { if (c == '"') quoted = false; continue; }
                if (c == '(') depth++;
                else if (c == ')' && depth > 0) depth--;
                else if (depth == 0 && c == '"') quoted = true;
                else if (depth == 0 && c == separator)
                {
                    parts.Add(text.Substring(start, i - start));
                    start = i + 1;
                }
            }
            parts.Add(text.Substring(start));
            return parts;
        }

        // An unclosed comment or quoted string (the split above keeps it in one segment).
        private static string? Unbalanced(string text)
        {
            int depth = 0;
            bool quoted = false;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\\') { i++; continue; }
                if (quoted) { if (c == '"') quoted = false; continue; }
                if (c == '(') depth++;
                else if (c == ')' && depth > 0) depth--;
                else if (c == '"' && depth == 0) quoted = true;
            }
            return depth > 0 ? "a comment is not closed" : quoted ? "a quoted string is not closed" : null;
        }

        // Removes (nested) comments, keeping their text; quoted strings are left alone.
        private static string StripComments(string text, List<string>? comments)
        {
            var sb = new StringBuilder(text.Length);
            var comment = new StringBuilder();
            int depth = 0;
            bool quoted = false;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (depth > 0)
                {
                    if (c == '\\' && i + 1 < text.Length) { comment.Append(text[++i]); continue; }
                    if (c == '(') { depth++; comment.Append(c); continue; }
                    if (c == ')')
                    {
                        depth--;
                        if (depth == 0) { comments?.Add(Unfold(comment.ToString()).Trim()); comment.Clear(); sb.Append(' '); }
                        else comment.Append(c);
                        continue;
                    }
                    comment.Append(c);
                    continue;
                }
                if (quoted)
                {
                    sb.Append(c);
                    if (c == '\\' && i + 1 < text.Length) sb.Append(text[++i]);
                    else if (c == '"') quoted = false;
                    continue;
                }
                if (c == '"') quoted = true;
                if (c == '(') { depth = 1; continue; }
                sb.Append(c);
            }
            return sb.ToString();
        }

        // Whitespace-separated words; quoted strings stay whole; '=' stays attached as written.
        private static List<string> Tokens(string text)
        {
            var tokens = new List<string>();
            var sb = new StringBuilder();
            bool quoted = false;
            foreach (char c in text)
            {
                if (quoted)
                {
                    sb.Append(c);
                    if (c == '"') quoted = false;
                    continue;
                }
                if (c == '"') { quoted = true; sb.Append(c); continue; }
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
                {
                    if (sb.Length > 0) { tokens.Add(sb.ToString()); sb.Clear(); }
                    continue;
                }
                sb.Append(c);
            }
            if (sb.Length > 0) tokens.Add(sb.ToString());
            // "a =b" and "a= b": join so each pair is one or two tokens with '=' known.
            var joined = new List<string>();
            foreach (string t in tokens)
            {
                if (joined.Count > 0 && (t.StartsWith("=", StringComparison.Ordinal) && !joined[joined.Count - 1].Contains("=") || joined[joined.Count - 1].EndsWith("=", StringComparison.Ordinal)))
                    joined[joined.Count - 1] += t;
                else if (joined.Count > 0 && (t.StartsWith(".", StringComparison.Ordinal) || t.StartsWith("/", StringComparison.Ordinal) || joined[joined.Count - 1].EndsWith(".", StringComparison.Ordinal) || joined[joined.Count - 1].EndsWith("/", StringComparison.Ordinal)) && !joined[joined.Count - 1].Contains("="))
                    joined[joined.Count - 1] += t;
                else joined.Add(t);
            }
            return joined;
        }

        private static string Unquote(string value)
        {
            if (value.Length >= 2 && value[0] == '"' && value[value.Length - 1] == '"')
            {
                var sb = new StringBuilder(value.Length);
                for (int i = 1; i < value.Length - 1; i++)
                {
                    if (value[i] == '\\' && i + 1 < value.Length - 1) i++;
                    sb.Append(value[i]);
                }
                return sb.ToString();
            }
            return value;
        }

        internal static string Unfold(string text) => text.Replace("\r\n", string.Empty).Replace("\n", string.Empty).Replace("\r", string.Empty);

        // RFC 5321 Keyword: Let-dig [Ldh-str].
        private static bool IsKeyword(string s)
            => s.Length > 0 && char.IsLetterOrDigit(s[0]) && s.All(c => c < 0x80 && (char.IsLetterOrDigit(c) || c == '-' || c == '_'));

        private static string Shorten(string s) => s.Length > 60 ? s.Substring(0, 60) + "..." : s;

        /// <inheritdoc />
        public override string ToString() => AuthServId + (Results.Count == 0 ? "; none" : "; " + string.Join("; ", Results.Select(r => r.Text)));
    }
}
