using System;
using MailAuth.Dns;
using Xunit;

namespace MailAuth.Tests.Dns
{
    public class DnsNameTests
    {
        [Theory]
        [InlineData("Contoso.COM", "contoso.com")]
        [InlineData("  contoso.com.  ", "contoso.com")]
        [InlineData("*.contoso.com", "contoso.com")]
        [InlineData("_dmarc.contoso.com", "_dmarc.contoso.com")]
        [InlineData("bücher.example", "xn--bcher-kva.example")]        // RFC 3492 sample label
        [InlineData("例え.テスト", "xn--r8jz45g.xn--zckzah")]             // the IDN test names of RFC 6761 era examples
        public void NormalisesInput(string input, string expected) => Assert.Equal(expected, DnsName.NormalizeInput(input));

        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("bad..name")]
        [InlineData("-bad.example")]
        [InlineData("bad-.example")]
        [InlineData("sp ace.example")]
        [InlineData("user@example.com")]
        public void RejectsUnusableNames(string input) => Assert.Throws<FormatException>(() => DnsName.NormalizeInput(input));

        [Fact]
        public void RejectsOverlongLabelsAndNames()
        {
            Assert.Throws<FormatException>(() => DnsName.NormalizeInput(new string('a', 64) + ".example"));
            Assert.Equal(new string('a', 63) + ".example", DnsName.NormalizeInput(new string('a', 63) + ".example"));
            string longName = string.Join(".", new[] { new string('a', 63), new string('b', 63), new string('c', 63), new string('d', 62) });
            Assert.Equal(254, longName.Length);
            Assert.Throws<FormatException>(() => DnsName.NormalizeInput(longName));
        }

        [Theory]
        [InlineData("a.example.com", "example.com", true)]
        [InlineData("example.com", "example.com", true)]
        [InlineData("badexample.com", "example.com", false)]
        [InlineData("example.com", "a.example.com", false)]
        public void IsAtOrBelow(string name, string zone, bool expected) => Assert.Equal(expected, DnsName.IsAtOrBelow(name, zone));

        [Theory]
        [InlineData("192.0.2.53", "192.0.2.53", 53)]
        [InlineData("127.0.0.1:5353", "127.0.0.1", 5353)]
        [InlineData("2001:db8::53", "2001:db8::53", 53)]
        [InlineData("[2001:db8::53]:5353", "2001:db8::53", 5353)]
        public void ParsesServerEndpoints(string text, string address, int port)
        {
            var ep = DnsServerEndpoint.Parse(text);
            Assert.Equal(System.Net.IPAddress.Parse(address), ep.Address);
            Assert.Equal(port, ep.Port);
        }

        [Theory]
        [InlineData("dns.example.com")]
        [InlineData("127.0.0.1:0")]
        [InlineData("127.0.0.1:70000")]
        [InlineData("[2001:db8::53")]
        public void RejectsBadServerEndpoints(string text) => Assert.Throws<FormatException>(() => DnsServerEndpoint.Parse(text));

        [Fact]
        public void SystemStandsAloneAmongServers()
        {
            Assert.Empty(DnsResolverFactory.ParseServers(new[] { "System" }));
            Assert.Throws<FormatException>(() => DnsResolverFactory.ParseServers(new[] { "system", "192.0.2.1" }));
        }
    }
}
