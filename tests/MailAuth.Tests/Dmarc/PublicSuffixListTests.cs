using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MailAuth.Dmarc;
using Xunit;

namespace MailAuth.Tests.Dmarc
{
    // The Public Suffix List's own test vectors (TestData/psl/tests.txt, CC0), one xunit case each, against the list embedded
    // in MailAuth.dll; then the list's matching rules on their own.
    public class PublicSuffixListTests
    {
        public static IEnumerable<object?[]> OfficialVectors()
        {
            string path = Path.Combine(AppContext.BaseDirectory, "TestData", "psl", "tests.txt");
            int line = 0;
            foreach (string raw in File.ReadAllLines(path))
            {
                line++;
                string text = raw.Trim();
                if (text.Length == 0 || text.StartsWith("//", StringComparison.Ordinal)) continue;
                var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                Assert.Equal(2, parts.Length);
                yield return new object?[] { line, parts[0] == "null" ? null : parts[0], parts[1] == "null" ? null : parts[1] };
            }
        }

        [Fact]
        public void TheVectorFileHasTheDocumented78Cases()
        {
            // testdata/SOURCES.md: "Official PSL test vectors ...: 78 cases."
            Assert.Equal(78, OfficialVectors().Count());
        }

        [Theory]
        [MemberData(nameof(OfficialVectors))]
        public void RegistrableDomainMatchesTheListsOwnTestVectors(int line, string? domain, string? expected)
        {
            Assert.True(line > 0);
            Assert.Equal(expected, PublicSuffixList.Default.GetRegistrableDomain(domain));
        }

        [Fact]
        public void TheEmbeddedListIsLoadedWithBothSections()
        {
            var psl = PublicSuffixList.Default;
            Assert.True(psl.RuleCount > 9000, $"only {psl.RuleCount} rules");
            // uk.com is in the PRIVATE section; without it, com is the suffix.
            Assert.Equal("example.uk.com", psl.GetRegistrableDomain("www.example.uk.com"));
            Assert.Equal("uk.com", psl.GetRegistrableDomain("www.example.uk.com", includePrivateDomains: false));
            Assert.Equal("co.uk", psl.GetPublicSuffix("www.example.co.uk"));
            Assert.True(psl.IsPublicSuffix("co.uk"));
            Assert.False(psl.IsPublicSuffix("example.co.uk"));
        }

        [Theory]
        [InlineData("www.example.com.", "example.com")]          // a trailing dot is ignored
        [InlineData("a.b.example.example", "example.example")]   // unlisted TLD: the default rule "*"
        [InlineData("mail.contoso-retail.example", "contoso-retail.example")]
        [InlineData("x.y.www.ck", "www.ck")]                      // exception rule !www.ck
        [InlineData("a.b.c.kobe.jp", "b.c.kobe.jp")]              // wildcard rule *.kobe.jp
        [InlineData("www.city.kobe.jp", "city.kobe.jp")]          // exception !city.kobe.jp beats the wildcard
        [InlineData("a..example.com", null)]                      // an empty label
        [InlineData("", null)]
        public void MatchesByTheListsAlgorithm(string domain, string? expected)
        {
            Assert.Equal(expected, PublicSuffixList.Default.GetRegistrableDomain(domain));
        }

        [Fact]
        public void LoadsAListFromText()
        {
            var psl = PublicSuffixList.Load(new StringReader("// comment\nexample\n*.wild.example\n!ok.wild.example\n// ===BEGIN PRIVATE DOMAINS===\nhost.example  trailing words\n// ===END PRIVATE DOMAINS===\n"));
            Assert.Equal(4, psl.RuleCount);
            Assert.Equal("a.example", psl.GetRegistrableDomain("b.a.example"));
            Assert.Equal("b.x.wild.example", psl.GetRegistrableDomain("c.b.x.wild.example"));
            Assert.Equal("ok.wild.example", psl.GetRegistrableDomain("w.ok.wild.example"));
            Assert.Equal("a.host.example", psl.GetRegistrableDomain("b.a.host.example"));
            Assert.Equal("host.example", psl.GetRegistrableDomain("b.a.host.example", includePrivateDomains: false));
            Assert.Throws<ArgumentNullException>(() => PublicSuffixList.Load(null!));
        }
    }
}
