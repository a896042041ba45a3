using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace MailAuth.Dns
{
    /// <summary>
    /// Authoritative answers from a set of records held in memory: the data behind the zone-file and
    /// in-memory resolvers. Follows CNAMEs, tells NXDOMAIN from NODATA (empty non-terminals exist,
    /// RFC 8020), and expands wildcards (RFC 4592).
    /// </summary>
    public sealed class DnsRecordStore
    {
        private const int MaxCnameHops = 8;
        private readonly Dictionary<string, List<DnsRecord>> _byName = new Dictionary<string, List<DnsRecord>>(StringComparer.Ordinal);
        private readonly HashSet<string> _existing = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<string> _apexes = new List<string>();
        private readonly HashSet<string> _apexSet = new HashSet<string>(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _negativeTtl = new Dictionary<string, int>(StringComparer.Ordinal);

        private int _version;

        /// <summary>Changes whenever records or apexes are added, so answers cached elsewhere can be dropped.</summary>
        internal int Version => Volatile.Read(ref _version);

        /// <summary>Where the data came from, reported as the answering "server".</summary>
        public string Source { get; set; } = "memory";

        /// <summary>Names of the zones this store answers for (SOA owners or declared origins).</summary>
        public IReadOnlyList<string> Apexes => _apexes;

        /// <summary>All records held.</summary>
        public IEnumerable<DnsRecord> Records => _byName.Values.SelectMany(l => l);

        /// <summary>Declares the store authoritative for <paramref name="apex"/> and the names below it.</summary>
        /// <param name="apex">The zone apex.</param>
        /// <param name="negativeTtl">TTL for negative answers in that zone.</param>
        public void AddApex(string apex, int negativeTtl = 300)
        {
            string a = DnsName.Normalize(apex);
            if (_apexSet.Add(a)) _apexes.Add(a);
            _negativeTtl[a] = negativeTtl;
            Interlocked.Increment(ref _version);
        }

        /// <summary>Adds a record. An SOA record also declares its owner as an apex.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
        public void Add(DnsRecord record)
        {
            if (record is null) throw new ArgumentNullException(nameof(record));
            Interlocked.Increment(ref _version);
            if (!_byName.TryGetValue(record.Name, out var list)) _byName[record.Name] = list = new List<DnsRecord>();
            list.Add(record);
            // Every ancestor of an owner name exists as an (empty) non-terminal.
            string n = record.Name;
            while (_existing.Add(n))
            {
                int dot = n.IndexOf('.');
                if (dot < 0) break;
                n = n.Substring(dot + 1);
            }
            if (record is SoaRecord soa) AddApex(soa.Name, Math.Min(soa.Minimum, soa.Ttl));
        }

        /// <summary>True when <paramref name="name"/> lies in a zone this store answers for.</summary>
        public bool Covers(string name)
        {
            // Walk up the labels: cost grows with the name's depth, not with the number of zones.
            string n = DnsName.Normalize(name);
            while (true)
            {
                if (_apexSet.Contains(n)) return true;
                int dot = n.IndexOf('.');
                if (dot < 0) return _apexSet.Contains(string.Empty);
                n = n.Substring(dot + 1);
            }
        }

        /// <summary>Answers a query from the records held.</summary>
        public DnsQueryResult Query(string name, DnsRecordType type)
        {
            string current = DnsName.Normalize(name);
            var chain = new List<DnsRecord>();
            // Above or beside every zone held: the name is not ours, so it does not exist here
            // (its ancestors only exist as non-terminals of our zones' owner names).
            if (_apexes.Count > 0 && !Covers(current))
                return new DnsQueryResult(name, type, DnsOutcome.NxDomain, server: Source);
            for (int hop = 0; hop <= MaxCnameHops; hop++)
            {
                List<DnsRecord>? node = Lookup(current);
                if (node is null)
                {
                    return new DnsQueryResult(name, type, DnsOutcome.NxDomain, cnameChain: chain, negativeTtl: NegativeTtl(current), server: Source);
                }
                var matches = node.Where(r => r.Type == type).ToList();
                if (matches.Count > 0 || type == DnsRecordType.CNAME)
                {
                    return new DnsQueryResult(name, type, matches.Count > 0 ? DnsOutcome.Records : DnsOutcome.NoData, matches, chain,
                        negativeTtl: NegativeTtl(current), server: Source);
                }
                var cname = node.FirstOrDefault(r => r.Type == DnsRecordType.CNAME) as NameRecord;
                if (cname is null)
                {
                    return new DnsQueryResult(name, type, DnsOutcome.NoData, cnameChain: chain, negativeTtl: NegativeTtl(current), server: Source);
                }
                chain.Add(cname);
                current = cname.Target;
            }
            return DnsQueryResult.TempFail(name, type, $"CNAME chain longer than {MaxCnameHops} hops or looping", Source);
        }

        // The records at a name (wildcard-synthesised if needed), an empty list for an empty
        // non-terminal, or null when the name does not exist.
        private List<DnsRecord>? Lookup(string name)
        {
            if (_byName.TryGetValue(name, out var list)) return list;
            if (_existing.Contains(name)) return new List<DnsRecord>();
            // RFC 4592 §3.3.1: the closest encloser's wildcard, if any, answers for a name that does not exist.
            string n = name;
            while (true)
            {
                int dot = n.IndexOf('.');
                if (dot < 0) return null;
                n = n.Substring(dot + 1);
                if (_existing.Contains(n))
                {
                    if (_byName.TryGetValue("*." + n, out var wild)) return wild.Select(r => r.With(name, r.Ttl)).ToList();
                    return null;
                }
            }
        }

        private int NegativeTtl(string name)
        {
            int ttl = 300;
            int best = -1;
            foreach (var kv in _negativeTtl)
            {
                if (DnsName.IsAtOrBelow(name, kv.Key) && kv.Key.Length > best) { best = kv.Key.Length; ttl = kv.Value; }
            }
            return ttl;
        }
    }
}
