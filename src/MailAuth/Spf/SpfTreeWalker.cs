using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dns;

namespace MailAuth.Spf
{
    /// <summary>
    /// Expands an SPF record into its tree: follows every <c>include</c> and <c>redirect</c>, resolves <c>a</c> and
    /// <c>mx</c> to networks, and counts DNS-querying terms and void lookups per branch, as if every term were
    /// evaluated. Unlike evaluation, which stops at the first match, this visits all branches: what an administrator
    /// needs to see what the record costs and allows.
    /// </summary>
    /// <remarks>
    /// All DNS goes through the <see cref="IDnsResolver"/>. The walk is bounded by <see cref="SpfTreeWalkerOptions"/>
    /// (depth, distinct DNS questions, records), detects loops by domain, and asks each question once per walk.
    /// Terms after <c>all</c>, and <c>redirect</c> in a record with <c>all</c>, are never evaluated (RFC 7208 §5.1), so
    /// they are neither followed nor counted. Domain-specs with macros are not expanded: they depend on the sender.
    /// </remarks>
    public sealed class SpfTreeWalker
    {
        /// <summary>The domain a record checked by text is placed at when no domain is given; names under it are not queried (RFC 6761 §6.4).</summary>
        public const string PlaceholderDomain = "example.invalid";

        private const int MaxMxHosts = 10;      // RFC 7208 §4.6.4: more MX records than this is a permerror
        private const int MaxListedInDetail = 8;

        private readonly IDnsResolver _resolver;
        private readonly SpfTreeWalkerOptions _options;

        /// <summary>Creates a walker.</summary>
        /// <param name="resolver">Where DNS questions go.</param>
        /// <param name="options">Limits; null for the defaults.</param>
        /// <exception cref="ArgumentNullException"><paramref name="resolver"/> is null.</exception>
        public SpfTreeWalker(IDnsResolver resolver, SpfTreeWalkerOptions? options = null)
        {
            _resolver = resolver ?? throw new ArgumentNullException(nameof(resolver));
            _options = options ?? new SpfTreeWalkerOptions();
        }

        /// <summary>Looks up the SPF record of <paramref name="domain"/> and expands its tree.</summary>
        /// <param name="domain">A normalised domain name.</param>
        /// <param name="cancellationToken">Cancels the walk.</param>
        /// <returns>The tree; DNS failures are data in it, not exceptions.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="domain"/> is null.</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
        public async Task<SpfTree> WalkAsync(string domain, CancellationToken cancellationToken = default)
        {
            if (domain is null) throw new ArgumentNullException(nameof(domain));
            string name = DnsName.Normalize(domain);
            var walk = new Walk(_resolver, _options, cancellationToken, null);
            var txtTask = walk.Query(name, DnsRecordType.TXT) ?? throw new InvalidOperationException("The query limit is below 1.");
            var spfTypeTask = _options.QuerySpfRecordType ? walk.Query(name, DnsRecordType.SPF) : null;
            var txt = await txtTask.ConfigureAwait(false);
            var lookup = SpfRecordLookup.FromAnswer(name, txt);
            var root = await BuildNodeAsync(walk, lookup, SpfTreeNodeKind.Root, null, 0, new[] { name }, true, true, false).ConfigureAwait(false);
            DnsQueryResult? spfType = spfTypeTask is null ? null : await spfTypeTask.ConfigureAwait(false);
            return Finish(walk, root, false, txt, spfType);
        }

        /// <summary>Expands the tree of a record given as text, as if it were published at <paramref name="domain"/>.</summary>
        /// <param name="record">The record text, starting with <c>v=spf1</c>.</param>
        /// <param name="domain">
        /// The normalised domain the record would be published at; null for <see cref="PlaceholderDomain"/>, whose names
        /// (<c>a</c> and <c>mx</c> without a domain) are then not queried.
        /// </param>
        /// <param name="cancellationToken">Cancels the walk.</param>
        /// <returns>The tree; its root is the given record.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
        public async Task<SpfTree> WalkRecordAsync(string record, string? domain, CancellationToken cancellationToken = default)
        {
            if (record is null) throw new ArgumentNullException(nameof(record));
            string name = domain is null ? PlaceholderDomain : DnsName.Normalize(domain);
            var walk = new Walk(_resolver, _options, cancellationToken, domain is null ? PlaceholderDomain : null);
            var lookup = FromText(name, record);
            var root = await BuildNodeAsync(walk, lookup, SpfTreeNodeKind.Root, null, 0, new[] { name }, true, true, false).ConfigureAwait(false);
            return Finish(walk, root, true, null, null);
        }

        // A record given as text, shaped like a lookup: strings as a publisher would split it (255 octets each).
        internal static SpfRecordResult FromText(string domain, string text)
        {
            var parsed = SpfParser.Parse(text);
            var strings = new List<string>();
            for (int i = 0; i < text.Length; i += 255) strings.Add(text.Substring(i, Math.Min(255, text.Length - i)));
            if (strings.Count == 0) strings.Add(string.Empty);
            var status = parsed.IsValid ? SpfRecordStatus.found : SpfRecordStatus.permerror;
            return new SpfRecordResult(domain, status, parsed, strings, new[] { text }, null, parsed.Errors, null, "record text");
        }

        private static SpfTree Finish(Walk walk, SpfTreeNode root, bool fromText, DnsQueryResult? txt, DnsQueryResult? spfType)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var authorized = new List<SpfNetwork>();
            foreach (var node in root.DescendantsAndSelf())
            {
                if (!node.OnPassPath || node.Status != SpfRecordStatus.found) continue;
                foreach (var term in node.Terms)
                {
                    if (term.Qualifier != SpfQualifier.pass) continue;
                    foreach (var n in term.Networks)
                        if (seen.Add(n.Cidr)) authorized.Add(n);
                }
            }
            authorized.Sort(SpfNetwork.Compare);
            return new SpfTree(root, fromText, walk.QueryCount, walk.Limits.ToList(), authorized, txt, spfType);
        }

        private async Task<SpfTreeNode> BuildNodeAsync(Walk walk, SpfRecordResult lookup, SpfTreeNodeKind kind, SpfTerm? via, int depth,
            string[] path, bool passPath, bool policyPath, bool leadVoid)
        {
            walk.Nodes++;
            var terms = new List<SpfTreeTerm>();
            var record = lookup.Parsed;
            if (record != null && (lookup.Status == SpfRecordStatus.found || lookup.Status == SpfRecordStatus.permerror))
            {
                var plans = Plan(walk, record, lookup.Domain, depth, path);
                bool childPassPath = passPath && lookup.Status == SpfRecordStatus.found;
                foreach (var plan in plans)
                {
                    walk.CancellationToken.ThrowIfCancellationRequested();
                    terms.Add(await CompleteAsync(walk, plan, lookup.Domain, depth, path, childPassPath, policyPath).ConfigureAwait(false));
                }
            }
            return new SpfTreeNode(lookup.Domain, kind, via, depth, lookup, terms, via != null, leadVoid, passPath, policyPath);
        }

        // First pass over a record: decides what each term needs and starts its queries, so they run concurrently.
        private List<PlannedTerm> Plan(Walk walk, SpfRecord record, string domain, int depth, string[] path)
        {
            var plans = new List<PlannedTerm>(record.Terms.Count);
            int allIndex = -1;
            for (int i = 0; i < record.Terms.Count; i++)
            {
                var t = record.Terms[i];
                if (t.Kind == SpfTermKind.Mechanism && t.IsValid && t.Name == "all") { allIndex = i; break; }
            }
            for (int i = 0; i < record.Terms.Count; i++)
            {
                var term = record.Terms[i];
                var plan = new PlannedTerm(term);
                plans.Add(plan);
                if (!term.IsValid) { plan.Decide(SpfTreeTermState.Invalid, "syntax error: the whole record is a permerror"); continue; }
                if (term.Kind == SpfTermKind.Modifier)
                {
                    switch (term.Name)
                    {
                        case "redirect":
                            if (allIndex >= 0) { plan.Target = term.Value; plan.Decide(SpfTreeTermState.Ignored, "ignored: the record has 'all' (RFC 7208 §5.1, §6.1)"); continue; }
                            break;
                        case "exp":
                            plan.Target = term.Value;
                            plan.Decide(SpfTreeTermState.NotExpandable, "looked up only to explain a fail result; not a DNS-querying term");
                            continue;
                        default:
                            plan.Decide(SpfTreeTermState.Ignored, "unknown modifier: receivers ignore it (RFC 7208 §6)");
                            continue;
                    }
                }
                else if (allIndex >= 0 && i > allIndex)
                {
                    plan.Decide(SpfTreeTermState.Ignored, "after 'all': never evaluated (RFC 7208 §5.1)");
                    continue;
                }

                switch (term.Name)
                {
                    case "all":
                        plan.Decide(SpfTreeTermState.Static, "matches every client");
                        plan.Networks.Add(new SpfNetwork(IPAddress.Any, 0, term.Qualifier ?? SpfQualifier.pass, domain, term.Text));
                        plan.Networks.Add(new SpfNetwork(IPAddress.IPv6Any, 0, term.Qualifier ?? SpfQualifier.pass, domain, term.Text));
                        continue;
                    case "ip4":
                    case "ip6":
                        PlanNetwork(plan, domain);
                        continue;
                }

                // include, a, mx, ptr, exists, redirect: each counts against the limit of 10 (RFC 7208 §4.6.4).
                plan.Counts = true;
                string spec = term.Value ?? domain;
                plan.Target = spec;
                if (spec.IndexOf('%') >= 0) { plan.Decide(SpfTreeTermState.DependsOnSender, "holds macros: depends on the sender and client, not expanded"); continue; }
                string target = DnsName.Normalize(spec);
                plan.Target = target;
                if (term.Name == "ptr") { plan.Decide(SpfTreeTermState.NotExpandable, "depends on the client's reverse DNS; not expanded"); continue; }
                if (walk.Placeholder != null && DnsName.IsAtOrBelow(target, walk.Placeholder))
                {
                    plan.Decide(SpfTreeTermState.NotQueried, $"'{target}' is the placeholder domain of a record checked without a domain; not queried");
                    continue;
                }
                string? invalid = DnsName.Validate(target);
                if (invalid != null) { plan.Decide(SpfTreeTermState.Empty, $"'{SpfParser.Printable(target)}' is not a valid domain name: {invalid}"); continue; }
                bool follows = term.Name == "include" || term.Name == "redirect";
                if (follows && path.Contains(target, StringComparer.Ordinal))
                {
                    plan.Decide(SpfTreeTermState.Loop, "loop: " + string.Join(" -> ", path) + " -> " + target);
                    continue;
                }
                if (follows && depth + 1 > _options.MaxDepth)
                {
                    walk.Limit($"include/redirect nesting deeper than {_options.MaxDepth} levels was not followed");
                    plan.Decide(SpfTreeTermState.NotQueried, $"not followed: nesting deeper than {_options.MaxDepth} levels");
                    continue;
                }
                var types = term.Name == "a" ? new[] { DnsRecordType.A, DnsRecordType.AAAA }
                    : term.Name == "mx" ? new[] { DnsRecordType.MX }
                    : term.Name == "exists" ? new[] { DnsRecordType.A }
                    : new[] { DnsRecordType.TXT };
                var tasks = walk.QueryAll(target, types);
                if (tasks is null)
                {
                    plan.Decide(SpfTreeTermState.NotQueried, $"not queried: the walk reached its limit of {_options.MaxQueries} DNS questions");
                    continue;
                }
                plan.Queries = tasks;
            }
            return plans;
        }

        private static void PlanNetwork(PlannedTerm plan, string domain)
        {
            var term = plan.Term;
            if (!IPAddress.TryParse(term.Value ?? string.Empty, out var address))
            {
                plan.Decide(SpfTreeTermState.Invalid, "not an IP address");
                return;
            }
            int prefix = term.Name == "ip4" ? term.Ip4Cidr ?? 32 : term.Ip6Cidr ?? 128;
            var network = new SpfNetwork(address, prefix, term.Qualifier ?? SpfQualifier.pass, domain, term.Text);
            plan.Networks.Add(network);
            plan.Decide(SpfTreeTermState.Static, SpfNetwork.HasHostBits(address, prefix)
                ? $"{network.Cidr} (written with host bits set: {term.Value}/{prefix})"
                : network.Cidr);
        }

        // Second pass, in term order: waits for a term's answers, resolves MX hosts, and follows include/redirect.
        private async Task<SpfTreeTerm> CompleteAsync(Walk walk, PlannedTerm plan, string domain, int depth, string[] path, bool passPath, bool policyPath)
        {
            var term = plan.Term;
            if (plan.Queries is null)
                return plan.ToTerm(plan.State ?? SpfTreeTermState.Static, plan.Detail ?? string.Empty);
            string target = plan.Target!;
            var qualifier = term.Qualifier ?? SpfQualifier.pass;
            switch (term.Name)
            {
                case "a":
                    {
                        var r4 = await plan.Queries[0].ConfigureAwait(false);
                        var r6 = await plan.Queries[1].ConfigureAwait(false);
                        var addresses = Addresses(r4).Concat(Addresses(r6)).ToList();
                        foreach (var address in addresses) plan.AddNetwork(Network(address, term, qualifier, domain, target));
                        plan.Hosts.Add(target);
                        if (addresses.Count > 0)
                        {
                            string detail = List(addresses.Select(a => a.ToString()));
                            var failed = new[] { r4, r6 }.FirstOrDefault(r => r.Outcome == DnsOutcome.TemporaryFailure);
                            if (failed != null) detail += $" ({failed.Type} lookup failed: {failed.Error})";
                            return plan.ToTerm(SpfTreeTermState.Resolved, detail);
                        }
                        var fail = new[] { r4, r6 }.FirstOrDefault(r => r.Outcome == DnsOutcome.TemporaryFailure);
                        if (fail != null) return plan.ToTerm(SpfTreeTermState.TemporaryFailure, $"{fail.Type} lookup of '{target}' failed: {fail.Error}");
                        plan.IsVoid = true;
                        return plan.ToTerm(SpfTreeTermState.Empty, r4.Outcome == DnsOutcome.NxDomain ? $"'{target}' does not exist (NXDOMAIN)" : $"'{target}' has no A or AAAA records");
                    }
                case "exists":
                    {
                        var r = await plan.Queries[0].ConfigureAwait(false);
                        if (r.Outcome == DnsOutcome.TemporaryFailure) return plan.ToTerm(SpfTreeTermState.TemporaryFailure, $"A lookup of '{target}' failed: {r.Error}");
                        if (r.Outcome == DnsOutcome.Records)
                        {
                            // Without macros the answer does not depend on the client: the term matches everyone.
                            plan.AddNetwork(new SpfNetwork(IPAddress.Any, 0, qualifier, domain, term.Text, target));
                            plan.AddNetwork(new SpfNetwork(IPAddress.IPv6Any, 0, qualifier, domain, term.Text, target));
                            return plan.ToTerm(SpfTreeTermState.Resolved, $"'{target}' has an A record, so the term matches every client");
                        }
                        plan.IsVoid = true;
                        return plan.ToTerm(SpfTreeTermState.Empty, Outcome(r, target, "A"));
                    }
                case "mx":
                    return await CompleteMxAsync(walk, plan, domain, target, qualifier).ConfigureAwait(false);
                default:
                    {
                        // include or redirect
                        var answer = await plan.Queries[0].ConfigureAwait(false);
                        var childLookup = SpfRecordLookup.FromAnswer(target, answer);
                        plan.IsVoid = answer.Outcome == DnsOutcome.NxDomain || answer.Outcome == DnsOutcome.NoData;
                        if (walk.Nodes >= _options.MaxNodes)
                        {
                            walk.Limit($"the tree has more than {_options.MaxNodes} records; the rest was not expanded");
                            return plan.ToTerm(SpfTreeTermState.NotQueried, $"not expanded: the tree reached its limit of {_options.MaxNodes} records");
                        }
                        bool isInclude = term.Name == "include";
                        var childPath = new string[path.Length + 1];
                        path.CopyTo(childPath, 0);
                        childPath[path.Length] = target;
                        var child = await BuildNodeAsync(walk, childLookup, isInclude ? SpfTreeNodeKind.Include : SpfTreeNodeKind.Redirect, term, depth + 1, childPath,
                            passPath && (!isInclude || qualifier == SpfQualifier.pass), policyPath && !isInclude, plan.IsVoid).ConfigureAwait(false);
                        plan.Child = child;
                        switch (child.Status)
                        {
                            case SpfRecordStatus.found:
                                return plan.ToTerm(SpfTreeTermState.Resolved, child.Record ?? string.Empty);
                            case SpfRecordStatus.permerror:
                                return plan.ToTerm(SpfTreeTermState.Resolved, "permerror: " + (child.Lookup.Findings.FirstOrDefault()?.Message ?? "the record is invalid"));
                            case SpfRecordStatus.temperror:
                                return plan.ToTerm(SpfTreeTermState.TemporaryFailure, $"TXT lookup of '{target}' failed: {child.Lookup.Error}");
                            default:
                                return plan.ToTerm(SpfTreeTermState.Empty, child.Lookup.Findings.FirstOrDefault()?.Message ?? $"'{target}' has no SPF record");
                        }
                    }
            }
        }

        private static async Task<SpfTreeTerm> CompleteMxAsync(Walk walk, PlannedTerm plan, string domain, string target, SpfQualifier qualifier)
        {
            var term = plan.Term;
            var r = await plan.Queries![0].ConfigureAwait(false);
            if (r.Outcome == DnsOutcome.TemporaryFailure) return plan.ToTerm(SpfTreeTermState.TemporaryFailure, $"MX lookup of '{target}' failed: {r.Error}");
            if (r.Outcome != DnsOutcome.Records)
            {
                plan.IsVoid = true;
                return plan.ToTerm(SpfTreeTermState.Empty, Outcome(r, target, "MX"));
            }
            var hosts = r.RecordsOf<MxRecord>()
                .OrderBy(m => m.Preference).ThenBy(m => m.Exchange, StringComparer.Ordinal)
                .Select(m => m.Exchange).Distinct(StringComparer.Ordinal).ToList();
            bool nullMx = hosts.Remove(string.Empty);   // "MX 0 ." (RFC 7505): no mail host
            plan.Hosts.AddRange(hosts);
            var notes = new List<string>();
            if (nullMx) notes.Add("null MX");
            if (hosts.Count > MaxMxHosts) notes.Add($"{hosts.Count} MX hosts: more than {MaxMxHosts} is a permerror (RFC 7208 §4.6.4); only the first {MaxMxHosts} were resolved");
            var lookups = new List<(string Host, Task<DnsQueryResult>[]? Tasks)>();
            foreach (string host in hosts.Take(MaxMxHosts))
            {
                string? invalid = DnsName.Validate(host);
                lookups.Add((host, invalid is null ? walk.QueryAll(host, new[] { DnsRecordType.A, DnsRecordType.AAAA }) : null));
            }
            var parts = new List<string>();
            foreach (var (host, tasks) in lookups)
            {
                if (tasks is null) { parts.Add(host + ": not queried"); continue; }
                var r4 = await tasks[0].ConfigureAwait(false);
                var r6 = await tasks[1].ConfigureAwait(false);
                var addresses = Addresses(r4).Concat(Addresses(r6)).ToList();
                foreach (var address in addresses) plan.AddNetwork(Network(address, term, qualifier, domain, host));
                var failed = new[] { r4, r6 }.FirstOrDefault(x => x.Outcome == DnsOutcome.TemporaryFailure);
                string what = addresses.Count > 0 ? List(addresses.Select(a => a.ToString()), 4)
                    : failed != null ? "lookup failed: " + failed.Error
                    : r4.Outcome == DnsOutcome.NxDomain ? "does not exist" : "no addresses";
                parts.Add($"{host} ({what})");
            }
            if (lookups.Count > 0 && lookups.Any(l => l.Tasks is null))
                walk.Limit($"the walk reached its limit of {walk.MaxQueries} DNS questions; some names were not queried");
            string detail = parts.Count == 0 ? "no mail hosts" : List(parts, MaxMxHosts);
            if (notes.Count > 0) detail += "; " + string.Join("; ", notes);
            return plan.ToTerm(SpfTreeTermState.Resolved, detail);
        }

        private static IEnumerable<IPAddress> Addresses(DnsQueryResult r)
            => r.Outcome == DnsOutcome.Records ? r.RecordsOf<AddressRecord>().Select(a => a.Address) : Enumerable.Empty<IPAddress>();

        private static SpfNetwork Network(IPAddress address, SpfTerm term, SpfQualifier qualifier, string domain, string host)
        {
            int prefix = address.AddressFamily == AddressFamily.InterNetwork ? term.Ip4Cidr ?? 32 : term.Ip6Cidr ?? 128;
            return new SpfNetwork(address, prefix, qualifier, domain, term.Text, host);
        }

        private static string Outcome(DnsQueryResult r, string target, string type)
            => r.Outcome == DnsOutcome.NxDomain ? $"'{target}' does not exist (NXDOMAIN)" : $"'{target}' has no {type} records";

        private static string List(IEnumerable<string> items, int max = MaxListedInDetail)
        {
            var all = items.ToList();
            if (all.Count <= max) return string.Join(", ", all);
            return string.Join(", ", all.Take(max)) + string.Format(CultureInfo.InvariantCulture, " and {0} more", all.Count - max);
        }

        // One term between the two passes.
        private sealed class PlannedTerm
        {
            private readonly HashSet<string> _cidrs = new HashSet<string>(StringComparer.Ordinal);

            public PlannedTerm(SpfTerm term) { Term = term; }

            public SpfTerm Term { get; }
            public string? Target { get; set; }
            public bool Counts { get; set; }
            public bool IsVoid { get; set; }
            public SpfTreeTermState? State { get; private set; }
            public string? Detail { get; private set; }
            public Task<DnsQueryResult>[]? Queries { get; set; }
            public List<SpfNetwork> Networks { get; } = new List<SpfNetwork>();
            public List<string> Hosts { get; } = new List<string>();
            public SpfTreeNode? Child { get; set; }

            public void Decide(SpfTreeTermState state, string detail)
            {
                State = state;
                Detail = detail;
            }

            public void AddNetwork(SpfNetwork network)
            {
                if (_cidrs.Add(network.Cidr)) Networks.Add(network);
            }

            public SpfTreeTerm ToTerm(SpfTreeTermState state, string detail)
                => new SpfTreeTerm(Term, Target, Counts, IsVoid, state, detail,
                    Networks.Count == 0 ? SpfTreeTerm.NoNetworks : Networks.ToArray(),
                    Hosts.Count == 0 ? SpfTreeTerm.NoHosts : Hosts.ToArray(), Child);
        }

        // The state of one walk: its question cache, counters and the limits reached.
        private sealed class Walk
        {
            private readonly IDnsResolver _resolver;
            private readonly Dictionary<(string, DnsRecordType), Task<DnsQueryResult>> _asked = new Dictionary<(string, DnsRecordType), Task<DnsQueryResult>>();
            private readonly List<string> _limits = new List<string>();

            public Walk(IDnsResolver resolver, SpfTreeWalkerOptions options, CancellationToken cancellationToken, string? placeholder)
            {
                _resolver = resolver;
                MaxQueries = options.MaxQueries;
                CancellationToken = cancellationToken;
                Placeholder = placeholder;
            }

            public int MaxQueries { get; }
            public CancellationToken CancellationToken { get; }
            public string? Placeholder { get; }
            public int Nodes { get; set; }
            public int QueryCount => _asked.Count;
            public IEnumerable<string> Limits => _limits;

            public void Limit(string reason)
            {
                if (!_limits.Contains(reason)) _limits.Add(reason);
            }

            public Task<DnsQueryResult>? Query(string name, DnsRecordType type) => QueryAll(name, new[] { type })?[0];

            // Starts the questions not asked before, all or none, within the limit.
            public Task<DnsQueryResult>[]? QueryAll(string name, DnsRecordType[] types)
            {
                CancellationToken.ThrowIfCancellationRequested();
                int fresh = types.Count(t => !_asked.ContainsKey((name, t)));
                if (_asked.Count + fresh > MaxQueries)
                {
                    Limit($"the walk reached its limit of {MaxQueries} DNS questions; some names were not queried");
                    return null;
                }
                var tasks = new Task<DnsQueryResult>[types.Length];
                for (int i = 0; i < types.Length; i++)
                {
                    var key = (name, types[i]);
                    if (!_asked.TryGetValue(key, out var task)) _asked[key] = task = AskAsync(name, types[i]);
                    tasks[i] = task;
                }
                return tasks;
            }

            private async Task<DnsQueryResult> AskAsync(string name, DnsRecordType type)
            {
                try
                {
                    return await _resolver.QueryAsync(name, type, CancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception e)
                {
                    // Resolvers report failures as results; a throwing one must not end the whole walk.
                    return DnsQueryResult.TempFail(name, type, e.GetType().Name + ": " + e.Message);
                }
            }
        }
    }
}
