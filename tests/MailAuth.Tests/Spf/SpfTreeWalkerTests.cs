using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dns;
using MailAuth.Spf;
using Xunit;

namespace MailAuth.Tests.Spf
{
    public class SpfTreeWalkerTests
    {
        private static InMemoryDnsResolver Zone() => SpfLintTests.Zone();

        private static InMemoryDnsResolver A(InMemoryDnsResolver dns, string name, params string[] addresses)
        {
            foreach (var a in addresses) dns.Add(new AddressRecord(name, 300, IPAddress.Parse(a)));
            return dns;
        }

        private static Task<SpfTree> Walk(IDnsResolver dns, string domain = "example.com", SpfTreeWalkerOptions? options = null)
            => new SpfTreeWalker(dns, options).WalkAsync(domain);

        [Fact]
        public async Task CountsPerBranchIncludeTheTermThatLeadsThere()
        {
            // The shape of samples/README.md's fourth-coffee.example: 12 lookups, branch costs 1, 3, 4, 2.
            var dns = Zone()
                .AddTxt("example.com", "v=spf1 mx a include:flat.example.net include:n.example.net include:c.example.net include:h.example.net -all")
                .AddTxt("flat.example.net", "v=spf1 ip4:198.51.100.0/27 -all")
                .AddTxt("n.example.net", "v=spf1 include:_4.example.net include:_6.example.net ~all")
                .AddTxt("_4.example.net", "v=spf1 ip4:198.51.100.64/27 ~all")
                .AddTxt("_6.example.net", "v=spf1 ip6:2001:db8:5101::/48 ~all")
                .AddTxt("c.example.net", "v=spf1 include:c1.example.net include:c2.example.net include:c3.example.net -all")
                .AddTxt("c1.example.net", "v=spf1 ip4:198.51.100.96/28 -all")
                .AddTxt("c2.example.net", "v=spf1 ip4:198.51.100.112/28 -all")
                .AddTxt("c3.example.net", "v=spf1 ip6:2001:db8:5102::/48 -all")
                .AddTxt("h.example.net", "v=spf1 include:mail.h.example.net ~all")
                .AddTxt("mail.h.example.net", "v=spf1 ip4:198.51.100.128/28 ~all");
            A(dns, "example.com", "192.0.2.81");
            A(dns, "mail.example.com", "192.0.2.82", "2001:db8:a::2");
            dns.Add(new MxRecord("example.com", 300, 10, "mail.example.com"));

            var tree = await Walk(dns);
            Assert.Equal(12, tree.LookupCount);
            Assert.Equal(new[] { 1, 3, 4, 2 }, tree.Root.Children.Select(c => c.LookupCount));
            Assert.Equal(new[] { 1, 1, 1, 1, 1, 1, 0 }, tree.Root.Terms.Select(t => t.CountsAsLookup ? 1 : 0));
            Assert.Equal(11, tree.Nodes.Count);
            Assert.Equal(new[] { 0, 1, 1, 2, 2, 1, 2, 2, 2, 1, 2 }, tree.Nodes.Select(n => n.Depth));
            Assert.True(tree.IsComplete);
            Assert.False(tree.DependsOnSender);
            Assert.All(tree.Nodes.Skip(1), n => Assert.Equal(SpfTreeNodeKind.Include, n.Kind));
            Assert.Equal("include:n.example.net", tree.Nodes[2].Term);
        }

        [Fact]
        public async Task AuthorizedNetworksApplyCidrLengthsAndTheQualifierChain()
        {
            var dns = Zone()
                .AddTxt("example.com", "v=spf1 a/24 mx//64 ip4:192.0.2.1/24 -ip4:203.0.113.9 ~include:soft.example.net include:p.example.net ip6:2001:DB8::/32 ip4:192.0.2.0/24 -all")
                .AddTxt("soft.example.net", "v=spf1 ip4:198.51.100.0/24 -all")
                .AddTxt("p.example.net", "v=spf1 ip4:198.51.100.200 -ip4:198.51.100.201 redirect=r.example.net")
                .AddTxt("r.example.net", "v=spf1 ip6:2001:db8:ffff::/48 -all");
            A(dns, "example.com", "192.0.2.81");
            A(dns, "mail.example.com", "192.0.2.130", "2001:db8:a::2");
            dns.Add(new MxRecord("example.com", 300, 10, "mail.example.com"));

            var tree = await Walk(dns);
            Assert.Equal(new[]
            {
                "192.0.2.0/24",             // a/24 (192.0.2.81), ip4:192.0.2.1/24 and ip4:192.0.2.0/24, deduplicated
                "192.0.2.130/32",           // mx//64: the IPv4 address keeps /32
                "198.51.100.200/32",        // through a pass include
                "2001:db8::/32",
                "2001:db8:a::/64",          // mx//64
                "2001:db8:ffff::/48",       // through the include's redirect
            }, tree.AuthorizedNetworks.Select(n => n.Cidr));
            var mx = tree.Root.Terms.Single(t => t.Name == "mx");
            Assert.Equal(new[] { "mail.example.com" }, mx.Hosts);
            Assert.All(mx.Networks, n => Assert.Equal("mail.example.com", n.Host));
            Assert.Equal(IPAddress.Parse("192.0.2.0"), tree.AuthorizedNetworks[0].Address);
            Assert.Equal(24, tree.AuthorizedNetworks[0].PrefixLength);
            Assert.Equal("IPv6", tree.AuthorizedNetworks[3].Family);
            // Node networks keep every qualifier; the fail and softfail ones are not authorised.
            Assert.Contains(tree.Root.Networks, n => n.Cidr == "203.0.113.9/32" && n.Qualifier == SpfQualifier.fail);
            Assert.Contains(tree.Nodes.SelectMany(n => n.Networks), n => n.Cidr == "198.51.100.0/24");
            Assert.DoesNotContain(tree.AuthorizedNetworks, n => n.Cidr == "198.51.100.0/24" || n.Cidr == "198.51.100.201/32");
        }

        [Fact]
        public async Task PassAllAuthorisesEverything()
        {
            var tree = await Walk(Zone().AddTxt("example.com", "v=spf1 ip4:192.0.2.0/24 +all"));
            Assert.Equal(new[] { "0.0.0.0/0", "192.0.2.0/24", "::/0" }, tree.AuthorizedNetworks.Select(n => n.Cidr));
        }

        [Fact]
        public async Task NothingIsAuthorisedByAnInvalidRecord()
        {
            var tree = await Walk(Zone().AddTxt("example.com", "v=spf1 ip4:192.0.2.0/24 ip4:192.0.2.300 -all"));
            Assert.Equal(SpfRecordStatus.permerror, tree.Status);
            Assert.Empty(tree.AuthorizedNetworks);
            Assert.Equal(SpfTreeTermState.Invalid, tree.Root.Terms[1].State);
            Assert.Single(tree.Root.Networks, n => n.Cidr == "192.0.2.0/24");
        }

        [Fact]
        public async Task MacrosPtrAndExistsAreShownButNotExpanded()
        {
            var dns = Zone()
                .AddTxt("example.com", "v=spf1 ptr ptr:example.net exists:%{i}._spf.%{d} include:%{l}.example.net a:%{d2} exists:always.example.com exists:never.example.com -all exp=explain.example.com")
                .AddTxt("explain.example.com", "Not allowed");
            A(dns, "always.example.com", "127.0.0.2");
            var tree = await Walk(dns);
            var states = tree.Root.Terms.Select(t => t.State).ToArray();
            Assert.Equal(new[]
            {
                SpfTreeTermState.NotExpandable, SpfTreeTermState.NotExpandable,
                SpfTreeTermState.DependsOnSender, SpfTreeTermState.DependsOnSender, SpfTreeTermState.DependsOnSender,
                SpfTreeTermState.Resolved, SpfTreeTermState.Empty, SpfTreeTermState.Static, SpfTreeTermState.NotExpandable,
            }, states);
            Assert.Equal("example.com", tree.Root.Terms[0].Target);
            Assert.Equal("%{i}._spf.%{d}", tree.Root.Terms[2].Target);
            Assert.True(tree.DependsOnSender);
            Assert.Equal(7, tree.LookupCount);         // every mechanism but all; exp is not counted
            Assert.Equal(1, tree.VoidLookupCount);     // exists:never
            // exists without macros matches every client when its name resolves.
            Assert.Contains(tree.AuthorizedNetworks, n => n.Cidr == "0.0.0.0/0" && n.Term == "exists:always.example.com");
            Assert.Equal(3, tree.QueryCount);          // the root TXT and the two exists names; nothing else is queried
        }

        [Fact]
        public async Task TermsAfterAllAndAnIgnoredRedirectAreNeitherFollowedNorCounted()
        {
            var dns = Zone().AddTxt("example.com", "v=spf1 redirect=example.net -all a:h.example.org include:example.org");
            var tree = await Walk(dns);
            Assert.Equal(0, tree.LookupCount);
            Assert.Empty(tree.Root.Children);
            Assert.Equal(new[] { SpfTreeTermState.Ignored, SpfTreeTermState.Static, SpfTreeTermState.Ignored, SpfTreeTermState.Ignored },
                tree.Root.Terms.Select(t => t.State));
            Assert.Equal(1, dns.QueryCount);
        }

        [Fact]
        public async Task RedirectChainIsFollowed()
        {
            var dns = Zone()
                .AddTxt("example.com", "v=spf1 redirect=example.net")
                .AddTxt("example.net", "v=spf1 a:h.example.net redirect=example.org")
                .AddTxt("example.org", "v=spf1 ip4:192.0.2.0/24 -all");
            A(dns, "h.example.net", "198.51.100.1");
            var tree = await Walk(dns);
            Assert.Equal(new[] { SpfTreeNodeKind.Root, SpfTreeNodeKind.Redirect, SpfTreeNodeKind.Redirect }, tree.Nodes.Select(n => n.Kind));
            Assert.Equal(3, tree.LookupCount);
            Assert.Equal(new[] { "192.0.2.0/24", "198.51.100.1/32" }, tree.AuthorizedNetworks.Select(n => n.Cidr));
        }

        [Fact]
        public async Task EachQuestionIsAskedOncePerWalk()
        {
            var dns = Zone()
                .AddTxt("example.com", "v=spf1 include:example.net include:example.org a:h.example.net a:h.example.net -all")
                .AddTxt("example.net", "v=spf1 include:s.example.org -all")
                .AddTxt("example.org", "v=spf1 include:s.example.org -all")
                .AddTxt("s.example.org", "v=spf1 a:h.example.net -all");
            A(dns, "h.example.net", "198.51.100.1");
            var tree = await Walk(dns);
            Assert.Equal(8, tree.LookupCount);     // 4 at the root, 2 + 2 in the branches (s counted in both)
            Assert.Equal(6, tree.QueryCount);      // TXT x4, A and AAAA of h once
            Assert.Equal(6, dns.QueryCount);
        }

        [Fact]
        public async Task NullMxAndMxHostsWithoutAddresses()
        {
            var dns = Zone().AddTxt("example.com", "v=spf1 mx mx:example.net -all")
                .Add(new MxRecord("example.com", 300, 0, "."))
                .Add(new MxRecord("example.net", 300, 10, "nohost.example.net"));
            var tree = await Walk(dns);
            Assert.Equal(SpfTreeTermState.Resolved, tree.Root.Terms[0].State);
            Assert.Contains("null MX", tree.Root.Terms[0].Detail);
            Assert.Contains("nohost.example.net (does not exist)", tree.Root.Terms[1].Detail);
            Assert.Equal(0, tree.VoidLookupCount);   // the MX questions themselves answered
            Assert.Empty(tree.AuthorizedNetworks);
        }

        [Fact]
        public async Task TemporaryFailuresAreKeptApartFromEmptyAnswers()
        {
            var dns = Zone().AddTxt("example.com", "v=spf1 include:example.net a:h.example.org a:both.example.org -all")
                .Fail("example.net").Fail("h.example.org");
            A(dns, "both.example.org", "192.0.2.1").Fail("both.example.org", DnsRecordType.AAAA, "SERVFAIL");
            var tree = await Walk(dns);
            Assert.Equal(SpfTreeTermState.TemporaryFailure, tree.Root.Terms[0].State);
            Assert.Equal(SpfRecordStatus.temperror, tree.Root.Children[0].Status);
            Assert.Equal(SpfTreeTermState.TemporaryFailure, tree.Root.Terms[1].State);
            Assert.Equal(SpfTreeTermState.Resolved, tree.Root.Terms[2].State);
            Assert.Contains("AAAA lookup failed: SERVFAIL", tree.Root.Terms[2].Detail);
            Assert.Equal(0, tree.VoidLookupCount);
        }

        [Fact]
        public async Task AThrowingResolverBecomesATemporaryFailure()
        {
            var tree = await Walk(new ThrowingResolver(Zone().AddTxt("example.com", "v=spf1 a:boom.example.net -all")));
            Assert.Equal(SpfTreeTermState.TemporaryFailure, tree.Root.Terms[0].State);
            Assert.Contains("InvalidOperationException", tree.Root.Terms[0].Detail);
        }

        [Fact]
        public async Task CancellationStopsTheWalk()
        {
            var dns = Zone().AddTxt("example.com", "v=spf1 include:example.net -all").AddTxt("example.net", "v=spf1 -all");
            dns.Delay = TimeSpan.FromSeconds(30);
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
            var sw = Stopwatch.StartNew();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new SpfTreeWalker(dns).WalkAsync("example.com", cts.Token));
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5));
        }

        // Hostile input: each must give findings or permerror, bounded work, and no hang.

        [Fact]
        public async Task TenThousandCharacterRecordIsBounded()
        {
            var sb = new StringBuilder("v=spf1");
            int i = 0;
            while (sb.Length < 10000) sb.Append(" a:h").Append(i++).Append(".example.net");
            var dns = Zone();
            var sw = Stopwatch.StartNew();
            var r = await SpfLinter.LintRecordAsync(sb.ToString(), "example.com", dns);
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10));
            Assert.True(dns.QueryCount <= 100, $"{dns.QueryCount} queries");
            Assert.Equal(i, r.DnsLookupCount);
            Assert.False(r.Tree.IsComplete);
            var ids = r.Findings.Select(f => f.Id).ToList();
            Assert.Contains("Spf.TooManyDnsLookups", ids);
            Assert.Contains("Spf.TooManyVoidLookups", ids);
            Assert.Contains("Spf.RecordTooLarge", ids);
            Assert.Contains("Spf.WalkIncomplete", ids);
            Assert.Contains("Spf.NoAllOrRedirect", ids);
            Assert.True(r.Findings.Max(f => f.Message.Length) < 2000, "messages list a bounded number of terms");
        }

        [Fact]
        public async Task FiftyNestedIncludesStopAtTheDepthLimit()
        {
            var dns = Zone().AddTxt("example.com", "v=spf1 include:l1.example.net -all");
            for (int i = 1; i <= 50; i++) dns.AddTxt($"l{i}.example.net", $"v=spf1 include:l{i + 1}.example.net -all");
            var r = await SpfLinter.LintDomainAsync("example.com", dns);
            Assert.Equal(11, r.Tree.Nodes.Count);
            Assert.Equal(10, r.Tree.Nodes.Max(n => n.Depth));
            Assert.True(dns.QueryCount <= 12);
            Assert.Contains(r.Findings, f => f.Id == "Spf.TooManyDnsLookups");
            Assert.Contains(r.Findings, f => f.Id == "Spf.WalkIncomplete");
        }

        [Fact]
        public async Task IncludeLoopsEndAtTheLoop()
        {
            var dns = Zone()
                .AddTxt("example.com", "v=spf1 include:example.net -all")
                .AddTxt("example.net", "v=spf1 include:example.org -all")
                .AddTxt("example.org", "v=spf1 include:example.net redirect=example.com");
            var r = await SpfLinter.LintDomainAsync("example.com", dns);
            Assert.Equal(2, r.Findings.Count(f => f.Id == "Spf.Loop"));
            Assert.Equal(3, r.Tree.Nodes.Count);
            Assert.True(r.Tree.IsComplete);
        }

        [Fact]
        public async Task ManyTimesRepeatedIncludesAreBoundedByTheNodeLimit()
        {
            // Each level includes the next 20 times: 20^5 paths if nothing bounded the walk.
            var dns = Zone();
            for (int level = 0; level < 5; level++)
            {
                string name = level == 0 ? "example.com" : $"l{level}.example.net";
                dns.AddTxt(name, "v=spf1 " + string.Join(" ", Enumerable.Repeat($"include:l{level + 1}.example.net", 20)) + " -all");
            }
            dns.AddTxt("l5.example.net", "v=spf1 -all");
            var sw = Stopwatch.StartNew();
            var r = await SpfLinter.LintDomainAsync("example.com", dns);
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10));
            Assert.True(r.Tree.Nodes.Count <= 500);
            Assert.Contains(r.Findings, f => f.Id == "Spf.WalkIncomplete");
            Assert.Equal(7, dns.QueryCount);         // six TXT names and the root's type-99 question
        }

        [Fact]
        public async Task BinaryAndInvalidUtf8TxtIsASyntaxError()
        {
            // What a resolver hands over for bytes that are not UTF-8: replacement characters, controls, NULs.
            var dns = Zone().AddTxt("example.com", "v=spf1 ip4:192.0.2.1 \uFFFD\u0000\u0001 a:\u00ff.example.net -all");
            var r = await SpfLinter.LintDomainAsync("example.com", dns);
            Assert.Equal(SpfRecordStatus.permerror, r.Status);
            Assert.Contains(r.Findings, f => f.Id == "Spf.SyntaxError" || f.Id == "Spf.UnknownMechanism");
            Assert.All(r.Findings, f => Assert.DoesNotContain('\u0000', f.Message));
            var text = await SpfLinter.LintRecordAsync("\u0000\u00ff\uFFFDv=spf1", null, dns);
            Assert.Equal(SpfRecordStatus.permerror, text.Status);
        }

        [Fact]
        public async Task TheQueryLimitIsAnOption()
        {
            var dns = Zone().AddTxt("example.com", "v=spf1 a:h1.example.net a:h2.example.net a:h3.example.net -all");
            var tree = await Walk(dns, options: new SpfTreeWalkerOptions { MaxQueries = 5 });
            Assert.Equal(5, dns.QueryCount);
            Assert.Equal(SpfTreeTermState.NotQueried, tree.Root.Terms[2].State);
            Assert.Equal(3, tree.LookupCount);
            Assert.Single(tree.Limits);
            Assert.Throws<ArgumentOutOfRangeException>(() => new SpfTreeWalkerOptions { MaxQueries = 0 });
        }

        [Fact]
        public async Task ArgumentsAreChecked()
        {
            Assert.Throws<ArgumentNullException>(() => new SpfTreeWalker(null!));
            await Assert.ThrowsAsync<ArgumentNullException>(() => new SpfTreeWalker(Zone()).WalkAsync(null!));
            await Assert.ThrowsAsync<ArgumentNullException>(() => new SpfTreeWalker(Zone()).WalkRecordAsync(null!, null));
            await Assert.ThrowsAsync<ArgumentNullException>(() => SpfLinter.LintDomainAsync("example.com", null!));
            Assert.Throws<ArgumentNullException>(() => SpfLinter.Lint(null!));
        }

        private sealed class ThrowingResolver : IDnsResolver
        {
            private readonly IDnsResolver _inner;
            public ThrowingResolver(IDnsResolver inner) { _inner = inner; }
            public Task<DnsQueryResult> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
                => name.StartsWith("boom", StringComparison.Ordinal) ? throw new InvalidOperationException("broken resolver") : _inner.QueryAsync(name, type, cancellationToken);
        }
    }
}
