using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using MailAuth.Arc;
using MailAuth.Dkim;
using MailAuth.Dns;
using Xunit;

namespace MailAuth.Tests.Arc
{
    /// <summary>stalwartlabs/mail-auth's ARC vectors (TestData/arc/mail-auth): each chain validates as pass.</summary>
    public class ArcMailAuthTests
    {
        private static (InMemoryDnsResolver Dns, byte[] Message) Load(string file)
        {
            string text = File.ReadAllText(ArcSuite.PathOf("mail-auth", file), Encoding.Latin1);
            int split = text.IndexOf("\n\n", StringComparison.Ordinal);
            var dns = new InMemoryDnsResolver();
            foreach (string line in text.Substring(0, split).Split('\n'))
            {
                int space = line.IndexOf(' ');
                dns.AddTxt(line.Substring(0, space), line.Substring(space + 1));
            }
            return (dns, ArcSuite.Crlf(text.Substring(split + 2)));
        }

        [Theory]
        [InlineData("001.txt", 1)]
        [InlineData("002.txt", 2)]
        public async Task Chain_Passes(string file, int sets)
        {
            var (dns, message) = Load(file);
            // mail-auth checks these as of 2022-11-07 (its DKIM time); a day of skew covers every t=.
            var result = await ArcValidator.ValidateAsync(message, dns, new ArcValidateOptions { AsOf = DateTimeOffset.FromUnixTimeSeconds(1667843664), ClockSkew = TimeSpan.FromDays(3650) });
            Assert.True(result.ChainResult == ArcChainStatus.pass, result.ToString());
            Assert.Equal(sets, result.InstanceCount);
            Assert.Equal(sets, result.Sets.Count);
            Assert.All(result.Sets, s => Assert.Equal(DkimResult.pass, s.SealResult));
            Assert.All(result.Sets, s => Assert.False(string.IsNullOrEmpty(s.AuthServId)));
            Assert.Equal(result.Sets.Select(s => s.SealDomain), result.SealerDomains);
        }

        [Fact]
        public async Task Chain002_IsEd25519ThenRsa()
        {
            var (dns, message) = Load("002.txt");
            var result = await ArcValidator.ValidateAsync(message, dns, new ArcValidateOptions { AsOf = DateTimeOffset.FromUnixTimeSeconds(1667843664), ClockSkew = TimeSpan.FromDays(3650) });
            Assert.Equal("ed25519-sha256", result.Sets[0].SealAlgorithm);
            Assert.Equal("rsa-sha256", result.Sets[1].SealAlgorithm);
            Assert.Equal(new[] { "scamorza.org", "manchego.org" }, result.SealerDomains);
        }
    }
}
