using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.Findings;
using MailAuth.Tests.Dkim;
using Org.BouncyCastle.Crypto.Parameters;
using Xunit;

namespace MailAuth.Tests.Dmarc
{
    // DmarcEvaluator (RFC 9989 §5.3) over an in-memory zone. Messages are signed with the tests' own DKIM signer
    // (DkimHandSigner, which shares no code with the product), so DKIM results are computed, not assumed.
    // Every expected value is derived from the RFC text cited beside it, not from running the evaluator.
    public class DmarcEvaluatorTests
    {
        // Authorised senders: 192.0.2.0/24 for example.com (and its bounce subdomain), strict.example and
        // other.example; 203.0.113.66 is authorised nowhere.
        private static readonly IPAddress Good = IPAddress.Parse("192.0.2.10");
        private static readonly IPAddress Stranger = IPAddress.Parse("203.0.113.66");
        private const string Helo = "mail.client.example";

        private static readonly Ed25519PrivateKeyParameters Key = (Ed25519PrivateKeyParameters)DkimHandKeys.Ed25519.Private;
        private static readonly string KeyRecord = DkimHandKeys.Record(DkimHandKeys.Ed25519.Public);

        private static DmarcTestZone Zone()
        {
            var z = new DmarcTestZone()
                // Relaxed alignment (the default, RFC 9989 §4.7 adkim/aspf), p=reject.
                .Dmarc("example.com", "v=DMARC1; p=reject; rua=mailto:dmarc@example.com")
                .Txt("example.com", "v=spf1 ip4:192.0.2.0/24 -all")
                .Txt("bounce.example.com", "v=spf1 ip4:192.0.2.0/24 -all")
                .Txt("sel._domainkey.example.com", KeyRecord)
                .Txt("sel._domainkey.mail.example.com", KeyRecord)
                .Host("example.com").Host("mail.example.com")
                // Strict alignment for both identifiers, p=quarantine.
                .Dmarc("strict.example", "v=DMARC1; p=quarantine; adkim=s; aspf=s")
                .Txt("strict.example", "v=spf1 ip4:192.0.2.0/24 -all")
                .Txt("bounce.strict.example", "v=spf1 ip4:192.0.2.0/24 -all")
                .Txt("sel._domainkey.strict.example", KeyRecord)
                .Txt("sel._domainkey.mail.strict.example", KeyRecord)
                // An unrelated organization that authenticates its own mail perfectly.
                .Dmarc("other.example", "v=DMARC1; p=none")
                .Txt("other.example", "v=spf1 ip4:192.0.2.0/24 -all")
                .Txt("sel._domainkey.other.example", KeyRecord)
                // Test mode (RFC 9989 §4.7 t=y).
                .Dmarc("testreject.example", "v=DMARC1; p=reject; t=y")
                .Dmarc("testquarantine.example", "v=DMARC1; p=quarantine; t=y")
                .Dmarc("testnone.example", "v=DMARC1; p=none; t=y")
                // p, sp and np (RFC 9989 §4.7, §4.10.1); sub.parent.example exists, nx.parent.example does not.
                .Dmarc("parent.example", "v=DMARC1; p=none; sp=quarantine; np=reject")
                .Host("parent.example").Host("sub.parent.example")
                // No DMARC record anywhere up the tree.
                .Txt("nodmarc.example", "v=spf1 ip4:192.0.2.0/24 -all")
                // An IDN author domain: bücher.example is xn--bcher-kva.example (RFC 5890 §2.3.2.1).
                .Dmarc("xn--bcher-kva.example", "v=DMARC1; p=reject")
                .Txt("sel._domainkey.xn--bcher-kva.example", KeyRecord);
            return z;
        }

        // Messages are kept as "byte strings" (one char per byte, as DkimHandSigner works): UTF-8 header text is encoded here.
        private static string Message(string? from, string extraHeaders = "")
            => DkimHandSigner.Text(Encoding.UTF8.GetBytes(extraHeaders +
               (from is null ? "" : "From: " + from + "\r\n") +
               "To: Bob <bob@example.net>\r\n" +
               "Subject: DMARC test\r\n" +
               "Date: Mon, 1 Jan 2024 10:00:00 +0000\r\n" +
               "Message-ID: <dmarc-test@example.com>\r\n" +
               "\r\n" +
               "Hello.\r\n"));

        private static string Signed(string message, string domain, string selector = "sel")
            => DkimHandSigner.SignText(message, new HandSignature { Key = Key, Algorithm = "ed25519-sha256", Domain = domain, Selector = selector });

        private static byte[] Bytes(string message) => DkimHandSigner.Latin1(message);

        private static Task<DmarcEvaluationResult> Evaluate(string message, IPAddress? ip, string? mailFrom, DmarcTestZone? zone = null, string? helo = Helo,
            Action<DmarcEvaluationRequest>? configure = null)
        {
            var request = new DmarcEvaluationRequest(Bytes(message)) { ClientIP = ip, MailFrom = mailFrom, Helo = helo, AuthServId = "mx.receiver.test" };
            configure?.Invoke(request);
            return DmarcEvaluator.EvaluateAsync(request, zone ?? Zone());
        }

        private static string Describe(DmarcEvaluationResult r)
            => $"{r.Result} ({r.Reason}); spf={r.SpfResult} {r.SpfDomain} aligned={r.SpfAligned}; dkim=[{string.Join(", ", r.DkimResults)}] aligned={r.DkimAligned}; " +
               $"AR: {r.AuthenticationResults}; findings: {string.Join(" | ", r.Findings.Select(f => f.Id + ": " + f.Message))}";

        // ---- The outcomes (RFC 9989 §5.3.4, §5.3.5) -------------------------------------------------------

        [Fact]
        public async Task AlignedSpfOnlyPasses()
        {
            // §4.4.2: SPF validates the MAIL FROM domain example.com, identical to the author domain; no signature at all.
            var r = await Evaluate(Message("Alice <alice@example.com>"), Good, "bounce@example.com");
            Assert.True(r.Result == DmarcResult.pass, Describe(r));
            Assert.Equal("example.com", r.AuthorDomain);
            Assert.Equal("pass", r.SpfResult);
            Assert.Equal("example.com", r.SpfDomain);
            Assert.True(r.SpfAligned);
            Assert.False(r.DkimAligned);
            Assert.Empty(r.DkimResults);
            Assert.Equal(DmarcPolicy.reject, r.RequestedPolicy);
            Assert.Equal("p", r.PolicyTag);
            // §5.3.6: the policy is for mail that fails; passing mail is not touched.
            Assert.Equal(DmarcPolicy.none, r.Disposition);
        }

        [Fact]
        public async Task AlignedDkimOnlyPasses()
        {
            // §4.4.1: a valid signature with d=example.com; SPF fails (the client is not authorised).
            var r = await Evaluate(Signed(Message("Alice <alice@example.com>"), "example.com"), Stranger, "bounce@example.com");
            Assert.True(r.Result == DmarcResult.pass, Describe(r));
            Assert.Equal("fail", r.SpfResult);
            Assert.False(r.SpfAligned);
            Assert.True(r.DkimAligned);
            Assert.Equal("example.com", r.AlignedDkimDomain);
            var dkim = Assert.Single(r.DkimResults);
            Assert.Equal("pass", dkim.Result);
            Assert.Equal("sel", dkim.Selector);
            Assert.Equal(DmarcPolicy.none, r.Disposition);
        }

        [Fact]
        public async Task BothAlignedPasses()
        {
            var r = await Evaluate(Signed(Message("Alice <alice@example.com>"), "example.com"), Good, "bounce@example.com");
            Assert.True(r.Result == DmarcResult.pass, Describe(r));
            Assert.True(r.SpfAligned);
            Assert.True(r.DkimAligned);
            Assert.Equal(DmarcPolicy.none, r.Disposition);
        }

        [Fact]
        public async Task NeitherFailsAndThePolicyApplies()
        {
            // §5.3.5: no Authenticated Identifier aligns -> fail; §5.3.6 / §4.7: p=reject is the requested handling.
            var r = await Evaluate(Message("Alice <alice@example.com>"), Stranger, "bounce@example.com");
            Assert.True(r.Result == DmarcResult.fail, Describe(r));
            Assert.Equal("fail", r.SpfResult);
            Assert.False(r.SpfAligned);
            Assert.False(r.DkimAligned);
            Assert.Equal(DmarcPolicy.reject, r.RequestedPolicy);
            Assert.Equal(DmarcPolicy.reject, r.Disposition);
        }

        [Fact]
        public async Task PassingIdentifiersOfAnotherOrganizationFail()
        {
            // §4.4 Table 1, row 3: foo.example.net vs news.example.com have no common Organizational Domain.
            // SPF and DKIM both pass - for other.example.
            var r = await Evaluate(Signed(Message("Alice <alice@example.com>"), "other.example"), Good, "bounce@other.example");
            Assert.True(r.Result == DmarcResult.fail, Describe(r));
            Assert.Equal("pass", r.SpfResult);
            Assert.Equal("other.example", r.SpfDomain);
            Assert.False(r.SpfAligned);
            Assert.Equal("pass", Assert.Single(r.DkimResults).Result);
            Assert.False(r.DkimAligned);
            Assert.Equal(DmarcPolicy.reject, r.Disposition);
        }

        [Fact]
        public async Task SubdomainIdentifiersAlignUnderRelaxed()
        {
            // §3.2.10.1 and §4.4 Table 1, row 1: bounce.example.com and mail.example.com share the Organizational
            // Domain example.com (the record with the fewest labels, §4.10.2 step 3) with the author domain.
            var r = await Evaluate(Signed(Message("Alice <alice@example.com>"), "mail.example.com"), Good, "bounce@bounce.example.com");
            Assert.True(r.Result == DmarcResult.pass, Describe(r));
            Assert.Equal("bounce.example.com", r.SpfDomain);
            Assert.True(r.SpfAligned);
            Assert.True(r.DkimAligned);
            Assert.Equal("mail.example.com", r.AlignedDkimDomain);
            Assert.Equal("example.com", r.OrganizationalDomain);
        }

        [Fact]
        public async Task SubdomainIdentifiersDoNotAlignUnderStrict()
        {
            // §3.2.10.2: strict alignment needs identical names; bounce.strict.example and mail.strict.example both
            // pass but are not strict.example, so the message fails and p=quarantine applies.
            var r = await Evaluate(Signed(Message("Alice <alice@strict.example>"), "mail.strict.example"), Good, "bounce@bounce.strict.example");
            Assert.True(r.Result == DmarcResult.fail, Describe(r));
            Assert.Equal("pass", r.SpfResult);
            Assert.Equal("bounce.strict.example", r.SpfDomain);
            Assert.False(r.SpfAligned);
            Assert.Equal("pass", Assert.Single(r.DkimResults).Result);
            Assert.False(r.DkimAligned);
            Assert.Equal(DmarcPolicy.quarantine, r.Disposition);
            Assert.Contains("strict", r.Reason);
        }

        [Fact]
        public async Task IdenticalDomainsAlignUnderStrict()
        {
            var r = await Evaluate(Signed(Message("Alice <alice@strict.example>"), "strict.example"), Good, "bounce@strict.example");
            Assert.True(r.Result == DmarcResult.pass, Describe(r));
            Assert.True(r.SpfAligned);
            Assert.True(r.DkimAligned);
        }

        [Fact]
        public async Task OneAlignedSignatureAmongSeveralIsEnough()
        {
            // §4.4.1: "it is considered to produce a DMARC pass result if any DKIM-Authenticated Identifier aligns".
            string twice = Signed(Signed(Message("Alice <alice@example.com>"), "example.com"), "other.example");
            var r = await Evaluate(twice, Stranger, "bounce@other.example");
            Assert.True(r.Result == DmarcResult.pass, Describe(r));
            Assert.Equal(2, r.DkimResults.Count);
            Assert.Equal("example.com", r.AlignedDkimDomain);
        }

        [Fact]
        public async Task NoPolicyRecordGivesNone()
        {
            // §5.3.2: no DMARC Policy Record is discovered -> the mechanism does not apply; nothing is disposed of.
            var r = await Evaluate(Message("Alice <alice@nodmarc.example>"), Stranger, "bounce@nodmarc.example");
            Assert.True(r.Result == DmarcResult.none, Describe(r));
            Assert.Equal("nodmarc.example", r.AuthorDomain);
            Assert.Null(r.RequestedPolicy);
            Assert.Equal(DmarcPolicy.none, r.Disposition);
        }

        // ---- t=y (RFC 9989 §4.7) ---------------------------------------------------------------------------

        [Theory]
        // "if the policy is reject and the value of the t tag is y, a policy of quarantine will be applied"
        [InlineData("testreject.example", DmarcPolicy.reject, DmarcPolicy.quarantine)]
        // "if the policy is quarantine and the value of the t tag is y, a policy of none will be applied"
        [InlineData("testquarantine.example", DmarcPolicy.quarantine, DmarcPolicy.none)]
        // "it has no effect on any policy (p, sp, or np) that is none"
        [InlineData("testnone.example", DmarcPolicy.none, DmarcPolicy.none)]
        public async Task TestModeAppliesThePolicyOneLevelLower(string domain, DmarcPolicy requested, DmarcPolicy applied)
        {
            var r = await Evaluate(Message($"Alice <alice@{domain}>"), Stranger, "bounce@other.example");
            Assert.True(r.Result == DmarcResult.fail, Describe(r));
            Assert.Equal(true, r.Record?.TestMode);
            Assert.Equal(requested, r.RequestedPolicy);
            Assert.Equal(applied, r.Disposition);
        }

        [Fact]
        public async Task WithoutTestModeThePolicyAppliesAsWritten()
        {
            var r = await Evaluate(Message("Alice <alice@strict.example>"), Stranger, "bounce@other.example");
            Assert.Equal(false, r.Record?.TestMode);
            Assert.Equal(DmarcPolicy.quarantine, r.Disposition);
        }

        // ---- p, sp, np (RFC 9989 §4.7, §4.10.1, §3.2.13) -------------------------------------------------

        [Theory]
        // The record is the Author Domain's own: p.
        [InlineData("parent.example", "p", DmarcPolicy.none)]
        // The record is the Organizational Domain's and the Author Domain exists: sp.
        [InlineData("sub.parent.example", "sp", DmarcPolicy.quarantine)]
        // The Author Domain does not exist (NXDOMAIN, §3.2.13): np.
        [InlineData("nx.parent.example", "np", DmarcPolicy.reject)]
        public async Task ThePolicyTagFollowsTheAuthorDomain(string domain, string tag, DmarcPolicy policy)
        {
            var r = await Evaluate(Message($"Alice <alice@{domain}>"), Stranger, "bounce@other.example");
            Assert.True(r.Result == DmarcResult.fail, Describe(r));
            Assert.Equal("parent.example", r.Record?.PolicyDomain);
            Assert.Equal(tag, r.PolicyTag);
            Assert.Equal(policy, r.RequestedPolicy);
            Assert.Equal(policy, r.Disposition);
        }

        [Fact]
        public async Task WithoutSpOrNpASubdomainGetsP()
        {
            // §4.7 sp: "If both the sp tag is absent and the np tag is either absent or not applicable, the policy
            // specified by the p tag MUST be applied for subdomains." mail.example.com exists; nx.example.com does not.
            var r1 = await Evaluate(Message("Alice <alice@mail.example.com>"), Stranger, "bounce@other.example");
            Assert.Equal("sp", r1.PolicyTag);
            Assert.Equal(DmarcPolicy.reject, r1.Disposition);
            var r2 = await Evaluate(Message("Alice <alice@nx.example.com>"), Stranger, "bounce@other.example");
            Assert.Equal("np", r2.PolicyTag);
            Assert.Equal(DmarcPolicy.reject, r2.Disposition);
        }

        // ---- DNS failures (RFC 9989 §5.3.6) ----------------------------------------------------------------

        [Fact]
        public async Task APolicyQueryThatFailsGivesTemperror()
        {
            // §5.3.6: a DNS query required for DMARC did not complete -> neither pass nor fail; the policy cannot be applied.
            var zone = Zone().Fail("_dmarc.example.com");
            var r = await Evaluate(Signed(Message("Alice <alice@example.com>"), "other.example"), Stranger, "bounce@example.com", zone);
            Assert.True(r.Result == DmarcResult.temperror, Describe(r));
            Assert.Equal("example.com", r.AuthorDomain);
            Assert.Null(r.RequestedPolicy);
            Assert.Equal(DmarcPolicy.none, r.Disposition);
            Assert.Contains("dmarc=temperror", r.AuthenticationResults);
        }

        [Fact]
        public async Task AnSpfQueryThatFailsWithoutAnotherAlignedPassGivesTemperror()
        {
            // The SPF record query fails (RFC 7208 §4.4: temperror); no DKIM signature could align instead, so whether
            // the message passes is unknown (§5.3.6) - not fail, and no policy.
            var zone = Zone();
            zone.Inner.Fail("example.com", DnsRecordType.TXT, "timeout");
            var r = await Evaluate(Message("Alice <alice@example.com>"), Good, "bounce@example.com", zone);
            Assert.True(r.Result == DmarcResult.temperror, Describe(r));
            Assert.Equal("temperror", r.SpfResult);
            Assert.Equal(DmarcPolicy.none, r.Disposition);
        }

        [Fact]
        public async Task ADkimKeyQueryThatFailsWithoutAnotherAlignedPassGivesTemperror()
        {
            // RFC 6376 §6.1.2: a key query that fails temporarily is TEMPFAIL; SPF fails; the verdict is unknown (§5.3.6).
            var zone = Zone().Fail("sel._domainkey.example.com");
            var r = await Evaluate(Signed(Message("Alice <alice@example.com>"), "example.com"), Stranger, "bounce@example.com", zone);
            Assert.True(r.Result == DmarcResult.temperror, Describe(r));
            Assert.Equal("temperror", Assert.Single(r.DkimResults).Result);
        }

        // ---- Results given instead of computed --------------------------------------------------------------

        [Fact]
        public void GivenResultsParseBothForms()
        {
            var spf = DmarcIdentifierResult.Parse("pass:example.com");
            Assert.Equal("pass", spf.Result);
            Assert.Equal("example.com", spf.Domain);
            Assert.Null(spf.Selector);

            var dkim = DmarcIdentifierResult.Parse("dkim=pass header.d=example.com header.s=x");
            Assert.Equal("pass", dkim.Result);
            Assert.Equal("example.com", dkim.Domain);
            Assert.Equal("x", dkim.Selector);

            // RFC 8601 §2.7.2: smtp.mailfrom may hold a whole address; the domain is what DMARC uses (RFC 9989 §3.2.4).
            var mailfrom = DmarcIdentifierResult.Parse("spf=PASS smtp.mailfrom=bounce@Example.COM");
            Assert.Equal("pass", mailfrom.Result);
            Assert.Equal("example.com", mailfrom.Domain);

            Assert.Throws<FormatException>(() => DmarcIdentifierResult.Parse("pass"));
            Assert.Throws<FormatException>(() => DmarcIdentifierResult.Parse("dkim=pass header.s=x"));
        }

        [Fact]
        public async Task GivenResultsAreUsedWithoutAskingSpfOrDkim()
        {
            // An unsigned message, a client that SPF would fail: the given results decide, and no SPF or key query is asked.
            var zone = Zone();
            var r = await Evaluate(Message("Alice <alice@example.com>"), Stranger, "bounce@example.com", zone, configure: q =>
            {
                q.SpfResult = DmarcIdentifierResult.Parse("pass:example.com");
                q.DkimResults = new[] { DmarcIdentifierResult.Parse("dkim=pass header.d=example.com header.s=x") };
            });
            Assert.True(r.Result == DmarcResult.pass, Describe(r));
            Assert.Null(r.Spf);
            Assert.Empty(r.Dkim);
            Assert.Equal("pass", r.SpfResult);
            Assert.Equal("example.com", r.SpfDomain);
            Assert.True(r.SpfAligned);
            Assert.True(r.DkimAligned);
            Assert.DoesNotContain(zone.Asked, a => a.StartsWith("example.com ", StringComparison.Ordinal) || a.Contains("_domainkey"));
            Assert.Contains("dkim=pass header.d=example.com header.s=x", r.AuthenticationResults);
        }

        [Fact]
        public async Task GivenFailingResultsFail()
        {
            var r = await Evaluate(Signed(Message("Alice <alice@example.com>"), "example.com"), Good, "bounce@example.com", configure: q =>
            {
                q.SpfResult = DmarcIdentifierResult.Parse("fail:example.com");
                q.DkimResults = new[] { DmarcIdentifierResult.Parse("dkim=fail header.d=example.com") };
            });
            Assert.True(r.Result == DmarcResult.fail, Describe(r));
            Assert.Equal(DmarcPolicy.reject, r.Disposition);
        }

        // ---- Envelope from header fields ----------------------------------------------------------------------

        private const string Envelope =
            "Return-Path: <bounce@example.com>\r\n" +
            "Received: from mail.sender.example (mail.sender.example [192.0.2.10])\r\n" +
            "\tby mx.receiver.test (Postfix) with ESMTPS id 4Q1;\r\n" +
            "\tMon, 1 Jan 2024 10:00:01 +0000 (UTC)\r\n";

        [Fact]
        public async Task EnvelopeDefaultsComeFromReturnPathAndReceived()
        {
            var r = await Evaluate(Message("Alice <alice@example.com>", Envelope), null, null, helo: null);
            Assert.True(r.Result == DmarcResult.pass, Describe(r));
            Assert.Equal("192.0.2.10", r.ClientIP);
            Assert.Equal("bounce@example.com", r.MailFrom);
            Assert.Equal("mail.sender.example", r.Helo);
            Assert.True(r.SpfAligned);
            Assert.Equal(3, r.InputsFromHeaders.Count);
            Assert.Contains(r.InputsFromHeaders, s => s.Contains("192.0.2.10") && s.Contains("Received"));
            Assert.Contains(r.InputsFromHeaders, s => s.Contains("bounce@example.com") && s.Contains("Return-Path"));
            Assert.Contains(r.InputsFromHeaders, s => s.Contains("mail.sender.example") && s.Contains("Received"));
            var f = Assert.Single(r.Findings, x => x.Id == DmarcEvaluationFindings.EnvelopeFromHeaders.Id);
            Assert.Equal(FindingSeverity.Info, f.Severity);
        }

        [Fact]
        public async Task GivenEnvelopeValuesWinOverHeaderFields()
        {
            var r = await Evaluate(Message("Alice <alice@example.com>", Envelope), Stranger, "other@other.example");
            Assert.Equal(Stranger.ToString(), r.ClientIP);
            Assert.Equal("other@other.example", r.MailFrom);
            Assert.Equal(Helo, r.Helo);
            Assert.Empty(r.InputsFromHeaders);
            Assert.DoesNotContain(r.Findings, x => x.Id == DmarcEvaluationFindings.EnvelopeFromHeaders.Id);
            Assert.True(r.Result == DmarcResult.fail, Describe(r));
        }

        [Fact]
        public async Task ANullReturnPathIsANullReversePath()
        {
            // RFC 7208 §2.4: with a null reverse-path the MAIL FROM identity is postmaster@<HELO>; RFC 9989 §3.2.4 takes that as
            // the SPF Domain. mail.sender.example has no SPF record, so SPF is none and cannot align.
            string env = "Return-Path: <>\r\n" + Envelope.Substring(Envelope.IndexOf("Received", StringComparison.Ordinal));
            var r = await Evaluate(Message("Alice <alice@example.com>", env), null, null, helo: null);
            Assert.Equal(string.Empty, r.MailFrom);
            Assert.Contains(r.InputsFromHeaders, s => s.Contains("null MAIL FROM"));
            Assert.Equal("none", r.SpfResult);
            Assert.True(r.Result == DmarcResult.fail, Describe(r));
        }

        [Fact]
        public async Task NoClientAddressMeansNoSpf()
        {
            var r = await Evaluate(Signed(Message("Alice <alice@example.com>"), "example.com"), null, "bounce@example.com");
            Assert.Null(r.Spf);
            Assert.Equal("none", r.SpfResult);
            Assert.Contains(r.Findings, x => x.Id == DmarcEvaluationFindings.NoClientAddress.Id);
            Assert.True(r.Result == DmarcResult.pass, Describe(r));
        }

        // ---- Bad From fields (RFC 9989 §5.3.1, §4.4, §11.5; RFC 5322 §3.6) -------------------------------------

        private static async Task<DmarcEvaluationResult> BadFrom(string message, string findingId)
        {
            var r = await Evaluate(message, Good, "bounce@example.com");
            // §5.3.1: zero or several author domains -> "DMARC validation is not possible and the process terminates".
            Assert.True(r.Result == DmarcResult.permerror, Describe(r));
            Assert.Null(r.AuthorDomain);
            Assert.Null(r.RequestedPolicy);
            Assert.Equal(DmarcPolicy.none, r.Disposition);
            var f = Assert.Single(r.Findings, x => x.Id == findingId);
            Assert.Equal(FindingSeverity.Error, f.Severity);
            Assert.Contains("RFC 9989 §5.3.1", f.Reference);
            Assert.False(string.IsNullOrEmpty(r.Reason));
            Assert.Contains("dmarc=permerror", r.AuthenticationResults);
            Assert.DoesNotContain("header.from=", r.AuthenticationResults);
            return r;
        }

        [Fact]
        public async Task NoFromField()
            => await BadFrom(Message(null), DmarcEvaluationFindings.NoFrom.Id);

        [Fact]
        public async Task TwoFromFields()
        {
            // RFC 5322 §3.6 allows exactly one From; RFC 9989 §4.4: no alignment with a repeated From field, even when
            // both name the same domain.
            var r = await BadFrom(Message("Alice <alice@example.com>", "From: Mallory <mallory@example.com>\r\n"), DmarcEvaluationFindings.MultipleFromFields.Id);
            Assert.Equal(2, r.FromAddresses.Count);
        }

        [Fact]
        public async Task TwoAddressesInDifferentDomains()
        {
            var r = await BadFrom(Message("alice@example.com, mallory@other.example"), DmarcEvaluationFindings.MultipleAuthorDomains.Id);
            Assert.Equal(new[] { "alice@example.com", "mallory@other.example" }, r.FromAddresses);
        }

        [Fact]
        public async Task TwoAddressesInOneDomainHaveOneAuthorDomain()
        {
            // §5.3.1 counts domains, not addresses: one domain is extracted, so evaluation goes on.
            var r = await Evaluate(Message("alice@example.com, bob@EXAMPLE.com"), Good, "bounce@example.com");
            Assert.True(r.Result == DmarcResult.pass, Describe(r));
            Assert.Equal("example.com", r.AuthorDomain);
        }

        [Fact]
        public async Task AGroupsMembersAreItsAddresses()
        {
            // RFC 6854 §2.1 updates RFC 5322 §3.6.2 to allow group syntax in From (from = "From:" (mailbox-list / address-list)).
            // The group's one member gives one domain, which §5.3.1 needs.
            var r = await Evaluate(Message("Friends: alice@example.com;"), Good, "bounce@example.com");
            Assert.True(r.Result == DmarcResult.pass, Describe(r));
            Assert.Equal("example.com", r.AuthorDomain);
        }

        [Fact]
        public async Task AGroupWithMembersInTwoDomains()
            => await BadFrom(Message("Friends: alice@example.com, mallory@other.example;"), DmarcEvaluationFindings.MultipleAuthorDomains.Id);

        [Fact]
        public async Task AnEmptyGroupHasNoDomain()
            => await BadFrom(Message("undisclosed-recipients:;"), DmarcEvaluationFindings.UnparseableFrom.Id);

        [Theory]
        [InlineData("not an address")]
        [InlineData("alice@")]
        // RFC 5322 §3.4.1: a domain is dot-atom, domain-literal or obs-domain; "exa mple.com" is none of them, so no domain
        // can be read - the field must not be read as alice@exa (a lenient parser's guess) and "mple.com".
        [InlineData("<alice@exa mple.com>")]
        // Text after the angle-addr is not a mailbox-list (RFC 5322 §3.4); a lenient parser takes alice@example.com and "junk".
        [InlineData("Alice <alice@example.com> junk")]
        // A domain-literal is not a domain name: there is no DNS name to look a policy up for.
        [InlineData("Alice <alice@[192.0.2.1]>")]
        [InlineData("")]
        public async Task UnparseableFrom(string from)
            => await BadFrom(Message(from), DmarcEvaluationFindings.UnparseableFrom.Id);

        [Fact]
        public async Task AnIdnAuthorDomainIsUsedAsAnALabel()
        {
            // §5.3.1: "If the domain is a U-label, the domain MUST be converted to an A-label" (RFC 5890 §2.3):
            // bücher.example -> xn--bcher-kva.example, whose record and signature then apply. The field is UTF-8 (RFC 6532).
            string message = Signed(Message("Bücher <info@bücher.example>"), "xn--bcher-kva.example");
            var r = await Evaluate(message, Stranger, "bounce@other.example");
            Assert.True(r.Result == DmarcResult.pass, Describe(r));
            Assert.Equal("xn--bcher-kva.example", r.AuthorDomain);
            Assert.Equal("xn--bcher-kva.example", r.Record?.PolicyDomain);
            Assert.True(r.DkimAligned);
            Assert.EndsWith("header.from=xn--bcher-kva.example", r.AuthenticationResults);
        }

        [Fact]
        public async Task AnIdnAuthorDomainWithoutSignatureFailsUnderItsOwnPolicy()
        {
            var r = await Evaluate(Message("Bücher <info@bücher.example>"), Stranger, "bounce@other.example");
            Assert.True(r.Result == DmarcResult.fail, Describe(r));
            Assert.Equal("xn--bcher-kva.example", r.AuthorDomain);
            Assert.Equal(DmarcPolicy.reject, r.Disposition);
        }

        // ---- Authentication-Results (RFC 8601 §2.2) ------------------------------------------------------------

        // authserv-id *( ";" method "=" result *( ptype "." property "=" value ) ), comments in parentheses removed.
        private static (string AuthServId, List<(string Method, string Result, Dictionary<string, string> Props)> Results) ParseAr(string value)
        {
            string noComments = Regex.Replace(value, @"\([^()]*\)", " ");
            var parts = noComments.Split(';').Select(p => p.Trim()).ToList();
            var results = new List<(string, string, Dictionary<string, string>)>();
            foreach (string part in parts.Skip(1))
            {
                var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var m = Regex.Match(words[0], @"^([a-z0-9-]+)=([a-z]+)$");
                Assert.True(m.Success, $"'{words[0]}' is not method=result in '{value}'");
                var props = new Dictionary<string, string>();
                foreach (string w in words.Skip(1))
                {
                    var p = Regex.Match(w, @"^(smtp|header|body|policy)\.([a-z0-9-]+)=(\S+)$");
                    Assert.True(p.Success, $"'{w}' is not ptype.property=value in '{value}'");
                    props[p.Groups[1].Value + "." + p.Groups[2].Value] = p.Groups[3].Value;
                }
                results.Add((m.Groups[1].Value, m.Groups[2].Value, props));
            }
            return (parts[0], results);
        }

        [Fact]
        public async Task AuthenticationResultsOfAComputedEvaluation()
        {
            var r = await Evaluate(Signed(Message("Alice <alice@example.com>"), "mail.example.com"), Good, "bounce@bounce.example.com");
            var (id, results) = ParseAr(r.AuthenticationResults);
            Assert.Equal("mx.receiver.test", id);
            Assert.Equal(new[] { "spf", "dkim", "dmarc" }, results.Select(x => x.Method));
            Assert.Equal("pass", results[0].Result);
            Assert.Equal("bounce@bounce.example.com", results[0].Props["smtp.mailfrom"]);
            Assert.Equal("pass", results[1].Result);
            Assert.Equal("mail.example.com", results[1].Props["header.d"]);
            Assert.Equal("sel", results[1].Props["header.s"]);
            Assert.Equal("pass", results[2].Result);
            // RFC 7489 §11.2 registers header.from for the dmarc method.
            Assert.Equal("example.com", results[2].Props["header.from"]);
        }

        [Fact]
        public async Task AuthenticationResultsOfAFailure()
        {
            var r = await Evaluate(Message("Alice <alice@example.com>"), Stranger, "bounce@example.com");
            var (_, results) = ParseAr(r.AuthenticationResults);
            Assert.Equal(new[] { "spf", "dkim", "dmarc" }, results.Select(x => x.Method));
            Assert.Equal("fail", results[0].Result);
            // RFC 8601 §2.7.1: dkim=none when the message was not signed.
            Assert.Equal("none", results[1].Result);
            Assert.Equal("fail", results[2].Result);
            Assert.Equal("example.com", results[2].Props["header.from"]);
            Assert.Contains("p=reject", r.AuthenticationResults);
        }

        [Fact]
        public async Task AuthenticationResultsOfTheHeloIdentity()
        {
            // A null reverse-path: SPF checked the HELO identity, reported as smtp.helo (RFC 8601 §2.7.2).
            var r = await Evaluate(Message("Alice <alice@example.com>"), Good, "", helo: "example.com");
            var (_, results) = ParseAr(r.AuthenticationResults);
            var spf = results.Single(x => x.Method == "spf");
            Assert.Equal("pass", spf.Result);
            Assert.Equal("example.com", spf.Props["smtp.helo"]);
            Assert.True(r.Result == DmarcResult.pass, Describe(r));
        }

        [Fact]
        public async Task AuthenticationResultsOfAPermerrorHaveNoHeaderFrom()
        {
            var r = await Evaluate(Message("alice@example.com, mallory@other.example"), Good, "bounce@example.com");
            var (id, results) = ParseAr(r.AuthenticationResults);
            Assert.Equal("mx.receiver.test", id);
            var dmarc = results.Single(x => x.Method == "dmarc");
            Assert.Equal("permerror", dmarc.Result);
            Assert.False(dmarc.Props.ContainsKey("header.from"));
        }

        [Fact]
        public async Task ToStringNamesTheVerdictAndTheDomain()
        {
            var r = await Evaluate(Message("Alice <alice@example.com>"), Stranger, "bounce@example.com");
            Assert.Equal("dmarc=fail header.from=example.com", r.ToString());
        }

        [Fact]
        public async Task ArgumentsAreChecked()
        {
            await Assert.ThrowsAsync<ArgumentNullException>(() => DmarcEvaluator.EvaluateAsync(null!, Zone()));
            await Assert.ThrowsAsync<ArgumentNullException>(() => DmarcEvaluator.EvaluateAsync(new DmarcEvaluationRequest(Bytes("x")), null!));
            Assert.Throws<ArgumentNullException>(() => new DmarcEvaluationRequest(null!));
        }
    }
}
