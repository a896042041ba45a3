using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
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
    /// DKIM verification of one message of the corpus in bench/workload/dkim (signed by dkimpy, see
    /// bench/dkim_corpus.py): ours, and MimeKit's own DkimVerifier on the same bytes. Keys come from
    /// memory for both: ours through an <see cref="InMemoryDnsResolver"/> (the record is parsed on
    /// every verification, as the verifier does); MimeKit through <see cref="CachedKeyLocator"/>, which
    /// parses each record once and then hands out the parsed key (a locator is where MimeKit expects
    /// callers to cache). Each MimeKit operation also parses the message (MimeMessage.Load), because
    /// ours starts from the bytes too.
    /// Shorter than the SPF job (2 warm-up and 8 measured iterations of 0.25 s), so that the 14 DKIM
    /// benchmarks keep the whole Bench run near ten minutes on two cores.
    /// </summary>
    [MemoryDiagnoser]
    [WarmupCount(2)]
    [IterationCount(8)]
    [IterationTime(250)]
    public class DkimVerifyBenchmarks
    {
        [Params("rsa2048", "ed25519")]
        public string Key { get; set; } = "rsa2048";

        [Params("2k", "15k", "100k")]
        public string Size { get; set; } = "2k";

        private byte[] _message = Array.Empty<byte>();
        private InMemoryDnsResolver _resolver = null!;
        private MimeKit.Cryptography.DkimVerifier _mimeKit = null!;

        [GlobalSetup]
        public void Setup()
        {
            _message = File.ReadAllBytes(DkimCorpus.MessagePath(Key, Size));
            _resolver = DkimCorpus.NewResolver();
            _mimeKit = new MimeKit.Cryptography.DkimVerifier(new CachedKeyLocator(DkimCorpus.Records()));
            // A benchmark of a failing path would mislead: both must pass before anything is timed.
            var ours = Ours().GetAwaiter().GetResult();
            if (ours != DkimResult.pass) throw new InvalidOperationException($"MailAuth gave {ours} for {Key}-{Size}.");
            if (!MimeKitVerify().GetAwaiter().GetResult()) throw new InvalidOperationException($"MimeKit did not verify {Key}-{Size}.");
        }

        [Benchmark(Description = "MailAuth DkimVerifier")]
        public async Task<DkimResult> Ours()
        {
            var results = await MailAuth.Dkim.DkimVerifier.VerifyAsync(_message, _resolver).ConfigureAwait(false);
            return results[0].Result;
        }

        [Benchmark(Description = "MimeKit DkimVerifier")]
        public async Task<bool> MimeKitVerify()
        {
            using var stream = new MemoryStream(_message, writable: false);
            var message = await MimeMessage.LoadAsync(stream).ConfigureAwait(false);
            int index = message.Headers.IndexOf(HeaderId.DkimSignature);
            return await _mimeKit.VerifyAsync(message, message.Headers[index]).ConfigureAwait(false);
        }
    }

    /// <summary>The key records alone: what each of our verifications pays to turn the TXT record into a key.</summary>
    [MemoryDiagnoser]
    [WarmupCount(2)]
    [IterationCount(8)]
    [IterationTime(250)]
    public class DkimKeyRecordBenchmarks
    {
        [Params("rsa2048", "ed25519")]
        public string Key { get; set; } = "rsa2048";

        private string _record = string.Empty;

        [GlobalSetup]
        public void Setup()
        {
            _record = DkimCorpus.Records()[Key + "._domainkey." + DkimCorpus.Domain];
            if (!DkimKeyRecord.Parse(_record).IsValid) throw new InvalidOperationException($"The {Key} record does not parse.");
        }

        [Benchmark(Description = "DkimKeyRecord.Parse")]
        public DkimKeyRecord Parse() => DkimKeyRecord.Parse(_record);
    }

    /// <summary>The DKIM corpus files, copied next to the benchmark binary.</summary>
    public static class DkimCorpus
    {
        public const string Domain = "bench.test";

        public static string Directory => Path.Combine(AppContext.BaseDirectory, "workload", "dkim");

        public static string MessagePath(string key, string size) => Path.Combine(Directory, key + "-" + size + ".eml");

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
