using System;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using MailAuth.Dns;
using MailAuth.Spf;

namespace MailAuth.Bench
{
    /// <summary>
    /// check_host() over the workload served by a real Knot DNS on 127.0.0.1 (started by
    /// bench/Invoke-Benchmarks.ps1, endpoint in MAILAUTH_BENCH_DNS): once through the cache a
    /// pipeline shares, warmed first, and once straight to the network (16 UDP queries each).
    /// </summary>
    [MemoryDiagnoser]
    public class KnotSpfEvaluationBenchmarks
    {
        private IDnsResolver _cached = null!;
        private IDnsResolver _network = null!;
        private SpfEvaluationRequest _request = null!;

        [GlobalSetup]
        public void Setup()
        {
            string endpoint = Environment.GetEnvironmentVariable(Workload.DnsServerVariable)
                ?? throw new InvalidOperationException($"{Workload.DnsServerVariable} is not set; run bench/Invoke-Benchmarks.ps1.");
            var servers = DnsResolverFactory.ParseServers(new[] { endpoint });
            _network = new NetworkDnsResolver(servers, TimeSpan.FromSeconds(2));
            // The TTLs are 3600 s: the cache stays warm for the whole run.
            _cached = new CachingDnsResolver(new NetworkDnsResolver(servers, TimeSpan.FromSeconds(2)));
            _request = Workload.NewRequest();
            Workload.CheckAsync(_cached).GetAwaiter().GetResult();
            Workload.CheckAsync(_network).GetAwaiter().GetResult();
        }

        [Benchmark(Description = "Evaluate, Knot via CachingDnsResolver (warm)")]
        public Task<SpfEvaluationResult> EvaluateKnotWarmCache() => SpfEvaluator.EvaluateAsync(_request, _cached);

        [Benchmark(Description = "Evaluate, Knot via NetworkDnsResolver (no cache)")]
        public Task<SpfEvaluationResult> EvaluateKnotNoCache() => SpfEvaluator.EvaluateAsync(_request, _network);
    }
}
