using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dns;
using MailAuth.Findings;

namespace MailAuth.Dkim
{
    /// <summary>Finds and parses DKIM key records (RFC 6376 §3.6.2), at given selectors or by probing common ones.</summary>
    public static class DkimRecordLookup
    {
        /// <summary>How many selectors of one domain a probe queries at once.</summary>
        public const int MaxConcurrentProbes = 8;

        // Not a selector anyone publishes: an answer for it can only come from a wildcard.
        internal const string WildcardProbeLabel = "mailauthps-wildcard-probe";

        private const string DomainKeyLabel = "._domainkey";

        /// <summary>
        /// Turns a selector as typed into the label(s) to query: trims, lower-cases, drops a trailing dot and a trailing
        /// <c>._domainkey</c>. A first label <c>*</c> is allowed: it names a wildcard record.
        /// </summary>
        /// <param name="selector">The selector, such as <c>selector1</c> or <c>s1._domainkey</c>.</param>
        /// <returns>The normalised selector.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="selector"/> is null.</exception>
        /// <exception cref="FormatException">The selector is empty or not a valid sequence of DNS labels; the message says why.</exception>
        public static string NormalizeSelector(string selector)
        {
            if (selector is null) throw new ArgumentNullException(nameof(selector));
            string s = DnsName.Normalize(selector.Trim());
            if (s.EndsWith(DomainKeyLabel, StringComparison.Ordinal)) s = s.Substring(0, s.Length - DomainKeyLabel.Length);
            if (s.Length == 0) throw new FormatException("The selector is empty.");
            // '*' as the first label asks for a wildcard record itself (RFC 4592 §2.1.1), as a probe reports it.
            string? problem = DnsName.Validate(s.StartsWith("*.", StringComparison.Ordinal) ? s.Substring(2) : s == "*" ? "x" : s);
            if (problem != null) throw new FormatException($"'{selector}' is not a valid selector: {problem}.");
            return s;
        }

        /// <summary>The name a key record is published at: <c>&lt;selector&gt;._domainkey.&lt;domain&gt;</c> (RFC 6376 §3.6.2.1).</summary>
        /// <param name="domain">A normalised domain name.</param>
        /// <param name="selector">A normalised selector.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="FormatException">The name would be longer than 253 characters.</exception>
        public static string GetRecordName(string domain, string selector)
        {
            if (domain is null) throw new ArgumentNullException(nameof(domain));
            if (selector is null) throw new ArgumentNullException(nameof(selector));
            string name = selector + DomainKeyLabel + "." + domain;
            if (name.Length > 253) throw new FormatException($"'{name}' is {name.Length} characters long; the limit is 253.");
            return name;
        }

        /// <summary>Queries the key record of one selector.</summary>
        /// <param name="domain">A normalised domain name.</param>
        /// <param name="selector">A selector; it is normalised with <see cref="NormalizeSelector"/>.</param>
        /// <param name="resolver">Where DNS questions go.</param>
        /// <param name="cancellationToken">Cancels the lookup.</param>
        /// <returns>The result; DNS failures are a temperror result, not an exception.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="FormatException">The selector is not valid, or the name is too long.</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
        public static async Task<DkimRecordResult> GetAsync(string domain, string selector, IDnsResolver resolver, CancellationToken cancellationToken = default)
        {
            if (domain is null) throw new ArgumentNullException(nameof(domain));
            if (selector is null) throw new ArgumentNullException(nameof(selector));
            if (resolver is null) throw new ArgumentNullException(nameof(resolver));
            string s = NormalizeSelector(selector);
            var answer = await resolver.QueryAsync(GetRecordName(domain, s), DnsRecordType.TXT, cancellationToken).ConfigureAwait(false);
            return FromAnswer(domain, s, answer, isProbe: false);
        }

        /// <summary>
        /// Probes selectors of a domain (by default <see cref="DkimRecordSelectors.Common"/>) and returns what exists:
        /// one result per selector with a record or a dangling CNAME; a single <c>*</c> result for a wildcard that
        /// answers every selector; one temperror result naming the selectors whose queries failed; and, when
        /// nothing was found and nothing failed, one <c>none</c> result with <see cref="DkimFindings.NoSelectorFound"/>.
        /// When <c>_domainkey.&lt;domain&gt;</c> does not exist (NXDOMAIN, RFC 8020 §2), that one question is all that is
        /// asked, and the one <c>none</c> result has <see cref="DkimFindings.NoKeysPublished"/>. Every result has <see cref="DkimRecordResult.IsProbe"/> set.
        /// </summary>
        /// <param name="domain">A normalised domain name.</param>
        /// <param name="resolver">Where DNS questions go.</param>
        /// <param name="selectors">The selectors to try; null for the built-in list.</param>
        /// <param name="cancellationToken">Cancels the probe.</param>
        /// <returns>At least one result, in the order of the selectors.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="domain"/> or <paramref name="resolver"/> is null.</exception>
        /// <exception cref="FormatException">A selector is not valid, or a name is too long.</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
        public static async Task<IReadOnlyList<DkimRecordResult>> ProbeAsync(string domain, IDnsResolver resolver, IEnumerable<string>? selectors = null,
            CancellationToken cancellationToken = default)
        {
            if (domain is null) throw new ArgumentNullException(nameof(domain));
            if (resolver is null) throw new ArgumentNullException(nameof(resolver));
            var list = (selectors ?? DkimRecordSelectors.Common).Select(NormalizeSelector).Distinct(StringComparer.Ordinal).ToList();
            var names = list.Select(s => GetRecordName(domain, s)).ToList();
            string wildcardName = GetRecordName(domain, WildcardProbeLabel);

            // RFC 8020 §2: NXDOMAIN for _domainkey.<domain> means nothing exists below it, so one question
            // answers for every selector (domains that send no mail). A CNAME there says nothing of the
            // names below it, and a failure proves nothing: the selectors are asked then.
            string keysName = DomainKeyLabel.Substring(1) + "." + domain;
            var keys = await resolver.QueryAsync(keysName, DnsRecordType.TXT, cancellationToken).ConfigureAwait(false);
            if (keys.Outcome == DnsOutcome.NxDomain && keys.CnameChain.Count == 0)
            {
                var finding = DkimFindings.NoKeysPublished.Create(
                    $"'{keysName}' does not exist (NXDOMAIN), so '{domain}' publishes no DKIM key under any selector; the {list.Count} selectors of the probe were not asked one by one.");
                return new[]
                {
                    new DkimRecordResult(domain, null, keysName, DkimRecordStatus.none, null, null, null, null, null, true, new[] { finding }, null, keys.Server),
                };
            }

            using (var gate = new SemaphoreSlim(MaxConcurrentProbes))
            {
                async Task<DnsQueryResult> Ask(string name)
                {
                    await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                    try { return await resolver.QueryAsync(name, DnsRecordType.TXT, cancellationToken).ConfigureAwait(false); }
                    finally { gate.Release(); }
                }

                var wildcardTask = Ask(wildcardName);
                var tasks = names.Select(Ask).ToList();
                await Task.WhenAll(tasks.Concat(new[] { wildcardTask })).ConfigureAwait(false);
                return Collect(domain, list, tasks.Select(t => t.Result).ToList(), wildcardTask.Result);
            }
        }

        private static IReadOnlyList<DkimRecordResult> Collect(string domain, IReadOnlyList<string> selectors, IReadOnlyList<DnsQueryResult> answers, DnsQueryResult wildcard)
        {
            var output = new List<DkimRecordResult>();
            var failed = new List<KeyValuePair<string, DnsQueryResult>>();
            // A failed wildcard check only means identical answers are not folded together.
            bool hasWildcard = wildcard.Outcome == DnsOutcome.Records;
            int wildcardAt = -1;
            for (int i = 0; i < selectors.Count; i++)
            {
                var answer = answers[i];
                if (answer.Outcome == DnsOutcome.TemporaryFailure) { failed.Add(new KeyValuePair<string, DnsQueryResult>(selectors[i], answer)); continue; }
                // Nothing there is not news in a probe, but a CNAME to nowhere is a configured selector that is broken.
                if (answer.Outcome != DnsOutcome.Records && answer.CnameChain.Count == 0) continue;
                if (hasWildcard && SameAnswer(answer, wildcard))
                {
                    if (wildcardAt < 0) wildcardAt = output.Count;
                    continue;
                }
                output.Add(FromAnswer(domain, selectors[i], answer, isProbe: true));
            }
            if (hasWildcard)
            {
                var w = FromAnswer(domain, "*", wildcard, isProbe: true);
                var finding = DkimFindings.WildcardRecord.Create(
                    $"Every selector of '{domain}' without a record of its own resolves to the same record through a DNS wildcard: '{Printable(w.Record ?? string.Join(" | ", w.AllRecords))}'.");
                w = w.WithFindings(new[] { finding }.Concat(w.Findings).ToList());
                output.Insert(wildcardAt < 0 ? output.Count : wildcardAt, w);
            }
            if (failed.Count > 0)
            {
                var first = failed[0].Value;
                var finding = DkimFindings.DnsTemporaryFailure.Create(
                    $"The TXT queries for {failed.Count} of the {selectors.Count} selectors probed at '{domain}' failed ({string.Join(", ", failed.Select(f => f.Key))}): {first.Error}.");
                output.Add(new DkimRecordResult(domain, null, null, DkimRecordStatus.temperror, null, null, null, null, null, true,
                    new[] { finding }, first.Error, first.Server));
            }
            if (output.Count == 0)
            {
                var finding = DkimFindings.NoSelectorFound.Create(
                    $"None of the {selectors.Count} selectors probed at '{domain}' ({string.Join(", ", selectors)}) has a key record; selectors cannot be listed from DNS, so the domain may still publish keys under other selectors.");
                output.Add(new DkimRecordResult(domain, null, null, DkimRecordStatus.none, null, null, null, null, null, true,
                    new[] { finding }, null, answers.Count > 0 ? answers[0].Server : wildcard.Server));
            }
            return output;
        }

        private static bool SameAnswer(DnsQueryResult a, DnsQueryResult b)
        {
            if (a.Outcome != DnsOutcome.Records || b.Outcome != DnsOutcome.Records) return false;
            var ta = a.RecordsOf<TxtRecord>().Select(t => t.Text).OrderBy(t => t, StringComparer.Ordinal);
            var tb = b.RecordsOf<TxtRecord>().Select(t => t.Text).OrderBy(t => t, StringComparer.Ordinal);
            return ta.SequenceEqual(tb, StringComparer.Ordinal) && Targets(a).SequenceEqual(Targets(b), StringComparer.Ordinal);
        }

        /// <summary>Turns the TXT answer for one selector into a result.</summary>
        /// <param name="domain">The domain, normalised.</param>
        /// <param name="selector">The selector, normalised.</param>
        /// <param name="answer">The answer to the TXT query for <c>&lt;selector&gt;._domainkey.&lt;domain&gt;</c>.</param>
        /// <param name="isProbe">True when the selector came from a probe list.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public static DkimRecordResult FromAnswer(string domain, string selector, DnsQueryResult answer, bool isProbe = false)
        {
            if (domain is null) throw new ArgumentNullException(nameof(domain));
            if (selector is null) throw new ArgumentNullException(nameof(selector));
            if (answer is null) throw new ArgumentNullException(nameof(answer));
            string name = selector + DomainKeyLabel + "." + domain;
            var chain = Targets(answer).ToList();
            switch (answer.Outcome)
            {
                case DnsOutcome.TemporaryFailure:
                    return new DkimRecordResult(domain, selector, name, DkimRecordStatus.temperror, null, null, null, chain, null, isProbe,
                        new[] { DkimFindings.DnsTemporaryFailure.Create($"The TXT query for '{name}' failed: {answer.Error}.") }, answer.Error, answer.Server);
                case DnsOutcome.NxDomain:
                case DnsOutcome.NoData:
                    return NoRecord(domain, selector, name, answer, chain, isProbe);
            }
            var txt = answer.RecordsOf<TxtRecord>().ToList();
            if (txt.Count == 0) return NoRecord(domain, selector, name, answer, chain, isProbe);
            if (txt.Count > 1)
            {
                var texts = txt.Select(t => t.Text).ToList();
                var finding = DkimFindings.MultipleRecords.Create(
                    $"'{name}' holds {txt.Count} TXT records: " + string.Join(" | ", texts.Select(t => "'" + Printable(t) + "'")) + ".");
                return new DkimRecordResult(domain, selector, name, DkimRecordStatus.permerror, null, null, texts, chain, answer.MinTtl, isProbe,
                    new[] { finding }, null, answer.Server);
            }
            var record = txt[0];
            var parsed = DkimKeyRecord.Parse(record.Text);
            var status = parsed.IsValid ? DkimRecordStatus.found : DkimRecordStatus.permerror;
            return new DkimRecordResult(domain, selector, name, status, parsed, record.Strings, new[] { record.Text }, chain, answer.MinTtl, isProbe,
                ParseFindings(parsed, Subject(name)), null, answer.Server);
        }

        private static DkimRecordResult NoRecord(string domain, string selector, string name, DnsQueryResult answer, IReadOnlyList<string> chain, bool isProbe)
        {
            string what = answer.Outcome == DnsOutcome.NxDomain ? "does not exist (NXDOMAIN)" : "has no TXT record (NODATA)";
            Finding finding = chain.Count > 0
                ? DkimFindings.CnameTargetMissing.Create($"'{name}' is a CNAME to '{chain[chain.Count - 1]}', which {what}.")
                : DkimFindings.NoRecord.Create($"'{name}' {what}, so the selector '{selector}' has no key record.");
            return new DkimRecordResult(domain, selector, name, DkimRecordStatus.none, null, null, null, chain, null, isProbe,
                new[] { finding }, null, answer.Server);
        }

        private static IEnumerable<string> Targets(DnsQueryResult answer) => answer.CnameChain.OfType<NameRecord>().Select(r => r.Target);

        /// <summary>How messages name a record: by the name it was read from, when there is one.</summary>
        internal static string Subject(string? name) => name is null ? "The key record" : $"The key record at '{name}'";

        /// <summary>The findings that make a parsed record unusable: syntax, unknown key type, bad key data.</summary>
        internal static IReadOnlyList<Finding> ParseFindings(DkimKeyRecord parsed, string subject)
        {
            var findings = new List<Finding>();
            var errors = parsed.Errors;
            int next = 0;
            string Take(string fallback) => next < errors.Count ? errors[next++] : fallback;

            if (parsed.Tags is null)
            {
                findings.Add(DkimFindings.SyntaxError.Create($"{subject}: {Take("the record is not a valid tag list")}."));
                return findings;
            }
            // The parser reports, in this order: a bad or misplaced v=, a missing p=, an unknown k=, then a bad key.
            if (parsed.Version != null && (parsed.Version != "DKIM1" || parsed.Tags.Tags[0].Key != "v"))
                findings.Add(DkimFindings.SyntaxError.Create($"{subject}: {Take("v= is wrong")}."));
            if (!parsed.Tags.Contains("p"))
            {
                findings.Add(DkimFindings.SyntaxError.Create($"{subject}: {Take("the record has no p= tag")}."));
                return findings;
            }
            if (parsed.PublicKeyData.Length > 0 && parsed.KeyType != "rsa" && parsed.KeyType != "ed25519")
            {
                Take(string.Empty);
                findings.Add(DkimFindings.UnknownKeyType.Create($"{subject} has k={parsed.KeyType}, which is not rsa or ed25519."));
            }
            while (next < errors.Count)
                findings.Add(DkimFindings.InvalidKey.Create($"{subject}: {errors[next++]}."));
            return findings;
        }

        /// <summary>Shortens long record texts (keys) for messages.</summary>
        internal static string Printable(string text) => text.Length > 120 ? text.Substring(0, 117) + "..." : text;
    }
}
