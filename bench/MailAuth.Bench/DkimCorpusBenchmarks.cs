using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using MailAuth.Dkim;
using MailAuth.Dns;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;

namespace MailAuth.Bench
{
    /// <summary>
    /// DKIM over the whole corpus bench/dkim_corpus.py writes (1,000 messages, 2 KB to 100 KB, signed by
    /// dkimpy): one operation verifies, or signs, every message once, so messages/s is 1,000 / mean.
    /// Keys come from memory: ours through an <see cref="InMemoryDnsResolver"/> (the verifier's key cache
    /// is what a long-running process sees); MimeKit through <see cref="CachedKeyLocator"/>, which parses
    /// each record once, as MimeKit expects callers to cache. MimeKit's operation includes
    /// MimeMessage.Load, because ours starts from the bytes too.
    /// </summary>
    [MemoryDiagnoser]
    [WarmupCount(2)]
    [IterationCount(8)]
    public class DkimCorpusBenchmarks
    {
        [Params("rsa2048", "ed25519")]
        public string Key { get; set; } = "rsa2048";

        private byte[][] _signed = Array.Empty<byte[]>();
        private byte[][] _plain = Array.Empty<byte[]>();
        private InMemoryDnsResolver _resolver = null!;
        private MimeKit.Cryptography.DkimVerifier _mimeKit = null!;
        private DkimSigningKey _key = null!;
        private DkimSignOptions _options = null!;

        [GlobalSetup]
        public void Setup()
        {
            _signed = DkimCorpus.Messages(Key);
            _plain = DkimCorpus.Messages("plain");
            _resolver = DkimCorpus.NewResolver();
            _mimeKit = new MimeKit.Cryptography.DkimVerifier(new CachedKeyLocator(DkimCorpus.Records()));
            _key = DkimCorpus.SigningKey(Key);
            _options = DkimCorpus.SignOptions(Key);
            // A benchmark of a failing path would mislead: every message must pass before anything is timed.
            for (int i = 0; i < _signed.Length; i++)
            {
                var r = MailAuth.Dkim.DkimVerifier.VerifyAsync(_signed[i], _resolver).GetAwaiter().GetResult();
                if (r.Count != 1 || r[0].Result != DkimResult.pass) throw new InvalidOperationException($"MailAuth gave {r[0].Result} for {Key} message {i}: {r[0].ReasonText}");
                if (!MimeKitVerifyOne(_signed[i]).GetAwaiter().GetResult()) throw new InvalidOperationException($"MimeKit did not verify {Key} message {i}.");
            }
            for (int i = 0; i < _plain.Length; i++)
            {
                var signed = MailAuth.Dkim.DkimSigner.Sign(_plain[i], _key, _options).Bytes;
                var r = MailAuth.Dkim.DkimVerifier.VerifyAsync(signed, _resolver).GetAwaiter().GetResult();
                if (r[0].Result != DkimResult.pass) throw new InvalidOperationException($"Our {Key} signature of message {i} does not verify: {r[0].ReasonText}");
            }
        }

        [Benchmark(Description = "MailAuth verify corpus")]
        public async Task<int> Verify()
        {
            int passed = 0;
            foreach (var m in _signed)
            {
                var results = await MailAuth.Dkim.DkimVerifier.VerifyAsync(m, _resolver).ConfigureAwait(false);
                if (results[0].Result == DkimResult.pass) passed++;
            }
            return passed;
        }

        [Benchmark(Description = "MailAuth sign corpus")]
        public int Sign()
        {
            int bytes = 0;
            foreach (var m in _plain) bytes += MailAuth.Dkim.DkimSigner.Sign(m, _key, _options).Header.Length;
            return bytes;
        }

        [Benchmark(Description = "MimeKit verify corpus")]
        public async Task<int> MimeKitVerify()
        {
            int passed = 0;
            foreach (var m in _signed)
                if (await MimeKitVerifyOne(m).ConfigureAwait(false)) passed++;
            return passed;
        }

        private async Task<bool> MimeKitVerifyOne(byte[] bytes)
        {
            using var stream = new MemoryStream(bytes, writable: false);
            var message = await MimeMessage.LoadAsync(stream).ConfigureAwait(false);
            int index = message.Headers.IndexOf(HeaderId.DkimSignature);
            return await _mimeKit.VerifyAsync(message, message.Headers[index]).ConfigureAwait(false);
        }
    }

    /// <summary>The corpus bench/dkim_corpus.py writes; MAILAUTH_BENCH_DKIM_CORPUS names its folder (out/bench/dkim-corpus by default).</summary>
    public static class DkimCorpus
    {
        public const string Domain = "bench.test";
        public const string CorpusVariable = "MAILAUTH_BENCH_DKIM_CORPUS";

        /// <summary>The fields every implementation signs (the corpus's own signatures cover the same).</summary>
        public static readonly string[] SignedFields = { "From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type" };

        public static string Directory
        {
            get
            {
                string? d = Environment.GetEnvironmentVariable(CorpusVariable);
                if (!string.IsNullOrEmpty(d)) return d;
                // bench/MailAuth.Bench/bin/Release/net10.0/ -> the repository root.
                var dir = new DirectoryInfo(AppContext.BaseDirectory);
                while (dir != null && !File.Exists(Path.Combine(dir.FullName, "build.ps1"))) dir = dir.Parent;
                return Path.Combine(dir?.FullName ?? ".", "out", "bench", "dkim-corpus");
            }
        }

        public static byte[][] Messages(string folder)
            => System.IO.Directory.GetFiles(Path.Combine(Directory, folder), "*.eml").OrderBy(f => f, StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray();

        /// <summary>keys.txt: "name value" per line.</summary>
        public static Dictionary<string, string> Records()
            => File.ReadAllLines(Path.Combine(Directory, "keys.txt")).Where(l => l.Length > 0)
                .ToDictionary(l => l.Substring(0, l.IndexOf(' ')), l => l.Substring(l.IndexOf(' ') + 1), StringComparer.OrdinalIgnoreCase);

        public static InMemoryDnsResolver NewResolver()
        {
            var resolver = new InMemoryDnsResolver();
            foreach (var pair in Records()) resolver.AddTxt(pair.Key, pair.Value);
            return resolver;
        }

        /// <summary>The private key of a selector, from the paths corpus.json names.</summary>
        public static DkimSigningKey SigningKey(string selector)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "corpus.json")));
            string path = doc.RootElement.GetProperty(selector == "rsa2048" ? "rsa_key" : "ed25519_key").GetString()!;
            return DkimSigningKey.Load(path);
        }

        /// <summary>relaxed/relaxed over <see cref="SignedFields"/>, nothing oversigned: what the peers are asked to do.</summary>
        public static DkimSignOptions SignOptions(string selector) => new DkimSignOptions
        {
            Domain = Domain,
            Selector = selector,
            Canonicalization = "relaxed/relaxed",
            Headers = SignedFields.ToList(),
            OversignHeaders = new List<string>(),
            Timestamp = DateTimeOffset.FromUnixTimeSeconds(1700000000),
        };

        /// <summary>Writes our signatures of the first <paramref name="count"/> messages for each key, for a peer to check.</summary>
        public static int WriteSignedSample(string outDir, int count)
        {
            System.IO.Directory.CreateDirectory(outDir);
            var plain = Messages("plain");
            int written = 0;
            foreach (string selector in new[] { "rsa2048", "ed25519" })
            {
                var key = SigningKey(selector);
                var options = SignOptions(selector);
                for (int i = 0; i < Math.Min(count, plain.Length); i++, written++)
                    File.WriteAllBytes(Path.Combine(outDir, $"{selector}-{i:D4}.eml"), MailAuth.Dkim.DkimSigner.Sign(plain[i], key, options).Bytes);
            }
            return written;
        }
    }

    /// <summary>
    /// MimeKit's key locator over the corpus records: each record is parsed by MimeKit
    /// (<see cref="DkimPublicKeyLocatorBase.GetPublicKey(string)"/>) the first time it is asked for, and
    /// the parsed key is cached for every later verification.
    /// </summary>
    public sealed class CachedKeyLocator : DkimPublicKeyLocatorBase
    {
        private readonly Dictionary<string, string> _records;
        private readonly ConcurrentDictionary<string, AsymmetricKeyParameter> _keys = new ConcurrentDictionary<string, AsymmetricKeyParameter>(StringComparer.OrdinalIgnoreCase);

        public CachedKeyLocator(Dictionary<string, string> records) => _records = records;

        public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default)
        {
            string name = selector + "._domainkey." + domain;
            return _keys.GetOrAdd(name, n => _records.TryGetValue(n, out var txt) ? GetPublicKey(txt) : throw new KeyNotFoundException($"No key record at {n}."));
        }

        public override Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default)
            => Task.FromResult(LocatePublicKey(methods, domain, selector, cancellationToken));
    }
}
