using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace MailAuth.Dns
{
    /// <summary>A TXT record: one or more character-strings (RFC 1035 §3.3.14).</summary>
    public sealed class TxtRecord : DnsRecord
    {
        /// <summary>Creates a TXT record.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="strings"/> is null.</exception>
        public TxtRecord(string name, int ttl, IEnumerable<string> strings) : base(name, ttl)
        {
            if (strings is null) throw new ArgumentNullException(nameof(strings));
            Strings = strings.ToArray();
        }

        /// <summary>The character-strings in the order they appear in the record.</summary>
        public IReadOnlyList<string> Strings { get; }

        /// <summary>The character-strings concatenated without separators, as RFC 7208 §3.3 and RFC 6376 §3.6.2.2 read them.</summary>
        public string Text => string.Concat(Strings);

        /// <inheritdoc />
        public override DnsRecordType Type => DnsRecordType.TXT;

        /// <inheritdoc />
        public override string Data => string.Join(" ", Strings.Select(Quote));

        /// <inheritdoc />
        public override DnsRecord With(string name, int ttl) => new TxtRecord(name, ttl, Strings);

        private static string Quote(string s)
        {
            var sb = new StringBuilder(s.Length + 2).Append('"');
            foreach (char c in s)
            {
                if (c == '"' || c == '\\') sb.Append('\\').Append(c);
                else if (c < 0x20 || c == 0x7f) sb.Append('\\').Append(((int)c).ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
                else sb.Append(c);
            }
            return sb.Append('"').ToString();
        }
    }
}
