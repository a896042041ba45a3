using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dns;
using Xunit;

namespace MailAuth.Tests.Dns
{
    public class CachingDnsResolverTests
    {
        private DateTime _now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        private (InMemoryDnsResolver Inner, CachingDnsResolver Cache) Create()
        {
            var inner = new InMemoryDnsResolver();
            inner.Store.AddApex("example.com", negativeTtl: 60);
            inner.Add(new TxtRecord("example.com", 300, new[] { "v=spf1 -all" }));
            return (inner, new CachingDnsResolver(inner, () => _now));
        }

        [Fact]
        public async Task NoSecondQueryWithinTheTtl()
        {
            var (inner, cache) = Create();
            var first = await cache.QueryAsync("example.com", DnsRecordType.TXT);
            _now = _now.AddSeconds(299);
            var second = await cache.QueryAsync("EXAMPLE.com.", DnsRecordType.TXT);
            Assert.Equal(1, inner.QueryCount);
            Assert.Same(first, second);
            Assert.Equal((1, 1), (cache.Misses, cache.Hits));
        }

        [Fact]
        public async Task AsksAgainWhenTheTtlHasPassed()
        {
            var (inner, cache) = Create();
            await cache.QueryAsync("example.com", DnsRecordType.TXT);
            _now = _now.AddSeconds(301);
            await cache.QueryAsync("example.com", DnsRecordType.TXT);
            Assert.Equal(2, inner.QueryCount);
        }

        [Fact]
        public async Task NegativeAnswersAreKeptForTheSoaMinimum()
        {
            var (inner, cache) = Create();
            Assert.Equal(DnsOutcome.NxDomain, (await cache.QueryAsync("nope.example.com", DnsRecordType.TXT)).Outcome);
            _now = _now.AddSeconds(59);
            await cache.QueryAsync("nope.example.com", DnsRecordType.TXT);
            Assert.Equal(1, inner.QueryCount);
            _now = _now.AddSeconds(2);
            await cache.QueryAsync("nope.example.com", DnsRecordType.TXT);
            Assert.Equal(2, inner.QueryCount);
        }

        [Fact]
        public async Task TypesAreCachedSeparately()
        {
            var (inner, cache) = Create();
            await cache.QueryAsync("example.com", DnsRecordType.TXT);
            await cache.QueryAsync("example.com", DnsRecordType.MX);
            Assert.Equal(2, inner.QueryCount);
        }

        [Fact]
        public async Task TemporaryFailuresAreNotKept()
        {
            var (inner, cache) = Create();
            inner.Fail("example.com", DnsRecordType.TXT, "SERVFAIL");
            Assert.Equal(DnsOutcome.TemporaryFailure, (await cache.QueryAsync("example.com", DnsRecordType.TXT)).Outcome);
            await cache.QueryAsync("example.com", DnsRecordType.TXT);
            Assert.Equal(2, inner.QueryCount);
        }

        [Fact]
        public async Task ConcurrentIdenticalQueriesMakeOneQuery()
        {
            var (inner, cache) = Create();
            inner.Delay = TimeSpan.FromMilliseconds(200);
            var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => cache.QueryAsync("example.com", DnsRecordType.TXT))));
            Assert.Equal(1, inner.QueryCount);
            Assert.All(results, r => Assert.Same(results[0], r));
        }

        [Fact]
        public async Task RacingFirstQueriesNeverSeeAHalfMadeEntry()
        {
            // Simultaneous first questions while the inner resolver is still busy synchronously (as a
            // zone-file lookup is): a reader must never find the published entry without its task.
            for (int round = 0; round < 20; round++)
            {
                var inner = new SynchronouslySlowResolver();
                var cache = new CachingDnsResolver(inner, () => _now);
                using var start = new ManualResetEventSlim();
                var tasks = Enumerable.Range(0, 8).Select(_ => Task.Run(() => { start.Wait(); return cache.QueryAsync("example.com", DnsRecordType.TXT); })).ToArray();
                start.Set();
                var results = await Task.WhenAll(tasks);
                Assert.All(results, r => Assert.Equal(DnsOutcome.Records, r.Outcome));
                Assert.Equal(1, inner.QueryCount);
            }
        }

        private sealed class SynchronouslySlowResolver : IDnsResolver
        {
            private int _count;
            public int QueryCount => Volatile.Read(ref _count);

            public Task<DnsQueryResult> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
            {
                Interlocked.Increment(ref _count);
                Thread.Sleep(20);
                return Task.FromResult(new DnsQueryResult(name, type, DnsOutcome.Records, new[] { new TxtRecord(name, 300, new[] { "x" }) }));
            }
        }

        [Fact]
        public async Task ACancelledWaiterDoesNotCancelTheSharedQuery()
        {
            var (inner, cache) = Create();
            inner.Delay = TimeSpan.FromMilliseconds(300);
            using var cts = new CancellationTokenSource();
            var cancelled = cache.QueryAsync("example.com", DnsRecordType.TXT, cts.Token);
            var other = cache.QueryAsync("example.com", DnsRecordType.TXT);
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
            Assert.Equal(DnsOutcome.Records, (await other).Outcome);
            Assert.Equal(1, inner.QueryCount);
        }

        [Fact]
        public async Task ZeroTtlAnswersAreSharedOnlyWhileInFlight()
        {
            var inner = new InMemoryDnsResolver();
            inner.Store.AddApex("example.com");
            inner.Add(new TxtRecord("example.com", 0, new[] { "x" }));
            var cache = new CachingDnsResolver(inner, () => _now);
            await cache.QueryAsync("example.com", DnsRecordType.TXT);
            await cache.QueryAsync("example.com", DnsRecordType.TXT);
            Assert.Equal(2, inner.QueryCount);
        }
    }
}
