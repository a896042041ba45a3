using System;
using System.Diagnostics;
using System.Threading.Tasks;
using MailAuth.Dkim;
using MailAuth.Spf;

namespace MailAuth.Bench
{
    /// <summary>A few seconds of one area timed with a Stopwatch: for profiling while changing code, not for the report.</summary>
    internal static class QuickRun
    {
        public static int Run(string[] areas)
        {
            foreach (string area in areas.Length == 0 ? new[] { "dkim", "spf" } : areas)
            {
                if (area == "dkim")
                {
                    foreach (string key in new[] { "rsa2048", "ed25519" })
                    {
                        var b = new DkimCorpusBenchmarks { Key = key };
                        b.Setup();
                        Time($"verify {key}", 1000, () => b.Verify().GetAwaiter().GetResult());
                        Time($"sign {key}", 1000, () => b.Sign());
                    }
                }
                else if (area == "mimekit")
                {
                    foreach (string key in new[] { "rsa2048", "ed25519" })
                    {
                        var b = new DkimCorpusBenchmarks { Key = key };
                        b.Setup();
                        Time($"mimekit verify {key}", 1000, () => b.MimeKitVerify().GetAwaiter().GetResult());
                    }
                }
                else if (area == "spf")
                {
                    var resolver = Workload.NewInMemoryResolver();
                    var request = Workload.NewRequest();
                    Workload.CheckAsync(resolver).GetAwaiter().GetResult();
                    Time("spf in memory", 1000, () =>
                    {
                        for (int i = 0; i < 1000; i++) SpfEvaluator.EvaluateAsync(request, resolver).GetAwaiter().GetResult();
                    });
                }
                else if (area == "report")
                {
                    var b = new ReportImportBenchmarks();
                    b.Setup();
                    Time("report import", 1, () => b.ImportAggregateReport());
                    Time("bare XmlReader", 1, () => b.BareXmlReaderPass());
                }
            }
            return 0;
        }

        private static void Time(string name, int perCall, Action action)
        {
            action();
            long before = GC.GetTotalAllocatedBytes(true);
            var sw = Stopwatch.StartNew();
            int calls = 0;
            while (sw.Elapsed.TotalSeconds < 3) { action(); calls++; }
            sw.Stop();
            long alloc = GC.GetTotalAllocatedBytes(true) - before;
            Console.WriteLine($"{name,-24} {calls * perCall / sw.Elapsed.TotalSeconds,12:N0}/s  {alloc / (double)(calls * perCall),10:N0} B/op");
        }
    }
}
