using System.Collections.Generic;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using MailAuth.Dns;
using MailAuth.Spf;

namespace MailAuth.Bench
{
    /// <summary>The parsers alone: the workload's top SPF record, and every sample zone file.</summary>
    [MemoryDiagnoser]
    public class ParserBenchmarks
    {
        private (string Name, string Text)[] _zones = null!;

        [GlobalSetup]
        public void Setup()
        {
            _zones = Directory.GetFiles(Workload.SamplesDirectory, "*.zone").OrderBy(p => p, System.StringComparer.Ordinal)
                .Select(p => (Path.GetFileName(p), File.ReadAllText(p))).ToArray();
            if (_zones.Length == 0) throw new FileNotFoundException("No sample zones were copied next to the benchmark.");
        }

        [Benchmark(Description = "SpfParser.Parse, workload record")]
        public SpfRecord ParseSpfRecord() => SpfParser.Parse(Workload.TopRecord);

        /// <summary>One operation parses all of samples/zones (34 files).</summary>
        [Benchmark(Description = "ZoneFileParser.Parse, all samples/zones")]
        public int ParseSampleZones()
        {
            int records = 0;
            foreach (var (name, text) in _zones) records += ZoneFileParser.Parse(text, name).Records.Count;
            return records;
        }

        /// <summary>For the report: how much one ParseSampleZones operation reads.</summary>
        public static (int Files, int Records, long Characters) SampleSize()
        {
            var files = Directory.GetFiles(Workload.SamplesDirectory, "*.zone");
            var counts = files.Select(f => (Records: ZoneFileParser.ParseFile(f).Records.Count, Chars: (long)File.ReadAllText(f).Length)).ToList();
            return (files.Length, counts.Sum(c => c.Records), counts.Sum(c => c.Chars));
        }
    }
}
