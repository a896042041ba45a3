using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.Findings;
using MailAuth.Bimi;
using MailAuth.MtaSts;
using MailAuth.Mx;
using MailAuth.Net;
using MailAuth.Smtp;
using MailAuth.Spf;
using MailAuth.TlsRpt;

namespace MailAuth.Audit
{
    /// <summary>What Test-MailDomain checks.</summary>
    public sealed class MailDomainAuditOptions
    {
        /// <summary>The checks run by default.</summary>
        public static IReadOnlyList<string> DefaultChecks { get; } = new[] { "Mx", "Spf", "Dmarc", "Dkim", "MtaSts", "TlsRpt", "Bimi" };
        /// <summary>Every check this build knows; SmtpTls (connects to port 25) and Jmap are asked for by name.</summary>
        public static IReadOnlyList<string> KnownChecks { get; } = new[] { "Mx", "Spf", "Dmarc", "Dkim", "MtaSts", "TlsRpt", "Bimi", "SmtpTls", "Jmap" };

        /// <summary>The checks to run, by name; <see cref="DefaultChecks"/> when null.</summary>
        public IReadOnlyCollection<string>? Checks { get; set; }
        /// <summary>DKIM selectors to look up; the common ones are probed when null.</summary>
        public IReadOnlyList<string>? DkimSelectors { get; set; }
        /// <summary>A profile: null or Microsoft365.</summary>
        public string? Profile { get; set; }
        /// <summary>DMARC discovery: the RFC 9989 tree walk or the public suffix list.</summary>
        public DmarcDiscoveryMode DmarcDiscoveryMode { get; set; } = DmarcDiscoveryMode.TreeWalk;
        /// <summary>Fetches MTA-STS policies and the JMAP well-known URL; null, or offline, to skip them.</summary>
        public HttpsFetcher? Fetcher { get; set; }
        /// <summary>Probes the MX hosts for STARTTLS (the SmtpTls check); null to skip it.</summary>
        public SmtpTlsProbe? SmtpProbe { get; set; }
        /// <summary>The BIMI selector looked up.</summary>
        public string BimiSelector { get; set; } = "default";
        /// <summary>Time allowed for all the checks of one domain (default <see cref="DefaultTimeBudget"/>); null for none. The areas
        /// not finished by then are temperror with <see cref="MailDomainFindings.TimeBudgetExceeded"/>.</summary>
        public TimeSpan? TimeBudget { get; set; } = DefaultTimeBudget;
        /// <summary>The default <see cref="TimeBudget"/>: 120 seconds.</summary>
        public static readonly TimeSpan DefaultTimeBudget = TimeSpan.FromSeconds(120);
    }

    /// <summary>Findings of the audit itself.</summary>
    public static class MailDomainFindings
    {
        /// <summary>No DKIM key at any common selector.</summary>
        public static readonly FindingDefinition DkimNoKeyFound = new FindingDefinition("MailDomain.DkimNoKeyFound", FindingSeverity.Warning,
            "No DKIM key was found at the selectors tried; DKIM selectors cannot be listed, so the domain may still sign with another one.",
            "RFC 6376 §3.6.2.1",
            "Name the domain's selectors with -DkimSelector (they are in the s= tag of its signatures), or publish a key if the domain sends mail unsigned.");

        /// <summary>The selectors given have no key.</summary>
        public static readonly FindingDefinition DkimSelectorMissing = new FindingDefinition("MailDomain.DkimSelectorMissing", FindingSeverity.Error,
            "A DKIM selector named for the domain has no key record, so signatures made with it fail.",
            "RFC 6376 §6.1.2",
            "Publish the public key at <selector>._domainkey.<domain>, or sign with a selector that has one.");

        /// <summary>The domain's checks ran out of time.</summary>
        public static readonly FindingDefinition TimeBudgetExceeded = new FindingDefinition("MailDomain.TimeBudgetExceeded", FindingSeverity.Error,
            "The checks of the domain did not finish within the time budget; this area is unknown, not failed.", "Test-MailDomain -TimeBudgetSec",
            "Run again when DNS answers faster, or raise -TimeBudgetSec.");

        /// <summary>The domain does not exist.</summary>
        public static readonly FindingDefinition DomainDoesNotExist = new FindingDefinition("MailDomain.DomainDoesNotExist", FindingSeverity.Error,
            "The domain does not exist in DNS, so nothing else was checked.",
            "RFC 1035 §4.1.1",
            "Check the spelling of the domain in the inventory.");
    }

    /// <summary>Runs the checks of one domain over a shared resolver and scores them (docs/scoring.md).</summary>
    public static class MailDomainAuditor
    {
        /// <summary>Audits one domain.</summary>
        /// <param name="domain">A normalised domain name.</param>
        /// <param name="resolver">The shared resolver (and cache) of the run.</param>
        /// <param name="options">What to check.</param>
        /// <param name="cancellationToken">Cancels the audit.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException">An unknown check or profile is named.</exception>
        public static async Task<MailDomainReport> AuditAsync(string domain, IDnsResolver resolver, MailDomainAuditOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (domain is null) throw new ArgumentNullException(nameof(domain));
            if (resolver is null) throw new ArgumentNullException(nameof(resolver));
            options ??= new MailDomainAuditOptions();
            var checks = new HashSet<string>(options.Checks ?? MailDomainAuditOptions.DefaultChecks, StringComparer.OrdinalIgnoreCase);
            foreach (string c in checks)
                if (!MailDomainAuditOptions.KnownChecks.Contains(c, StringComparer.OrdinalIgnoreCase)) throw new ArgumentException($"Unknown check '{c}'.", nameof(options));
            bool m365 = options.Profile != null && options.Profile.Equals("Microsoft365", StringComparison.OrdinalIgnoreCase);
            if (options.Profile != null && !m365) throw new ArgumentException($"Unknown profile '{options.Profile}'.", nameof(options));

            var report = new MailDomainReport(domain) { Started = DateTimeOffset.UtcNow, Profile = m365 ? "Microsoft365" : null };
            var total = Stopwatch.StartNew();
            // The profile needs MX, SPF and DMARC whether or not they were asked for; they are then reported too.
            if (m365) { checks.Add("Mx"); checks.Add("Spf"); checks.Add("Dmarc"); }

            // One budget for all the checks of the domain: a slow or silent DNS server cannot hold the run on one domain.
            var areas = new List<MailDomainArea>();
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (options.TimeBudget is TimeSpan limit) budget.CancelAfter(limit);
            var ct = budget.Token;
            try
            {
                // MX first: it tells whether the domain exists at all (NXDOMAIN).
                MxResult? mx = null;
                if (checks.Contains("Mx"))
                {
                    var (area, result) = await Timed("Mx", () => MxLookup.LookupAsync(domain, resolver, ct), ScoreMx).ConfigureAwait(false);
                    areas.Add(area);
                    mx = result;
                }
                else
                {
                    var probe = await resolver.QueryAsync(domain, DnsRecordType.SOA, ct).ConfigureAwait(false);
                    if (probe.Outcome == DnsOutcome.NxDomain) mx = new MxResult(domain) { Status = MxStatus.nxdomain };
                }
                if (mx?.Status == MxStatus.nxdomain)
                {
                    // Nothing else can exist below a name that does not (RFC 8020); the other areas are skipped, not failed.
                    if (!checks.Contains("Mx"))
                        areas.Add(new MailDomainArea("Domain") { Status = MailDomainStatus.fail, Score = 0, Summary = "NXDOMAIN",
                            Findings = new[] { MailDomainFindings.DomainDoesNotExist.Create($"{domain} does not exist (NXDOMAIN).") } });
                    foreach (string name in MailDomainAuditOptions.KnownChecks.Where(c => checks.Contains(c) && c != "Mx"))
                        areas.Add(new MailDomainArea(name) { Status = MailDomainStatus.skipped, Summary = "the domain does not exist" });
                    return Finish(report, areas, total);
                }

                var spfTask = checks.Contains("Spf") ? Timed("Spf", () => SpfLinter.LintDomainAsync(domain, resolver, null, ct), ScoreSpf) : null;
                var dmarcTask = checks.Contains("Dmarc") ? Timed("Dmarc", () => DmarcLinter.LintDomainAsync(domain, resolver, options.DmarcDiscoveryMode, ct), ScoreDmarc) : null;
                var dkimTask = checks.Contains("Dkim") ? Timed<IReadOnlyList<DkimRecordResult>>("Dkim", () => Dkim(domain, resolver, options.DkimSelectors, ct),
                    r => ScoreDkim(r, options.DkimSelectors != null, domain)) : null;
                SpfLintResult? spf = null;
                DmarcLintResult? dmarc = null;
                if (spfTask != null) { var (area, result) = await spfTask.ConfigureAwait(false); areas.Add(area); spf = result; }
                if (dmarcTask != null) { var (area, result) = await dmarcTask.ConfigureAwait(false); areas.Add(area); dmarc = result; }
                if (dkimTask != null) areas.Add((await dkimTask.ConfigureAwait(false)).Area);
                await AddTransportAsync(domain, resolver, options, checks, areas, ct).ConfigureAwait(false);
                if (m365)
                    areas.Add(await Microsoft365Profile.CheckAsync(domain, mx, spf, dmarc, resolver, options.DmarcDiscoveryMode, ct).ConfigureAwait(false));
                return Finish(report, areas, total);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && budget.IsCancellationRequested)
            {
                // The areas finished so far stand; the others are unknown, never "no record". Nothing else adds to
                // areas now: every check that does was awaited on this path.
                var finding = MailDomainFindings.TimeBudgetExceeded.Create($"The checks of {domain} did not finish within {options.TimeBudget!.Value.TotalSeconds:0.#} s (-TimeBudgetSec).");
                var unfinished = MailDomainAuditOptions.KnownChecks.Where(c => checks.Contains(c)).Concat(m365 ? new[] { "Microsoft365" } : Array.Empty<string>());
                foreach (string name in unfinished.Where(c => !areas.Any(a => a.Name == c)).ToList())
                    areas.Add(new MailDomainArea(name) { Status = MailDomainStatus.temperror, Summary = "time budget exceeded", Findings = new[] { finding } });
                return Finish(report, areas, total);
            }
        }

        private static async Task AddTransportAsync(string domain, IDnsResolver resolver, MailDomainAuditOptions options, HashSet<string> checks,
            List<MailDomainArea> areas, CancellationToken ct)
        {
            bool tlsRptArea = checks.Contains("TlsRpt");
            var fetcher = options.Fetcher ?? new HttpsFetcher(resolver, TimeSpan.FromSeconds(15), MtaStsChecker.MaxPolicyBytes, offline: true);
            var mtaSts = checks.Contains("MtaSts") ? Timed("MtaSts", () => MtaStsChecker.TestAsync(domain, resolver, fetcher, ct), r => ScoreMtaSts(r, tlsRptArea)) : null;
            var tlsRpt = tlsRptArea ? Timed("TlsRpt", () => TlsRptLookup.GetRecordAsync(domain, resolver, ct), ScoreTlsRpt) : null;
            var bimi = checks.Contains("Bimi") ? Timed("Bimi", () => BimiChecker.GetRecordAsync(domain, options.BimiSelector, resolver, null, false, ct), ScoreBimi) : null;
            var smtp = checks.Contains("SmtpTls") && options.SmtpProbe != null
                ? Timed<IReadOnlyList<SmtpTlsResult>>("SmtpTls", () => options.SmtpProbe.TestDomainAsync(domain, 25, ct), ScoreSmtp) : null;
            var jmap = checks.Contains("Jmap") ? Timed("Jmap", () => JmapCheck.CheckAsync(domain, resolver, options.Fetcher, ct), ScoreJmap) : null;
            if (mtaSts != null) areas.Add((await mtaSts.ConfigureAwait(false)).Area);
            if (tlsRpt != null) areas.Add((await tlsRpt.ConfigureAwait(false)).Area);
            if (bimi != null) areas.Add((await bimi.ConfigureAwait(false)).Area);
            if (checks.Contains("SmtpTls"))
                areas.Add(smtp != null ? (await smtp.ConfigureAwait(false)).Area : new MailDomainArea("SmtpTls") { Status = MailDomainStatus.skipped, Summary = "no SMTP probe configured" });
            if (jmap != null)
            {
                var area = (await jmap.ConfigureAwait(false)).Area;
                area.Score = null;   // informational: JMAP is a service, not a protection
                areas.Add(area);
            }
        }

        private static (MailDomainStatus?, int?, string, IReadOnlyList<Finding>) ScoreMtaSts(MtaStsTestResult r, bool tlsRptArea)
        {
            // The TLS-RPT area reports a missing record itself; counting it twice would double the penalty.
            var findings = tlsRptArea ? r.Findings.Where(f => f.Id != MtaStsFindings.NoTlsRpt.Id).ToList() : r.Findings.ToList();
            switch (r.Status)
            {
                case MtaStsRecordStatus.temperror: return (MailDomainStatus.temperror, null, "DNS failure", findings);
                case MtaStsRecordStatus.none: return (MailDomainStatus.warning, 50, "no MTA-STS: SMTP to this domain can be downgraded to plain text", findings);
                case MtaStsRecordStatus.permerror: return (null, 0, "MTA-STS record invalid", findings);
            }
            if (r.PolicyStatus == MtaStsPolicyStatus.skipped || r.PolicyStatus == MtaStsPolicyStatus.notrequested)
                return (null, 85, "record found; policy not fetched (offline)", findings);
            if (r.PolicyStatus != MtaStsPolicyStatus.valid) return (null, 30, $"policy {r.PolicyStatus}", findings);
            int baseScore = r.Mode == MtaStsMode.enforce ? 100 : r.Mode == MtaStsMode.testing ? 80 : 50;
            return (null, baseScore, $"mode {r.Mode}", findings);
        }

        private static (MailDomainStatus?, int?, string, IReadOnlyList<Finding>) ScoreTlsRpt(TlsRptRecordResult r) => r.Status switch
        {
            TlsRptRecordStatus.temperror => (MailDomainStatus.temperror, null, "DNS failure", r.Findings),
            TlsRptRecordStatus.none => (MailDomainStatus.warning, 50, "no TLS-RPT record: TLS failures go unreported", r.Findings),
            TlsRptRecordStatus.permerror => (null, 0, "TLS-RPT record invalid", r.Findings),
            _ => (null, 100, $"{r.ReportUris.Count} report destination(s)", r.Findings),
        };

        private static (MailDomainStatus?, int?, string, IReadOnlyList<Finding>) ScoreBimi(BimiRecordResult r) => r.Status switch
        {
            BimiRecordStatus.temperror => (MailDomainStatus.temperror, null, "DNS failure", r.Findings),
            BimiRecordStatus.none => (null, 60, "no BIMI record", r.Findings),
            BimiRecordStatus.permerror => (null, 0, "BIMI record invalid", r.Findings),
            _ => (null, r.Declined ? 80 : 100, r.Declined ? "declined (empty l=)" : (r.Evidence != null ? "logo with evidence" : "logo without evidence"), r.Findings),
        };

        private static (MailDomainStatus?, int?, string, IReadOnlyList<Finding>) ScoreSmtp(IReadOnlyList<SmtpTlsResult> results)
        {
            var findings = results.SelectMany(r => r.Findings).ToList();
            if (results.Any(r => r.Status == SmtpTlsStatus.temperror)) return (MailDomainStatus.temperror, null, "DNS failure", findings);
            if (results.Count == 0 || results.All(r => r.Status == SmtpTlsStatus.skipped)) return (MailDomainStatus.skipped, null, "not probed (offline)", findings);
            if (results.All(r => r.Status == SmtpTlsStatus.nullmx)) return (MailDomainStatus.skipped, null, "null MX: no SMTP server", findings);
            int tls = results.Count(r => r.Status == SmtpTlsStatus.tls);
            int baseScore = tls == results.Count ? 100 : tls == 0 ? 0 : 50;
            return (null, baseScore, $"STARTTLS on {tls} of {results.Count} host(s)", findings);
        }

        private static (MailDomainStatus?, int?, string, IReadOnlyList<Finding>) ScoreJmap(JmapResult r)
            => r.TemporaryFailure && !r.Advertised
                ? (MailDomainStatus.temperror, null, "DNS failure", Array.Empty<Finding>())
                : (MailDomainStatus.pass, 100, r.Advertised ? "JMAP advertised" + (r.SrvTargets.Count > 0 ? " at " + r.SrvTargets[0] : "") : "no JMAP autodiscovery", Array.Empty<Finding>());

        private static MailDomainReport Finish(MailDomainReport report, List<MailDomainArea> areas, Stopwatch total)
        {
            report.Areas = areas;
            report.Score = MailDomainScoring.Overall(areas);
            report.Status = areas.Any(a => a.Status == MailDomainStatus.temperror) ? MailDomainStatus.temperror
                : areas.Any(a => a.Status == MailDomainStatus.fail) ? MailDomainStatus.fail
                : areas.Any(a => a.Status == MailDomainStatus.warning) ? MailDomainStatus.warning
                : MailDomainStatus.pass;
            report.Duration = total.Elapsed;
            return report;
        }

        private static async Task<(MailDomainArea Area, T Result)> Timed<T>(string name, Func<Task<T>> check, Func<T, (MailDomainStatus? Status, int? Base, string Summary, IReadOnlyList<Finding> Findings)> score)
        {
            var sw = Stopwatch.StartNew();
            T result = await check().ConfigureAwait(false);
            var s = score(result);
            var area = new MailDomainArea(name) { Result = result, Summary = s.Summary, Findings = s.Findings, Duration = sw.Elapsed };
            if (s.Status == MailDomainStatus.temperror || s.Base is null)
            {
                area.Status = s.Status ?? MailDomainStatus.temperror;
            }
            else
            {
                int value = MailDomainScoring.Score(s.Base.Value, s.Findings);
                area.Score = value;
                area.Status = s.Status ?? MailDomainScoring.Status(value, s.Findings);
            }
            return (area, result);
        }

        private static async Task<IReadOnlyList<DkimRecordResult>> Dkim(string domain, IDnsResolver resolver, IReadOnlyList<string>? selectors, CancellationToken ct)
        {
            if (selectors is null) return await DkimRecordLinter.LintProbeAsync(domain, resolver, null, ct).ConfigureAwait(false);
            return await Task.WhenAll(selectors.Select(s => DkimRecordLinter.LintAsync(domain, s, resolver, ct))).ConfigureAwait(false);
        }

        private static (MailDomainStatus?, int?, string, IReadOnlyList<Finding>) ScoreMx(MxResult r) => r.Status switch
        {
            MxStatus.temperror => (MailDomainStatus.temperror, null, "DNS failure: " + r.Error, r.Findings),
            MxStatus.nullmx => (null, 100, "null MX: receives no mail (RFC 7505)", r.Findings),
            MxStatus.none => (null, 60, "no MX records", r.Findings),
            MxStatus.nxdomain => (MailDomainStatus.fail, 0, "the domain does not exist", r.Findings),
            _ => (r.Hosts.Any(h => h.TemporaryFailure) ? MailDomainStatus.temperror : (MailDomainStatus?)null, 100,
                  string.Join(", ", r.Hosts.Take(3).Select(h => h.Name)) + (r.Hosts.Count > 3 ? $" (+{r.Hosts.Count - 3})" : ""), r.Findings),
        };

        private static (MailDomainStatus?, int?, string, IReadOnlyList<Finding>) ScoreSpf(SpfLintResult r) => r.Status switch
        {
            SpfRecordStatus.temperror => (MailDomainStatus.temperror, null, "DNS failure", r.Findings),
            SpfRecordStatus.none => (MailDomainStatus.fail, 0, "no SPF record", r.Findings),
            SpfRecordStatus.permerror => (MailDomainStatus.fail, 0, "SPF permerror", r.Findings),
            // An incomplete tree met a DNS failure somewhere below: nothing is concluded.
            _ when r.Tree.Nodes.Any(n => n.Status == SpfRecordStatus.temperror) => (MailDomainStatus.temperror, null, "DNS failure in the include tree", r.Findings),
            _ => (null, 100, $"{r.DnsLookupCount} of 10 lookups", r.Findings),
        };

        private static (MailDomainStatus?, int?, string, IReadOnlyList<Finding>) ScoreDmarc(DmarcLintResult r)
        {
            switch (r.Status)
            {
                case DmarcRecordStatus.temperror: return (MailDomainStatus.temperror, null, "DNS failure", r.Findings);
                case DmarcRecordStatus.none: return (MailDomainStatus.fail, 0, "no DMARC record", r.Findings);
                case DmarcRecordStatus.permerror: return (MailDomainStatus.fail, 0, "DMARC record invalid", r.Findings);
            }
            var policy = r.EffectivePolicy;
            int baseScore = policy == DmarcPolicy.reject ? 100 : policy == DmarcPolicy.quarantine ? 90 : 60;
            string where = r.PolicySource == DmarcPolicySource.Domain ? "" : $" (from {r.RecordName})";
            return (null, baseScore, $"p={policy?.ToString() ?? "?"}{where}, {r.ReportDestinations.Count} report destination(s)", r.Findings);
        }

        private static (MailDomainStatus?, int?, string, IReadOnlyList<Finding>) ScoreDkim(IReadOnlyList<DkimRecordResult> results, bool named, string domain)
        {
            var findings = results.SelectMany(r => r.Findings).ToList();
            if (results.Any(r => r.Status == DkimRecordStatus.temperror)) return (MailDomainStatus.temperror, null, "DNS failure", findings);
            var found = results.Where(r => r.Status == DkimRecordStatus.found).ToList();
            var usable = found.Where(r => !r.IsRevoked).ToList();
            if (named)
            {
                foreach (var missing in results.Where(r => r.Status == DkimRecordStatus.none))
                    findings.Add(MailDomainFindings.DkimSelectorMissing.Create($"{missing.Name} has no key record."));
            }
            else if (found.Count == 0)
            {
                // Scored alike: a domain may send mail without DKIM, or send none at all.
                bool nonePublished = findings.Any(f => f.Id == DkimFindings.NoKeysPublished.Id);
                findings.Add(MailDomainFindings.DkimNoKeyFound.Create(nonePublished
                    ? $"No DKIM key is published for {domain}: _domainkey.{domain} does not exist."
                    : $"No key at the common selectors of {domain}."));
                return (null, 70, nonePublished ? "no DKIM key published" : "no key at the common selectors", findings);
            }
            if (usable.Count == 0 && found.Count > 0) return (null, 80, "revoked keys only (the domain signs nothing)", findings);
            string summary = string.Join(", ", usable.Take(4).Select(r => $"{r.Selector} ({r.KeyType}{(r.KeySize is int k && r.KeyType == "rsa" ? "-" + k : "")})"));
            return (null, usable.Count == 0 ? 0 : 100, summary.Length == 0 ? "no usable key" : summary, findings);
        }
    }
}
