using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using MailAuth.Dmarc;
using MailAuth.Findings;
using Xunit;

namespace MailAuth.Tests.Dmarc
{
    // One case that triggers each Test-DmarcRecord finding id and one that does not, on in-memory zones. Expected ids follow
    // from the RFC sections cited in DmarcFindings, not from running the linter.
    public class DmarcLinterTests
    {
        private const string Good = "v=DMARC1; p=reject; rua=mailto:dmarc@example.com";

        public sealed class Case
        {
            public Case(string id, string name, Func<DmarcTestZone> zone, string domain = "example.com", string? record = null,
                DmarcDiscoveryMode mode = DmarcDiscoveryMode.TreeWalk)
            {
                Id = id; Name = name; Zone = zone; Domain = domain; Record = record; Mode = mode;
            }

            public string Id { get; }
            public string Name { get; }
            public Func<DmarcTestZone> Zone { get; }
            public string Domain { get; }
            public string? Record { get; }
            public DmarcDiscoveryMode Mode { get; }
            public override string ToString() => $"{Id}: {Name}";
        }

        private static DmarcTestZone With(string record, string domain = "example.com") => new DmarcTestZone().Host(domain).Dmarc(domain, record);

        private static DmarcTestZone Reports(string record, string? authorization)
        {
            var z = With(record).Host("reports.example.net");
            return authorization is null ? z : z.Txt("example.com._report._dmarc.reports.example.net", authorization);
        }

        private static readonly Case[] Triggering =
        {
            new Case("Dmarc.NoRecord", "no record anywhere", () => new DmarcTestZone().Host("example.com")),
            new Case("Dmarc.RecordAtWrongName", "v=DMARC1 TXT at the domain itself", () => new DmarcTestZone().Txt("example.com", "v=spf1 -all").Txt("example.com", Good)),
            new Case("Dmarc.MultipleRecords", "two records at _dmarc", () => With(Good).Dmarc("example.com", "v=DMARC1; p=none")),
            new Case("Dmarc.SyntaxError", "adkim=x", () => With(Good + "; adkim=x")),
            new Case("Dmarc.DuplicateTag", "p twice", () => With(Good + "; p=reject")),
            new Case("Dmarc.InvalidPolicy", "no p", () => With("v=DMARC1; rua=mailto:dmarc@example.com")),
            new Case("Dmarc.PolicyNone", "p=none", () => With("v=DMARC1; p=none; rua=mailto:dmarc@example.com")),
            new Case("Dmarc.TestingMode", "t=y", () => With(Good + "; t=y")),
            new Case("Dmarc.WeakSubdomainPolicy", "sp=none under p=reject", () => With(Good + "; sp=none")),
            new Case("Dmarc.NoAggregateReports", "no rua", () => With("v=DMARC1; p=reject")),
            new Case("Dmarc.InvalidReportUri", "rua without mailto:", () => With("v=DMARC1; p=reject; rua=dmarc@example.com")),
            new Case("Dmarc.UnsupportedReportUriScheme", "https rua", () => With("v=DMARC1; p=reject; rua=https://example.com/dmarc")),
            new Case("Dmarc.ObsoleteReportSizeLimit", "!10m", () => With("v=DMARC1; p=reject; rua=mailto:dmarc@example.com!10m")),
            new Case("Dmarc.ExternalDestinationNotAuthorized", "external rua without authorisation", () => Reports("v=DMARC1; p=reject; rua=mailto:x@reports.example.net", null)),
            new Case("Dmarc.ReportDestinationOverridden", "authorisation with its own rua", () => Reports("v=DMARC1; p=reject; rua=mailto:x@reports.example.net", "v=DMARC1; rua=mailto:y@reports.example.net")),
            new Case("Dmarc.RemovedTag", "ri=3600", () => With(Good + "; ri=3600")),
            new Case("Dmarc.UnknownTag", "foo=bar", () => With(Good + "; foo=bar")),
            new Case("Dmarc.FailureReportsWithoutOptions", "ruf without fo", () => With(Good + "; ruf=mailto:dmarc@example.com")),
            new Case("Dmarc.FailureOptionsWithoutRuf", "fo without ruf", () => With(Good + "; fo=1")),
            new Case("Dmarc.SubdomainPolicyIgnored", "sp in a record below the organizational domain",
                () => With(Good).Host("mail.example.com").Dmarc("mail.example.com", "v=DMARC1; p=reject; sp=reject; rua=mailto:dmarc@example.com"), "mail.example.com"),
            new Case("Dmarc.DnsTemporaryFailure", "_dmarc times out", () => With(Good).Fail("_dmarc.example.com")),
        };

        private static readonly Case[] NotTriggering =
        {
            new Case("Dmarc.NoRecord", "a record at the organizational domain covers a subdomain", () => With(Good).Host("www.example.com"), "www.example.com"),
            new Case("Dmarc.RecordAtWrongName", "the record at _dmarc and SPF at the domain", () => With(Good).Txt("example.com", "v=spf1 -all")),
            new Case("Dmarc.MultipleRecords", "one DMARC record beside another TXT", () => With(Good).Txt("_dmarc.example.com", "site-verification=1")),
            new Case("Dmarc.SyntaxError", "adkim=s", () => With(Good + "; adkim=s")),
            new Case("Dmarc.DuplicateTag", "each tag once", () => With(Good + "; sp=reject")),
            new Case("Dmarc.InvalidPolicy", "p=reject", () => With(Good)),
            new Case("Dmarc.PolicyNone", "p=quarantine", () => With("v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com")),
            new Case("Dmarc.TestingMode", "t=y with p=none has no effect", () => With("v=DMARC1; p=none; t=y; rua=mailto:dmarc@example.com")),
            new Case("Dmarc.WeakSubdomainPolicy", "sp and np as strict as p", () => With(Good + "; sp=reject; np=reject")),
            new Case("Dmarc.NoAggregateReports", "rua", () => With(Good)),
            new Case("Dmarc.InvalidReportUri", "mailto:", () => With(Good)),
            new Case("Dmarc.UnsupportedReportUriScheme", "mailto:", () => With(Good)),
            new Case("Dmarc.ObsoleteReportSizeLimit", "no size", () => With(Good)),
            new Case("Dmarc.ExternalDestinationNotAuthorized", "external rua authorised", () => Reports("v=DMARC1; p=reject; rua=mailto:x@reports.example.net", "v=DMARC1")),
            new Case("Dmarc.ReportDestinationOverridden", "authorisation without rua", () => Reports("v=DMARC1; p=reject; rua=mailto:x@reports.example.net", "v=DMARC1;")),
            new Case("Dmarc.RemovedTag", "no pct, rf, ri", () => With(Good)),
            new Case("Dmarc.UnknownTag", "only defined tags", () => With(Good + "; adkim=r")),
            new Case("Dmarc.FailureReportsWithoutOptions", "ruf with fo", () => With(Good + "; ruf=mailto:dmarc@example.com; fo=1")),
            new Case("Dmarc.FailureOptionsWithoutRuf", "fo with ruf", () => With(Good + "; fo=1; ruf=mailto:dmarc@example.com")),
            new Case("Dmarc.SubdomainPolicyIgnored", "sp at the organizational domain", () => With(Good + "; sp=reject")),
            new Case("Dmarc.DnsTemporaryFailure", "a failure elsewhere in the zone", () => With(Good).Fail("www.example.com")),
        };

        public static IEnumerable<object[]> TriggeringCases() => Triggering.Select(c => new object[] { c });
        public static IEnumerable<object[]> NotTriggeringCases() => NotTriggering.Select(c => new object[] { c });

        private static Task<DmarcLintResult> Lint(Case c)
            => c.Record is null
                ? DmarcLinter.LintDomainAsync(c.Domain, c.Zone(), c.Mode)
                : DmarcLinter.LintRecordAsync(c.Record, c.Domain, c.Zone(), c.Mode);

        [Theory]
        [MemberData(nameof(TriggeringCases))]
        public async Task TriggersTheFinding(Case c)
        {
            var r = await Lint(c);
            var found = r.Findings.Where(f => f.Id == c.Id).ToList();
            Assert.True(found.Count > 0, $"{c} gave {string.Join(", ", r.Findings.Select(f => f.Id))}");
            var def = FindingCatalog.All.Single(d => d.Id == c.Id);
            Assert.All(found, f =>
            {
                Assert.Equal(def.Reference, f.Reference);
                Assert.False(string.IsNullOrWhiteSpace(f.Message));
                Assert.False(string.IsNullOrWhiteSpace(f.Remediation));
            });
        }

        [Theory]
        [MemberData(nameof(NotTriggeringCases))]
        public async Task DoesNotTriggerTheFinding(Case c)
        {
            var r = await Lint(c);
            Assert.DoesNotContain(r.Findings, f => f.Id == c.Id);
        }

        [Fact]
        public void EveryDmarcFindingHasACaseThatTriggersItAndOneThatDoesNot()
        {
            var ids = typeof(DmarcFindings).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => ((FindingDefinition)f.GetValue(null)!).Id).ToList();
            Assert.All(ids, id => Assert.StartsWith("Dmarc.", id));
            Assert.Equal(ids.OrderBy(i => i), Triggering.Select(c => c.Id).Distinct().OrderBy(i => i));
            Assert.Equal(ids.OrderBy(i => i), NotTriggering.Select(c => c.Id).Distinct().OrderBy(i => i));
            Assert.Equal(ids.Count, FindingCatalog.All.Count(d => d.Id.StartsWith("Dmarc.", StringComparison.Ordinal)));
        }

        [Fact]
        public async Task AGoodRecordHasNoFindingsAtAll()
        {
            var r = await DmarcLinter.LintDomainAsync("example.com", With(Good));
            Assert.Empty(r.Findings);
            Assert.Null(r.HighestSeverity);
            var d = Assert.Single(r.ReportDestinations);
            Assert.Equal(DmarcDestinationAuthorization.NotRequired, d.Authorization);
            Assert.False(d.IsExternal);
            Assert.True(d.WillReceiveReports);
        }

        [Fact]
        public async Task NoRuaIsAWarningOnlyWithPolicyNone()
        {
            // rua is OPTIONAL (RFC 9989 §4.7), so with enforcement its absence is Info; with p=none nothing happens at all.
            var enforcing = await DmarcLinter.LintDomainAsync("example.com", With("v=DMARC1; p=reject"));
            Assert.Equal(FindingSeverity.Info, Assert.Single(enforcing.Findings).Severity);
            var monitoring = await DmarcLinter.LintDomainAsync("example.com", With("v=DMARC1; p=none"));
            Assert.Equal(new[] { "Dmarc.PolicyNone", "Dmarc.NoAggregateReports" }, monitoring.Findings.Select(f => f.Id));
            Assert.All(monitoring.Findings, f => Assert.Equal(FindingSeverity.Warning, f.Severity));
        }

        [Fact]
        public async Task ChecksEveryExternalDestinationOfRuaAndRuf()
        {
            // RFC 9990 §4 for rua, RFC 9991 §5 for ruf; the name is <policy domain>._report._dmarc.<destination host>.
            var dns = With("v=DMARC1; p=reject; rua=mailto:a@reports.example.net,mailto:b@other.example.org,mailto:c@example.com; ruf=mailto:f@other.example.org; fo=1")
                .Host("reports.example.net").Host("other.example.org")
                .Txt("example.com._report._dmarc.reports.example.net", "v=DMARC1");
            var r = await DmarcLinter.LintDomainAsync("example.com", dns);
            Assert.Equal(new[] { "rua", "rua", "rua", "ruf" }, r.ReportDestinations.Select(d => d.Tag));
            Assert.Equal(new[]
            {
                DmarcDestinationAuthorization.Authorized, DmarcDestinationAuthorization.NotAuthorized,
                DmarcDestinationAuthorization.NotRequired, DmarcDestinationAuthorization.NotAuthorized,
            }, r.ReportDestinations.Select(d => d.Authorization));
            Assert.Equal("example.com._report._dmarc.reports.example.net", r.ReportDestinations[0].AuthorizationName);
            Assert.Equal("example.com._report._dmarc.other.example.org", r.ReportDestinations[1].AuthorizationName);
            Assert.Equal("reports.example.net", r.ReportDestinations[0].HostOrganizationalDomain);
            var notAuthorized = r.Findings.Where(f => f.Id == "Dmarc.ExternalDestinationNotAuthorized").ToList();
            Assert.Equal(2, notAuthorized.Count);
            Assert.Contains("mailto:b@other.example.org", notAuthorized[0].Message);
            Assert.Contains("ruf", notAuthorized[1].Message);
            // The authorisation of other.example.org is asked once for rua and ruf.
            Assert.Equal(1, dns.Asked.Count(a => a == "example.com._report._dmarc.other.example.org TXT"));
        }

        [Fact]
        public async Task AWildcardAuthorisesEveryDomain()
        {
            // RFC 9990 §4: "*._report._dmarc.example.com containing at least v=DMARC1" accepts reports for any domain.
            var dns = Reports("v=DMARC1; p=reject; rua=mailto:x@reports.example.net", null).Txt("*._report._dmarc.reports.example.net", "v=DMARC1");
            var r = await DmarcLinter.LintDomainAsync("example.com", dns);
            Assert.Equal(DmarcDestinationAuthorization.Authorized, Assert.Single(r.ReportDestinations).Authorization);
            Assert.Empty(r.Findings);
        }

        [Fact]
        public async Task AnOverrideToAnotherHostStopsReports()
        {
            // RFC 9990 §4: "if the confirming record includes a URI whose host is again different ... MUST NOT generate a report".
            var dns = Reports("v=DMARC1; p=reject; rua=mailto:x@reports.example.net", "v=DMARC1; rua=mailto:y@elsewhere.example.org");
            var r = await DmarcLinter.LintDomainAsync("example.com", dns);
            var d = Assert.Single(r.ReportDestinations);
            Assert.Equal(DmarcDestinationAuthorization.Authorized, d.Authorization);
            Assert.False(d.WillReceiveReports);
            Assert.Equal(new[] { "mailto:y@elsewhere.example.org" }, d.OverrideUris);
            var f = Assert.Single(r.Findings);
            Assert.Equal("Dmarc.ReportDestinationOverridden", f.Id);
            Assert.Equal(FindingSeverity.Warning, f.Severity);
        }

        [Fact]
        public async Task AFailedAuthorisationQueryIsATemporaryFailureNotARefusal()
        {
            var dns = Reports("v=DMARC1; p=reject; rua=mailto:x@reports.example.net", "v=DMARC1").Fail("example.com._report._dmarc.reports.example.net");
            var r = await DmarcLinter.LintDomainAsync("example.com", dns);
            Assert.Equal(DmarcDestinationAuthorization.TemporaryFailure, Assert.Single(r.ReportDestinations).Authorization);
            Assert.Equal("Dmarc.DnsTemporaryFailure", Assert.Single(r.Findings).Id);
        }

        [Fact]
        public async Task ARecordGivenWithoutADomainAsksNothing()
        {
            var dns = new DmarcTestZone();
            var r = await DmarcLinter.LintRecordAsync("v=DMARC1; p=none; rua=mailto:x@reports.example.net", null, dns);
            Assert.Empty(dns.Asked);
            Assert.Equal(DmarcLinter.PlaceholderDomain, r.Domain);
            Assert.True(r.FromRecordText);
            Assert.Equal(DmarcRecordStatus.found, r.Status);
            Assert.Equal(new[] { "Dmarc.PolicyNone" }, r.Findings.Select(f => f.Id));
            Assert.Equal(DmarcDestinationAuthorization.NotChecked, Assert.Single(r.ReportDestinations).Authorization);
            Assert.Null(r.OrganizationalDomain);
        }

        [Fact]
        public async Task ARecordGivenForADomainReplacesThePublishedOne()
        {
            // The proposed record stands at _dmarc.<domain>; the walk above it and the destinations are asked as usual.
            var dns = With("v=DMARC1; p=none").Host("reports.example.net");
            var r = await DmarcLinter.LintRecordAsync("v=DMARC1; p=reject; rua=mailto:x@reports.example.net", "example.com", dns);
            Assert.Equal(DmarcPolicy.reject, r.EffectivePolicy);
            Assert.True(r.Discovery.Steps[0].IsProposed);
            Assert.DoesNotContain("_dmarc.example.com TXT", dns.Asked);
            Assert.Contains("_dmarc.com TXT", dns.Asked);
            Assert.Equal(new[] { "Dmarc.ExternalDestinationNotAuthorized" }, r.Findings.Select(f => f.Id));
        }

        [Fact]
        public async Task ARecordGivenThatIsNotADmarcRecordSaysWhy()
        {
            var r = await DmarcLinter.LintRecordAsync("v=DMARC1 p=reject", null, new DmarcTestZone());
            Assert.Equal(DmarcRecordStatus.none, r.Status);
            Assert.Equal(new[] { "Dmarc.SyntaxError", "Dmarc.NoRecord" }, r.Findings.Select(f => f.Id));
        }

        [Fact]
        public async Task AnInheritedPolicyIsJudgedForTheSubdomain()
        {
            // A subdomain without its own record gets sp=none from the organizational domain: monitoring for it.
            var dns = With("v=DMARC1; p=reject; sp=none; rua=mailto:dmarc@example.com").Host("www.example.com");
            var r = await DmarcLinter.LintDomainAsync("www.example.com", dns);
            Assert.Equal(DmarcPolicySource.OrganizationalDomain, r.PolicySource);
            Assert.Equal(new[] { "Dmarc.PolicyNone", "Dmarc.WeakSubdomainPolicy" }, r.Findings.Select(f => f.Id));
            Assert.Contains("sp=none of the record at '_dmarc.example.com'", r.Findings[0].Message);
        }

        [Fact]
        public async Task UnknownTagsGetASpellingHint()
        {
            var r = await DmarcLinter.LintDomainAsync("example.com", With(Good + "; ruaa=mailto:x@example.com; SP=reject"));
            var messages = r.Findings.Where(f => f.Id == "Dmarc.UnknownTag").Select(f => f.Message).ToList();
            Assert.Contains(messages, m => m.Contains("did you mean 'rua'"));
            Assert.Contains(messages, m => m.Contains("case-sensitive: did you mean 'sp'"));
        }

        [Fact]
        public async Task ArgumentsAreGuarded()
        {
            await Assert.ThrowsAsync<ArgumentNullException>(() => DmarcLinter.LintDomainAsync(null!, new DmarcTestZone()));
            await Assert.ThrowsAsync<ArgumentNullException>(() => DmarcLinter.LintDomainAsync("example.com", null!));
            await Assert.ThrowsAsync<ArgumentNullException>(() => DmarcLinter.LintRecordAsync(null!, null, new DmarcTestZone()));
        }
    }
}
