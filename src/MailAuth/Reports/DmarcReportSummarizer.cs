using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dmarc;
using MailAuth.Dns;

namespace MailAuth.Reports
{
    /// <summary>
    /// Adds up aggregate reports: totals, groups, and a plain-language hint for each failing source.
    /// Every total is a sum of record counts; a record row stands for <see cref="DmarcAggregateRecord.Count"/> messages.
    /// Memory grows with the number of distinct groups, not with the number of records.
    /// </summary>
    public sealed class DmarcReportSummarizer
    {
        private readonly DmarcReportSummary _summary = new DmarcReportSummary();
        private readonly Dictionary<DmarcReportGrouping, Dictionary<string, Accumulator>> _groups = new Dictionary<DmarcReportGrouping, Dictionary<string, Accumulator>>();
        private readonly HashSet<string> _policyDomains = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Creates an empty summarizer.</summary>
        public DmarcReportSummarizer()
        {
            foreach (DmarcReportGrouping g in Enum.GetValues(typeof(DmarcReportGrouping)))
                _groups[g] = new Dictionary<string, Accumulator>(StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>Adds a report: an aggregate report's records, or a failure report (only counted).</summary>
        /// <exception cref="ArgumentNullException"><paramref name="report"/> is null.</exception>
        public void Add(DmarcReport report)
        {
            if (report is null) throw new ArgumentNullException(nameof(report));
            if (report is DmarcFailureReport) { _summary.FailureReportCount++; return; }
            var a = (DmarcAggregateReport)report;
            _summary.ReportCount++;
            if (a.Begin is DateTime b && (_summary.Begin is null || b < _summary.Begin)) _summary.Begin = b;
            if (a.End is DateTime e && (_summary.End is null || e > _summary.End)) _summary.End = e;
            if (a.Domain != null) _policyDomains.Add(a.Domain);
            string reporter = a.OrgName ?? "(no org_name)";
            string day = a.Begin?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "(no date)";
            var policyAdkim = a.Policy.DkimAlignment ?? DmarcAlignmentMode.relaxed;
            var policyAspf = a.Policy.SpfAlignment ?? DmarcAlignmentMode.relaxed;
            foreach (var r in a.Records)
            {
                _summary.Add(r);
                Group(DmarcReportGrouping.SourceIP, r.SourceIP ?? "(no source_ip)").Add(r, reporter, policyAdkim, policyAspf);
                Group(DmarcReportGrouping.HeaderFrom, r.HeaderFrom ?? "(no header_from)").Add(r, reporter, policyAdkim, policyAspf);
                Group(DmarcReportGrouping.Reporter, reporter).Add(r, reporter, policyAdkim, policyAspf);
                Group(DmarcReportGrouping.PolicyDomain, a.Domain ?? "(no domain)").Add(r, reporter, policyAdkim, policyAspf);
                Group(DmarcReportGrouping.EnvelopeFrom, r.EnvelopeFrom ?? "(not reported)").Add(r, reporter, policyAdkim, policyAspf);
                Group(DmarcReportGrouping.Date, day).Add(r, reporter, policyAdkim, policyAspf);
                Group(DmarcReportGrouping.Disposition, r.Disposition?.ToString() ?? "(not reported)").Add(r, reporter, policyAdkim, policyAspf);
            }
        }

        private Accumulator Group(DmarcReportGrouping by, string name)
        {
            var map = _groups[by];
            if (!map.TryGetValue(name, out var acc)) map[name] = acc = new Accumulator(new DmarcReportGroup(by, name));
            return acc;
        }

        /// <summary>The groups of one kind, most messages first (by name for dates).</summary>
        public IReadOnlyList<DmarcReportGroup> GetGroups(DmarcReportGrouping by)
        {
            var list = _groups[by].Values.Select(a => a.Finish()).ToList();
            return by == DmarcReportGrouping.Date
                ? list.OrderBy(g => g.Name, StringComparer.Ordinal).ToList()
                : list.OrderByDescending(g => g.MessageCount).ThenBy(g => g.Name, StringComparer.Ordinal).ToList();
        }

        /// <summary>The summary: totals, per source, per From domain, per reporter, and the <paramref name="top"/> sources with the most failing messages.</summary>
        public DmarcReportSummary GetSummary(int top = 10)
        {
            _summary.PolicyDomains = _policyDomains.OrderBy(d => d, StringComparer.Ordinal).ToList();
            _summary.BySourceIP = GetGroups(DmarcReportGrouping.SourceIP);
            _summary.ByHeaderFrom = GetGroups(DmarcReportGrouping.HeaderFrom);
            _summary.ByReporter = GetGroups(DmarcReportGrouping.Reporter);
            _summary.TopFailingSources = _summary.BySourceIP.Where(g => g.DmarcFail > 0)
                .OrderByDescending(g => g.DmarcFail).ThenBy(g => g.Name, StringComparer.Ordinal).Take(Math.Max(0, top)).ToList();
            return _summary;
        }

        /// <summary>Looks up the PTR name of each source IP group (RFC 1035 §3.5, RFC 3596 §2.5) through <paramref name="resolver"/>; a group without an answer keeps a null <see cref="DmarcReportGroup.HostName"/>.</summary>
        /// <param name="groups">Groups by source IP; others are skipped.</param>
        /// <param name="resolver">The resolver (and its cache) of the run.</param>
        /// <param name="concurrency">Questions in flight at once.</param>
        /// <param name="cancellationToken">Cancels the lookups.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
        /// <param name="maxLookups">At most this many questions; the groups with the fewest messages beyond it are <c>skipped</c>.</param>
        /// <returns>How many groups were skipped by <paramref name="maxLookups"/>.</returns>
        public static async Task<int> ResolveSourceNamesAsync(IEnumerable<DmarcReportGroup> groups, IDnsResolver resolver, int concurrency = 16, CancellationToken cancellationToken = default, int maxLookups = DefaultMaxSourceNameLookups)
        {
            if (groups is null) throw new ArgumentNullException(nameof(groups));
            if (resolver is null) throw new ArgumentNullException(nameof(resolver));
            using var gate = new SemaphoreSlim(Math.Max(1, concurrency));
            var tasks = new List<Task>();
            int asked = 0, skipped = 0;
            // Largest sources first, so the cap drops the least telling ones.
            foreach (var g in groups.Where(g => g.GroupBy == DmarcReportGrouping.SourceIP).Distinct().OrderByDescending(g => g.MessageCount))
            {
                if (!IPAddress.TryParse(g.Name, out var ip)) continue;
                if (asked >= maxLookups) { g.HostNameStatus = "skipped"; skipped++; continue; }
                asked++;
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                tasks.Add(Task.Run(async () =>
                {
                    try
                    {
                        var answer = await resolver.QueryAsync(ReverseName(ip), DnsRecordType.PTR, cancellationToken).ConfigureAwait(false);
                        g.HostName = answer.RecordsOf<NameRecord>().Select(r => r.Target).FirstOrDefault();
                        g.HostNameStatus = answer.Outcome == DnsOutcome.TemporaryFailure ? "temperror" : g.HostName is null ? "none" : "found";
                    }
                    finally { gate.Release(); }
                }, cancellationToken));
            }
            await Task.WhenAll(tasks).ConfigureAwait(false);
            return skipped;
        }

        /// <summary>PTR questions one summary asks at most by default (Measure-DmarcReport -MaxSourceNameLookups).</summary>
        public const int DefaultMaxSourceNameLookups = 1000;

        private static string ReverseName(IPAddress ip)
        {
            byte[] b = ip.GetAddressBytes();
            if (b.Length == 4) return $"{b[3]}.{b[2]}.{b[1]}.{b[0]}.in-addr.arpa";
            var sb = new System.Text.StringBuilder(72);
            for (int i = b.Length - 1; i >= 0; i--) sb.Append("0123456789abcdef"[b[i] & 15]).Append('.').Append("0123456789abcdef"[b[i] >> 4]).Append('.');
            return sb.Append("ip6.arpa").ToString();
        }

        // Collects a group's totals and what its failing messages have in common, for the hint.
        private sealed class Accumulator
        {
            // Light on purpose: a large report set has one of these per source IP.
            private readonly DmarcReportGroup _group;
            private NameCounts? _headerFrom, _envelopeFrom, _dkimDomains, _reporters;
            private Dictionary<Symptom, (long Messages, string? Domain, string? Detail)>? _symptoms;
            private const int MaxNames = 20;

            public Accumulator(DmarcReportGroup group) => _group = group;

            public void Add(DmarcAggregateRecord r, string reporter, DmarcAlignmentMode adkim, DmarcAlignmentMode aspf)
            {
                _group.Add(r);
                NameCounts.Add(ref _headerFrom, r.HeaderFrom, r.Count);
                NameCounts.Add(ref _envelopeFrom, r.EnvelopeFrom ?? r.SpfResults.FirstOrDefault()?.Domain, r.Count);
                foreach (var d in r.DkimResults) NameCounts.Add(ref _dkimDomains, d.Domain, r.Count);
                NameCounts.Add(ref _reporters, reporter, r.Count);
                if (!r.DmarcPass) Diagnose(r, adkim, aspf);
            }

            private void Note(Symptom s, long n, string? domain, string? detail = null)
            {
                _symptoms ??= new Dictionary<Symptom, (long, string?, string?)>();
                _symptoms.TryGetValue(s, out var cur);
                _symptoms[s] = (cur.Messages + n, cur.Domain ?? domain, cur.Detail ?? detail);
            }

            private void Diagnose(DmarcAggregateRecord r, DmarcAlignmentMode adkim, DmarcAlignmentMode aspf)
            {
                string from = r.HeaderFrom ?? string.Empty;
                long n = r.Count;
                var forwarded = r.Reasons.FirstOrDefault(x => x.Type == DmarcPolicyOverride.forwarded || x.Type == DmarcPolicyOverride.mailing_list || x.Type == DmarcPolicyOverride.trusted_forwarder);
                if (forwarded != null) { Note(Symptom.Forwarded, n, from, forwarded.Type.ToString()); return; }
                var spfPass = r.SpfResults.FirstOrDefault(x => x.Result == DmarcReportAuthResult.pass && x.Scope != DmarcSpfScope.helo);
                var dkimPass = r.DkimResults.FirstOrDefault(x => x.Result == DmarcReportAuthResult.pass && x.Domain != null);
                var dkimFailAligned = r.DkimResults.FirstOrDefault(x => x.Result != DmarcReportAuthResult.pass && x.Result != DmarcReportAuthResult.none && x.Domain != null && Aligned(x.Domain, from, adkim));
                var spfError = r.SpfResults.FirstOrDefault(x => x.Result == DmarcReportAuthResult.permerror || x.Result == DmarcReportAuthResult.temperror);
                var spfFail = r.SpfResults.FirstOrDefault(x => x.Result == DmarcReportAuthResult.fail || x.Result == DmarcReportAuthResult.softfail);
                if (spfPass != null && dkimPass != null) Note(Symptom.BothPassUnaligned, n, spfPass.Domain, dkimPass.Domain);
                else if (spfPass != null) Note(Symptom.SpfPassUnaligned, n, spfPass.Domain);
                else if (dkimPass != null) Note(Symptom.DkimPassUnaligned, n, dkimPass.Domain);
                else if (dkimFailAligned != null) Note(Symptom.DkimFailsForOwnDomain, n, dkimFailAligned.Domain, dkimFailAligned.Selector);
                else if (spfError != null) Note(Symptom.SpfError, n, spfError.Domain, spfError.Result.ToString());
                else if (spfFail != null && spfFail.Domain != null && Aligned(spfFail.Domain, from, aspf)) Note(Symptom.NotInSpf, n, spfFail.Domain, spfFail.Result.ToString());
                else Note(Symptom.Unauthenticated, n, from);
            }

            private static bool Aligned(string domain, string from, DmarcAlignmentMode mode)
            {
                if (from.Length == 0) return false;
                var psl = PublicSuffixList.Default;
                return DmarcAlignment.IsAligned(domain, from, mode, psl.GetRegistrableDomain(domain), psl.GetRegistrableDomain(from));
            }

            public DmarcReportGroup Finish()
            {
                _group.HeaderFromDomains = NameCounts.Top(_headerFrom);
                _group.EnvelopeFromDomains = NameCounts.Top(_envelopeFrom);
                _group.DkimDomains = NameCounts.Top(_dkimDomains);
                _group.Reporters = NameCounts.Top(_reporters);
                if (_symptoms != null && _symptoms.Count > 0)
                {
                    var main = _symptoms.OrderByDescending(kv => kv.Value.Messages).First();
                    string from = _group.HeaderFromDomains.FirstOrDefault() ?? "your domain";
                    _group.Hint = Hint(main.Key, main.Value.Domain, main.Value.Detail, from);
                }
                return _group;
            }

            // Message counts per name, for a handful of names (the first MaxNames seen).
            private sealed class NameCounts
            {
                private string[] _names = new string[2];
                private long[] _counts = new long[2];
                private int _n;

                public static void Add(ref NameCounts? counts, string? name, long n)
                {
                    if (name is null) return;
                    counts ??= new NameCounts();
                    for (int i = 0; i < counts._n; i++)
                        if (string.Equals(counts._names[i], name, StringComparison.OrdinalIgnoreCase)) { counts._counts[i] += n; return; }
                    if (counts._n == MaxNames) return;
                    if (counts._n == counts._names.Length)
                    {
                        Array.Resize(ref counts._names, counts._n * 2);
                        Array.Resize(ref counts._counts, counts._n * 2);
                    }
                    counts._names[counts._n] = name;
                    counts._counts[counts._n++] = n;
                }

                public static IReadOnlyList<string> Top(NameCounts? counts)
                {
                    if (counts is null) return Array.Empty<string>();
                    return Enumerable.Range(0, counts._n).OrderByDescending(i => counts._counts[i]).ThenBy(i => counts._names[i], StringComparer.Ordinal)
                        .Select(i => counts._names[i]).ToList();
                }
            }

            private static string Hint(Symptom s, string? domain, string? detail, string from)
            {
                switch (s)
                {
                    case Symptom.Forwarded:
                        return $"The receiver reports this mail as forwarded ({detail}): forwarding breaks SPF, and a list that changes the message breaks DKIM. Nothing to fix at the source if the original sender is yours; DKIM signing for {from} survives plain forwarding.";
                    case Symptom.BothPassUnaligned:
                        return $"SPF passes for {domain} and DKIM for {detail}, but neither is {from}: the service sends as you under its own domains. Sign with DKIM for {from} (the provider gives you a key or CNAME to publish) or give it a MAIL FROM under {from}.";
                    case Symptom.SpfPassUnaligned:
                        return $"SPF passes but is not aligned: the envelope-from is {domain}, the sending service's domain, not {from}. Sign with DKIM for {from}, or set a custom return-path (MAIL FROM) under {from} at the service.";
                    case Symptom.DkimPassUnaligned:
                        return $"DKIM passes for {domain}, not for {from}, and SPF does not pass: sign with DKIM for {from} (d={from}), and add the service to {from}'s SPF record if it uses your envelope-from.";
                    case Symptom.DkimFailsForOwnDomain:
                        return $"A DKIM signature for {domain} fails{(detail is null ? string.Empty : $" (selector {detail})")}: the message was changed on the way (a forwarder or list footer), or the key published at {(detail ?? "<selector>")}._domainkey.{domain} does not match the signing key. Check it with Test-DkimRecord.";
                    case Symptom.SpfError:
                        return $"SPF for {domain} gives {detail}: the receiver could not evaluate the SPF record. Fix the record (Test-SpfRecord {domain}: too many DNS lookups or a syntax error) or the DNS server's answers.";
                    case Symptom.NotInSpf:
                        return $"This IP is not in the SPF record of {domain} (SPF {detail}) and there is no aligned DKIM signature. If it is your server or service, add it to the SPF record and sign with DKIM for {from}; if you do not know it, it is spoofing {from}, which p=quarantine or p=reject stops.";
                    default:
                        return $"Neither SPF nor DKIM authenticates this source for {from}. If it is yours, authorise it in SPF and sign with DKIM for {from}; if not, someone is sending as {from}, which p=quarantine or p=reject stops.";
                }
            }

            private enum Symptom
            {
                Forwarded,
                BothPassUnaligned,
                SpfPassUnaligned,
                DkimPassUnaligned,
                DkimFailsForOwnDomain,
                SpfError,
                NotInSpf,
                Unauthenticated,
            }
        }
    }
}
