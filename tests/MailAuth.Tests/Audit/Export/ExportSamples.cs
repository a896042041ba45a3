using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using MailAuth.Audit;
using MailAuth.Dns;
using MailAuth.Findings;

namespace MailAuth.Tests.Audit.Export
{
    /// <summary>Reports built by hand (including hostile texts, as a stranger's records would give) and one real audit.</summary>
    internal static class ExportSamples
    {
        /// <summary>A string that is markup, a formula, a table breaker and a line break at once.</summary>
        public const string Hostile = "=HYPERLINK(\"x\",\"y\") \"><script>alert(1)</script><img src=x onerror=alert(2)> | a,b 'q' & ü\r\nnext line `code` *star* [l](j)";

        public static Finding F(string id, FindingSeverity severity, string message = "m", string reference = "RFC 7208 §4.6.4", string remediation = "Fix it.")
            => new Finding(id, severity, message, reference, remediation);

        public static MailDomainArea Area(string name, MailDomainStatus status, int? score, string summary, params Finding[] findings)
            => new MailDomainArea(name) { Status = status, Score = score, Summary = summary, Findings = findings, Duration = TimeSpan.FromMilliseconds(12.5) };

        public static MailDomainReport Report(string domain, MailDomainStatus status, int? score, params MailDomainArea[] areas)
            => new MailDomainReport(domain)
            {
                Status = status, Score = score, Areas = areas, Started = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
                Duration = TimeSpan.FromMilliseconds(40),
            };

        /// <summary>Four reports: clean, failing, hostile texts everywhere, and an unscored temperror with a Microsoft365 area.</summary>
        public static List<MailDomainReport> Mixed() => new List<MailDomainReport>
        {
            Report("good.example", MailDomainStatus.pass, 100,
                Area("Mx", MailDomainStatus.pass, 100, "mx1.good.example"),
                Area("Spf", MailDomainStatus.pass, 100, "1 of 10 lookups")),
            Report("bad.example", MailDomainStatus.fail, 41,
                Area("Mx", MailDomainStatus.pass, 100, "mx.bad.example"),
                Area("Spf", MailDomainStatus.fail, 0, "no SPF record", F("Spf.NoRecord", FindingSeverity.Error), F("Spf.Other", FindingSeverity.Info)),
                Area("Dmarc", MailDomainStatus.warning, 50, "p=none", F("Dmarc.PolicyNone", FindingSeverity.Warning), F("Dmarc.NoAggregateReports", FindingSeverity.Warning))),
            Report("hostile.example", MailDomainStatus.fail, 65,
                Area("Spf", MailDomainStatus.fail, 65, Hostile, F("Spf.SyntaxError", FindingSeverity.Error, Hostile, "+" + Hostile, "-" + Hostile)),
                Area("Dmarc", MailDomainStatus.warning, 90, "@" + Hostile, F("Dmarc.PolicyNone", FindingSeverity.Warning, "@SUM(1)", "\tRFC", "plain, \"quoted\""))),
            Report("dns-down.example", MailDomainStatus.temperror, null,
                Area("Mx", MailDomainStatus.temperror, null, "DNS failure: timeout"),
                Area("Microsoft365", MailDomainStatus.skipped, null, "")),
        };

        /// <summary>A real audit over in-memory DNS, so the areas carry the checks' own result objects.</summary>
        public static async Task<MailDomainReport> AuditedAsync()
        {
            var dns = new InMemoryDnsResolver();
            dns.Add(new MxRecord("real.example", 300, 10, "mx1.real.example"));
            dns.Add(new AddressRecord("mx1.real.example", 300, IPAddress.Parse("192.0.2.25")));
            dns.AddTxt("real.example", "v=spf1 ip4:192.0.2.0/24 -all");
            dns.AddTxt("_dmarc.real.example", "v=DMARC1; p=quarantine; rua=mailto:d@real.example");
            dns.AddTxt("s1._domainkey.real.example", "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");
            return await MailDomainAuditor.AuditAsync("real.example", dns, new MailDomainAuditOptions { DkimSelectors = new[] { "s1" } });
        }

        public static IEnumerable<(MailDomainReport Report, MailDomainArea Area, Finding Finding)> AllFindings(IEnumerable<MailDomainReport> reports)
            => reports.SelectMany(r => r.Areas.SelectMany(a => a.Findings.Select(f => (r, a, f))));
    }
}
