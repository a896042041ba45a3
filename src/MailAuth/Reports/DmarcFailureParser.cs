using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using MimeKit.Utils;

namespace MailAuth.Reports
{
    /// <summary>Reads a failure report from a parsed message: the message/feedback-report fields (RFC 5965 §3, RFC 6591 §3, RFC 9991 §3) and the original header.</summary>
    internal static class DmarcFailureParser
    {
        internal static DmarcFailureReport Parse(ReportPayload payload)
        {
            var message = payload.Message!;
            var warnings = new ReportWarnings();
            payload.CopyWarningsTo(warnings);
            var parts = new List<MimeEntity>();
            Walk(message.Body, parts);
            var feedback = parts.OfType<MimePart>().FirstOrDefault(p => p.ContentType.IsMimeType("message", "feedback-report"));
            if (feedback is null)
            {
                if (!LooksLikeFailureReport(message))
                    throw new ReportFormatException($"{ReportContainer.Describe(payload.Source, payload.Entry)} is an e-mail message without a DMARC report: no report attachment (XML, gzip, zip) and no feedback report.");
                warnings.Add(ReportFindings.NoFeedbackReportPart, "The message has no message/feedback-report part; the source IP, domain and date were read from its text.");
            }
            var report = new DmarcFailureReport(payload.Source, payload.Entry, warnings.ToList());
            if (feedback != null) ReadFields(report, Decode(feedback));
            else ReadText(report, message);

            if (report.OriginalHeaders is null)
            {
                // MimeKit parses text/rfc822-headers as a message and moves its Content-* fields to the
                // body, so the part is taken from the raw message to keep the fields as they were.
                if (parts.Any(p => p.ContentType.IsMimeType("text", "rfc822-headers")))
                    report.OriginalHeaders = RawHeadersPart(payload);
                if (report.OriginalHeaders is null && parts.OfType<MessagePart>().FirstOrDefault()?.Message is MimeMessage original)
                {
                    using var ms = new MemoryStream();
                    original.Headers.WriteTo(ms);
                    if (original.Body != null) original.Body.Headers.WriteTo(ms);
                    report.OriginalHeaders = Encoding.UTF8.GetString(ms.ToArray());
                }
            }
            if (report.OriginalHeaders != null)
            {
                try
                {
                    var headers = HeaderList.Load(new MemoryStream(Encoding.UTF8.GetBytes(report.OriginalHeaders + "\r\n\r\n")));
                    report.OriginalFrom = headers[HeaderId.From];
                    report.OriginalSubject = headers[HeaderId.Subject];
                }
                catch (FormatException)
                {
                    // The headers stay available as text.
                }
            }
            return report;
        }

        private static readonly Regex HeadersPart = new Regex(@"^Content-Type:[ \t]*text/rfc822-headers[^\n]*\n(?:[^\r\n][^\n]*\n)*\r?\n(?<h>(?:(?!--)[^\n]*\n)*)", RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant);

        private static string? RawHeadersPart(ReportPayload payload)
        {
            string raw;
            using (var s = payload.Open())
            using (var reader = new StreamReader(s, Encoding.UTF8))
                raw = reader.ReadToEnd();
            var m = HeadersPart.Match(raw);
            if (!m.Success) return null;
            string h = m.Groups["h"].Value.TrimEnd('\r', '\n');
            return h.Length == 0 ? null : h.Replace("\r\n", "\n").Replace("\n", "\r\n") + "\r\n";
        }

        private static void Walk(MimeEntity? entity, List<MimeEntity> parts)
        {
            switch (entity)
            {
                case Multipart multipart:
                    foreach (var child in multipart) Walk(child, parts);
                    break;
                case null:
                    break;
                default:
                    parts.Add(entity);
                    break;
            }
        }

        private static string Decode(MimePart part)
        {
            using var ms = new MemoryStream();
            part.Content?.DecodeTo(ms);
            return Encoding.UTF8.GetString(ms.ToArray());
        }

        private static void ReadFields(DmarcFailureReport report, string text)
        {
            HeaderList fields;
            try
            {
                fields = HeaderList.Load(new MemoryStream(Encoding.UTF8.GetBytes(text.TrimStart('\r', '\n') + "\r\n\r\n")));
            }
            catch (FormatException e)
            {
                throw new ReportFormatException("The message/feedback-report part cannot be read as header fields (RFC 5965 §3).", e);
            }
            var all = new List<KeyValuePair<string, string>>();
            var domains = new List<string>();
            var uris = new List<string>();
            var authResults = new List<string>();
            var rcptTo = new List<string>();
            foreach (var h in fields)
            {
                string value = (h.Value ?? string.Empty).Trim();
                all.Add(new KeyValuePair<string, string>(h.Field, value));
                switch (h.Field.ToLowerInvariant())
                {
                    case "feedback-type": report.FeedbackType = value.ToLowerInvariant(); break;
                    case "version": report.Version = value; break;
                    case "user-agent": report.UserAgent = value; break;
                    case "auth-failure": report.AuthFailure = value.ToLowerInvariant(); break;
                    case "identity-alignment":
                        report.IdentityAlignment = value.Split(',').Select(v => v.Trim().ToLowerInvariant()).Where(v => v.Length > 0).ToArray();
                        break;
                    case "delivery-result": report.DeliveryResult = value.ToLowerInvariant(); break;
                    case "reported-domain": if (value.Length > 0) domains.Add(value.ToLowerInvariant().TrimEnd('.')); break;
                    case "reported-uri": if (value.Length > 0) uris.Add(value); break;
                    case "source-ip": report.SourceIP = StripComment(value); break;
                    case "arrival-date":
                    case "received-date":
                        if (DateUtils.TryParse(value, out DateTimeOffset date)) report.ArrivalDate = date.UtcDateTime;
                        break;
                    case "authentication-results": authResults.Add(value); break;
                    case "original-mail-from": report.OriginalMailFrom = value.Length == 0 ? null : value; break;
                    case "original-rcpt-to": if (value.Length > 0) rcptTo.Add(value); break;
                    case "original-envelope-id": report.OriginalEnvelopeId = value; break;
                    case "reporting-mta": report.ReportingMta = StripType(value); break;
                    case "incidents": if (int.TryParse(value, out int incidents) && incidents > 0) report.Incidents = incidents; break;
                    case "dkim-domain": report.DkimDomain = value; break;
                    case "dkim-identity": report.DkimIdentity = value; break;
                    case "dkim-selector": report.DkimSelector = value; break;
                    case "dkim-canonicalized-header": report.DkimCanonicalizedHeader = value; break;
                    case "dkim-canonicalized-body": report.DkimCanonicalizedBody = value; break;
                    case "dkim-selector-dns": report.DkimSelectorDns = value; break;
                    case "spf-dns": report.SpfDns = value; break;
                }
            }
            report.Fields = all;
            report.ReportedDomain = domains;
            report.ReportedUri = uris;
            report.AuthenticationResults = authResults;
            report.OriginalRcptTo = rcptTo;
        }

        // "Source-IP: 192.0.2.1 (host.example)": the address without the comment.
        private static string StripComment(string value)
        {
            int paren = value.IndexOf('(');
            string v = (paren >= 0 ? value.Substring(0, paren) : value).Trim().Trim('[', ']');
            return v;
        }

        // "Reporting-MTA: dns; mail.example.com" (RFC 5965 §3.2 uses the RFC 3464 form).
        private static string StripType(string value)
        {
            int semi = value.IndexOf(';');
            return semi >= 0 ? value.Substring(semi + 1).Trim() : value;
        }

        private static bool LooksLikeFailureReport(MimeMessage message)
        {
            if (message.Body is MultipartReport) return true;
            string subject = message.Subject ?? string.Empty;
            return subject.IndexOf("DMARC", StringComparison.OrdinalIgnoreCase) >= 0
                && (subject.IndexOf("Forensic", StringComparison.OrdinalIgnoreCase) >= 0 || subject.IndexOf("Failure", StringComparison.OrdinalIgnoreCase) >= 0);
        }

        private static readonly Regex TextField = new Regex(@"^\s*(Sender Domain|Sender IP Address|Received date|Source IP|Reported Domain)\s*:\s*(.+?)\s*$", RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant);

        // Some reporters (Exim's DMARC module) send only text: "Sender IP Address: 192.0.2.1" lines, then the original header.
        private static void ReadText(DmarcFailureReport report, MimeMessage message)
        {
            string text = message.TextBody ?? string.Empty;
            report.FeedbackType = "auth-failure";
            report.AuthFailure = "dmarc";
            var domains = new List<string>();
            foreach (Match m in TextField.Matches(text))
            {
                string value = m.Groups[2].Value;
                switch (m.Groups[1].Value.ToLowerInvariant())
                {
                    case "sender domain":
                    case "reported domain":
                        domains.Add(value.ToLowerInvariant());
                        break;
                    case "sender ip address":
                    case "source ip":
                        if (IPAddress.TryParse(StripComment(value), out _)) report.SourceIP = StripComment(value);
                        break;
                    case "received date":
                        if (DateUtils.TryParse(value, out DateTimeOffset date)) report.ArrivalDate = date.UtcDateTime;
                        break;
                }
            }
            report.ReportedDomain = domains;
            // The original header follows a line announcing it ("This is a copy of the headers ...").
            var copy = Regex.Match(text, @"^-*\s*This is a copy of the headers[^\n]*\n\s*\n?(?<h>[\s\S]*)$", RegexOptions.IgnoreCase | RegexOptions.Multiline);
            if (copy.Success)
            {
                string headers = copy.Groups["h"].Value.Trim('\r', '\n');
                report.OriginalHeaders = headers.Replace("\r\n", "\n").Replace("\n", "\r\n") + "\r\n";
                var ar = Regex.Matches(headers, @"^Authentication-Results:[ \t]*(?<v>.*(?:\r?\n[ \t].*)*)", RegexOptions.IgnoreCase | RegexOptions.Multiline);
                report.AuthenticationResults = ar.Cast<Match>().Select(x => Regex.Replace(x.Groups["v"].Value, @"\r?\n", string.Empty).Trim()).ToArray();
            }
        }
    }
}
