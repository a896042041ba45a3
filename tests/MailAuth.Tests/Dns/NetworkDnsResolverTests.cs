using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using MailAuth.Dns;
using Xunit;

namespace MailAuth.Tests.Dns
{
    public class NetworkDnsResolverTests
    {
        [Fact]
        public async Task AServerThatNeverAnswersIsATemporaryFailureWithinTheTimeout()
        {
            // A bound socket that reads nothing: queries go unanswered (no ICMP error either).
            using var silent = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            var endpoint = (IPEndPoint)silent.Client.LocalEndPoint!;
            var resolver = new NetworkDnsResolver(new[] { endpoint }, TimeSpan.FromMilliseconds(500), retries: 1);
            var watch = Stopwatch.StartNew();
            var result = await resolver.QueryAsync("example.com", DnsRecordType.TXT);
            watch.Stop();
            Assert.Equal(DnsOutcome.TemporaryFailure, result.Outcome);
            Assert.Contains("timeout", result.Error);
            // Two attempts of 0.5 s; the bound is generous, only "not hanging" is checked.
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        }

        [Fact]
        public void RejectsNonPositiveTimeout()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new NetworkDnsResolver(null, TimeSpan.Zero));
        }
    }
}
