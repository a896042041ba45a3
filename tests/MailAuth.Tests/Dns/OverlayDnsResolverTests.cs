using System.Linq;
using System.Threading.Tasks;
using MailAuth.Dns;
using Xunit;

namespace MailAuth.Tests.Dns
{
    public class OverlayDnsResolverTests
    {
        [Fact]
        public async Task NamesInsideTheOverlayComeFromItAndOthersFromTheFallback()
        {
            var planned = new DnsRecordStore();
            planned.AddApex("contoso.example");
            planned.Add(new TxtRecord("contoso.example", 300, new[] { "v=spf1 include:spf.provider.example -all" }));
            planned.Add(new NameRecord("selector1._domainkey.contoso.example", 300, DnsRecordType.CNAME, "key1.provider.example"));

            var live = new InMemoryDnsResolver();
            live.Store.AddApex("contoso.example");
            live.Store.AddApex("provider.example");
            live.AddTxt("contoso.example", "v=spf1 -all");
            live.AddTxt("spf.provider.example", "v=spf1 ip4:192.0.2.0/24 -all");
            live.AddTxt("key1.provider.example", "v=DKIM1; p=");

            var overlay = new OverlayDnsResolver(planned, live);
            var own = await overlay.QueryAsync("contoso.example", DnsRecordType.TXT);
            Assert.Equal("v=spf1 include:spf.provider.example -all", own.RecordsOf<TxtRecord>().Single().Text);
            var other = await overlay.QueryAsync("spf.provider.example", DnsRecordType.TXT);
            Assert.Equal("v=spf1 ip4:192.0.2.0/24 -all", other.RecordsOf<TxtRecord>().Single().Text);
            // A name the overlay owns but does not hold is NXDOMAIN there, not a fall-through.
            Assert.Equal(DnsOutcome.NxDomain, (await overlay.QueryAsync("www.contoso.example", DnsRecordType.A)).Outcome);

            // A CNAME leaving the overlay is chased in the fallback, and the chain is kept.
            var chased = await overlay.QueryAsync("selector1._domainkey.contoso.example", DnsRecordType.TXT);
            Assert.Equal(DnsOutcome.Records, chased.Outcome);
            Assert.Equal("key1.provider.example", ((NameRecord)Assert.Single(chased.CnameChain)).Target);
            Assert.Equal(2, live.QueryCount); // spf.provider.example and key1.provider.example
        }
    }
}
