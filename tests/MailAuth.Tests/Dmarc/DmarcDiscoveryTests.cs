using System;
using System.Linq;
using System.Threading.Tasks;
using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.Findings;
using Xunit;

namespace MailAuth.Tests.Dmarc
{
    // Policy discovery and the DNS tree walk of RFC 9989 §4.10-§4.10.2. Expected names and answers are the RFC's own
    // examples (§4.10, §4.10.2, Appendix B.4) or follow from its steps as the comment on each test says.
    public class DmarcDiscoveryTests
    {
        private static Task<DmarcRecordResult> Get(DmarcTestZone dns, string domain, DmarcDiscoveryMode mode = DmarcDiscoveryMode.TreeWalk)
            => DmarcDiscovery.GetRecordAsync(domain, dns, mode);

        private static async Task<string?> Org(DmarcTestZone dns, string domain)
            => (await DmarcDiscovery.GetOrganizationalDomainAsync(domain, dns)).OrganizationalDomain;

        [Fact]
        public void TheWalkOfTheRfcExampleAsksEightNames()
        {
            // RFC 9989 §4.10: "a full DNS Tree Walk would require the following eight queries".
            Assert.Equal(new[]
            {
                "a.b.c.d.e.f.g.h.i.j.mail.example.com", "g.h.i.j.mail.example.com", "h.i.j.mail.example.com", "i.j.mail.example.com",
                "j.mail.example.com", "mail.example.com", "example.com", "com",
            }, DmarcDiscovery.GetTreeWalkDomains("a.b.c.d.e.f.g.h.i.j.mail.example.com"));
        }

        [Theory]
        // Steps 3-4: below eight labels, one label at a time; at eight or more, straight to seven labels.
        [InlineData("com", 1)]
        [InlineData("example.com", 2)]
        [InlineData("a.b.c.d.e.example.com", 7)]
        [InlineData("a.b.c.d.e.f.example.com", 8)]
        [InlineData("a.b.c.d.e.f.g.example.com", 8)]
        [InlineData("a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.example.com", 8)]
        public void AWalkNeverAsksMoreThanEightNames(string domain, int count)
        {
            var names = DmarcDiscovery.GetTreeWalkDomains(domain);
            Assert.Equal(count, names.Count);
            Assert.Equal(domain, names[0]);
            Assert.Equal("com", names[names.Count - 1]);
            if (count == 8 && domain.Split('.').Length > 8) Assert.Equal(7, names[1].Split('.').Length);
        }

        [Fact]
        public async Task DeepTreeWalkExample()
        {
            // RFC 9989 Appendix B.4.2: records at example.com and signing.example.com, none at com.
            string author = "a.b.c.d.e.f.g.h.i.j.k.example.com";
            var dns = new DmarcTestZone().Dmarc("example.com", "v=DMARC1; p=reject; sp=quarantine").Dmarc("signing.example.com", "v=DMARC1; p=none").Host(author);
            var r = await Get(dns, author);
            Assert.Equal(new[]
            {
                "_dmarc.a.b.c.d.e.f.g.h.i.j.k.example.com", "_dmarc.g.h.i.j.k.example.com", "_dmarc.h.i.j.k.example.com", "_dmarc.i.j.k.example.com",
                "_dmarc.j.k.example.com", "_dmarc.k.example.com", "_dmarc.example.com", "_dmarc.com",
            }, dns.AskedTxt);
            Assert.Equal(r.Steps.Select(s => s.Name), dns.AskedTxt);
            Assert.Equal(DmarcRecordStatus.found, r.Status);
            Assert.Equal("example.com", r.PolicyDomain);
            Assert.Equal("_dmarc.example.com", r.RecordName);
            Assert.Equal(DmarcPolicySource.OrganizationalDomain, r.PolicySource);
            Assert.Equal("example.com", r.OrganizationalDomain);
            Assert.Equal(DmarcOrganizationalDomainBasis.FewestLabels, r.OrganizationalDomainBasis);
            // The author domain exists, so sp applies.
            Assert.True(r.DomainExists);
            Assert.Equal(DmarcPolicyScope.Subdomain, r.PolicyScope);
            Assert.Equal(DmarcPolicy.quarantine, r.EffectivePolicy);
            // "For the DKIM-Authenticated Identifier ... "example.com" is the Organizational Domain."
            Assert.Equal("example.com", await Org(dns, "signing.example.com"));
            Assert.True(await DmarcAlignment.IsAlignedAsync("signing.example.com", author, DmarcAlignmentMode.relaxed, dns));
        }

        [Fact]
        public async Task ARecordOnANameTheWalkSkipsIsNeverSeen()
        {
            // Label count over the limit: from 11 labels the walk jumps to 7, so a record at 9 labels is not asked for.
            string author = "a.b.c.d.e.f.g.h.i.example.com";
            var dns = new DmarcTestZone().Dmarc("c.d.e.f.g.h.i.example.com", "v=DMARC1; p=reject");
            var r = await Get(dns, author);
            Assert.Equal(DmarcRecordStatus.none, r.Status);
            Assert.Equal(8, dns.AskedTxt.Count);
            Assert.DoesNotContain("_dmarc.c.d.e.f.g.h.i.example.com", dns.AskedTxt);
            Assert.Equal("_dmarc.e.f.g.h.i.example.com", dns.AskedTxt[1]);
            Assert.Equal("Dmarc.NoRecord", Assert.Single(r.Findings).Id);
        }

        [Fact]
        public async Task SimpleOrganizationalAndPolicyExample()
        {
            // RFC 9989 Appendix B.4.1.
            var dns = new DmarcTestZone().Dmarc("example.com", "v=DMARC1; p=reject").Dmarc("signing.example.com", "v=DMARC1; p=none");
            var r = await Get(dns, "example.com");
            Assert.Equal(DmarcPolicySource.Domain, r.PolicySource);
            Assert.Equal(DmarcPolicyScope.Domain, r.PolicyScope);
            Assert.Equal("example.com", r.OrganizationalDomain);
            Assert.Equal(new[] { "_dmarc.example.com", "_dmarc.com" }, dns.AskedTxt);
            Assert.Equal("example.com", await Org(dns, "signing.example.com"));
            Assert.True(await DmarcAlignment.IsAlignedAsync("signing.example.com", "example.com", DmarcAlignmentMode.relaxed, dns));
            Assert.False(await DmarcAlignment.IsAlignedAsync("signing.example.com", "example.com", DmarcAlignmentMode.strict, dns));
        }

        [Fact]
        public async Task PsdYesExample()
        {
            // RFC 9989 Appendix B.4.3: psd=y at bank.example, a record at giant.bank.example, none at mega.bank.example.
            var dns = new DmarcTestZone().Dmarc("bank.example", "v=DMARC1; p=reject; psd=y").Dmarc("giant.bank.example", "v=DMARC1; p=quarantine")
                .Host("mega.bank.example").Host("mail.mega.bank.example");
            var author = await DmarcDiscovery.GetOrganizationalDomainAsync("giant.bank.example", dns);
            Assert.Equal("giant.bank.example", author.OrganizationalDomain);
            Assert.Equal(DmarcOrganizationalDomainBasis.BelowPsdYes, author.Basis);
            Assert.Equal(new[] { "giant.bank.example", "bank.example" }, author.Steps.Select(s => s.Domain));
            Assert.Equal("giant.bank.example", await Org(dns, "mail.giant.bank.example"));
            Assert.Equal("mega.bank.example", await Org(dns, "mail.mega.bank.example"));
            Assert.True(await DmarcAlignment.IsAlignedAsync("mail.giant.bank.example", "giant.bank.example", DmarcAlignmentMode.relaxed, dns));
            Assert.False(await DmarcAlignment.IsAlignedAsync("mail.mega.bank.example", "giant.bank.example", DmarcAlignmentMode.relaxed, dns));

            // The policy of giant.bank.example is its own; mega.bank.example has none of its own, so the PSD's applies.
            var giant = await Get(dns, "giant.bank.example");
            Assert.Equal(DmarcPolicySource.Domain, giant.PolicySource);
            Assert.Equal(DmarcPolicy.quarantine, giant.EffectivePolicy);
            var mega = await Get(dns, "mail.mega.bank.example");
            Assert.Equal(DmarcPolicySource.PublicSuffixDomain, mega.PolicySource);
            Assert.Equal("bank.example", mega.PolicyDomain);
            Assert.Equal("mega.bank.example", mega.OrganizationalDomain);
            Assert.Equal(DmarcPolicy.reject, mega.EffectivePolicy);
        }

        [Fact]
        public async Task PsdNoStopsTheWalk()
        {
            // RFC 9989 §4.10.2, second example: psd=n at mail.example.com makes it the organizational domain.
            var dns = new DmarcTestZone().Dmarc("mail.example.com", "v=DMARC1; p=reject; sp=quarantine; psd=n").Dmarc("example.com", "v=DMARC1; p=none").Host("a.mail.example.com");
            var r = await Get(dns, "a.mail.example.com");
            Assert.Equal("mail.example.com", r.OrganizationalDomain);
            Assert.Equal(DmarcOrganizationalDomainBasis.PsdNo, r.OrganizationalDomainBasis);
            Assert.Equal(new[] { "_dmarc.a.mail.example.com", "_dmarc.mail.example.com" }, dns.AskedTxt.Where(n => n.StartsWith("_dmarc")));
            Assert.Equal(DmarcPolicySource.OrganizationalDomain, r.PolicySource);
            Assert.Equal(DmarcPolicy.quarantine, r.EffectivePolicy);
            Assert.True(r.Steps[1].StopsWalk);
        }

        [Fact]
        public async Task TheRecordWithTheFewestLabelsIsTheOrganizationalDomain()
        {
            // RFC 9989 §4.10.2, first example: records at mail.example.com and example.com give example.com, so
            // the policy of a.mail.example.com is example.com's record, not the nearer mail.example.com's (§4.10.1).
            var dns = new DmarcTestZone().Dmarc("mail.example.com", "v=DMARC1; p=quarantine").Dmarc("example.com", "v=DMARC1; p=reject; sp=none").Host("a.mail.example.com");
            var r = await Get(dns, "a.mail.example.com");
            Assert.Equal("example.com", r.OrganizationalDomain);
            Assert.Equal("example.com", r.PolicyDomain);
            Assert.Equal(DmarcPolicy.none, r.EffectivePolicy);
            Assert.Equal(4, r.Steps.Count);
        }

        [Fact]
        public async Task APsdRecordAtTheTopLevelDomainOnly()
        {
            // RFC 9989 §4.10.2, last example: only _dmarc.com, with psd=y, gives example.com.
            var dns = new DmarcTestZone().Dmarc("com", "v=DMARC1; p=reject; psd=y").Host("a.mail.example.com");
            var r = await Get(dns, "a.mail.example.com");
            Assert.Equal("example.com", r.OrganizationalDomain);
            Assert.Equal(DmarcPolicySource.PublicSuffixDomain, r.PolicySource);
            Assert.Equal("com", r.PolicyDomain);
            Assert.Equal(DmarcPolicy.reject, r.EffectivePolicy);
        }

        [Fact]
        public async Task ARecordAtEveryLevel()
        {
            // The author's own record applies (§4.10.1); the walk still goes up for the organizational domain and stops at psd=y.
            var dns = new DmarcTestZone().Dmarc("a.b.example.com", "v=DMARC1; p=quarantine").Dmarc("b.example.com", "v=DMARC1; p=none")
                .Dmarc("example.com", "v=DMARC1; p=reject").Dmarc("com", "v=DMARC1; p=reject; psd=y");
            var r = await Get(dns, "a.b.example.com");
            Assert.Equal(DmarcPolicySource.Domain, r.PolicySource);
            Assert.Equal(DmarcPolicy.quarantine, r.EffectivePolicy);
            Assert.Equal("example.com", r.OrganizationalDomain);
            Assert.Equal(DmarcOrganizationalDomainBasis.BelowPsdYes, r.OrganizationalDomainBasis);
            Assert.Equal(4, r.Steps.Count);
            Assert.All(r.Steps, s => Assert.Equal(1, s.RecordCount));
        }

        [Fact]
        public async Task ARecordAtEveryLevelWithoutPsdTagsMakesTheTopLevelDomainTheOrganizationalDomain()
        {
            // Rule 3 of §4.10.2 taken literally: the record with the fewest labels wins, even at a TLD without psd=y.
            var dns = new DmarcTestZone().Dmarc("a.example.com", "v=DMARC1; p=quarantine").Dmarc("example.com", "v=DMARC1; p=reject").Dmarc("com", "v=DMARC1; p=none");
            var r = await Get(dns, "a.example.com");
            Assert.Equal("com", r.OrganizationalDomain);
            Assert.Equal(DmarcOrganizationalDomainBasis.FewestLabels, r.OrganizationalDomainBasis);
            Assert.Equal(DmarcPolicy.quarantine, r.EffectivePolicy);
        }

        [Fact]
        public async Task ARecordAtNoLevel()
        {
            var dns = new DmarcTestZone().Host("a.b.example.com");
            var r = await Get(dns, "a.b.example.com");
            Assert.Equal(DmarcRecordStatus.none, r.Status);
            Assert.Null(r.Record);
            Assert.Equal(DmarcPolicySource.None, r.PolicySource);
            Assert.Null(r.EffectivePolicy);
            // "If this process does not determine the Organizational Domain, then the initial target domain is the Organizational Domain."
            Assert.Equal("a.b.example.com", r.OrganizationalDomain);
            Assert.Equal(DmarcOrganizationalDomainBasis.NoRecordFound, r.OrganizationalDomainBasis);
            Assert.Equal(new[] { "a.b.example.com", "b.example.com", "example.com", "com" }, r.Steps.Select(s => s.Domain));
            Assert.All(r.Steps, s => Assert.Equal(DnsOutcome.NxDomain, s.Outcome));
            var f = Assert.Single(r.Findings);
            Assert.Equal("Dmarc.NoRecord", f.Id);
            Assert.Contains("_dmarc.a.b.example.com, _dmarc.b.example.com, _dmarc.example.com, _dmarc.com", f.Message);
        }

        [Fact]
        public async Task ATimeoutAtTheDomainIsTemperrorNeverNone()
        {
            var dns = new DmarcTestZone().Dmarc("example.com", "v=DMARC1; p=reject").Fail("_dmarc.example.com");
            var r = await Get(dns, "example.com");
            Assert.Equal(DmarcRecordStatus.temperror, r.Status);
            Assert.Equal("timeout", r.Error);
            Assert.Equal("Dmarc.DnsTemporaryFailure", Assert.Single(r.Findings).Id);
            Assert.Null(r.OrganizationalDomain);
        }

        [Fact]
        public async Task ATimeoutAboveTheDomainLeavesItsOwnPolicyButNotItsOrganizationalDomain()
        {
            var dns = new DmarcTestZone().Dmarc("mail.example.com", "v=DMARC1; p=reject").Fail("_dmarc.example.com");
            var r = await Get(dns, "mail.example.com");
            Assert.Equal(DmarcRecordStatus.found, r.Status);
            Assert.Equal(DmarcPolicy.reject, r.EffectivePolicy);
            Assert.Null(r.OrganizationalDomain);
            Assert.Equal(DmarcOrganizationalDomainBasis.Undetermined, r.OrganizationalDomainBasis);
            var f = Assert.Single(r.Findings);
            Assert.Equal("Dmarc.DnsTemporaryFailure", f.Id);
            Assert.Equal(FindingSeverity.Warning, f.Severity);
            Assert.Null(await DmarcAlignment.IsAlignedAsync("example.com", "mail.example.com", DmarcAlignmentMode.relaxed, dns));
        }

        [Fact]
        public async Task ATimeoutAboveADomainWithoutItsOwnRecordIsTemperror()
        {
            var dns = new DmarcTestZone().Dmarc("example.com", "v=DMARC1; p=reject").Fail("_dmarc.example.com").Host("mail.example.com");
            var r = await Get(dns, "mail.example.com");
            Assert.Equal(DmarcRecordStatus.temperror, r.Status);
            Assert.Equal(2, r.Steps.Count);
        }

        [Fact]
        public async Task NpAppliesToASubdomainThatDoesNotExist()
        {
            // RFC 9989 §4.10.1: sp if the author domain exists, np if it does not (NXDOMAIN, §3.2.13).
            var dns = new DmarcTestZone().Dmarc("example.com", "v=DMARC1; p=none; sp=quarantine; np=reject; rua=mailto:d@example.com").Host("www.example.com");
            var ghost = await Get(dns, "ghost.example.com");
            Assert.False(ghost.DomainExists);
            Assert.Equal(DmarcPolicyScope.NonExistentSubdomain, ghost.PolicyScope);
            Assert.Equal(DmarcPolicy.reject, ghost.EffectivePolicy);
            Assert.Contains("ghost.example.com A", dns.Asked);
            var www = await Get(dns, "www.example.com");
            Assert.True(www.DomainExists);
            Assert.Equal(DmarcPolicy.quarantine, www.EffectivePolicy);
            var apex = await Get(dns, "example.com");
            Assert.Null(apex.DomainExists);
            Assert.Equal(DmarcPolicy.none, apex.EffectivePolicy);
        }

        [Fact]
        public async Task SeveralRecordsAtTheDomainAreDiscardedAndTheWalkGoesOn()
        {
            // RFC 9989 §4.10 step 2: "If multiple DMARC Policy Records are returned for a single target, they are all discarded."
            var dns = new DmarcTestZone().Dmarc("mail.example.com", "v=DMARC1; p=none").Dmarc("mail.example.com", "v=DMARC1; p=reject")
                .Dmarc("example.com", "v=DMARC1; p=quarantine");
            var r = await Get(dns, "mail.example.com");
            Assert.Equal(DmarcRecordStatus.found, r.Status);
            Assert.Equal("example.com", r.PolicyDomain);
            Assert.Equal(2, r.Steps[0].RecordCount);
            Assert.Null(r.Steps[0].Record);
            Assert.Equal("Dmarc.MultipleRecords", Assert.Single(r.Findings).Id);
        }

        [Fact]
        public async Task ARecordWithoutAValidPolicyAndWithoutRuaIsPermerror()
        {
            var dns = new DmarcTestZone().Dmarc("example.com", "v=DMARC1; p=rejected");
            var r = await Get(dns, "example.com");
            Assert.Equal(DmarcRecordStatus.permerror, r.Status);
            Assert.Null(r.EffectivePolicy);
            Assert.Equal(new[] { "Dmarc.SyntaxError", "Dmarc.InvalidPolicy" }, r.Findings.Select(f => f.Id));
            Assert.Contains("apply no DMARC at all", r.Findings[1].Message);

            var withRua = await Get(new DmarcTestZone().Dmarc("example.com", "v=DMARC1; p=rejected; rua=mailto:d@example.com"), "example.com");
            Assert.Equal(DmarcRecordStatus.found, withRua.Status);
            Assert.Equal(DmarcPolicy.none, withRua.EffectivePolicy);
            Assert.Contains("as if the record said p=none", withRua.Findings[1].Message);
        }

        [Fact]
        public async Task ReportsTheRecordItsStringsAndTtl()
        {
            var dns = new DmarcTestZone().Txt("_dmarc.example.com", "v=DMARC1; p=reject; rua=mailto:d", "@example.com").Txt("_dmarc.example.com", "unrelated");
            var r = await Get(dns, "example.com");
            Assert.Equal("v=DMARC1; p=reject; rua=mailto:d@example.com", r.Record);
            Assert.Equal(new[] { "v=DMARC1; p=reject; rua=mailto:d", "@example.com" }, r.Strings);
            Assert.Equal(300, r.Ttl);
            Assert.Equal("memory", r.Server);
            Assert.Equal(2, r.Steps[0].TxtRecords.Count);
            Assert.Equal(DmarcPolicy.reject, r.Policy);
            Assert.Equal("example.com", Assert.Single(r.AggregateReportUris).Host);
            Assert.Empty(r.Findings);
        }

        [Fact]
        public async Task ATxtRecordAtDmarcThatIsNotADmarcRecordIsExplained()
        {
            var dns = new DmarcTestZone().Dmarc("example.com", "v=DMARC1 p=reject");
            var r = await Get(dns, "example.com");
            Assert.Equal(DmarcRecordStatus.none, r.Status);
            Assert.Equal(new[] { "Dmarc.SyntaxError", "Dmarc.NoRecord" }, r.Findings.Select(f => f.Id));
            Assert.Contains("without a ';'", r.Findings[0].Message);
        }

        [Fact]
        public async Task ThePublicSuffixListNeedsNoDns()
        {
            var dns = new DmarcTestZone();
            var r = await DmarcDiscovery.GetOrganizationalDomainAsync("a.b.example.co.uk", dns, DmarcDiscoveryMode.PublicSuffixList);
            Assert.Equal("example.co.uk", r.OrganizationalDomain);
            Assert.Equal(DmarcOrganizationalDomainBasis.PublicSuffixList, r.Basis);
            Assert.Empty(dns.Asked);
            Assert.Equal("co.uk", DmarcDiscovery.GetOrganizationalDomain("co.uk"));
            Assert.Equal("example.com", DmarcDiscovery.GetOrganizationalDomain("Mail.Example.COM."));
        }

        [Fact]
        public async Task ArgumentsAreGuarded()
        {
            var dns = new DmarcTestZone();
            await Assert.ThrowsAsync<ArgumentNullException>(() => DmarcDiscovery.GetRecordAsync(null!, dns));
            await Assert.ThrowsAsync<ArgumentNullException>(() => DmarcDiscovery.GetRecordAsync("example.com", null!));
            await Assert.ThrowsAsync<ArgumentNullException>(() => DmarcDiscovery.GetOrganizationalDomainAsync(null!, dns));
            Assert.Throws<ArgumentNullException>(() => DmarcDiscovery.GetTreeWalkDomains(null!));
            Assert.Throws<ArgumentNullException>(() => DmarcAlignment.IsAligned(null!, "a", DmarcAlignmentMode.relaxed, null, null));
            await Assert.ThrowsAsync<ArgumentNullException>(() => DmarcAlignment.IsAlignedAsync("a", "b", DmarcAlignmentMode.relaxed, null!));
        }

        [Fact]
        public async Task CancellationIsHonoured()
        {
            var dns = new DmarcTestZone();
            dns.Inner.Delay = TimeSpan.FromSeconds(5);
            using var cts = new System.Threading.CancellationTokenSource(50);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DmarcDiscovery.GetRecordAsync("example.com", dns, DmarcDiscoveryMode.TreeWalk, cts.Token));
        }

        [Theory]
        // RFC 9989 §4.4, Table 1, and §3.2.10.
        [InlineData("foo.example.com", "news.example.com", DmarcAlignmentMode.relaxed, "example.com", "example.com", true)]
        [InlineData("news.example.com", "news.example.com", DmarcAlignmentMode.strict, null, null, true)]
        [InlineData("foo.example.net", "news.example.com", DmarcAlignmentMode.relaxed, "example.net", "example.com", false)]
        [InlineData("foo.example.com", "news.example.com", DmarcAlignmentMode.strict, "example.com", "example.com", false)]
        [InlineData("NEWS.Example.com.", "news.example.com", DmarcAlignmentMode.strict, null, null, true)]   // RFC 4343: case-insensitive
        [InlineData("foo.example.com", "news.example.com", DmarcAlignmentMode.relaxed, null, "example.com", false)]
        public void IsAlignedFollowsTheAlignmentTable(string authenticated, string author, DmarcAlignmentMode mode, string? orgA, string? orgB, bool expected)
        {
            Assert.Equal(expected, DmarcAlignment.IsAligned(authenticated, author, mode, orgA, orgB));
        }

        [Fact]
        public async Task AnInvalidPsdValueDoesNotStopTheWalk()
        {
            // psd=maybe is a syntax error, so the default u applies (RFC 9989 §4.8) and the walk goes on.
            var dns = new DmarcTestZone().Dmarc("mail.example.com", "v=DMARC1; p=reject; psd=maybe").Dmarc("example.com", "v=DMARC1; p=none");
            var r = await Get(dns, "mail.example.com");
            Assert.Equal(3, r.Steps.Count);
            Assert.Equal("example.com", r.OrganizationalDomain);
            Assert.Equal("Dmarc.SyntaxError", Assert.Single(r.Findings).Id);
        }
    }
}
