using System;
using System.Collections.Generic;

namespace MailAuth.Dns
{
    /// <summary>How to build the resolver for one run: the <c>-Server</c>, <c>-ZoneFile</c> and <c>-DnsTimeoutSec</c> parameters.</summary>
    public sealed class DnsResolverOptions
    {
        /// <summary>Server addresses (<c>addr</c> or <c>addr:port</c>), or <c>system</c> for the system's resolvers; empty for the system's.</summary>
        public IReadOnlyList<string> Servers { get; set; } = Array.Empty<string>();
        /// <summary>Zone files to answer from. Alone they make the run offline; with <see cref="Servers"/> they are layered over the network.</summary>
        public IReadOnlyList<string> ZoneFiles { get; set; } = Array.Empty<string>();
        /// <summary>Time allowed per DNS attempt.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
        /// <summary>Further attempts per server after the first.</summary>
        public int Retries { get; set; } = 1;
    }
}
