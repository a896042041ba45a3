using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.Findings;
using MailAuth.Mx;
using MailAuth.Spf;

namespace MailAuth.Audit
{
    /// <summary>Findings of the Microsoft 365 profile: a domain wired to Exchange Online as Microsoft documents.</summary>
    public static class Microsoft365Findings
    {
        /// <summary>No MX to Exchange Online.</summary>
        public static readonly FindingDefinition MxNotExchangeOnline = new FindingDefinition("Microsoft365.MxNotExchangeOnline", FindingSeverity.Error,
            "No MX record points to Exchange Online, so mail for the domain does not reach the Microsoft 365 mailboxes directly.",
            "Microsoft 365 DNS records for Exchange Online (MX <tenant-domain>.mail.protection.outlook.com)",
            "Publish the MX value shown for the domain in the Microsoft 365 admin center (Settings > Domains), for example contoso-com.mail.protection.outlook.com, with the lowest preference.");

        /// <summary>MX to Exchange Online and elsewhere.</summary>
        public static readonly FindingDefinition MxMixed = new FindingDefinition("Microsoft365.MxMixed", FindingSeverity.Warning,
            "Besides Exchange Online, an MX record points to another host; mail sent there bypasses Exchange Online Protection unless that host relays it.",
            "RFC 5321 §5.1",
            "Remove MX records of hosts that no longer receive mail, or configure that gateway as a connector in Exchange Online.");

        /// <summary>SPF without Exchange Online.</summary>
        public static readonly FindingDefinition SpfMissingInclude = new FindingDefinition("Microsoft365.SpfMissingInclude", FindingSeverity.Error,
            "The SPF record does not include spf.protection.outlook.com, so mail sent through Exchange Online fails SPF.",
            "Microsoft 365 SPF setup (include:spf.protection.outlook.com), RFC 7208 §5.2",
            "Add include:spf.protection.outlook.com to the domain's SPF record, before the final -all or ~all.");

        /// <summary>A DKIM selector CNAME is missing.</summary>
        public static readonly FindingDefinition DkimCnameMissing = new FindingDefinition("Microsoft365.DkimCnameMissing", FindingSeverity.Error,
            "The DKIM selector CNAME that Exchange Online signs with is missing, so Microsoft 365 cannot sign mail for the domain with its own DKIM key.",
            "Microsoft 365 DKIM setup (selector1/selector2 CNAMEs)",
            "Publish selector1._domainkey and selector2._domainkey as CNAMEs to the targets shown in the Microsoft Defender portal (Email authentication settings > DKIM), then enable signing.");

        /// <summary>A DKIM selector is not a CNAME into the tenant.</summary>
        public static readonly FindingDefinition DkimCnameTarget = new FindingDefinition("Microsoft365.DkimCnameTarget", FindingSeverity.Warning,
            "A DKIM selector of the domain is not a CNAME to the tenant's onmicrosoft.com (or dkim.mail.microsoft) name, so Exchange Online cannot rotate its key.",
            "Microsoft 365 DKIM setup (selector1/selector2 CNAMEs)",
            "Replace the record with the CNAME shown in the Microsoft Defender portal, such as selector1-contoso-com._domainkey.contoso.onmicrosoft.com.");

        /// <summary>No DMARC record.</summary>
        public static readonly FindingDefinition DmarcMissing = new FindingDefinition("Microsoft365.DmarcMissing", FindingSeverity.Error,
            "The domain has no DMARC record; Microsoft recommends DMARC for every accepted domain, and large receivers require it.",
            "RFC 9989 §4.7; Microsoft 365 DMARC setup",
            "Publish _dmarc.<domain> TXT \"v=DMARC1; p=none; rua=mailto:...\" and move to p=quarantine or p=reject once the reports show only legitimate senders.");

        /// <summary>The tenant's onmicrosoft.com domain has no DMARC.</summary>
        public static readonly FindingDefinition OnMicrosoftDomainUncovered = new FindingDefinition("Microsoft365.OnMicrosoftDomainUncovered", FindingSeverity.Warning,
            "The tenant's initial onmicrosoft.com domain has no DMARC record, so mail forged from it is not rejected.",
            "RFC 9989 §4.7; Microsoft 365 DMARC setup for the *.onmicrosoft.com domain",
            "In the Microsoft 365 admin center, add a TXT record _dmarc for the onmicrosoft.com domain, such as \"v=DMARC1; p=reject\".");
    }

    /// <summary>The Microsoft 365 profile: checks that a domain is wired to Exchange Online as Microsoft documents.</summary>
    internal static class Microsoft365Profile
    {
        internal const string SpfInclude = "spf.protection.outlook.com";

        public static bool IsExchangeOnlineMx(string host)
            => host.EndsWith(".mail.protection.outlook.com", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".mx.microsoft", StringComparison.OrdinalIgnoreCase);

        // selector1-contoso-com._domainkey.contoso.onmicrosoft.com, or the newer ...dkim.mail.microsoft form.
        private static string? Tenant(string target, string selector)
        {
            target = target.TrimEnd('.').ToLowerInvariant();
            int key = target.IndexOf("._domainkey.", StringComparison.Ordinal);
            if (key < 0 || !target.StartsWith(selector + "-", StringComparison.Ordinal)) return null;
            string zone = target.Substring(key + "._domainkey.".Length);
            if (zone.EndsWith(".onmicrosoft.com", StringComparison.Ordinal)) return zone;
            if (zone.EndsWith(".dkim.mail.microsoft", StringComparison.Ordinal)) return zone;
            return null;
        }

        public static async Task<MailDomainArea> CheckAsync(string domain, MxResult? mx, SpfLintResult? spf, DmarcLintResult? dmarc,
            IDnsResolver resolver, DmarcDiscoveryMode mode, CancellationToken ct)
        {
            var area = new MailDomainArea("Microsoft365");
            var findings = new List<Finding>();
            var notes = new List<string>();
            bool temp = false;
            bool isInitial = domain.EndsWith(".onmicrosoft.com", StringComparison.OrdinalIgnoreCase);
            if (!isInitial)
            {
                if (mx != null)
                {
                    if (mx.Status == MxStatus.temperror) temp = true;
                    var eop = mx.Hosts.Where(h => IsExchangeOnlineMx(h.Name)).ToList();
                    if (mx.Status != MxStatus.temperror && eop.Count == 0)
                        findings.Add(Microsoft365Findings.MxNotExchangeOnline.Create(mx.Hosts.Count == 0
                            ? $"{domain} has no MX record pointing to Exchange Online ({mx.Status})."
                            : $"The MX records of {domain} point to {string.Join(", ", mx.Hosts.Select(h => h.Name))}, not to Exchange Online."));
                    else if (eop.Count > 0 && eop.Count < mx.Hosts.Count)
                        findings.Add(Microsoft365Findings.MxMixed.Create($"MX records of {domain} also point to {string.Join(", ", mx.Hosts.Where(h => !IsExchangeOnlineMx(h.Name)).Select(h => h.Name))}."));
                    if (eop.Count > 0) notes.Add("MX " + eop[0].Name);
                }
                if (spf != null)
                {
                    if (spf.Status == SpfRecordStatus.temperror) temp = true;
                    else if (!spf.Tree.Nodes.Any(n => n.Domain.Equals(SpfInclude, StringComparison.OrdinalIgnoreCase)))
                        findings.Add(Microsoft365Findings.SpfMissingInclude.Create(spf.Record is null
                            ? $"{domain} has no SPF record, so it cannot include {SpfInclude}."
                            : $"The SPF record of {domain} ({spf.Record}) does not reach include:{SpfInclude}."));
                    else notes.Add("SPF includes " + SpfInclude);
                }
                var tenants = new List<string>();
                foreach (string selector in new[] { "selector1", "selector2" })
                {
                    string name = selector + "._domainkey." + domain;
                    var answer = await resolver.QueryAsync(name, DnsRecordType.TXT, ct).ConfigureAwait(false);
                    if (answer.Outcome == DnsOutcome.TemporaryFailure) { temp = true; continue; }
                    var cname = answer.CnameChain.OfType<NameRecord>().FirstOrDefault();
                    if (cname is null)
                    {
                        findings.Add(answer.Records.Count == 0
                            ? Microsoft365Findings.DkimCnameMissing.Create($"{name} does not exist.")
                            : Microsoft365Findings.DkimCnameTarget.Create($"{name} is a TXT record, not a CNAME into the tenant."));
                        continue;
                    }
                    string? tenant = Tenant(cname.Target, selector);
                    if (tenant is null) findings.Add(Microsoft365Findings.DkimCnameTarget.Create($"{name} is a CNAME to {cname.Target}, not to the tenant's {selector}-...._domainkey.<tenant>.onmicrosoft.com name."));
                    else tenants.Add(tenant);
                }
                if (tenants.Count > 0) notes.Add("DKIM via " + tenants[0]);
                // The tenant's initial domain is covered by DMARC too (Microsoft lets admins add _dmarc there).
                foreach (string tenant in tenants.Where(t => t.EndsWith(".onmicrosoft.com", StringComparison.Ordinal)).Distinct())
                {
                    var initial = await DmarcLinter.LintDomainAsync(tenant, resolver, mode, ct).ConfigureAwait(false);
                    if (initial.Status == DmarcRecordStatus.temperror) temp = true;
                    else if (initial.Status != DmarcRecordStatus.found)
                        findings.Add(Microsoft365Findings.OnMicrosoftDomainUncovered.Create($"{tenant} has no DMARC record ({initial.Status})."));
                }
            }
            if (dmarc != null)
            {
                if (dmarc.Status == DmarcRecordStatus.temperror) temp = true;
                else if (dmarc.Status != DmarcRecordStatus.found)
                    findings.Add(Microsoft365Findings.DmarcMissing.Create($"{domain} has no DMARC record ({dmarc.Status})."));
            }
            area.Findings = findings;
            area.Summary = isInitial ? "initial onmicrosoft.com domain: DMARC only" : string.Join("; ", notes);
            int score = MailDomainScoring.Score(100, findings);
            area.Status = temp && findings.Count == 0 ? MailDomainStatus.temperror : MailDomainScoring.Status(score, findings);
            area.Score = temp ? (int?)null : score;
            return area;
        }
    }
}
