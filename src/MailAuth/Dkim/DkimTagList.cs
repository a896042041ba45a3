using System;
using System.Collections.Generic;

namespace MailAuth.Dkim
{
    /// <summary>
    /// A DKIM tag=value list (RFC 6376 §3.2), as used by signatures and key records. Tag names are
    /// case-sensitive; whitespace around tags and values is ignored; a duplicate tag is an error.
    /// </summary>
    public sealed class DkimTagList
    {
        private readonly List<KeyValuePair<string, string>> _tags;

        private DkimTagList(List<KeyValuePair<string, string>> tags) => _tags = tags;

        /// <summary>The tags in the order written.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Tags => _tags;

        /// <summary>The value of <paramref name="name"/> with its whitespace kept, or null.</summary>
        public string? this[string name]
        {
            get
            {
                foreach (var t in _tags) if (string.Equals(t.Key, name, StringComparison.Ordinal)) return t.Value;
                return null;
            }
        }

        /// <summary>True when the tag is present.</summary>
        public bool Contains(string name) => this[name] != null;

        /// <summary>Parses a tag list.</summary>
        /// <param name="text">The text, such as a TXT record or a DKIM-Signature value.</param>
        /// <param name="list">The tags, when the text is valid.</param>
        /// <param name="error">Why it is not valid, naming the position.</param>
        /// <returns>True when valid.</returns>
        public static bool TryParse(string text, out DkimTagList list, out string? error)
        {
            list = new DkimTagList(new List<KeyValuePair<string, string>>());
            error = null;
            if (text is null) { error = "the text is null"; return false; }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            int i = 0;
            int spec = 0;
            while (i <= text.Length)
            {
                int end = text.IndexOf(';', i);
                if (end < 0) end = text.Length;
                string part = text.Substring(i, end - i);
                spec++;
                if (part.Trim(WhiteSpace).Length == 0)
                {
                    // An empty spec is allowed only after the last ';' (RFC 6376 §3.2 tag-list).
                    if (end < text.Length) { error = $"tag-spec {spec} at position {i + 1} is empty (two ';' in a row)"; return false; }
                    break;
                }
                int eq = part.IndexOf('=');
                if (eq < 0) { error = $"'{Shorten(part)}' at position {i + 1} has no '='"; return false; }
                string name = part.Substring(0, eq).Trim(WhiteSpace);
                string value = part.Substring(eq + 1).Trim(WhiteSpace);
                if (!IsTagName(name)) { error = $"'{Shorten(name)}' at position {i + 1} is not a valid tag name"; return false; }
                if (!seen.Add(name)) { error = $"the tag '{name}' appears twice (RFC 6376 §3.2)"; return false; }
                foreach (char c in value)
                {
                    // tval characters are visible ASCII except ';', plus folding whitespace.
                    if ((c < 0x21 || c > 0x7e) && c != ' ' && c != '\t' && c != '\r' && c != '\n')
                    {
                        error = $"the value of '{name}' contains the character U+{(int)c:X4}";
                        return false;
                    }
                }
                list._tags.Add(new KeyValuePair<string, string>(name, value));
                i = end + 1;
            }
            return true;
        }

        /// <summary>Removes all whitespace (FWS) from a value: base64 and colon lists may be folded.</summary>
        public static string StripWhiteSpace(string value)
        {
            var chars = new char[value.Length];
            int n = 0;
            foreach (char c in value) if (c != ' ' && c != '\t' && c != '\r' && c != '\n') chars[n++] = c;
            return new string(chars, 0, n);
        }

        private static readonly char[] WhiteSpace = { ' ', '\t', '\r', '\n' };

        private static bool IsTagName(string s)
        {
            if (s.Length == 0) return false;
            if (!char.IsLetter(s[0]) || s[0] > 0x7f) return false;
            foreach (char c in s) if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
            return true;
        }

        private static string Shorten(string s) => s.Length > 40 ? s.Substring(0, 40) + "..." : s;
    }
}
