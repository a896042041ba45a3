using System.Collections.Generic;
using System.Net;

namespace MailAuth.Spf
{
    /// <summary>The outcome of <c>check_host()</c> with its reasoning.</summary>
    public sealed class SpfEvaluationResult
    {
        internal SpfEvaluationResult(SpfResult result, string domain, string identity, string sender, IPAddress ipAddress, string helo,
            string? matchedTerm, string? explanation, string? reason, int dnsLookupCount, int voidLookupCount, IReadOnlyList<SpfTraceStep> trace,
            string receivingHost)
        {
            Result = result;
            Domain = domain;
            Identity = identity;
            Sender = sender;
            IPAddress = ipAddress;
            Helo = helo;
            MatchedTerm = matchedTerm;
            Explanation = explanation;
            Reason = reason;
            DnsLookupCount = dnsLookupCount;
            VoidLookupCount = voidLookupCount;
            Trace = trace;
            ReceivingHost = receivingHost;
        }

        /// <summary>pass, fail, softfail, neutral, none, temperror or permerror.</summary>
        public SpfResult Result { get; }
        /// <summary>The domain whose policy was checked.</summary>
        public string Domain { get; }
        /// <summary><c>mailfrom</c> or <c>helo</c> (RFC 7208 §9.1 identity).</summary>
        public string Identity { get; }
        /// <summary>The sender checked: the MAIL FROM address, or <c>postmaster@</c> the HELO name.</summary>
        public string Sender { get; }
        /// <summary>The client address checked.</summary>
        public IPAddress IPAddress { get; }
        /// <summary>The HELO name given.</summary>
        public string Helo { get; }
        /// <summary>The mechanism that decided the result (or <c>redirect=...</c> / <c>default</c>); null when none did.</summary>
        public string? MatchedTerm { get; }
        /// <summary>The expanded <c>exp=</c> explanation, for fail results (RFC 7208 §6.2).</summary>
        public string? Explanation { get; }
        /// <summary>Why the result is temperror or permerror, for a person.</summary>
        public string? Reason { get; }
        /// <summary>Terms that caused DNS lookups, counted against the limit of 10 (§4.6.4).</summary>
        public int DnsLookupCount { get; }
        /// <summary>Lookups that returned no records (NXDOMAIN or NODATA), counted against the limit of 2 (§4.6.4).</summary>
        public int VoidLookupCount { get; }
        /// <summary>Every step, in order.</summary>
        public IReadOnlyList<SpfTraceStep> Trace { get; }
        /// <summary>The receiving host's name used in the header.</summary>
        public string ReceivingHost { get; }

        /// <summary>A Received-SPF header field value (RFC 7208 §9.1).</summary>
        public string ReceivedSpf
        {
            get
            {
                string comment = $"{ReceivingHost}: " + Result switch
                {
                    SpfResult.pass => $"domain of {Sender} designates {IPAddress} as permitted sender",
                    SpfResult.fail => $"domain of {Sender} does not designate {IPAddress} as permitted sender",
                    SpfResult.softfail => $"transitioning domain of {Sender} does not designate {IPAddress} as permitted sender",
                    SpfResult.neutral => $"{IPAddress} is neither permitted nor denied by domain of {Sender}",
                    SpfResult.none => $"domain of {Sender} does not designate permitted sender hosts",
                    SpfResult.temperror => $"error in processing during lookup of {Sender}",
                    _ => $"permanent error in processing domain of {Sender}",
                };
                var pairs = new List<string> { "client-ip=" + IPAddress };
                if (Identity == "mailfrom") pairs.Add("envelope-from=" + Quote(Sender));
                if (Helo.Length > 0) pairs.Add("helo=" + Quote(Helo));
                pairs.Add("identity=" + Identity);
                if (Result == SpfResult.permerror && Reason != null) pairs.Add("problem=" + Quote(Reason));
                pairs.Add("receiver=" + Quote(ReceivingHost));
                return $"{Result} ({Escape(comment)}) {string.Join("; ", pairs)};";
            }
        }

        /// <summary>The RFC 8601 Authentication-Results method result, such as <c>spf=pass smtp.mailfrom=example.com</c>.</summary>
        public string AuthenticationResult
            => Identity == "helo" ? $"spf={Result} smtp.helo={Helo}" : $"spf={Result} smtp.mailfrom={Sender}";

        /// <inheritdoc />
        public override string ToString() => $"{Result} ({Identity} {Sender}, {IPAddress})";

        // RFC 5322 quoted-string for values that are not dot-atoms.
        private static string Quote(string value)
        {
            foreach (char c in value)
            {
                bool atext = char.IsLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~.@".IndexOf(c) >= 0;
                if (!atext || c > 0x7e) return "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
            }
            return value.Length == 0 ? "\"\"" : value;
        }

        private static string Escape(string comment) => comment.Replace("\\", "\\\\").Replace("(", "\\(").Replace(")", "\\)");
    }
}
