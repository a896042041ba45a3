using System;
using System.Globalization;
using System.Net;

namespace MailAuth.Dns
{
    /// <summary>Parses the <c>-Server</c> forms: <c>192.0.2.53</c>, <c>127.0.0.1:5353</c>, <c>2001:db8::53</c>, <c>[2001:db8::53]:5353</c>.</summary>
    public static class DnsServerEndpoint
    {
        /// <summary>Parses one server address with an optional port (default 53).</summary>
        /// <param name="text">The address as typed.</param>
        /// <returns>The endpoint.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
        /// <exception cref="FormatException">The text is not an IP address with an optional port.</exception>
        public static IPEndPoint Parse(string text)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            string s = text.Trim();
            string host = s;
            int port = 53;
            if (s.StartsWith("[", StringComparison.Ordinal))
            {
                int close = s.IndexOf(']');
                if (close < 0) throw new FormatException($"'{text}' is not a DNS server address: missing ']'.");
                host = s.Substring(1, close - 1);
                string rest = s.Substring(close + 1);
                if (rest.Length > 0)
                {
                    if (rest[0] != ':') throw new FormatException($"'{text}' is not a DNS server address: expected ':port' after ']'.");
                    port = ParsePort(rest.Substring(1), text);
                }
            }
            else if (s.IndexOf(':') >= 0 && s.IndexOf(':') == s.LastIndexOf(':'))
            {
                // One colon: IPv4 with a port. Several colons: a bare IPv6 address.
                int colon = s.IndexOf(':');
                host = s.Substring(0, colon);
                port = ParsePort(s.Substring(colon + 1), text);
            }
            if (!IPAddress.TryParse(host, out var address))
                throw new FormatException($"'{text}' is not a DNS server address: give an IP address, optionally with :port (host names are not resolved).");
            return new IPEndPoint(address, port);
        }

        private static int ParsePort(string s, string text)
        {
            if (!int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port < 1 || port > 65535)
                throw new FormatException($"'{text}' is not a DNS server address: '{s}' is not a port number between 1 and 65535.");
            return port;
        }
    }
}
