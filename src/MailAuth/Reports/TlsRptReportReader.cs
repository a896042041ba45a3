using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Threading;

namespace MailAuth.Reports
{
    /// <summary>Reads SMTP TLS reports (RFC 8460 §4): JSON, gzip-compressed JSON, or an e-mail message carrying either (§5.3).</summary>
    public static class TlsRptReportReader
    {
        /// <summary>Reads every TLS report in a file.</summary>
        /// <param name="path">The file.</param>
        /// <param name="options">Limits; the defaults when null.</param>
        /// <param name="cancellationToken">Cancels the read.</param>
        /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
        /// <exception cref="IOException">The file cannot be read.</exception>
        /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
        /// <exception cref="ReportFormatException">The file holds no TLS report, or invalid JSON.</exception>
        /// <exception cref="ReportTooLargeException">An archive or message expands past the limits.</exception>
        public static IReadOnlyList<TlsRptReport> ReadFile(string path, ReportReadOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (path is null) throw new ArgumentNullException(nameof(path));
            long length = new FileInfo(path).Length;
            return Read(path, () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan), length, options, cancellationToken);
        }

        /// <summary>Reads every TLS report in the bytes of a file or attachment.</summary>
        /// <param name="content">The bytes.</param>
        /// <param name="source">The name to report as <see cref="TlsRptReport.Source"/>.</param>
        /// <param name="options">Limits; the defaults when null.</param>
        /// <param name="cancellationToken">Cancels the read.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ReportFormatException">No TLS report, or invalid JSON.</exception>
        /// <exception cref="ReportTooLargeException">An archive or message expands past the limits.</exception>
        public static IReadOnlyList<TlsRptReport> Read(byte[] content, string source, ReportReadOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (content is null) throw new ArgumentNullException(nameof(content));
            if (source is null) throw new ArgumentNullException(nameof(source));
            return Read(source, () => new MemoryStream(content, writable: false), content.Length, options, cancellationToken);
        }

        private static IReadOnlyList<TlsRptReport> Read(string source, Func<Stream> open, long length, ReportReadOptions? options, CancellationToken cancellationToken)
        {
            options ??= new ReportReadOptions();
            if (length > options.MaxDecompressedBytes)
                throw new ReportTooLargeException($"'{source}' is larger than {options.MaxDecompressedBytes:N0} bytes.");
            var reports = new List<TlsRptReport>();
            foreach (var payload in ReportContainer.Expand(source, open, length, options, cancellationToken))
            {
                switch (payload.Kind)
                {
                    case ReportPayloadKind.Json:
                        reports.Add(Parse(payload));
                        break;
                    case ReportPayloadKind.Xml:
                        throw new ReportFormatException($"{ReportContainer.Describe(payload.Source, payload.Entry)} is XML, not a TLS report; DMARC reports are read by Import-DmarcReport (DmarcReportReader).", otherKind: true);
                    case ReportPayloadKind.Message:
                        throw new ReportFormatException($"{ReportContainer.Describe(payload.Source, payload.Entry)} is an e-mail message without a TLS report (no application/tlsrpt+gzip or application/tlsrpt+json part, RFC 8460 §5.3).", otherKind: true);
                }
            }
            if (reports.Count == 0) throw new ReportFormatException($"'{source}' holds no TLS report.");
            return reports;
        }

        private static TlsRptReport Parse(ReportPayload payload)
        {
            // JsonDocument checks a string (invalid UTF-8, a lone surrogate escape such as \ud800) only when it is read,
            // and then throws InvalidOperationException: a damaged report. Element kinds are checked before every read,
            // so this is the only InvalidOperationException the walk can meet.
            try { return ParseDocument(payload); }
            catch (InvalidOperationException e)
            {
                throw new ReportFormatException($"{ReportContainer.Describe(payload.Source, payload.Entry)} has a JSON string that cannot be read: {e.Message}", e);
            }
        }

        private static TlsRptReport ParseDocument(ReportPayload payload)
        {
            var warnings = new ReportWarnings();
            payload.CopyWarningsTo(warnings);
            JsonDocument doc;
            try
            {
                using var s = payload.Open();
                doc = JsonDocument.Parse(s, new JsonDocumentOptions { MaxDepth = 32, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            }
            catch (JsonException e)
            {
                throw new ReportFormatException($"{ReportContainer.Describe(payload.Source, payload.Entry)} is not valid JSON: {e.Message}", e);
            }
            using (doc)
            {
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                    throw new ReportFormatException($"{ReportContainer.Describe(payload.Source, payload.Entry)} is JSON but not a TLS report: its top level is not an object (RFC 8460 §4.4).");
                if (!root.TryGetProperty("policies", out _) && !root.TryGetProperty("organization-name", out _))
                    throw new ReportFormatException($"{ReportContainer.Describe(payload.Source, payload.Entry)} is JSON but not a TLS report: it has neither organization-name nor policies (RFC 8460 §4.4).");
                var known = new HashSet<string> { "organization-name", "date-range", "contact-info", "report-id", "policies" };
                Unknown(root, known, "report", warnings);
                string? org = Text(root, "organization-name", warnings, required: true);
                DateTime? begin = null, end = null;
                if (root.TryGetProperty("date-range", out var range) && range.ValueKind == JsonValueKind.Object)
                {
                    begin = Date(range, "start-datetime", warnings);
                    end = Date(range, "end-datetime", warnings);
                }
                else warnings.Add(ReportFindings.MissingElement, "\"date-range\" is missing.");
                string? contact = Text(root, "contact-info", warnings, required: true);
                string? id = Text(root, "report-id", warnings, required: true);
                var policies = new List<TlsRptPolicyResult>();
                if (root.TryGetProperty("policies", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    foreach (var p in list.EnumerateArray())
                        if (p.ValueKind == JsonValueKind.Object) policies.Add(Policy(p, warnings));
                }
                else warnings.Add(ReportFindings.MissingElement, "\"policies\" is missing or not an array.");
                return new TlsRptReport(payload.Source, payload.Entry, warnings.ToList(), org, begin, end, contact, id, policies);
            }
        }

        private static TlsRptPolicyResult Policy(JsonElement p, ReportWarnings warnings)
        {
            string? type = null, domain = null;
            var strings = new List<string>();
            var mx = new List<string>();
            if (p.TryGetProperty("policy", out var policy) && policy.ValueKind == JsonValueKind.Object)
            {
                type = Text(policy, "policy-type", warnings, required: true)?.ToLowerInvariant();
                domain = Text(policy, "policy-domain", warnings, required: true)?.ToLowerInvariant().TrimEnd('.');
                strings.AddRange(Strings(policy, "policy-string"));
                mx.AddRange(Strings(policy, "mx-host"));
            }
            else warnings.Add(ReportFindings.MissingElement, "A policy has no \"policy\" object.");
            long ok = 0, failed = 0;
            if (p.TryGetProperty("summary", out var summary) && summary.ValueKind == JsonValueKind.Object)
            {
                ok = Number(summary, "total-successful-session-count", warnings);
                failed = Number(summary, "total-failure-session-count", warnings);
            }
            else warnings.Add(ReportFindings.MissingElement, $"The policy for {domain} has no \"summary\".");
            var details = new List<TlsRptFailureDetail>();
            if (p.TryGetProperty("failure-details", out var fd) && fd.ValueKind == JsonValueKind.Array)
            {
                foreach (var d in fd.EnumerateArray())
                {
                    if (d.ValueKind != JsonValueKind.Object) continue;
                    details.Add(new TlsRptFailureDetail(Text(d, "result-type", warnings, required: true)?.ToLowerInvariant(), Text(d, "sending-mta-ip", warnings),
                        Text(d, "receiving-mx-hostname", warnings)?.TrimEnd('.'), Text(d, "receiving-mx-helo", warnings), Text(d, "receiving-ip", warnings),
                        Number(d, "failed-session-count", warnings), Text(d, "additional-information", warnings), Text(d, "failure-reason-code", warnings)));
                }
            }
            return new TlsRptPolicyResult(type, strings, domain, mx, ok, failed, details);
        }

        private static void Unknown(JsonElement o, HashSet<string> known, string where, ReportWarnings warnings)
        {
            foreach (var prop in o.EnumerateObject())
                if (!known.Contains(prop.Name)) warnings.Add(ReportFindings.UnknownElement, $"The member \"{prop.Name}\" of the {where} is not part of RFC 8460 §4.4; it was skipped.");
        }

        private static string? Text(JsonElement o, string name, ReportWarnings warnings, bool required = false)
        {
            if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                if (required) warnings.Add(ReportFindings.MissingElement, $"\"{name}\" is missing.");
                return null;
            }
            return v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText();
        }

        private static IEnumerable<string> Strings(JsonElement o, string name)
        {
            if (!o.TryGetProperty(name, out var v)) yield break;
            if (v.ValueKind == JsonValueKind.String) { yield return v.GetString()!; yield break; }
            if (v.ValueKind != JsonValueKind.Array) yield break;
            foreach (var s in v.EnumerateArray()) if (s.ValueKind == JsonValueKind.String) yield return s.GetString()!;
        }

        private static long Number(JsonElement o, string name, ReportWarnings warnings)
        {
            if (!o.TryGetProperty(name, out var v)) { warnings.Add(ReportFindings.MissingElement, $"\"{name}\" is missing; 0 is used."); return 0; }
            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long n) && n >= 0) return n;
            if (v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out n))
            {
                warnings.Add(ReportFindings.InvalidValue, $"\"{name}\" is the string \"{v.GetString()}\", not a number; read as {n}.");
                return n;
            }
            warnings.Add(ReportFindings.InvalidValue, $"\"{name}\" is {v.GetRawText()}, not a session count; 0 is used.");
            return 0;
        }

        private static DateTime? Date(JsonElement o, string name, ReportWarnings warnings)
        {
            string? v = Text(o, name, warnings, required: true);
            if (v is null) return null;
            // RFC 3339 date-time (RFC 8460 §4.4).
            if (DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d)) return d.UtcDateTime;
            warnings.Add(ReportFindings.InvalidValue, $"\"{name}\" is '{v}', not an RFC 3339 date-time.");
            return null;
        }
    }
}
