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
    /// Checks the DMARC policy that applies to a domain, or a record given as text, and reports findings with stable ids:
    /// discovery problems, syntax, policy strength, testing, reporting, and the authorisation of every external report
    /// destination (RFC 9990 §4, RFC 9991 §5).
    /// </summary>
    public static class DmarcLinter
    {
        /// <summary>Where a record given as text without a domain is placed; nothing about it is queried.</summary>
        public const string PlaceholderDomain = "example.invalid";

        /// <summary>Looks up and checks the DMARC policy of <paramref name="domain"/>.</summary>
        /// <param name="domain">A normalised domain name.</param>
        /// <param name="resolver">Where DNS questions go.</param>
        /// <param name="mode">Tree walk (RFC 9989) or public suffix list (RFC 7489).</param>
        /// <param name="cancellationToken">Cancels the check.</param>
        /// <returns>The result; DNS failures are findings, not exceptions.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="domain"/> or <paramref name="resolver"/> is null.</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
        public static async Task<DmarcLintResult> LintDomainAsync(string domain, IDnsResolver resolver, DmarcDiscoveryMode mode = DmarcDiscoveryMode.TreeWalk, CancellationToken cancellationToken = default)
        {
            if (domain is null) throw new ArgumentNullException(nameof(domain));
            if (resolver is null) throw new ArgumentNullException(nameof(resolver));
            string d = DnsName.Normalize(domain);
            var discovery = await DmarcDiscovery.DiscoverAsync(d, resolver, mode, null, true, cancellationToken).ConfigureAwait(false);
            return await LintAsync(discovery, false, true, resolver, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Checks a record given as text as if it were published at <c>_dmarc.</c><paramref name="domain"/>: the tree walk above
        /// the domain and the report destinations are looked up as usual. Without a domain the record is placed at
        /// <see cref="PlaceholderDomain"/> and nothing is queried (no organizational domain, destinations not checked).
        /// </summary>
        /// <param name="record">The proposed record, starting with <c>v=DMARC1</c>.</param>
        /// <param name="domain">The normalised domain it would be published for; null for none.</param>
        /// <param name="resolver">Where DNS questions go.</param>
        /// <param name="mode">Tree walk (RFC 9989) or public suffix list (RFC 7489).</param>
        /// <param name="cancellationToken">Cancels the check.</param>
        /// <returns>The result.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="record"/> or <paramref name="resolver"/> is null.</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
        public static async Task<DmarcLintResult> LintRecordAsync(string record, string? domain, IDnsResolver resolver, DmarcDiscoveryMode mode = DmarcDiscoveryMode.TreeWalk, CancellationToken cancellationToken = default)
        {
            if (record is null) throw new ArgumentNullException(nameof(record));
            if (resolver is null) throw new ArgumentNullException(nameof(resolver));
            bool placeholder = domain is null;
            string d = placeholder ? PlaceholderDomain : DnsName.Normalize(domain!);
            var discovery = await DmarcDiscovery.DiscoverAsync(d, resolver, mode, record, !placeholder, cancellationToken).ConfigureAwait(false);
            return await LintAsync(discovery, true, !placeholder, resolver, cancellationToken).ConfigureAwait(false);
        }

        private static async Task<DmarcLintResult> LintAsync(DmarcRecordResult discovery, bool fromText, bool queryDns, IDnsResolver resolver, CancellationToken cancellationToken)
        {
            var findings = new List<Finding>(discovery.Findings);
            var first = discovery.Steps.FirstOrDefault();
            if (!fromText && first != null && first.RecordCount == 0 && first.Outcome != DnsOutcome.TemporaryFailure)
                await CheckRecordAtDomainAsync(discovery.Domain, resolver, findings, cancellationToken).ConfigureAwait(false);

            var destinations = new List<DmarcReportDestination>();
            var record = discovery.Parsed;
            if (record != null)
            {
                CheckPolicy(discovery, record, findings);
                CheckTags(discovery, record, findings);
                foreach (var uri in record.AggregateReportUris.Concat(record.FailureReportUris))
                    destinations.Add(new DmarcReportDestination(uri));
                if (queryDns && discovery.PolicyDomain != null)
                    await CheckDestinationsAsync(discovery, destinations, resolver, findings, cancellationToken).ConfigureAwait(false);
                else
                    foreach (var dest in destinations) dest.Detail = dest.Uri.IsValid ? "not checked: the record was given without a domain" : "invalid URI";
            }

            // The same problem reached twice (a repeated URI) is reported once.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            return new DmarcLintResult(discovery, fromText, destinations, findings.Where(f => seen.Add(f.Id + "\n" + f.Message)).ToList());
        }

        // Lucerne's mistake: the policy published as TXT at the domain itself (RFC 9989 §4.5).
        private static async Task CheckRecordAtDomainAsync(string domain, IDnsResolver resolver, List<Finding> findings, CancellationToken cancellationToken)
        {
            var answer = await resolver.QueryAsync(domain, DnsRecordType.TXT, cancellationToken).ConfigureAwait(false);
            if (answer.Outcome != DnsOutcome.Records) return;
            foreach (var txt in answer.RecordsOf<TxtRecord>().Where(t => DmarcParser.IsDmarcRecord(t.Text)))
            {
                findings.Add(DmarcFindings.RecordAtWrongName.Create(
                    $"'{domain}' publishes the DMARC record '{DmarcParser.Short(txt.Text)}' at the domain itself; receivers only look at '_dmarc.{domain}', so it has no effect."));
            }
        }

        private static void CheckPolicy(DmarcRecordResult discovery, DmarcRecord record, List<Finding> findings)
        {
            string at = discovery.RecordName ?? "_dmarc." + discovery.Domain;
            var scope = discovery.PolicyScope ?? DmarcPolicyScope.Domain;
            string scopeTag = ScopeTag(record, scope, discovery.DiscoveryMode);
            // A none that comes from the fallback for invalid policy tags is Dmarc.InvalidPolicy's business.
            bool fallback = !record.HasValidPolicy || record.IsPresentButInvalid("sp")
                || (discovery.DiscoveryMode == DmarcDiscoveryMode.TreeWalk && record.IsPresentButInvalid("np"));

            if (discovery.EffectivePolicy == DmarcPolicy.none && !fallback)
            {
                findings.Add(DmarcFindings.PolicyNone.Create(discovery.PolicySource == DmarcPolicySource.Domain
                    ? $"The record at '{at}' has {scopeTag}=none: monitoring only, mail that fails DMARC is delivered as usual."
                    : $"Mail from '{discovery.Domain}' falls under {scopeTag}=none of the record at '{at}': monitoring only."));
            }

            var policies = new[] { record.GetPolicy(DmarcPolicyScope.Domain, discovery.DiscoveryMode), record.GetPolicy(DmarcPolicyScope.Subdomain, discovery.DiscoveryMode), record.GetPolicy(DmarcPolicyScope.NonExistentSubdomain, discovery.DiscoveryMode) };
            bool enforces = policies.Any(p => p.HasValue && p.Value != DmarcPolicy.none);
            if (record.TestMode && enforces)
            {
                findings.Add(DmarcFindings.TestingMode.Create(
                    $"The record at '{at}' has t=y: receivers apply one level less than it says ({Describe(record)}), quarantine as none and reject as quarantine."));
            }
            if (discovery.DiscoveryMode == DmarcDiscoveryMode.PublicSuffixList && record.Percent is int pct && pct < 100 && enforces)
            {
                findings.Add(DmarcFindings.TestingMode.Create(
                    $"The record at '{at}' has pct={pct}: RFC 7489 receivers apply the policy to only {pct}% of failing mail and treat the rest one level less strictly."));
            }

            if (record.Policy is DmarcPolicy p)
            {
                if (record.SubdomainPolicy is DmarcPolicy sp && sp < p)
                    findings.Add(DmarcFindings.WeakSubdomainPolicy.Create($"The record at '{at}' has sp={sp}, weaker than p={p}: existing subdomains are less protected than the domain."));
                if (record.NonExistentSubdomainPolicy is DmarcPolicy np && np < p)
                    findings.Add(DmarcFindings.WeakSubdomainPolicy.Create($"The record at '{at}' has np={np}, weaker than p={p}: made-up subdomains, which send no legitimate mail, are less protected than the domain."));
            }

            if (discovery.PolicySource == DmarcPolicySource.Domain && (record.GetTag("sp") != null || record.GetTag("np") != null)
                && discovery.OrganizationalDomain != null && discovery.OrganizationalDomain != discovery.PolicyDomain)
            {
                string tags = string.Join(" and ", new[] { "sp", "np" }.Where(t => record.GetTag(t) != null));
                findings.Add(DmarcFindings.SubdomainPolicyIgnored.Create(
                    $"The record at '{at}' has {tags}, but '{discovery.PolicyDomain}' is not an organizational domain (that is '{discovery.OrganizationalDomain}'); policy discovery for its subdomains uses the record of '{discovery.OrganizationalDomain}' instead."));
            }
        }

        private static void CheckTags(DmarcRecordResult discovery, DmarcRecord record, List<Finding> findings)
        {
            string at = discovery.RecordName ?? "_dmarc." + discovery.Domain;
            if (record.GetTag("rua") is null)
            {
                bool monitoring = discovery.EffectivePolicy == DmarcPolicy.none;
                string message = monitoring
                    ? $"The record at '{at}' has no rua, and its policy for '{discovery.Domain}' is none: receivers neither act on failing mail nor send reports, so the record does nothing."
                    : $"The record at '{at}' has no rua: receivers send no aggregate reports, so nobody sees who sends mail as the domain.";
                var def = DmarcFindings.NoAggregateReports;
                findings.Add(monitoring ? new Finding(def.Id, FindingSeverity.Warning, message, def.Reference, def.Remediation) : def.Create(message));
            }
            foreach (var uri in record.AggregateReportUris.Concat(record.FailureReportUris))
            {
                if (uri.IsValid && uri.Scheme != "mailto")
                    findings.Add(DmarcFindings.UnsupportedReportUriScheme.Create($"The {uri.Tag} URI '{DmarcParser.Printable(uri.Uri)}' at position {uri.Position} uses {uri.Scheme}:, which receivers need not support; most send reports only to mailto: URIs."));
                if (uri.SizeLimit != null && uri.MaxSizeBytes.HasValue)
                    findings.Add(DmarcFindings.ObsoleteReportSizeLimit.Create($"The {uri.Tag} URI '{DmarcParser.Printable(uri.Text)}' at position {uri.Position} ends in the obsolete size limit '!{uri.SizeLimit}' ({uri.MaxSizeBytes} bytes)."));
            }
            foreach (var tag in record.Tags.Where(t => !t.IsDuplicate))
            {
                switch (tag.Kind)
                {
                    case DmarcTagKind.Removed:
                        findings.Add(DmarcFindings.RemovedTag.Create(RemovedMessage(tag, at)));
                        break;
                    case DmarcTagKind.Unknown when tag.IsValid:
                        findings.Add(DmarcFindings.UnknownTag.Create($"The tag '{DmarcParser.Printable(tag.Text)}' at position {tag.Position} is not a DMARC tag{Misspelt(tag.Name)}; receivers ignore it."));
                        break;
                }
            }
            var ruf = record.GetTag("ruf");
            var fo = record.GetTag("fo");
            if (ruf != null && fo is null && record.FailureReportUris.Any(u => u.IsValid))
                findings.Add(DmarcFindings.FailureReportsWithoutOptions.Create($"The record at '{at}' asks for failure reports ('{DmarcParser.Printable(ruf.Text)}') without fo, so receivers that send them do so only when both SPF and DKIM fail alignment (fo=0)."));
            if (fo != null && ruf is null)
                findings.Add(DmarcFindings.FailureOptionsWithoutRuf.Create($"The record at '{at}' has '{DmarcParser.Printable(fo.Text)}' but no ruf, so fo has no effect."));
        }

        private static string RemovedMessage(DmarcTag tag, string at)
        {
            switch (tag.Name)
            {
                case "pct":
                    return $"The record at '{at}' uses pct ('{DmarcParser.Printable(tag.Text)}'), removed by RFC 9989: RFC 9989 receivers ignore it and apply the policy to all failing mail, RFC 7489 receivers apply it to {(tag.IsValid ? tag.Value + "%" : "a share")} only.";
                case "rf":
                    return $"The record at '{at}' uses rf ('{DmarcParser.Printable(tag.Text)}'), removed by RFC 9989: failure reports have one format (RFC 9991), so receivers ignore it.";
                default:
                    return $"The record at '{at}' uses ri ('{DmarcParser.Printable(tag.Text)}'), removed by RFC 9989: receivers send aggregate reports daily whatever it says.";
            }
        }

        // RFC 9990 §4 for rua and RFC 9991 §5 for ruf: a host outside the policy's organizational domain must agree.
        private static async Task CheckDestinationsAsync(DmarcRecordResult discovery, List<DmarcReportDestination> destinations, IDnsResolver resolver,
            List<Finding> findings, CancellationToken cancellationToken)
        {
            string policyDomain = discovery.PolicyDomain!;
            var orgs = new Dictionary<string, DmarcOrganizationalDomainResult>(StringComparer.Ordinal);
            var answers = new Dictionary<string, DnsQueryResult>(StringComparer.Ordinal);

            async Task<string?> OrgOf(string name)
            {
                if (name == discovery.Domain && discovery.OrganizationalDomainBasis != DmarcOrganizationalDomainBasis.Undetermined)
                    return discovery.OrganizationalDomain;
                if (!orgs.TryGetValue(name, out var r))
                    orgs[name] = r = await DmarcDiscovery.GetOrganizationalDomainAsync(name, resolver, discovery.DiscoveryMode, cancellationToken).ConfigureAwait(false);
                return r.OrganizationalDomain;
            }

            string? policyOrg = await OrgOf(policyDomain).ConfigureAwait(false);
            foreach (var dest in destinations)
            {
                var uri = dest.Uri;
                if (!uri.IsValid || uri.Host is null)
                {
                    dest.Detail = uri.IsValid ? "no host to check" : "invalid URI: " + uri.Problem;
                    dest.WillReceiveReports = false;
                    continue;
                }
                string host = uri.Host;
                dest.PolicyOrganizationalDomain = policyOrg;
                dest.HostOrganizationalDomain = await OrgOf(host).ConfigureAwait(false);
                bool decided = policyOrg != null && dest.HostOrganizationalDomain != null;
                if (decided && policyOrg == dest.HostOrganizationalDomain)
                {
                    dest.IsExternal = false;
                    dest.Authorization = DmarcDestinationAuthorization.NotRequired;
                    dest.WillReceiveReports = true;
                    dest.Detail = $"inside the organizational domain '{policyOrg}'";
                    continue;
                }
                dest.IsExternal = decided ? true : (bool?)null;
                string name = policyDomain + "._report._dmarc." + host;
                dest.AuthorizationName = name;
                string what = uri.Tag == "rua" ? "aggregate" : "failure";
                if (DnsName.Validate(name) is string tooLong)
                {
                    dest.Authorization = DmarcDestinationAuthorization.NotAuthorized;
                    dest.Detail = "the authorisation name exceeds DNS limits: " + tooLong;
                    findings.Add(DmarcFindings.ExternalDestinationNotAuthorized.Create(
                        $"The {uri.Tag} destination '{DmarcParser.Printable(uri.Uri)}' is outside '{policyOrg}', and its authorisation name '{name}' exceeds DNS limits ({tooLong}), so it can never be verified and receivers ignore it."));
                    continue;
                }
                if (!answers.TryGetValue(name, out var answer))
                    answers[name] = answer = await resolver.QueryAsync(name, DnsRecordType.TXT, cancellationToken).ConfigureAwait(false);
                if (answer.Outcome == DnsOutcome.TemporaryFailure)
                {
                    dest.Authorization = DmarcDestinationAuthorization.TemporaryFailure;
                    dest.Detail = "the authorisation query failed: " + answer.Error;
                    findings.Add(DmarcFindings.DnsTemporaryFailure.Create($"The TXT query for '{name}', which authorises {what} reports to '{uri.Uri}', failed: {answer.Error}."));
                    continue;
                }
                var records = answer.RecordsOf<TxtRecord>().Select(t => t.Text).Where(DmarcParser.IsDmarcRecord).ToList();
                if (records.Count == 0)
                {
                    if (!decided)
                    {
                        dest.Authorization = DmarcDestinationAuthorization.TemporaryFailure;
                        dest.Detail = "the organizational domains could not be determined, and no authorisation record exists";
                        findings.Add(DmarcFindings.DnsTemporaryFailure.Create(
                            $"Whether the {uri.Tag} destination '{uri.Uri}' is outside the organizational domain of '{policyDomain}' could not be determined (a tree-walk query failed), and '{name}' has no authorisation record."));
                        continue;
                    }
                    dest.Authorization = DmarcDestinationAuthorization.NotAuthorized;
                    dest.Detail = $"'{name}' has no v=DMARC1 record ({Describe(answer.Outcome)})";
                    findings.Add(DmarcFindings.ExternalDestinationNotAuthorized.Create(
                        $"The {uri.Tag} destination '{DmarcParser.Printable(uri.Uri)}' is outside '{policyOrg}' and '{name}' has no v=DMARC1 record ({Describe(answer.Outcome)}), so receivers ignore it and send no {what} reports there."));
                    continue;
                }
                dest.Authorization = DmarcDestinationAuthorization.Authorized;
                dest.AuthorizationRecord = records[0];
                dest.WillReceiveReports = true;
                dest.Detail = $"authorised by '{name}'";
                var authorization = DmarcParser.Parse(records[0]);
                var list = (uri.Tag == "rua" ? authorization.AggregateReportUris : authorization.FailureReportUris).ToList();
                if (list.Count > 0)
                {
                    dest.OverrideUris = list.Select(u => u.Uri).ToList();
                    var otherHost = list.FirstOrDefault(u => u.Host != host);
                    if (otherHost != null)
                    {
                        dest.WillReceiveReports = false;
                        dest.Detail = $"authorised by '{name}', whose {uri.Tag} names another host";
                        var def = DmarcFindings.ReportDestinationOverridden;
                        findings.Add(new Finding(def.Id, FindingSeverity.Warning,
                            $"The authorisation record at '{name}' replaces the {uri.Tag} destination '{uri.Uri}' with '{otherHost.Uri}', on another host, so receivers send no {what} reports to either.",
                            def.Reference, def.Remediation));
                    }
                    else
                    {
                        dest.Detail = $"authorised by '{name}', which redirects to {string.Join(", ", dest.OverrideUris)}";
                        findings.Add(DmarcFindings.ReportDestinationOverridden.Create(
                            $"The authorisation record at '{name}' replaces the {uri.Tag} destination '{uri.Uri}' with {string.Join(", ", dest.OverrideUris.Select(u => "'" + u + "'"))}."));
                    }
                }
            }
        }

        private static string Describe(DnsOutcome outcome) => outcome == DnsOutcome.NxDomain ? "NXDOMAIN" : outcome == DnsOutcome.NoData ? "no TXT records" : "no DMARC record among its TXT records";

        private static string Describe(DmarcRecord record)
        {
            var parts = new List<string>();
            if (record.Policy.HasValue) parts.Add("p=" + record.Policy);
            if (record.SubdomainPolicy.HasValue) parts.Add("sp=" + record.SubdomainPolicy);
            if (record.NonExistentSubdomainPolicy.HasValue) parts.Add("np=" + record.NonExistentSubdomainPolicy);
            return string.Join(", ", parts);
        }

        private static string ScopeTag(DmarcRecord record, DmarcPolicyScope scope, DmarcDiscoveryMode mode)
        {
            if (scope == DmarcPolicyScope.NonExistentSubdomain && mode == DmarcDiscoveryMode.TreeWalk && record.NonExistentSubdomainPolicy.HasValue) return "np";
            if (scope != DmarcPolicyScope.Domain && record.SubdomainPolicy.HasValue) return "sp";
            return "p";
        }

        private static string Misspelt(string name)
        {
            var known = DmarcParser.DefinedTags.Concat(new[] { "v" }).ToList();
            string? exact = known.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
            if (exact != null) return $" (tag names are case-sensitive: did you mean '{exact}'?)";
            string? close = known.FirstOrDefault(k => k.Length > 1 && Distance(name.ToLowerInvariant(), k) <= (k.Length > 3 ? 2 : 1));
            return close != null ? $" (did you mean '{close}'?)" : "";
        }

        private static int Distance(string a, string b)
        {
            if (Math.Abs(a.Length - b.Length) > 3) return int.MaxValue;
            var d = new int[a.Length + 1, b.Length + 1];
            for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
            for (int j = 0; j <= b.Length; j++) d[0, j] = j;
            for (int i = 1; i <= a.Length; i++)
                for (int j = 1; j <= b.Length; j++)
                    d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            return d[a.Length, b.Length];
        }
    }
}
