using System.Linq;
using System.Net;
using System.Threading.Tasks;
using MailAuth.Audit;
using MailAuth.Dkim;
using MailAuth.Dns;
using MailAuth.Findings;
using MailAuth.Mx;
using Xunit;

namespace MailAuth.Tests.Audit
{
    /// <summary>
    /// The audit of one domain: areas, statuses and scores computed by hand from docs/scoring.md
    /// (base, 35 per Error, 10 per Warning; weights 30/25/20/10), the Microsoft 365 profile's
    /// findings, and DNS failures reported as temperror, never as a missing record.
    /// </summary>
    public class MailDomainAuditorTests
    {
        private static InMemoryDnsResolver Good(string domain = "good.example", bool spf = true, string? dmarc = "v=DMARC1; p=reject; rua=mailto:dmarc@good.example")
        {
            var dns = new InMemoryDnsResolver();
            dns.Add(new MxRecord(domain, 300, 10, "mx1." + domain));
            dns.Add(new AddressRecord("mx1." + domain, 300, IPAddress.Parse("192.0.2.25")));
            if (spf) dns.AddTxt(domain, "v=spf1 ip4:192.0.2.0/24 -all");
            if (dmarc != null) dns.AddTxt("_dmarc." + domain, dmarc.Replace("good.example", domain));
            dns.AddTxt("s1._domainkey." + domain, "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");
            return dns;
        }

        [Fact]
        public async Task AWellConfiguredDomainPassesWithEveryArea()
        {
            var dns = Good();
            dns.AddTxt("_mta-sts.good.example", "v=STSv1; id=20261128");
            dns.AddTxt("_smtp._tls.good.example", "v=TLSRPTv1; rua=mailto:tlsrpt@good.example");
            dns.AddTxt("default._bimi.good.example", "v=BIMI1; l=https://good.example/logo.svg");
            var r = await MailDomainAuditor.AuditAsync("good.example", dns, new MailDomainAuditOptions { DkimSelectors = new[] { "s1" } });
            Assert.Equal(new[] { "Mx", "Spf", "Dmarc", "Dkim", "MtaSts", "TlsRpt", "Bimi" }, r.Areas.Select(a => a.Name));
            // Offline (no fetcher): the MTA-STS policy is not fetched, which docs/scoring.md scores 85 with an Info finding.
            Assert.All(r.Areas, a => Assert.True(a.Status == MailDomainStatus.pass, a.ToString() + " " + string.Join("; ", a.Findings)));
            Assert.Equal(MailDomainStatus.pass, r.Status);
            Assert.Equal(85, r["MtaSts"]!.Score);
            // (30+25+20+10+4+2) x 100 + 5 x 85 over 96 = 99.2 -> 99.
            Assert.Equal(99, r.Score);
            Assert.Equal("A", r.Grade);
            Assert.NotNull(r.Mx);
            Assert.Equal(MxStatus.found, r.Mx!.Status);
            Assert.Equal("192.0.2.25", Assert.Single(r.Mx.Hosts[0].Addresses));
        }

        [Fact]
        public async Task NoDmarcAndNoSpf_ScoreAsDocumented()
        {
            var dns = Good(spf: false, dmarc: null);
            var r = await MailDomainAuditor.AuditAsync("good.example", dns, new MailDomainAuditOptions { DkimSelectors = new[] { "s1" }, Checks = new[] { "Mx", "Spf", "Dmarc", "Dkim" } });
            Assert.Equal(MailDomainStatus.fail, r["Spf"]!.Status);
            Assert.Equal(0, r["Spf"]!.Score);
            Assert.Equal(MailDomainStatus.fail, r["Dmarc"]!.Status);
            Assert.Equal(0, r["Dmarc"]!.Score);
            // Mx 100 (w10) and Dkim 100 (w20); Spf 0 (w25), Dmarc 0 (w30): 3000 / 85 = 35.3 -> 35.
            Assert.Equal(35, r.Score);
            Assert.Equal("F", r.Grade);
        }

        [Fact]
        public async Task NoNameBelowDomainkey_IsNoKeyPublishedAndScoresLikeNoKeyFound()
        {
            // The zone has nothing below _domainkey: NXDOMAIN there means no selector exists (RFC 8020 §2).
            var dns = new InMemoryDnsResolver();
            dns.Add(new MxRecord("nokeys.example", 300, 10, "mx1.nokeys.example"));
            dns.AddTxt("nokeys.example", "v=spf1 -all");
            var r = await MailDomainAuditor.AuditAsync("nokeys.example", dns, new MailDomainAuditOptions { Checks = new[] { "Dkim" } });
            var dkim = r["Dkim"]!;
            Assert.Equal("no DKIM key published", dkim.Summary);
            Assert.Contains(dkim.Findings, f => f.Id == "Dkim.NoKeysPublished");
            Assert.Contains(dkim.Findings, f => f.Id == "MailDomain.DkimNoKeyFound" && f.Message.Contains("_domainkey.nokeys.example does not exist"));
            // docs/scoring.md: 70, and the Warning finding takes 10 off: 60, a warning.
            Assert.Equal(60, dkim.Score);
            Assert.Equal(MailDomainStatus.warning, dkim.Status);

            // The same domain with a key under a selector nobody guesses: _domainkey exists, so every common
            // selector and the wildcard check are asked as well, and the result proves nothing.
            var probed = new InMemoryDnsResolver();
            probed.Add(new MxRecord("nokeys.example", 300, 10, "mx1.nokeys.example"));
            probed.AddTxt("nokeys.example", "v=spf1 -all");
            probed.AddTxt("x7q2-unlisted._domainkey.nokeys.example", "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");
            var p = await MailDomainAuditor.AuditAsync("nokeys.example", probed, new MailDomainAuditOptions { Checks = new[] { "Dkim" } });
            Assert.Equal("no key at the common selectors", p["Dkim"]!.Summary);
            Assert.Equal(dkim.Score, p["Dkim"]!.Score);
            Assert.Equal(DkimRecordSelectors.Common.Count + 1, probed.QueryCount - dns.QueryCount);
        }

        [Fact]
        public async Task PNoneAndAWarningScoreFifty()
        {
            var dns = Good(dmarc: "v=DMARC1; p=none");
            var r = await MailDomainAuditor.AuditAsync("good.example", dns, new MailDomainAuditOptions { Checks = new[] { "Dmarc" } });
            var dmarc = r["Dmarc"]!;
            int errors = dmarc.Findings.Count(f => f.Severity == FindingSeverity.Error);
            int warnings = dmarc.Findings.Count(f => f.Severity == FindingSeverity.Warning);
            // Base 60 for p=none, minus the findings the linter gives (whatever they are, the rule is fixed).
            Assert.Equal(System.Math.Max(0, 60 - 35 * errors - 10 * warnings), dmarc.Score);
            Assert.True(warnings + errors > 0, "p=none without rua should give at least one finding");
            Assert.Equal(dmarc.Score, r.Score);
        }

        [Fact]
        public async Task ADomainThatDoesNotExistSkipsTheRest()
        {
            var dns = Good();
            var r = await MailDomainAuditor.AuditAsync("missing.good.example", dns, new MailDomainAuditOptions { Checks = new[] { "Mx", "Spf", "Dmarc", "Dkim", "MtaSts", "TlsRpt", "Bimi", "Jmap" } });
            Assert.Equal(MailDomainStatus.fail, r["Mx"]!.Status);
            Assert.Contains(r.Findings, f => f.Id == "Mx.DomainDoesNotExist");
            Assert.All(r.Areas.Skip(1), a => Assert.Equal(MailDomainStatus.skipped, a.Status));
            Assert.Equal(0, r.Score);
        }

        [Fact]
        public async Task ADnsFailureIsTemperror_NeverNone()
        {
            var dns = Good();
            dns.Fail("_dmarc.good.example", DnsRecordType.TXT);
            var r = await MailDomainAuditor.AuditAsync("good.example", dns, new MailDomainAuditOptions { DkimSelectors = new[] { "s1" }, Checks = new[] { "Mx", "Spf", "Dmarc", "Dkim" } });
            Assert.Equal(MailDomainStatus.temperror, r["Dmarc"]!.Status);
            Assert.Null(r["Dmarc"]!.Score);
            Assert.Equal(MailDomainStatus.temperror, r.Status);
            Assert.DoesNotContain(r.Findings, f => f.Id.Contains("NoRecord") || f.Id.Contains("Missing"));
            // The other areas still count: Mx, Spf, Dkim all 100.
            Assert.Equal(100, r.Score);
        }

        [Fact]
        public async Task ANullMxParkedDomainPassesMx()
        {
            var dns = new InMemoryDnsResolver();
            dns.Add(new MxRecord("parked.example", 300, 0, ""));
            var r = await MailDomainAuditor.AuditAsync("parked.example", dns, new MailDomainAuditOptions { Checks = new[] { "Mx" } });
            Assert.Equal(MxStatus.nullmx, r.Mx!.Status);
            Assert.Equal(100, r["Mx"]!.Score);
        }

        [Fact]
        public async Task Microsoft365_AWellWiredDomainHasNoProfileFindings()
        {
            var dns = new InMemoryDnsResolver();
            dns.Add(new MxRecord("contoso.example", 300, 0, "contoso-example.mail.protection.outlook.com"));
            dns.Add(new AddressRecord("contoso-example.mail.protection.outlook.com", 300, IPAddress.Parse("192.0.2.1")));
            dns.AddTxt("contoso.example", "v=spf1 include:spf.protection.outlook.com -all");
            dns.AddTxt("spf.protection.outlook.com", "v=spf1 ip4:192.0.2.0/24 -all");
            dns.AddTxt("_dmarc.contoso.example", "v=DMARC1; p=reject; rua=mailto:d@contoso.example");
            foreach (string s in new[] { "selector1", "selector2" })
            {
                string target = $"{s}-contoso-example._domainkey.contosotenant.onmicrosoft.com";
                dns.Add(new NameRecord($"{s}._domainkey.contoso.example", 300, DnsRecordType.CNAME, target));
                dns.AddTxt(target, "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");
            }
            dns.AddTxt("_dmarc.contosotenant.onmicrosoft.com", "v=DMARC1; p=reject");
            var r = await MailDomainAuditor.AuditAsync("contoso.example", dns, new MailDomainAuditOptions { Profile = "Microsoft365" });
            var profile = r["Microsoft365"]!;
            Assert.Empty(profile.Findings);
            Assert.Equal(MailDomainStatus.pass, profile.Status);
            Assert.Contains("contosotenant.onmicrosoft.com", profile.Summary);
        }

        [Fact]
        public async Task Microsoft365_EachMisWiringIsNamed()
        {
            var dns = Good("fabrikam.example");
            dns.AddTxt("selector1._domainkey.fabrikam.example", "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");
            var r = await MailDomainAuditor.AuditAsync("fabrikam.example", dns, new MailDomainAuditOptions { Profile = "Microsoft365" });
            var ids = r["Microsoft365"]!.Findings.Select(f => f.Id).ToList();
            Assert.Contains("Microsoft365.MxNotExchangeOnline", ids);
            Assert.Contains("Microsoft365.SpfMissingInclude", ids);
            Assert.Contains("Microsoft365.DkimCnameTarget", ids);   // selector1 is a TXT, not a CNAME
            Assert.Contains("Microsoft365.DkimCnameMissing", ids);  // selector2 does not exist
            Assert.DoesNotContain("Microsoft365.DmarcMissing", ids);
            Assert.Equal(MailDomainStatus.fail, r["Microsoft365"]!.Status);
        }

        [Fact]
        public async Task Microsoft365_MixedMxAndUncoveredTenantDomainAreWarnings()
        {
            var dns = new InMemoryDnsResolver();
            dns.Add(new MxRecord("mixed.example", 300, 0, "mixed-example.mail.protection.outlook.com"));
            dns.Add(new MxRecord("mixed.example", 300, 20, "backup.mixed.example"));
            dns.AddTxt("mixed.example", "v=spf1 include:spf.protection.outlook.com -all");
            dns.AddTxt("spf.protection.outlook.com", "v=spf1 -all");
            dns.AddTxt("_dmarc.mixed.example", "v=DMARC1; p=reject");
            foreach (string s in new[] { "selector1", "selector2" })
                dns.Add(new NameRecord($"{s}._domainkey.mixed.example", 300, DnsRecordType.CNAME, $"{s}-mixed-example._domainkey.mixedtenant.onmicrosoft.com"));
            var r = await MailDomainAuditor.AuditAsync("mixed.example", dns, new MailDomainAuditOptions { Profile = "Microsoft365" });
            var ids = r["Microsoft365"]!.Findings.Select(f => f.Id).ToList();
            Assert.Contains("Microsoft365.MxMixed", ids);
            Assert.Contains("Microsoft365.OnMicrosoftDomainUncovered", ids);
            Assert.DoesNotContain("Microsoft365.DkimCnameMissing", ids);
        }

        [Fact]
        public async Task MissingMtaStsAndTlsRptAreWarnings_TheTlsRptAbsenceCountedOnce()
        {
            var r = await MailDomainAuditor.AuditAsync("good.example", Good(), new MailDomainAuditOptions { Checks = new[] { "MtaSts", "TlsRpt" } });
            Assert.Equal(MailDomainStatus.warning, r["MtaSts"]!.Status);
            Assert.Equal(50, r["MtaSts"]!.Score);
            Assert.Equal(MailDomainStatus.warning, r["TlsRpt"]!.Status);
            Assert.DoesNotContain(r["MtaSts"]!.Findings, f => f.Id == "MtaSts.NoTlsRpt");
        }

        [Fact]
        public async Task Jmap_SrvRecordMeansAdvertised_AndIsNotScored()
        {
            var dns = Good();
            dns.Add(new SrvRecord("_jmap._tcp.good.example", 300, 0, 1, 443, "jmap.good.example"));
            var r = await MailDomainAuditor.AuditAsync("good.example", dns, new MailDomainAuditOptions { Checks = new[] { "Jmap" } });
            var jmap = Assert.IsType<JmapResult>(r["Jmap"]!.Result);
            Assert.True(jmap.Advertised);
            Assert.Equal("jmap.good.example:443", Assert.Single(jmap.SrvTargets));
            Assert.Null(r["Jmap"]!.Score);
            Assert.Null(r.Score);
            var none = await MailDomainAuditor.AuditAsync("good.example", Good(), new MailDomainAuditOptions { Checks = new[] { "Jmap" } });
            Assert.False(Assert.IsType<JmapResult>(none["Jmap"]!.Result).Advertised);
        }

        [Fact]
        public void Grades()
        {
            Assert.Equal("A", MailDomainScoring.Grade(90));
            Assert.Equal("B", MailDomainScoring.Grade(89));
            Assert.Equal("C", MailDomainScoring.Grade(70));
            Assert.Equal("D", MailDomainScoring.Grade(60));
            Assert.Equal("F", MailDomainScoring.Grade(59));
        }

        [Fact]
        public async Task ADomainOverItsTimeBudgetKeepsFinishedAreasAndMarksTheRestTemperror()
        {
            // Every answer takes 2 s; the budget is 0.3 s: nothing finishes, everything is temperror, and quickly.
            var dns = new InMemoryDnsResolver { Delay = System.TimeSpan.FromSeconds(2) };
            dns.AddTxt("slow.example", "v=spf1 -all");
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var report = await MailDomainAuditor.AuditAsync("slow.example", dns,
                new MailDomainAuditOptions { Checks = new[] { "Mx", "Spf", "Dmarc" }, TimeBudget = System.TimeSpan.FromMilliseconds(300) });
            watch.Stop();
            Assert.True(watch.Elapsed < System.TimeSpan.FromSeconds(1.8), $"took {watch.Elapsed}");
            Assert.Equal(MailDomainStatus.temperror, report.Status);
            Assert.Equal(new[] { "Mx", "Spf", "Dmarc" }, report.Areas.Select(a => a.Name).ToArray());
            Assert.All(report.Areas, a =>
            {
                Assert.Equal(MailDomainStatus.temperror, a.Status);
                Assert.Contains(a.Findings, f => f.Id == "MailDomain.TimeBudgetExceeded");
            });
        }

        [Fact]
        public async Task WithoutABudgetASlowDomainFinishes()
        {
            var dns = new InMemoryDnsResolver { Delay = System.TimeSpan.FromMilliseconds(100) };
            dns.AddTxt("slow.example", "v=spf1 -all");
            var report = await MailDomainAuditor.AuditAsync("slow.example", dns,
                new MailDomainAuditOptions { Checks = new[] { "Spf" }, TimeBudget = null });
            Assert.NotEqual(MailDomainStatus.temperror, report.Areas.Single(a => a.Name == "Spf").Status);
        }
    }
}
