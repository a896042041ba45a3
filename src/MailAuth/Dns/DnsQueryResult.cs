using System;
using System.Collections.Generic;
using System.Linq;

namespace MailAuth.Dns
{
    /// <summary>The answer to one query: its outcome, the records of the type asked for, and the CNAME chain followed.</summary>
    public sealed class DnsQueryResult
    {
        private static readonly IReadOnlyList<DnsRecord> NoRecords = Array.Empty<DnsRecord>();

        /// <summary>Creates a result.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
        public DnsQueryResult(string name, DnsRecordType type, DnsOutcome outcome, IEnumerable<DnsRecord>? records = null,
            IEnumerable<DnsRecord>? cnameChain = null, string? error = null, int? negativeTtl = null, string? server = null,
            bool authenticatedData = false)
        {
            Name = DnsName.Normalize(name ?? throw new ArgumentNullException(nameof(name)));
            Type = type;
            Outcome = outcome;
            Records = records?.ToArray() ?? NoRecords;
            CnameChain = cnameChain?.ToArray() ?? NoRecords;
            Error = error;
            NegativeTtl = negativeTtl;
            Server = server;
            AuthenticatedData = authenticatedData;
        }

        /// <summary>The name asked for.</summary>
        public string Name { get; }
        /// <summary>The type asked for.</summary>
        public DnsRecordType Type { get; }
        /// <summary>Records, NODATA, NXDOMAIN or temporary failure.</summary>
        public DnsOutcome Outcome { get; }
        /// <summary>The records of the type asked for (empty unless <see cref="Outcome"/> is <see cref="DnsOutcome.Records"/>).</summary>
        public IReadOnlyList<DnsRecord> Records { get; }
        /// <summary>CNAME records followed from <see cref="Name"/> to the name that holds the answer, in order.</summary>
        public IReadOnlyList<DnsRecord> CnameChain { get; }
        /// <summary>Why the query failed, for <see cref="DnsOutcome.TemporaryFailure"/>.</summary>
        public string? Error { get; }
        /// <summary>How long a negative answer may be cached (SOA MINIMUM, RFC 2308), when known.</summary>
        public int? NegativeTtl { get; }
        /// <summary>Where the answer came from: a server address or a zone file.</summary>
        public string? Server { get; }

        /// <summary>
        /// The AD bit of the answer: the resolver says it validated it with DNSSEC (RFC 4035 §3.2.3). Only a network answer
        /// can carry it; zone files and memory are never validated. DANE needs it (RFC 7672 §2.2).
        /// </summary>
        public bool AuthenticatedData { get; }

        /// <summary>The records as the given subtype.</summary>
        public IEnumerable<T> RecordsOf<T>() where T : DnsRecord => Records.OfType<T>();

        /// <summary>The smallest TTL of the answer and its CNAME chain; null when there are no records.</summary>
        public int? MinTtl
        {
            get
            {
                int? min = null;
                foreach (var r in Records.Concat(CnameChain)) min = min is null ? r.Ttl : Math.Min(min.Value, r.Ttl);
                return min;
            }
        }

        /// <summary>A temporary-failure result.</summary>
        public static DnsQueryResult TempFail(string name, DnsRecordType type, string error, string? server = null)
            => new DnsQueryResult(name, type, DnsOutcome.TemporaryFailure, error: error, server: server);

        /// <inheritdoc />
        public override string ToString() => $"{Name} {Type}: {Outcome}" + (Outcome == DnsOutcome.Records ? $" ({Records.Count})" : Error is null ? "" : $" ({Error})");
    }
}
