using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading.Tasks;
using MailAuth.Dns;
using MailAuth.Spf;
using Xunit;

namespace MailAuth.Tests.Spf
{
    // Behaviour beyond the conformance suites: hostile input, limits, trace and header output.
    public class SpfEvaluatorTests
    {
        private static InMemoryDnsResolver Dns()
        {
            var r = new InMemoryDnsResolver();
            r.Store.AddApex("example.com");
            return r;
        }

        private static Task<SpfEvaluationResult> Eval(InMemoryDnsResolver dns, string ip, string from = "user@example.com", string helo = "mx.example.net", string? record = null)
            => SpfEvaluator.EvaluateAsync(new SpfEvaluationRequest(IPAddress.Parse(ip), from, helo) { Record = record, ReceivingHost = "mx.receiver.example" }, dns);

        [Fact]
        public async Task TenThousandCharacterRecordIsEvaluatedOrRejectedQuickly()
        {
            var sb = new StringBuilder("v=spf1");
            while (sb.Length < 10000) sb.Append(" ip4:192.0.2.").Append(sb.Length % 250);
            sb.Append(" -all");
            var dns = Dns().AddTxt("example.com", Chunk(sb.ToString()));
            var r = await Eval(dns, "198.51.100.1");
            Assert.Equal(SpfResult.fail, r.Result);
            Assert.Equal(0, r.DnsLookupCount);
        }

        [Fact]
        public async Task IncludesFiftyDeepStopAtTheLookupLimit()
        {
            var dns = Dns();
            for (int i = 0; i < 50; i++) dns.AddTxt($"d{i}.example.com", $"v=spf1 include:d{i + 1}.example.com -all");
            dns.AddTxt("d50.example.com", "v=spf1 +all");
            var r = await Eval(dns, "192.0.2.1", "x@d0.example.com");
            Assert.Equal(SpfResult.permerror, r.Result);
            Assert.Equal(SpfEvaluator.MaxDnsLookups + 1, r.DnsLookupCount);
            Assert.Contains("limit is 10", r.Reason);
        }

        [Fact]
        public async Task IncludeLoopIsAPermerror()
        {
            var dns = Dns().AddTxt("a.example.com", "v=spf1 include:b.example.com -all").AddTxt("b.example.com", "v=spf1 include:a.example.com -all");
            var r = await Eval(dns, "192.0.2.1", "x@a.example.com");
            Assert.Equal(SpfResult.permerror, r.Result);
        }

        [Fact]
        public async Task RedirectLoopIsAPermerror()
        {
            var dns = Dns().AddTxt("example.com", "v=spf1 redirect=example.com");
            Assert.Equal(SpfResult.permerror, (await Eval(dns, "192.0.2.1")).Result);
        }

        [Fact]
        public async Task MacroExpansionLongerThan253IsTruncatedFromTheLeft()
        {
            // %{l} of a 200-character local part, three times: 600+ characters before truncation (§7.3).
            string local = new string('a', 60) + "." + new string('b', 60) + "." + new string('c', 60);
            var dns = Dns().AddTxt("example.com", "v=spf1 exists:%{l}.%{l}.%{l}.x.example.com -all");
            dns.Add(new AddressRecord($"{new string('c', 60)}.x.example.com", 300, IPAddress.Parse("127.0.0.2")));
            var r = await Eval(dns, "192.0.2.1", local + "@example.com");
            Assert.Equal(SpfResult.fail, r.Result); // the truncated name does not exist, so exists: does not match
            var query = r.Trace.First(t => t.Action == "dns" && t.Detail.StartsWith("A ", StringComparison.Ordinal)).Detail;
            string name = query.Substring(2, query.IndexOf(':') - 2);
            Assert.True(name.Length <= 253, name);
            Assert.EndsWith(".x.example.com", name);
        }

        [Fact]
        public async Task InvalidUtf8AndBinaryTxtDataGivePermerrorNotACrash()
        {
            var dns = Dns().AddTxt("example.com", "v=spf1 a:\uFFFDgarbage.example.net \u0000\u0001\u00ff -all");
            var r = await Eval(dns, "192.0.2.1");
            Assert.Equal(SpfResult.permerror, r.Result);
            Assert.Contains("syntax error", r.Reason);
        }

        [Fact]
        public async Task TemporaryFailureIsTemperrorWithTheReason()
        {
            var dns = Dns().AddTxt("example.com", "v=spf1 a:host.example.com -all").Fail("host.example.com", DnsRecordType.A, "SERVFAIL");
            var r = await Eval(dns, "192.0.2.1");
            Assert.Equal(SpfResult.temperror, r.Result);
            Assert.Contains("SERVFAIL", r.Reason);
        }

        [Fact]
        public async Task TheTimeLimitEndsASlowEvaluationInTemperror()
        {
            var dns = Dns().AddTxt("example.com", "v=spf1 -all");
            dns.Delay = TimeSpan.FromSeconds(30);
            var watch = Stopwatch.StartNew();
            var r = await SpfEvaluator.EvaluateAsync(new SpfEvaluationRequest(IPAddress.Parse("192.0.2.1"), "x@example.com", "h.example") { TimeLimit = TimeSpan.FromMilliseconds(200) }, dns);
            Assert.Equal(SpfResult.temperror, r.Result);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "the limit did not stop the evaluation");
        }

        [Fact]
        public async Task EmptyMailFromChecksTheHeloIdentity()
        {
            var dns = Dns().AddTxt("mx.example.com", "v=spf1 ip4:192.0.2.0/24 -all");
            var r = await Eval(dns, "192.0.2.7", "", "mx.example.com");
            Assert.Equal(("helo", "postmaster@mx.example.com", SpfResult.pass), (r.Identity, r.Sender, r.Result));
            Assert.Equal("spf=pass smtp.helo=mx.example.com", r.AuthenticationResult);
        }

        [Fact]
        public async Task RecordOverrideIsEvaluatedInsteadOfThePublishedOne()
        {
            var dns = Dns().AddTxt("example.com", "v=spf1 +all");
            var r = await Eval(dns, "192.0.2.1", record: "v=spf1 -all");
            Assert.Equal(SpfResult.fail, r.Result);
            Assert.Equal(0, dns.QueryCount);
        }

        [Fact]
        public async Task ReceivedSpfFollowsRfc7208Section9()
        {
            var dns = Dns().AddTxt("example.com", "v=spf1 ip4:192.0.2.0/24 -all");
            var r = await Eval(dns, "192.0.2.1");
            // RFC 7208 §9.1: result, comment, then key-value pairs.
            Assert.Equal("pass (mx.receiver.example: domain of user@example.com designates 192.0.2.1 as permitted sender) " +
                "client-ip=192.0.2.1; envelope-from=user@example.com; helo=mx.example.net; identity=mailfrom; receiver=mx.receiver.example;", r.ReceivedSpf);
            Assert.Equal("spf=pass smtp.mailfrom=user@example.com", r.AuthenticationResult);
        }

        [Fact]
        public async Task TraceShowsEachTermAndWhetherItMatched()
        {
            var dns = Dns().AddTxt("example.com", "v=spf1 ip4:198.51.100.0/24 mx -all");
            dns.Add(new MxRecord("example.com", 300, 10, "mail.example.com"));
            dns.Add(new AddressRecord("mail.example.com", 300, IPAddress.Parse("192.0.2.25")));
            var r = await Eval(dns, "192.0.2.25");
            Assert.Equal("mx", r.MatchedTerm);
            var terms = r.Trace.Where(t => t.Action == "term").Select(t => (t.Term, t.Matched)).ToList();
            Assert.Equal(new (string?, bool?)[] { ("ip4:198.51.100.0/24", false), ("mx", true) }, terms);
            Assert.Contains(r.Trace, t => t.Action == "dns" && t.Detail == "MX example.com: 1 record(s)");
        }

        [Fact]
        public async Task MoreThanTenMxNamesIsAPermerror()
        {
            var dns = Dns().AddTxt("example.com", "v=spf1 mx -all");
            for (int i = 0; i < 11; i++) dns.Add(new MxRecord("example.com", 300, i, $"mx{i}.example.com"));
            Assert.Equal(SpfResult.permerror, (await Eval(dns, "192.0.2.1")).Result);
        }

        [Fact]
        public async Task OnlyTheFirstTenPtrNamesAreValidated()
        {
            var dns = Dns().AddTxt("example.com", "v=spf1 ptr -all");
            dns.Store.AddApex("in-addr.arpa");
            for (int i = 0; i < 11; i++)
            {
                dns.Add(new NameRecord("1.2.0.192.in-addr.arpa", 300, DnsRecordType.PTR, $"h{i}.example.com"));
            }
            // Only the 11th name validates: it must be ignored (§4.6.4).
            dns.Add(new AddressRecord("h10.example.com", 300, IPAddress.Parse("192.0.2.1")));
            var r = await Eval(dns, "192.0.2.1");
            Assert.Equal(SpfResult.fail, r.Result);
            dns.Add(new AddressRecord("h3.example.com", 300, IPAddress.Parse("192.0.2.1")));
            Assert.Equal(SpfResult.pass, (await Eval(dns, "192.0.2.1")).Result);
        }

        [Fact]
        public async Task APtrTermWithoutPtrRecordsIsAVoidLookup()
        {
            // No PTR for the client, then two names that do not exist: three void lookups (§4.6.4).
            var dns = Dns().AddTxt("example.com", "v=spf1 ptr a:gone1.example.com a:gone2.example.com -all");
            var r = await Eval(dns, "192.0.2.1");
            Assert.Equal(SpfResult.permerror, r.Result);
            Assert.Equal(3, r.VoidLookupCount);
        }

        [Fact]
        public async Task Ipv4MappedClientIsTreatedAsIpv4()
        {
            var dns = Dns().AddTxt("example.com", "v=spf1 ip4:192.0.2.0/24 -all");
            Assert.Equal(SpfResult.pass, (await Eval(dns, "::ffff:192.0.2.9")).Result);
        }

        private static string[] Chunk(string s)
            => Enumerable.Range(0, (s.Length + 254) / 255).Select(i => s.Substring(i * 255, Math.Min(255, s.Length - i * 255))).ToArray();
    }
}
