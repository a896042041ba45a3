using System.Linq;
using System.Threading.Tasks;
using MailAuth.Dmarc;
using Xunit;

namespace MailAuth.Tests.Dmarc
{
    // Where RFC 9989 (DNS tree walk, -DiscoveryMode TreeWalk) and RFC 7489 (public suffix list, -DiscoveryMode
    // PublicSuffixList) give different answers for the same zone: one test per difference, each saying why.
    // RFC 9989 Appendix C.3 warns of exactly this: "a Mail Receiver using an implementation of DMARC based on [RFC7489]
    // and relying on a PSL might arrive at a different answer."
    public class DmarcModeDifferenceTests
    {
        private static async Task<(DmarcRecordResult Walk, DmarcRecordResult Psl)> Both(DmarcTestZone dns, string domain)
            => (await DmarcDiscovery.GetRecordAsync(domain, dns, DmarcDiscoveryMode.TreeWalk),
                await DmarcDiscovery.GetRecordAsync(domain, dns, DmarcDiscoveryMode.PublicSuffixList));

        [Fact]
        public async Task ARecordBetweenTheDomainAndItsRegistrableDomain()
        {
            // RFC 9989 §4.10: the walk asks every name up to the TLD and finds _dmarc.b.example.com, which (with nothing above
            // it) is the organizational domain. RFC 7489 §6.6.3 asks only the domain and the PSL's example.com: no policy.
            var dns = new DmarcTestZone().Dmarc("b.example.com", "v=DMARC1; p=reject").Host("a.b.example.com");
            var (walk, psl) = await Both(dns, "a.b.example.com");
            Assert.Equal(DmarcRecordStatus.found, walk.Status);
            Assert.Equal("b.example.com", walk.PolicyDomain);
            Assert.Equal("b.example.com", walk.OrganizationalDomain);
            Assert.Equal(DmarcRecordStatus.none, psl.Status);
            Assert.Equal("example.com", psl.OrganizationalDomain);
            Assert.Equal(new[] { "a.b.example.com", "example.com" }, psl.Steps.Select(s => s.Domain));
        }

        [Fact]
        public async Task PsdNoBelowTheRegistrableDomain()
        {
            // RFC 9989 §4.10.2 rule 1: psd=n makes b.example.com the organizational domain, so its sp=reject applies to
            // a.b.example.com. RFC 7489 does not know psd: the PSL says example.com, whose p=none applies.
            var dns = new DmarcTestZone().Dmarc("b.example.com", "v=DMARC1; p=reject; sp=reject; psd=n").Dmarc("example.com", "v=DMARC1; p=none; rua=mailto:d@example.com").Host("a.b.example.com");
            var (walk, psl) = await Both(dns, "a.b.example.com");
            Assert.Equal("b.example.com", walk.OrganizationalDomain);
            Assert.Equal(DmarcPolicy.reject, walk.EffectivePolicy);
            Assert.Equal("example.com", psl.OrganizationalDomain);
            Assert.Equal(DmarcPolicy.none, psl.EffectivePolicy);
        }

        [Fact]
        public async Task APsdPolicyAtAPublicSuffix()
        {
            // RFC 9989 §4.10.1 (from RFC 9091): with no record at the domain or its organizational domain, the PSD's record
            // (psd=y at co.uk) applies. RFC 7489 stops after the domain and example.co.uk: no policy.
            var dns = new DmarcTestZone().Dmarc("co.uk", "v=DMARC1; p=reject; psd=y").Host("shop.example.co.uk");
            var (walk, psl) = await Both(dns, "shop.example.co.uk");
            Assert.Equal(DmarcRecordStatus.found, walk.Status);
            Assert.Equal(DmarcPolicySource.PublicSuffixDomain, walk.PolicySource);
            Assert.Equal("example.co.uk", walk.OrganizationalDomain);
            Assert.Equal(DmarcRecordStatus.none, psl.Status);
            Assert.Equal("example.co.uk", psl.OrganizationalDomain);
        }

        [Fact]
        public async Task ASharedSuffixFromThePrivateSectionWithoutPsd()
        {
            // github.io is a public suffix in the list's PRIVATE section, but DNS does not say so unless its operator publishes
            // psd=y. A record at _dmarc.github.io without psd is, for the walk, the organizational domain of alice.github.io
            // (rule 3) and its policy applies; by the PSL, alice.github.io is its own organizational domain and has no policy.
            var dns = new DmarcTestZone().Dmarc("github.io", "v=DMARC1; p=reject").Host("alice.github.io");
            var (walk, psl) = await Both(dns, "alice.github.io");
            Assert.Equal("github.io", walk.OrganizationalDomain);
            Assert.Equal(DmarcRecordStatus.found, walk.Status);
            Assert.Equal("alice.github.io", psl.OrganizationalDomain);
            Assert.Equal(DmarcRecordStatus.none, psl.Status);
            Assert.Single(psl.Steps);
        }

        [Fact]
        public async Task SeveralRecordsAtTheDomain()
        {
            // RFC 9989 §4.10 step 2 discards several records and walks on, so example.com's policy applies; RFC 7489 §6.6.3
            // step 5: "If the remaining set contains multiple records ... DMARC processing is not applied".
            var dns = new DmarcTestZone().Dmarc("mail.example.com", "v=DMARC1; p=none").Dmarc("mail.example.com", "v=DMARC1; p=reject")
                .Dmarc("example.com", "v=DMARC1; p=quarantine");
            var (walk, psl) = await Both(dns, "mail.example.com");
            Assert.Equal(DmarcRecordStatus.found, walk.Status);
            Assert.Equal(DmarcPolicy.quarantine, walk.EffectivePolicy);
            Assert.Equal(DmarcRecordStatus.permerror, psl.Status);
            Assert.Null(psl.EffectivePolicy);
            Assert.Equal("Dmarc.MultipleRecords", Assert.Single(psl.Findings).Id);
        }

        [Fact]
        public async Task NpForASubdomainThatDoesNotExist()
        {
            // np is RFC 9989's (§4.7, from RFC 9091); RFC 7489 has no np, so sp (else p) applies to every subdomain.
            var dns = new DmarcTestZone().Dmarc("example.com", "v=DMARC1; p=none; np=reject; rua=mailto:d@example.com");
            var (walk, psl) = await Both(dns, "nonexistent.example.com");
            Assert.Equal(DmarcPolicy.reject, walk.EffectivePolicy);
            Assert.Equal(DmarcPolicyScope.NonExistentSubdomain, walk.PolicyScope);
            Assert.Equal(DmarcPolicy.none, psl.EffectivePolicy);
            Assert.Null(psl.DomainExists);
        }

        [Fact]
        public async Task AnInvalidNp()
        {
            // RFC 9989 §4.10.1: an invalid np makes receivers act as if p=none (valid rua) or apply no DMARC (no rua).
            // For RFC 7489, np is an unknown tag and "MUST be ignored" (§6.3), so p=reject stands.
            var dns = new DmarcTestZone().Dmarc("example.com", "v=DMARC1; p=reject; np=block");
            var (walk, psl) = await Both(dns, "example.com");
            Assert.Equal(DmarcRecordStatus.permerror, walk.Status);
            Assert.Contains(walk.Findings, f => f.Id == "Dmarc.InvalidPolicy");
            Assert.Equal(DmarcRecordStatus.found, psl.Status);
            Assert.Equal(DmarcPolicy.reject, psl.EffectivePolicy);
            Assert.DoesNotContain(psl.Findings, f => f.Id == "Dmarc.InvalidPolicy");
        }

        [Fact]
        public async Task PctBelow100()
        {
            // RFC 9989 removed pct (Appendix A.6, C.5.2), so p=quarantine applies to all failing mail; RFC 7489 §6.6.4 applies
            // it to 50% only. Test-DmarcRecord says so: TestingMode only in RFC 7489 mode, RemovedTag in both.
            var dns = new DmarcTestZone().Dmarc("example.com", "v=DMARC1; p=quarantine; pct=50; rua=mailto:d@example.com");
            var walk = await DmarcLinter.LintDomainAsync("example.com", dns, DmarcDiscoveryMode.TreeWalk);
            var psl = await DmarcLinter.LintDomainAsync("example.com", dns, DmarcDiscoveryMode.PublicSuffixList);
            Assert.Equal(new[] { "Dmarc.RemovedTag" }, walk.Findings.Select(f => f.Id));
            Assert.Equal(new[] { "Dmarc.RemovedTag", "Dmarc.TestingMode" }, psl.Findings.Select(f => f.Id).OrderBy(i => i));
        }

        [Fact]
        public async Task RelaxedAlignmentAcrossAPsdNoBoundary()
        {
            // psd=n at mail.example.com makes it an organizational domain of its own (RFC 9989 §4.10.2 rule 1), so
            // mail.example.com and example.com are not in relaxed alignment; by the PSL both are example.com.
            var dns = new DmarcTestZone().Dmarc("mail.example.com", "v=DMARC1; p=reject; psd=n").Dmarc("example.com", "v=DMARC1; p=reject");
            Assert.False(await DmarcAlignment.IsAlignedAsync("mail.example.com", "example.com", DmarcAlignmentMode.relaxed, dns, DmarcDiscoveryMode.TreeWalk));
            Assert.True(await DmarcAlignment.IsAlignedAsync("mail.example.com", "example.com", DmarcAlignmentMode.relaxed, dns, DmarcDiscoveryMode.PublicSuffixList));
        }

        [Fact]
        public async Task TheUsualCaseGivesTheSameAnswer()
        {
            // A control: a record at the registrable domain only, and a subdomain without one. Both methods agree.
            var dns = new DmarcTestZone().Dmarc("example.com", "v=DMARC1; p=reject; sp=quarantine").Host("www.example.com");
            var (walk, psl) = await Both(dns, "www.example.com");
            Assert.Equal(walk.PolicyDomain, psl.PolicyDomain);
            Assert.Equal(walk.OrganizationalDomain, psl.OrganizationalDomain);
            Assert.Equal(DmarcPolicy.quarantine, walk.EffectivePolicy);
            Assert.Equal(DmarcPolicy.quarantine, psl.EffectivePolicy);
        }
    }
}
