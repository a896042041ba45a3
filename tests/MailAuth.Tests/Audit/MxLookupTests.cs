using System.Linq;
using System.Net;
using System.Threading.Tasks;
using MailAuth.Dns;
using MailAuth.Mx;
using Xunit;

namespace MailAuth.Tests.Audit
{
    /// <summary>MX lookups: one test per finding that triggers it, and a clean case that does not.</summary>
    public class MxLookupTests
    {
        [Fact]
        public async Task CleanMxHasNoFindings_HostsInPreferenceOrder()
        {
            var dns = new InMemoryDnsResolver();
            dns.Add(new MxRecord("a.example", 300, 20, "mx2.a.example"));
            dns.Add(new MxRecord("a.example", 300, 10, "mx1.a.example"));
            dns.Add(new AddressRecord("mx1.a.example", 300, IPAddress.Parse("192.0.2.1")));
            dns.Add(new AddressRecord("mx2.a.example", 300, IPAddress.Parse("2001:db8::2")));
            var r = await MxLookup.LookupAsync("a.example", dns);
            Assert.Equal(MxStatus.found, r.Status);
            Assert.Equal(new[] { "mx1.a.example", "mx2.a.example" }, r.Hosts.Select(h => h.Name));
            Assert.Equal("2001:db8::2", Assert.Single(r.Hosts[1].Addresses));
            Assert.Empty(r.Findings);
        }

        [Fact]
        public async Task NullMxAlone_IsNullMx_WithOthers_IsAnError()
        {
            var dns = new InMemoryDnsResolver();
            dns.Add(new MxRecord("parked.example", 300, 0, ""));
            var alone = await MxLookup.LookupAsync("parked.example", dns);
            Assert.Equal(MxStatus.nullmx, alone.Status);
            Assert.Empty(alone.Findings);
            dns.Add(new MxRecord("parked.example", 300, 10, "mx.parked.example"));
            var mixed = await MxLookup.LookupAsync("parked.example", dns);
            Assert.Contains(mixed.Findings, f => f.Id == "Mx.NullMxWithOthers");
        }

        [Fact]
        public async Task NoMxIsAWarning_NxDomainAnError_TempFailNeither()
        {
            var dns = new InMemoryDnsResolver();
            dns.AddTxt("nomx.example", "hello");
            var none = await MxLookup.LookupAsync("nomx.example", dns);
            Assert.Equal(MxStatus.none, none.Status);
            Assert.Equal("Mx.NoMx", Assert.Single(none.Findings).Id);
            var nx = await MxLookup.LookupAsync("missing.nomx.example", dns);
            Assert.Equal(MxStatus.nxdomain, nx.Status);
            Assert.Equal("Mx.DomainDoesNotExist", Assert.Single(nx.Findings).Id);
            dns.Fail("broken.example", DnsRecordType.MX);
            var temp = await MxLookup.LookupAsync("broken.example", dns);
            Assert.Equal(MxStatus.temperror, temp.Status);
            Assert.Empty(temp.Findings);
        }

        [Fact]
        public async Task HostWithoutAddress_Alias_AndAddressTarget_AreNamed()
        {
            var dns = new InMemoryDnsResolver();
            dns.Add(new MxRecord("b.example", 300, 10, "gone.b.example"));
            dns.Add(new MxRecord("b.example", 300, 20, "alias.b.example"));
            dns.Add(new MxRecord("b.example", 300, 30, "192.0.2.9"));
            dns.Add(new NameRecord("alias.b.example", 300, DnsRecordType.CNAME, "real.b.example"));
            dns.Add(new AddressRecord("real.b.example", 300, IPAddress.Parse("192.0.2.3")));
            var r = await MxLookup.LookupAsync("b.example", dns);
            var ids = r.Findings.Select(f => f.Id).ToList();
            Assert.Contains("Mx.HostDoesNotResolve", ids);
            Assert.Contains("Mx.TargetIsAlias", ids);
            Assert.Contains("Mx.TargetIsAddress", ids);
            Assert.True(r.Hosts.Single(h => h.Name == "alias.b.example").IsAlias);
        }
    }
}
