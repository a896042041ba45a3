using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using MailAuth.Dkim;
using MailAuth.Dns;
using Xunit;
using static MailAuth.Tests.Dkim.DkimSignerTestKit;

namespace MailAuth.Tests.Dkim
{
    /// <summary>
    /// Independent expected values: RSA PKCS#1 v1.5 and Ed25519 signatures are deterministic, so
    /// signing the RFC 8463 Appendix A message with the Appendix A.1 keys must give exactly the b=
    /// values printed in Appendix A.3.
    /// </summary>
    public class DkimSignerRfc8463Tests
    {
        // RFC 8463 Appendix A.3, as printed (the three-space indentation of the RFC removed).
        private static readonly string[] SignedMessageLines =
        {
            "DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed;",
            " d=football.example.com; i=@football.example.com;",
            " q=dns/txt; s=brisbane; t=1528637909; h=from : to :",
            " subject : date : message-id : from : subject : date;",
            " bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;",
            " b=/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11Bus",
            " Fa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==",
            "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;",
            " d=football.example.com; i=@football.example.com;",
            " q=dns/txt; s=test; t=1528637909; h=from : to : subject :",
            " date : message-id : from : subject : date;",
            " bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;",
            " b=F45dVWDfMbQDGHJFlXUNB2HKfbCeLRyhDXgFpEL8GwpsRe0IeIixNTe3",
            " DhCVlUrSjV4BwcVcOF6+FF3Zo9Rpo1tFOeS9mPYQTnGdaSGsgeefOsk2Jz",
            " dA+L10TeYt9BgDfQNZtKdN1WO//KgIqXP7OdEFE4LjFYNcUxZQ4FADY+8=",
        };

        private static readonly string[] MessageLines =
        {
            "From: Joe SixPack <joe@football.example.com>",
            "To: Suzie Q <suzie@shopping.example.net>",
            "Subject: Is dinner ready?",
            "Date: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)",
            "Message-ID: <20030712040037.46341.5F8J@football.example.com>",
            "",
            "Hi.",
            "",
            "We lost the game.  Are you hungry yet?",
            "",
            "Joe.",
            "",
        };

        // dkimpy's tests sign the same message with c=simple/simple (dkimpy 1.1.5 data, rfc6376.signed.msg);
        // deterministic too, so a second pair of expected values with the other canonicalization.
        private static readonly string[] SimpleSignatureLines =
        {
            "DKIM-Signature: v=1; a=ed25519-sha256; c=simple/simple; ",
            " d=football.example.com; i=@football.example.com; ",
            " q=dns/txt; s=brisbane; t=1518460054; h=from : to : ",
            " subject : date : message-id : from : subject : date; ",
            " bh=4bLNXImK9drULnmePzZNEBleUanJCX5PIsDIFoH4KTQ=; ",
            " b=9/dsDChY0YMTtD5Eyw3wx7x22BlSJP7M5ECbJ7GWrR45nXlTCGb8l0YB",
            " o0wBLR++X5LqmsxXaOYLLJe46l10AQ==",
            "DKIM-Signature: v=1; a=rsa-sha256; c=simple/simple; ",
            " d=football.example.com; i=@football.example.com; ",
            " q=dns/txt; s=test; t=1527915362; h=from : to : subject : ",
            " date : message-id : from : subject : date; ",
            " bh=4bLNXImK9drULnmePzZNEBleUanJCX5PIsDIFoH4KTQ=; ",
            " b=icKcLSEZYXJ95flvWE8FT6hl5iqd8MC/LEKYH0QjsqYy6MO/4pgVNCZH",
            " l/RAXAuADxE/40Fg7uTlxwwD1hjN2Ple6J//cJfslBdDOq6zTVbne1dqtl",
            " NOat7iamJ1AfRqyG+ja7a2AZsrpUuJ7VA6O+0zRYPqpwMEkEFIzI9i/Xk=",
        };

        private static byte[] Crlf(params string[][] parts)
            => Encoding.ASCII.GetBytes(string.Join("\r\n", parts.SelectMany(p => p)) + "\r\n");

        private static DkimSigningKey Ed25519Key => DkimSigningKey.Load(KeyPath("rfc8032_7_1.key"));
        private static DkimSigningKey RsaKey => DkimSigningKey.Load(KeyPath("test.private"));

        // RFC 8463 Appendix A.2.
        private static InMemoryDnsResolver Rfc8463Dns()
            => new InMemoryDnsResolver()
                .AddTxt("brisbane._domainkey.football.example.com", "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
                .AddTxt("test._domainkey.football.example.com",
                    "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWR",
                    "iGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutAC",
                    "DfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3",
                    "Ip3G+2kryOTIKT+l/K4w3QIDAQAB");

        [Theory]
        [InlineData(0, "relaxed")]
        [InlineData(1, "relaxed")]
        [InlineData(0, "simple")]
        [InlineData(1, "simple")]
        public void SigningTheAppendixMessage_GivesThePrintedSignature(int index, string canonicalization)
        {
            var signed = DkimMessage.Parse(Crlf(canonicalization == "relaxed" ? SignedMessageLines : SimpleSignatureLines, MessageLines));
            var field = signed.Headers.Where(h => h.Name == "DKIM-Signature").ElementAt(index);
            Assert.True(DkimSignatureHeader.TryParse(field, out var sig, out string? error), error);
            var key = sig!.Algorithm == "ed25519-sha256" ? Ed25519Key : RsaKey;

            byte[] b = DkimSigner.ComputeSignature(signed, sig, key);

            Assert.Equal(Convert.ToBase64String(sig.Signature), Convert.ToBase64String(b));
        }

        [Fact]
        public void TheKeysAreTheAppendixKeys()
        {
            // A.2 publishes the public halves; the loaded private keys must match them.
            Assert.Equal("11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", Ed25519Key.PublicKeyData);
            Assert.Equal("MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB",
                RsaKey.PublicKeyData);
        }

        [Theory]
        [InlineData("relaxed/relaxed", "2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=")]
        [InlineData("simple/simple", "4bLNXImK9drULnmePzZNEBleUanJCX5PIsDIFoH4KTQ=")]
        public async Task SignWithTheSameTags_GivesThePrintedBodyHash_AndBothSignaturesVerify(string canonicalization, string expectedBodyHash)
        {
            byte[] message = Crlf(MessageLines);
            var options = new DkimSignOptions
            {
                Domain = "football.example.com",
                Selector = "test",
                Canonicalization = canonicalization,
                Headers = new[] { "from", "to", "subject", "date", "message-id" },
                OversignHeaders = new[] { "from", "subject", "date" },
                Identity = "@football.example.com",
                Timestamp = DateTimeOffset.FromUnixTimeSeconds(1528637909),
            };
            var rsa = DkimSigner.Sign(message, RsaKey, options);
            options.Selector = "brisbane";
            var both = DkimSigner.Sign(rsa.Bytes, Ed25519Key, options);

            Assert.Equal(expectedBodyHash, rsa.BodyHash);
            Assert.Equal(expectedBodyHash, both.BodyHash);
            // The same header multiset as the RFC's h=from:to:subject:date:message-id:from:subject:date.
            Assert.Equal(new[] { "date", "date", "from", "from", "message-id", "subject", "subject", "to" }, both.SignedHeaders.OrderBy(x => x, StringComparer.Ordinal));
            var results = await DkimVerifier.VerifyAsync(both.Bytes, Rfc8463Dns(), new DkimVerifyOptions { AsOf = DateTimeOffset.FromUnixTimeSeconds(1528637909) });
            Assert.Equal(2, results.Count);
            Assert.All(results, r => Assert.True(r.Result == DkimResult.pass, Describe(results)));
            Assert.Equal(new[] { "ed25519-sha256", "rsa-sha256" }, results.Select(r => r.Algorithm));
        }
    }
}
