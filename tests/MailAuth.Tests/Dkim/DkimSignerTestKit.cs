using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using System.Collections.Generic;
using MailAuth.Dkim;
using MailAuth.Dns;

namespace MailAuth.Tests.Dkim
{
    /// <summary>Keys, messages and a verifier for the signer tests.</summary>
    internal static class DkimSignerTestKit
    {
        public static string KeyPath(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "dkim", "keys", name);

        public static string KeyRecord(string name) => File.ReadAllText(KeyPath(name)).Trim();

        // Loaded once: RSA parsing is cheap, but the tests run many cases.
        private static readonly Lazy<DkimSigningKey> Rsa2048Lazy = new Lazy<DkimSigningKey>(() => DkimSigningKey.Load(KeyPath("2048_testkey_PKCS8.key")));
        private static readonly Lazy<DkimSigningKey> Ed25519Lazy = new Lazy<DkimSigningKey>(() => DkimSigningKey.Load(KeyPath("ed25519test.key")));

        public static DkimSigningKey Rsa2048 => Rsa2048Lazy.Value;
        public static DkimSigningKey Ed25519 => Ed25519Lazy.Value;

        /// <summary>The resolver with the two keys published: rsa._domainkey.example.com and ed._domainkey.example.com.</summary>
        public static InMemoryDnsResolver Dns()
            => new InMemoryDnsResolver()
                .AddTxt("rsa._domainkey.example.com", KeyRecord("2048_testkey_PKCS8.key.pub.txt"))
                .AddTxt("ed._domainkey.example.com", KeyRecord("ed25519test.dns"));

        public static DkimSignOptions Options(DkimSigningKey key, string canonicalization = "relaxed/relaxed")
            => new DkimSignOptions
            {
                Domain = "example.com",
                Selector = key.Algorithm == DkimSigningAlgorithm.Ed25519Sha256 ? "ed" : "rsa",
                Canonicalization = canonicalization,
                Timestamp = DateTimeOffset.UtcNow.AddMinutes(-1),
            };

        public const string PlainMessage =
            "From: Alice Example <alice@example.com>\r\n" +
            "To: Bob <bob@example.net>\r\n" +
            "Subject: Quarterly  report\r\n" +
            "Date: Mon, 1 Jan 2024 10:00:00 +0000\r\n" +
            "Message-ID: <1@example.com>\r\n" +
            "MIME-Version: 1.0\r\n" +
            "Content-Type: text/plain; charset=utf-8\r\n" +
            "X-Unsigned: not in the list\r\n" +
            "\r\n" +
            "Hello Bob,\r\n" +
            "\r\n" +
            "the numbers  are\tin.  \r\n" +
            "\r\n" +
            "Alice\r\n" +
            "\r\n";

        public static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

        public static string Text(byte[] b) => Encoding.UTF8.GetString(b);

        public static async Task<IReadOnlyList<DkimSignatureResult>> Verify(byte[] message, IDnsResolver? dns = null, DateTimeOffset? asOf = null)
            => await DkimVerifier.VerifyAsync(message, dns ?? Dns(), new DkimVerifyOptions { AsOf = asOf });

        public static string Describe(IEnumerable<DkimSignatureResult> results)
            => string.Join("; ", results.Select(r => $"#{r.Index} {r.Result} {r.Reason} {r.ReasonText}"));
    }
}
