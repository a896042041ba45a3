using System;
using System.IO;
using System.Net;
using System.Threading.Tasks;
using MailAuth.Dns;
using MailAuth.Spf;

namespace MailAuth.Bench
{
    /// <summary>The one SPF workload every evaluation figure uses (bench/workload/bench.test.zone).</summary>
    public static class Workload
    {
        public const string ClientIp = "203.0.113.77";
        public const string MailFrom = "user@example.bench.test";
        public const string Helo = "mail.client.test";
        public const string TopRecord = "v=spf1 include:_spf.p1.bench.test include:_spf.p2.bench.test include:_spf.p3.bench.test -all";

        /// <summary>DNS questions one evaluation asks (the zone's comment explains them).</summary>
        public const int Questions = 16;

        /// <summary>Environment variable naming the Knot endpoint (127.0.0.1:PORT) started by bench/Invoke-Benchmarks.ps1.</summary>
        public const string DnsServerVariable = "MAILAUTH_BENCH_DNS";

        public static string ZonePath => Path.Combine(AppContext.BaseDirectory, "workload", "bench.test.zone");

        public static string SamplesDirectory => Path.Combine(AppContext.BaseDirectory, "samples");

        public static SpfEvaluationRequest NewRequest() => new SpfEvaluationRequest(IPAddress.Parse(ClientIp), MailFrom, Helo);

        public static InMemoryDnsResolver NewInMemoryResolver()
        {
            var resolver = new InMemoryDnsResolver();
            foreach (var record in ZoneFileParser.ParseFile(ZonePath).Records) resolver.Add(record);
            return resolver;
        }

        /// <summary>Throws unless the workload evaluates to fail after 9 lookups: a benchmark of a broken path would mislead.</summary>
        public static async Task<SpfEvaluationResult> CheckAsync(IDnsResolver resolver)
        {
            var result = await SpfEvaluator.EvaluateAsync(NewRequest(), resolver).ConfigureAwait(false);
            if (result.Result != SpfResult.fail || result.DnsLookupCount != 9)
                throw new InvalidOperationException($"The workload gave {result.Result} with {result.DnsLookupCount} lookups; expected fail with 9. {result.Reason}");
            return result;
        }
    }
}
