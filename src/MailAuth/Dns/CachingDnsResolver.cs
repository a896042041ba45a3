using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace MailAuth.Dns
{
    /// <summary>
    /// Shares answers across a whole pipeline: honours TTLs (negative answers per RFC 2308), and lets
    /// concurrent callers of the same question wait on one query. Temporary failures are shared
    /// while in flight but never kept, so the next question asks again.
    /// </summary>
    public sealed class CachingDnsResolver : IDnsResolver
    {
        private readonly IDnsResolver _inner;
        private readonly Func<DateTime> _clock;
        private readonly ConcurrentDictionary<(string Name, DnsRecordType Type), Entry> _entries = new ConcurrentDictionary<(string, DnsRecordType), Entry>();
        private int _misses;
        private int _hits;

        /// <summary>Creates a cache in front of <paramref name="inner"/>.</summary>
        /// <param name="inner">The resolver that answers misses.</param>
        /// <param name="clock">UTC clock; injectable for tests.</param>
        /// <param name="maxTtl">Upper bound on how long any answer is kept (default one day).</param>
        /// <param name="defaultNegativeTtl">How long NXDOMAIN/NODATA is kept when the answer gives no SOA (default 5 minutes).</param>
        /// <exception cref="ArgumentNullException"><paramref name="inner"/> is null.</exception>
        public CachingDnsResolver(IDnsResolver inner, Func<DateTime>? clock = null, TimeSpan? maxTtl = null, TimeSpan? defaultNegativeTtl = null)
        {
            _inner = inner ?? throw new ArgumentNullException(nameof(inner));
            _clock = clock ?? (() => DateTime.UtcNow);
            MaxTtl = maxTtl ?? TimeSpan.FromDays(1);
            DefaultNegativeTtl = defaultNegativeTtl ?? TimeSpan.FromMinutes(5);
        }

        /// <summary>Upper bound on how long an answer is kept.</summary>
        public TimeSpan MaxTtl { get; }
        /// <summary>How long a negative answer without SOA is kept.</summary>
        public TimeSpan DefaultNegativeTtl { get; }
        /// <summary>Questions passed to the inner resolver.</summary>
        public int Misses => Volatile.Read(ref _misses);
        /// <summary>Questions answered from the cache or from a query already in flight.</summary>
        public int Hits => Volatile.Read(ref _hits);

        /// <inheritdoc />
        public Task<DnsQueryResult> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
        {
            if (name is null) throw new ArgumentNullException(nameof(name));
            var key = (DnsName.Normalize(name), type);
            while (true)
            {
                if (_entries.TryGetValue(key, out var existing))
                {
                    if (!existing.Task.IsCompleted || _clock() < existing.Expires)
                    {
                        Interlocked.Increment(ref _hits);
                        return WaitAsync(existing.Task, cancellationToken);
                    }
                    // Expired: remove only this entry, then race to add a fresh one.
                    ((System.Collections.Generic.ICollection<System.Collections.Generic.KeyValuePair<(string, DnsRecordType), Entry>>)_entries)
                        .Remove(new System.Collections.Generic.KeyValuePair<(string, DnsRecordType), Entry>(key, existing));
                    continue;
                }
                // The entry's task exists before the entry is published, so a concurrent reader never sees it half made.
                var entry = new Entry();
                if (!_entries.TryAdd(key, entry)) continue;
                Interlocked.Increment(ref _misses);
                _ = RunAsync(key, entry);
                return WaitAsync(entry.Task, cancellationToken);
            }
        }

        private async Task RunAsync((string Name, DnsRecordType Type) key, Entry entry)
        {
            DnsQueryResult result;
            try
            {
                // Not the caller's token: other callers may be waiting on this query. The inner
                // resolver's own timeout bounds it; callers stop waiting when they are cancelled.
                result = await _inner.QueryAsync(key.Name, key.Type, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                result = DnsQueryResult.TempFail(key.Name, key.Type, e.GetType().Name + ": " + e.Message);
            }
            TimeSpan keep;
            switch (result.Outcome)
            {
                case DnsOutcome.Records:
                    keep = TimeSpan.FromSeconds(result.MinTtl ?? 0);
                    break;
                case DnsOutcome.NoData:
                case DnsOutcome.NxDomain:
                    keep = result.NegativeTtl is int n ? TimeSpan.FromSeconds(n) : DefaultNegativeTtl;
                    break;
                default:
                    keep = TimeSpan.Zero;
                    break;
            }
            if (keep > MaxTtl) keep = MaxTtl;
            entry.Expires = _clock() + keep;
            entry.Source.SetResult(result);
        }

        private static async Task<DnsQueryResult> WaitAsync(Task<DnsQueryResult> task, CancellationToken cancellationToken)
        {
            if (task.IsCompleted || !cancellationToken.CanBeCanceled) return await task.ConfigureAwait(false);
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(() => cancelled.TrySetResult(true)))
            {
                if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) != task)
                    throw new OperationCanceledException(cancellationToken);
            }
            return await task.ConfigureAwait(false);
        }

        private sealed class Entry
        {
            public readonly TaskCompletionSource<DnsQueryResult> Source = new TaskCompletionSource<DnsQueryResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            public DateTime Expires = DateTime.MaxValue;
            public Task<DnsQueryResult> Task => Source.Task;
        }
    }
}
