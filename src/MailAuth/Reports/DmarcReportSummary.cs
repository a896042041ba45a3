using System;
using System.Collections.Generic;

namespace MailAuth.Reports
{
    /// <summary>How <see cref="DmarcReportSummarizer"/> groups records.</summary>
    public enum DmarcReportGrouping
    {
        /// <summary>By the connecting IP address.</summary>
        SourceIP,
        /// <summary>By the From header domain.</summary>
        HeaderFrom,
        /// <summary>By the reporting organization.</summary>
        Reporter,
        /// <summary>By the domain whose policy applied (policy_published/domain).</summary>
        PolicyDomain,
        /// <summary>By the MAIL FROM domain.</summary>
        EnvelopeFrom,
        /// <summary>By the day (UTC) the reporting period began.</summary>
        Date,
        /// <summary>By what the receiver did (none, quarantine, reject).</summary>
        Disposition,
    }

    /// <summary>Totals of a set of records; message counts are sums of each record's count.</summary>
    public class DmarcReportTotals
    {
        /// <summary>Messages (the sum of the records' counts).</summary>
        public long MessageCount { get; internal set; }
        /// <summary>Record rows.</summary>
        public long RecordCount { get; internal set; }
        /// <summary>Messages that passed DMARC (DKIM or SPF aligned pass).</summary>
        public long DmarcPass { get; internal set; }
        /// <summary>Messages that failed DMARC.</summary>
        public long DmarcFail { get; internal set; }
        /// <summary>Messages whose DKIM passed aligned.</summary>
        public long DkimAlignedPass { get; internal set; }
        /// <summary>Messages whose SPF passed aligned.</summary>
        public long SpfAlignedPass { get; internal set; }
        /// <summary>Messages that passed with both DKIM and SPF aligned.</summary>
        public long BothAlignedPass { get; internal set; }
        /// <summary>Messages the receivers quarantined.</summary>
        public long Quarantined { get; internal set; }
        /// <summary>Messages the receivers rejected.</summary>
        public long Rejected { get; internal set; }
        /// <summary>Percentage of messages that passed DMARC (0 when there are none).</summary>
        public double PassPercent => MessageCount == 0 ? 0 : Math.Round(100.0 * DmarcPass / MessageCount, 1);

        internal void Add(DmarcAggregateRecord r)
        {
            long n = r.Count;
            MessageCount += n;
            RecordCount++;
            bool dkim = r.DkimAligned == DmarcReportAlignment.pass, spf = r.SpfAligned == DmarcReportAlignment.pass;
            if (dkim || spf) DmarcPass += n; else DmarcFail += n;
            if (dkim) DkimAlignedPass += n;
            if (spf) SpfAlignedPass += n;
            if (dkim && spf) BothAlignedPass += n;
            if (r.Disposition == DmarcReportDisposition.quarantine) Quarantined += n;
            if (r.Disposition == DmarcReportDisposition.reject) Rejected += n;
        }
    }

    /// <summary>One group of records (one source IP, one domain, one reporter, ...).</summary>
    public sealed class DmarcReportGroup : DmarcReportTotals
    {
        internal DmarcReportGroup(DmarcReportGrouping groupBy, string name)
        {
            GroupBy = groupBy;
            Name = name;
        }

        /// <summary>What the records were grouped by.</summary>
        public DmarcReportGrouping GroupBy { get; }
        /// <summary>The group's value: an IP address, a domain, a reporter, a day.</summary>
        public string Name { get; }
        /// <summary>For source IP groups with -ResolveSourceName: the PTR name, or null.</summary>
        public string? HostName { get; internal set; }
        /// <summary>For source IP groups with -ResolveSourceName: <c>found</c>, <c>none</c> (no PTR record), <c>temperror</c>
        /// (the DNS question failed, so a missing name says nothing) or <c>skipped</c> (beyond the lookup cap); null when not looked up.</summary>
        public string? HostNameStatus { get; internal set; }
        /// <summary>The From domains of the group's messages.</summary>
        public IReadOnlyList<string> HeaderFromDomains { get; internal set; } = Array.Empty<string>();
        /// <summary>The MAIL FROM domains of the group's messages.</summary>
        public IReadOnlyList<string> EnvelopeFromDomains { get; internal set; } = Array.Empty<string>();
        /// <summary>The DKIM signing domains seen in the group's messages.</summary>
        public IReadOnlyList<string> DkimDomains { get; internal set; } = Array.Empty<string>();
        /// <summary>The reporters that saw the group's messages.</summary>
        public IReadOnlyList<string> Reporters { get; internal set; } = Array.Empty<string>();
        /// <summary>For groups with failing messages: what is likely wrong and what to do, in plain words.</summary>
        public string? Hint { get; internal set; }

        /// <inheritdoc />
        public override string ToString() => $"{Name}: {MessageCount} messages, {DmarcFail} failing";
    }

    /// <summary>What Measure-DmarcReport gives: totals, groups and the sources that fail most.</summary>
    public sealed class DmarcReportSummary : DmarcReportTotals
    {
        /// <summary>Aggregate reports measured.</summary>
        public int ReportCount { get; internal set; }
        /// <summary>Failure reports seen (not counted in the totals).</summary>
        public int FailureReportCount { get; internal set; }
        /// <summary>Start of the earliest reporting period, UTC.</summary>
        public DateTime? Begin { get; internal set; }
        /// <summary>End of the latest reporting period, UTC.</summary>
        public DateTime? End { get; internal set; }
        /// <summary>The domains whose policies the reports cover.</summary>
        public IReadOnlyList<string> PolicyDomains { get; internal set; } = Array.Empty<string>();
        /// <summary>Per source IP, most messages first.</summary>
        public IReadOnlyList<DmarcReportGroup> BySourceIP { get; internal set; } = Array.Empty<DmarcReportGroup>();
        /// <summary>Per From domain, most messages first.</summary>
        public IReadOnlyList<DmarcReportGroup> ByHeaderFrom { get; internal set; } = Array.Empty<DmarcReportGroup>();
        /// <summary>Per reporter, most messages first.</summary>
        public IReadOnlyList<DmarcReportGroup> ByReporter { get; internal set; } = Array.Empty<DmarcReportGroup>();
        /// <summary>The sources with the most failing messages, each with a hint.</summary>
        public IReadOnlyList<DmarcReportGroup> TopFailingSources { get; internal set; } = Array.Empty<DmarcReportGroup>();

        /// <inheritdoc />
        public override string ToString() => $"{ReportCount} reports, {MessageCount} messages, {PassPercent}% pass";
    }
}
