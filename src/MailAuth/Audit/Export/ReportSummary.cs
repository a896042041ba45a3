using System;
using System.Collections.Generic;
using System.Linq;
using MailAuth.Findings;

namespace MailAuth.Audit.Export
{
    /// <summary>What the HTML and Markdown summaries show: grades, statuses and the most common findings.</summary>
    internal sealed class ReportSummary
    {
        /// <summary>The grades in display order; "none" stands for an unscored report.</summary>
        public static readonly string[] GradeOrder = { "A", "B", "C", "D", "F", "none" };

        public ReportSummary(IReadOnlyList<MailDomainReport> reports, int top)
        {
            Domains = reports.Count;
            foreach (string g in GradeOrder) Grades[g] = 0;
            foreach (var r in reports) Grades[r.Grade ?? "none"]++;
            foreach (MailDomainStatus s in Enum.GetValues(typeof(MailDomainStatus)))
                Statuses[s] = reports.Count(r => r.Status == s);
            // Counted per domain (a finding twice in one domain counts once): "how many domains have it".
            TopFindings = reports
                .SelectMany(r => r.Findings.GroupBy(f => f.Id, StringComparer.Ordinal).Select(g => g.OrderByDescending(f => f.Severity).First()))
                .GroupBy(f => f.Id, StringComparer.Ordinal)
                .Select(g => new FindingCount(g.Key, g.Max(f => f.Severity), g.Count()))
                .OrderByDescending(c => c.Domains).ThenByDescending(c => c.Severity).ThenBy(c => c.Id, StringComparer.Ordinal)
                .Take(Math.Max(0, top))
                .ToList();
        }

        public int Domains { get; }
        public Dictionary<string, int> Grades { get; } = new Dictionary<string, int>(StringComparer.Ordinal);
        public Dictionary<MailDomainStatus, int> Statuses { get; } = new Dictionary<MailDomainStatus, int>();
        public IReadOnlyList<FindingCount> TopFindings { get; }

        /// <summary>The report's findings' distinct ids, most severe first, then in order of appearance.</summary>
        public static IEnumerable<string> TopIds(MailDomainReport report)
            => report.Findings.Where(f => f.Severity != FindingSeverity.Info).Select(f => f.Id).Distinct(StringComparer.Ordinal);

        /// <summary>The names of the areas over all reports, in the order they first appear.</summary>
        public static IReadOnlyList<string> AreaNames(IEnumerable<MailDomainReport> reports)
        {
            var names = new List<string>();
            foreach (var r in reports)
                foreach (var a in r.Areas)
                    if (!names.Contains(a.Name, StringComparer.OrdinalIgnoreCase)) names.Add(a.Name);
            return names;
        }

        public static int Count(MailDomainReport r, FindingSeverity s) => r.Findings.Count(f => f.Severity == s);
    }

    internal sealed class FindingCount
    {
        public FindingCount(string id, FindingSeverity severity, int domains)
        {
            Id = id;
            Severity = severity;
            Domains = domains;
        }

        public string Id { get; }
        public FindingSeverity Severity { get; }
        public int Domains { get; }
    }
}
