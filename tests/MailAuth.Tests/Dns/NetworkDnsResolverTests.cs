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

        [Theory]
        [InlineData(false, DnsOutcome.NxDomain)]
        [InlineData(true, DnsOutcome.TemporaryFailure)]
        public async Task AnAnswerToAnotherQuestionIsATemporaryFailureNotNxDomain(bool otherName, DnsOutcome expected)
        {
            // DnsClient checks the message ID only; a reply naming another question must not count as "no such name".
            using var server = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            var endpoint = (IPEndPoint)server.Client.LocalEndPoint!;
            var responder = RespondNxDomainAsync(server, otherName);
            var resolver = new NetworkDnsResolver(new[] { endpoint }, TimeSpan.FromSeconds(5), retries: 0);
            var result = await resolver.QueryAsync("mail.example.com", DnsRecordType.TXT);
            await responder;
            Assert.Equal(expected, result.Outcome);
            if (otherName) Assert.Contains("another question", result.Error);
        }

        // Answers one query with NXDOMAIN, echoing its ID and question, or a question for a name one letter different.
        private static async Task RespondNxDomainAsync(UdpClient server, bool otherName)
        {
            var received = await server.ReceiveAsync();
            byte[] q = received.Buffer;
            int end = 12;
            while (q[end] != 0) end += q[end] + 1;
            end += 5;                                  // the root label, QTYPE and QCLASS
            var reply = new byte[end];
            Array.Copy(q, reply, end);
            reply[2] = (byte)(0x80 | (q[2] & 0x79));   // QR set; opcode and RD kept
            reply[3] = 0x83;                           // RA, rcode 3 (NXDOMAIN)
            for (int i = 6; i < 12; i++) reply[i] = 0; // no answer, authority or additional records
            if (otherName) reply[13] = (byte)(reply[13] == (byte)'z' ? 'y' : 'z');
            await server.SendAsync(reply, reply.Length, received.RemoteEndPoint);
        }

        [Fact]
        public void RejectsNonPositiveTimeout()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new NetworkDnsResolver(null, TimeSpan.Zero));
        }
    }
}
