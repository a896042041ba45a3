using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using MailAuth.Dkim;
using Xunit;
using static MailAuth.Tests.Dkim.DkimSignerTestKit;

namespace MailAuth.Tests.Dkim
{
    /// <summary>Sign with <see cref="DkimSigner"/>, verify with the project's own <see cref="DkimVerifier"/>.</summary>
    public class DkimSignerTests
    {
        public static IEnumerable<object[]> KeysAndCanonicalizations()
        {
            foreach (string key in new[] { "rsa", "ed25519" })
                foreach (string c in new[] { "relaxed/relaxed", "relaxed/simple", "simple/relaxed", "simple/simple", "relaxed", "simple" })
                    yield return new object[] { key, c };
        }

        private static DkimSigningKey KeyOf(string name) => name == "rsa" ? Rsa2048 : Ed25519;

        private static async Task AssertPasses(byte[] message, int count = 1)
        {
            var results = await Verify(message);
            Assert.Equal(count, results.Count);
            Assert.True(results.All(r => r.Result == DkimResult.pass), Describe(results));
        }

        private static async Task<DkimSignatureResult> Only(byte[] message)
        {
            var results = await Verify(message);
            Assert.Single(results);
            return results[0];
        }

        private static byte[] Replace(byte[] signed, string from, string to)
        {
            string text = Encoding.UTF8.GetString(signed);
            Assert.Contains(from, text);
            int i = text.IndexOf(from, StringComparison.Ordinal);
            return Encoding.UTF8.GetBytes(text.Substring(0, i) + to + text.Substring(i + from.Length));
        }

        [Theory]
        [MemberData(nameof(KeysAndCanonicalizations))]
        public async Task RoundTrip_Passes(string keyName, string canonicalization)
        {
            var key = KeyOf(keyName);
            var signed = DkimSigner.Sign(Bytes(PlainMessage), key, Options(key, canonicalization));

            await AssertPasses(signed.Bytes);
            string expectedC = canonicalization.Contains('/') ? canonicalization : canonicalization + "/simple";
            Assert.Equal(expectedC, signed.Canonicalization);
            Assert.Contains("c=" + expectedC + ";", signed.Header);
            Assert.Equal(key.AlgorithmName, signed.Algorithm);
        }

        [Theory]
        [MemberData(nameof(KeysAndCanonicalizations))]
        public async Task ChangedBodyByte_FailsOnTheBodyHash(string keyName, string canonicalization)
        {
            var key = KeyOf(keyName);
            var signed = DkimSigner.Sign(Bytes(PlainMessage), key, Options(key, canonicalization));

            var r = await Only(Replace(signed.Bytes, "Hello Bob", "Hello Bub"));

            Assert.Equal(DkimResult.fail, r.Result);
            Assert.Equal(DkimFailureReason.BodyHashMismatch, r.Reason);
        }

        [Theory]
        [MemberData(nameof(KeysAndCanonicalizations))]
        public async Task ChangedSignedHeader_FailsOnTheSignature(string keyName, string canonicalization)
        {
            var key = KeyOf(keyName);
            var signed = DkimSigner.Sign(Bytes(PlainMessage), key, Options(key, canonicalization));

            var r = await Only(Replace(signed.Bytes, "Subject: Quarterly  report", "Subject: Quarterly  rep0rt"));

            Assert.Equal(DkimResult.fail, r.Result);
            Assert.Equal(DkimFailureReason.SignatureMismatch, r.Reason);
        }

        [Theory]
        [InlineData("rsa", "relaxed/relaxed", DkimResult.pass)]
        [InlineData("rsa", "simple/relaxed", DkimResult.fail)]
        [InlineData("ed25519", "relaxed/simple", DkimResult.pass)]
        [InlineData("ed25519", "simple/simple", DkimResult.fail)]
        public async Task WhitespaceInASignedHeader_MattersOnlyUnderSimple(string keyName, string canonicalization, DkimResult expected)
        {
            var key = KeyOf(keyName);
            var signed = DkimSigner.Sign(Bytes(PlainMessage), key, Options(key, canonicalization));

            // Relaxed header canonicalization unfolds and collapses runs of whitespace (RFC 6376 §3.4.2).
            var r = await Only(Replace(signed.Bytes, "Subject: Quarterly  report", "Subject:  Quarterly\r\n\treport "));

            Assert.Equal(expected, r.Result);
        }

        [Theory]
        [InlineData("rsa", "relaxed/relaxed", DkimResult.pass)]
        [InlineData("rsa", "relaxed/simple", DkimResult.fail)]
        [InlineData("ed25519", "simple/relaxed", DkimResult.pass)]
        [InlineData("ed25519", "simple/simple", DkimResult.fail)]
        public async Task WhitespaceInTheBody_MattersOnlyUnderSimple(string keyName, string canonicalization, DkimResult expected)
        {
            var key = KeyOf(keyName);
            var signed = DkimSigner.Sign(Bytes(PlainMessage), key, Options(key, canonicalization));

            // Relaxed body canonicalization collapses whitespace runs, drops trailing whitespace and empty lines (RFC 6376 §3.4.4).
            var r = await Only(Replace(signed.Bytes, "the numbers  are\tin.  \r\n", "the numbers are in.\r\n") is var b
                ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(b) + "\r\n\r\n") : b);

            Assert.Equal(expected, r.Result);
        }

        [Theory]
        [InlineData("rsa")]
        [InlineData("ed25519")]
        public async Task AnUnsignedHeaderAdded_StillPasses(string keyName)
        {
            var key = KeyOf(keyName);
            var signed = DkimSigner.Sign(Bytes(PlainMessage), key, Options(key));

            await AssertPasses(Replace(signed.Bytes, "X-Unsigned:", "Received: by relay.example.net\r\nX-Unsigned:"));
            Assert.DoesNotContain("x-unsigned", signed.SignedHeaders);
        }

        [Theory]
        [InlineData("rsa", true)]
        [InlineData("rsa", false)]
        [InlineData("ed25519", true)]
        [InlineData("ed25519", false)]
        public async Task FromIsOversigned_ASecondFromBreaksTheSignature(string keyName, bool onTop)
        {
            var key = KeyOf(keyName);
            var signed = DkimSigner.Sign(Bytes(PlainMessage), key, Options(key));
            Assert.Equal(2, signed.SignedHeaders.Count(h => h == "from"));
            Assert.Contains("h=from:from:", signed.Header.Replace("\r\n ", string.Empty));

            string evil = "From: Mallory <mallory@example.org>\r\n";
            byte[] tampered = onTop
                ? Bytes(evil + Text(signed.Bytes))
                : Replace(signed.Bytes, "To: Bob", evil + "To: Bob");
            var r = await Only(tampered);

            Assert.Equal(DkimResult.fail, r.Result);
            Assert.Equal(DkimFailureReason.SignatureMismatch, r.Reason);
        }

        [Fact]
        public async Task ADeletedSignedHeader_Fails()
        {
            var signed = DkimSigner.Sign(Bytes(PlainMessage), Rsa2048, Options(Rsa2048));

            var r = await Only(Replace(signed.Bytes, "Message-ID: <1@example.com>\r\n", string.Empty));

            Assert.Equal(DkimResult.fail, r.Result);
        }

        [Fact]
        public void DefaultHeaderList_ListsOnlyNamesPresent_EachAsOftenAsItOccurs_PlusOversignedFrom()
        {
            string message = "Received: a\r\nFrom: a@example.com\r\nTo: b@example.net\r\nTo: c@example.net\r\nSubject: s\r\nX-Other: x\r\n\r\nbody\r\n";
            var signed = DkimSigner.Sign(Bytes(message), Rsa2048, Options(Rsa2048));

            Assert.Equal(new[] { "from", "from", "subject", "to", "to" }, signed.SignedHeaders);
        }

        [Fact]
        public async Task ExplicitHeaderList_IsSigned_AndFromIsAddedWhenMissing()
        {
            var options = Options(Ed25519);
            options.Headers = new[] { "Subject", "X-Unsigned", "Not-Present" };
            var signed = DkimSigner.Sign(Bytes(PlainMessage), Ed25519, options);

            Assert.Equal(new[] { "from", "from", "subject", "x-unsigned" }, signed.SignedHeaders);
            await AssertPasses(signed.Bytes);
            var r = await Only(Replace(signed.Bytes, "X-Unsigned: not", "X-Unsigned: now"));
            Assert.Equal(DkimResult.fail, r.Result);
        }

        [Fact]
        public async Task NoOversigning_WhenTheListIsEmpty()
        {
            var options = Options(Rsa2048);
            options.OversignHeaders = Array.Empty<string>();
            var signed = DkimSigner.Sign(Bytes(PlainMessage), Rsa2048, options);

            Assert.Single(signed.SignedHeaders, h => h == "from");
            await AssertPasses(signed.Bytes);
        }

        [Fact]
        public async Task StackedSignatures_RsaThenEd25519_BothPass_NewestOnTop()
        {
            var rsa = DkimSigner.Sign(Bytes(PlainMessage), Rsa2048, Options(Rsa2048));
            var both = DkimSigner.Sign(rsa.Bytes, Ed25519, Options(Ed25519));

            Assert.StartsWith(both.Header + "\r\n" + rsa.Header + "\r\n", Text(both.Bytes));
            var results = await Verify(both.Bytes);
            Assert.Equal(2, results.Count);
            Assert.True(results.All(r => r.Result == DkimResult.pass), Describe(results));
            Assert.Equal("ed25519-sha256", results[0].Algorithm);
            Assert.Equal("rsa-sha256", results[1].Algorithm);
        }

        [Fact]
        public async Task StackedSignatures_ABodyChangeBreaksBoth_AHeaderOnlyTheSignedOne()
        {
            var rsa = DkimSigner.Sign(Bytes(PlainMessage), Rsa2048, Options(Rsa2048, "simple/simple"));
            var options = Options(Ed25519);
            options.Headers = new[] { "From" };
            var both = DkimSigner.Sign(rsa.Bytes, Ed25519, options);

            var bodyChanged = await Verify(Replace(both.Bytes, "Alice\r\n", "Alice!\r\n"));
            Assert.All(bodyChanged, r => Assert.Equal(DkimFailureReason.BodyHashMismatch, r.Reason));

            var subjectChanged = await Verify(Replace(both.Bytes, "Quarterly", "Annual"));
            Assert.Equal(DkimResult.pass, subjectChanged[0].Result);
            Assert.Equal(DkimResult.fail, subjectChanged[1].Result);
        }

        [Fact]
        public async Task Expiration_IsWritten_AndEnforcedByTheVerifier()
        {
            var t = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
            var options = Options(Rsa2048);
            options.Timestamp = t;
            options.Expiration = t.AddDays(7);
            var signed = DkimSigner.Sign(Bytes(PlainMessage), Rsa2048, options);

            Assert.Contains("t=1700000000;", signed.Header);
            Assert.Contains("x=1700604800;", signed.Header);
            Assert.Equal(t.AddDays(7), signed.Expiration);
            var before = await Verify(signed.Bytes, asOf: t.AddDays(1));
            Assert.Equal(DkimResult.pass, before[0].Result);
            Assert.Equal(t.AddDays(7), before[0].Expiration);
            var after = await Verify(signed.Bytes, asOf: t.AddDays(8));
            Assert.Equal(DkimResult.policy, after[0].Result);
            Assert.Equal(DkimFailureReason.SignatureExpired, after[0].Reason);
        }

        [Fact]
        public void Expiration_NotAfterTheTimestamp_IsRefused()
        {
            var options = Options(Rsa2048);
            options.Timestamp = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
            options.Expiration = options.Timestamp.Value.AddMilliseconds(500);
            Assert.Throws<ArgumentException>(() => DkimSigner.Sign(Bytes(PlainMessage), Rsa2048, options));

            // Without a timestamp, "now" is used: an expiration in the past is refused too.
            options.Timestamp = null;
            options.Expiration = DateTimeOffset.UtcNow.AddMinutes(-5);
            Assert.Throws<ArgumentException>(() => DkimSigner.Sign(Bytes(PlainMessage), Rsa2048, options));
        }

        [Fact]
        public void Timestamp_DefaultsToNow()
        {
            var options = Options(Ed25519);
            options.Timestamp = null;
            var before = DateTimeOffset.UtcNow.AddSeconds(-1);
            var signed = DkimSigner.Sign(Bytes(PlainMessage), Ed25519, options);
            Assert.InRange(signed.Timestamp, before, DateTimeOffset.UtcNow.AddSeconds(1));
        }

        [Theory]
        [InlineData("@example.com", "@example.com")]
        [InlineData("@Mail.Example.com", "@mail.example.com")]
        [InlineData("user@example.com", "user@example.com")]
        [InlineData("a;b=c@example.com", "a=3Bb=3Dc@example.com")]
        [InlineData("jörg@example.com", "j=C3=B6rg@example.com")]
        public async Task Identity_IsWrittenInDkimQuotedPrintable_AndVerifies(string identity, string expected)
        {
            var options = Options(Rsa2048);
            options.Identity = identity;
            var signed = DkimSigner.Sign(Bytes(PlainMessage), Rsa2048, options);

            Assert.Equal(expected, signed.Identity);
            Assert.Contains("i=" + expected + ";", signed.Header);
            var r = await Only(signed.Bytes);
            Assert.Equal(DkimResult.pass, r.Result);
            Assert.Equal(expected, r.Identity);
        }

        [Theory]
        [InlineData("example.com")]
        [InlineData("@example.org")]
        [InlineData("@badexample.com")]
        [InlineData("@")]
        public void Identity_OutsideTheDomain_IsRefused(string identity)
        {
            var options = Options(Rsa2048);
            options.Identity = identity;
            Assert.Throws<ArgumentException>(() => options.Validate(Rsa2048));
        }

        [Fact]
        public async Task BodyLength_IsOffByDefault_AndWhenOnStatesTheCanonicalLength()
        {
            var off = DkimSigner.Sign(Bytes(PlainMessage), Rsa2048, Options(Rsa2048));
            Assert.Null(off.BodyLength);
            Assert.DoesNotContain("l=", off.Header.Replace("\r\n ", " ").Split(';').Select(t => t.Trim()).Where(t => t.StartsWith("l=", StringComparison.Ordinal)));

            var options = Options(Rsa2048);
            options.BodyLength = true;
            var on = DkimSigner.Sign(Bytes(PlainMessage), Rsa2048, options);
            var r = await Only(on.Bytes);
            Assert.Equal(DkimResult.pass, r.Result);
            Assert.Equal(on.BodyLength, r.BodyLength);
            // The relaxed body: "Hello Bob,\r\n\r\nthe numbers are in.\r\n\r\nAlice\r\n".
            Assert.Equal(44, on.BodyLength);
        }

        [Theory]
        [InlineData("rsa")]
        [InlineData("ed25519")]
        public void Header_IsFoldedWithinTheLineWidth_WithCrlfAndASpace(string keyName)
        {
            var key = KeyOf(keyName);
            var options = Options(key);
            options.Headers = DkimSignOptions.DefaultHeaders.Concat(new[] { "X-Long-Header-Name-One", "X-Long-Header-Name-Two", "X-Long-Header-Name-Three" }).ToList();
            options.OversignHeaders = options.Headers;
            var signed = DkimSigner.Sign(Bytes(PlainMessage), key, options);

            Assert.StartsWith("DKIM-Signature: v=1; a=" + key.AlgorithmName + "; c=relaxed/relaxed; d=example.com;", signed.Header);
            Assert.False(signed.Header.EndsWith("\r\n", StringComparison.Ordinal));
            string[] lines = signed.Header.Split("\r\n");
            Assert.True(lines.Length > 3);
            Assert.All(lines, l => Assert.InRange(l.Length, 1, DkimSigner.LineWidth));
            Assert.All(lines.Skip(1), l => Assert.StartsWith(" ", l));
            Assert.DoesNotContain('\n', signed.Header.Replace("\r\n", string.Empty));
            // The b= value, with the folding removed, is the whole signature.
            string b = string.Concat(signed.Header.Substring(signed.Header.LastIndexOf(" b=", StringComparison.Ordinal) + 3).Where(c => c != '\r' && c != '\n' && c != ' '));
            Assert.Equal(key.Algorithm == DkimSigningAlgorithm.Ed25519Sha256 ? 64 : 256, Convert.FromBase64String(b).Length);
        }

        [Fact]
        public void Output_IsTheHeaderThenTheMessage()
        {
            var signed = DkimSigner.Sign(Bytes(PlainMessage), Ed25519, Options(Ed25519), source: "/tmp/m.eml");
            Assert.Equal(signed.Header + "\r\n" + PlainMessage, Text(signed.Bytes));
            Assert.Equal("/tmp/m.eml", signed.Source);
            Assert.False(signed.LineEndingsRepaired);
            Assert.Equal("ed", signed.Selector);
            Assert.Equal("example.com", signed.Domain);
        }

        [Theory]
        [InlineData("rsa")]
        [InlineData("ed25519")]
        public async Task BareLfInput_IsSignedAsCrlf(string keyName)
        {
            var key = KeyOf(keyName);
            var signed = DkimSigner.Sign(Bytes(PlainMessage.Replace("\r\n", "\n")), key, Options(key, "simple/simple"));

            Assert.True(signed.LineEndingsRepaired);
            Assert.Equal(signed.Header + "\r\n" + PlainMessage, Text(signed.Bytes));
            await AssertPasses(signed.Bytes);
        }

        [Theory]
        [InlineData("rsa")]
        [InlineData("ed25519")]
        public async Task EightBitHeadersAndBody_RoundTrip(string keyName)
        {
            var key = KeyOf(keyName);
            // Raw UTF-8 (RFC 6532) and a Latin-1 byte that is not UTF-8: every byte must survive.
            var bytes = new List<byte>(Encoding.UTF8.GetBytes("From: Jörg <j@example.com>\r\nSubject: Grüße ☃\r\n\r\nÄrger\r\n"));
            bytes.AddRange(new byte[] { 0xE9, 0x0D, 0x0A });
            foreach (string c in new[] { "simple/simple", "relaxed/relaxed" })
            {
                var signed = DkimSigner.Sign(bytes.ToArray(), key, Options(key, c));
                await AssertPasses(signed.Bytes);
            }
        }

        [Theory]
        [InlineData("rsa")]
        [InlineData("ed25519")]
        public async Task EmptyBodyAndNoBody_RoundTrip(string keyName)
        {
            var key = KeyOf(keyName);
            foreach (string m in new[] { "From: a@example.com\r\n\r\n", "From: a@example.com\r\n", "From: a@example.com\r\nSubject: x\r\n\r\n\r\n\r\n" })
                foreach (string c in new[] { "simple/simple", "relaxed/relaxed" })
                    await AssertPasses(DkimSigner.Sign(Bytes(m), key, Options(key, c)).Bytes);
        }

        [Fact]
        public async Task ADomainGivenInUpperCaseWithTrailingDot_IsNormalised()
        {
            var options = Options(Rsa2048);
            options.Domain = " Example.COM. ";
            options.Selector = "rsa.";
            var signed = DkimSigner.Sign(Bytes(PlainMessage), Rsa2048, options);
            Assert.Contains("d=example.com; s=rsa;", signed.Header);
            await AssertPasses(signed.Bytes);
        }

        [Fact]
        public void MessageWithoutFrom_IsRefused()
        {
            var e = Assert.Throws<DkimSignException>(() => DkimSigner.Sign(Bytes("To: b@example.net\r\n\r\nhi\r\n"), Rsa2048, Options(Rsa2048)));
            Assert.Equal("NoFromHeader", e.ErrorId);
        }

        [Fact]
        public void MessageWithTwoFroms_IsRefused()
        {
            var e = Assert.Throws<DkimSignException>(() => DkimSigner.Sign(Bytes("From: a@example.com\r\nFrom: b@example.com\r\n\r\nhi\r\n"), Rsa2048, Options(Rsa2048)));
            Assert.Equal("MultipleFromHeaders", e.ErrorId);
        }

        [Fact]
        public void MessageOverTheSizeLimit_IsRefused()
        {
            var options = Options(Rsa2048);
            options.MaxMessageSize = 100;
            Assert.Throws<DkimMessageTooLargeException>(() => DkimSigner.Sign(Bytes(PlainMessage), Rsa2048, options));
        }

        [Theory]
        [InlineData("Domain", "")]
        [InlineData("Domain", "exa mple.com")]
        [InlineData("Selector", "")]
        [InlineData("Selector", "bad selector")]
        [InlineData("Selector", "a..b")]
        [InlineData("Canonicalization", "relaxed/relaxed/relaxed")]
        [InlineData("Canonicalization", "nofws")]
        [InlineData("Canonicalization", "")]
        [InlineData("Headers", "Bad:Name")]
        [InlineData("Headers", "")]
        [InlineData("Algorithm", "Ed25519Sha256")]
        public void InvalidOptions_AreRefused(string option, string value)
        {
            var options = Options(Rsa2048);
            switch (option)
            {
                case "Domain": options.Domain = value; break;
                case "Selector": options.Selector = value; break;
                case "Canonicalization": options.Canonicalization = value; break;
                case "Headers": options.Headers = new[] { value }; break;
                case "Algorithm": options.Algorithm = Enum.Parse<DkimSigningAlgorithm>(value); break;
            }
            var e = Assert.Throws<ArgumentException>(() => options.Validate(Rsa2048));
            Assert.Contains(option, e.ParamName ?? string.Empty);
        }

        [Fact]
        public void ArgumentGuards()
        {
            Assert.Throws<ArgumentNullException>(() => DkimSigner.Sign(null!, Rsa2048, Options(Rsa2048)));
            Assert.Throws<ArgumentNullException>(() => DkimSigner.Sign(Bytes(PlainMessage), null!, Options(Rsa2048)));
            Assert.Throws<ArgumentNullException>(() => DkimSigner.Sign(Bytes(PlainMessage), Rsa2048, null!));
        }

        [Fact]
        public async Task TheSignerIsDeterministic_ForAFixedTimestamp()
        {
            // PKCS#1 v1.5 and Ed25519 are deterministic: the same input gives the same bytes.
            foreach (var key in new[] { Rsa2048, Ed25519 })
            {
                var options = Options(key);
                options.Timestamp = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
                var a = DkimSigner.Sign(Bytes(PlainMessage), key, options);
                var b = DkimSigner.Sign(Bytes(PlainMessage), key, options);
                Assert.Equal(a.Bytes, b.Bytes);
            }
            await Task.CompletedTask;
        }
    }
}
