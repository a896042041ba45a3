using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dns;
using MailAuth.Findings;
using MailAuth.Net;
using MailAuth.TlsRpt;

namespace MailAuth.MtaSts
{
    /// <summary>MTA-STS (RFC 8461): the _mta-sts record, the policy over HTTPS, and the checks of a policy against the domain's MX hosts.</summary>
    public static class MtaStsChecker
    {
        /// <summary>The policy size limit RFC 8461 §3.3 suggests: 64 KiB.</summary>
        public const int MaxPolicyBytes = 64 * 1024;
        /// <summary>The largest max_age allowed (RFC 8461 §3.2).</summary>
        public const long MaxMaxAge = 31557600;
        /// <summary>Below this an enforcing max_age is reported as short: one week.</summary>
        public const long ShortMaxAge = 604800;

        private static readonly Regex RecordVersion = new Regex(@"^v=STSv1[ \t]*(;|$)", RegexOptions.CultureInvariant);
        private static readonly Regex IdValue = new Regex(@"^[A-Za-z0-9]{1,32}$", RegexOptions.CultureInvariant);

        /// <summary>Gets the record and, when it exists, the policy (<c>Get-MtaStsPolicy</c>).</summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="OperationCanceledException">Cancelled.</exception>
        public static Task<MtaStsPolicyResult> GetPolicyAsync(string domain, IDnsResolver resolver, HttpsFetcher fetcher, CancellationToken cancellationToken = default)
            => GetAsync(domain, resolver, fetcher, probeWithoutRecord: false, cancellationToken);

        /// <summary>Gets the policy and checks it against the MX hosts, its mode and max_age, and TLS-RPT (<c>Test-MtaStsPolicy</c>).</summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="OperationCanceledException">Cancelled.</exception>
        public static async Task<MtaStsTestResult> TestAsync(string domain, IDnsResolver resolver, HttpsFetcher fetcher, CancellationToken cancellationToken = default)
        {
            var policy = await GetAsync(domain, resolver, fetcher, probeWithoutRecord: true, cancellationToken).ConfigureAwait(false);
            var result = new MtaStsTestResult(policy);
            var findings = new List<Finding>(policy.Findings);
            bool hasPolicy = policy.PolicyStatus == MtaStsPolicyStatus.valid || policy.PolicyStatus == MtaStsPolicyStatus.invalid;

            if (hasPolicy && policy.Mode == MtaStsMode.testing)
                findings.Add(MtaStsFindings.ModeTesting.Create($"The policy of {policy.Domain} is in mode 'testing'."));
            if (hasPolicy && policy.Mode == MtaStsMode.none)
                findings.Add(MtaStsFindings.ModeNone.Create($"The policy of {policy.Domain} is in mode 'none'."));
            if (hasPolicy && policy.MaxAge > MaxMaxAge)
                findings.Add(MtaStsFindings.MaxAgeOutOfRange.Create($"max_age is {policy.MaxAge}; the maximum is {MaxMaxAge}."));
            else if (hasPolicy && policy.Mode == MtaStsMode.enforce && policy.MaxAge < ShortMaxAge)
                findings.Add(MtaStsFindings.MaxAgeShort.Create($"The policy enforces with max_age {policy.MaxAge} seconds ({policy.MaxAge / 3600.0:0.#} hours); one week is {ShortMaxAge}."));

            if (hasPolicy && policy.Mode != MtaStsMode.none && policy.Mx.Count > 0)
            {
                var mx = await resolver.QueryAsync(policy.Domain, DnsRecordType.MX, cancellationToken).ConfigureAwait(false);
                if (mx.Outcome == DnsOutcome.TemporaryFailure)
                {
                    findings.Add(MtaStsFindings.DnsTemporaryFailure.Create($"The MX query for {policy.Domain} failed: {mx.Error}; MX coverage was not checked."));
                }
                else
                {
                    // A null MX (RFC 7505 §3, exchange ".") names no host to cover.
                    var hosts = mx.RecordsOf<MxRecord>().Where(r => r.Exchange.Length > 0).OrderBy(r => r.Preference).ThenBy(r => r.Exchange, StringComparer.Ordinal)
                        .Select(r => new MtaStsMxHost(r.Exchange, r.Preference, policy.Mx.FirstOrDefault(p => MxMatches(p, r.Exchange)))).ToList();
                    result.MxHosts = hosts;
                    foreach (var h in hosts.Where(h => !h.Covered))
                    {
                        var f = MtaStsFindings.MxNotCovered.Create($"The MX host {h.Host} matches none of the policy's mx patterns ({string.Join(", ", policy.Mx)}).");
                        if (policy.Mode == MtaStsMode.testing) f = new Finding(f.Id, FindingSeverity.Warning, f.Message + " In mode testing, senders only report it.", f.Reference, f.Remediation);
                        findings.Add(f);
                    }
                }
            }

            if (policy.Status == MtaStsRecordStatus.found || hasPolicy)
            {
                var tlsRpt = await TlsRptLookup.GetRecordAsync(policy.Domain, resolver, cancellationToken).ConfigureAwait(false);
                result.TlsRpt = tlsRpt;
                if (tlsRpt.Status != TlsRptRecordStatus.found || tlsRpt.ReportUris.All(u => !u.IsValid))
                    findings.Add(MtaStsFindings.NoTlsRpt.Create(tlsRpt.Status == TlsRptRecordStatus.found
                        ? $"The TLS-RPT record at {tlsRpt.RecordName} has no usable rua destination."
                        : $"No usable TLS-RPT record at {tlsRpt.RecordName} ({tlsRpt.Status})."));
            }
            result.Findings = findings;
            return result;
        }

        /// <summary>RFC 8461 §4.1: a pattern is a host name, or "*." and a name matching exactly one more left-most label.</summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public static bool MxMatches(string pattern, string host)
        {
            if (pattern is null) throw new ArgumentNullException(nameof(pattern));
            if (host is null) throw new ArgumentNullException(nameof(host));
            return CertificateNames.Matches(pattern, host);
        }

        private static async Task<MtaStsPolicyResult> GetAsync(string domain, IDnsResolver resolver, HttpsFetcher fetcher, bool probeWithoutRecord, CancellationToken ct)
        {
            if (domain is null) throw new ArgumentNullException(nameof(domain));
            if (resolver is null) throw new ArgumentNullException(nameof(resolver));
            if (fetcher is null) throw new ArgumentNullException(nameof(fetcher));
            var result = new MtaStsPolicyResult(DnsName.Normalize(domain));
            var findings = new List<Finding>();
            var answer = await resolver.QueryAsync(result.RecordName, DnsRecordType.TXT, ct).ConfigureAwait(false);
            if (answer.Outcome == DnsOutcome.TemporaryFailure)
            {
                result.Status = MtaStsRecordStatus.temperror;
                findings.Add(MtaStsFindings.DnsTemporaryFailure.Create($"The TXT query for {result.RecordName} failed: {answer.Error}."));
                result.Findings = findings;
                return result;
            }
            // Records that do not begin with v=STSv1 are discarded (RFC 8461 §3.1).
            var records = answer.RecordsOf<TxtRecord>().Select(r => r.Text).Where(t => t.StartsWith("v=STSv1", StringComparison.Ordinal)).ToList();
            result.AllRecords = records;
            if (records.Count == 0)
            {
                result.Status = MtaStsRecordStatus.none;
                findings.Add(MtaStsFindings.NoRecord.Create($"No MTA-STS record is published at {result.RecordName}."));
            }
            else if (records.Count > 1)
            {
                result.Status = MtaStsRecordStatus.permerror;
                findings.Add(MtaStsFindings.MultipleRecords.Create($"{records.Count} TXT records at {result.RecordName} start with v=STSv1: {string.Join(" | ", records)}."));
            }
            else
            {
                result.Record = records[0];
                var errors = CheckRecord(records[0], out string? id);
                result.Id = id;
                result.Status = errors.Count == 0 ? MtaStsRecordStatus.found : MtaStsRecordStatus.permerror;
                foreach (var e in errors) findings.Add(MtaStsFindings.RecordSyntax.Create($"In '{SemicolonFields.Shorten(records[0])}': {e}."));
            }

            if (result.Status == MtaStsRecordStatus.found)
            {
                var fetch = await fetcher.FetchAsync(new Uri(result.PolicyUrl), ct, MaxPolicyBytes).ConfigureAwait(false);
                result.Fetch = fetch;
                ReadFetch(result, fetch, findings);
            }
            else if (probeWithoutRecord && result.Status == MtaStsRecordStatus.none && !fetcher.Offline)
            {
                // "Policy without record": only a policy actually served counts; an absent host is the normal case.
                var fetch = await fetcher.FetchAsync(new Uri(result.PolicyUrl), ct, MaxPolicyBytes).ConfigureAwait(false);
                if (fetch.Status == HttpsFetchStatus.ok && fetch.Body != null)
                {
                    result.Fetch = fetch;
                    var text = Encoding.UTF8.GetString(fetch.Body.ToArray());
                    if (text.Contains("STSv1"))
                    {
                        var parsed = new List<Finding>();
                        result.PolicyStatus = ApplyPolicy(result, text, parsed) ? MtaStsPolicyStatus.valid : MtaStsPolicyStatus.invalid;
                        findings.Add(MtaStsFindings.PolicyWithoutRecord.Create($"A policy is served at {result.PolicyUrl} but {result.RecordName} has no v=STSv1 record."));
                    }
                }
            }
            result.Findings = findings;
            return result;
        }

        private static void ReadFetch(MtaStsPolicyResult result, HttpsFetchResult fetch, List<Finding> findings)
        {
            string url = result.PolicyUrl;
            switch (fetch.Status)
            {
                case HttpsFetchStatus.ok:
                    break;
                case HttpsFetchStatus.skipped:
                    result.PolicyStatus = MtaStsPolicyStatus.skipped;
                    findings.Add(MtaStsFindings.PolicyNotFetched.Create($"{url} was not fetched: the run is offline (-ZoneFile without -Server)."));
                    return;
                case HttpsFetchStatus.certificateinvalid:
                    result.PolicyStatus = MtaStsPolicyStatus.unavailable;
                    string why = string.Join("; ", fetch.Certificate?.ValidationErrors ?? Array.Empty<string>());
                    string seen = fetch.Certificate is null ? "" : $" (subject {fetch.Certificate.Subject}; names {string.Join(", ", fetch.Certificate.DnsNames)}; valid {fetch.Certificate.NotBefore:yyyy-MM-dd} to {fetch.Certificate.NotAfter:yyyy-MM-dd})";
                    if (fetch.CertificateNameMismatch) findings.Add(MtaStsFindings.CertificateNameMismatch.Create($"The certificate of mta-sts.{result.Domain} is not valid for that name{seen}: {why}."));
                    if (fetch.CertificateExpired) findings.Add(MtaStsFindings.CertificateExpired.Create($"The certificate of mta-sts.{result.Domain} is outside its validity period{seen}: {why}."));
                    if (fetch.CertificateUntrusted || !(fetch.CertificateNameMismatch || fetch.CertificateExpired))
                        findings.Add(MtaStsFindings.CertificateUntrusted.Create($"The certificate of mta-sts.{result.Domain} does not chain to a trusted root{seen}: {why}."));
                    return;
                case HttpsFetchStatus.redirect:
                    result.PolicyStatus = MtaStsPolicyStatus.unavailable;
                    findings.Add(MtaStsFindings.PolicyRedirect.Create($"{url} answered {fetch.StatusCode} with Location {fetch.Location ?? "(none)"}; the redirect was not followed."));
                    return;
                case HttpsFetchStatus.httperror:
                    result.PolicyStatus = MtaStsPolicyStatus.unavailable;
                    findings.Add(MtaStsFindings.PolicyHttpError.Create($"{url} answered {fetch.Error}."));
                    return;
                case HttpsFetchStatus.toolarge:
                    result.PolicyStatus = MtaStsPolicyStatus.unavailable;
                    findings.Add(MtaStsFindings.PolicyTooLarge.Create($"{url}: {fetch.Error}; nothing beyond the limit was read."));
                    return;
                case HttpsFetchStatus.timeout:
                    result.PolicyStatus = MtaStsPolicyStatus.unavailable;
                    findings.Add(MtaStsFindings.PolicyTimeout.Create($"{url}: {fetch.Error}."));
                    return;
                case HttpsFetchStatus.dnsfailure:
                case HttpsFetchStatus.connectfailure:
                    result.PolicyStatus = MtaStsPolicyStatus.unavailable;
                    findings.Add(MtaStsFindings.PolicyUnreachable.Create($"{url} could not be reached: {fetch.Error}."));
                    return;
                default:
                    result.PolicyStatus = MtaStsPolicyStatus.unavailable;
                    findings.Add(MtaStsFindings.PolicyFetchFailed.Create($"{url} could not be fetched: {fetch.Error}."));
                    return;
            }
            string text = Encoding.UTF8.GetString(fetch.Body?.ToArray() ?? Array.Empty<byte>());
            bool ok = ApplyPolicy(result, text, findings);
            if (fetch.MediaType != "text/plain")
            {
                ok = false;
                findings.Add(MtaStsFindings.PolicyWrongMediaType.Create($"{url} is served as '{fetch.ContentType ?? "(no Content-Type)"}', not text/plain."));
            }
            result.PolicyStatus = ok ? MtaStsPolicyStatus.valid : MtaStsPolicyStatus.invalid;
        }

        /// <summary>Checks a TXT record (RFC 8461 §3.1); returns one sentence per error.</summary>
        internal static List<string> CheckRecord(string text, out string? id)
        {
            id = null;
            var errors = new List<string>();
            var fields = SemicolonFields.Parse(text, errors);
            if (!RecordVersion.IsMatch(text)) errors.Add("the record must begin with 'v=STSv1' followed by ';'");
            foreach (var f in fields.Skip(1))
            {
                if (f.Name == "id")
                {
                    if (id != null) continue; // later duplicates are ignored (§3.1)
                    if (IdValue.IsMatch(f.Value)) id = f.Value;
                    else { id = f.Value; errors.Add($"the id '{f.Value}' must be 1 to 32 letters and digits"); }
                }
                else if (!SemicolonFields.IsExtensionName(f.Name) || f.Value.Length == 0 || f.Value.Any(c => c <= ' ' || c == '=' || c == ';' || c > '~'))
                {
                    errors.Add($"field {f.Position} '{f.Name}={f.Value}' is not a valid extension field");
                }
            }
            if (id is null) errors.Add("the id field is missing");
            return errors;
        }

        /// <summary>Parses a policy text into <paramref name="result"/> (RFC 8461 §3.2); returns whether it is valid.</summary>
        internal static bool ApplyPolicy(MtaStsPolicyResult result, string text, List<Finding> findings)
        {
            result.PolicyText = text;
            int before = findings.Count;
            var mx = new List<string>();
            string? version = null, mode = null, maxAge = null;
            var lines = text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].EndsWith("\r", StringComparison.Ordinal) ? lines[i].Substring(0, lines[i].Length - 1) : lines[i];
                if (line.Trim().Length == 0) continue; // a trailing newline (or a blank line) carries nothing
                int colon = line.IndexOf(':');
                string key = colon > 0 ? line.Substring(0, colon) : "";
                if (colon <= 0 || !SemicolonFields.IsExtensionName(key))
                {
                    findings.Add(MtaStsFindings.PolicySyntax.Create($"Line {i + 1} '{Shorten(line)}' is not 'key: value'."));
                    continue;
                }
                string value = line.Substring(colon + 1).Trim(' ', '\t');
                switch (key)
                {
                    case "version": version ??= value; break;
                    case "mode": mode ??= value; break;
                    case "max_age": maxAge ??= value; break;
                    case "mx":
                        string host = value.StartsWith("*.", StringComparison.Ordinal) ? value.Substring(2) : value;
                        string? bad = DnsName.Validate(host.TrimEnd('.'));
                        if (bad != null || host.IndexOf('*') >= 0)
                            findings.Add(MtaStsFindings.PolicySyntax.Create($"Line {i + 1}: the mx pattern '{value}' is not a host name or '*.' and a host name ({bad ?? "a wildcard may only be the whole left-most label"})."));
                        else mx.Add(value.ToLowerInvariant().TrimEnd('.'));
                        break;
                }
            }
            if (version is null) findings.Add(MtaStsFindings.PolicySyntax.Create("The policy has no 'version:' line."));
            else if (version != "STSv1") findings.Add(MtaStsFindings.PolicySyntax.Create($"The version is '{version}'; only 'STSv1' is defined."));
            else result.Version = version;
            if (mode is null) findings.Add(MtaStsFindings.PolicySyntax.Create("The policy has no 'mode:' line."));
            else if (mode == "enforce" || mode == "testing" || mode == "none") result.Mode = (MtaStsMode)Enum.Parse(typeof(MtaStsMode), mode);
            else findings.Add(MtaStsFindings.PolicySyntax.Create($"The mode is '{mode}'; it must be enforce, testing or none (lower case)."));
            if (maxAge is null) findings.Add(MtaStsFindings.PolicySyntax.Create("The policy has no 'max_age:' line."));
            else if (maxAge.Length > 10 || maxAge.Length == 0 || !maxAge.All(c => c >= '0' && c <= '9')) findings.Add(MtaStsFindings.PolicySyntax.Create($"max_age '{Shorten(maxAge)}' is not 1 to 10 digits."));
            else result.MaxAge = long.Parse(maxAge, NumberStyles.None, CultureInfo.InvariantCulture);
            if (mx.Count == 0 && result.Mode != MtaStsMode.none) findings.Add(MtaStsFindings.PolicySyntax.Create("The policy has no valid 'mx:' line; at least one is required unless the mode is none."));
            result.Mx = mx;
            return findings.Count == before;
        }

        private static string Shorten(string s) => s.Length > 60 ? s.Substring(0, 60) + "..." : s;
    }
}
