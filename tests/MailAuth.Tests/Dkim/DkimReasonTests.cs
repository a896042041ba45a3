using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MailAuth.Dkim;
using MailAuth.Dns;
using Org.BouncyCastle.Crypto;
using Xunit;

namespace MailAuth.Tests.Dkim
{
    /// <summary>
    /// One message built for each <see cref="DkimFailureReason"/> (and some second ways to reach the
    /// same reason), signed in the test by <see cref="DkimHandSigner"/> with keys generated here
    /// (RSA 512/1024/2048, Ed25519). Each case asserts the Result and the Reason.
    /// The Result words follow RFC 8601 §2.7.1: none (not signed), pass, fail (the signature or body hash
    /// does not verify), policy (verifiable but refused by policy: RFC 8301 weak keys and SHA-1, time
    /// limits), neutral (cannot be processed: syntax), temperror (DNS), permerror (missing, revoked,
    /// malformed or unsuitable key; From not signed, RFC 6376 §5.4).
    /// </summary>
    public class DkimReasonTests
    {
        private const string Domain = "example.com";
        private const string Selector = "sel";
        private const string KeyName = Selector + "._domainkey." + Domain;
        private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

        internal const string Message =
            "From: Joe SixPack <joe@example.com>\r\n" +
            "To: Suzie Q <suzie@shopping.example.net>\r\n" +
            "Subject: Is dinner ready?\r\n" +
            "Date: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)\r\n" +
            "Message-ID: <20030712040037.46341.5F8J@example.com>\r\n" +
            "\r\n" +
            "Hi.\r\n" +
            "\r\n" +
            "We lost the game.  Are you hungry yet?\r\n" +
            "\r\n" +
            "Joe.\r\n";

        /// <summary>A built case: the message, its DNS, options, and what the checked signature must give.</summary>
        public sealed class Case
        {
            public string Name { get; set; } = "";
            public byte[] Message { get; set; } = Array.Empty<byte>();
            public InMemoryDnsResolver Dns { get; set; } = new InMemoryDnsResolver();
            public DkimVerifyOptions Options { get; set; } = new DkimVerifyOptions();
            public DkimResult Result { get; set; }
            public DkimFailureReason Reason { get; set; }
            /// <summary>Which result to check (0-based); -1 for the last.</summary>
            public int Index { get; set; }
            public int ExpectedCount { get; set; } = 1;
            public override string ToString() => Name;
        }

        private static HandSignature Rsa(int bits = 2048) => new HandSignature { Key = DkimHandKeys.Rsa(bits).Private, Domain = Domain, Selector = Selector };
        private static HandSignature Ed() => new HandSignature { Key = DkimHandKeys.Ed25519.Private, Algorithm = "ed25519-sha256", Domain = Domain, Selector = Selector };
        private static InMemoryDnsResolver KeyDns(AsymmetricCipherKeyPair pair, bool pkcs1 = false) => new InMemoryDnsResolver().AddTxt(KeyName, DkimHandKeys.Record(pair.Public, pkcs1));
        private static InMemoryDnsResolver KeyDns(string record) => new InMemoryDnsResolver().AddTxt(KeyName, record);
        private static byte[] Sign(HandSignature s, string message = Message) => DkimHandSigner.Latin1(DkimHandSigner.SignText(message, s));
        private static byte[] Edit(byte[] message, string from, string to)
        {
            string text = DkimHandSigner.Text(message);
            Assert.Contains(from, text);
            return DkimHandSigner.Latin1(text.Replace(from, to));
        }

        private static string Unix(DateTimeOffset t) => t.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>The first case of each reason: built specifically for it.</summary>
        private static readonly Dictionary<DkimFailureReason, Func<Case>> PerReason = new Dictionary<DkimFailureReason, Func<Case>>
        {
            [DkimFailureReason.None] = () => new Case { Name = "RSA-2048 relaxed/relaxed, untouched", Message = Sign(Rsa()), Dns = KeyDns(DkimHandKeys.Rsa(2048)), Result = DkimResult.pass },
            [DkimFailureReason.NoSignature] = () => new Case { Name = "no DKIM-Signature", Message = DkimHandSigner.Latin1(Message), Result = DkimResult.none },
            [DkimFailureReason.BodyHashMismatch] = () => new Case { Name = "body changed after signing", Message = Edit(Sign(Rsa()), "Are you hungry", "Are you thirsty"), Dns = KeyDns(DkimHandKeys.Rsa(2048)), Result = DkimResult.fail },
            [DkimFailureReason.SignatureMismatch] = () => new Case { Name = "signed Subject changed", Message = Edit(Sign(Rsa()), "Subject: Is dinner ready?", "Subject: Is lunch ready?"), Dns = KeyDns(DkimHandKeys.Rsa(2048)), Result = DkimResult.fail },
            [DkimFailureReason.KeyNotFound] = () => new Case { Name = "no record at the selector (NXDOMAIN)", Message = Sign(Rsa()), Dns = new InMemoryDnsResolver().AddTxt("other._domainkey.example.net", "v=DKIM1; p="), Result = DkimResult.permerror },
            [DkimFailureReason.KeyRevoked] = () => new Case { Name = "empty p=", Message = Sign(Rsa()), Dns = KeyDns("v=DKIM1; k=rsa; p="), Result = DkimResult.permerror },
            [DkimFailureReason.KeyTooSmall] = () => new Case { Name = "RSA-512 (RFC 8301 §3.2: at least 1024)", Message = Sign(Rsa(512)), Dns = KeyDns(DkimHandKeys.Rsa(512)), Result = DkimResult.policy },
            [DkimFailureReason.KeyInvalid] = () => new Case { Name = "p= is base64 of bytes that are not a key", Message = Sign(Rsa()), Dns = KeyDns("v=DKIM1; k=rsa; p=" + Convert.ToBase64String(Enumerable.Range(0, 140).Select(i => (byte)(i * 37 + 11)).ToArray())), Result = DkimResult.permerror },
            [DkimFailureReason.KeyMismatch] = () => new Case { Name = "a=ed25519-sha256, k=rsa record", Message = Sign(Ed()), Dns = KeyDns(DkimHandKeys.Rsa(2048)), Result = DkimResult.permerror },
            [DkimFailureReason.AlgorithmNotAllowed] = () => new Case { Name = "a=rsa-sha1 (RFC 8301 §3.1)", Message = Sign(With(Rsa(), s => s.Algorithm = "rsa-sha1")), Dns = KeyDns(DkimHandKeys.Rsa(2048)), Result = DkimResult.policy },
            [DkimFailureReason.SignatureExpired] = () => new Case { Name = "x= yesterday", Message = Sign(Rsa().Tag("t", Unix(Now.AddDays(-2))).Tag("x", Unix(Now.AddDays(-1)))), Dns = KeyDns(DkimHandKeys.Rsa(2048)), Result = DkimResult.policy },
            [DkimFailureReason.SignatureFromFuture] = () => new Case { Name = "t= tomorrow", Message = Sign(Rsa().Tag("t", Unix(Now.AddDays(1)))), Dns = KeyDns(DkimHandKeys.Rsa(2048)), Result = DkimResult.policy },
            [DkimFailureReason.FromNotSigned] = () => new Case { Name = "h= without From", Message = Sign(With(Rsa(), s => s.SignedHeaders = new[] { "To", "Subject", "Date" })), Dns = KeyDns(DkimHandKeys.Rsa(2048)), Result = DkimResult.permerror },
            [DkimFailureReason.SyntaxError] = () => new Case { Name = "v=2", Message = Sign(With(Rsa(), s => s.Version = "2")), Dns = KeyDns(DkimHandKeys.Rsa(2048)), Result = DkimResult.neutral },
            [DkimFailureReason.DnsTemporaryFailure] = () => new Case { Name = "the key query fails (SERVFAIL)", Message = Sign(Rsa()), Dns = KeyDns(DkimHandKeys.Rsa(2048)).Fail(KeyName, DnsRecordType.TXT, "SERVFAIL"), Result = DkimResult.temperror },
            [DkimFailureReason.NotVerified] = () =>
            {
                // Three valid signatures; only the first two are verified.
                string m = Message;
                for (int i = 0; i < 3; i++) m = DkimHandSigner.SignText(m, Rsa());
                return new Case { Name = "third of 3 signatures, MaxSignatures=2", Message = DkimHandSigner.Latin1(m), Dns = KeyDns(DkimHandKeys.Rsa(2048)), Options = new DkimVerifyOptions { MaxSignatures = 2 }, Result = DkimResult.neutral, Index = 2, ExpectedCount = 3 };
            },
        };

        /// <summary>Second ways to the same reason.</summary>
        private static readonly List<(DkimFailureReason Reason, Func<Case> Build)> MoreCases = new List<(DkimFailureReason, Func<Case>)>
        {
            (DkimFailureReason.None, () => new Case { Name = "Ed25519 relaxed/relaxed", Message = Sign(Ed()), Dns = KeyDns(DkimHandKeys.Ed25519), Result = DkimResult.pass }),
            (DkimFailureReason.None, () => new Case { Name = "RSA-1024 simple/simple, PKCS#1 record", Message = Sign(With(Rsa(1024), s => { s.HeaderCanonicalization = "simple"; s.BodyCanonicalization = "simple"; })), Dns = KeyDns(DkimHandKeys.Rsa(1024), pkcs1: true), Result = DkimResult.pass }),
            (DkimFailureReason.None, () => new Case { Name = "l= covers the body; text appended later", Message = Edit(Sign(Rsa().Tag("l", DkimHandSigner.RelaxedBody(Message.Split("\r\n\r\n", 2)[1]).Length.ToString(System.Globalization.CultureInfo.InvariantCulture))), "Joe.\r\n", "Joe.\r\n\r\nAppended by a list.\r\n"), Dns = KeyDns(DkimHandKeys.Rsa(2048)), Result = DkimResult.pass }),
            (DkimFailureReason.None, () => new Case { Name = "x= tomorrow, t= now", Message = Sign(Rsa().Tag("t", Unix(Now)).Tag("x", Unix(Now.AddDays(1)))), Dns = KeyDns(DkimHandKeys.Rsa(2048)), Result = DkimResult.pass }),
            (DkimFailureReason.BodyHashMismatch, () => new Case { Name = "l= longer than the body", Message = Sign(Rsa().Tag("l", "100000")), Dns = KeyDns(DkimHandKeys.Rsa(2048)), Result = DkimResult.fail }),
            (DkimFailureReason.BodyHashMismatch, () => new Case { Name = "Ed25519, body changed", Message = Edit(Sign(Ed()), "Joe.", "Jim."), Dns = KeyDns(DkimHandKeys.Ed25519), Result = DkimResult.fail }),
            (DkimFailureReason.SignatureMismatch, () => new Case { Name = "another RSA key at the selector", Message = Sign(Rsa(2048)), Dns = KeyDns(DkimHandKeys.Rsa(1024)), Result = DkimResult.fail }),
            (DkimFailureReason.SignatureMismatch, () => new Case { Name = "Ed25519, From changed", Message = Edit(Sign(Ed()), "joe@example.com>", "jim@example.com>"), Dns = KeyDns(DkimHandKeys.Ed25519), Result = DkimResult.fail }),
            (DkimFailureReason.SignatureMismatch, () => new Case { Name = "a signed-as-absent header added", Message = Edit(Sign(With(Rsa(), s => s.SignedHeaders = new[] { "From", "Subject", "Reply-To" })), "From: Joe", "Reply-To: evil@example.org\r\nFrom: Joe"), Dns = KeyDns(DkimHandKeys.Rsa(2048)), Result = DkimResult.fail }),
            (DkimFailureReason.KeyNotFound, () => new Case { Name = "name exists, no TXT (NODATA)", Message = Sign(Rsa()), Dns = new InMemoryDnsResolver().Add(new AddressRecord(KeyName, 300, System.Net.IPAddress.Parse("192.0.2.1"))), Result = DkimResult.permerror }),
            (DkimFailureReason.KeyRevoked, () => new Case { Name = "Ed25519, empty p=", Message = Sign(Ed()), Dns = KeyDns("v=DKIM1; k=ed25519; p="), Result = DkimResult.permerror }),
            (DkimFailureReason.KeyTooSmall, () => new Case { Name = "RSA-1024 under a 2048-bit policy", Message = Sign(Rsa(1024)), Dns = KeyDns(DkimHandKeys.Rsa(1024)), Options = new DkimVerifyOptions { MinimumRsaKeyBits = 2048 }, Result = DkimResult.policy }),
            (DkimFailureReason.KeyInvalid, () => new Case { Name = "Ed25519 p= of 31 bytes", Message = Sign(Ed()), Dns = KeyDns("v=DKIM1; k=ed25519; p=" + Convert.ToBase64String(new byte[31])), Result = DkimResult.permerror }),
            (DkimFailureReason.KeyInvalid, () => new Case { Name = "record without p=", Message = Sign(Rsa()), Dns = KeyDns("v=DKIM1; k=rsa"), Result = DkimResult.permerror }),
            (DkimFailureReason.KeyInvalid, () => new Case { Name = "v=DKIM2 record", Message = Sign(Rsa()), Dns = KeyDns(DkimHandKeys.Record(DkimHandKeys.Rsa(2048).Public).Replace("v=DKIM1", "v=DKIM2")), Result = DkimResult.permerror }),
            (DkimFailureReason.KeyMismatch, () => new Case { Name = "a=rsa-sha256, k=ed25519 record", Message = Sign(Rsa()), Dns = KeyDns(DkimHandKeys.Ed25519), Result = DkimResult.permerror }),
            (DkimFailureReason.KeyMismatch, () => new Case { Name = "key h=sha1 only", Message = Sign(Rsa()), Dns = KeyDns(DkimHandKeys.Record(DkimHandKeys.Rsa(2048).Public).Replace("k=rsa;", "k=rsa; h=sha1;")), Result = DkimResult.permerror }),
            (DkimFailureReason.KeyMismatch, () => new Case { Name = "key t=s, i= in a subdomain", Message = Sign(Rsa().Tag("i", "joe@mail.example.com")), Dns = KeyDns(DkimHandKeys.Record(DkimHandKeys.Rsa(2048).Public).Replace("k=rsa;", "k=rsa; t=s;")), Result = DkimResult.permerror }),
            (DkimFailureReason.AlgorithmNotAllowed, () => new Case { Name = "a=rsa-sha512 (unknown)", Message = Sign(With(Rsa(), s => { s.Algorithm = "rsa-sha512"; s.SignatureOverride = "AAAA"; })), Dns = KeyDns(DkimHandKeys.Rsa(2048)), Result = DkimResult.neutral }),
            (DkimFailureReason.SignatureExpired, () => new Case { Name = "Ed25519, x= one second ago", Message = Sign(Ed().Tag("t", Unix(Now.AddHours(-1))).Tag("x", Unix(Now.AddSeconds(-1)))), Dns = KeyDns(DkimHandKeys.Ed25519), Result = DkimResult.policy }),
            (DkimFailureReason.SyntaxError, () => new Case { Name = "i= outside d=", Message = Sign(Rsa().Tag("i", "joe@example.org")), Dns = KeyDns(DkimHandKeys.Rsa(2048)), Result = DkimResult.neutral }),
            (DkimFailureReason.SyntaxError, () => new Case { Name = "x= not after t=", Message = Sign(Rsa().Tag("t", Unix(Now)).Tag("x", Unix(Now))), Dns = KeyDns(DkimHandKeys.Rsa(2048)), Result = DkimResult.neutral }),
            (DkimFailureReason.DnsTemporaryFailure, () => new Case { Name = "Ed25519, key query times out", Message = Sign(Ed()), Dns = KeyDns(DkimHandKeys.Ed25519).Fail(KeyName, null, "timeout"), Result = DkimResult.temperror }),
        };

        private static HandSignature With(HandSignature s, Action<HandSignature> change)
        {
            change(s);
            return s;
        }

        public static IEnumerable<object[]> AllReasons => Enum.GetValues<DkimFailureReason>().Select(r => new object[] { r });

        public static IEnumerable<object[]> SecondCases => MoreCases.Select((c, i) => new object[] { c.Reason, i });

        [Theory]
        [MemberData(nameof(AllReasons))]
        public async Task EveryReason_HasAMessageThatProducesIt(DkimFailureReason reason)
        {
            Assert.True(PerReason.ContainsKey(reason), $"no test message is built for {reason}: add one to {nameof(PerReason)}");
            await Check(PerReason[reason](), reason);
        }

        [Theory]
        [MemberData(nameof(SecondCases))]
        public async Task MoreWaysToEachReason(DkimFailureReason reason, int index)
        {
            await Check(MoreCases[index].Build(), reason);
        }

        private static async Task Check(Case c, DkimFailureReason reason)
        {
            var results = await DkimVerifier.VerifyAsync(c.Message, c.Dns, c.Options);
            Assert.Equal(c.ExpectedCount, results.Count);
            var r = results[c.Index < 0 ? results.Count - 1 : c.Index];
            Assert.True(r.Result == c.Result && r.Reason == reason,
                $"{c.Name}: expected {c.Result}/{reason}, got {r.Result}/{r.Reason} ({r.ReasonText})");
            if (reason == DkimFailureReason.None) Assert.Null(r.ReasonText);
            else Assert.False(string.IsNullOrWhiteSpace(r.ReasonText), "a failure must say why");
            if (reason != DkimFailureReason.NoSignature && reason != DkimFailureReason.NotVerified)
            {
                Assert.Equal(c.Index < 0 ? results.Count : c.Index + 1, r.Index);
                if (reason != DkimFailureReason.SyntaxError) Assert.Equal(Domain, r.Domain);
            }
        }

        [Fact]
        public async Task NotVerified_TheFirstSignaturesAreVerified_AndTheRestAreNotQueried()
        {
            var c = PerReason[DkimFailureReason.NotVerified]();
            var results = await DkimVerifier.VerifyAsync(c.Message, c.Dns, c.Options);
            Assert.Equal(new[] { DkimResult.pass, DkimResult.pass, DkimResult.neutral }, results.Select(r => r.Result));
            Assert.Equal(2, c.Dns.QueryCount);
        }

        [Fact]
        public async Task KeyNotFound_AsksTheSelectorName()
        {
            var c = PerReason[DkimFailureReason.KeyNotFound]();
            await DkimVerifier.VerifyAsync(c.Message, c.Dns, c.Options);
            Assert.Equal(1, c.Dns.QueryCount);
        }

        [Fact]
        public async Task FromNotSigned_AndSyntaxError_AreDecidedWithoutDns()
        {
            foreach (var reason in new[] { DkimFailureReason.FromNotSigned, DkimFailureReason.SyntaxError, DkimFailureReason.AlgorithmNotAllowed, DkimFailureReason.SignatureExpired })
            {
                var c = PerReason[reason]();
                await DkimVerifier.VerifyAsync(c.Message, c.Dns, c.Options);
                Assert.True(c.Dns.QueryCount == 0, $"{reason}: {c.Dns.QueryCount} queries");
            }
        }

        [Fact]
        public void EveryReasonHasItsOwnCase_AndTheSecondCasesAreNotEmpty()
        {
            Assert.Equal(Enum.GetValues<DkimFailureReason>().OrderBy(r => r), PerReason.Keys.OrderBy(r => r));
            Assert.True(MoreCases.Count >= 20);
        }
    }
}
