using System;
using System.Net;

namespace MailAuth.Spf
{
    /// <summary>The inputs of one <c>check_host()</c> evaluation (RFC 7208 §4.1).</summary>
    public sealed class SpfEvaluationRequest
    {
        /// <summary>Creates a request.</summary>
        /// <param name="ipAddress">The SMTP client's address.</param>
        /// <param name="mailFrom">The MAIL FROM address; empty for a null reverse-path, in which case the HELO identity is checked (§2.4).</param>
        /// <param name="helo">The HELO/EHLO name.</param>
        /// <exception cref="ArgumentNullException"><paramref name="ipAddress"/> is null.</exception>
        public SpfEvaluationRequest(IPAddress ipAddress, string? mailFrom, string? helo)
        {
            IPAddress = ipAddress ?? throw new ArgumentNullException(nameof(ipAddress));
            MailFrom = mailFrom ?? string.Empty;
            Helo = helo ?? string.Empty;
        }

        /// <summary>The SMTP client's address (IPv4 or IPv6; IPv4-mapped IPv6 is treated as IPv4).</summary>
        public IPAddress IPAddress { get; }
        /// <summary>The MAIL FROM address, possibly empty.</summary>
        public string MailFrom { get; }
        /// <summary>The HELO/EHLO name.</summary>
        public string Helo { get; }
        /// <summary>The domain whose policy is checked; by default the MAIL FROM domain, or the HELO name when MAIL FROM is empty.</summary>
        public string? Domain { get; set; }
        /// <summary>Check the HELO identity (§2.3) instead of MAIL FROM.</summary>
        public bool CheckHelo { get; set; }
        /// <summary>A record text evaluated in place of the one published at the top-level domain (what-if).</summary>
        public string? Record { get; set; }
        /// <summary>The receiving host's name for the <c>%{r}</c> macro (§7.3); "unknown" when not given.</summary>
        public string? ReceivingHost { get; set; }
        /// <summary>Time allowed for the whole evaluation before it ends in temperror; <see cref="SpfEvaluator.MaxEvaluationTime"/> when not given.</summary>
        public TimeSpan? TimeLimit { get; set; }
        /// <summary>The time for the <c>%{t}</c> macro; now when not given.</summary>
        public DateTimeOffset? Timestamp { get; set; }
    }
}
