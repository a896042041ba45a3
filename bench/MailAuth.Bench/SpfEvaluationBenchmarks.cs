using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using MailAuth.Dns;
using MailAuth.Spf;

namespace MailAuth.Bench
{
    /// <summary>check_host() over the workload with every answer in memory: the evaluator's own cost.</summary>
    [MemoryDiagnoser]
    public class SpfEvaluationBenchmarks
    {
        private InMemoryDnsResolver _resolver = null!;
        private SpfEvaluationRequest _request = null!;

        [GlobalSetup]
        public void Setup()
        {
            _resolver = Workload.NewInMemoryResolver();
            _request = Workload.NewRequest();
            Workload.CheckAsync(_resolver).GetAwaiter().GetResult();
        }

        [Benchmark(Description = "Evaluate, InMemoryDnsResolver")]
        public Task<SpfEvaluationResult> EvaluateInMemory() => SpfEvaluator.EvaluateAsync(_request, _resolver);
    }
}
