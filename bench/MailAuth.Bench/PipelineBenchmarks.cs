using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using MailAuth.Arc;
using MailAuth.Audit;
using MailAuth.Dns;

namespace MailAuth.Bench
{
    /// <summary>
    /// Whole checks over the samples: ARC validation of the list-forwarded sample message, and one
    /// domain's default audit with every DNS answer already in the shared cache (what each domain
    /// after the first costs in a run over an inventory).
    /// </summary>
    [MemoryDiagnoser]
    public class PipelineBenchmarks
    {
        public const string AuditDomain = "northwind-traders.example";

        private byte[] _arcMessage = null!;
        private IDnsResolver _resolver = null!;

        public static string ArcMessagePath => Path.Combine(AppContext.BaseDirectory, "samples", "northwind-list-arc.eml");

        [GlobalSetup]
        public void Setup()
        {
            _arcMessage = File.ReadAllBytes(ArcMessagePath);
            var zones = Directory.GetFiles(Workload.SamplesDirectory, "*.zone").OrderBy(p => p, StringComparer.Ordinal);
            _resolver = new CachingDnsResolver(ZoneFileResolver.Load(zones));
            // Refuse to time a broken path; the first calls also warm the cache.
            var chain = ArcValidator.ValidateAsync(_arcMessage, _resolver).GetAwaiter().GetResult();
            if (chain.ChainResult != ArcChainStatus.pass)
                throw new InvalidOperationException($"The ARC sample gave {chain.ChainResult}; expected pass.");
            var report = MailDomainAuditor.AuditAsync(AuditDomain, _resolver).GetAwaiter().GetResult();
            if (report.Areas.Count < 5) throw new InvalidOperationException($"The audit of {AuditDomain} ran {report.Areas.Count} areas.");
        }

        [Benchmark(Description = "ArcValidator.ValidateAsync, samples/messages/northwind-list-arc.eml")]
        public Task<ArcChainResult> ValidateArcChain() => ArcValidator.ValidateAsync(_arcMessage, _resolver);

        [Benchmark(Description = "MailDomainAuditor.AuditAsync, default checks, warm cache")]
        public Task<MailDomainReport> AuditOneDomainWarm() => MailDomainAuditor.AuditAsync(AuditDomain, _resolver);
    }
}
