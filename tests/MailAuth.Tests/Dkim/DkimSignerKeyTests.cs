using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using MailAuth.Dkim;
using MailAuth.Dns;
using Xunit;
using static MailAuth.Tests.Dkim.DkimSignerTestKit;

namespace MailAuth.Tests.Dkim
{
    /// <summary>Private keys for signing: the formats read, the errors (never quoting key material), generation and saving.</summary>
    public sealed class DkimSignerKeyTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "mailauth-dkimkey-" + Guid.NewGuid().ToString("N"));

        public DkimSignerKeyTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private string Write(string name, string content)
        {
            string path = Path.Combine(_dir, name);
            File.WriteAllText(path, content);
            return path;
        }

        // Every base64 run of 16+ characters in a key file: none may appear in an error message.
        private static void AssertNoKeyMaterial(string message, string keyText)
        {
            foreach (string line in keyText.Split('\n').Select(l => l.Trim()).Where(l => l.Length >= 16 && !l.StartsWith("-----", StringComparison.Ordinal)))
                for (int i = 0; i + 16 <= line.Length; i += 8)
                    Assert.DoesNotContain(line.Substring(i, 16), message);
        }

        private static async Task AssertSignsAndVerifies(DkimSigningKey key)
        {
            var dns = new InMemoryDnsResolver().AddTxt("k._domainkey.example.com", key.KeyRecord);
            var signed = DkimSigner.Sign(Bytes(PlainMessage), key, new DkimSignOptions { Domain = "example.com", Selector = "k" });
            var results = await DkimVerifier.VerifyAsync(signed.Bytes, dns);
            Assert.True(results.Single().Result == DkimResult.pass, Describe(results));
        }

        [Theory]
        [InlineData("test.private", "rsa", 1024, "PKCS#1", "test.txt")]
        [InlineData("2048_testkey.key", "rsa", 2048, "PKCS#1", "2048_testkey_wo_markers.pub.txt")]
        [InlineData("2048_testkey_PKCS8.key", "rsa", 2048, "PKCS#8", "2048_testkey_PKCS8.key.pub.txt")]
        [InlineData("ed25519test.key", "ed25519", 256, "Ed25519 seed", "ed25519test.dns")]
        [InlineData("rfc8032_7_1.key", "ed25519", 256, "Ed25519 seed", null)]
        public async Task Load_ReadsTheDkimpyKeys_AndTheirPublicHalfIsThePublishedOne(string file, string type, int bits, string format, string? record)
        {
            var key = DkimSigningKey.Load(KeyPath(file));

            Assert.Equal(type, key.KeyType);
            Assert.Equal(bits, key.KeySize);
            Assert.Equal(format, key.Format);
            Assert.Equal(KeyPath(file), key.Source);
            if (record != null)
            {
                var published = DkimKeyRecord.Parse(KeyRecord(record));
                Assert.Equal(published.PublicKeyData, key.PublicKeyData);
            }
            await AssertSignsAndVerifies(key);
        }

        [Fact]
        public async Task Pkcs8Ed25519_AsOpenSslWritesIt_IsRead()
        {
            // openssl genpkey -algorithm ed25519 output for the RFC 8032 §7.1 TEST 1 seed (RFC 8410 §10.3 form).
            byte[] seed = Convert.FromBase64String(File.ReadAllText(KeyPath("rfc8032_7_1.key")).Trim());
            byte[] der = new byte[] { 0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20 }.Concat(seed).ToArray();
            string pem = "-----BEGIN PRIVATE KEY-----\n" + Convert.ToBase64String(der) + "\n-----END PRIVATE KEY-----\n";

            var key = DkimSigningKey.Load(Write("ed.pem", pem));

            Assert.Equal("ed25519", key.KeyType);
            Assert.Equal("PKCS#8", key.Format);
            Assert.Equal("11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", key.PublicKeyData);
            await AssertSignsAndVerifies(key);
        }

        [Fact]
        public void Load_IgnoresTextAroundThePemBlock_AndCrlfLines()
        {
            string pem = File.ReadAllText(KeyPath("2048_testkey_PKCS8.key")).Replace("\n", "\r\n");
            var key = DkimSigningKey.Load(Write("k.pem", "Bag Attributes: something\r\n" + pem + "trailing text\r\n"));
            Assert.Equal(2048, key.KeySize);
        }

        public static TheoryData<string, string, string> BadKeys()
        {
            string rsa8 = File.ReadAllText(KeyPath("2048_testkey_PKCS8.key"));
            string rsa1 = File.ReadAllText(KeyPath("2048_testkey.key"));
            string body8 = rsa8.Replace("-----BEGIN PRIVATE KEY-----", string.Empty).Replace("-----END PRIVATE KEY-----", string.Empty);
            return new TheoryData<string, string, string>
            {
                { "empty", "", "is empty" },
                { "random text", "hello world, this is not a key", "not a private key file" },
                { "seed of 31 bytes", Convert.ToBase64String(new byte[31]), "not a private key file" },
                { "public key only", "-----BEGIN PUBLIC KEY-----\n" + body8 + "-----END PUBLIC KEY-----\n", "holds no private key" },
                { "certificate", "-----BEGIN CERTIFICATE-----\n" + body8 + "-----END CERTIFICATE-----\n", "holds no private key" },
                { "encrypted PKCS#8", "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + body8 + "-----END ENCRYPTED PRIVATE KEY-----\n", "encrypted" },
                { "encrypted PKCS#1", rsa1.Replace("-----BEGIN RSA PRIVATE KEY-----\n", "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0123456789ABCDEF0123456789ABCDEF\n\n"), "encrypted" },
                { "EC key", "-----BEGIN EC PRIVATE KEY-----\n" + body8 + "-----END EC PRIVATE KEY-----\n", "EC (ECDSA)" },
                { "OpenSSH key", "-----BEGIN OPENSSH PRIVATE KEY-----\n" + body8 + "-----END OPENSSH PRIVATE KEY-----\n", "OpenSSH" },
                { "PKCS#8 labelled as PKCS#1", "-----BEGIN RSA PRIVATE KEY-----\n" + body8 + "-----END RSA PRIVATE KEY-----\n", "not a PKCS#1 RSA private key" },
                { "bad base64", "-----BEGIN PRIVATE KEY-----\n" + body8.Replace('A', '!') + "-----END PRIVATE KEY-----\n", "not valid base64" },
                { "truncated", "-----BEGIN PRIVATE KEY-----\n" + body8.Substring(0, 200).TrimEnd() + "\n-----END PRIVATE KEY-----\n", "not a PKCS#8 private key" },
                { "no END line", rsa8.Replace("-----END PRIVATE KEY-----", string.Empty), "without its END line" },
                { "two keys", rsa8 + rsa1, "holds 2 private keys" },
            };
        }

        [Theory]
        [MemberData(nameof(BadKeys))]
        public void Load_RefusesWhatIsNotAUsableKey_WithoutQuotingIt(string name, string content, string expected)
        {
            string path = Write(name.Replace(' ', '_') + ".key", content);

            var e = Assert.Throws<DkimPrivateKeyException>(() => DkimSigningKey.Load(path));

            Assert.Contains(expected, e.Message);
            Assert.Contains(path, e.Message);
            Assert.Equal(path, e.KeySource);
            Assert.Null(e.InnerException);
            AssertNoKeyMaterial(e.Message + e.ToString(), content);
        }

        [Fact]
        public void Load_AnotherPkcs8Algorithm_IsNamed()
        {
            // An Ed448 PKCS#8 key (RFC 8410 §10.3 shape, 57-byte zero seed).
            byte[] der = new byte[] { 0x30, 0x47, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x71, 0x04, 0x3b, 0x04, 0x39 }.Concat(new byte[57]).ToArray();
            string path = Write("ed448.pem", "-----BEGIN PRIVATE KEY-----\n" + Convert.ToBase64String(der) + "\n-----END PRIVATE KEY-----\n");
            var e = Assert.Throws<DkimPrivateKeyException>(() => DkimSigningKey.Load(path));
            Assert.Contains("Ed448", e.Message);
        }

        [Fact]
        public void Load_MissingFileOrFolder()
        {
            Assert.Throws<FileNotFoundException>(() => DkimSigningKey.Load(Path.Combine(_dir, "nope.pem")));
            Assert.Throws<DkimPrivateKeyException>(() => DkimSigningKey.Load(_dir));
            Assert.Throws<ArgumentNullException>(() => DkimSigningKey.Load(null!));
        }

        [Fact]
        public void Load_AHugeFile_IsRefusedUnread()
        {
            string path = Path.Combine(_dir, "big.pem");
            using (var f = File.Create(path)) f.SetLength(5 * 1024 * 1024);
            var e = Assert.Throws<DkimPrivateKeyException>(() => DkimSigningKey.Load(path));
            Assert.Contains("a few kilobytes", e.Message);
        }

        [Fact]
        public void ToString_DescribesWithoutRevealing()
        {
            var key = DkimSigningKey.Load(KeyPath("2048_testkey_PKCS8.key"));
            Assert.Equal($"rsa 2048-bit key (PKCS#8) from {KeyPath("2048_testkey_PKCS8.key")}", key.ToString());
            // No public member returns private material: the only strings are public data and descriptions.
            var strings = typeof(DkimSigningKey).GetProperties().Where(p => p.PropertyType == typeof(string)).Select(p => (string?)p.GetValue(key) ?? string.Empty).ToList();
            AssertNoKeyMaterial(string.Join("\n", strings), File.ReadAllText(KeyPath("2048_testkey_PKCS8.key")));
        }

        [Fact]
        public void FromEd25519Seed_MatchesTheSeedFile()
        {
            byte[] seed = Convert.FromBase64String(File.ReadAllText(KeyPath("rfc8032_7_1.key")).Trim());
            Assert.Equal("11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", DkimSigningKey.FromEd25519Seed(seed).PublicKeyData);
            Assert.Throws<ArgumentException>(() => DkimSigningKey.FromEd25519Seed(new byte[31]));
            Assert.Equal("11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", DkimSigningKey.Parse(File.ReadAllText(KeyPath("rfc8032_7_1.key"))).PublicKeyData);
        }

        [Theory]
        [InlineData("test.private")]
        [InlineData("2048_testkey.key")]
        [InlineData("2048_testkey_PKCS8.key")]
        public void RsaSignatures_FromThePlatformAndFromBouncyCastle_AreTheSameBytes(string file)
        {
            // The platform path is used for speed; PKCS#1 v1.5 is deterministic, so both must agree.
            var key = DkimSigningKey.Load(KeyPath(file));
            foreach (string text in new[] { "", "a", PlainMessage })
            {
                byte[] data = Bytes(text);
                Assert.Equal(key.SignRsaManaged(data), key.Sign(data));
            }
        }

        [Fact]
        public void ASmallRsaKey_IsRefusedForSigning()
        {
            // RFC 8301 §3.2: at least 1024 bits. A 512-bit key, made here for the test.
            var gen = new Org.BouncyCastle.Crypto.Generators.RsaKeyPairGenerator();
            gen.Init(new Org.BouncyCastle.Crypto.KeyGenerationParameters(new Org.BouncyCastle.Security.SecureRandom(), 512));
            var pair = gen.GenerateKeyPair();
            string pem;
            using (var sw = new StringWriter())
            {
                var w = new Org.BouncyCastle.OpenSsl.PemWriter(sw);
                w.WriteObject(pair.Private);
                w.Writer.Flush();
                pem = sw.ToString();
            }
            var key = DkimSigningKey.Parse(pem);
            Assert.Equal(512, key.KeySize);
            var e = Assert.Throws<ArgumentException>(() => new DkimSignOptions { Domain = "example.com", Selector = "s" }.Validate(key));
            Assert.Contains("RFC 8301", e.Message);
        }

        [Theory]
        [InlineData(DkimSigningAlgorithm.RsaSha256, 2048, "rsa")]
        [InlineData(DkimSigningAlgorithm.RsaSha256, 3072, "rsa")]
        [InlineData(DkimSigningAlgorithm.Ed25519Sha256, 2048, "ed25519")]
        public async Task Generate_SaveAndLoad_GivesTheSameKey(DkimSigningAlgorithm algorithm, int bits, string type)
        {
            var key = DkimKeyGenerator.Generate(algorithm, bits);
            Assert.Equal(type, key.KeyType);
            Assert.Equal(type == "rsa" ? bits : 256, key.KeySize);
            string path = Path.Combine(_dir, "new.pem");

            key.SavePkcs8(path);

            string text = File.ReadAllText(path);
            Assert.StartsWith("-----BEGIN PRIVATE KEY-----\n", text);
            Assert.EndsWith("-----END PRIVATE KEY-----\n", text);
            Assert.All(text.Split('\n').Where(l => l.Length > 0), l => Assert.InRange(l.Length, 1, 64));
            var loaded = DkimSigningKey.Load(path);
            Assert.Equal("PKCS#8", loaded.Format);
            Assert.Equal(key.PublicKeyData, loaded.PublicKeyData);
            await AssertSignsAndVerifies(loaded);
        }

        [Fact]
        public void Generate_Ed25519_WritesTheOpenSslForm()
        {
            string path = Path.Combine(_dir, "ed.pem");
            DkimKeyGenerator.Generate(DkimSigningAlgorithm.Ed25519Sha256).SavePkcs8(path);
            string b64 = string.Concat(File.ReadAllLines(path).Where(l => !l.StartsWith("-----", StringComparison.Ordinal)));
            byte[] der = Convert.FromBase64String(b64);
            // RFC 8410 §7: SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING (32) } }.
            Assert.Equal(48, der.Length);
            Assert.Equal(new byte[] { 0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20 }, der.Take(16));
        }

        [Fact]
        public void Generate_RefusesOddRsaSizes()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => DkimKeyGenerator.Generate(DkimSigningAlgorithm.RsaSha256, 1024));
            Assert.Throws<ArgumentOutOfRangeException>(() => DkimKeyGenerator.Generate(DkimSigningAlgorithm.RsaSha256, 2049));
            Assert.Throws<ArgumentOutOfRangeException>(() => DkimKeyGenerator.Generate(DkimSigningAlgorithm.RsaSha256, 16384));
        }

        [Fact]
        public void SavePkcs8_IsOwnerOnly_AndDoesNotOverwriteUnlessAsked()
        {
            var key = DkimKeyGenerator.Generate(DkimSigningAlgorithm.Ed25519Sha256);
            string path = Path.Combine(_dir, "k.pem");
            File.WriteAllText(path, "old");
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, (UnixFileMode)0b110_110_110);

            Assert.Throws<IOException>(() => key.SavePkcs8(path));
            Assert.Equal("old", File.ReadAllText(path));

            key.SavePkcs8(path, overwrite: true);
            Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(path));
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));

            string fresh = Path.Combine(_dir, "fresh.pem");
            key.SavePkcs8(fresh);
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(fresh));
        }

        [Fact]
        public void KeyInfo_SplitsTheRecordInto255CharacterStrings_AndWritesAZoneFileLine()
        {
            var key = DkimKeyGenerator.Generate(DkimSigningAlgorithm.RsaSha256, 4096);
            var info = DkimSigningKeyInfo.Create(key, "Example.COM.", "sel2024", "/keys/k.pem");

            Assert.Equal("sel2024._domainkey.example.com", info.Name);
            Assert.Equal("rsa-sha256", info.Algorithm);
            Assert.Equal("rsa", info.KeyType);
            Assert.Equal(4096, info.KeySize);
            Assert.StartsWith("v=DKIM1; k=rsa; p=MII", info.RecordValue);
            Assert.True(info.Strings.Count >= 3);
            Assert.All(info.Strings, s => Assert.InRange(s.Length, 1, 255));
            Assert.Equal(info.RecordValue, string.Concat(info.Strings));
            Assert.Equal("sel2024._domainkey.example.com. 3600 IN TXT \"" + string.Join("\" \"", info.Strings) + "\"", info.ZoneFileLine);
            Assert.Equal("/keys/k.pem", info.PrivateKeyPath);
            var parsed = DkimKeyRecord.Parse(info.RecordValue);
            Assert.True(parsed.IsValid);
            Assert.Equal(4096, parsed.KeySize);
        }

        [Fact]
        public async Task KeyInfo_ZoneFileLine_IsReadByTheZoneFileParser_AndVerifies()
        {
            var key = DkimKeyGenerator.Generate(DkimSigningAlgorithm.RsaSha256, 2048);
            var info = DkimSigningKeyInfo.Create(key, "example.com", "z");
            string zone = Path.Combine(_dir, "example.com.zone");
            File.WriteAllText(zone, "$ORIGIN example.com.\n@ 3600 IN SOA ns.example.com. host.example.com. 1 3600 600 86400 300\n@ 3600 IN NS ns.example.com.\n" + info.ZoneFileLine + "\n");
            var dns = DnsResolverFactory.Create(new DnsResolverOptions { ZoneFiles = new[] { zone } });

            var signed = DkimSigner.Sign(Bytes(PlainMessage), key, new DkimSignOptions { Domain = "example.com", Selector = "z" });
            var results = await DkimVerifier.VerifyAsync(signed.Bytes, dns);

            Assert.True(results.Single().Result == DkimResult.pass, Describe(results));
        }

        [Fact]
        public void KeyInfo_Ed25519_IsTheRawKey()
        {
            var key = DkimSigningKey.Load(KeyPath("ed25519test.key"));
            var info = DkimSigningKeyInfo.Create(key, "example.net", "test");
            Assert.Equal("v=DKIM1; k=ed25519; p=yi50DjK5O9pqbFpNHklsv9lqaS0ArSYu02qp1S0DW1Y=", info.RecordValue);
            Assert.Single(info.Strings);
            Assert.Equal("ed25519-sha256", info.Algorithm);
        }

        [Theory]
        [InlineData("example.com", "bad selector", "selector")]
        [InlineData("bad domain", "s", "domain")]
        [InlineData("example.com", "", "selector")]
        public void KeyInfo_RefusesBadNames(string domain, string selector, string param)
        {
            var e = Assert.Throws<ArgumentException>(() => DkimSigningKeyInfo.GetRecordName(domain, selector));
            Assert.Equal(param, e.ParamName);
        }
    }
}
