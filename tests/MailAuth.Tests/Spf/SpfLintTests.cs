using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dns;
using MailAuth.Findings;
using MailAuth.Spf;
using Xunit;

namespace MailAuth.Tests.Spf
{
    // One test per finding id the linter reports: a record that triggers it and one that does not.
    // Expected values follow from RFC 7208 (sections named in each test), not from running the linter.
    public class SpfLintTests
    {
        internal static InMemoryDnsResolver Zone()
        {
            var dns = new InMemoryDnsResolver();
            foreach (var apex in new[] { "example.com", "example.net", "example.org" }) dns.Store.AddApex(apex);
            return dns;
        }

        private static Task<SpfLintResult> Lint(IDnsResolver dns, string domain = "example.com")
            => SpfLinter.LintDomainAsync(domain, dns);

        private static Task<SpfLintResult> LintRecord(string record, InMemoryDnsResolver? dns = null, string? domain = "example.com")
            => SpfLinter.LintRecordAsync(record, domain, dns ?? Zone());

        private static Task<SpfLintResult> LintOne(string record, Action<InMemoryDnsResolver>? more = null)
        {
            var dns = Zone().AddTxt("example.com", record);
            more?.Invoke(dns);
            return Lint(dns);
        }

        private static Finding Has(SpfLintResult r, string id)
        {
            var found = r.Findings.Where(f => f.Id == id).ToList();
            Assert.True(found.Count > 0, $"expected {id}; got: {string.Join(" | ", r.Findings)}");
            var f0 = found[0];
            Assert.False(string.IsNullOrWhiteSpace(f0.Message));
            Assert.StartsWith("RFC ", f0.Reference);
            Assert.False(string.IsNullOrWhiteSpace(f0.Remediation));
            return f0;
        }

        private static void Lacks(SpfLintResult r, string id)
            => Assert.True(r.Findings.All(f => f.Id != id), $"did not expect {id}; got: {string.Join(" | ", r.Findings.Where(f => f.Id == id))}");

        private static void AddA(InMemoryDnsResolver dns, string name, string address)
            => dns.Add(new AddressRecord(name, 300, IPAddress.Parse(address)));

        [Fact]
        public async Task NoRecord()
        {
            // §4.5: TXT records, none starting with v=spf1.
            Has(await LintOne("google-site-verification=abc"), "Spf.NoRecord");
            var r = await LintOne("v=spf1 -all");
            Lacks(r, "Spf.NoRecord");
            Assert.Empty(r.Findings);
            Assert.Null(r.HighestSeverity);
        }

        [Fact]
        public async Task MultipleRecords()
        {
            var r = await Lint(Zone().AddTxt("example.com", "v=spf1 -all").AddTxt("example.com", "v=spf1 ~all"));
            Has(r, "Spf.MultipleRecords");
            Assert.Equal(SpfRecordStatus.permerror, r.Status);
            Lacks(await LintOne("v=spf1 -all", d => d.AddTxt("example.com", "v=spf10 +all")), "Spf.MultipleRecords");
        }

        [Fact]
        public async Task SyntaxErrorNamesTheTermAndPosition()
        {
            var f = Has(await LintOne("v=spf1 ip4:192.0.2.300 -all"), "Spf.SyntaxError");
            Assert.Contains("ip4:192.0.2.300", f.Message);
            Assert.Contains("position 8", f.Message);
            Lacks(await LintOne("v=spf1 ip4:192.0.2.30 -all"), "Spf.SyntaxError");
        }

        [Fact]
        public async Task UnknownMechanism()
        {
            Has(await LintOne("v=spf1 mx ~al"), "Spf.UnknownMechanism");
            Lacks(await LintOne("v=spf1 mx ~all", d => d.Add(new MxRecord("example.com", 300, 10, "mail.example.com"))), "Spf.UnknownMechanism");
        }

        [Fact]
        public async Task DuplicateModifier()
        {
            Has(await LintOne("v=spf1 redirect=example.net redirect=example.org", d => d.AddTxt("example.net", "v=spf1 -all").AddTxt("example.org", "v=spf1 -all")), "Spf.DuplicateModifier");
            Lacks(await LintOne("v=spf1 redirect=example.net", d => d.AddTxt("example.net", "v=spf1 -all")), "Spf.DuplicateModifier");
        }

        [Fact]
        public async Task DnsTemporaryFailure()
        {
            // §4.4: a timeout is temperror, never "no record"; also on the way down the tree (§5.2).
            var root = await Lint(Zone().AddTxt("example.com", "v=spf1 -all").Fail("example.com", DnsRecordType.TXT, "timeout"));
            Has(root, "Spf.DnsTemporaryFailure");
            Assert.Equal(SpfRecordStatus.temperror, root.Status);
            var nested = await LintOne("v=spf1 include:example.net a:host.example.org -all", d => d.Fail("example.net").Fail("host.example.org"));
            var messages = nested.Findings.Where(f => f.Id == "Spf.DnsTemporaryFailure").Select(f => f.Message).ToList();
            Assert.Equal(2, messages.Count);
            Assert.Contains(messages, m => m.Contains("example.net"));
            Assert.Contains(messages, m => m.Contains("a:host.example.org"));
            Lacks(await LintOne("v=spf1 include:example.net -all", d => d.AddTxt("example.net", "v=spf1 -all")), "Spf.DnsTemporaryFailure");
        }

        [Fact]
        public async Task TooManyDnsLookupsCountsTheWholeTreeAndNamesTheBranches()
        {
            // §4.6.4: include, a, mx, ptr, exists, redirect count; ip4, ip6, all, exp do not.
            var dns = Zone()
                .AddTxt("example.com", "v=spf1 a mx ip4:192.0.2.1 include:a.example.net include:b.example.net -all exp=x.example.com")
                .AddTxt("a.example.net", "v=spf1 include:c.example.net include:d.example.net ~all")
                .AddTxt("b.example.net", "v=spf1 a:h1.example.net a:h2.example.net a:h3.example.net a:h4.example.net ~all")
                .AddTxt("c.example.net", "v=spf1 ip4:198.51.100.0/24 -all")
                .AddTxt("d.example.net", "v=spf1 ip4:198.51.100.0/24 -all");
            AddA(dns, "example.com", "192.0.2.1");
            dns.Add(new MxRecord("example.com", 300, 10, "example.com"));
            foreach (var h in new[] { "h1", "h2", "h3", "h4" }) AddA(dns, h + ".example.net", "198.51.100.9");
            // a, mx, include a (1 + 2), include b (1 + 4) = 2 + 3 + 5 = 10: at the limit, not over it.
            var at = await Lint(dns);
            Assert.Equal(10, at.DnsLookupCount);
            Lacks(at, "Spf.TooManyDnsLookups");

            dns = Zone()
                .AddTxt("example.com", "v=spf1 a mx ip4:192.0.2.1 include:a.example.net include:b.example.net -all")
                .AddTxt("a.example.net", "v=spf1 include:c.example.net include:d.example.net ~all")
                .AddTxt("b.example.net", "v=spf1 a:h1.example.net a:h2.example.net a:h3.example.net a:h4.example.net ~all")
                .AddTxt("c.example.net", "v=spf1 include:e.example.net -all")
                .AddTxt("d.example.net", "v=spf1 ip4:198.51.100.0/24 -all")
                .AddTxt("e.example.net", "v=spf1 -all");
            AddA(dns, "example.com", "192.0.2.1");
            dns.Add(new MxRecord("example.com", 300, 10, "example.com"));
            foreach (var h in new[] { "h1", "h2", "h3", "h4" }) AddA(dns, h + ".example.net", "198.51.100.9");
            var over = await Lint(dns);
            Assert.Equal(11, over.DnsLookupCount);
            var f = Has(over, "Spf.TooManyDnsLookups");
            Assert.Contains("11", f.Message);
            Assert.Contains("include:a.example.net 4", f.Message);
            Assert.Contains("include:b.example.net 5", f.Message);
            Assert.Equal(new[] { 4, 5 }, over.Tree.Root.Children.Select(c => c.LookupCount));
        }

        [Fact]
        public async Task TooManyVoidLookups()
        {
            // §4.6.4: more than two void lookups is a permerror where the recommended limit applies.
            var three = await LintOne("v=spf1 a:gone1.example.com a:gone2.example.com mx:gone3.example.com -all");
            Assert.Equal(3, three.VoidLookupCount);
            Has(three, "Spf.TooManyVoidLookups");
            var two = await LintOne("v=spf1 a:gone1.example.com a:gone2.example.com -all");
            Assert.Equal(2, two.VoidLookupCount);
            Lacks(two, "Spf.TooManyVoidLookups");
        }

        [Fact]
        public async Task VoidLookup()
        {
            var r = await LintOne("v=spf1 a:gone.example.com -all");
            Assert.Contains("a:gone.example.com", Has(r, "Spf.VoidLookup").Message);
            Assert.Equal(1, r.VoidLookupCount);
            // A host with an A record but no AAAA is not void: one family answered.
            Lacks(await LintOne("v=spf1 a:host.example.com -all", d => AddA(d, "host.example.com", "192.0.2.5")), "Spf.VoidLookup");
        }

        [Fact]
        public async Task Loop()
        {
            var r = await LintOne("v=spf1 include:example.net -all", d => d.AddTxt("example.net", "v=spf1 redirect=example.com"));
            var f = Has(r, "Spf.Loop");
            Assert.Contains("example.com -> example.net -> example.com", f.Message);
            Has(await LintOne("v=spf1 include:example.com -all"), "Spf.Loop");
            // The same include in two branches is not a loop (it is counted twice, though).
            var diamond = await LintOne("v=spf1 include:example.net include:example.org -all", d => d
                .AddTxt("example.net", "v=spf1 include:shared.example.org -all")
                .AddTxt("example.org", "v=spf1 include:shared.example.org -all")
                .AddTxt("shared.example.org", "v=spf1 ip4:192.0.2.0/24 -all"));
            Lacks(diamond, "Spf.Loop");
            Assert.Equal(4, diamond.DnsLookupCount);
        }

        [Fact]
        public async Task IncludeWithoutRecord()
        {
            // §5.2: include of a domain with no SPF record is permerror (and NXDOMAIN is also a void lookup).
            var nx = await LintOne("v=spf1 include:gone.example.net -all");
            Assert.Contains("NXDOMAIN", Has(nx, "Spf.IncludeWithoutRecord").Message);
            Assert.Equal(1, nx.VoidLookupCount);
            Lacks(nx, "Spf.NoRecord");
            var noSpf = await LintOne("v=spf1 include:example.net -all", d => d.AddTxt("example.net", "verification=1"));
            Has(noSpf, "Spf.IncludeWithoutRecord");
            Assert.Equal(0, noSpf.VoidLookupCount);
            Lacks(await LintOne("v=spf1 include:example.net -all", d => d.AddTxt("example.net", "v=spf1 -all")), "Spf.IncludeWithoutRecord");
        }

        [Fact]
        public async Task RedirectWithoutRecord()
        {
            Has(await LintOne("v=spf1 redirect=gone.example.net"), "Spf.RedirectWithoutRecord");
            Lacks(await LintOne("v=spf1 redirect=example.net", d => d.AddTxt("example.net", "v=spf1 -all")), "Spf.RedirectWithoutRecord");
        }

        [Fact]
        public async Task PtrMechanism()
        {
            var r = await LintOne("v=spf1 ptr -all");
            Has(r, "Spf.PtrMechanism");
            Assert.Equal(1, r.DnsLookupCount);
            Assert.Equal(0, r.VoidLookupCount);
            Lacks(await LintOne("v=spf1 ip4:192.0.2.0/24 -all"), "Spf.PtrMechanism");
        }

        [Fact]
        public async Task PassAllAtTheRootAndThroughAPassInclude()
        {
            Assert.Equal(FindingSeverity.Error, Has(await LintOne("v=spf1 ip4:192.0.2.0/24 +all"), "Spf.PassAll").Severity);
            Has(await LintOne("v=spf1 all"), "Spf.PassAll");
            // §5.2: an included +all makes the include match everyone.
            Has(await LintOne("v=spf1 include:example.net -all", d => d.AddTxt("example.net", "v=spf1 +all")), "Spf.PassAll");
            Lacks(await LintOne("v=spf1 ip4:192.0.2.0/24 -all"), "Spf.PassAll");
            // Behind a '-include' a nested +all gives fail, not pass.
            Lacks(await LintOne("v=spf1 -include:example.net ~all", d => d.AddTxt("example.net", "v=spf1 +all")), "Spf.PassAll");
        }

        [Fact]
        public async Task NeutralAllOnlyWhereItDecides()
        {
            Has(await LintOne("v=spf1 ip4:192.0.2.0/24 ?all"), "Spf.NeutralAll");
            Has(await LintOne("v=spf1 redirect=example.net", d => d.AddTxt("example.net", "v=spf1 ?all")), "Spf.NeutralAll");
            // Inside an include, ?all only means "no match" (§5.2 table).
            Lacks(await LintOne("v=spf1 include:example.net -all", d => d.AddTxt("example.net", "v=spf1 ip4:192.0.2.0/24 ?all")), "Spf.NeutralAll");
            Lacks(await LintOne("v=spf1 ip4:192.0.2.0/24 ~all"), "Spf.NeutralAll");
        }

        [Fact]
        public async Task NoAllOrRedirect()
        {
            Has(await LintOne("v=spf1 ip4:192.0.2.0/24"), "Spf.NoAllOrRedirect");
            Lacks(await LintOne("v=spf1 ip4:192.0.2.0/24 -all"), "Spf.NoAllOrRedirect");
            Lacks(await LintOne("v=spf1 redirect=example.net", d => d.AddTxt("example.net", "v=spf1 -all")), "Spf.NoAllOrRedirect");
            Lacks(await LintOne("v=spf1 include:example.net -all", d => d.AddTxt("example.net", "v=spf1 ip4:192.0.2.0/24")), "Spf.NoAllOrRedirect");
        }

        [Fact]
        public async Task RedirectIgnoredWhenTheRecordHasAll()
        {
            // §5.1, §6.1: redirect is ignored with 'all' in the record, whatever the order; it is neither followed nor counted.
            var r = await LintOne("v=spf1 redirect=example.net ip4:192.0.2.0/24 -all", d => d.AddTxt("example.net", "v=spf1 a mx -all"));
            Has(r, "Spf.RedirectIgnored");
            Assert.Equal(0, r.DnsLookupCount);
            Assert.Empty(r.Tree.Root.Children);
            Lacks(await LintOne("v=spf1 ip4:192.0.2.0/24 redirect=example.net", d => d.AddTxt("example.net", "v=spf1 -all")), "Spf.RedirectIgnored");
        }

        [Fact]
        public async Task TermsAfterAll()
        {
            var r = await LintOne("v=spf1 -all include:example.net", d => d.AddTxt("example.net", "v=spf1 -all"));
            Assert.Contains("include:example.net", Has(r, "Spf.TermsAfterAll").Message);
            Assert.Equal(0, r.DnsLookupCount);
            Lacks(await LintOne("v=spf1 include:example.net -all exp=explain.example.com", d => d.AddTxt("example.net", "v=spf1 -all")), "Spf.TermsAfterAll");
        }

        [Fact]
        public async Task UnknownModifier()
        {
            var f = Has(await LintOne("v=spf1 -all redirct=example.net"), "Spf.UnknownModifier");
            Assert.Contains("redirect=", f.Message);
            Lacks(await LintOne("v=spf1 -all exp=explain.example.com"), "Spf.UnknownModifier");
        }

        [Fact]
        public async Task MacroSyntaxError()
        {
            var r = await LintOne("v=spf1 exists:%{x}.example.com -all");
            Assert.Contains("%{x}", Has(r, "Spf.MacroSyntaxError").Message);
            Lacks(r, "Spf.SyntaxError");
            Assert.Equal(SpfRecordStatus.permerror, r.Status);
            Has(await LintOne("v=spf1 a:%{d0}.example.com -all"), "Spf.MacroSyntaxError");
            Has(await LintOne("v=spf1 -all foo=%"), "Spf.MacroSyntaxError");
            var ok = await LintOne("v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} -all");
            Lacks(ok, "Spf.MacroSyntaxError");
            Assert.True(ok.DependsOnSender);
        }

        [Fact]
        public async Task NetworkHostBitsSet()
        {
            var f = Has(await LintOne("v=spf1 ip4:192.0.2.1/24 -all"), "Spf.NetworkHostBitsSet");
            Assert.Contains("192.0.2.0/24", f.Message);
            Has(await LintOne("v=spf1 ip6:2001:db8::1/64 -all"), "Spf.NetworkHostBitsSet");
            Lacks(await LintOne("v=spf1 ip4:192.0.2.0/24 ip4:192.0.2.1 ip6:2001:db8::/32 -all"), "Spf.NetworkHostBitsSet");
        }

        [Fact]
        public async Task RecordTooLarge()
        {
            // §3.4: the name plus all TXT records at it should stay under 450 octets.
            string big = "v=spf1 " + string.Join(" ", Enumerable.Range(1, 30).Select(i => $"ip4:192.0.2.{i}")) + " -all";
            var strings = Enumerable.Range(0, (big.Length + 254) / 255).Select(i => big.Substring(i * 255, Math.Min(255, big.Length - i * 255))).ToArray();
            var r = await Lint(Zone().AddTxt("example.com", strings));
            Assert.Equal(SpfRecordStatus.found, r.Status);
            Has(r, "Spf.RecordTooLarge");
            Lacks(await LintOne("v=spf1 ip4:192.0.2.0/24 -all"), "Spf.RecordTooLarge");
            // Other TXT records at the name share the answer.
            Has(await LintOne("v=spf1 -all", d => d.AddTxt("example.com", new string('x', 250), new string('y', 250))), "Spf.RecordTooLarge");
            Has(await LintRecord(big), "Spf.RecordTooLarge");
        }

        [Fact]
        public async Task SpfRecordTypePublished()
        {
            var dns = Zone().AddTxt("example.com", "v=spf1 -all");
            var r = await Lint(new Type99Resolver(dns, "example.com", "v=spf1 -all"));
            Assert.Contains("matches the TXT record", Has(r, "Spf.SpfRecordTypePublished").Message);
            Lacks(await Lint(dns), "Spf.SpfRecordTypePublished");
        }

        [Fact]
        public async Task SenderIdRecord()
        {
            var r = await LintOne("v=spf1 -all", d => d.AddTxt("example.com", "spf2.0/mfrom,pra ip4:192.0.2.0/24 -all"));
            Assert.Equal(FindingSeverity.Info, Has(r, "Spf.SenderIdRecord").Severity);
            Assert.Equal(SpfRecordStatus.found, r.Status);
            Has(await LintRecord("spf2.0/pra -all"), "Spf.SenderIdRecord");
            Lacks(await LintOne("v=spf1 -all"), "Spf.SenderIdRecord");
        }

        [Fact]
        public async Task TooManyMxRecords()
        {
            // §4.6.4: an mx mechanism with more than 10 MX records is a permerror.
            var r = await LintOne("v=spf1 mx -all", d =>
            {
                for (int i = 1; i <= 11; i++) d.Add(new MxRecord("example.com", 300, i, $"mx{i}.example.com"));
            });
            Assert.Contains("11 MX", Has(r, "Spf.TooManyMxRecords").Message);
            Lacks(await LintOne("v=spf1 mx -all", d =>
            {
                for (int i = 1; i <= 10; i++) d.Add(new MxRecord("example.com", 300, i, $"mx{i}.example.com"));
            }), "Spf.TooManyMxRecords");
        }

        [Fact]
        public async Task DependsOnSender()
        {
            var r = await LintOne("v=spf1 include:%{l}._spf.example.net -all");
            Assert.Equal(FindingSeverity.Info, Has(r, "Spf.DependsOnSender").Severity);
            Assert.True(r.DependsOnSender);
            Assert.Equal(1, r.DnsLookupCount);
            Lacks(await LintOne("v=spf1 include:_spf.example.net -all", d => d.AddTxt("_spf.example.net", "v=spf1 -all")), "Spf.DependsOnSender");
        }

        [Fact]
        public async Task WalkIncomplete()
        {
            // 12 nested includes: the walk stops at depth 10 and says so.
            var deep = Zone().AddTxt("example.com", "v=spf1 include:l1.example.net -all");
            for (int i = 1; i <= 12; i++) deep.AddTxt($"l{i}.example.net", $"v=spf1 include:l{i + 1}.example.net -all");
            var r = await Lint(deep);
            Assert.False(r.Tree.IsComplete);
            Has(r, "Spf.WalkIncomplete");
            Has(r, "Spf.TooManyDnsLookups");
            var shallow = Zone().AddTxt("example.com", "v=spf1 include:l1.example.net -all").AddTxt("l1.example.net", "v=spf1 -all");
            Lacks(await Lint(shallow), "Spf.WalkIncomplete");
        }

        [Fact]
        public async Task NestedProblemsNameTheRecordAndThePath()
        {
            var r = await LintOne("v=spf1 include:example.net -all", d => d
                .AddTxt("example.net", "v=spf1 include:example.org -all")
                .AddTxt("example.org", "v=spf1 ip4:192.0.2.300 ptr -all"));
            var syntax = Has(r, "Spf.SyntaxError");
            Assert.Contains("'example.org' (through include:example.net > include:example.org)", syntax.Message);
            Assert.Contains("example.org", Has(r, "Spf.PtrMechanism").Message);
            // The root record itself is fine: its status is found.
            Assert.Equal(SpfRecordStatus.found, r.Status);
            Assert.Equal(FindingSeverity.Error, r.HighestSeverity);
        }

        [Fact]
        public async Task RecordTextWithoutDomainDoesNotQueryThePlaceholder()
        {
            var dns = Zone().AddTxt("example.net", "v=spf1 ip4:198.51.100.0/24 -all");
            var r = await SpfLinter.LintRecordAsync("v=spf1 a mx include:example.net -all", null, dns);
            Assert.Equal(SpfTreeWalker.PlaceholderDomain, r.Domain);
            Assert.Equal(3, r.DnsLookupCount);
            Assert.Equal(0, r.VoidLookupCount);
            Assert.Empty(r.Findings);
            Assert.Equal(SpfTreeTermState.NotQueried, r.Tree.Root.Terms[0].State);
            Assert.Equal(1, dns.QueryCount);
        }

        [Fact]
        public async Task RecordTextIsParsedAndItsIncludesLookedUp()
        {
            var dns = Zone().AddTxt("example.net", "v=spf1 ip4:198.51.100.0/24 -all");
            var r = await SpfLinter.LintRecordAsync("v=spf1 include:example.net ~all", "example.com", dns);
            Assert.Equal("example.com", r.Domain);
            Assert.Equal(SpfRecordStatus.found, r.Status);
            Assert.Equal(1, r.DnsLookupCount);
            Assert.Empty(r.Findings);
            Assert.True(r.Tree.FromRecordText);
            var bad = await SpfLinter.LintRecordAsync("not a record", null, dns);
            Assert.Equal(SpfRecordStatus.permerror, bad.Status);
            Has(bad, "Spf.SyntaxError");
        }

        // Answers type-99 questions for one name, everything else from the inner resolver.
        internal sealed class Type99Resolver : IDnsResolver
        {
            private readonly IDnsResolver _inner;
            private readonly string _name;
            private readonly string _text;

            public Type99Resolver(IDnsResolver inner, string name, string text)
            {
                _inner = inner;
                _name = name;
                _text = text;
            }

            public Task<DnsQueryResult> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
            {
                if (type == DnsRecordType.SPF)
                {
                    var records = DnsName.Normalize(name) == _name ? new DnsRecord[] { new TxtRecord(name, 300, new[] { _text }) } : Array.Empty<DnsRecord>();
                    return Task.FromResult(new DnsQueryResult(name, type, records.Length > 0 ? DnsOutcome.Records : DnsOutcome.NoData, records));
                }
                return _inner.QueryAsync(name, type, cancellationToken);
            }
        }
    }
}
