using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dns;
using MailAuth.Findings;

namespace MailAuth.Spf
{
    /// <summary>
    /// Checks an SPF record and everything it includes or redirects to, and reports findings with stable ids.
    /// Counts are static: every branch is counted as if every term were evaluated, which is what an administrator
    /// needs to know (evaluation stops at the first match, so it may stay under a limit that a record still breaks).
    /// </summary>
    public static class SpfLinter
    {
        /// <summary>Most DNS-querying terms an evaluation may reach (RFC 7208 §4.6.4).</summary>
        public const int MaxDnsLookups = 10;
        /// <summary>Most void lookups receivers are advised to allow (RFC 7208 §4.6.4).</summary>
        public const int MaxVoidLookups = 2;
        /// <summary>Largest advised size of the owner name plus all TXT records at it, in octets (RFC 7208 §3.4).</summary>
        public const int MaxAnswerOctets = 450;

        private const int MaxListed = 12;

        /// <summary>Looks up and checks the SPF record of <paramref name="domain"/>.</summary>
        /// <param name="domain">A normalised domain name.</param>
        /// <param name="resolver">Where DNS questions go.</param>
        /// <param name="options">Walk limits; null for the defaults, which also look for records of the discontinued SPF type 99.</param>
        /// <param name="cancellationToken">Cancels the check.</param>
        /// <returns>The result; DNS failures are findings, not exceptions.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="domain"/> or <paramref name="resolver"/> is null.</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
        public static async Task<SpfLintResult> LintDomainAsync(string domain, IDnsResolver resolver, SpfTreeWalkerOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (domain is null) throw new ArgumentNullException(nameof(domain));
            if (resolver is null) throw new ArgumentNullException(nameof(resolver));
            var walker = new SpfTreeWalker(resolver, options ?? new SpfTreeWalkerOptions { QuerySpfRecordType = true });
            var tree = await walker.WalkAsync(domain, cancellationToken).ConfigureAwait(false);
            return Lint(tree);
        }

        /// <summary>Checks a record given as text, as if it were published at <paramref name="domain"/>; its includes and redirects are looked up.</summary>
        /// <param name="record">The proposed record, starting with <c>v=spf1</c>.</param>
        /// <param name="domain">The normalised domain it would be published at; null for <see cref="SpfTreeWalker.PlaceholderDomain"/>.</param>
        /// <param name="resolver">Where DNS questions go.</param>
        /// <param name="options">Walk limits; null for the defaults.</param>
        /// <param name="cancellationToken">Cancels the check.</param>
        /// <returns>The result.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="record"/> or <paramref name="resolver"/> is null.</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
        public static async Task<SpfLintResult> LintRecordAsync(string record, string? domain, IDnsResolver resolver, SpfTreeWalkerOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (record is null) throw new ArgumentNullException(nameof(record));
            if (resolver is null) throw new ArgumentNullException(nameof(resolver));
            var tree = await new SpfTreeWalker(resolver, options).WalkRecordAsync(record, domain, cancellationToken).ConfigureAwait(false);
            return Lint(tree);
        }

        /// <summary>The findings for a tree already walked.</summary>
        /// <param name="tree">The tree.</param>
        /// <returns>The result.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="tree"/> is null.</exception>
        public static SpfLintResult Lint(SpfTree tree)
        {
            if (tree is null) throw new ArgumentNullException(nameof(tree));
            var findings = new List<Finding>();
            CheckPublication(tree, findings);
            var senderTerms = new List<string>();
            CheckNode(tree.Root, "", findings, senderTerms);

            if (tree.LookupCount > MaxDnsLookups)
                findings.Add(SpfFindings.TooManyDnsLookups.Create(LookupBreakdown(tree)));
            if (tree.VoidLookupCount > MaxVoidLookups)
            {
                var voids = tree.Nodes.SelectMany(n => n.Terms.Where(t => t.IsVoid).Select(t => n.Kind == SpfTreeNodeKind.Root ? t.Text : $"{t.Text} (in '{n.Domain}')")).ToList();
                findings.Add(SpfFindings.TooManyVoidLookups.Create(
                    $"'{tree.Domain}' has {tree.VoidLookupCount} void lookups where receivers allow {MaxVoidLookups}: {ListOf(voids)}."));
            }
            if (senderTerms.Count > 0)
                findings.Add(SpfFindings.DependsOnSender.Create($"{senderTerms.Count} term(s) use macros and were not expanded: {ListOf(senderTerms)}."));
            if (!tree.IsComplete)
                findings.Add(SpfFindings.WalkIncomplete.Create($"The walk of '{tree.Domain}' stopped: {string.Join("; ", tree.Limits)}."));

            // The same problem reached through two branches is reported once.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            return new SpfLintResult(tree, findings.Where(f => seen.Add(f.Id + "\n" + f.Message)).ToList());
        }

        // Findings about what is published at the root name: the lookup, size, type 99, Sender ID.
        private static void CheckPublication(SpfTree tree, List<Finding> findings)
        {
            string domain = tree.Domain;
            var lookup = tree.Root.Lookup;
            IReadOnlyList<IReadOnlyList<string>> txt;
            if (tree.FromRecordText)
            {
                txt = new[] { lookup.Strings };
                if (StartsWithSenderId(lookup.AllRecords.FirstOrDefault()))
                    findings.Add(SpfFindings.SenderIdRecord.Create($"The text is a Sender ID record ('{Short(lookup.AllRecords[0])}'), not an SPF record."));
            }
            else
            {
                txt = tree.RootTxtAnswer?.RecordsOf<TxtRecord>().Select(r => r.Strings).ToList() ?? new List<IReadOnlyList<string>>();
                foreach (var r in tree.RootTxtAnswer?.RecordsOf<TxtRecord>() ?? Enumerable.Empty<TxtRecord>())
                    if (StartsWithSenderId(r.Text))
                        findings.Add(SpfFindings.SenderIdRecord.Create($"'{domain}' publishes the Sender ID record '{Short(r.Text)}'."));
            }

            if (lookup.Status == SpfRecordStatus.found || lookup.Status == SpfRecordStatus.permerror)
            {
                int octets = domain.Length + 2 + txt.Sum(strings => strings.Sum(s => 1 + Encoding.UTF8.GetByteCount(s)));
                if (octets > MaxAnswerOctets)
                {
                    string record = lookup.AllRecords.FirstOrDefault() ?? string.Empty;
                    string message = tree.FromRecordText
                        ? $"Published at '{domain}', the {record.Length}-character record alone would make a TXT answer of at least {octets} octets, over the {MaxAnswerOctets} RFC 7208 §3.4 advises."
                        : $"The name '{domain}' and its {txt.Count} TXT record(s) come to {octets} octets (the SPF record is {record.Length} characters), over the {MaxAnswerOctets} RFC 7208 §3.4 advises.";
                    findings.Add(SpfFindings.RecordTooLarge.Create(message));
                }
            }

            var type99 = tree.SpfTypeAnswer;
            if (type99 != null && type99.Outcome == DnsOutcome.Records)
            {
                var texts = type99.RecordsOf<TxtRecord>().Select(r => r.Text).ToList();
                string same = lookup.Record != null && texts.Contains(lookup.Record, StringComparer.Ordinal)
                    ? "it matches the TXT record" : lookup.Record is null ? "there is no TXT SPF record, so receivers find no policy" : "it differs from the TXT record, which is the one receivers use";
                findings.Add(SpfFindings.SpfRecordTypePublished.Create(
                    $"'{domain}' publishes {texts.Count} record(s) of type SPF (99): {string.Join(" | ", texts.Select(t => "'" + Short(t) + "'"))}; {same}."));
            }
        }

        // chain: the include/redirect terms from the root to this record, empty for the root.
        private static void CheckNode(SpfTreeNode node, string chain, List<Finding> findings, List<string> senderTerms)
        {
            bool isRoot = node.Kind == SpfTreeNodeKind.Root;
            var macroProblems = MacroProblems(node.Lookup.Parsed);
            foreach (var f in node.Lookup.Findings)
            {
                // A missing record below the root is reported on the include or redirect that names it.
                if (node.Kind != SpfTreeNodeKind.Root && f.Id == SpfFindings.NoRecord.Id) continue;
                findings.Add(Rewrite(f, node, chain, macroProblems));
            }
            var record = node.Lookup.Parsed;
            if (record is null || (node.Status != SpfRecordStatus.found && node.Status != SpfRecordStatus.permerror)) return;

            string rec = isRoot ? $"The record of '{node.Domain}'" : $"The record of '{node.Domain}' (through {chain})";
            bool hasAll = node.Terms.Any(t => t.Name == "all" && t.Term.Kind == SpfTermKind.Mechanism && t.Term.IsValid);
            var redirect = node.Terms.FirstOrDefault(t => t.Name == "redirect" && t.Term.Kind == SpfTermKind.Modifier && t.Term.IsValid);
            if (hasAll && redirect != null)
                findings.Add(SpfFindings.RedirectIgnored.Create($"{rec} has 'all', so '{redirect.Text}' is ignored."));
            var after = node.Terms.Where(t => t.Term.Kind == SpfTermKind.Mechanism && t.State == SpfTreeTermState.Ignored).Select(t => t.Text).ToList();
            if (after.Count > 0)
                findings.Add(SpfFindings.TermsAfterAll.Create($"{rec} has {after.Count} mechanism(s) after 'all' that are never evaluated: {ListOf(after)}."));
            if (node.OnPolicyPath && node.Status == SpfRecordStatus.found && !hasAll && redirect is null)
                findings.Add(SpfFindings.NoAllOrRedirect.Create($"{rec} ends without 'all' or redirect=, so unlisted hosts get neutral: '{Short(node.Record ?? "")}'."));

            foreach (var t in node.Terms)
            {
                string term = $"'{SpfParser.Printable(t.Text)}'";
                string at = isRoot ? $"{term} at position {t.Position}" : $"{term} in the record of '{node.Domain}' (through {chain})";
                switch (t.State)
                {
                    case SpfTreeTermState.Invalid:
                    case SpfTreeTermState.Ignored when t.Term.Kind == SpfTermKind.Mechanism:
                        continue;
                    case SpfTreeTermState.DependsOnSender:
                        senderTerms.Add(isRoot ? t.Text : $"{t.Text} (in '{node.Domain}')");
                        break;
                    case SpfTreeTermState.Loop:
                        findings.Add(SpfFindings.Loop.Create($"{Cap(at)} leads back up the chain: {t.Detail}."));
                        break;
                    case SpfTreeTermState.TemporaryFailure when t.Child is null:
                        findings.Add(SpfFindings.DnsTemporaryFailure.Create($"The lookup for {at} failed: {t.Detail}."));
                        break;
                }
                if (t.Term.Kind == SpfTermKind.Modifier)
                {
                    if (t.Name != "redirect" && t.Name != "exp")
                        findings.Add(SpfFindings.UnknownModifier.Create($"{Cap(at)} is a modifier RFC 7208 does not define" + Misspelt(t.Name) + "; receivers ignore it."));
                }
                switch (t.Name)
                {
                    case "ptr":
                        findings.Add(SpfFindings.PtrMechanism.Create($"{Cap(at)} is the ptr mechanism, which SHOULD NOT be published."));
                        break;
                    case "all" when t.Qualifier == SpfQualifier.pass && node.OnPassPath && node.Status == SpfRecordStatus.found:
                        findings.Add(SpfFindings.PassAll.Create(isRoot
                            ? $"The record of '{node.Domain}' ends in {term}: every host on the Internet passes."
                            : $"{rec} ends in {term}, so every host on the Internet passes."));
                        break;
                    case "all" when t.Qualifier == SpfQualifier.neutral && node.OnPolicyPath && node.Status == SpfRecordStatus.found:
                        findings.Add(SpfFindings.NeutralAll.Create($"{rec} ends in {term}: unlisted hosts get neutral, the same as no policy."));
                        break;
                    case "ip4":
                    case "ip6":
                        foreach (var n in t.Networks)
                        {
                            if (System.Net.IPAddress.TryParse(t.Term.Value, out var written) && SpfNetwork.HasHostBits(written, n.PrefixLength))
                                findings.Add(SpfFindings.NetworkHostBitsSet.Create($"{Cap(at)} has host bits set: receivers read it as {n.Cidr}."));
                        }
                        break;
                    case "mx" when t.Hosts.Count > 10:
                        findings.Add(SpfFindings.TooManyMxRecords.Create($"{Cap(at)} names '{t.Target}', which has {t.Hosts.Count} MX records; more than 10 is a permerror."));
                        break;
                    case "include" when t.State == SpfTreeTermState.Empty:
                        findings.Add(SpfFindings.IncludeWithoutRecord.Create($"{Cap(at)} names a domain without an SPF record: {t.Detail.TrimEnd('.')}."));
                        break;
                    case "redirect" when t.State == SpfTreeTermState.Empty:
                        findings.Add(SpfFindings.RedirectWithoutRecord.Create($"{Cap(at)} names a domain without an SPF record: {t.Detail.TrimEnd('.')}."));
                        break;
                }
                if (t.IsVoid && (t.Name == "a" || t.Name == "mx" || t.Name == "exists"))
                    findings.Add(SpfFindings.VoidLookup.Create($"{Cap(at)} is a void lookup: {t.Detail}."));
            }

            foreach (var child in node.Children)
                CheckNode(child, isRoot ? child.Term! : chain + " > " + child.Term, findings, senderTerms);
        }

        // Parser and lookup findings of a record, with macro errors told apart and nested records named.
        private static Finding Rewrite(Finding f, SpfTreeNode node, string chain, Dictionary<int, string> macroProblems)
        {
            string message = f.Message;
            FindingDefinition? definition = null;
            if (f.Id == SpfFindings.SyntaxError.Id && macroProblems.Count > 0)
            {
                // Parser messages name the term as "The term '...' at position N ...".
                var m = PositionPattern.Match(message);
                if (m.Success && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int position)
                    && macroProblems.TryGetValue(position, out var problem))
                {
                    definition = SpfFindings.MacroSyntaxError;
                    message = problem;
                }
            }
            if (node.Kind != SpfTreeNodeKind.Root && f.Id != SpfFindings.DnsTemporaryFailure.Id && f.Id != SpfFindings.MultipleRecords.Id)
                message = $"In the record of '{node.Domain}' (through {chain}): {message}";
            if (definition != null) return definition.Create(message);
            return message == f.Message ? f : new Finding(f.Id, f.Severity, message, f.Reference, f.Remediation);
        }

        // Position -> message, for the invalid terms whose problem is a macro.
        private static Dictionary<int, string> MacroProblems(SpfRecord? record)
        {
            var problems = new Dictionary<int, string>();
            if (record is null) return problems;
            foreach (var term in record.Terms)
            {
                if (term.IsValid || term.Value is null || term.Value.IndexOf('%') < 0) continue;
                string? problem = SpfParser.CheckMacroString(term.Value, allowExpLetters: false);
                if (problem != null)
                    problems[term.Position] = $"The term '{SpfParser.Printable(term.Text)}' at position {term.Position} has a macro error: {problem}.";
            }
            return problems;
        }

        private static readonly System.Text.RegularExpressions.Regex PositionPattern =
            new System.Text.RegularExpressions.Regex("' at position ([0-9]{1,6}) ", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        private static string LookupBreakdown(SpfTree tree)
        {
            var parts = new List<string>();
            foreach (var t in tree.Root.Terms.Where(t => t.CountsAsLookup))
                parts.Add(t.Child != null ? $"{t.Text} {t.Child.LookupCount}" : $"{t.Text} 1");
            return $"'{tree.Domain}' has {tree.LookupCount} DNS-querying terms counted through its includes and redirects, where evaluation allows {MaxDnsLookups}: {ListOf(parts)}.";
        }

        private static string Cap(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s.Substring(1);

        private static string Misspelt(string name)
        {
            foreach (string known in new[] { "redirect", "exp" })
                if (name != known && Distance(name, known) <= (known.Length > 3 ? 2 : 1)) return $" (did you mean '{known}='?)";
            return "";
        }

        private static int Distance(string a, string b)
        {
            if (Math.Abs(a.Length - b.Length) > 3) return int.MaxValue;
            var d = new int[a.Length + 1, b.Length + 1];
            for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
            for (int j = 0; j <= b.Length; j++) d[0, j] = j;
            for (int i = 1; i <= a.Length; i++)
                for (int j = 1; j <= b.Length; j++)
                    d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            return d[a.Length, b.Length];
        }

        private static bool StartsWithSenderId(string? text)
            => text != null && text.StartsWith("spf2.0/", StringComparison.OrdinalIgnoreCase);

        private static string Short(string text)
        {
            string s = SpfParser.Printable(text);
            return s.Length <= 120 ? s : s.Substring(0, 117) + "...";
        }

        private static string ListOf(IReadOnlyCollection<string> items)
        {
            if (items.Count <= MaxListed) return string.Join(", ", items.Select(SpfParser.Printable));
            return string.Join(", ", items.Take(MaxListed).Select(SpfParser.Printable)) + string.Format(CultureInfo.InvariantCulture, " and {0} more", items.Count - MaxListed);
        }
    }
}
