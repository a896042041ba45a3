using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

namespace MailAuth.Bench
{
    /// <summary>
    /// Runs the benchmarks; bench/Invoke-Benchmarks.ps1 (build.ps1 Bench) is the usual way in.
    /// Arguments go to BenchmarkDotNet (e.g. --filter *Parser*). The Knot benchmarks run only
    /// when MAILAUTH_BENCH_DNS names a server. "--sample-size" prints the zone-sample totals,
    /// "--report-size" the bytes and records of the report-import benchmark, "--sign-sample DIR N" writes our
    /// signatures of N corpus messages per key for a peer to check, "--quick AREA" times a few seconds of one
    /// area with a Stopwatch (for profiling while changing code; not what the report uses).
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length == 1 && args[0] == "--sample-size")
            {
                var (files, records, chars) = ParserBenchmarks.SampleSize();
                Console.WriteLine($"{files} {records} {chars}");
                return 0;
            }
            if (args.Length == 1 && args[0] == "--report-size")
            {
                var (bytes, reportRecords) = ReportImportBenchmarks.ReportSize();
                Console.WriteLine($"{bytes} {reportRecords}");
                return 0;
            }
            if (args.Length == 3 && args[0] == "--sign-sample")
            {
                Console.WriteLine(DkimCorpus.WriteSignedSample(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture)));
                return 0;
            }
            if (args.Length >= 1 && args[0] == "--quick") return QuickRun.Run(args.Skip(1).ToArray());
            var types = new List<Type> { typeof(SpfEvaluationBenchmarks), typeof(ParserBenchmarks), typeof(DkimCorpusBenchmarks), typeof(ReportImportBenchmarks), typeof(PipelineBenchmarks) };
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Workload.DnsServerVariable)))
                types.Add(typeof(KnotSpfEvaluationBenchmarks));

            // One launch, 5 warm-up and 15 measured iterations of about 0.5 s: steadier than
            // ShortRun's 3, and the whole Bench task still takes a few minutes on 2 cores.
            var job = Job.Default.WithLaunchCount(1).WithWarmupCount(5).WithIterationCount(15).WithId("Bench");
            var config = DefaultConfig.Instance
                .AddJob(job)
                .AddExporter(JsonExporter.Full)
                .WithOptions(ConfigOptions.JoinSummary);
            var summaries = BenchmarkSwitcher.FromTypes(types.ToArray()).Run(args, config).ToList();
            if (summaries.Count == 0) return 1;   // bad arguments: BenchmarkDotNet printed why
            foreach (var summary in summaries)
                if (summary.HasCriticalValidationErrors || summary.Reports.Length == 0) return 1;
            foreach (var summary in summaries)
                foreach (var report in summary.Reports)
                    if (!report.Success) return 1;
            return 0;
        }
    }
}
