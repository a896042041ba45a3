using System;
using System.Threading;
using System.Threading.Tasks;

namespace MailAuth.Dns
{
    /// <summary>Counts the queries one evaluation asks, whatever answers them (cache or network).</summary>
    public sealed class CountingDnsResolver : IDnsResolver
    {
        private readonly IDnsResolver _inner;
        private int _count;

        /// <summary>Wraps <paramref name="inner"/>.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="inner"/> is null.</exception>
        public CountingDnsResolver(IDnsResolver inner)
        {
            _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        }

        /// <summary>Queries asked so far.</summary>
        public int Count => Volatile.Read(ref _count);

        /// <inheritdoc />
        public Task<DnsQueryResult> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return _inner.QueryAsync(name, type, cancellationToken);
        }
    }
}
