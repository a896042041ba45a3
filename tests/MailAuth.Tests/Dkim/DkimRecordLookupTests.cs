using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MailAuth.Dkim;
using MailAuth.Dns;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Xunit;

namespace MailAuth.Tests.Dkim
{
    /// <summary>Public keys made in the tests (no key material is committed); private halves are discarded.</summary>
    internal static class DkimTestKeys
    {
        private static readonly SecureRandom Random = new SecureRandom();
        private static readonly Lazy<string> Rsa512 = new Lazy<string>(() => GenerateRsa(512));
        private static readonly Lazy<string> Rsa1024 = new Lazy<string>(() => GenerateRsa(1024));
        private static readonly Lazy<string> Rsa2048 = new Lazy<string>(() => GenerateRsa(2048));
        private static readonly Lazy<string> Ed = new Lazy<string>(() =>
        {
            var g = new Ed25519KeyPairGenerator();
            g.Init(new Ed25519KeyGenerationParameters(Random));
            return Convert.ToBase64String(((Ed25519PublicKeyParameters)g.GenerateKeyPair().Public).GetEncoded());
        });

        public static string Rsa(int bits) => bits switch
        {
            512 => Rsa512.Value,
            1024 => Rsa1024.Value,
            2048 => Rsa2048.Value,
            _ => GenerateRsa(bits),
        };

        public static string Ed25519 => Ed.Value;

        /// <summary>A real RSA key pair of <paramref name="bits"/> (made by the platform, which is fast); the public key as base64 SubjectPublicKeyInfo.</summary>
        public static string GenerateRsa(int bits)
        {
            using var rsa = System.Security.Cryptography.RSA.Create(bits);
            return Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());
        }

        /// <summary>
        /// A public key whose modulus has exactly <paramref name="bits"/> bits but is a product of several 512-bit primes,
        /// not two: quick to make at sizes where real key generation is slow. The record parser reads only the modulus
        /// length (BouncyCastle rejects moduli with small factors, which this has none of).
        /// </summary>
        public static string FakeRsa(int bits)
        {
            var n = BigInteger.One;
            while (bits - n.BitLength > 1024) n = n.Multiply(BigInteger.ProbablePrime(512, Random));
            // The last factor is the smallest prime that lifts the product to 2^(bits-1), so it has exactly `bits` bits.
            var q = BigInteger.One.ShiftLeft(bits - 1).Divide(n).Add(BigInteger.One).NextProbablePrime();
            n = n.Multiply(q);
            if (n.BitLength != bits) throw new InvalidOperationException($"made {n.BitLength} bits, not {bits}");
            return Spki(new RsaKeyParameters(false, n, BigInteger.ValueOf(65537)));
        }

        private static string Spki(RsaKeyParameters key)
            => Convert.ToBase64String(SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(key).GetDerEncoded());
    }

    /// <summary>The repository's sample zones (samples/zones); expectations come from samples/README.md.</summary>
    internal static class DkimSamples
    {
        private static readonly Lazy<ZoneFileResolver> Zones = new Lazy<ZoneFileResolver>(() =>
            ZoneFileResolver.Load(Directory.GetFiles(Path.Combine(RepoRoot(), "samples", "zones"), "*.zone")));

        public static ZoneFileResolver Resolver => Zones.Value;

        private static string RepoRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (Directory.Exists(Path.Combine(dir.FullName, "samples", "zones"))) return dir.FullName;
            throw new DirectoryNotFoundException("samples/zones not found above " + AppContext.BaseDirectory);
        }
    }

    public class DkimRecordLookupTests
    {
        private static InMemoryDnsResolver Zone()
        {
            var r = new InMemoryDnsResolver();
            r.Store.AddApex("example.com");
            r.Store.AddApex("provider.example");
            return r;
        }

        private static string Key(int bits = 2048) => "v=DKIM1; k=rsa; p=" + DkimTestKeys.Rsa(bits);

        // --- lookup basics ---

        [Fact]
        public async Task FindsTheRecordAtSelectorDotDomainkeyDotDomain()
        {
            // RFC 6376 §3.6.2.1: d=example.com, s=foo.bar queries foo.bar._domainkey.example.com.
            var dns = Zone().AddTxt("foo.bar._domainkey.example.com", Key());
            var r = await DkimRecordLookup.GetAsync("example.com", "foo.bar", dns);
            Assert.Equal(DkimRecordStatus.found, r.Status);
            Assert.Equal("foo.bar._domainkey.example.com", r.Name);
            Assert.Equal("example.com", r.Domain);
            Assert.Equal("foo.bar", r.Selector);
            Assert.Equal("rsa", r.KeyType);
            Assert.Equal(2048, r.KeySize);
            Assert.Equal("DKIM1", r.Version);
            Assert.Equal(300, r.Ttl);
            Assert.False(r.IsProbe);
            Assert.Empty(r.CnameChain);
            Assert.Empty(r.Findings);
            Assert.Null(r.HighestSeverity);
        }

        [Fact]
        public async Task JoinsCharacterStringsWithoutSpaces()
        {
            // RFC 6376 §3.6.2.2: strings are concatenated with no intervening whitespace.
            string key = DkimTestKeys.Rsa(2048);
            var dns = Zone().AddTxt("s1._domainkey.example.com", "v=DKIM1; k=rsa; ", "p=" + key.Substring(0, 200), key.Substring(200));
            var r = await DkimRecordLookup.GetAsync("example.com", "s1", dns);
            Assert.Equal("v=DKIM1; k=rsa; p=" + key, r.Record);
            Assert.Equal(3, r.Strings.Count);
            Assert.Equal(2048, r.KeySize);
        }

        [Theory]
        [InlineData("S1", "s1")]
        [InlineData(" s1. ", "s1")]
        [InlineData("s1._domainkey", "s1")]
        [InlineData("Foo.Bar", "foo.bar")]
        [InlineData("*", "*")]
        public void NormalisesSelectors(string input, string expected) => Assert.Equal(expected, DkimRecordLookup.NormalizeSelector(input));

        [Theory]
        [InlineData("")]
        [InlineData("a..b")]
        [InlineData("bad selector")]
        [InlineData("-s1")]
        public void RejectsInvalidSelectors(string input) => Assert.Throws<FormatException>(() => DkimRecordLookup.NormalizeSelector(input));

        [Fact]
        public void RejectsNamesOver253Characters()
        {
            string selector = string.Join(".", Enumerable.Repeat(new string('a', 60), 4));
            Assert.Throws<FormatException>(() => DkimRecordLookup.GetRecordName("example.com", selector));
        }

        [Fact]
        public async Task GuardsArguments()
        {
            await Assert.ThrowsAsync<ArgumentNullException>(() => DkimRecordLookup.GetAsync(null!, "s1", Zone()));
            await Assert.ThrowsAsync<ArgumentNullException>(() => DkimRecordLookup.GetAsync("example.com", null!, Zone()));
            await Assert.ThrowsAsync<ArgumentNullException>(() => DkimRecordLookup.GetAsync("example.com", "s1", null!));
            await Assert.ThrowsAsync<ArgumentNullException>(() => DkimRecordLookup.ProbeAsync("example.com", null!));
        }

        // --- Dkim.NoRecord ---

        [Fact]
        public async Task NoRecord_ForNxDomainAndNoData()
        {
            var dns = Zone().Add(new AddressRecord("s2._domainkey.example.com", 300, System.Net.IPAddress.Parse("192.0.2.1")));
            foreach (var selector in new[] { "s1", "s2" })
            {
                var r = await DkimRecordLookup.GetAsync("example.com", selector, dns);
                Assert.Equal(DkimRecordStatus.none, r.Status);
                Assert.Null(r.Record);
                var f = Assert.Single(r.Findings);
                Assert.Equal("Dkim.NoRecord", f.Id);
                Assert.Contains(selector + "._domainkey.example.com", f.Message);
            }
        }

        [Fact]
        public async Task NoRecord_NotWhenTheRecordExists()
        {
            var r = await DkimRecordLookup.GetAsync("example.com", "s1", Zone().AddTxt("s1._domainkey.example.com", Key()));
            Assert.DoesNotContain(r.Findings, f => f.Id == "Dkim.NoRecord");
        }

        // --- Dkim.MultipleRecords ---

        [Fact]
        public async Task MultipleRecords_IsPermerror()
        {
            // RFC 6376 §3.6.2.2: TXT RRs MUST be unique for a particular selector name.
            var dns = Zone().AddTxt("s1._domainkey.example.com", Key()).AddTxt("s1._domainkey.example.com", "v=DKIM1; p=");
            var r = await DkimRecordLookup.GetAsync("example.com", "s1", dns);
            Assert.Equal(DkimRecordStatus.permerror, r.Status);
            Assert.Null(r.Record);
            Assert.Equal(2, r.AllRecords.Count);
            Assert.Equal("Dkim.MultipleRecords", Assert.Single(r.Findings).Id);
        }

        [Fact]
        public async Task MultipleRecords_NotForOneRecordOfSeveralStrings()
        {
            var r = await DkimRecordLookup.GetAsync("example.com", "s1", Zone().AddTxt("s1._domainkey.example.com", "v=DKIM1; ", "p="));
            Assert.Equal(DkimRecordStatus.found, r.Status);
            Assert.DoesNotContain(r.Findings, f => f.Id == "Dkim.MultipleRecords");
        }

        // --- Dkim.DnsTemporaryFailure ---

        [Fact]
        public async Task DnsTemporaryFailure_IsTemperrorNeverNone()
        {
            var dns = Zone().AddTxt("s1._domainkey.example.com", Key()).Fail("s1._domainkey.example.com", DnsRecordType.TXT, "timeout");
            var r = await DkimRecordLookup.GetAsync("example.com", "s1", dns);
            Assert.Equal(DkimRecordStatus.temperror, r.Status);
            Assert.Equal("timeout", r.Error);
            var f = Assert.Single(r.Findings);
            Assert.Equal("Dkim.DnsTemporaryFailure", f.Id);
            Assert.Contains("timeout", f.Message);
        }

        [Fact]
        public async Task DnsTemporaryFailure_NotForAnAnswer()
        {
            var r = await DkimRecordLookup.GetAsync("example.com", "s9", Zone());
            Assert.Equal(DkimRecordStatus.none, r.Status);
            Assert.DoesNotContain(r.Findings, f => f.Id == "Dkim.DnsTemporaryFailure");
        }

        [Fact]
        public async Task DnsTemporaryFailure_InAProbeIsOneTemperrorResultNamingTheSelectors()
        {
            var dns = Zone().AddTxt("s1._domainkey.example.com", Key())
                .Fail("selector1._domainkey.example.com", DnsRecordType.TXT, "SERVFAIL")
                .Fail("google._domainkey.example.com", DnsRecordType.TXT, "SERVFAIL");
            var results = await DkimRecordLookup.ProbeAsync("example.com", dns);
            Assert.Equal(2, results.Count);
            Assert.Equal("s1", results[0].Selector);
            var failed = results[1];
            Assert.Equal(DkimRecordStatus.temperror, failed.Status);
            Assert.Null(failed.Selector);
            Assert.True(failed.IsProbe);
            Assert.Equal("SERVFAIL", failed.Error);
            var f = Assert.Single(failed.Findings);
            Assert.Equal("Dkim.DnsTemporaryFailure", f.Id);
            Assert.Contains("selector1, google", f.Message);
        }

        [Fact]
        public async Task DnsTemporaryFailure_AProbeWhereEverythingFailsIsTemperrorNotNone()
        {
            // A server failing every name under _domainkey, the parent name included.
            var dns = Zone();
            dns.Fail("_domainkey.example.com", DnsRecordType.TXT, "timeout");
            foreach (var s in DkimRecordSelectors.Common) dns.Fail(s + "._domainkey.example.com", DnsRecordType.TXT, "timeout");
            var results = await DkimRecordLookup.ProbeAsync("example.com", dns);
            var r = Assert.Single(results);
            Assert.Equal(DkimRecordStatus.temperror, r.Status);
            Assert.DoesNotContain(r.Findings, f => f.Id == "Dkim.NoSelectorFound" || f.Id == "Dkim.NoKeysPublished");
        }

        // --- Dkim.CnameTargetMissing and CNAME chains ---

        [Fact]
        public async Task FollowsCnamesAndReportsTheChain()
        {
            // The Microsoft 365 pattern: selector1._domainkey.<domain> CNAME into the tenant's domain.
            var dns = Zone()
                .Add(new NameRecord("selector1._domainkey.example.com", 3600, DnsRecordType.CNAME, "selector1-example-com._domainkey.tenant.provider.example"))
                .Add(new TxtRecord("selector1-example-com._domainkey.tenant.provider.example", 600, new[] { Key() }));
            var r = await DkimRecordLookup.GetAsync("example.com", "selector1", dns);
            Assert.Equal(DkimRecordStatus.found, r.Status);
            Assert.Equal("selector1._domainkey.example.com", r.Name);
            Assert.Equal(new[] { "selector1-example-com._domainkey.tenant.provider.example" }, r.CnameChain);
            Assert.Equal(600, r.Ttl); // the smallest along the chain
            Assert.Empty(r.Findings);
        }

        [Fact]
        public async Task CnameTargetMissing_ForNxDomainAndNoDataTargets()
        {
            var dns = Zone()
                .Add(new NameRecord("selector1._domainkey.example.com", 300, DnsRecordType.CNAME, "gone._domainkey.provider.example"))
                .Add(new NameRecord("selector2._domainkey.example.com", 300, DnsRecordType.CNAME, "host.provider.example"))
                .Add(new AddressRecord("host.provider.example", 300, System.Net.IPAddress.Parse("192.0.2.9")));
            foreach (var (selector, target) in new[] { ("selector1", "gone._domainkey.provider.example"), ("selector2", "host.provider.example") })
            {
                var r = await DkimRecordLookup.GetAsync("example.com", selector, dns);
                Assert.Equal(DkimRecordStatus.none, r.Status);
                Assert.Equal(new[] { target }, r.CnameChain);
                var f = Assert.Single(r.Findings);
                Assert.Equal("Dkim.CnameTargetMissing", f.Id);
                Assert.Equal(Findings.FindingSeverity.Error, f.Severity);
                Assert.Contains(target, f.Message);
            }
        }

        [Fact]
        public async Task CnameTargetMissing_NotForAMissingNameWithoutCname()
        {
            var r = await DkimRecordLookup.GetAsync("example.com", "selector1", Zone());
            Assert.Equal("Dkim.NoRecord", Assert.Single(r.Findings).Id);
        }

        [Fact]
        public async Task CnameTargetMissing_IsReportedByAProbe()
        {
            // A configured but broken selector is news even in a probe.
            var dns = Zone().Add(new NameRecord("selector2._domainkey.example.com", 300, DnsRecordType.CNAME, "gone.provider.example"));
            var r = Assert.Single(await DkimRecordLookup.ProbeAsync("example.com", dns));
            Assert.Equal("selector2", r.Selector);
            Assert.True(r.IsProbe);
            Assert.Equal("Dkim.CnameTargetMissing", Assert.Single(r.Findings).Id);
        }

        // --- Dkim.SyntaxError, Dkim.InvalidKey, Dkim.UnknownKeyType (decide permerror) ---

        [Theory]
        [InlineData("v=DKIM1; k=rsa", "p=")]                 // RFC 6376 §3.6.1: p= is REQUIRED
        [InlineData("v=DKIM2; p=", "DKIM1")]                 // any other v= MUST be discarded
        [InlineData("k=rsa; v=DKIM1; p=", "first")]          // v= MUST be the first tag
        [InlineData("hello world", "no '='")]                // not a tag-list (RFC 6376 §3.2)
        [InlineData("v=DKIM1;; p=", "empty")]
        [InlineData("v=DKIM1; p=; p=", "twice")]
        public async Task SyntaxError_IsPermerrorNamingTheProblem(string record, string named)
        {
            var r = await DkimRecordLookup.GetAsync("example.com", "s1", Zone().AddTxt("s1._domainkey.example.com", record));
            Assert.Equal(DkimRecordStatus.permerror, r.Status);
            var f = Assert.Single(r.Findings, x => x.Id == "Dkim.SyntaxError");
            Assert.Contains(named, f.Message);
            Assert.Contains("s1._domainkey.example.com", f.Message);
        }

        [Theory]
        [InlineData("p=")]                                   // v= is only RECOMMENDED
        [InlineData("v=DKIM1; p=")]
        [InlineData("v = DKIM1 ; p = ; ")]                   // whitespace around tags, trailing ';' (RFC 6376 §3.2)
        public async Task SyntaxError_NotForValidRecords(string record)
        {
            var r = await DkimRecordLookup.GetAsync("example.com", "s1", Zone().AddTxt("s1._domainkey.example.com", record));
            Assert.Equal(DkimRecordStatus.found, r.Status);
            Assert.Empty(r.Findings);
        }

        [Theory]
        [InlineData("v=DKIM1; k=rsa; p=!!!notbase64!!!", "base64")]
        [InlineData("v=DKIM1; k=rsa; p=AAECAwQFBgcICQ==", "RSA public key")]
        [InlineData("v=DKIM1; k=ed25519; p=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==", "31")] // 31 bytes, not 32 (RFC 8463 §4.2)
        public async Task InvalidKey_IsPermerror(string record, string named)
        {
            var r = await DkimRecordLookup.GetAsync("example.com", "s1", Zone().AddTxt("s1._domainkey.example.com", record));
            Assert.Equal(DkimRecordStatus.permerror, r.Status);
            Assert.Contains(named, Assert.Single(r.Findings, x => x.Id == "Dkim.InvalidKey").Message);
        }

        [Fact]
        public async Task InvalidKey_NotForTheRfc8463Ed25519Record()
        {
            // RFC 8463 Appendix A.2, brisbane._domainkey.football.example.com: a 32-byte Ed25519 key (256 bits).
            var dns = Zone().AddTxt("brisbane._domainkey.example.com", "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");
            var r = await DkimRecordLookup.GetAsync("example.com", "brisbane", dns);
            Assert.Equal(DkimRecordStatus.found, r.Status);
            Assert.Equal("ed25519", r.KeyType);
            Assert.Equal(256, r.KeySize);
            Assert.Empty(r.Findings);
        }

        [Fact]
        public async Task UnknownKeyType_IsPermerror()
        {
            // RFC 6376 §3.6.1: unrecognised key types MUST be ignored, so the key cannot be used.
            var dns = Zone().AddTxt("s1._domainkey.example.com", "v=DKIM1; k=dsa; p=" + DkimTestKeys.Rsa(1024));
            var r = await DkimRecordLookup.GetAsync("example.com", "s1", dns);
            Assert.Equal(DkimRecordStatus.permerror, r.Status);
            Assert.Equal("dsa", r.KeyType);
            var f = Assert.Single(r.Findings);
            Assert.Equal("Dkim.UnknownKeyType", f.Id);
            Assert.Contains("k=dsa", f.Message);
        }

        [Theory]
        [InlineData("rsa")]
        [InlineData("ed25519")]
        public async Task UnknownKeyType_NotForRsaOrEd25519(string k)
        {
            string p = k == "rsa" ? DkimTestKeys.Rsa(2048) : DkimTestKeys.Ed25519;
            var r = await DkimRecordLookup.GetAsync("example.com", "s1", Zone().AddTxt("s1._domainkey.example.com", $"v=DKIM1; k={k}; p={p}"));
            Assert.Equal(DkimRecordStatus.found, r.Status);
            Assert.Empty(r.Findings);
        }

        // --- probes: Dkim.NoSelectorFound, Dkim.WildcardRecord ---

        [Fact]
        public async Task NoSelectorFound_WhenAProbeFindsNothing()
        {
            // A key under a selector nobody would guess: _domainkey.example.com exists, the common names do not.
            var dns = Zone().AddTxt("example.com", "v=spf1 -all").AddTxt("x7q2-unlisted._domainkey.example.com", Key());
            var r = Assert.Single(await DkimRecordLookup.ProbeAsync("example.com", dns));
            Assert.Equal(DkimRecordStatus.none, r.Status);
            Assert.True(r.IsProbe);
            Assert.Null(r.Selector);
            Assert.Null(r.Name);
            var f = Assert.Single(r.Findings);
            Assert.Equal("Dkim.NoSelectorFound", f.Id);
            Assert.Equal(Findings.FindingSeverity.Info, f.Severity);
            Assert.Contains("selector1, selector2, google", f.Message);
            // _domainkey itself, every common selector and the wildcard check were asked, once each.
            Assert.Equal(DkimRecordSelectors.Common.Count + 2, dns.QueryCount);
        }

        // --- Dkim.NoKeysPublished: RFC 8020 §2, nothing exists below a name that does not exist ---

        [Fact]
        public async Task NoKeysPublished_OneQuestionWhenDomainkeyDoesNotExist()
        {
            var dns = Zone().AddTxt("example.com", "v=spf1 -all");
            var r = Assert.Single(await DkimRecordLookup.ProbeAsync("example.com", dns));
            Assert.Equal(DkimRecordStatus.none, r.Status);
            Assert.True(r.IsProbe);
            Assert.Null(r.Selector);
            Assert.Equal("_domainkey.example.com", r.Name);
            var f = Assert.Single(r.Findings);
            Assert.Equal("Dkim.NoKeysPublished", f.Id);
            Assert.Equal(Findings.FindingSeverity.Info, f.Severity);
            Assert.Equal(1, dns.QueryCount);
        }

        [Fact]
        public async Task NoKeysPublished_NotWhenDomainkeyIsAnEmptyNonTerminal()
        {
            // Only a wildcard below _domainkey: the name exists (RFC 4592 §2.2.2), so the probe runs and finds the wildcard.
            var dns = Zone().AddTxt("*._domainkey.example.com", "v=DKIM1; p=");
            var results = await DkimRecordLookup.ProbeAsync("example.com", dns);
            Assert.Equal("*", Assert.Single(results).Selector);
            Assert.DoesNotContain(results.SelectMany(x => x.Findings), f => f.Id == "Dkim.NoKeysPublished");
        }

        [Fact]
        public async Task NoKeysPublished_NotWhenTheNxdomainIsACnameTarget()
        {
            // The NXDOMAIN is the CNAME target's; names below _domainkey.example.com are still its own.
            var dns = Zone().Add(new NameRecord("_domainkey.example.com", 300, DnsRecordType.CNAME, "gone.provider.example"))
                .AddTxt("s1._domainkey.example.com", Key());
            var results = await DkimRecordLookup.ProbeAsync("example.com", dns);
            Assert.Equal("s1", Assert.Single(results).Selector);
            Assert.Equal(DkimRecordStatus.found, results[0].Status);
        }

        [Fact]
        public async Task NoKeysPublished_NotWhenTheQuestionFails()
        {
            var dns = Zone().Fail("_domainkey.example.com", DnsRecordType.TXT, "SERVFAIL").AddTxt("s1._domainkey.example.com", Key());
            var results = await DkimRecordLookup.ProbeAsync("example.com", dns);
            Assert.Equal("s1", Assert.Single(results).Selector);
            Assert.Equal(DkimRecordSelectors.Common.Count + 2, dns.QueryCount);
        }

        [Fact]
        public async Task NoSelectorFound_NotWhenAProbeFindsAKey()
        {
            var dns = Zone().AddTxt("google._domainkey.example.com", Key()).AddTxt("s2._domainkey.example.com", "v=DKIM1; p=");
            var results = await DkimRecordLookup.ProbeAsync("example.com", dns);
            Assert.Equal(new[] { "google", "s2" }, results.Select(r => r.Selector)); // in list order
            Assert.All(results, r => Assert.True(r.IsProbe));
            Assert.DoesNotContain(results.SelectMany(r => r.Findings), f => f.Id == "Dkim.NoSelectorFound");
        }

        [Fact]
        public async Task AProbeTriesTheSelectorsGiven()
        {
            var dns = Zone().AddTxt("e1._domainkey.example.com", "v=DKIM1; k=ed25519; p=" + DkimTestKeys.Ed25519);
            var r = Assert.Single(await DkimRecordLookup.ProbeAsync("example.com", dns, new[] { "e1", "E1", "s1" }));
            Assert.Equal("e1", r.Selector);
            Assert.Equal(DkimRecordStatus.found, r.Status);
        }

        [Fact]
        public async Task WildcardRecord_FoldsEverySelectorItAnswersIntoOneResult()
        {
            // RFC 4592: *._domainkey answers every selector without its own record (samples: fabrikam-parked.example).
            var dns = Zone().AddTxt("*._domainkey.example.com", "v=DKIM1; p=").AddTxt("s1._domainkey.example.com", Key());
            var results = await DkimRecordLookup.ProbeAsync("example.com", dns);
            Assert.Equal(new[] { "*", "s1" }, results.Select(r => r.Selector));
            var w = results[0];
            Assert.Equal("*._domainkey.example.com", w.Name);
            Assert.Equal(DkimRecordStatus.found, w.Status);
            Assert.True(w.IsRevoked);
            Assert.Equal("Dkim.WildcardRecord", Assert.Single(w.Findings).Id);
            Assert.Empty(results[1].Findings);
        }

        [Fact]
        public async Task WildcardRecord_NotWithoutAWildcardNorForAnExplicitSelector()
        {
            var plain = await DkimRecordLookup.ProbeAsync("example.com", Zone().AddTxt("s1._domainkey.example.com", "v=DKIM1; p="));
            Assert.DoesNotContain(plain.SelectMany(r => r.Findings), f => f.Id == "Dkim.WildcardRecord");
            var explicitly = await DkimRecordLookup.GetAsync("example.com", "anything", Zone().AddTxt("*._domainkey.example.com", "v=DKIM1; p="));
            Assert.Equal(DkimRecordStatus.found, explicitly.Status);
            Assert.Equal("anything", explicitly.Selector);
            Assert.Empty(explicitly.Findings);
        }

        [Fact]
        public async Task AProbeIsCancellable()
        {
            var dns = Zone();
            dns.Delay = TimeSpan.FromSeconds(30);
            using var cts = new System.Threading.CancellationTokenSource(TimeSpan.FromMilliseconds(100));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DkimRecordLookup.ProbeAsync("example.com", dns, null, cts.Token));
        }
    }

    /// <summary>The DKIM rows of samples/README.md, read from samples/zones with the zone-file resolver.</summary>
    public class DkimRecordSampleTests
    {
        [Theory]
        [InlineData("northwind-traders.example", "s1", "rsa", 2048)]
        [InlineData("northwind-traders.example", "e1", "ed25519", 256)]
        [InlineData("contoso-retail.example", "selector1", "rsa", 2048)]
        [InlineData("contoso-retail.example", "selector2", "rsa", 2048)]
        [InlineData("humongous-insurance.example", "k1", "rsa", 1024)]
        [InlineData("coho-winery.example", "mail", "rsa", 512)]
        [InlineData("southridge-video.example", "s2", "rsa", 2048)]
        public async Task FindsTheSampleKeys(string domain, string selector, string keyType, int bits)
        {
            var r = await DkimRecordLookup.GetAsync(domain, selector, DkimSamples.Resolver);
            Assert.Equal(DkimRecordStatus.found, r.Status);
            Assert.Equal(keyType, r.KeyType);
            Assert.Equal(bits, r.KeySize);
            Assert.False(r.IsRevoked);
        }

        [Fact]
        public async Task NorthwindS1IsThreeStringsJoinedWithoutSpaces()
        {
            var r = await DkimRecordLookup.GetAsync("northwind-traders.example", "s1", DkimSamples.Resolver);
            Assert.Equal(3, r.Strings.Count);
            Assert.Equal(string.Concat(r.Strings), r.Record);
            string p = r.Record!.Substring(r.Record.IndexOf("p=", StringComparison.Ordinal));
            Assert.DoesNotContain(" ", p);
        }

        [Fact]
        public async Task ContosoSelectorsAreCnamesIntoTheTenantDomain()
        {
            var r = await DkimRecordLookup.GetAsync("contoso-retail.example", "selector1", DkimSamples.Resolver);
            Assert.Equal(new[] { "selector1-contoso-retail-example._domainkey.contosoretail.onmicrosoft-like.example" }, r.CnameChain);
        }

        [Theory]
        [InlineData("southridge-video.example", "s1")]
        [InlineData("fabrikam-parked.example", "selector1")]
        public async Task RevokedSampleKeysAreFoundAndRevoked(string domain, string selector)
        {
            var r = await DkimRecordLookup.GetAsync(domain, selector, DkimSamples.Resolver);
            Assert.Equal(DkimRecordStatus.found, r.Status);
            Assert.True(r.IsRevoked);
        }

        [Fact]
        public async Task ProbesFindTheCommonSelectorsOfTheSamples()
        {
            async Task<string[]> Probe(string d) => (await DkimRecordLookup.ProbeAsync(d, DkimSamples.Resolver)).Select(r => r.Selector ?? "(none)").ToArray();
            Assert.Equal(new[] { "selector1", "selector2" }, await Probe("contoso-retail.example"));
            Assert.Equal(new[] { "s1", "s2" }, await Probe("southridge-video.example"));
            Assert.Equal(new[] { "k1" }, await Probe("humongous-insurance.example"));
            Assert.Equal(new[] { "mail" }, await Probe("coho-winery.example"));
            Assert.Equal(new[] { "*" }, await Probe("fabrikam-parked.example"));
            // e1 is not a common selector; a probe cannot know it.
            Assert.Equal(new[] { "s1" }, await Probe("northwind-traders.example"));
            Assert.Equal(new[] { "(none)" }, await Probe("adventure-works.example"));
        }
    }
}
