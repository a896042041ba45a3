using System.Threading.Tasks;
using MailAuth.Dkim;
using MailAuth.Dns;
using Xunit;

namespace MailAuth.Tests.Dns
{
    /// <summary>The resolver hands out finished answers again; these check that a change to its data is never hidden by that.</summary>
    public class InMemoryDnsResolverTests
    {
        [Fact]
        public async Task ARecordAddedThroughTheStoreIsSeenByTheNextQuery()
        {
            var resolver = new InMemoryDnsResolver();
            resolver.Store.AddApex("example.com");
            var before = await resolver.QueryAsync("mail.example.com", DnsRecordType.A);
            Assert.Equal(DnsOutcome.NxDomain, before.Outcome);

            resolver.Store.Add(new AddressRecord("mail.example.com", 300, System.Net.IPAddress.Parse("192.0.2.1")));
            var after = await resolver.QueryAsync("mail.example.com", DnsRecordType.A);
            Assert.Equal(DnsOutcome.Records, after.Outcome);
            Assert.Equal(2, resolver.QueryCount);
        }

        [Fact]
        public async Task AnInjectedFailureReplacesAnAnswerGivenBefore()
        {
            var resolver = new InMemoryDnsResolver().AddTxt("example.com", "v=spf1 -all");
            Assert.Equal(DnsOutcome.Records, (await resolver.QueryAsync("example.com", DnsRecordType.TXT)).Outcome);
            resolver.Fail("example.com", DnsRecordType.TXT);
            Assert.Equal(DnsOutcome.TemporaryFailure, (await resolver.QueryAsync("example.com", DnsRecordType.TXT)).Outcome);
        }

        [Fact]
        public async Task RepeatedQuestionsGetTheSameAnswerObject()
        {
            var resolver = new InMemoryDnsResolver().AddTxt("example.com", "v=spf1 -all");
            var first = await resolver.QueryAsync("example.com", DnsRecordType.TXT);
            var second = await resolver.QueryAsync("example.com", DnsRecordType.TXT);
            Assert.Same(first, second);
        }

        [Fact]
        public async Task ACancelledTokenStillCancelsAQuery()
        {
            var resolver = new InMemoryDnsResolver().AddTxt("example.com", "v=spf1 -all");
            using var cts = new System.Threading.CancellationTokenSource();
            cts.Cancel();
            await Assert.ThrowsAnyAsync<System.OperationCanceledException>(() => resolver.QueryAsync("example.com", DnsRecordType.TXT, cts.Token));
        }

        [Fact]
        public void TheKeyRecordCacheGivesOneParsedRecordPerText()
        {
            const string text = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
            var a = DkimKeyRecord.ParseCached(text);
            var b = DkimKeyRecord.ParseCached(text);
            Assert.Same(a, b);
            Assert.True(a.IsValid);
        }
    }
}
