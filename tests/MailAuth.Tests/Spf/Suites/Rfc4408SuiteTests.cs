using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MailAuth.Spf;
using Xunit;

namespace MailAuth.Tests.Spf.Suites
{
    /// <summary>
    /// The openspf.org RFC 4408 suite (release 2009.10, pyspf test/rfc4408-tests.yml, 15 scenarios,
    /// 191 tests) run like the RFC 7208 one. The evaluator implements RFC 7208, which obsoletes RFC 4408;
    /// where RFC 7208 changed the expected result the table below says why, and the RFC 7208 result is
    /// asserted instead. Every other test must give a result its RFC 4408 expectation allows.
    /// </summary>
    /// <remarks>
    /// Where RFC 7208 changed the expectation (ids are "scenario/test"):
    /// <code>
    /// | test id                                      | RFC 4408 suite                 | RFC 7208 | why (RFC 7208)                                                                                                   |
    /// |----------------------------------------------|--------------------------------|----------|------------------------------------------------------------------------------------------------------------------|
    /// | Record lookup/txtonly                        | fail or none                   | fail     | §3.1, §4.4: records are TXT only and TXT is always queried, so a TXT-only domain is never "none".              |
    /// | Record lookup/spfonly                        | fail or none                   | none     | §3.1, §4.4, App. B: type SPF (99) is not queried; with no TXT record there is no record (§4.5: none).          |
    /// | Record lookup/spftimeout                     | fail or temperror              | fail     | §4.4: only TXT is queried, so the timing-out SPF-type query never happens; the TXT record says -all.           |
    /// | Record lookup/txttimeout                     | fail or temperror              | temperror| §4.4: the TXT query (the only one) times out: temperror. The SPF-type record is not a fallback.               |
    /// | Record lookup/nospftxttimeout                | temperror or none              | temperror| §4.4: the TXT query times out: temperror.                                                                        |
    /// | Selecting records/spfoverride                | pass or fail                   | fail     | §3.1, App. B: SPF-type records no longer override TXT; the TXT record is -all.                                  |
    /// | Selecting records/multitxt1                  | pass or permerror              | permerror| §4.5: two v=spf1 TXT records: permerror; the SPF-type record that used to override them is not consulted.      |
    /// | Selecting records/multispf2                  | permerror or pass              | pass     | §3.1, §4.5: the two SPF-type records are not consulted; the single TXT record is +all.                          |
    /// | EXISTS mechanism syntax/exists-dnserr        | fail or temperror              | temperror| §5 (last paragraph before §5.1): a DNS error or timeout stops the mechanism; check_host() returns temperror. |
    /// | IP6 mechanism syntax/cidr6-0-ip4             | neutral or pass                | neutral  | §5: "IPv4 &lt;ip&gt; addresses are only listed in an SPF record using the ip4 mechanism": ip6::/0 never matches IPv4. |
    /// | IP6 mechanism syntax/cidr6-ip4               | neutral or pass                | neutral  | §5 (as above): ip6:::1.1.1.1/96 does not match the IPv4 client 1.1.1.1.                                          |
    /// | Processing limits/mx-limit                   | neutral, pass or permerror     | permerror| §4.6.4: more than 10 MX hosts to look up: "the mx mechanism MUST produce a permerror result".                  |
    /// </code>
    /// These are the tests whose expectation the 2014.04 suite release narrowed for RFC 7208
    /// (rfc7208-tests.CHANGES: "Updated multiple tests not to consider type SPF records", "Modified multiple
    /// tests to remove ambiguous results", "Changed mx-limit test to produce permerror"). The 4408 suite's
    /// list already allows each RFC 7208 result; asserting the single RFC 7208 answer is the stricter check.
    /// </remarks>
    public class Rfc4408SuiteTests
    {
        internal static readonly Lazy<OpenSpfSuite> Suite = new Lazy<OpenSpfSuite>(() => OpenSpfSuite.Load("rfc4408-tests.yml"));

        /// <summary>Test id → the result RFC 7208 requires there (see the table above).</summary>
        internal static readonly IReadOnlyDictionary<string, SpfResult> Rfc7208Changes = new Dictionary<string, SpfResult>(StringComparer.Ordinal)
        {
            ["Record lookup/txtonly"] = SpfResult.fail,
            ["Record lookup/spfonly"] = SpfResult.none,
            ["Record lookup/spftimeout"] = SpfResult.fail,
            ["Record lookup/txttimeout"] = SpfResult.temperror,
            ["Record lookup/nospftxttimeout"] = SpfResult.temperror,
            ["Selecting records/spfoverride"] = SpfResult.fail,
            ["Selecting records/multitxt1"] = SpfResult.permerror,
            ["Selecting records/multispf2"] = SpfResult.pass,
            ["EXISTS mechanism syntax/exists-dnserr"] = SpfResult.temperror,
            ["IP6 mechanism syntax/cidr6-0-ip4"] = SpfResult.neutral,
            ["IP6 mechanism syntax/cidr6-ip4"] = SpfResult.neutral,
            ["Processing limits/mx-limit"] = SpfResult.permerror,
        };

        public static TheoryData<string> Cases()
        {
            var data = new TheoryData<string>();
            foreach (var test in Suite.Value.Tests) data.Add(test.Id);
            return data;
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public async Task ConformsToTheSuiteOrToRfc7208(string id)
        {
            var test = Suite.Value[id];
            var result = await OpenSpfSuite.RunAsync(test);
            IReadOnlyList<SpfResult> expected = Rfc7208Changes.TryGetValue(id, out var rfc7208) ? new[] { rfc7208 } : test.Results;
            SpfSuiteAssert.Matches(id, expected, test.Explanation, result);
        }

        [Fact]
        public void EveryTestOfTheSuiteIsACase()
        {
            Assert.Equal(15, Suite.Value.Scenarios.Count);
            Assert.Equal(191, Suite.Value.Tests.Count);
            Assert.Equal(191, Cases().Count);
        }

        [Fact]
        public void TheRfc7208TableNamesRealTestsAndNarrowsTheirExpectation()
        {
            foreach (var change in Rfc7208Changes)
            {
                var test = Suite.Value[change.Key];
                // Each RFC 7208 result is one the 4408 suite already allowed, out of several.
                Assert.Contains(change.Value, test.Results);
                Assert.True(test.Results.Count > 1, change.Key);
                // And it is what the RFC 7208 suite itself expects for the same test name.
                var same = Rfc7208SuiteTests.Suite.Value.Tests.Single(t => t.Name == test.Name);
                Assert.Equal(new[] { change.Value }, same.Results);
            }
        }
    }
}
