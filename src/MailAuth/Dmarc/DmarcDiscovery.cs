using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dns;
using MailAuth.Findings;

namespace MailAuth.Dmarc
{
    /// <summary>
    /// DMARC policy discovery and organizational domains: the DNS tree walk of RFC 9989 §4.10 (the default), or the
    /// public-suffix-list method of RFC 7489 §3.2 and §6.6.3. All DNS goes through <see cref="IDnsResolver"/>; DNS failures
    /// are results (temperror), never exceptions.
    /// </summary>
    public static class DmarcDiscovery
    {
        /// <summary>The most DNS queries one tree walk asks (RFC 9989 §4.10).</summary>
        public const int MaxTreeWalkQueries = 8;

        /// <summary>
        /// The domains whose <c>_dmarc</c> names a full tree walk from <paramref name="domain"/> asks, in order: the domain itself,
        /// then, for fewer than eight labels, each parent; for eight or more, the parent with seven labels and each parent of that
        /// (RFC 9989 §4.10 steps 3-7). At most <see cref="MaxTreeWalkQueries"/> names; the last is the top-level domain.
        /// </summary>
        /// <param name="domain">A normalised domain name.</param>
        /// <returns>The domains, longest first.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="domain"/> is null.</exception>
        public static IReadOnlyList<string> GetTreeWalkDomains(string domain)
        {
            if (domain is null) throw new ArgumentNullException(nameof(domain));
            var labels = DnsName.Normalize(domain).Split('.');
            var result = new List<string> { string.Join(".", labels) };
            int k = labels.Length >= 8 ? 7 : labels.Length - 1;
            for (; k >= 1; k--) result.Add(string.Join(".", labels, labels.Length - k, k));
            return result;
        }

        /// <summary>Finds the DMARC policy record that applies to <paramref name="domain"/> (RFC 9989 §4.10.1, or RFC 7489 §6.6.3) and parses it.</summary>
        /// <param name="domain">A normalised domain name: the author domain of a message.</param>
        /// <param name="resolver">Where DNS questions go.</param>
        /// <param name="mode">Tree walk (RFC 9989) or public suffix list (RFC 7489).</param>
        /// <param name="cancellationToken">Cancels the lookup.</param>
        /// <returns>The result; DNS failures are a temperror result, not an exception.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
        public static Task<DmarcRecordResult> GetRecordAsync(string domain, IDnsResolver resolver, DmarcDiscoveryMode mode = DmarcDiscoveryMode.TreeWalk, CancellationToken cancellationToken = default)
        {
            if (domain is null) throw new ArgumentNullException(nameof(domain));
            if (resolver is null) throw new ArgumentNullException(nameof(resolver));
            return DiscoverAsync(DnsName.Normalize(domain), resolver, mode, null, true, cancellationToken);
        }

        /// <summary>
        /// The organizational domain of <paramref name="domain"/>, as relaxed alignment (RFC 9989 §3.2.10.1) and external report
        /// verification (RFC 9990 §4) need it. Tree walk: the walk of §4.10 from the domain itself and the selection of §4.10.2
        /// (psd=n, then one label below psd=y, then the record with the fewest labels, else the domain itself). Public suffix list:
        /// the public suffix plus one label (RFC 7489 §3.2), or the domain itself when it is a public suffix; no DNS is asked.
        /// </summary>
        /// <param name="domain">A normalised domain name (an author domain, an SPF domain, a DKIM d= domain, a report host).</param>
        /// <param name="resolver">Where DNS questions go (not used for the public suffix list).</param>
        /// <param name="mode">Tree walk (RFC 9989) or public suffix list (RFC 7489).</param>
        /// <param name="cancellationToken">Cancels the walk.</param>
        /// <returns>The result; <see cref="DmarcOrganizationalDomainResult.OrganizationalDomain"/> is null only after a temporary DNS failure.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
        public static async Task<DmarcOrganizationalDomainResult> GetOrganizationalDomainAsync(string domain, IDnsResolver resolver,
            DmarcDiscoveryMode mode = DmarcDiscoveryMode.TreeWalk, CancellationToken cancellationToken = default)
        {
            if (domain is null) throw new ArgumentNullException(nameof(domain));
            if (resolver is null) throw new ArgumentNullException(nameof(resolver));
            string d = DnsName.Normalize(domain);
            if (mode == DmarcDiscoveryMode.PublicSuffixList)
                return new DmarcOrganizationalDomainResult(d, mode, GetOrganizationalDomain(d), DmarcOrganizationalDomainBasis.PublicSuffixList, Array.Empty<DmarcDiscoveryStep>(), null);
            var steps = await WalkAsync(d, resolver, null, cancellationToken).ConfigureAwait(false);
            var (org, basis) = SelectOrganizationalDomain(d, steps);
            return new DmarcOrganizationalDomainResult(d, mode, org, basis, steps, steps.FirstOrDefault(s => s.Outcome == DnsOutcome.TemporaryFailure)?.Error);
        }

        /// <summary>The RFC 7489 §3.2 organizational domain from the embedded public suffix list: the public suffix plus one label, or the domain itself when it is a public suffix (or has no usable labels).</summary>
        /// <param name="domain">A domain name.</param>
        /// <returns>The organizational domain, lower case.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="domain"/> is null.</exception>
        public static string GetOrganizationalDomain(string domain)
        {
            if (domain is null) throw new ArgumentNullException(nameof(domain));
            string d = DnsName.Normalize(domain);
            return PublicSuffixList.Default.GetRegistrableDomain(d) ?? d;
        }

        /// <summary>
        /// Selects the organizational domain from a tree walk's answers (RFC 9989 §4.10.2): going from the longest name to the
        /// shortest, a record with psd=n names it; a record with psd=y (not at the start) makes it the name one label below; else
        /// the record at the name with the fewest labels; with no record, the starting domain. Null after a temporary failure.
        /// </summary>
        internal static (string? Domain, DmarcOrganizationalDomainBasis Basis) SelectOrganizationalDomain(string start, IReadOnlyList<DmarcDiscoveryStep> steps)
        {
            if (steps.Any(s => s.Outcome == DnsOutcome.TemporaryFailure)) return (null, DmarcOrganizationalDomainBasis.Undetermined);
            var found = steps.Where(s => s.Parsed != null).ToList();
            foreach (var s in found)
            {
                if (s.Psd == DmarcPsd.n) return (s.Domain, DmarcOrganizationalDomainBasis.PsdNo);
                if (s.Psd == DmarcPsd.y && s.Number > 1) return (OneLabelBelow(start, s.Domain), DmarcOrganizationalDomainBasis.BelowPsdYes);
            }
            if (found.Count > 0) return (found[found.Count - 1].Domain, DmarcOrganizationalDomainBasis.FewestLabels);
            return (start, DmarcOrganizationalDomainBasis.NoRecordFound);
        }

        // The ancestor of start (or start itself) with one label more than parent.
        private static string OneLabelBelow(string start, string parent)
        {
            var labels = start.Split('.');
            int k = Math.Min(labels.Length, parent.Split('.').Length + 1);
            return string.Join(".", labels, labels.Length - k, k);
        }

        // The tree walk of RFC 9989 §4.10; proposed replaces the answer at the start (a record given as text).
        internal static async Task<List<DmarcDiscoveryStep>> WalkAsync(string domain, IDnsResolver resolver, string? proposed, CancellationToken cancellationToken)
        {
            var steps = new List<DmarcDiscoveryStep>();
            foreach (string d in GetTreeWalkDomains(domain))
            {
                var step = steps.Count == 0 && proposed != null
                    ? ProposedStep(d, proposed)
                    : await QueryAsync(steps.Count + 1, d, resolver, cancellationToken).ConfigureAwait(false);
                steps.Add(step);
                if (step.StopsWalk) break;
            }
            return steps;
        }

        internal static DmarcDiscoveryStep ProposedStep(string domain, string text)
        {
            bool isDmarc = DmarcParser.IsDmarcRecord(text);
            var texts = new[] { text };
            return new DmarcDiscoveryStep(1, domain, DnsOutcome.Records, texts, isDmarc ? texts : Array.Empty<string>(),
                isDmarc ? DmarcParser.Parse(text) : null, texts, null, null, null, true);
        }

        private static async Task<DmarcDiscoveryStep> QueryAsync(int number, string domain, IDnsResolver resolver, CancellationToken cancellationToken)
        {
            string name = "_dmarc." + domain;
            var none = Array.Empty<string>();
            // A name over DNS limits cannot exist; asking would only fail.
            if (DnsName.Validate(name) != null)
                return new DmarcDiscoveryStep(number, domain, DnsOutcome.NxDomain, none, none, null, none, null, "not queried: " + DnsName.Validate(name), null, false);
            var answer = await resolver.QueryAsync(name, DnsRecordType.TXT, cancellationToken).ConfigureAwait(false);
            if (answer.Outcome != DnsOutcome.Records)
                return new DmarcDiscoveryStep(number, domain, answer.Outcome, none, none, null, none, null, answer.Error, answer.Server, false);
            var txt = answer.RecordsOf<TxtRecord>().ToList();
            var dmarc = txt.Where(t => DmarcParser.IsDmarcRecord(t.Text)).ToList();
            var single = dmarc.Count == 1 ? dmarc[0] : null;
            return new DmarcDiscoveryStep(number, domain, answer.Outcome, txt.Select(t => t.Text).ToList(), dmarc.Select(t => t.Text).ToList(),
                single is null ? null : DmarcParser.Parse(single.Text), single?.Strings ?? (IReadOnlyList<string>)none, single?.Ttl, null, answer.Server, false);
        }

        /// <summary>Discovery for a domain, or for a record given as text placed at it (<paramref name="proposed"/>); without <paramref name="queryDns"/> nothing is asked.</summary>
        internal static async Task<DmarcRecordResult> DiscoverAsync(string domain, IDnsResolver resolver, DmarcDiscoveryMode mode, string? proposed, bool queryDns, CancellationToken cancellationToken)
        {
            var result = new DmarcRecordResult(domain, mode);
            var findings = new List<Finding>();
            List<DmarcDiscoveryStep> steps;
            DmarcDiscoveryStep? policyStep = null;
            DmarcPolicySource source = DmarcPolicySource.None;
            DmarcDiscoveryStep? decisive = null;

            if (!queryDns)
            {
                steps = new List<DmarcDiscoveryStep> { ProposedStep(domain, proposed ?? string.Empty) };
                result.OrganizationalDomainBasis = DmarcOrganizationalDomainBasis.Undetermined;
                if (steps[0].Parsed != null) { policyStep = steps[0]; source = DmarcPolicySource.Domain; }
                decisive = steps[0];
            }
            else if (mode == DmarcDiscoveryMode.PublicSuffixList)
            {
                // RFC 7489 §6.6.3: the author domain, then (if different) its organizational domain; several records end discovery.
                steps = new List<DmarcDiscoveryStep>
                {
                    proposed != null ? ProposedStep(domain, proposed) : await QueryAsync(1, domain, resolver, cancellationToken).ConfigureAwait(false),
                };
                string org = GetOrganizationalDomain(domain);
                result.OrganizationalDomain = org;
                result.OrganizationalDomainBasis = DmarcOrganizationalDomainBasis.PublicSuffixList;
                decisive = steps[0];
                if (steps[0].Parsed != null) { policyStep = steps[0]; source = DmarcPolicySource.Domain; }
                else if (steps[0].RecordCount == 0 && steps[0].Outcome != DnsOutcome.TemporaryFailure && org != domain)
                {
                    var s2 = await QueryAsync(2, org, resolver, cancellationToken).ConfigureAwait(false);
                    steps.Add(s2);
                    decisive = s2;
                    if (s2.Parsed != null) { policyStep = s2; source = DmarcPolicySource.OrganizationalDomain; }
                }
            }
            else
            {
                steps = await WalkAsync(domain, resolver, proposed, cancellationToken).ConfigureAwait(false);
                var (org, basis) = SelectOrganizationalDomain(domain, steps);
                result.OrganizationalDomain = org;
                result.OrganizationalDomainBasis = basis;
                decisive = steps[0];
                if (steps[0].Parsed != null) { policyStep = steps[0]; source = DmarcPolicySource.Domain; }
                else if (org != null)
                {
                    // RFC 9989 §4.10.1: the author domain, then its organizational domain, then its PSD.
                    policyStep = steps.FirstOrDefault(s => s.Number > 1 && s.Parsed != null && s.Domain == org);
                    if (policyStep != null) source = DmarcPolicySource.OrganizationalDomain;
                    else
                    {
                        policyStep = steps.FirstOrDefault(s => s.Number > 1 && s.Parsed != null && s.Psd == DmarcPsd.y);
                        if (policyStep != null) source = DmarcPolicySource.PublicSuffixDomain;
                    }
                    if (policyStep != null) decisive = policyStep;
                }
            }
            result.Steps = steps;
            result.Server = steps.Select(s => s.Server).FirstOrDefault(s => s != null);

            var failed = steps.FirstOrDefault(s => s.Outcome == DnsOutcome.TemporaryFailure);
            foreach (var s in steps.Where(s => s.RecordCount > 1))
            {
                string consequence = mode == DmarcDiscoveryMode.PublicSuffixList
                    ? "RFC 7489 receivers stop there and apply no DMARC"
                    : s.Number == 1 ? "receivers discard them all and look further up the tree" : "receivers discard them all";
                findings.Add(DmarcFindings.MultipleRecords.Create(
                    $"'{s.Name}' publishes {s.RecordCount} DMARC records ({string.Join(" | ", s.DmarcRecords.Select(r => "'" + DmarcParser.Short(r) + "'"))}); {consequence}."));
            }
            // TXT at the domain's own _dmarc name that receivers do not recognise: usually a broken version tag.
            if (steps[0].RecordCount == 0)
            {
                foreach (string txt in steps[0].TxtRecords)
                    foreach (var e in DmarcParser.Parse(txt).Errors)
                        findings.Add(new Finding(e.Id, e.Severity, $"At '{steps[0].Name}': {e.Message}", e.Reference, e.Remediation));
            }

            if (policyStep is null && failed != null)
            {
                result.Status = DmarcRecordStatus.temperror;
                result.Error = failed.Error;
                findings.Add(DmarcFindings.DnsTemporaryFailure.Create($"The TXT query for '{failed.Name}' failed: {failed.Error}; the DMARC policy of '{domain}' cannot be determined."));
                result.Findings = findings;
                return result;
            }
            if (policyStep != null && failed != null)
            {
                // The policy is known; only the organizational domain (alignment, report checks) is not.
                findings.Add(new Finding(DmarcFindings.DnsTemporaryFailure.Id, FindingSeverity.Warning,
                    $"The TXT query for '{failed.Name}' failed: {failed.Error}; the policy at '{policyStep.Name}' applies, but the organizational domain of '{domain}' is unknown.",
                    DmarcFindings.DnsTemporaryFailure.Reference, DmarcFindings.DnsTemporaryFailure.Remediation));
            }

            result.AllRecords = decisive?.DmarcRecords ?? Array.Empty<string>();
            if (policyStep is null)
            {
                bool multiple = mode == DmarcDiscoveryMode.PublicSuffixList && steps.Any(s => s.RecordCount > 1);
                result.Status = multiple ? DmarcRecordStatus.permerror : DmarcRecordStatus.none;
                if (!multiple)
                {
                    string asked = string.Join(", ", steps.Select(s => s.IsProposed ? s.Name + " (the record given)" : s.Name));
                    findings.Add(DmarcFindings.NoRecord.Create(mode == DmarcDiscoveryMode.TreeWalk
                        ? $"No DMARC policy record applies to '{domain}': the tree walk asked {asked} and found none that applies."
                        : $"No DMARC policy record applies to '{domain}': RFC 7489 discovery asked {asked} and found none."));
                }
                result.Findings = findings;
                return result;
            }

            var record = policyStep.Parsed!;
            result.Parsed = record;
            result.PolicyDomain = policyStep.Domain;
            result.PolicySource = source;
            result.Strings = policyStep.Strings;
            result.Ttl = policyStep.Ttl;
            var scope = DmarcPolicyScope.Domain;
            if (source != DmarcPolicySource.Domain)
            {
                if (mode == DmarcDiscoveryMode.TreeWalk)
                    result.DomainExists = await DomainExistsAsync(domain, steps[0], resolver, cancellationToken).ConfigureAwait(false);
                scope = result.DomainExists == false ? DmarcPolicyScope.NonExistentSubdomain : DmarcPolicyScope.Subdomain;
            }
            result.PolicyScope = scope;
            result.EffectivePolicy = record.GetPolicy(scope, mode);
            result.Status = result.EffectivePolicy.HasValue ? DmarcRecordStatus.found : DmarcRecordStatus.permerror;

            string prefix = source == DmarcPolicySource.Domain ? "" : $"In the record at '{policyStep.Name}': ";
            foreach (var e in record.Errors)
                findings.Add(prefix.Length == 0 ? e : new Finding(e.Id, e.Severity, prefix + e.Message, e.Reference, e.Remediation));
            var invalid = InvalidPolicyMessage(record, policyStep.Name, mode);
            if (invalid != null) findings.Add(DmarcFindings.InvalidPolicy.Create(invalid));
            result.Findings = findings;
            return result;
        }

        // Why the record's policy tags are unusable, and what receivers do instead; null when they are fine.
        private static string? InvalidPolicyMessage(DmarcRecord record, string name, DmarcDiscoveryMode mode)
        {
            var problems = new List<string>();
            var p = record.GetTag("p");
            if (p is null) problems.Add("has no p tag");
            else if (!p.IsValid) problems.Add($"has an invalid p ('{DmarcParser.Printable(p.Text)}')");
            foreach (string n in mode == DmarcDiscoveryMode.TreeWalk ? new[] { "sp", "np" } : new[] { "sp" })
                if (record.IsPresentButInvalid(n)) problems.Add($"has an invalid {n} ('{DmarcParser.Printable(record.GetTag(n)!.Text)}')");
            if (problems.Count == 0) return null;
            string consequence = record.HasValidAggregateReportUri
                ? "rua has a valid URI, so receivers act as if the record said p=none (monitoring only) for the domain and all its subdomains"
                : "and rua has no valid URI, so receivers apply no DMARC at all";
            return $"The record at '{name}' {string.Join(" and ", problems)}; {consequence}.";
        }

        // RFC 9989 §3.2.13 and Appendix A.4: a domain exists unless a query for it answers NXDOMAIN.
        private static async Task<bool?> DomainExistsAsync(string domain, DmarcDiscoveryStep first, IDnsResolver resolver, CancellationToken cancellationToken)
        {
            // _dmarc.<domain> exists (records or NODATA), so <domain> exists too (RFC 8020).
            if (!first.IsProposed && (first.Outcome == DnsOutcome.Records || first.Outcome == DnsOutcome.NoData)) return true;
            var answer = await resolver.QueryAsync(domain, DnsRecordType.A, cancellationToken).ConfigureAwait(false);
            switch (answer.Outcome)
            {
                case DnsOutcome.NxDomain: return false;
                case DnsOutcome.TemporaryFailure: return null;
                default: return true;
            }
        }
    }
}
