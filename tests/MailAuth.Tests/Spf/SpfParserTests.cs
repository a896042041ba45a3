using System.Linq;
using MailAuth.Spf;
using Xunit;

namespace MailAuth.Tests.Spf
{
    public class SpfParserTests
    {
        // Records from RFC 7208 §5 and Appendix A, and macro uses from §7.4: all valid.
        [Theory]
        [InlineData("v=spf1 +all")]
        [InlineData("v=spf1 a -all")]
        [InlineData("v=spf1 a:example.org -all")]
        [InlineData("v=spf1 mx -all")]
        [InlineData("v=spf1 mx:example.org -all")]
        [InlineData("v=spf1 mx mx:example.org -all")]
        [InlineData("v=spf1 mx/30 mx:example.org/30 -all")]
        [InlineData("v=spf1 ptr -all")]
        [InlineData("v=spf1 ip4:192.0.2.128/28 -all")]
        [InlineData("v=spf1 include:example.com include:example.net -all")]
        [InlineData("v=spf1 redirect=example.com")]
        [InlineData("v=spf1 mx:example.com -all exp=explain._spf.%{d}")]
        [InlineData("v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} -all")]
        [InlineData("v=spf1 exists:%{ir}.%{v}._spf.%{d2}")]
        [InlineData("v=spf1 exists:%{lr-}.lp._spf.%{d2}")]
        [InlineData("v=spf1 exists:%{lr-}.lp.%{ir}.%{v}._spf.%{d2}")]
        [InlineData("v=spf1 a:%{d2}.trusted-domains.example.net")]
        [InlineData("v=spf1 ip6:2001:db8::/32 ip6:::1 ?all")]
        [InlineData("v=spf1 a/24//64 -all")]
        [InlineData("v=spf1 a//64 ~all")]
        [InlineData("v=spf1")]                               // empty record: valid, evaluates to neutral
        [InlineData("v=spf1 a  -all")]                        // several spaces separate terms (rfc7208-tests two-spaces)
        [InlineData("v=spf1 a -all ")]                        // trailing space (rfc7208-tests trailing-space)
        [InlineData("V=sPf1 +all")]                           // version is case-insensitive (RFC 5234 §2.3)
        [InlineData("v=spf1 moo.cow-far_out=man:dog/cat ip4:1.2.3.4 -all")] // unknown modifier is ignored (§6)
        [InlineData("v=spf1 a:foo:bar/baz.example.com")]       // domain-spec may hold any visible char but %
        [InlineData("v=spf1 a:foo.example.xn--zckzah -all")]  // toplabel with dashes (rfc7208-tests a-dash-in-toplabel)
        [InlineData("v=spf1 a:%{H}.bar -all")]                 // upper-case macro letter means URL-escape (§7.3)
        [InlineData("v=spf1 -all exp=exp.example.net")]
        [InlineData("v=spf1 ip4:1.1.1.1/0 -all")]
        [InlineData("v=spf1 a//33 -all")]                      // 33 is a valid IPv6 prefix (rfc7208-tests a-cidr6-0-ip4 e6: fail, not permerror)
        [InlineData("v=spf1 include:foo.com. -all")]           // a trailing dot is allowed (§7.1 domain-end)
        public void AcceptsValidRecords(string record)
        {
            var parsed = SpfParser.Parse(record);
            Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors.Select(e => e.Message)));
            Assert.All(parsed.Terms, t => Assert.True(t.IsValid));
        }

        // Each has a syntax error under RFC 7208 §12; the suite case named in the comment expects permerror.
        [Theory]
        [InlineData("v=spf1 ip4:1.2.3.4 -all moo", "Spf.UnknownMechanism")]            // unknown-mech
        [InlineData("v=spf1 moo.cow/far_out=man:dog/cat ip4:1.2.3.4 -all", "Spf.UnknownMechanism")] // invalid-modifier
        [InlineData("v=spf1 ip4:1.2.3.4 redirect:t2.example.com", "Spf.UnknownMechanism")] // redirect-is-modifier
        [InlineData("v=spf1 a:foo-bar -all", "Spf.SyntaxError")]                     // invalid-domain: single label
        [InlineData("v=spf1 -all.", "Spf.SyntaxError")]                              // all-dot
        [InlineData("v=spf1 -all:foobar", "Spf.SyntaxError")]                        // all-arg
        [InlineData("v=spf1 -all/8", "Spf.SyntaxError")]                             // all-cidr
        [InlineData("v=spf1 ptr/0 -all", "Spf.SyntaxError")]                         // ptr-cidr
        [InlineData("v=spf1 ptr:", "Spf.SyntaxError")]                               // ptr-empty-domain
        [InlineData("v=spf1 a:111.222.33.44", "Spf.SyntaxError")]                    // a-numeric
        [InlineData("v=spf1 a:abc.123", "Spf.SyntaxError")]                          // a-numeric-toplabel
        [InlineData("v=spf1 a:museum", "Spf.SyntaxError")]                           // a-only-toplabel
        [InlineData("v=spf1 a:museum.", "Spf.SyntaxError")]                          // a-only-toplabel-trailing-dot
        [InlineData("v=spf1 a/33 -all", "Spf.SyntaxError")]                          // a-bad-cidr4
        [InlineData("v=spf1 a//129 -all", "Spf.SyntaxError")]                        // a-bad-cidr6
        [InlineData("v=spf1 a/24/64 -all", "Spf.SyntaxError")]                       // a-dual-cidr-ip4-err
        [InlineData("v=spf1 a:example.com:8080", "Spf.SyntaxError")]                 // a-colon-domain-ip4mapped / port
        [InlineData("v=spf1 a:example.-com", "Spf.SyntaxError")]                     // a-bad-toplabel
        [InlineData("v=spf1 a:", "Spf.SyntaxError")]                                 // a-empty-domain
        [InlineData("v=spf1 include:ip5.example.com/24 -all", "Spf.SyntaxError")]    // include-cidr
        [InlineData("v=spf1 include: -all", "Spf.SyntaxError")]                      // include-empty-domain
        [InlineData("v=spf1 include +all", "Spf.SyntaxError")]                       // include-syntax-error
        [InlineData("v=spf1 exists:", "Spf.SyntaxError")]                            // exists-empty-domain
        [InlineData("v=spf1 exists", "Spf.SyntaxError")]                             // exists-implicit
        [InlineData("v=spf1 exists:mail.example.com/24", "Spf.SyntaxError")]         // exists-cidr
        [InlineData("v=spf1 ip4:1.2.3.4/33 -all", "Spf.SyntaxError")]                // cidr4-33
        [InlineData("v=spf1 ip4:1.2.3.4/032 -all", "Spf.SyntaxError")]               // cidr4-032
        [InlineData("v=spf1 ip4:192.0.2.300 -all", "Spf.SyntaxError")]
        [InlineData("v=spf1 ip4:192.0.2 -all", "Spf.SyntaxError")]
        [InlineData("v=spf1 ip6:192.0.2.1 -all", "Spf.SyntaxError")]
        [InlineData("v=spf1 ip6:2001:db8::/129 -all", "Spf.SyntaxError")]
        [InlineData("v=spf1 a:foo.example.com\0", "Spf.SyntaxError")]                // a-null
        [InlineData("v=spf1 a:ctrl.example.com\rptr -all", "Spf.SyntaxError")]       // control character is no separator
        [InlineData("v=spf1 ip4:192.0.2.5\n include:spf.example.com ~all", "Spf.SyntaxError")] // badip4
        [InlineData("v=spf1 exists:%{c}.example.com", "Spf.SyntaxError")]            // exp-only-macro-char (§7.2)
        [InlineData("v=spf1 a:%{q}.example.com", "Spf.SyntaxError")]                 // not a macro letter
        [InlineData("v=spf1 a:%{d0}.example.com", "Spf.SyntaxError")]                // zero labels
        [InlineData("v=spf1 a:%{d.example.com", "Spf.SyntaxError")]                  // unclosed macro
        [InlineData("v=spf1 a:50%.example.com", "Spf.SyntaxError")]                  // '%' must be escaped
        [InlineData("v=spf1 redirect=a.example redirect=b.example", "Spf.DuplicateModifier")]
        [InlineData("v=spf1 -all exp=a.example exp=b.example", "Spf.DuplicateModifier")]
        [InlineData("v=spf1 include:_spf.example.com ~al", "Spf.UnknownMechanism")]
        public void RejectsInvalidRecords(string record, string findingId)
        {
            var parsed = SpfParser.Parse(record);
            Assert.False(parsed.IsValid);
            Assert.Contains(parsed.Errors, e => e.Id == findingId);
        }

        [Fact]
        public void ParsesTermsWithQualifiersValuesAndPrefixLengths()
        {
            var parsed = SpfParser.Parse("v=spf1 -ip4:192.0.2.0/24 ~a:mail.example.com/28//64 ?mx include:_spf.example.net +exists:%{i}.x.example redirect=other.example");
            Assert.True(parsed.IsValid);
            var t = parsed.Terms;
            Assert.Equal(6, t.Count);

            Assert.Equal(("ip4", SpfQualifier.fail, "192.0.2.0", (int?)24, (int?)null), (t[0].Name, t[0].Qualifier!.Value, t[0].Value, t[0].Ip4Cidr, t[0].Ip6Cidr));
            Assert.Equal(8, t[0].Position);
            Assert.Equal(("a", SpfQualifier.softfail, "mail.example.com", (int?)28, (int?)64), (t[1].Name, t[1].Qualifier!.Value, t[1].Value, t[1].Ip4Cidr, t[1].Ip6Cidr));
            Assert.Equal(("mx", SpfQualifier.neutral, (string?)null), (t[2].Name, t[2].Qualifier!.Value, t[2].Value));
            Assert.Equal(("include", SpfQualifier.pass, "_spf.example.net"), (t[3].Name, t[3].Qualifier!.Value, t[3].Value));
            Assert.Equal(("exists", "%{i}.x.example"), (t[4].Name, t[4].Value));
            Assert.Equal(SpfTermKind.Modifier, t[5].Kind);
            Assert.Null(t[5].Qualifier);
            Assert.Equal(("redirect", "other.example"), (t[5].Name, t[5].Value));
            Assert.Equal("other.example", parsed.Redirect!.Value);
        }

        [Fact]
        public void ErrorNamesTheTermAndItsPosition()
        {
            // "ip4:192.0.2.300" starts at character 23 of the record (1-based).
            var parsed = SpfParser.Parse("v=spf1 a mx -ptr:x.ex ip4:192.0.2.300 -all");
            var error = Assert.Single(parsed.Errors);
            Assert.Contains("'ip4:192.0.2.300'", error.Message);
            Assert.Contains("position 23", error.Message);
            Assert.Equal("RFC 7208 §4.6, §12", error.Reference);
        }

        [Fact]
        public void ABareDomainGetsAnIncludeHint()
        {
            // A common slip: "include _spf.example.com" (space for colon) leaves a bare domain term.
            var parsed = SpfParser.Parse("v=spf1 include _spf.example.com -all");
            Assert.Equal(2, parsed.Errors.Count);
            Assert.Contains("include:_spf.example.com", parsed.Errors[1].Message);
        }

        [Theory]
        [InlineData("v=spf1", true)]
        [InlineData("v=spf1 -all", true)]
        [InlineData("V=SPF1 -all", true)]
        [InlineData("v=spf10", false)]           // rfc7208-tests nospace1: version ends at SP or end
        [InlineData("v=spf1-all", false)]
        [InlineData("spf1 -all", false)]
        [InlineData(" v=spf1 -all", false)]
        [InlineData("", false)]
        [InlineData(null, false)]
        public void RecognisesVersionSection(string? text, bool expected) => Assert.Equal(expected, SpfParser.IsSpfRecord(text));

        [Fact]
        public void HugeRecordIsRejectedWithoutParsing()
        {
            var parsed = SpfParser.Parse("v=spf1 " + new string('a', SpfParser.MaxRecordLength));
            Assert.False(parsed.IsValid);
            Assert.Empty(parsed.Terms);
        }
    }
}
