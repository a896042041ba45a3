using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dns;
using Xunit;

namespace MailAuth.Tests.Dns
{
    public class ZoneFileResolverTests
    {
        private static string ZonePath(string name) => ZoneFileParserTests.ZonePath(name);

        private static ZoneFileResolver Example() => ZoneFileResolver.Load(new[] { ZonePath("example.com.zone") });

        [Fact]
        public async Task Records_FromTheApex()
        {
            var result = await Example().QueryAsync("example.com", DnsRecordType.MX);
            Assert.Equal(DnsOutcome.Records, result.Outcome);
            Assert.Equal(new[] { "mail.example.com", "mail.backup.example.net" }, result.RecordsOf<MxRecord>().Select(r => r.Exchange));
            Assert.Equal("zonefile:example.com.zone", result.Server);
            Assert.Empty(result.CnameChain);
        }

        [Fact]
        public async Task QueryNamesAreNormalised()
        {
            var result = await Example().QueryAsync("MAIL.Example.COM.", DnsRecordType.A);
            Assert.Equal("mail.example.com", result.Name);
            Assert.Equal("192.0.2.25", Assert.Single(result.Records).Data);
        }

        [Fact]
        public async Task NxDomain_ForAMissingNameInTheZone_WithTheSoaMinimumAsNegativeTtl()
        {
            var result = await Example().QueryAsync("nothere.example.com", DnsRecordType.A);
            Assert.Equal(DnsOutcome.NxDomain, result.Outcome);
            Assert.Empty(result.Records);
            Assert.Equal(300, result.NegativeTtl); // SOA MINIMUM 300 < TTL 3600 (RFC 2308 §5)
        }

        [Fact]
        public async Task NoData_WhenTheNameHasOtherTypes()
        {
            var resolver = Example();
            Assert.Equal(DnsOutcome.NoData, (await resolver.QueryAsync("mail.example.com", DnsRecordType.TXT)).Outcome);
            Assert.Equal(DnsOutcome.NoData, (await resolver.QueryAsync("example.com", DnsRecordType.AAAA)).Outcome);
        }

        [Fact]
        public async Task EmptyNonTerminal_IsNoData_NotNxDomain()
        {
            var resolver = Example();
            // _dmarc.example.com exists only because a._dmarc.example.com does (RFC 8020).
            Assert.Equal(DnsOutcome.NoData, (await resolver.QueryAsync("_dmarc.example.com", DnsRecordType.TXT)).Outcome);
            Assert.Equal(DnsOutcome.NoData, (await resolver.QueryAsync("_tcp.example.com", DnsRecordType.SRV)).Outcome);
            Assert.Equal(DnsOutcome.NoData, (await resolver.QueryAsync("_tcp.mail.example.com", DnsRecordType.TLSA)).Outcome);
            var dmarc = await resolver.QueryAsync("a._dmarc.example.com", DnsRecordType.TXT);
            Assert.Equal("v=DMARC1; p=none", Assert.Single(dmarc.RecordsOf<TxtRecord>()).Text);
            Assert.Equal(DnsOutcome.NxDomain, (await resolver.QueryAsync("b._dmarc.example.com", DnsRecordType.TXT)).Outcome);
        }

        [Fact]
        public async Task Cname_IsFollowed()
        {
            var result = await Example().QueryAsync("www.example.com", DnsRecordType.A);
            Assert.Equal(DnsOutcome.Records, result.Outcome);
            Assert.Equal("192.0.2.80", Assert.Single(result.Records).Data);
            var cname = Assert.IsType<NameRecord>(Assert.Single(result.CnameChain));
            Assert.Equal(("www.example.com", "web.example.com"), (cname.Name, cname.Target));
        }

        [Fact]
        public async Task CnameChain_IsFollowedInOrder()
        {
            var result = await Example().QueryAsync("alias1.example.com", DnsRecordType.A);
            Assert.Equal(DnsOutcome.Records, result.Outcome);
            Assert.Equal("192.0.2.80", Assert.Single(result.Records).Data);
            Assert.Equal(new[] { "alias1.example.com", "alias2.example.com", "www.example.com" }, result.CnameChain.Select(r => r.Name));
        }

        [Fact]
        public async Task CnameQuery_ReturnsTheCnameItself()
        {
            var result = await Example().QueryAsync("www.example.com", DnsRecordType.CNAME);
            Assert.Equal(DnsOutcome.Records, result.Outcome);
            Assert.Equal("web.example.com", Assert.IsType<NameRecord>(Assert.Single(result.Records)).Target);
        }

        [Fact]
        public async Task CnameLoop_IsATemporaryFailure()
        {
            var result = await Example().QueryAsync("loop1.example.com", DnsRecordType.A);
            Assert.Equal(DnsOutcome.TemporaryFailure, result.Outcome);
        }

        [Fact]
        public async Task CnameOutOfTheZone_EndsInNxDomainWithTheChain()
        {
            var result = await Example().QueryAsync("out.example.com", DnsRecordType.TXT);
            Assert.Equal(DnsOutcome.NxDomain, result.Outcome);
            Assert.Equal("target.example.net", Assert.IsType<NameRecord>(Assert.Single(result.CnameChain)).Target);
        }

        [Fact]
        public async Task Wildcard_AnswersForMissingNamesBelowIt()
        {
            var resolver = Example();
            var result = await resolver.QueryAsync("foo.wild.example.com", DnsRecordType.TXT);
            Assert.Equal(DnsOutcome.Records, result.Outcome);
            var txt = Assert.Single(result.RecordsOf<TxtRecord>());
            Assert.Equal(("foo.wild.example.com", "wildcard"), (txt.Name, txt.Text));
            // RFC 4592: the closest encloser of x.y.wild is wild, so its wildcard answers too.
            Assert.Equal("wildcard", Assert.Single((await resolver.QueryAsync("x.y.wild.example.com", DnsRecordType.TXT)).RecordsOf<TxtRecord>()).Text);
            Assert.Equal(DnsOutcome.NoData, (await resolver.QueryAsync("foo.wild.example.com", DnsRecordType.A)).Outcome);
            // The wildcard's parent is an empty non-terminal, not matched by the wildcard.
            Assert.Equal(DnsOutcome.NoData, (await resolver.QueryAsync("wild.example.com", DnsRecordType.TXT)).Outcome);
        }

        [Fact]
        public async Task NamesFromAfterAnOriginChangeResolve()
        {
            var resolver = Example();
            Assert.Equal("origin is sub", Assert.Single((await resolver.QueryAsync("sub.example.com", DnsRecordType.TXT)).RecordsOf<TxtRecord>()).Text);
            Assert.Equal("192.0.2.100", Assert.Single((await resolver.QueryAsync("host.sub.example.com", DnsRecordType.A)).Records).Data);
        }

        [Fact]
        public async Task SkippedSpfTypeRecord_IsNotAnsweredAsTxt()
        {
            var result = await Example().QueryAsync("spf-type.example.com", DnsRecordType.TXT);
            Assert.NotEqual(DnsOutcome.Records, result.Outcome);
        }

        [Fact]
        public void Covers_TheZoneAndEverythingBelowIt()
        {
            var resolver = Example();
            Assert.True(resolver.Covers("example.com"));
            Assert.True(resolver.Covers("WWW.EXAMPLE.COM."));
            Assert.True(resolver.Covers("deep.below.sub.example.com"));
            Assert.True(resolver.Covers("nothere.example.com"));
            Assert.False(resolver.Covers("example.net"));
            Assert.False(resolver.Covers("com"));
            Assert.False(resolver.Covers("notexample.com"));
            Assert.Equal(new[] { "example.com" }, resolver.Store.Apexes);
        }

        [Fact]
        public async Task NamesOutsideEveryZone_AreNxDomain()
        {
            var resolver = Example();
            // "com" is an ancestor of the zone's names but not in it.
            Assert.Equal(DnsOutcome.NxDomain, (await resolver.QueryAsync("com", DnsRecordType.NS)).Outcome);
            Assert.Equal(DnsOutcome.NxDomain, (await resolver.QueryAsync("example.net", DnsRecordType.A)).Outcome);
            Assert.Equal(DnsOutcome.NxDomain, (await resolver.QueryAsync("ns2.example.net", DnsRecordType.A)).Outcome);
        }

        [Fact]
        public async Task FileWithoutSoaOrOrigin_EveryOwnerIsAZone()
        {
            var resolver = ZoneFileResolver.Load(new[] { ZonePath("whatif.zone") });
            Assert.Equal(new[] { "other.example.net", "planned.example.org" }, resolver.Store.Apexes.OrderBy(a => a, StringComparer.Ordinal));
            Assert.True(resolver.Covers("_dmarc.planned.example.org"));
            Assert.True(resolver.Covers("anything.planned.example.org"));
            Assert.False(resolver.Covers("example.org"));
            Assert.False(resolver.Covers("unplanned.example.org"));

            var dmarc = await resolver.QueryAsync("_dmarc.planned.example.org", DnsRecordType.TXT);
            Assert.Equal("v=DMARC1; p=reject; rua=mailto:dmarc@planned.example.org", Assert.Single(dmarc.RecordsOf<TxtRecord>()).Text);
            Assert.Equal(DnsOutcome.NxDomain, (await resolver.QueryAsync("nothere.planned.example.org", DnsRecordType.TXT)).Outcome);
            Assert.Equal(DnsOutcome.NoData, (await resolver.QueryAsync("planned.example.org", DnsRecordType.MX)).Outcome);
            Assert.Equal(DnsOutcome.NxDomain, (await resolver.QueryAsync("example.org", DnsRecordType.TXT)).Outcome);
            Assert.Equal("", Assert.Single((await resolver.QueryAsync("other.example.net", DnsRecordType.MX)).RecordsOf<MxRecord>()).Exchange);
        }

        [Fact]
        public async Task FileWithoutSoa_TheFirstOriginIsTheZone()
        {
            var resolver = ZoneFileResolver.Load(new[] { ZonePath("origin-only.zone") });
            Assert.Equal(new[] { "example.org" }, resolver.Store.Apexes);
            Assert.True(resolver.Covers("x.deeper.example.org"));
            Assert.False(resolver.Covers("example.net"));
            Assert.Equal("198.51.100.11", Assert.Single((await resolver.QueryAsync("x.deeper.example.org", DnsRecordType.A)).Records).Data);
            Assert.Equal(DnsOutcome.NxDomain, (await resolver.QueryAsync("y.example.org", DnsRecordType.A)).Outcome);
        }

        [Fact]
        public void FileWithoutSoaOrOriginDirective_TheDefaultOriginIsTheZone()
        {
            var content = ZoneFileParser.Parse("$TTL 60\nwww A 192.0.2.1\n", "snippet", "example.com");
            var resolver = new ZoneFileResolver(content);
            Assert.Equal(new[] { "example.com" }, resolver.Store.Apexes);
            Assert.Equal("zonefile:snippet", resolver.Store.Source);
        }

        [Fact]
        public async Task SeveralFiles_AreMerged()
        {
            var resolver = ZoneFileResolver.Load(new[] { ZonePath("example.com.zone"), ZonePath("whatif.zone") });
            Assert.Equal("zonefile:example.com.zone,whatif.zone", resolver.Store.Source);
            Assert.Equal(2, resolver.Files.Count);
            Assert.Equal(2, resolver.Warnings.Count); // SPF and CAA from example.com.zone
            Assert.True(resolver.Covers("www.example.com"));
            Assert.True(resolver.Covers("planned.example.org"));
            var result = await resolver.QueryAsync("planned.example.org", DnsRecordType.TXT);
            Assert.Equal("v=spf1 include:spf.example.net -all", Assert.Single(result.RecordsOf<TxtRecord>()).Text);
            Assert.Equal("zonefile:example.com.zone,whatif.zone", result.Server);
        }

        [Fact]
        public async Task CancelledToken_Throws()
        {
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Example().QueryAsync("example.com", DnsRecordType.A, cts.Token));
        }

        [Fact]
        public async Task ArgumentGuards()
        {
            var resolver = Example();
            await Assert.ThrowsAsync<ArgumentNullException>(() => resolver.QueryAsync(null!, DnsRecordType.A));
            Assert.Throws<ArgumentNullException>(() => resolver.Covers(null!));
            Assert.Throws<ArgumentNullException>(() => ZoneFileResolver.Load(null!));
            Assert.Throws<ArgumentException>(() => ZoneFileResolver.Load(Array.Empty<string>()));
            Assert.Throws<ArgumentException>(() => ZoneFileResolver.Load(new string[] { null! }));
            Assert.Throws<ArgumentNullException>(() => new ZoneFileResolver((System.Collections.Generic.IEnumerable<ZoneFileContent>)null!));
            Assert.Throws<ArgumentException>(() => new ZoneFileResolver(Array.Empty<ZoneFileContent>()));
            Assert.Throws<ZoneFileException>(() => ZoneFileResolver.Load(new[] { ZonePath("include.zone") }));
        }
    }
}
