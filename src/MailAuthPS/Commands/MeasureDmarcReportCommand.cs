using System;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using MailAuth.Reports;

namespace MailAuthPS.Commands
{
    /// <summary>
    /// Adds up imported DMARC aggregate reports: totals by message count, pass and fail by alignment, per source IP,
    /// From domain and reporter, and the sources that fail most with a hint each.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Measure, "DmarcReport")]
    [OutputType(typeof(DmarcReportSummary), typeof(DmarcReportGroup))]
    public sealed class MeasureDmarcReportCommand : DnsCmdlet
    {
        private readonly DmarcReportSummarizer _summarizer = new DmarcReportSummarizer();

        /// <summary>Reports from Import-DmarcReport.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        public DmarcReport[] Report { get; set; } = null!;

        /// <summary>Writes one row per group (SourceIP, HeaderFrom, Reporter, PolicyDomain, EnvelopeFrom, Date, Disposition) instead of the summary.</summary>
        [Parameter]
        public DmarcReportGrouping? GroupBy { get; set; }

        /// <summary>How many failing sources TopFailingSources lists.</summary>
        [Parameter]
        [ValidateRange(0, 10000)]
        public int Top { get; set; } = 10;

        /// <summary>Looks up the PTR name of each source IP through the module's resolver.</summary>
        [Parameter]
        public SwitchParameter ResolveSourceName { get; set; }

        /// <summary>PTR questions -ResolveSourceName asks at most (the sources with the most messages first); the rest are
        /// HostNameStatus skipped, with a SourceNameLookupCapReached warning.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int MaxSourceNameLookups { get; set; } = DmarcReportSummarizer.DefaultMaxSourceNameLookups;

        /// <inheritdoc />
        protected override string ProgressItemName => "source names";

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            foreach (var report in Report ?? Array.Empty<DmarcReport>())
                if (report != null) _summarizer.Add(report);
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            base.EndProcessing();
            if (GroupBy is DmarcReportGrouping by)
            {
                var groups = _summarizer.GetGroups(by);
                if (ResolveSourceName && by == DmarcReportGrouping.SourceIP) Resolve(groups);
                foreach (var g in groups) WriteObject(g);
                return;
            }
            var summary = _summarizer.GetSummary(Top);
            if (ResolveSourceName) Resolve(summary.BySourceIP);
            WriteObject(summary);
        }

        private void Resolve(System.Collections.Generic.IEnumerable<DmarcReportGroup> groups)
        {
            var task = Task.Run(() => DmarcReportSummarizer.ResolveSourceNamesAsync(groups.ToList(), Resolver, ThrottleLimit, CancellationToken, MaxSourceNameLookups));
            try
            {
                // Short waits so Ctrl+C is prompt.
                while (!task.Wait(250, CancellationToken)) { }
                if (task.Result > 0)
                    WriteWarning($"SourceNameLookupCapReached: {task.Result} source IPs were not looked up (-MaxSourceNameLookups {MaxSourceNameLookups}); their HostNameStatus is skipped.");
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
            catch (AggregateException e) when (e.InnerException is OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
        }
    }
}
