using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using MailAuth.Dns;
using Xunit;

namespace MailAuth.Tests.Dns
{
    public class ZoneFileParserTests
    {
        internal static string ZonePath(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "zones", name);

        private static ZoneFileContent Load(string name) => ZoneFileParser.ParseFile(ZonePath(name));

        private static T[] At<T>(ZoneFileContent content, string name) where T : DnsRecord
            => content.Records.Where(r => r.Name == name).OfType<T>().ToArray();

        private static ZoneFileException ParseError(string text, string? origin = null)
            => Assert.Throws<ZoneFileException>(() => ZoneFileParser.Parse(text, "bad.zone", origin));

        // ---- example.com.zone ---------------------------------------------------------------

        [Fact]
        public void ExampleZone_HasEveryKeptRecord()
        {
            var zone = Load("example.com.zone");
            // Counted by hand: 32 record entries in the file, less the SPF and CAA ones.
            Assert.Equal(30, zone.Records.Count);
            Assert.Equal(ZonePath("example.com.zone"), zone.FileName);
            Assert.Null(zone.DefaultOrigin);
        }

        [Fact]
        public void ExampleZone_MultiLineSoaWithCommentsInside()
        {
            var soa = Assert.Single(Load("example.com.zone").Records.OfType<SoaRecord>());
            Assert.Equal("example.com", soa.Name);
            Assert.Equal(3600, soa.Ttl); // $TTL 1h
            Assert.Equal("ns1.example.com", soa.PrimaryServer);
            Assert.Equal("hostmaster\\.admin.example.com", soa.ResponsibleMailbox);
            Assert.Equal(2024010101u, soa.Serial);
            Assert.Equal(7200, soa.Refresh);   // 2h
            Assert.Equal(1800, soa.Retry);     // 30m
            Assert.Equal(604800, soa.Expire);  // 1w
            Assert.Equal(300, soa.Minimum);
        }

        [Fact]
        public void ExampleZone_BlankOwnersBelongToThePreviousOwner()
        {
            var zone = Load("example.com.zone");
            var ns = At<NameRecord>(zone, "example.com");
            Assert.Equal(new[] { "ns1.example.com", "ns2.example.net" }, ns.Select(r => r.Target));
            Assert.All(ns, r => Assert.Equal(DnsRecordType.NS, r.Type));
            Assert.All(ns, r => Assert.Equal(3600, r.Ttl));

            var mx = At<MxRecord>(zone, "example.com");
            Assert.Equal(new[] { 10, 20 }, mx.Select(r => r.Preference));
            Assert.Equal(new[] { "mail.example.com", "mail.backup.example.net" }, mx.Select(r => r.Exchange));

            var txt = Assert.Single(At<TxtRecord>(zone, "example.com"));
            Assert.Equal(300, txt.Ttl);
            Assert.Equal(new[] { "v=spf1 ip4:192.0.2.0/24 include:_spf.example.net -all" }, txt.Strings);
        }

        [Fact]
        public void ExampleZone_TtlAndClassInEitherOrder_AndTtlDirectiveBeatsTheLastStatedTtl()
        {
            var zone = Load("example.com.zone");
            var mail = At<AddressRecord>(zone, "mail.example.com");
            Assert.Equal(2, mail.Length);
            Assert.Equal(IPAddress.Parse("192.0.2.25"), mail[0].Address);
            Assert.Equal(86400, mail[0].Ttl); // "IN 1d"
            Assert.Equal(DnsRecordType.AAAA, mail[1].Type);
            Assert.Equal(IPAddress.Parse("2001:db8::25"), mail[1].Address);
            Assert.Equal(3600, mail[1].Ttl); // RFC 2308: $TTL, not the 1d stated on the line before
        }

        [Fact]
        public void ExampleZone_OriginChangesMidFile()
        {
            var zone = Load("example.com.zone");
            Assert.Equal(new[] { "example.com", "sub.example.com" }, zone.Origins);
            Assert.Equal(IPAddress.Parse("192.0.2.100"), Assert.Single(At<AddressRecord>(zone, "host.sub.example.com")).Address);
            Assert.Equal(new[] { "blank owner after an $ORIGIN change" }, Assert.Single(At<TxtRecord>(zone, "host.sub.example.com")).Strings);
            // Absolute names ignore the origin.
            Assert.Equal(IPAddress.Parse("192.0.2.1"), Assert.Single(At<AddressRecord>(zone, "abs.example.com")).Address);
            Assert.Empty(At<AddressRecord>(zone, "abs.example.com.sub.example.com"));
            // "@" is the current origin.
            var apexTxt = Assert.Single(At<TxtRecord>(zone, "sub.example.com"));
            Assert.Equal("origin is sub", apexTxt.Text);
            Assert.Equal(172800, apexTxt.Ttl); // $TTL 2d
            Assert.Equal(172800, Assert.Single(At<AddressRecord>(zone, "later.sub.example.com")).Ttl);
            Assert.Equal(300, Assert.Single(At<AddressRecord>(zone, "later2.sub.example.com")).Ttl); // 5m
        }

        [Fact]
        public void ExampleZone_NamesAreCanonical()
        {
            var zone = Load("example.com.zone");
            Assert.Single(At<AddressRecord>(zone, "mixed.case.example.com"));
            Assert.Equal("web.example.com", Assert.Single(At<NameRecord>(zone, "www.example.com")).Target);
            Assert.Equal("www.example.com", Assert.Single(At<NameRecord>(zone, "alias2.example.com")).Target);
            Assert.Single(At<TxtRecord>(zone, "*.wild.example.com"));
        }

        [Fact]
        public void ExampleZone_TxtEscapesAndSemicolons()
        {
            var zone = Load("example.com.zone");
            Assert.Equal(new[] { "say \"hi\"", "back\\slash", "semi;colon", "tab\tend" }, Assert.Single(At<TxtRecord>(zone, "esc.example.com")).Strings);
            Assert.Equal(new[] { "a;b" }, Assert.Single(At<TxtRecord>(zone, "semi.example.com")).Strings);
            Assert.Equal(new[] { "v=DMARC1; p=none" }, Assert.Single(At<TxtRecord>(zone, "a._dmarc.example.com")).Strings);
            // Unquoted words are separate character-strings.
            Assert.Equal(new[] { "v=spf1", "-all" }, Assert.Single(At<TxtRecord>(zone, "unq.example.com")).Strings);
        }

        [Fact]
        public void ExampleZone_TlsaHexSplitOverLinesAndSrv()
        {
            var zone = Load("example.com.zone");
            var tlsa = Assert.Single(At<TlsaRecord>(zone, "_25._tcp.mail.example.com"));
            Assert.Equal(3, tlsa.CertificateUsage);
            Assert.Equal(1, tlsa.Selector);
            Assert.Equal(1, tlsa.MatchingType);
            byte[] quarter = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef };
            Assert.Equal(quarter.Concat(quarter).Concat(quarter).Concat(quarter).ToArray(), tlsa.AssociationData.ToArray());

            var srv = Assert.Single(At<SrvRecord>(zone, "_submission._tcp.example.com"));
            Assert.Equal((0, 1, 587, "mail.example.com"), (srv.Priority, srv.Weight, srv.Port, srv.Target));
        }

        [Fact]
        public void ExampleZone_SpfTypeAndCaaAreSkippedWithWarnings()
        {
            var zone = Load("example.com.zone");
            Assert.DoesNotContain(zone.Records, r => r.Name == "spf-type.example.com" || r.Name == "caa.example.com");
            Assert.Equal(2, zone.Warnings.Count);
            string prefix = ZonePath("example.com.zone") + ":";
            Assert.StartsWith(prefix + "34: ", zone.Warnings[0]);
            Assert.Contains("SPF", zone.Warnings[0]);
            Assert.Contains("\"v=spf1 -all\"", zone.Warnings[0]);
            Assert.StartsWith(prefix + "35: ", zone.Warnings[1]);
            Assert.Contains("CAA", zone.Warnings[1]);
        }

        // ---- Other sample files ------------------------------------------------------------

        [Fact]
        public void Rfc1035Example_LoadedWithAnOrigin()
        {
            // RFC 1035 §5.3, without its $INCLUDE line; "loaded with an origin of ISI.EDU".
            string text = File.ReadAllText(ZonePath("isi.edu.zone"));
            var zone = ZoneFileParser.Parse(text, "isi.edu.zone", "ISI.EDU");
            Assert.Equal(11, zone.Records.Count);
            Assert.Empty(zone.Origins);
            Assert.Equal("isi.edu", zone.DefaultOrigin);

            var soa = Assert.Single(zone.Records.OfType<SoaRecord>());
            Assert.Equal("isi.edu", soa.Name);
            Assert.Equal("venera.isi.edu", soa.PrimaryServer);
            Assert.Equal("action\\.domains.isi.edu", soa.ResponsibleMailbox);
            Assert.Equal((20u, 7200, 600, 3600000, 60), (soa.Serial, soa.Refresh, soa.Retry, soa.Expire, soa.Minimum));
            // No TTL anywhere: the SOA takes its MINIMUM and the records after it follow (BIND), with a warning.
            Assert.Equal(60, soa.Ttl);
            Assert.All(zone.Records, r => Assert.Equal(60, r.Ttl));
            Assert.StartsWith("isi.edu.zone:1: ", Assert.Single(zone.Warnings));

            Assert.Equal(new[] { "a.isi.edu", "venera.isi.edu", "vaxa.isi.edu" }, At<NameRecord>(zone, "isi.edu").Select(r => r.Target));
            Assert.Equal(new[] { "venera.isi.edu", "vaxa.isi.edu" }, At<MxRecord>(zone, "isi.edu").Select(r => r.Exchange));
            // The owner "A" of type A.
            Assert.Equal(IPAddress.Parse("26.3.0.103"), Assert.Single(At<AddressRecord>(zone, "a.isi.edu")).Address);
            Assert.Equal(new[] { "10.1.0.52", "128.9.0.32" }, At<AddressRecord>(zone, "venera.isi.edu").Select(r => r.Data));
            Assert.Equal(new[] { "10.2.0.27", "128.9.0.33" }, At<AddressRecord>(zone, "vaxa.isi.edu").Select(r => r.Data));
        }

        [Fact]
        public void Rfc1035Example_WithoutOrigin_RelativeNamesAreAnError()
        {
            var ex = Assert.Throws<ZoneFileException>(() => ZoneFileParser.ParseFile(ZonePath("isi.edu.zone")));
            Assert.Equal(1, ex.LineNumber);
            Assert.Contains("origin", ex.Reason);
        }

        [Fact]
        public void Include_IsRejectedWithItsLine()
        {
            var ex = Assert.Throws<ZoneFileException>(() => ZoneFileParser.ParseFile(ZonePath("include.zone")));
            Assert.Equal(4, ex.LineNumber);
            Assert.Equal(ZonePath("include.zone"), ex.FileName);
            Assert.StartsWith(ZonePath("include.zone") + ":4: ", ex.Message);
            Assert.Contains("$INCLUDE", ex.Message);
        }

        [Fact]
        public void CrlfLineEndingsAndTabs()
        {
            Assert.Contains("\r\n", File.ReadAllText(ZonePath("crlf.zone"))); // guard: the file kept its CRLFs
            var zone = Load("crlf.zone");
            Assert.Equal(4, zone.Records.Count);
            Assert.Empty(zone.Warnings);
            var soa = Assert.Single(zone.Records.OfType<SoaRecord>());
            Assert.Equal(("crlf.example", "ns1.crlf.example", "hostmaster.crlf.example"), (soa.Name, soa.PrimaryServer, soa.ResponsibleMailbox));
            Assert.Equal((1u, 3600, 900, 604800, 60), (soa.Serial, soa.Refresh, soa.Retry, soa.Expire, soa.Minimum));
            Assert.Equal("v=spf1 -all", Assert.Single(At<TxtRecord>(zone, "crlf.example")).Text);
            Assert.Equal("192.0.2.7", Assert.Single(At<AddressRecord>(zone, "www.crlf.example")).Data);
            Assert.Equal(new[] { "one", "two" }, Assert.Single(At<TxtRecord>(zone, "www.crlf.example")).Strings);
        }

        [Fact]
        public void LongTxt_2000CharactersOverTenStrings()
        {
            var zone = Load("long-txt.zone");
            var dkim = Assert.Single(At<TxtRecord>(zone, "dkim._domainkey.long.example"));
            Assert.Equal(10, dkim.Strings.Count);
            Assert.All(dkim.Strings, s => Assert.Equal(200, s.Length));
            Assert.Equal(2000, dkim.Text.Length);
            Assert.Equal(string.Concat(Enumerable.Range(0, 10).Select(k => new string((char)('A' + k), 200))), dkim.Text);
            Assert.Equal(new string('x', 255), Assert.Single(At<TxtRecord>(zone, "max255.long.example")).Text);
        }

        [Fact]
        public void WhatIfSnippet_AbsoluteNamesAndNullMx()
        {
            var zone = Load("whatif.zone");
            Assert.Equal(4, zone.Records.Count);
            Assert.Empty(zone.Origins);
            Assert.All(zone.Records, r => Assert.Equal(300, r.Ttl));
            var mx = Assert.Single(At<MxRecord>(zone, "other.example.net"));
            Assert.Equal((0, ""), (mx.Preference, mx.Exchange)); // RFC 7505 null MX
        }

        // ---- Syntax details (inline) ---------------------------------------------------------

        [Theory]
        [InlineData("3600", 3600)]
        [InlineData("0", 0)]
        [InlineData("1h", 3600)]
        [InlineData("30m", 1800)]
        [InlineData("1d", 86400)]
        [InlineData("1w", 604800)]
        [InlineData("2W", 1209600)]
        [InlineData("45s", 45)]
        [InlineData("1h30m", 5400)]
        [InlineData("1w2d3h4m5s", 788645)]
        [InlineData("2147483647", 2147483647)]
        public void TtlUnits(string value, int seconds)
        {
            var zone = ZoneFileParser.Parse($"$TTL {value}\nx.example. A 192.0.2.1\ny.example. {value} A 192.0.2.2\n", "ttl.zone");
            Assert.All(zone.Records, r => Assert.Equal(seconds, r.Ttl));
        }

        [Theory]
        [InlineData("1x")]
        [InlineData("1h30")]
        [InlineData("1.5h")]
        [InlineData("2147483648")]
        [InlineData("3551w")]
        [InlineData("99999999999999999999")]
        public void BadTtl_IsAnErrorOnItsLine(string value)
        {
            var ex = ParseError($"$ORIGIN example.\n\nx {value} A 192.0.2.1\n");
            Assert.Equal(3, ex.LineNumber);
            Assert.Contains(value, ex.Reason);
        }

        [Fact]
        public void WithoutTtlDirective_TheLastStatedTtlApplies()
        {
            var zone = ZoneFileParser.Parse("a.example. 120 A 192.0.2.1\nb.example. A 192.0.2.2\nc.example. IN 60 A 192.0.2.3\nd.example. IN A 192.0.2.4\n", "t.zone");
            Assert.Equal(new[] { 120, 120, 60, 60 }, zone.Records.Select(r => r.Ttl));
            Assert.Empty(zone.Warnings);
        }

        [Fact]
        public void WithoutAnyTtl_3600IsUsedWithOneWarning()
        {
            var zone = ZoneFileParser.Parse("a.example. A 192.0.2.1\nb.example. TXT x\n", "t.zone");
            Assert.All(zone.Records, r => Assert.Equal(3600, r.Ttl));
            Assert.StartsWith("t.zone:1: ", Assert.Single(zone.Warnings));
        }

        [Fact]
        public void ClassAndTypeAreCaseInsensitive_NumericOwnerInColumnOne()
        {
            // A reverse zone: the owner "1" is a name because it starts the line, not a TTL.
            var zone = ZoneFileParser.Parse("$TTL 300\n$ORIGIN 2.0.192.in-addr.arpa.\n1 in ptr Host.Example.\n", "rev.zone");
            var ptr = Assert.Single(zone.Records.OfType<NameRecord>());
            Assert.Equal(("1.2.0.192.in-addr.arpa", DnsRecordType.PTR, "host.example", 300), (ptr.Name, ptr.Type, ptr.Target, ptr.Ttl));
        }

        [Fact]
        public void RelativeOriginIsTakenRelativeToTheCurrentOne()
        {
            var zone = ZoneFileParser.Parse("$TTL 300\n$ORIGIN example.\n$ORIGIN sub\nx A 192.0.2.1\n@ A 192.0.2.2\n", "o.zone");
            Assert.Equal(new[] { "example", "sub.example" }, zone.Origins);
            Assert.Equal(new[] { "x.sub.example", "sub.example" }, zone.Records.Select(r => r.Name));
        }

        [Fact]
        public void DefaultOriginAppliesUntilTheFirstOriginDirective()
        {
            var zone = ZoneFileParser.Parse("$TTL 300\nwww A 192.0.2.1\n$ORIGIN example.net.\nwww A 192.0.2.2\n", "d.zone", "Example.ORG.");
            Assert.Equal("example.org", zone.DefaultOrigin);
            Assert.Equal(new[] { "example.net" }, zone.Origins);
            Assert.Equal(new[] { "www.example.org", "www.example.net" }, zone.Records.Select(r => r.Name));
        }

        [Fact]
        public void EscapesInNamesAndUnquotedText()
        {
            var zone = ZoneFileParser.Parse("$TTL 300\n$ORIGIN example.\n\\097bc TXT a\\ b \"\" c\\\"d\n", "e.zone");
            var txt = Assert.Single(zone.Records.OfType<TxtRecord>());
            Assert.Equal("abc.example", txt.Name);
            Assert.Equal(new[] { "a b", "", "c\"d" }, txt.Strings);
        }

        [Fact]
        public void Utf8InTxt_LiteralAndEscaped()
        {
            var zone = ZoneFileParser.Parse("$TTL 300\na.example. TXT \"café\" \"caf\\195\\169\"\n", "u.zone");
            Assert.Equal(new[] { "café", "café" }, Assert.Single(zone.Records.OfType<TxtRecord>()).Strings);
            Assert.Empty(zone.Warnings);
        }

        [Fact]
        public void InvalidUtf8InTxt_IsReplacedWithAWarning()
        {
            var zone = ZoneFileParser.Parse("$TTL 300\na.example. TXT \"x\\255y\"\n", "u.zone");
            Assert.Equal("x\uFFFDy", Assert.Single(zone.Records.OfType<TxtRecord>()).Text);
            Assert.StartsWith("u.zone:2: ", Assert.Single(zone.Warnings));
        }

        [Fact]
        public void ByteOrderMarkIsIgnored()
        {
            var zone = ZoneFileParser.Parse("\uFEFF$TTL 300\na.example. A 192.0.2.1\n", "bom.zone");
            Assert.Single(zone.Records);
        }

        [Fact]
        public void DuplicateRecordsAreSuppressed()
        {
            var zone = ZoneFileParser.Parse("$TTL 300\na.example. A 192.0.2.1\nA.EXAMPLE. 600 A 192.0.2.1\n", "dup.zone");
            Assert.Single(zone.Records);
            Assert.StartsWith("dup.zone:3: ", Assert.Single(zone.Warnings));
        }

        [Fact]
        public void CnameBesideOtherData_IsAWarning()
        {
            var zone = ZoneFileParser.Parse("$TTL 300\n$ORIGIN example.\nx CNAME y\nx TXT \"z\"\n", "c.zone");
            Assert.Equal(2, zone.Records.Count);
            string warning = Assert.Single(zone.Warnings);
            Assert.StartsWith("c.zone:3: ", warning);
            Assert.Contains("CNAME", warning);
        }

        [Fact]
        public void EmptyAndCommentOnlyTextHasNoRecords()
        {
            Assert.Empty(ZoneFileParser.Parse("", "e.zone").Records);
            Assert.Empty(ZoneFileParser.Parse("; nothing\r\n\r\n   ; still nothing\n( )\n", "e.zone").Records);
        }

        // ---- Errors ------------------------------------------------------------------------

        private const string Head = "$ORIGIN example.\n$TTL 1h\n"; // two lines: errors below are on line 3 or later

        [Theory]
        [InlineData(Head + "t TXT \"abc\nu A 192.0.2.1\n", 3, "quoted string is not closed")]
        [InlineData(Head + "t TXT \"abc\\\"\n", 3, "quoted string is not closed")]
        [InlineData(Head + "t TXT \"abc", 3, "quoted string is not closed")]
        [InlineData(Head + "@ SOA ns hm ( 1 2 3 4\n 5\nwww A 192.0.2.1\n", 3, "never closed")]
        [InlineData(Head + "\n\nt TXT ( \"a\" ( \"b\" ) )\n", 5, "do not nest")]
        [InlineData(Head + "t TXT \"a\" )\n", 3, "without a matching")]
        [InlineData(Head + "www A 192.0.2.256\n", 3, "192.0.2.256")]
        [InlineData(Head + "www A 192.0.2\n", 3, "not an IPv4 address")]
        [InlineData(Head + "www A 1.2.3.4.5\n", 3, "not an IPv4 address")]
        [InlineData(Head + "www A 0x7f.0.0.1\n", 3, "not an IPv4 address")]
        [InlineData(Head + "www A ::1\n", 3, "not an IPv4 address")]
        [InlineData(Head + "www AAAA 2001:db8::zz\n", 3, "not an IPv6 address")]
        [InlineData(Head + "www AAAA 192.0.2.1\n", 3, "not an IPv6 address")]
        [InlineData(Head + "www AAAA fe80::1%eth0\n", 3, "not an IPv6 address")]
        [InlineData(Head + "www FOO bar\n", 3, "unknown record type 'FOO'")]
        [InlineData(Head + "www 300 IN\n", 3, "no type")]
        [InlineData(Head + "www CH TXT \"x\"\n", 3, "only IN")]
        [InlineData(Head + "www 300 300 A 192.0.2.1\n", 3, "second TTL")]
        [InlineData(Head + "@ MX 10\n", 3, "MX record needs")]
        [InlineData(Head + "@ MX 65536 mx\n", 3, "MX preference")]
        [InlineData(Head + "@ MX -1 mx\n", 3, "MX preference")]
        [InlineData(Head + "@ SOA ns hm 4294967296 1 2 3 4\n", 3, "SOA serial")]
        [InlineData(Head + "@ SOA ns hm 1 2 3 4\n", 3, "SOA record needs")]
        [InlineData(Head + "t TLSA 3 1 1 abc\n", 3, "odd number")]
        [InlineData(Head + "t TLSA 3 1 1 zz\n", 3, "not hexadecimal")]
        [InlineData(Head + "t TLSA 3 1 1\n", 3, "TLSA record needs")]
        [InlineData(Head + "t TLSA 256 1 1 00\n", 3, "TLSA certificate usage")]
        [InlineData(Head + "s SRV 0 1 65536 t\n", 3, "SRV port")]
        [InlineData(Head + "t TXT\n", 3, "at least one character-string")]
        [InlineData(Head + "t TXT \"\\256\"\n", 3, "not an octet")]
        [InlineData(Head + "t TXT \"\\12\"\n", 3, "three decimal digits")]
        [InlineData(Head + "t TXT x\\\n", 3, "escapes nothing")]
        [InlineData(Head + "$INCLUDE other.zone\n", 3, "$INCLUDE")]
        [InlineData(Head + "$GENERATE 1-2 x A 192.0.2.$\n", 3, "unknown directive")]
        [InlineData(Head + "$TTL\n", 3, "$TTL takes one")]
        [InlineData(Head + "a..b A 192.0.2.1\n", 3, "empty label")]
        [InlineData(Head + "a\\.b A 192.0.2.1\n", 3, "dot inside a label")]
        [InlineData(Head + "bücher A 192.0.2.1\n", 3, "xn--")]
        [InlineData(Head + "\"quoted\" A 192.0.2.1\n", 3, "quoted string")]
        [InlineData(Head + "www CNAME a b\n", 3, "CNAME record needs")]
        [InlineData("www.example. A 192.0.2.1\n\t\n\twww.example.org. A 192.0.2.1\n", 3, "starts with a blank")]
        [InlineData("\tA 192.0.2.1\n", 1, "none yet")]
        [InlineData("$TTL 300\nwww A 192.0.2.1\n", 2, "no origin is set")]
        [InlineData("$TTL 300\n@ A 192.0.2.1\n", 2, "no origin is set")]
        [InlineData("$TTL 300\nx.example. TXT \"a\u0001b\"\n", 2, "control character")]
        public void Errors_NameTheLine(string text, int line, string fragment)
        {
            var ex = ParseError(text);
            Assert.Equal("bad.zone", ex.FileName);
            Assert.Equal(line, ex.LineNumber);
            Assert.StartsWith($"bad.zone:{line}: ", ex.Message);
            Assert.Contains(fragment, ex.Reason);
            Assert.IsAssignableFrom<FormatException>(ex);
        }

        [Fact]
        public void Errors_InsideParentheses_NameTheLineOfTheBadItem()
        {
            string tooLong = new string('y', 256);
            var ex = ParseError(Head + "t TXT ( \"ok\"\n\n  \"" + tooLong + "\" )\n");
            Assert.Equal(5, ex.LineNumber);
            Assert.Contains("256 octets", ex.Reason);

            ex = ParseError(Head + "@ SOA ns hm (\n 1 ; serial\n 2h ; refresh\n 1x ; retry\n 1w 5m )\n");
            Assert.Equal(6, ex.LineNumber);
            Assert.Contains("SOA retry", ex.Reason);
        }

        [Fact]
        public void CharacterStringOf255OctetsIsAllowed_256IsNot()
        {
            string ok = Head + "t TXT \"" + new string('x', 255) + "\"\n";
            Assert.Equal(255, Assert.Single(ZoneFileParser.Parse(ok, "ok.zone").Records.OfType<TxtRecord>()).Text.Length);

            // Octets, not characters: 254 letters and two escapes make 256 octets; "é" is two octets in UTF-8.
            var ex = ParseError(Head + "\n\nt TXT \"" + new string('x', 254) + "\\065\\066\"\n");
            Assert.Equal(5, ex.LineNumber);
            ex = ParseError(Head + "t TXT " + new string('x', 254) + "é\n");
            Assert.Equal(3, ex.LineNumber);
        }

        [Fact]
        public void NameLengthLimits()
        {
            string label63 = new string('a', 63);
            Assert.Single(ZoneFileParser.Parse(Head + label63 + " A 192.0.2.1\n", "ok.zone").Records);
            var ex = ParseError(Head + label63 + "b A 192.0.2.1\n");
            Assert.Contains("63", ex.Reason);
            // 4 labels of 63 plus 3 dots is 255 characters: 257 octets in wire form.
            string name = string.Join(".", Enumerable.Repeat(label63, 4)) + ".";
            ex = ParseError(Head + name + " A 192.0.2.1\n");
            Assert.Equal(3, ex.LineNumber);
            Assert.Contains("255", ex.Reason);
        }

        // ---- Limits and guards ---------------------------------------------------------------

        [Fact]
        public void TextLargerThanTheCap_IsRejectedBeforeParsing()
        {
            string huge = new string(';', (int)ZoneFileParser.MaxFileSize + 1);
            var ex = ParseError(huge);
            Assert.Equal(0, ex.LineNumber);
            Assert.StartsWith("bad.zone: ", ex.Message);
        }

        [Fact]
        public void FileLargerThanTheCap_IsRejectedBeforeReading()
        {
            string path = Path.Combine(Path.GetTempPath(), "mailauth-zone-" + Guid.NewGuid().ToString("N") + ".zone");
            try
            {
                using (var stream = new FileStream(path, FileMode.CreateNew)) stream.SetLength(ZoneFileParser.MaxFileSize + 1);
                var ex = Assert.Throws<ZoneFileException>(() => ZoneFileParser.ParseFile(path));
                Assert.Equal(0, ex.LineNumber);
                Assert.Contains("limit", ex.Reason);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public void RecordCountCap()
        {
            string text = "$TTL 1\na.example. A 192.0.2.1\nb.example. A 192.0.2.2\nc.example. CAA 0 issue \"x\"\n";
            Assert.Equal(2, ZoneFileParser.Parse(text, "cap.zone", null, 3).Records.Count);
            var ex = Assert.Throws<ZoneFileException>(() => ZoneFileParser.Parse(text, "cap.zone", null, 2));
            Assert.Equal(4, ex.LineNumber); // skipped records count too
            Assert.Equal(1000000, ZoneFileParser.MaxRecords);
        }

        [Fact]
        public void MalformedLargeInputsFailFast()
        {
            var watch = Stopwatch.StartNew();
            Assert.Equal(1, ParseError(new string('(', 1000000)).LineNumber);
            Assert.Equal(1, ParseError("t.example. TXT \"" + new string('x', 5000000)).LineNumber);
            var lines = new StringBuilder("$ORIGIN example.\nt TXT ( \"open\"\n");
            for (int i = 0; i < 200000; i++) lines.Append("x A 192.0.2.1\n");
            Assert.Equal(2, ParseError(lines.ToString()).LineNumber);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        }

        [Fact]
        public void WarningsAreCapped()
        {
            var text = new StringBuilder("$ORIGIN example.\n$TTL 60\n");
            for (int i = 0; i < 1100; i++) text.Append("c").Append(i).Append(" CAA 0 issue \"ca.example\"\n");
            var zone = ZoneFileParser.Parse(text.ToString(), "caa.zone");
            Assert.Empty(zone.Records);
            Assert.Equal(ZoneFileParser.MaxWarnings + 1, zone.Warnings.Count);
            Assert.EndsWith("further warnings are not reported", zone.Warnings[zone.Warnings.Count - 1]);
        }

        [Fact]
        public void LargeValidFile_Parses()
        {
            var text = new StringBuilder("$ORIGIN example.\n$TTL 60\n");
            for (int i = 0; i < 50000; i++) text.Append("h").Append(i).Append("\tIN\tA\t192.0.2.").Append(i % 256).Append(" ; host\n");
            var zone = ZoneFileParser.Parse(text.ToString(), "big.zone");
            Assert.Equal(50000, zone.Records.Count);
        }

        [Fact]
        public void ArgumentGuards()
        {
            Assert.Throws<ArgumentNullException>(() => ZoneFileParser.Parse(null!, "x"));
            Assert.Throws<ArgumentNullException>(() => ZoneFileParser.Parse("", null!));
            Assert.Throws<ArgumentException>(() => ZoneFileParser.Parse("", "x", "bad name"));
            Assert.Throws<ArgumentNullException>(() => ZoneFileParser.ParseFile(null!));
            Assert.Throws<ArgumentException>(() => ZoneFileParser.ParseFile(""));
            Assert.Throws<FileNotFoundException>(() => ZoneFileParser.ParseFile(ZonePath("no-such.zone")));
        }

        [Fact]
        public void ExceptionMessageFormat()
        {
            var ex = new ZoneFileException("z.zone", 12, "broken");
            Assert.Equal("z.zone:12: broken", ex.Message);
            Assert.Equal("broken", ex.Reason);
            Assert.Equal("z.zone: whole file", new ZoneFileException("z.zone", 0, "whole file").Message);
        }
    }
}
