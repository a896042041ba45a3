using System.Linq;
using System.Threading.Tasks;
using MailAuth.Dns;
using MailAuth.Spf;
using Xunit;

namespace MailAuth.Tests.Spf
{
    public class SpfRecordLookupTests
    {
        private static InMemoryDnsResolver Zone()
        {
            var r = new InMemoryDnsResolver();
            r.Store.AddApex("example.com");
            return r;
        }

        [Fact]
        public async Task SelectsTheSpfRecordAmongOtherTxtRecords()
        {
            var dns = Zone().AddTxt("example.com", "google-site-verification=abc").AddTxt("example.com", "v=spf1 mx -all");
            var result = await SpfRecordLookup.GetAsync("example.com", dns);
            Assert.Equal(SpfRecordStatus.found, result.Status);
            Assert.Equal("v=spf1 mx -all", result.Record);
            Assert.Empty(result.Findings);
            Assert.Equal(new[] { "mx", "all" }, result.Terms.Select(t => t.Name));
        }

        [Fact]
        public async Task JoinsCharacterStringsWithoutSpaces()
        {
            // RFC 7208 §3.3: strings are concatenated with no spaces inserted, even mid-token.
            var dns = Zone().AddTxt("example.com", "v=spf1 ip4:", "192.0.2.5 -a", "ll");
            var result = await SpfRecordLookup.GetAsync("example.com", dns);
            Assert.Equal("v=spf1 ip4:192.0.2.5 -all", result.Record);
            Assert.Equal(new[] { "v=spf1 ip4:", "192.0.2.5 -a", "ll" }, result.Strings);
            Assert.Equal(SpfRecordStatus.found, result.Status);
        }

        [Fact]
        public async Task NxDomainNoDataAndNonSpfTxtAreNone()
        {
            var dns = Zone().Add(new AddressRecord("host.example.com", 300, System.Net.IPAddress.Parse("192.0.2.1")))
                .AddTxt("txt.example.com", "v=spf10 +all");
            foreach (var name in new[] { "missing.example.com", "host.example.com", "txt.example.com" })
            {
                var result = await SpfRecordLookup.GetAsync(name, dns);
                Assert.Equal(SpfRecordStatus.none, result.Status);
                Assert.Null(result.Record);
                Assert.Equal("Spf.NoRecord", Assert.Single(result.Findings).Id);
            }
        }

        [Fact]
        public async Task TemporaryFailureIsTemperrorNeverNone()
        {
            var dns = Zone().AddTxt("example.com", "v=spf1 -all").Fail("example.com", DnsRecordType.TXT, "timeout");
            var result = await SpfRecordLookup.GetAsync("example.com", dns);
            Assert.Equal(SpfRecordStatus.temperror, result.Status);
            Assert.Equal("timeout", result.Error);
            Assert.Equal("Spf.DnsTemporaryFailure", Assert.Single(result.Findings).Id);
        }

        [Fact]
        public async Task TwoRecordsArePermerror()
        {
            var dns = Zone().AddTxt("example.com", "v=spf1 -all").AddTxt("example.com", "V=SPF1 +all");
            var result = await SpfRecordLookup.GetAsync("example.com", dns);
            Assert.Equal(SpfRecordStatus.permerror, result.Status);
            Assert.Equal(2, result.AllRecords.Count);
            Assert.Null(result.Record);
            Assert.Equal("Spf.MultipleRecords", Assert.Single(result.Findings).Id);
        }

        [Fact]
        public async Task SyntaxErrorIsPermerrorWithTheRecordKept()
        {
            var dns = Zone().AddTxt("example.com", "v=spf1 ip4:192.0.2.300 -all");
            var result = await SpfRecordLookup.GetAsync("example.com", dns);
            Assert.Equal(SpfRecordStatus.permerror, result.Status);
            Assert.Equal("v=spf1 ip4:192.0.2.300 -all", result.Record);
            Assert.Contains("position 8", Assert.Single(result.Findings).Message);
        }
    }
}
