using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace MailAuth.Dns
{
    /// <summary>
    /// A resolver over records held in memory, for unit tests and offline data. Names outside every
    /// declared zone are NXDOMAIN. Faults can be injected per name: a temporary failure, or a delay.
    /// </summary>
    public sealed class InMemoryDnsResolver : IDnsResolver
    {
        private readonly ConcurrentDictionary<(string, DnsRecordType?), string> _failures = new ConcurrentDictionary<(string, DnsRecordType?), string>();
        private int _queryCount;
        // Finished answers by the name as asked: answers are immutable, and a completed task can be
        // handed out again, so a repeated question costs a dictionary lookup (benchmarks, audits of
        // zone files). Dropped whenever the store or the injected failures change.
        private readonly ConcurrentDictionary<(string, DnsRecordType), Task<DnsQueryResult>> _answers = new ConcurrentDictionary<(string, DnsRecordType), Task<DnsQueryResult>>();
        private int _answersVersion = -1;

        /// <summary>Creates a resolver over <paramref name="store"/>, or over a new empty store.</summary>
        public InMemoryDnsResolver(DnsRecordStore? store = null)
        {
            Store = store ?? new DnsRecordStore();
        }

        /// <summary>The records answered from.</summary>
        public DnsRecordStore Store { get; }

        /// <summary>How many queries were asked (every call, including failures).</summary>
        public int QueryCount => Volatile.Read(ref _queryCount);

        /// <summary>A delay applied to every query, to test concurrency and timeouts.</summary>
        public TimeSpan Delay { get; set; }

        /// <summary>Adds a record.</summary>
        public InMemoryDnsResolver Add(DnsRecord record)
        {
            Store.Add(record);
            return this;
        }

        /// <summary>Adds a TXT record with one or more character-strings.</summary>
        public InMemoryDnsResolver AddTxt(string name, params string[] strings) => Add(new TxtRecord(name, 300, strings));

        /// <summary>Makes queries for <paramref name="name"/> (of <paramref name="type"/>, or of every type) fail temporarily.</summary>
        public InMemoryDnsResolver Fail(string name, DnsRecordType? type = null, string reason = "injected failure")
        {
            _failures[(DnsName.Normalize(name), type)] = reason;
            _answers.Clear();
            return this;
        }

        /// <inheritdoc />
        public Task<DnsQueryResult> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
        {
            if (name is null) throw new ArgumentNullException(nameof(name));
            if (Delay > TimeSpan.Zero || cancellationToken.IsCancellationRequested) return QueryCoreAsync(name, type, cancellationToken);
            Interlocked.Increment(ref _queryCount);
            int version = Store.Version;
            if (version != Volatile.Read(ref _answersVersion))
            {
                _answers.Clear();
                Volatile.Write(ref _answersVersion, version);
            }
            if (_answers.TryGetValue((name, type), out var cached)) return cached;
            var answer = Task.FromResult(Answer(name, type));
            // Only kept when nothing changed meanwhile; a stale answer must not outlive an Add.
            if (Store.Version == version) _answers[(name, type)] = answer;
            return answer;
        }

        private async Task<DnsQueryResult> QueryCoreAsync(string name, DnsRecordType type, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _queryCount);
            if (Delay > TimeSpan.Zero) await Task.Delay(Delay, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return Answer(name, type);
        }

        private DnsQueryResult Answer(string name, DnsRecordType type)
        {
            string n = DnsName.Normalize(name);
            if (_failures.TryGetValue((n, type), out var reason) || _failures.TryGetValue((n, null), out reason))
                return DnsQueryResult.TempFail(n, type, reason, Store.Source);
            return Store.Query(n, type);
        }
    }
}
