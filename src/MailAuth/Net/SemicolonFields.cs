using System.Collections.Generic;

namespace MailAuth.Net
{
    /// <summary>
    /// The "name=value" fields separated by ";" that MTA-STS (RFC 8461 §3.1), TLS-RPT (RFC 8460 §3) and BIMI
    /// (draft §4.3) records share. Keeps the order, so callers can check that the version comes first.
    /// </summary>
    internal static class SemicolonFields
    {
        internal sealed class Field
        {
            public Field(string name, string value, int position) { Name = name; Value = value; Position = position; }
            public string Name { get; }
            public string Value { get; }
            public int Position { get; }
        }

        /// <summary>The most errors listed for one record; one more sentence counts the rest.</summary>
        public const int MaxErrors = 10;

        /// <summary>Splits a record; <paramref name="errors"/> gets one sentence per part without '=' (at most <see cref="MaxErrors"/>, then a count).</summary>
        public static List<Field> Parse(string text, List<string> errors)
        {
            var fields = new List<Field>();
            var parts = text.Split(';');
            int problems = 0;
            // A record of thousands of ';' would otherwise give thousands of findings, each quoting the record.
            void Error(string e) { if (++problems <= MaxErrors) errors.Add(e); }
            for (int i = 0; i < parts.Length; i++)
            {
                string part = parts[i].Trim(' ', '\t');
                if (part.Length == 0)
                {
                    // Only the optional separator at the end may leave an empty part.
                    if (i != parts.Length - 1) Error($"field {i + 1} is empty (two ';' in a row)");
                    continue;
                }
                int eq = part.IndexOf('=');
                if (eq <= 0)
                {
                    Error($"field {i + 1} '{Shorten(part)}' is not name=value");
                    continue;
                }
                fields.Add(new Field(part.Substring(0, eq).Trim(' ', '\t'), part.Substring(eq + 1).Trim(' ', '\t'), i + 1));
            }
            if (problems > MaxErrors) errors.Add($"{problems - MaxErrors} more fields are malformed");
            return fields;
        }

        /// <summary>A record or value as quoted in a message: at most 100 characters.</summary>
        public static string Shorten(string s) => s.Length > 100 ? s.Substring(0, 100) + "..." : s;

        /// <summary>RFC 8461/8460 extension names: an ALPHA or DIGIT, then up to 31 of ALPHA, DIGIT, "_", "-", ".".</summary>
        public static bool IsExtensionName(string name)
        {
            if (name.Length == 0 || name.Length > 32 || !IsAlnum(name[0])) return false;
            for (int i = 1; i < name.Length; i++)
            {
                char c = name[i];
                if (!IsAlnum(c) && c != '_' && c != '-' && c != '.') return false;
            }
            return true;
        }

        public static bool IsAlnum(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
