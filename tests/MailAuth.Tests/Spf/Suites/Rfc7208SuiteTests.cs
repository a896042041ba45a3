using System;
using System.Threading.Tasks;
using Xunit;

namespace MailAuth.Tests.Spf.Suites
{
    /// <summary>
    /// The openspf.org RFC 7208 suite (pyspf test/rfc7208-tests.yml, 16 scenarios, 203 tests), every test
    /// as its own case against check_host() over the scenario's zonedata. See TestData/spf/SOURCES.md.
    /// </summary>
    public class Rfc7208SuiteTests
    {
        internal static readonly Lazy<OpenSpfSuite> Suite = new Lazy<OpenSpfSuite>(() => OpenSpfSuite.Load("rfc7208-tests.yml"));

        public static TheoryData<string> Cases()
        {
            var data = new TheoryData<string>();
            foreach (var test in Suite.Value.Tests) data.Add(test.Id);
            return data;
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public async Task ConformsToTheSuite(string id)
        {
            var test = Suite.Value[id];
            var result = await OpenSpfSuite.RunAsync(test);
            // A list of results means any of them is compliant; "DEFAULT" means no exp= explanation applies.
            SpfSuiteAssert.Matches(id, test.Results, test.Explanation, result);
        }

        [Fact]
        public void EveryTestOfTheSuiteIsACase()
        {
            Assert.Equal(16, Suite.Value.Scenarios.Count);
            Assert.Equal(203, Suite.Value.Tests.Count);
            Assert.Equal(203, Cases().Count);
        }
    }
}
