using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dkim;
using MailAuth.Dns;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Xunit;

namespace MailAuth.Tests.Dkim
{
    /// <summary>
    /// Bad input never crashes or hangs the verifier: every message gives results, or one of the
    /// documented exceptions (<see cref="DkimMessageTooLargeException"/>, <see cref="ArgumentNullException"/>,
    /// <see cref="OperationCanceledException"/>), within a bound. The bounds are generous (the machine is
    /// shared and small) and exist only to turn a hang into a failure.
    /// </summary>
    public class DkimHostileInputTests
    {
        private const string Domain = "example.com";
        private const string Selector = "sel";
        private const string KeyName = Selector + "._domainkey." + Domain;
        private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(60);

        private static HandSignature Rsa(int bits = 2048) => new HandSignature { Key = DkimHandKeys.Rsa(bits).Private, Domain = Domain, Selector = Selector };
        private static InMemoryDnsResolver RsaDns() => new InMemoryDnsResolver().AddTxt(KeyName, DkimHandKeys.Record(DkimHandKeys.Rsa(2048).Public));

        /// <summary>Verifies on the thread pool and fails the test if it takes longer than <paramref name="bound"/>.</summary>
        private static async Task<IReadOnlyList<DkimSignatureResult>> VerifyBounded(byte[] message, IDnsResolver dns, DkimVerifyOptions? options = null, TimeSpan? bound = null)
        {
            var limit = bound ?? NoHang;
            var task = Task.Run(() => DkimVerifier.VerifyAsync(message, dns, options));
            var first = await Task.WhenAny(task, Task.Delay(limit));
            Assert.True(ReferenceEquals(first, task), $"verification did not finish within {limit.TotalSeconds} s");
            return await task;
        }

        private static void AssertResult(DkimSignatureResult r, DkimResult result, DkimFailureReason reason)
            => Assert.True(r.Result == result && r.Reason == reason, $"expected {result}/{reason}, got {r.Result}/{r.Reason} ({r.ReasonText})");

        // ---- size ----

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task FiftyMegabyteMessage_Verifies(bool bareLf)
        {
            // 50 MB of base64-looking body lines (76 characters + CRLF), signed relaxed/relaxed.
            const int size = 50 * 1024 * 1024;
            var body = new StringBuilder(size + 100);
            string line = new string('Q', 38) + " \t " + new string('w', 35);
            while (body.Length < size) body.Append(line).Append("\r\n");
            string message = DkimReasonTests.Message.Split("\r\n\r\n", 2)[0] + "\r\n\r\n" + body;
            body.Clear();
            byte[] signed = DkimHandSigner.Latin1(DkimHandSigner.SignText(message, Rsa()));
            message = null!;
            Assert.True(signed.Length >= size);
            if (bareLf) signed = DkimHandSigner.Latin1(DkimHandSigner.Text(signed).Replace("\r\n", "\n"));   // a file stored with LF: repaired before hashing

            var results = await VerifyBounded(signed, RsaDns(), bound: TimeSpan.FromSeconds(120));
            AssertResult(Assert.Single(results), DkimResult.pass, DkimFailureReason.None);
        }

        [Fact]
        public async Task MessageOverTheLimit_IsRefusedWithTheDocumentedException()
        {
            var big = new byte[DkimMessage.DefaultMaxSize + 1];
            var tooLarge = await Assert.ThrowsAsync<DkimMessageTooLargeException>(() => VerifyBounded(big, RsaDns()));
            Assert.Equal(DkimMessage.DefaultMaxSize, tooLarge.Limit);

            // The limit is an option.
            byte[] small = DkimHandSigner.Latin1(DkimHandSigner.SignText(DkimReasonTests.Message, Rsa()));
            await Assert.ThrowsAsync<DkimMessageTooLargeException>(() => VerifyBounded(small, RsaDns(), new DkimVerifyOptions { MaxMessageSize = 100 }));
        }

        // ---- many signatures ----

        [Fact]
        public async Task ThousandSignatures_OnlyMaxSignaturesAreVerified()
        {
            string field = DkimHandSigner.SignatureField(DkimReasonTests.Message, Rsa());
            byte[] message = DkimHandSigner.Latin1(string.Concat(Enumerable.Repeat(field, 1000)) + DkimReasonTests.Message);
            var dns = RsaDns();
            var results = await VerifyBounded(message, dns);
            Assert.Equal(1000, results.Count);
            Assert.All(results.Take(10), r => AssertResult(r, DkimResult.pass, DkimFailureReason.None));
            Assert.All(results.Skip(10), r => AssertResult(r, DkimResult.neutral, DkimFailureReason.NotVerified));
            Assert.Equal(Enumerable.Range(1, 1000), results.Select(r => r.Index));
            Assert.Equal(10, dns.QueryCount);
        }

        [Fact]
        public async Task ThousandSignatures_AllVerifiedWhenAsked_InBoundedTime()
        {
            // 1,000 valid RSA-2048 signatures (copies of one: the verifier checks each on its own), all asked for.
            string m = DkimReasonTests.Message;
            string field = DkimHandSigner.SignatureField(m, Rsa());
            byte[] message = DkimHandSigner.Latin1(string.Concat(Enumerable.Repeat(field, 1000)) + m);
            // 1,000 RSA-2048 verifications are about 0.1 s of RSA work; 30 s leaves room for everything else.
            var results = await VerifyBounded(message, RsaDns(), new DkimVerifyOptions { MaxSignatures = 1000 }, TimeSpan.FromSeconds(30));
            Assert.Equal(1000, results.Count);
            Assert.All(results, r => AssertResult(r, DkimResult.pass, DkimFailureReason.None));
        }

        [Fact]
        public async Task ThousandSignaturesWithoutKeys_TenQueriesOnly()
        {
            var fields = new StringBuilder();
            for (int i = 0; i < 1000; i++)
            {
                var s = Rsa();
                s.Selector = "s" + i;
                s.SignatureOverride = "AAAA";   // never checked: there is no key
                fields.Append(DkimHandSigner.SignatureField(DkimReasonTests.Message, s));
            }
            var dns = new InMemoryDnsResolver();
            var results = await VerifyBounded(DkimHandSigner.Latin1(fields + DkimReasonTests.Message), dns);
            Assert.All(results.Take(10), r => AssertResult(r, DkimResult.permerror, DkimFailureReason.KeyNotFound));
            Assert.All(results.Skip(10), r => AssertResult(r, DkimResult.neutral, DkimFailureReason.NotVerified));
            Assert.Equal(10, dns.QueryCount);
        }

        // ---- malformed tags ----

        private const string GoodBh = "bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=";
        private const string GoodB = "b=dGVzdA==";
        private const string Rest = "d=example.com; s=sel; h=from:to; " + GoodBh + "; " + GoodB;

        public static IEnumerable<object[]> MalformedSignatureValues => new[]
        {
            " v=1; a=rsa-sha256;; " + Rest,                                  // empty tag-spec inside the list
            " v=1; a=rsa-sha256; " + Rest + ";;",                            // two ';' at the end
            " v=1; a; " + Rest,                                              // tag without '='
            " v=1; v=1; a=rsa-sha256; " + Rest,                              // duplicate tag (RFC 6376 §3.2)
            " 1v=1; a=rsa-sha256; " + Rest,                                  // tag name must start with a letter
            " v=1; a=rsa-sha256; =x; " + Rest,                               // empty tag name
            " v-x=1; a=rsa-sha256; " + Rest,                                 // '-' is not a tag-name character
            " a=rsa-sha256; " + Rest,                                        // v= missing
            " v=1; " + Rest,                                                 // a= missing
            " v=1; a=rsa-sha256; s=sel; h=from; " + GoodBh + "; " + GoodB,  // d= missing
            " v=1; a=rsa-sha256; d=example.com; h=from; " + GoodBh + "; " + GoodB,  // s= missing
            " v=1; a=rsa-sha256; d=example.com; s=sel; " + GoodBh + "; " + GoodB,   // h= missing
            " v=1; a=rsa-sha256; d=example.com; s=sel; h=from; " + GoodB,   // bh= missing
            " v=1; a=rsa-sha256; d=example.com; s=sel; h=from; " + GoodBh,  // b= missing
            " v=1; a=rsa-sha256; d=; s=sel; h=from; " + GoodBh + "; " + GoodB,     // empty d=
            " v=1; a=rsa-sha256; d=example.com; s=; h=from; " + GoodBh + "; " + GoodB,   // empty s=
            " v=1; a=rsa-sha256; d=example.com; s=sel; h=:; " + GoodBh + "; " + GoodB,   // h= names nothing
            " v=1; a=rsa-sha256; d=example.com; s=sel; h=from; " + GoodBh + "; b=",      // empty b=
            " v=2; a=rsa-sha256; " + Rest,
            " v=1; a=rsa-sha256; c=foo/bar; " + Rest,
            " v=1; a=rsa-sha256; c=relaxed/relaxed/relaxed; " + Rest,
            " v=1; a=rsa-sha256; q=http/well-known; " + Rest,
            " v=1; a=rsa-sha256; l=-1; " + Rest,
            " v=1; a=rsa-sha256; l=12a; " + Rest,
            " v=1; a=rsa-sha256; l=99999999999999999999999999; " + Rest,
            " v=1; a=rsa-sha256; t=yesterday; " + Rest,
            " v=1; a=rsa-sha256; t=-5; " + Rest,
            " v=1; a=rsa-sha256; x=1.5; " + Rest,
            " v=1; a=rsa-sha256; t=1700000000; x=1600000000; " + Rest,      // x= before t=
            " v=1; a=rsa-sha256; i=joe.example.com; " + Rest,                // i= without '@'
            " v=1; a=rsa-sha256; i=joe@evil.example; " + Rest,               // i= outside d=
            " v=1; a=rsa-sha256; i=joe@notexample.com; " + Rest,             // i= domain only ends like d=
            " v=1; a=rsa-sha256; z=caf\u00e9; " + Rest,                       // 8-bit byte in a value
            " v=1; a=rsa-sha256; z=a\u0001b; " + Rest,                        // control character in a value
            " v=1; a=rsa-sha256; z=a\u0000b; " + Rest,                        // NUL in a value
            " v=1; a=rsa-sha256; d=example.com; s=sel; h=from; bh=!!!!; " + GoodB,     // bh= not base64
            " v=1; a=rsa-sha256; d=example.com; s=sel; h=from; " + GoodBh + "; b=@@@@",  // b= not base64
            " v=1; a=rsa-sha256; d=example.com; s=sel; h=from; " + GoodBh + "; b=dGVzdA=x",  // padding in the middle
            " v=1; a=rsa-sha256; d=example.com; s=sel; h=from; " + GoodBh + "; b=dGVzd",     // length not a multiple of 4
            "",                                                               // empty field
            ";",
            " ;;;;;;;;",
            " " + string.Concat(Enumerable.Repeat("v=1; ", 100000)),          // 100,000 duplicate tags
            " " + new string('x', 1_000_000),                                 // 1 MB without '='
        }.Select(v => new object[] { v });

        [Theory]
        [MemberData(nameof(MalformedSignatureValues))]
        public async Task MalformedTags_AreSyntaxErrors(string value)
        {
            byte[] message = DkimHandSigner.Latin1("DKIM-Signature:" + value + "\r\n" + DkimReasonTests.Message);
            var dns = RsaDns();
            var r = Assert.Single(await VerifyBounded(message, dns));
            AssertResult(r, DkimResult.neutral, DkimFailureReason.SyntaxError);
            Assert.False(string.IsNullOrEmpty(r.ReasonText));
            Assert.Equal(0, dns.QueryCount);
        }

        [Theory]
        // RFC 6376 §3.5: d= is a domain-name (RFC 5321 sub-domain labels: letters, digits, hyphens), s= is
        // sub-domain *("." sub-domain). A value outside that syntax must not be queried, let alone pass:
        // "legitimate.com(.attacker.com" is a name in attacker.com's zone that reads like legitimate.com
        // wherever "(" starts a comment (RFC 8601 Authentication-Results). dkimpy rejects it (test.message.baddomain).
        [InlineData("legitimate.com(.attacker.com", "sel")]
        [InlineData("legitimate.com;.attacker.com", "sel")]
        [InlineData("example..com", "sel")]
        [InlineData("example.com", "sel(x")]
        public async Task DomainAndSelectorOutsideTheirSyntax_AreSyntaxErrors(string domain, string selector)
        {
            // The key is served at the name a lax verifier would query, so only the syntax check can stop it.
            var pair = DkimHandKeys.Rsa(2048);
            var dns = new InMemoryDnsResolver().AddTxt(selector + "._domainkey." + domain, DkimHandKeys.Record(pair.Public));
            var sig = new HandSignature { Key = pair.Private, Domain = domain, Selector = selector };
            byte[] message = DkimHandSigner.Latin1(DkimHandSigner.SignText(DkimReasonTests.Message, sig));
            var r = Assert.Single(await VerifyBounded(message, dns));
            Assert.NotEqual(DkimResult.pass, r.Result);
            AssertResult(r, DkimResult.neutral, DkimFailureReason.SyntaxError);
        }

        // ---- base64 garbage and odd lengths ----

        [Fact]
        public async Task SignatureOfTheWrongLength_Fails()
        {
            foreach (string b in new[] { "AAAA", Convert.ToBase64String(new byte[255]), Convert.ToBase64String(new byte[257]), Convert.ToBase64String(Enumerable.Repeat((byte)0xff, 1 << 20).ToArray()) })
            {
                var s = Rsa();
                s.SignatureOverride = b;
                var r = Assert.Single(await VerifyBounded(DkimHandSigner.Latin1(DkimHandSigner.SignText(DkimReasonTests.Message, s)), RsaDns()));
                AssertResult(r, DkimResult.fail, DkimFailureReason.SignatureMismatch);
            }
            var edDns = new InMemoryDnsResolver().AddTxt(KeyName, DkimHandKeys.Record(DkimHandKeys.Ed25519.Public));
            foreach (int length in new[] { 0, 1, 63, 65, 4096 })
            {
                var s = new HandSignature { Key = DkimHandKeys.Ed25519.Private, Algorithm = "ed25519-sha256", Domain = Domain, Selector = Selector };
                s.SignatureOverride = length == 0 ? "" : Convert.ToBase64String(new byte[length]);
                var r = Assert.Single(await VerifyBounded(DkimHandSigner.Latin1(DkimHandSigner.SignText(DkimReasonTests.Message, s)), edDns));
                if (length == 0) AssertResult(r, DkimResult.neutral, DkimFailureReason.SyntaxError);   // b= is empty
                else AssertResult(r, DkimResult.fail, DkimFailureReason.SignatureMismatch);
            }
        }

        [Fact]
        public async Task BodyHashOfTheWrongLength_Fails()
        {
            foreach (string bh in new[] { Convert.ToBase64String(new byte[16]), Convert.ToBase64String(new byte[64]), "" })
            {
                var s = Rsa();
                s.BodyHashOverride = bh;
                var r = Assert.Single(await VerifyBounded(DkimHandSigner.Latin1(DkimHandSigner.SignText(DkimReasonTests.Message, s)), RsaDns()));
                AssertResult(r, DkimResult.fail, DkimFailureReason.BodyHashMismatch);
            }
        }

        [Theory]
        [InlineData("v=DKIM1; k=rsa; p=!!!notbase64!!!")]
        [InlineData("v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQ")]   // truncated SubjectPublicKeyInfo
        [InlineData("v=DKIM1; k=rsa; p=AAAA")]
        [InlineData("v=DKIM1; k=rsa; p=MAA=")]                                      // an empty SEQUENCE
        [InlineData("v=DKIM1; k=rsa; p=AgEB")]                                      // a bare INTEGER
        [InlineData("v=DKIM1; k=ed25519; p=!!!!")]
        [InlineData("v=DKIM1; k=ed25519; p=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]   // 42 bytes
        [InlineData("v=DKIM1; k=rsa; p=a\u0000b")]
        [InlineData("v=DKIM1; k=rsa; n=caf\u00e9; p=AAAA")]
        [InlineData("v=DKIM1;; k=rsa; p=AAAA")]
        [InlineData("k=rsa; v=DKIM1; p=AAAA")]                                      // v= not first
        [InlineData("garbage")]
        [InlineData("")]
        public async Task KeyRecordGarbage_IsKeyInvalid(string record)
        {
            var r = Assert.Single(await VerifyBounded(DkimHandSigner.Latin1(DkimHandSigner.SignText(DkimReasonTests.Message, Rsa())), new InMemoryDnsResolver().AddTxt(KeyName, record)));
            AssertResult(r, DkimResult.permerror, DkimFailureReason.KeyInvalid);
        }

        [Fact]
        public async Task KeyRecordFoldedWithWhiteSpaceInP_Verifies()
        {
            // RFC 6376 §3.6.1: p= is base64string, which allows FWS between the characters.
            string record = DkimHandKeys.Record(DkimHandKeys.Rsa(2048).Public);
            string p = record.Substring(record.IndexOf("p=", StringComparison.Ordinal) + 2);
            string folded = "v=DKIM1; k=rsa; p=" + string.Join(" \t ", Enumerable.Range(0, (p.Length + 39) / 40).Select(i => p.Substring(i * 40, Math.Min(40, p.Length - i * 40))));
            var r = Assert.Single(await VerifyBounded(DkimHandSigner.Latin1(DkimHandSigner.SignText(DkimReasonTests.Message, Rsa())), new InMemoryDnsResolver().AddTxt(KeyName, folded)));
            AssertResult(r, DkimResult.pass, DkimFailureReason.None);
        }

        [Fact]
        public async Task KeyRecordFuzz_RandomAndCorruptedDer_NeverThrowsNorPasses()
        {
            // Random bytes, and a real SubjectPublicKeyInfo with bytes flipped, cut or extended: the ASN.1 and key
            // parsers see every kind of broken structure. None may escape as an exception; none may pass.
            byte[] message = DkimHandSigner.Latin1(DkimHandSigner.SignText(DkimReasonTests.Message, Rsa(1024)));
            string good = DkimHandKeys.Record(DkimHandKeys.Rsa(1024).Public);
            byte[] der = Convert.FromBase64String(good.Substring(good.IndexOf("p=", StringComparison.Ordinal) + 2));
            var pub = (RsaKeyParameters)DkimHandKeys.Rsa(1024).Public;
            byte[] keyMaterial = new Org.BouncyCastle.Asn1.X509.RsaPublicKeyStructure(pub.Modulus, pub.Exponent).GetDerEncoded();
            var random = new Random(6376);
            var seen = new HashSet<DkimFailureReason>();
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < 3000; i++)
            {
                byte[] p;
                switch (i % 4)
                {
                    case 0:
                        p = new byte[random.Next(0, 600)];
                        random.NextBytes(p);
                        break;
                    case 1:
                        p = (byte[])der.Clone();
                        for (int k = random.Next(1, 4); k > 0; k--) p[random.Next(p.Length)] = (byte)random.Next(256);
                        break;
                    case 2:
                        p = der.Take(random.Next(0, der.Length)).ToArray();
                        break;
                    default:
                        p = der.Concat(Enumerable.Range(0, random.Next(1, 40)).Select(_ => (byte)random.Next(256))).ToArray();
                        p[random.Next(6)] = (byte)random.Next(256);   // and the outer lengths disturbed
                        break;
                }
                var dns = new InMemoryDnsResolver().AddTxt(KeyName, "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(p));
                IReadOnlyList<DkimSignatureResult> results;
                try
                {
                    results = await DkimVerifier.VerifyAsync(message, dns);
                }
                catch (Exception e)
                {
                    throw new Xunit.Sdk.XunitException($"case {i} (p={Convert.ToBase64String(p)}) threw {e.GetType().Name}: {e.Message}");
                }
                var r = Assert.Single(results);
                // A pass is right only when the modulus and exponent survived (a flipped byte in the AlgorithmIdentifier's
                // NULL parameters, or bytes after the structure, leave the key itself intact).
                Assert.True(r.Result != DkimResult.pass || Contains(p, keyMaterial), $"case {i} passed with p={Convert.ToBase64String(p)}");
                seen.Add(r.Reason);
            }
            Assert.Contains(DkimFailureReason.KeyInvalid, seen);
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(120), $"3,000 fuzzed records took {sw.Elapsed}");
        }

        private static bool Contains(byte[] haystack, byte[] needle)
        {
            for (int i = 0; i + needle.Length <= haystack.Length; i++)
                if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return true;
            return false;
        }

        // ---- big keys ----

        private static readonly BigInteger SmallPrimesProduct = Enumerable.Range(3, 1000).Where(IsSmallPrime).Aggregate(BigInteger.One, (p, q) => p.Multiply(BigInteger.ValueOf(q)));

        private static bool IsSmallPrime(int n)
        {
            for (int d = 2; d * d <= n; d++) if (n % d == 0) return false;
            return n > 1;
        }

        /// <summary>
        /// A random odd number of exactly <paramref name="bits"/> bits without prime factors under 1000: what a
        /// key parser that checks for small factors (BouncyCastle does, up to 751) accepts as an RSA modulus.
        /// It has no known factorisation, so no private key exists for it; that is all a verifier test needs.
        /// </summary>
        private static BigInteger RandomModulus(int bits, Random random)
        {
            while (true)
            {
                var bytes = new byte[(bits + 7) / 8];
                random.NextBytes(bytes);
                var n = new BigInteger(1, bytes).SetBit(bits - 1).SetBit(0);
                for (int b = n.BitLength - 1; b >= bits; b--) n = n.ClearBit(b);
                if (n.Gcd(SmallPrimesProduct).Equals(BigInteger.One)) return n;
            }
        }

        [Fact]
        public async Task RsaKeyOf16384Bits_IsUsable_AndAWrongSignatureFailsInBoundedTime()
        {
            // A 16,384-bit odd number with e=65537 is a syntactically valid public key; the signature (2,048 zero
            // bytes) cannot verify. One verification with e=65537 is cheap (17 modular squarings); 10 s is generous.
            var n = RandomModulus(16384, new Random(16384));
            Assert.Equal(16384, n.BitLength);
            var dns = new InMemoryDnsResolver().AddTxt(KeyName, DkimHandKeys.RsaRecord(n, BigInteger.ValueOf(65537)));
            var s = Rsa();
            s.SignatureOverride = Convert.ToBase64String(new byte[2048]);
            byte[] message = DkimHandSigner.Latin1(DkimHandSigner.SignText(DkimReasonTests.Message, s));
            var sw = Stopwatch.StartNew();
            var r = Assert.Single(await VerifyBounded(message, dns, bound: TimeSpan.FromSeconds(10)));
            sw.Stop();
            AssertResult(r, DkimResult.fail, DkimFailureReason.SignatureMismatch);
            Assert.Equal(16384, r.KeySize);
        }

        [Theory]
        [InlineData(16385)]
        [InlineData(65536)]
        [InlineData(1_000_000)]
        public async Task RsaKeyOverTheLimit_IsKeyInvalid(int bits)
        {
            // Just over the limit: without small factors, so that only the size can refuse it. Far over: any odd number.
            var random = new Random(bits);
            BigInteger n;
            if (bits <= 16385) n = RandomModulus(bits, random);
            else
            {
                var bytes = new byte[bits / 8];
                random.NextBytes(bytes);
                n = new BigInteger(1, bytes).SetBit(bits - 1).SetBit(0);
            }
            Assert.Equal(bits, n.BitLength);
            var dns = new InMemoryDnsResolver().AddTxt(KeyName, DkimHandKeys.RsaRecord(n, BigInteger.ValueOf(65537)));
            var r = Assert.Single(await VerifyBounded(DkimHandSigner.Latin1(DkimHandSigner.SignText(DkimReasonTests.Message, Rsa())), dns));
            AssertResult(r, DkimResult.permerror, DkimFailureReason.KeyInvalid);
        }

        [Fact]
        public async Task RsaKeyWithAHugePublicExponent_IsBoundedWork()
        {
            // e is the exponent of the verifier's modular exponentiation: with a 16,384-bit modulus and a
            // 16,376-bit odd exponent, one verification is about a thousand times dearer than with e=65537
            // (BouncyCastle: about 20 s on this machine). A key record costs its publisher nothing, so such keys
            // must be refused or bounded (OpenSSL refuses exponents over 64 bits for moduli over 3,072 bits).
            var random = new Random(65537);
            var n = RandomModulus(16384, random);
            var eBytes = new byte[16376 / 8];
            random.NextBytes(eBytes);
            var e = new BigInteger(1, eBytes).SetBit(0).SetBit(16375);
            var dns = new InMemoryDnsResolver().AddTxt(KeyName, DkimHandKeys.RsaRecord(n, e));
            var s = Rsa();
            s.SignatureOverride = Convert.ToBase64String(Enumerable.Repeat((byte)0x5a, 2048).ToArray());
            byte[] message = DkimHandSigner.Latin1(DkimHandSigner.SignText(DkimReasonTests.Message, s));
            var r = Assert.Single(await VerifyBounded(message, dns, bound: TimeSpan.FromSeconds(10)));
            Assert.NotEqual(DkimResult.pass, r.Result);
        }

        // ---- header structure ----

        [Fact]
        public async Task HeaderLineWithoutColon_IsNotAField_AndTheSignatureStillVerifies()
        {
            string m = DkimReasonTests.Message.Replace("To: Suzie", "This line has no colon at all\r\nTo: Suzie");
            var r = Assert.Single(await VerifyBounded(DkimHandSigner.Latin1(DkimHandSigner.SignText(m, Rsa())), RsaDns()));
            AssertResult(r, DkimResult.pass, DkimFailureReason.None);
        }

        [Fact]
        public async Task DkimSignatureWithoutColon_IsNoSignature()
        {
            string field = DkimHandSigner.SignatureField(DkimReasonTests.Message, Rsa());
            byte[] message = DkimHandSigner.Latin1(field.Replace("DKIM-Signature:", "DKIM-Signature ") + DkimReasonTests.Message);
            var r = Assert.Single(await VerifyBounded(message, RsaDns()));
            AssertResult(r, DkimResult.none, DkimFailureReason.NoSignature);
        }

        [Theory]
        [InlineData(":\r\n")]
        [InlineData(": value\r\n")]
        [InlineData(" starts with a space: x\r\n")]
        [InlineData("\tDKIM-Signature: v=1\r\n")]
        public async Task OddFirstLines_GiveResults(string firstLine)
        {
            byte[] message = DkimHandSigner.Latin1(firstLine + DkimHandSigner.SignText(DkimReasonTests.Message, Rsa()));
            var results = await VerifyBounded(message, RsaDns());
            Assert.NotEmpty(results);
        }

        [Theory]
        [InlineData("simple")]
        [InlineData("relaxed")]
        public async Task MessageWithoutBody_Verifies(string bodyCanon)
        {
            // No empty line at all: RFC 6376 §3.4.3/§3.4.4 treat a missing body as an empty one.
            string headersOnly = DkimReasonTests.Message.Split("\r\n\r\n", 2)[0] + "\r\n";
            var s = Rsa();
            s.BodyCanonicalization = bodyCanon;
            var r = Assert.Single(await VerifyBounded(DkimHandSigner.Latin1(DkimHandSigner.SignText(headersOnly, s)), RsaDns()));
            AssertResult(r, DkimResult.pass, DkimFailureReason.None);
            // The empty-body hashes: SHA-256 of CRLF (simple) and of nothing (relaxed).
            Assert.Contains(bodyCanon == "simple" ? "bh=frcCV1k9oG9oKj3dpUqdJg1PxRT2RSN/XKdLCPjaYaY=" : "bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", DkimHandSigner.Text(DkimHandSigner.Latin1(DkimHandSigner.SignText(headersOnly, s))));
        }

        [Theory]
        [InlineData("simple")]
        [InlineData("relaxed")]
        public async Task OnlyHeaders_LastLineWithoutCrlf_GivesAResult(string headerCanon)
        {
            string headersOnly = DkimReasonTests.Message.Split("\r\n\r\n", 2)[0];   // ends "...Message-ID: <...>" without CRLF
            var s = Rsa();
            s.HeaderCanonicalization = headerCanon;
            s.SignedHeaders = new[] { "From", "Subject" };
            var r = Assert.Single(await VerifyBounded(DkimHandSigner.Latin1(DkimHandSigner.SignText(headersOnly, s)), RsaDns()));
            AssertResult(r, DkimResult.pass, DkimFailureReason.None);

            // The signature field itself as the only, unterminated line.
            string only = DkimHandSigner.SignatureField(headersOnly, s).TrimEnd('\r', '\n');
            var r2 = Assert.Single(await VerifyBounded(DkimHandSigner.Latin1(only), RsaDns()));
            Assert.NotEqual(DkimResult.pass, r2.Result);
        }

        [Theory]
        [InlineData(new byte[0])]
        [InlineData(new byte[] { 13, 10 })]
        [InlineData(new byte[] { 10 })]
        [InlineData(new byte[] { 13 })]
        [InlineData(new byte[] { 0 })]
        [InlineData(new byte[] { 13, 10, 13, 10, 13, 10 })]
        public async Task TinyMessages_HaveNoSignature(byte[] message)
        {
            var r = Assert.Single(await VerifyBounded(message, RsaDns()));
            AssertResult(r, DkimResult.none, DkimFailureReason.NoSignature);
        }

        [Fact]
        public async Task NulBytes_InHeadersAndBody_AreSignedLikeAnyOctet()
        {
            string m = DkimReasonTests.Message.Replace("Is dinner ready?", "Is\0dinner\0ready?").Replace("Joe.\r\n", "J\0o\0e.\r\n\0\0\0\r\n");
            foreach (string canon in new[] { "simple", "relaxed" })
            {
                var s = Rsa();
                s.HeaderCanonicalization = canon;
                s.BodyCanonicalization = canon;
                var r = Assert.Single(await VerifyBounded(DkimHandSigner.Latin1(DkimHandSigner.SignText(m, s)), RsaDns()));
                AssertResult(r, DkimResult.pass, DkimFailureReason.None);
            }
            // A megabyte of NULs is a "header" without a colon: no signature.
            var nul = Assert.Single(await VerifyBounded(new byte[1 << 20], RsaDns()));
            AssertResult(nul, DkimResult.none, DkimFailureReason.NoSignature);
        }

        [Fact]
        public async Task TenMegabyteHeaderLine_AndAMillionContinuationLines_Verify()
        {
            string longLine = "X-Long: " + new string('a', 10 * 1024 * 1024) + "\r\n";
            string folded = "X-Folded: start\r\n" + string.Concat(Enumerable.Repeat(" x\r\n", 1_000_000));
            string m = longLine + folded + DkimReasonTests.Message;
            foreach (string canon in new[] { "simple", "relaxed" })
            {
                var s = Rsa();
                s.HeaderCanonicalization = canon;
                s.SignedHeaders = new[] { "From", "X-Long", "X-Folded" };
                var r = Assert.Single(await VerifyBounded(DkimHandSigner.Latin1(DkimHandSigner.SignText(m, s)), RsaDns()));
                AssertResult(r, DkimResult.pass, DkimFailureReason.None);
            }
        }

        [Fact]
        public async Task ManySignedHeaderNames_OverManyFields_AreBoundedWork()
        {
            // h= may name a field many times and the message may repeat it many times (RFC 6376 §5.4.2 picks
            // instances from the bottom up). 20,000 fields and 20,000 names are a 200 KB message, far under the
            // size limit; selecting them is 20,000 look-ups, which must not cost 20,000 squared comparisons
            // (that would make a 2 MB message of 200,000 pairs take minutes).
            const int count = 20_000;
            var sb = new StringBuilder();
            for (int i = 0; i < count; i++) sb.Append("X: ").Append(i % 10).Append("\r\n");
            string m = sb + DkimReasonTests.Message;
            var s = Rsa();
            s.SignedHeaders = new[] { "From" }.Concat(Enumerable.Repeat("X", count)).ToArray();
            byte[] message = DkimHandSigner.Latin1(DkimHandSigner.SignText(m, s));
            var sw = Stopwatch.StartNew();
            var r = Assert.Single(await VerifyBounded(message, RsaDns(), bound: TimeSpan.FromSeconds(30)));
            sw.Stop();
            AssertResult(r, DkimResult.pass, DkimFailureReason.None);
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"{count:N0} names over {count:N0} fields took {sw.Elapsed.TotalSeconds:F1} s");
        }

        [Fact]
        public async Task ManyHeaderFields_FiftyMegabytesOfThem_GiveAResult()
        {
            // 50 MB of 4-byte fields ("X:\r\n"): about 13 million fields, then a signed message.
            const int fields = 50 * 1024 * 1024 / 4;
            var bytes = new byte[fields * 4];
            for (int i = 0; i < bytes.Length; i += 4) { bytes[i] = (byte)'X'; bytes[i + 1] = (byte)':'; bytes[i + 2] = 13; bytes[i + 3] = 10; }
            // The signature on top, then the many fields, then the signed message (X is not signed).
            byte[] f = DkimHandSigner.Latin1(DkimHandSigner.SignatureField(DkimReasonTests.Message, Rsa()));
            byte[] rest = DkimHandSigner.Latin1(DkimReasonTests.Message);
            var message = new byte[f.Length + bytes.Length + rest.Length];
            Buffer.BlockCopy(f, 0, message, 0, f.Length);
            Buffer.BlockCopy(bytes, 0, message, f.Length, bytes.Length);
            Buffer.BlockCopy(rest, 0, message, f.Length + bytes.Length, rest.Length);
            var r = Assert.Single(await VerifyBounded(message, RsaDns(), bound: TimeSpan.FromSeconds(120)));
            AssertResult(r, DkimResult.pass, DkimFailureReason.None);
        }

        // ---- arguments and cancellation ----

        [Fact]
        public async Task NullArguments_AndCancellation_AreTheDocumentedExceptions()
        {
            byte[] message = DkimHandSigner.Latin1(DkimHandSigner.SignText(DkimReasonTests.Message, Rsa()));
            await Assert.ThrowsAsync<ArgumentNullException>(() => DkimVerifier.VerifyAsync(null!, RsaDns()));
            await Assert.ThrowsAsync<ArgumentNullException>(() => DkimVerifier.VerifyAsync(message, null!));
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DkimVerifier.VerifyAsync(message, RsaDns(), null, cts.Token));
        }

        [Fact]
        public async Task SlowDns_IsCancellable()
        {
            byte[] message = DkimHandSigner.Latin1(DkimHandSigner.SignText(DkimReasonTests.Message, Rsa()));
            var dns = RsaDns();
            dns.Delay = TimeSpan.FromMinutes(10);
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            var sw = Stopwatch.StartNew();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DkimVerifier.VerifyAsync(message, dns, null, cts.Token));
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30));
        }
    }
}
