using System;
using System.IO;
using System.IO.Compression;
using MailAuth.Reports;
using Xunit;
using Xunit.Abstractions;

namespace MailAuth.Tests.Reports
{
    [CollectionDefinition("Memory", DisableParallelization = true)]
    public class MemoryCollection
    {
    }

    /// <summary>
    /// Peak memory while importing: measured as live managed memory (after full collections) sampled
    /// every 4 MB of input while the parser reads it, alone in the process (no other test runs).
    /// </summary>
    [Collection("Memory")]
    public class ReportMemoryTests
    {
        private const long Size = 100L * 1024 * 1024;
        private readonly ITestOutputHelper _output;

        public ReportMemoryTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void Import_100MB_Aggregate_IsStreamed_PeakLiveMemoryWellUnderItsSize()
        {
            var input = new GeneratedReportStream(Size, seed: 7, sampleEveryBytes: 4 * 1024 * 1024);
            long baseline = GC.GetTotalMemory(forceFullCollection: true);
            var report = DmarcReportReader.ReadAggregate(input, "generated");
            long retained = GC.GetTotalMemory(forceFullCollection: true) - baseline;
            long peak = Math.Max(input.MaxLiveBytes - baseline, retained);
            _output.WriteLine($"input {input.Produced:N0} bytes, {input.RecordCount:N0} records; peak live {peak:N0} bytes ({100.0 * peak / input.Produced:0.0}%), retained {retained:N0}");

            Assert.True(input.Produced >= Size);
            Assert.Equal(input.RecordCount, report.RecordCount);
            Assert.Equal(input.MessageCount, report.MessageCount);
            // Well under: a quarter of the XML at most (a DOM of it would be several times its size).
            Assert.True(peak < input.Produced / 4, $"peak live memory {peak:N0} bytes for {input.Produced:N0} bytes of XML");
            GC.KeepAlive(report);
        }
    }
}
