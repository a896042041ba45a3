using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.Findings;
using MailAuth.Net;

namespace MailAuth.Bimi
{
    /// <summary>BIMI (draft-brand-indicators-for-message-identification-10): the assertion record, its DMARC prerequisites, and the logo and mark certificate.</summary>
    public static class BimiChecker
    {
        /// <summary>The largest evidence document read.</summary>
        public const int MaxEvidenceBytes = 256 * 1024;
        private const string LogotypeOid = "1.3.6.1.5.5.7.1.12";
        private const string BimiKeyUsageOid = "1.3.6.1.5.5.7.3.31";
        // Records that look like BIMI in any spelling are kept, so a wrong one is reported instead of ignored silently.
        private static readonly Regex AnyVersion = new Regex(@"^v[ \t]*=[ \t]*BIMI1", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
        private static readonly Regex VersionFirst = new Regex(@"^v[ \t]*=[ \t]*BIMI1[ \t]*(;|$)", RegexOptions.CultureInvariant);

        /// <summary>Gets the record for <paramref name="selector"/> and checks it; with <paramref name="fetch"/> also the logo and evidence.</summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="OperationCanceledException">Cancelled.</exception>
        public static async Task<BimiRecordResult> GetRecordAsync(string domain, string selector, IDnsResolver resolver, HttpsFetcher? fetcher, bool fetch, CancellationToken cancellationToken = default)
        {
            if (domain is null) throw new ArgumentNullException(nameof(domain));
            if (selector is null) throw new ArgumentNullException(nameof(selector));
            if (resolver is null) throw new ArgumentNullException(nameof(resolver));
            domain = DnsName.Normalize(domain);
            selector = DnsName.Normalize(selector);
            var result = new BimiRecordResult(domain, selector) { RecordName = selector + "._bimi." + domain };
            var findings = new List<Finding>();

            var dmarc = await DmarcDiscovery.GetRecordAsync(domain, resolver, DmarcDiscoveryMode.TreeWalk, cancellationToken).ConfigureAwait(false);
            result.Dmarc = dmarc;

            var answer = await resolver.QueryAsync(result.RecordName, DnsRecordType.TXT, cancellationToken).ConfigureAwait(false);
            var records = Bimi(answer);
            // No record at the author domain: the organizational domain's (draft-10 §7.2).
            string? org = dmarc.OrganizationalDomain;
            if (answer.Outcome != DnsOutcome.TemporaryFailure && records.Count == 0 && org != null && org != domain)
            {
                string orgName = selector + "._bimi." + org;
                var orgAnswer = await resolver.QueryAsync(orgName, DnsRecordType.TXT, cancellationToken).ConfigureAwait(false);
                if (orgAnswer.Outcome == DnsOutcome.TemporaryFailure || Bimi(orgAnswer).Count > 0)
                {
                    answer = orgAnswer;
                    records = Bimi(orgAnswer);
                    result.RecordName = orgName;
                    result.FromOrganizationalDomain = true;
                }
            }
            if (answer.Outcome == DnsOutcome.TemporaryFailure)
            {
                result.Status = BimiRecordStatus.temperror;
                result.Error = answer.Error;
                findings.Add(BimiFindings.DnsTemporaryFailure.Create($"The TXT query for {result.RecordName} failed: {answer.Error}."));
                result.Findings = findings;
                return result;
            }
            if (records.Count == 0)
            {
                result.Status = BimiRecordStatus.none;
                findings.Add(BimiFindings.NoRecord.Create($"No BIMI record at {result.RecordName}" + (org != null && org != domain ? $" nor at {selector}._bimi.{org}." : ".")));
                result.Findings = findings;
                return result;
            }
            if (records.Count > 1)
            {
                result.Status = BimiRecordStatus.permerror;
                findings.Add(BimiFindings.MultipleRecords.Create($"{records.Count} TXT records at {result.RecordName} start with v=BIMI1: {string.Join(" | ", records)}."));
                result.Findings = findings;
                return result;
            }
            result.Record = records[0];
            result.Status = Parse(records[0], result, findings) ? BimiRecordStatus.found : BimiRecordStatus.permerror;

            await CheckDmarcAsync(result, dmarc, resolver, findings, cancellationToken).ConfigureAwait(false);

            if (fetch && fetcher != null && result.Status == BimiRecordStatus.found && !result.Declined)
                await FetchAsync(result, fetcher, findings, cancellationToken).ConfigureAwait(false);
            result.Findings = findings;
            return result;
        }

        private static List<string> Bimi(DnsQueryResult answer)
            => answer.RecordsOf<TxtRecord>().Select(r => r.Text).Where(t => AnyVersion.IsMatch(t)).ToList();

        /// <summary>Parses the record (draft-10 §4.3); returns whether it is usable.</summary>
        internal static bool Parse(string text, BimiRecordResult result, List<Finding> findings)
        {
            int before = findings.Count;
            var errors = new List<string>();
            var fields = SemicolonFields.Parse(text, errors);
            foreach (var e in errors) findings.Add(BimiFindings.SyntaxError.Create($"In '{SemicolonFields.Shorten(text)}': {e}."));
            if (!VersionFirst.IsMatch(text))
                findings.Add(BimiFindings.SyntaxError.Create($"The record must begin with 'v=BIMI1' exactly (receivers MUST NOT fix capitalisation); it begins '{(text.Length > 12 ? text.Substring(0, 12) : text)}'."));
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var f in fields.Skip(1))
            {
                if (!seen.Add(f.Name)) { findings.Add(BimiFindings.SyntaxError.Create($"The tag '{f.Name}' appears more than once.")); continue; }
                switch (f.Name)
                {
                    case "l": result.Location = f.Value; break;
                    case "a": result.Evidence = f.Value; break;
                    case "lps": result.LocalPartSelector = f.Value; break;
                    case "avp": result.AvatarPreference = f.Value; break;
                }
            }
            if (result.Location is null) findings.Add(BimiFindings.SyntaxError.Create("The record has no l= tag, which is required (it may be empty to decline)."));
            bool syntaxOk = findings.Count == before;
            string l = result.Location ?? "", a = result.Evidence ?? "";
            if (l.Length == 0 && a.Length == 0)
            {
                result.Declined = true;
                findings.Add(BimiFindings.Declined.Create($"{result.RecordName} has empty l= and a=: BIMI is declined for selector '{result.Selector}'."));
                return syntaxOk;
            }
            bool ok = syntaxOk;
            if (l.Length > 0 && !IsHttps(l)) { ok = false; findings.Add(BimiFindings.LocationNotHttps.Create($"l= '{l}' is not a single absolute https: URI with a fully qualified host name.")); }
            if (a.Length > 0 && !IsHttps(a)) { ok = false; findings.Add(BimiFindings.LocationNotHttps.Create($"a= '{a}' is not a single absolute https: URI with a fully qualified host name.")); }
            if (a.Length == 0) findings.Add(BimiFindings.NoEvidence.Create($"{result.RecordName} has no evidence document (a= is {(result.Evidence is null ? "absent" : "empty")})."));
            return ok;
        }

        private static bool IsHttps(string s)
            => s.IndexOf(',') < 0 && Uri.TryCreate(s, UriKind.Absolute, out var u) && u.Scheme == "https" && u.Host.IndexOf('.') > 0 && u.HostNameType == UriHostNameType.Dns;

        private static async Task CheckDmarcAsync(BimiRecordResult result, DmarcRecordResult dmarc, IDnsResolver resolver, List<Finding> findings, CancellationToken ct)
        {
            var reasons = new List<string>();
            if (dmarc.Status == DmarcRecordStatus.temperror)
            {
                findings.Add(BimiFindings.DnsTemporaryFailure.Create($"The DMARC policy of {result.Domain} could not be determined: a DNS query failed."));
                return;
            }
            if (dmarc.Status != DmarcRecordStatus.found || dmarc.EffectivePolicy is null)
                reasons.Add($"no usable DMARC policy applies to {result.Domain} ({dmarc.Status})");
            else
            {
                string at = dmarc.RecordName ?? "_dmarc." + result.Domain;
                if (dmarc.EffectivePolicy == DmarcPolicy.none) reasons.Add($"the policy that applies to {result.Domain} is none ({at})");
                if (dmarc.TestMode == true) reasons.Add($"{at} has t=y (testing)");
                if (dmarc.EffectivePolicy == DmarcPolicy.quarantine && dmarc.Percent is int pct && pct < 100) reasons.Add($"{at} has p=quarantine with pct={pct}");
                if (dmarc.SubdomainPolicy == DmarcPolicy.none) reasons.Add($"{at} has sp=none");
            }
            string? org = dmarc.OrganizationalDomain;
            if (org != null && org != result.Domain && dmarc.PolicyDomain != org)
            {
                var orgDmarc = await DmarcDiscovery.GetRecordAsync(org, resolver, DmarcDiscoveryMode.TreeWalk, ct).ConfigureAwait(false);
                result.OrganizationalDmarc = orgDmarc;
                if (orgDmarc.Status == DmarcRecordStatus.found)
                {
                    if (orgDmarc.Policy == DmarcPolicy.none) reasons.Add($"the organizational domain {org} has p=none");
                    if (orgDmarc.SubdomainPolicy == DmarcPolicy.none) reasons.Add($"the organizational domain {org} has sp=none");
                    if (orgDmarc.TestMode == true) reasons.Add($"the organizational domain {org} has t=y");
                }
            }
            result.DmarcEligible = reasons.Count == 0;
            if (reasons.Count > 0)
                findings.Add(BimiFindings.DmarcNotEnforced.Create($"Receivers MUST NOT show a BIMI logo for {result.Domain}: {string.Join("; ", reasons)}."));
        }

        private static async Task FetchAsync(BimiRecordResult result, HttpsFetcher fetcher, List<Finding> findings, CancellationToken ct)
        {
            if (fetcher.Offline)
            {
                findings.Add(BimiFindings.FetchSkipped.Create($"The logo and evidence of {result.Domain} were not fetched: the run is offline (-ZoneFile without -Server)."));
                return;
            }
            if (!string.IsNullOrEmpty(result.Location) && IsHttps(result.Location!))
            {
                var logo = await fetcher.FetchAsync(new Uri(result.Location), ct, BimiSvgCheck.MaxReadBytes).ConfigureAwait(false);
                result.LogoFetch = logo;
                if (logo.Status != HttpsFetchStatus.ok || logo.Body is null)
                    findings.Add(BimiFindings.FetchFailed.Create($"The logo {result.Location} could not be fetched ({logo.Status}): {logo.Error}."));
                else
                {
                    var svg = BimiSvgCheck.Check(logo.Body.ToArray());
                    result.LogoSize = svg.Size;
                    result.LogoTitle = svg.Title;
                    result.LogoBaseProfile = svg.BaseProfile;
                    findings.AddRange(svg.Findings);
                }
            }
            if (!string.IsNullOrEmpty(result.Evidence) && IsHttps(result.Evidence!))
            {
                var evidence = await fetcher.FetchAsync(new Uri(result.Evidence), ct, MaxEvidenceBytes).ConfigureAwait(false);
                result.EvidenceFetch = evidence;
                if (evidence.Status != HttpsFetchStatus.ok || evidence.Body is null)
                    findings.Add(BimiFindings.FetchFailed.Create($"The evidence document {result.Evidence} could not be fetched ({evidence.Status}): {evidence.Error}."));
                else
                    ReadEvidence(result, evidence.Body.ToArray(), findings);
            }
        }

        /// <summary>Reads the first certificate of a PEM evidence document: subject, issuer, validity, logotype extension.</summary>
        internal static void ReadEvidence(BimiRecordResult result, byte[] pem, List<Finding> findings)
        {
            const string Begin = "-----BEGIN CERTIFICATE-----", End = "-----END CERTIFICATE-----";
            string text = Encoding.ASCII.GetString(pem);
            int b = text.IndexOf(Begin, StringComparison.Ordinal);
            // The END line is looked for after the whole BEGIN line: "-----BEGIN CERTIFICATE-------END..." overlaps them.
            int e = b < 0 ? -1 : text.IndexOf(End, b + Begin.Length, StringComparison.Ordinal);
            CertificateInfo info;
            try
            {
                if (b < 0 || e < 0) throw new FormatException("no PEM certificate block");
                var cert = new X509Certificate2(Convert.FromBase64String(text.Substring(b + Begin.Length, e - b - Begin.Length)));
                // The platform decodes fields on first use, so a malformed validity date or extension throws here, not below.
                info = new CertificateInfo(cert, null, null, null);
                _ = info.NotBefore;
                _ = info.NotAfter;
                _ = info.Subject;
                _ = info.Issuer;
                _ = info.SerialNumber;
                result.HasLogotype = cert.Extensions.Cast<X509Extension>().Any(x => x.Oid?.Value == LogotypeOid);
                result.HasBimiKeyUsage = cert.Extensions.OfType<X509EnhancedKeyUsageExtension>().Any(x => x.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == BimiKeyUsageOid));
            }
            catch (Exception ex) when (ex is FormatException || ex is CryptographicException)
            {
                result.HasLogotype = result.HasBimiKeyUsage = null;
                findings.Add(BimiFindings.EvidenceInvalid.Create($"The evidence document {result.Evidence} is not a readable PEM certificate: {ex.Message}"));
                return;
            }
            result.EvidenceCertificate = info;
            var now = DateTime.UtcNow;
            if (now < info.NotBefore || now > info.NotAfter)
                findings.Add(BimiFindings.EvidenceExpired.Create($"The mark certificate '{info.Subject}' is valid from {info.NotBefore:yyyy-MM-dd} to {info.NotAfter:yyyy-MM-dd}."));
            if (result.HasLogotype != true)
                findings.Add(BimiFindings.EvidenceNoLogotype.Create($"The certificate '{info.Subject}' at {result.Evidence} has no logotype extension ({LogotypeOid})."));
        }
    }
}
