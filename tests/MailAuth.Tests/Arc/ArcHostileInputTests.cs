using System;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using MailAuth.Arc;
using MailAuth.AuthResults;
using MailAuth.Dkim;
using MailAuth.Dns;
using Xunit;

namespace MailAuth.Tests.Arc
{
    /// <summary>
    /// Bad and hostile ARC input: a result or a clear error in bounded time, and the reason that
    /// RFC 8617 §5.2 gives for each kind of breakage (many sets, malformed tags, order, gaps, duplicates).
    /// </summary>
    public class ArcHostileInputTests
    {
        private static readonly DkimSigningKey Key = DkimKeyGenerator.Generate(DkimSigningAlgorithm.Ed25519Sha256);
        private static readonly InMemoryDnsResolver Dns = new InMemoryDnsResolver().AddTxt("s._domainkey.example.com", Key.KeyRecord);
        private const string Base = "From: a@example.com\r\nTo: b@example.net\r\nSubject: hi\r\nDate: Sat, 28 Nov 2026 10:00:00 +0000\r\n\r\nbody\r\n";

        private static async Task<string> Chain(int hops)
        {
            byte[] message = Encoding.ASCII.GetBytes(Base);
            for (int i = 0; i < hops; i++)
            {
                var sealedMessage = await ArcSealer.SealAsync(message, Key, new ArcSealOptions
                {
                    Domain = "example.com", Selector = "s", AuthServId = $"hop{i + 1}.example.com", AuthenticationResults = "spf=pass smtp.mailfrom=example.com",
                }, Dns);
                message = sealedMessage.Bytes;
            }
            return Encoding.ASCII.GetString(message);
        }

        private static Task<ArcChainResult> Validate(string message) => ArcValidator.ValidateAsync(Encoding.Latin1.GetBytes(message), Dns);

        [Fact]
        public async Task AWellFormedChainOfThreePasses()
        {
            var r = await Validate(await Chain(3));
            Assert.Equal(ArcChainStatus.pass, r.ChainResult);
            Assert.Equal(3, r.InstanceCount);
            Assert.Equal(new[] { 1, 2, 3 }, r.Sets.Select(s => s.Instance));
        }

        [Fact]
        public async Task AThousandSetsFailOnTheirNumberAlone_Quickly()
        {
            var sb = new StringBuilder();
            for (int i = 1000; i >= 1; i--)
                sb.Append($"ARC-Seal: i={i}; a=rsa-sha256; cv=pass; d=example.com; s=s; b=AAAA\r\nARC-Message-Signature: i={i}; a=rsa-sha256; d=example.com; s=s; h=from; bh=AAAA; b=AAAA\r\nARC-Authentication-Results: i={i}; x.example; spf=pass\r\n");
            var dns = new InMemoryDnsResolver();
            var sw = Stopwatch.StartNew();
            var r = await ArcValidator.ValidateAsync(Encoding.ASCII.GetBytes(sb + Base), dns);
            sw.Stop();
            Assert.Equal(ArcChainStatus.fail, r.ChainResult);
            Assert.Equal(ArcFailureReason.TooManySets, r.Reason);
            Assert.Contains("3000", r.ReasonText);
            Assert.Equal(0, dns.QueryCount);
            // A generous bound for a slow CI machine; the work is a single pass over the header fields.
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), $"took {sw.Elapsed}");
        }

        [Fact]
        public async Task FiftySetsAreAllowed_FiftyOneAreNot()
        {
            string fifty = await Chain(50);
            Assert.Equal(ArcChainStatus.pass, (await Validate(fifty)).ChainResult);
            var e = await Assert.ThrowsAsync<ArcSealException>(() => ArcSealer.SealAsync(Encoding.ASCII.GetBytes(fifty), Key,
                new ArcSealOptions { Domain = "example.com", Selector = "s", AuthServId = "x.example.com", AuthenticationResults = "arc=pass" }, Dns));
            Assert.Equal("ChainTooLong", e.ErrorId);
            // A 51st set fails on the number (RFC 8617 §5.2 step 1); i=51 alone is not an instance (§4.2.1).
            Assert.Equal(ArcFailureReason.TooManySets, (await Validate("ARC-Authentication-Results: i=51; x.example; arc=pass\r\n" + fifty)).Reason);
            var r = await Validate("ARC-Authentication-Results: i=51; x.example; arc=pass\r\n" + await Chain(1));
            Assert.Equal(ArcFailureReason.MalformedHeader, r.Reason);
            Assert.Contains("i=51", r.ReasonText);
        }

        [Theory]
        [InlineData("ARC-Seal: i=1; a=rsa-sha256;; cv=none; d=example.com; s=s; b=AAAA\r\n", "malformed tag list")]
        [InlineData("ARC-Seal: a=rsa-sha256; cv=none; d=example.com; s=s; b=AAAA\r\n", "no i= tag")]
        [InlineData("ARC-Seal: i=0; a=rsa-sha256; cv=none; d=example.com; s=s; b=AAAA\r\n", "i=0")]
        [InlineData("ARC-Seal: i=one; a=rsa-sha256; cv=none; d=example.com; s=s; b=AAAA\r\n", "i=one")]
        [InlineData("ARC-Message-Signature: i=1; a=rsa-sha256; d=example.com; s=s; h=from; bh=AAAA; b=AAAA; i=2\r\n", "appears twice")]
        [InlineData("ARC-Authentication-Results: example.com; i=1; spf=pass\r\n", "does not begin with i=")]
        [InlineData("ARC-Authentication-Results: i=1 example.com; spf=pass\r\n", "does not begin with i=")]
        [InlineData("ARC-Seal: i=1; a=rsa-sha256; cv=none; d=example.com; s=s; b=A\u00e9\r\n", "U+00E9")]
        public async Task AMalformedArcFieldFailsTheChainAndSaysWhy(string field, string detail)
        {
            var r = await Validate(field + await Chain(1));
            Assert.Equal(ArcChainStatus.fail, r.ChainResult);
            Assert.Equal(ArcFailureReason.MalformedHeader, r.Reason);
            Assert.Contains(detail, r.ReasonText);
        }

        [Fact]
        public async Task SetsOutOfOrderInTheHeaderStillValidate()
        {
            // RFC 8617 orders sets by i=, not by position: moving set 1 above set 2 changes nothing a seal covers.
            string chain = await Chain(2);
            var fields = Regex.Split(chain.Substring(0, chain.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 2), "\r\n(?![ \t])").Where(f => f.Length > 0).ToList();
            var arc = fields.Where(f => f.StartsWith("ARC-", StringComparison.Ordinal)).ToList();
            var rest = fields.Where(f => !f.StartsWith("ARC-", StringComparison.Ordinal)).ToList();
            var set1 = arc.Where(f => Regex.IsMatch(f, @"\bi=1;")).ToList();
            var set2 = arc.Where(f => Regex.IsMatch(f, @"\bi=2;")).ToList();
            string reordered = string.Join("\r\n", set1.Concat(set2).Concat(rest)) + "\r\n" + chain.Substring(chain.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 2);
            var r = await Validate(reordered);
            Assert.Equal(ArcChainStatus.pass, r.ChainResult);
        }

        [Fact]
        public async Task AGapFailsWithInstanceGap()
        {
            string chain = await Chain(3);
            // Renumbering set 2 to 4 leaves i=2 empty (the seals no longer verify either, but the structure fails first).
            string gapped = Regex.Replace(chain, @"(?<=(ARC-[A-Za-z-]+: (?:[^\r\n]|\r\n[ \t])*?))\bi=2;", "i=4;");
            var r = await Validate(gapped);
            Assert.Equal(ArcChainStatus.fail, r.ChainResult);
            Assert.Equal(ArcFailureReason.InstanceGap, r.Reason);
            Assert.Equal(2, r.FailedInstance);
        }

        [Fact]
        public async Task ADuplicateSealFailsWithDuplicateInstance()
        {
            string chain = await Chain(2);
            string seal1 = Regex.Match(chain, @"ARC-Seal: (?:[^\r\n]|\r\n[ \t])*?\bi=1;(?:[^\r\n]|\r\n[ \t])*\r\n").Value;
            Assert.NotEmpty(seal1);
            var r = await Validate(seal1 + chain);
            Assert.Equal(ArcFailureReason.DuplicateInstance, r.Reason);
            Assert.Equal(1, r.FailedInstance);
        }

        [Fact]
        public async Task AMissingMessageSignatureFailsWithMissingHeader()
        {
            string chain = await Chain(2);
            string ams1 = Regex.Match(chain, @"ARC-Message-Signature: (?:[^\r\n]|\r\n[ \t])*?\bi=1;(?:[^\r\n]|\r\n[ \t])*\r\n").Value;
            Assert.NotEmpty(ams1);
            var r = await Validate(chain.Replace(ams1, string.Empty));
            Assert.Equal(ArcFailureReason.MissingHeader, r.Reason);
            Assert.Contains("ARC-Message-Signature", r.ReasonText);
        }

        [Fact]
        public async Task ANonArcHeaderNamedLikeOneIsIgnored()
        {
            var r = await Validate("ARC-Sealed: i=1; whatever\r\nX-ARC-Seal: i=9\r\n" + await Chain(1));
            Assert.Equal(ArcChainStatus.pass, r.ChainResult);
        }

        [Fact]
        public async Task AnEmptyMessageHasNoChain()
        {
            Assert.Equal(ArcChainStatus.none, (await Validate(string.Empty)).ChainResult);
            Assert.Equal(ArcChainStatus.none, (await Validate("\r\n\r\n")).ChainResult);
        }

        [Fact]
        public async Task ATemporaryDnsFailureFailsTheChain_AndSaysItWasDns()
        {
            var dns = new InMemoryDnsResolver();
            dns.Fail("s._domainkey.example.com", DnsRecordType.TXT);
            var r = await ArcValidator.ValidateAsync(Encoding.ASCII.GetBytes(await Chain(1)), dns);
            Assert.Equal(ArcChainStatus.fail, r.ChainResult);
            Assert.Equal(DkimFailureReason.DnsTemporaryFailure, r.Sets[0].MessageSignatureReason);
        }

        [Fact]
        public async Task TheSealerRefusesOptionsRfc8617Forbids()
        {
            byte[] m = Encoding.ASCII.GetBytes(Base);
            await Assert.ThrowsAsync<ArgumentException>(() => ArcSealer.SealAsync(m, Key, new ArcSealOptions { Domain = "example.com", Selector = "s", AuthServId = "x", Headers = new[] { "From", "ARC-Seal" } }, Dns));
            await Assert.ThrowsAsync<ArgumentException>(() => ArcSealer.SealAsync(m, Key, new ArcSealOptions { Domain = "example.com", Selector = "s", AuthServId = "x", Headers = new[] { "Authentication-Results" } }, Dns));
            await Assert.ThrowsAsync<ArgumentException>(() => ArcSealer.SealAsync(m, Key, new ArcSealOptions { Domain = "example.com", Selector = "s", AuthServId = "a;b" }, Dns));
            await Assert.ThrowsAsync<ArgumentException>(() => ArcSealer.SealAsync(m, Key, new ArcSealOptions { Domain = "bad domain", Selector = "s", AuthServId = "x" }, Dns));
        }

        [Fact]
        public async Task TheSealersFoldedFieldsKeepLinesShortAndUseCrlf()
        {
            string chain = await Chain(1);
            string head = chain.Substring(0, chain.IndexOf("\r\n\r\n", StringComparison.Ordinal));
            Assert.DoesNotContain("\n", head.Replace("\r\n", string.Empty));
            Assert.All(head.Split("\r\n"), line => Assert.True(line.Length <= 998, line));
        }
    }
}
