using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;

namespace MailAuth.Dns
{
    /// <summary>Builds the resolver a run uses from <see cref="DnsResolverOptions"/>, the same way for every cmdlet.</summary>
    public static class DnsResolverFactory
    {
        /// <summary>
        /// Zone files alone: answers only from the files (offline; other names are NXDOMAIN).
        /// Zone files and servers: the files layered over those servers (<c>system</c> names the system's resolvers).
        /// Servers alone, or nothing: the network. Network answers are cached for the run.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
        /// <exception cref="FormatException">A server address is invalid.</exception>
        /// <exception cref="ZoneFileException">A zone file cannot be read.</exception>
        /// <exception cref="System.IO.IOException">A zone file cannot be opened.</exception>
        public static IDnsResolver Create(DnsResolverOptions options)
        {
            if (options is null) throw new ArgumentNullException(nameof(options));
            ZoneFileResolver? zones = options.ZoneFiles.Count > 0 ? ZoneFileResolver.Load(options.ZoneFiles) : null;
            if (zones != null && options.Servers.Count == 0) return zones;
            var network = new CachingDnsResolver(new NetworkDnsResolver(ParseServers(options.Servers), options.Timeout, options.Retries));
            return zones is null ? network : new OverlayDnsResolver(zones.Store, network);
        }

        /// <summary>Parses server addresses; <c>system</c> (or none) means the system's resolvers.</summary>
        /// <exception cref="FormatException">An address is invalid.</exception>
        public static IReadOnlyList<IPEndPoint> ParseServers(IEnumerable<string>? servers)
        {
            var list = (servers ?? Array.Empty<string>()).Where(s => !string.IsNullOrWhiteSpace(s)).ToList();
            if (list.Any(s => string.Equals(s.Trim(), "system", StringComparison.OrdinalIgnoreCase)))
            {
                if (list.Count > 1) throw new FormatException("'system' stands for the system's resolvers and cannot be combined with server addresses.");
                return Array.Empty<IPEndPoint>();
            }
            return list.Select(DnsServerEndpoint.Parse).ToList();
        }
    }
}
