using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Arc;
using MailAuth.Dkim;
using MailAuth.Dns;

namespace MailAuth.Tests.Fuzz
{
    /// <summary>
    /// Keys and a resolver for the message targets: seeds are the test messages signed and sealed with these
    /// keys, so mutated copies get past the key lookup into canonicalization and verification.
    /// </summary>
    internal sealed class FuzzKeys : IDnsResolver
    {
        public static readonly FuzzKeys Instance = new FuzzKeys();

        public DkimSigningKey Ed25519 { get; } = DkimSigningKey.FromEd25519Seed(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        public DkimSigningKey Rsa { get; } = DkimSigningKey.Load(Path.Combine(AppContext.BaseDirectory, "TestData", "dkim", "keys", "2048_testkey.key"));

        /// <summary>
        /// Any <c>ed.*._domainkey.*</c> name has the Ed25519 key, any <c>rsa.*</c> the RSA key; every <c>_dmarc.*</c> name a
        /// DMARC record and every other name an SPF record, so evaluations go all the way; other types do not exist.
        /// </summary>
        public Task<DnsQueryResult> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string n = name.ToLowerInvariant().TrimEnd('.');
            string? text = null;
            if (type == DnsRecordType.TXT)
            {
                if (n.Contains("._domainkey.")) text = n.StartsWith("ed.", StringComparison.Ordinal) ? Ed25519.KeyRecord : n.StartsWith("rsa.", StringComparison.Ordinal) ? Rsa.KeyRecord : null;
                else if (n.StartsWith("_dmarc.", StringComparison.Ordinal)) text = "v=DMARC1; p=reject; rua=mailto:dmarc@example.com; adkim=r; aspf=s";
                else if (!n.StartsWith("_", StringComparison.Ordinal)) text = "v=spf1 ip4:192.0.2.0/24 a:mail.example.com -all";
            }
            return Task.FromResult(text is null
                ? new DnsQueryResult(name, type, DnsOutcome.NxDomain)
                : new DnsQueryResult(name, type, DnsOutcome.Records, new DnsRecord[] { new TxtRecord(name, 300, new[] { text }) }));
        }

        private static readonly DateTimeOffset When = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public byte[] Sign(byte[] message, bool ed25519, string domain = "example.com")
            => DkimSigner.Sign(message, ed25519 ? Ed25519 : Rsa, new DkimSignOptions { Domain = domain, Selector = ed25519 ? "ed" : "rsa", Timestamp = When }).Bytes;

        public byte[] Seal(byte[] message, bool ed25519, int instance)
            => ArcSealer.SealAsync(message, ed25519 ? Ed25519 : Rsa,
                new ArcSealOptions { Domain = $"hop{instance}.example", Selector = ed25519 ? "ed" : "rsa", AuthServId = $"mx.hop{instance}.example", Timestamp = When }, this)
                .GetAwaiter().GetResult().Bytes;

        /// <summary>The test messages, signed once with each key, and sealed by one and two hops.</summary>
        public static readonly Lazy<byte[][]> SignedMessages = new Lazy<byte[][]>(() =>
        {
            var k = Instance;
            return FuzzSeeds.Messages().Where(m => m.Length < 64 * 1024).SelectMany(m =>
            {
                try { return new[] { k.Sign(m, true), k.Sign(m, false) }; }
                catch (DkimSignException) { return Array.Empty<byte[]>(); }   // no From, or two
            }).ToArray();
        });

        public static readonly Lazy<byte[][]> SealedMessages = new Lazy<byte[][]>(() =>
        {
            var k = Instance;
            return SignedMessages.Value.Take(12).SelectMany(m =>
            {
                try { var one = k.Seal(m, true, 1); return new[] { one, k.Seal(one, false, 2) }; }
                catch (ArcSealException) { return Array.Empty<byte[]>(); }
            }).ToArray();
        });

        /// <summary>A mark-certificate-like PEM (EC key, SAN, BIMI EKU, a logotype extension) and one with a plain RSA certificate.</summary>
        public static readonly Lazy<byte[][]> EvidencePems = new Lazy<byte[][]>(() =>
        {
            using var ec = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
            var req = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Example Brand, O=Example", ec, System.Security.Cryptography.HashAlgorithmName.SHA256);
            var san = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
            san.AddDnsName("default._bimi.example.com");
            req.CertificateExtensions.Add(san.Build());
            req.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension(
                new System.Security.Cryptography.OidCollection { new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.31") }, false));
            req.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509Extension("1.3.6.1.5.5.7.1.12", new byte[] { 0x30, 0x03, 0x02, 0x01, 0x00 }, false));
            using var cert = req.CreateSelfSigned(When, When.AddYears(1));
            using var rsa = System.Security.Cryptography.RSA.Create(1024);
            using var plain = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=plain.example", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256,
                System.Security.Cryptography.RSASignaturePadding.Pkcs1).CreateSelfSigned(When, When.AddDays(1));
            return new[] { Ascii(cert.ExportCertificatePem() + "\n"), Ascii("text before\n" + plain.ExportCertificatePem() + "\n" + cert.ExportCertificatePem()) };
        });

        public static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);
    }
}
