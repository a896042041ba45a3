using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace MailAuth.Spf
{
    /// <summary>The values the macro letters of RFC 7208 §7.3 stand for during one evaluation.</summary>
    internal sealed class SpfMacroContext
    {
        private readonly Func<string, CancellationToken, Task<string>> _validatedName;
        private string? _p;

        public SpfMacroContext(string sender, string localPart, string senderDomain, IPAddress ip, string helo, string receivingHost, DateTimeOffset timestamp,
            Func<string, CancellationToken, Task<string>> validatedName)
        {
            Sender = sender;
            LocalPart = localPart;
            SenderDomain = senderDomain;
            Ip = ip;
            Helo = helo;
            ReceivingHost = receivingHost;
            Timestamp = timestamp;
            _validatedName = validatedName;
        }

        public string Sender { get; }
        public string LocalPart { get; }
        public string SenderDomain { get; }
        public IPAddress Ip { get; }
        public string Helo { get; }
        public string ReceivingHost { get; }
        public DateTimeOffset Timestamp { get; }

        /// <summary>The value of a macro letter (lower case) while evaluating <paramref name="domain"/>.</summary>
        public async Task<string> ValueAsync(char letter, string domain, CancellationToken cancellationToken)
        {
            switch (letter)
            {
                case 's': return Sender;
                case 'l': return LocalPart;
                case 'o': return SenderDomain;
                case 'd': return domain;
                case 'i': return DottedIp(Ip);
                case 'v': return Ip.AddressFamily == AddressFamily.InterNetworkV6 ? "ip6" : "in-addr";
                case 'h': return Helo;
                case 'c': return Ip.ToString();
                case 'r': return ReceivingHost;
                case 't': return Timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                case 'p':
                    // Costly (PTR plus forward lookups) and discouraged (§7.3): done once, only when used.
                    return _p ??= await _validatedName(domain, cancellationToken).ConfigureAwait(false);
                default: throw new FormatException($"'{letter}' is not a macro letter.");
            }
        }

        /// <summary>IPv4 in dotted-quad form; IPv6 as 32 dot-separated nibbles, upper case as the RFC 7208 test suite's v-macro-ip6 explanation expects (§7.4 prints lower case; DNS ignores case).</summary>
        public static string DottedIp(IPAddress ip)
        {
            if (ip.AddressFamily != AddressFamily.InterNetworkV6) return ip.ToString();
            var sb = new StringBuilder(63);
            foreach (byte b in ip.GetAddressBytes())
            {
                if (sb.Length > 0) sb.Append('.');
                sb.Append("0123456789ABCDEF"[b >> 4]).Append('.').Append("0123456789ABCDEF"[b & 0xf]);
            }
            return sb.ToString();
        }
    }
}
