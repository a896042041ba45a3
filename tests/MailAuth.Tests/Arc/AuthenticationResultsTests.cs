using System.Linq;
using MailAuth.AuthResults;
using Xunit;

namespace MailAuth.Tests.Arc
{
    /// <summary>The Authentication-Results parser on the examples of RFC 8601 Appendix B and on broken input.</summary>
    public class AuthenticationResultsTests
    {
        [Fact]
        public void Rfc8601_B2_NoResults()
        {
            var ar = AuthenticationResults.Parse(" example.org 1; none");
            Assert.Equal("example.org", ar.AuthServId);
            Assert.Equal("1", ar.Version);
            Assert.True(ar.NoResult);
            Assert.Empty(ar.Results);
            Assert.Empty(ar.Errors);
        }

        [Fact]
        public void Rfc8601_B3_OneResult()
        {
            var ar = AuthenticationResults.Parse(" example.com;\r\n           spf=pass smtp.mailfrom=example.net");
            var spf = Assert.Single(ar.Results);
            Assert.Equal("spf", spf.Method);
            Assert.Equal("pass", spf.Result);
            Assert.Equal("example.net", spf["smtp.mailfrom"]);
        }

        [Fact]
        public void Rfc8601_B4_SeveralResultsWithCommentsAndVersions()
        {
            var ar = AuthenticationResults.Parse(" example.com;\r\n      auth=pass (cram-md5) smtp.auth=sender@example.net;\r\n      spf=pass smtp.mailfrom=example.net");
            Assert.Equal(new[] { "auth", "spf" }, ar.Results.Select(r => r.Method));
            Assert.Equal("cram-md5", Assert.Single(ar.Results[0].Comments));
            Assert.Equal("sender@example.net", ar.Results[0]["smtp.auth"]);
        }

        [Fact]
        public void Rfc8601_B6_VersionOnMethodAndQuotedReason()
        {
            var ar = AuthenticationResults.Parse(" mail-router.example.net;\r\n  dkim/1=pass (good signature) header.d=newyork.example.com header.b=oINEO8hg;\r\n" +
                "  dkim=fail reason=\"bad signature\" header.i=@newyork.example.com");
            Assert.Equal("1", ar.Results[0].MethodVersion);
            Assert.Equal("newyork.example.com", ar.Results[0]["header.d"]);
            Assert.Equal("bad signature", ar.Results[1].Reason);
            Assert.Equal("@newyork.example.com", ar.Results[1]["header.i"]);
        }

        [Fact]
        public void WhitespaceAroundEqualsIsAllowed()
        {
            var ar = AuthenticationResults.Parse("mx.example; dkim = pass header.d = example.com");
            Assert.Equal("pass", ar["dkim"]!.Result);
            Assert.Equal("example.com", ar["dkim"]!["header.d"]);
        }

        [Theory]
        [InlineData("")]
        [InlineData(";;;")]
        [InlineData("mx.example; =pass")]
        [InlineData("mx.example; spf")]
        [InlineData("mx.example; spf=pass (unclosed comment")]
        [InlineData("mx.example; spf=pass smtp.=x")]
        [InlineData("mx.example; spf=\"unclosed")]
        public void BrokenInputIsReportedNotThrown(string text)
        {
            var ar = AuthenticationResults.Parse(text);
            Assert.NotEmpty(ar.Errors);
        }

        [Fact]
        public void HugeInputIsCut()
        {
            var ar = AuthenticationResults.Parse("mx.example; " + string.Concat(Enumerable.Repeat("spf=pass; ", 20000)));
            Assert.True(ar.Results.Count <= AuthenticationResults.MaxResults);
            Assert.NotEmpty(ar.Errors);
        }
    }
}
