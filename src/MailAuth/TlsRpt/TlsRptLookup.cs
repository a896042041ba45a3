using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dns;
using MailAuth.Findings;
using MailAuth.Net;

namespace MailAuth.TlsRpt
{
    /// <summary>Finds and parses the TLS-RPT record of a domain (RFC 8460 §3).</summary>
    public static class TlsRptLookup
    {
        private const string Version = "v=TLSRPTv1";

        /// <summary>Looks up <c>_smtp._tls.&lt;domain&gt;</c> and checks the record.</summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="OperationCanceledException">Cancelled.</exception>
        public static async Task<TlsRptRecordResult> GetRecordAsync(string domain, IDnsResolver resolver, CancellationToken cancellationToken = default)
        {
            if (domain is null) throw new ArgumentNullException(nameof(domain));
            if (resolver is null) throw new ArgumentNullException(nameof(resolver));
            var result = new TlsRptRecordResult(DnsName.Normalize(domain));
            var findings = new List<Finding>();
            var answer = await resolver.QueryAsync(result.RecordName, DnsRecordType.TXT, cancellationToken).ConfigureAwait(false);
            if (answer.Outcome == DnsOutcome.TemporaryFailure)
            {
                result.Status = TlsRptRecordStatus.temperror;
                result.Error = answer.Error;
                findings.Add(TlsRptFindings.DnsTemporaryFailure.Create($"The TXT query for {result.RecordName} failed: {answer.Error}."));
                result.Findings = findings;
                return result;
            }
            // Records that do not begin with the version are discarded (RFC 8460 §3).
            var records = answer.RecordsOf<TxtRecord>().Where(r => r.Text.StartsWith(Version, StringComparison.Ordinal)).ToList();
            result.AllRecords = records.Select(r => r.Text).ToList();
            if (records.Count == 0)
            {
                result.Status = TlsRptRecordStatus.none;
                var near = answer.RecordsOf<TxtRecord>().FirstOrDefault(r => r.Text.TrimStart().StartsWith("v=tlsrpt", StringComparison.OrdinalIgnoreCase));
                if (near != null)
                {
                    result.Record = near.Text;
                    findings.Add(TlsRptFindings.SyntaxError.Create($"The record '{near.Text}' does not start with exactly 'v=TLSRPTv1', so reporters discard it."));
                }
                else
                {
                    findings.Add(TlsRptFindings.NoRecord.Create($"No TLS-RPT record is published at {result.RecordName}."));
                }
                result.Findings = findings;
                return result;
            }
            if (records.Count > 1)
            {
                result.Status = TlsRptRecordStatus.permerror;
                findings.Add(TlsRptFindings.MultipleRecords.Create($"{records.Count} TXT records at {result.RecordName} start with v=TLSRPTv1: {string.Join(" | ", records.Select(r => r.Text))}."));
                result.Findings = findings;
                return result;
            }
            var record = records[0];
            result.Status = TlsRptRecordStatus.found;
            result.Record = record.Text;
            result.Strings = record.Strings;
            result.Ttl = record.Ttl;
            Parse(record.Text, result, findings);
            result.Findings = findings;
            return result;
        }

        /// <summary>Checks a record text as if published for <paramref name="domain"/>.</summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public static TlsRptRecordResult ParseRecord(string record, string domain)
        {
            if (record is null) throw new ArgumentNullException(nameof(record));
            if (domain is null) throw new ArgumentNullException(nameof(domain));
            var result = new TlsRptRecordResult(DnsName.Normalize(domain)) { Record = record, Strings = new[] { record }, AllRecords = new[] { record } };
            var findings = new List<Finding>();
            result.Status = record.StartsWith(Version, StringComparison.Ordinal) ? TlsRptRecordStatus.found : TlsRptRecordStatus.none;
            if (result.Status == TlsRptRecordStatus.none)
                findings.Add(TlsRptFindings.SyntaxError.Create($"The record '{record}' does not start with exactly 'v=TLSRPTv1', so reporters discard it."));
            else
                Parse(record, result, findings);
            result.Findings = findings;
            return result;
        }

        private static void Parse(string text, TlsRptRecordResult result, List<Finding> findings)
        {
            var errors = new List<string>();
            var fields = SemicolonFields.Parse(text, errors);
            foreach (var e in errors) findings.Add(TlsRptFindings.SyntaxError.Create($"In '{SemicolonFields.Shorten(text)}': {e}."));
            if (!System.Text.RegularExpressions.Regex.IsMatch(text, @"^v=TLSRPTv1[ \t]*(;|$)"))
                findings.Add(TlsRptFindings.SyntaxError.Create($"The record must begin with 'v=TLSRPTv1' followed by ';'; it begins '{(text.Length > 20 ? text.Substring(0, 20) : text)}'."));
            else result.Version = "TLSRPTv1";
            var extensions = new List<string>();
            var uris = new List<TlsRptReportUri>();
            bool sawRua = false;
            foreach (var f in fields.Skip(1))
            {
                if (f.Name == "rua")
                {
                    if (sawRua) { findings.Add(TlsRptFindings.SyntaxError.Create("The rua tag appears more than once; list every destination in one rua tag, separated by commas.")); continue; }
                    sawRua = true;
                    foreach (string part in f.Value.Split(','))
                    {
                        var uri = ParseUri(part.Trim(' ', '\t'));
                        uris.Add(uri);
                        if (!uri.IsValid) findings.Add(TlsRptFindings.InvalidReportUri.Create($"The rua destination '{uri.Text}' is unusable: {uri.Detail}."));
                    }
                }
                else if (f.Name == "v")
                {
                    findings.Add(TlsRptFindings.SyntaxError.Create($"The v tag appears again as field {f.Position}; it may only come first."));
                }
                else if (!SemicolonFields.IsExtensionName(f.Name) || f.Value.Length == 0 || f.Value.Any(c => c <= ' ' || c == '=' || c > '~'))
                {
                    findings.Add(TlsRptFindings.SyntaxError.Create($"Field {f.Position} '{f.Name}={f.Value}' is not a valid extension (name of letters, digits, '_', '-', '.'; a value without spaces or '=')."));
                }
                else extensions.Add(f.Name + "=" + f.Value);
            }
            if (!sawRua) findings.Add(TlsRptFindings.NoReportUri.Create($"The record '{text}' has no rua tag."));
            result.ReportUris = uris;
            result.Extensions = extensions;
        }

        internal static TlsRptReportUri ParseUri(string text)
        {
            if (text.Length == 0) return new TlsRptReportUri(text, null, null, false, "it is empty");
            int colon = text.IndexOf(':');
            string? scheme = colon > 0 ? text.Substring(0, colon).ToLowerInvariant() : null;
            if (scheme == "mailto")
            {
                string address = Uri.UnescapeDataString(text.Substring(colon + 1));
                int q = address.IndexOf('?');
                if (q >= 0) address = address.Substring(0, q);
                int at = address.LastIndexOf('@');
                if (at <= 0 || at == address.Length - 1 || address.IndexOf('@') != at || address.Any(c => c <= ' '))
                    return new TlsRptReportUri(text, scheme, address, false, "a mailto: URI needs one address local-part@domain");
                string host = address.Substring(at + 1).TrimEnd('.');
                string? why = DnsName.Validate(host);
                return why is null || host.IndexOf('.') < 0
                    ? new TlsRptReportUri(text, scheme, address, host.IndexOf('.') > 0, host.IndexOf('.') > 0 ? null : $"the domain '{host}' is not a fully qualified name")
                    : new TlsRptReportUri(text, scheme, address, false, $"the domain '{host}' is not valid: {why}");
            }
            if (scheme == "https")
            {
                if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
                    return new TlsRptReportUri(text, scheme, null, false, "it is not a valid https: URL");
                return new TlsRptReportUri(text, scheme, uri.Host, true, null);
            }
            return new TlsRptReportUri(text, scheme, null, false, scheme is null
                ? "it has no scheme; write mailto:<address> or https://<host>/<path>"
                : $"the scheme '{scheme}' is not supported; TLS-RPT supports mailto and https only");
        }
    }
}
