using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using MailAuth.Spf;
using Xunit;

namespace MailAuth.Tests.Spf
{
    public class SpfTreeNetworkTests
    {
        [Theory]
        [InlineData("192.0.2.129", 25, "192.0.2.128")]
        [InlineData("192.0.2.255", 0, "0.0.0.0")]
        [InlineData("192.0.2.255", 32, "192.0.2.255")]
        [InlineData("192.0.2.255", 31, "192.0.2.254")]
        [InlineData("2001:db8:1:2:3:4:5:6", 48, "2001:db8:1::")]
        [InlineData("2001:db8::ffff", 127, "2001:db8::fffe")]
        [InlineData("2001:db8::ffff", 121, "2001:db8::ff80")]
        public void MaskClearsHostBits(string address, int prefix, string expected)
        {
            Assert.Equal(IPAddress.Parse(expected), SpfNetwork.Mask(IPAddress.Parse(address), prefix));
            Assert.Equal(address != expected, SpfNetwork.HasHostBits(IPAddress.Parse(address), prefix));
        }

        [Fact]
        public void NetworkIsStoredMaskedAndContainsItsAddresses()
        {
            var n = new SpfNetwork(IPAddress.Parse("192.0.2.77"), 28, SpfQualifier.pass, "example.com", "ip4:192.0.2.77/28");
            Assert.Equal("192.0.2.64/28", n.Cidr);
            Assert.Equal("IPv4", n.Family);
            Assert.True(n.Contains(IPAddress.Parse("192.0.2.79")));
            Assert.False(n.Contains(IPAddress.Parse("192.0.2.80")));
            Assert.False(n.Contains(IPAddress.Parse("2001:db8::1")));
            Assert.Equal("192.0.2.64/28", n.ToString());
        }

        [Fact]
        public void CompareSortsIpv4FirstThenByAddressThenPrefix()
        {
            SpfNetwork N(string a, int p) => new SpfNetwork(IPAddress.Parse(a), p, SpfQualifier.pass, "example.com", "t");
            var list = new List<SpfNetwork> { N("2001:db8::", 32), N("198.51.100.0", 24), N("::", 0), N("192.0.2.0", 25), N("192.0.2.0", 24), N("10.0.0.0", 8) };
            list.Sort(SpfNetwork.Compare);
            Assert.Equal(new[] { "10.0.0.0/8", "192.0.2.0/24", "192.0.2.0/25", "198.51.100.0/24", "::/0", "2001:db8::/32" }, list.Select(x => x.Cidr));
        }

        [Fact]
        public void ConstructorChecksItsArguments()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new SpfNetwork(IPAddress.Parse("192.0.2.1"), 33, SpfQualifier.pass, "d", "t"));
            Assert.Throws<ArgumentOutOfRangeException>(() => new SpfNetwork(IPAddress.Parse("::1"), -1, SpfQualifier.pass, "d", "t"));
            Assert.Throws<ArgumentNullException>(() => new SpfNetwork(null!, 1, SpfQualifier.pass, "d", "t"));
            Assert.Throws<ArgumentNullException>(() => new SpfNetwork(IPAddress.Any, 0, SpfQualifier.pass, null!, "t"));
        }
    }
}
