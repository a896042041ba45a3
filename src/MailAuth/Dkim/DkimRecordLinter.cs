using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dns;
using MailAuth.Findings;

namespace MailAuth.Dkim
{
    /// <summary>
    /// Checks DKIM key records (<c>Test-DkimRecord</c>): the lookup's findings, plus key sizes (RFC 8301 §3.2),
    /// hash restrictions (RFC 8301 §3.1), flags, service types, revocation and how the record is split into strings.
    /// </summary>
    public static class DkimRecordLinter
    {
        // Tags whose values are single words: a space inserted inside one changes the record's meaning.
        private static readonly HashSet<string> WordTags = new HashSet<string>(StringComparer.Ordinal) { "v", "k", "h", "s", "t" };

        /// <summary>Looks up and checks the key record of one selector.</summary>
        /// <param name="domain">A normalised domain name.</param>
        /// <param name="selector">A selector; it is normalised with <see cref="DkimRecordLookup.NormalizeSelector"/>.</param>
        /// <param name="resolver">Where DNS questions go.</param>
        /// <param name="cancellationToken">Cancels the lookup.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="FormatException">The selector is not valid, or the name is too long.</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
        public static async Task<DkimRecordResult> LintAsync(string domain, string selector, IDnsResolver resolver, CancellationToken cancellationToken = default)
            => Lint(await DkimRecordLookup.GetAsync(domain, selector, resolver, cancellationToken).ConfigureAwait(false));

        /// <summary>Probes selectors as <see cref="DkimRecordLookup.ProbeAsync"/> does and checks every record found.</summary>
        /// <param name="domain">A normalised domain name.</param>
        /// <param name="resolver">Where DNS questions go.</param>
        /// <param name="selectors">The selectors to try; null for <see cref="DkimRecordSelectors.Common"/>.</param>
        /// <param name="cancellationToken">Cancels the probe.</param>
        /// <exception cref="ArgumentNullException"><paramref name="domain"/> or <paramref name="resolver"/> is null.</exception>
        /// <exception cref="FormatException">A selector is not valid, or a name is too long.</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
        public static async Task<IReadOnlyList<DkimRecordResult>> LintProbeAsync(string domain, IDnsResolver resolver, IEnumerable<string>? selectors = null,
            CancellationToken cancellationToken = default)
        {
            var found = await DkimRecordLookup.ProbeAsync(domain, resolver, selectors, cancellationToken).ConfigureAwait(false);
            return found.Select(Lint).ToList();
        }

        /// <summary>Checks a record text, such as a key record before it is published. Nothing is queried.</summary>
        /// <param name="record">The record text (its strings joined).</param>
        /// <param name="domain">The domain it would be published at, normalised, or null.</param>
        /// <param name="selector">The selector it would be published at, normalised, or null.</param>
        /// <returns>A result with status found or permerror and every finding.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
        public static DkimRecordResult LintText(string record, string? domain = null, string? selector = null)
        {
            if (record is null) throw new ArgumentNullException(nameof(record));
            string? name = domain != null && selector != null ? selector + "._domainkey." + domain : null;
            var parsed = DkimKeyRecord.Parse(record);
            var status = parsed.IsValid ? DkimRecordStatus.found : DkimRecordStatus.permerror;
            var result = new DkimRecordResult(domain, selector, name, status, parsed, new[] { record }, new[] { record }, null, null, false,
                DkimRecordLookup.ParseFindings(parsed, DkimRecordLookup.Subject(name)), null, null);
            return Lint(result);
        }

        /// <summary>Adds the checks of <c>Test-DkimRecord</c> to a lookup result; results without a single record come back unchanged.</summary>
        /// <param name="result">A result of <see cref="DkimRecordLookup"/>.</param>
        /// <returns>A result with the lookup's findings followed by the checks' findings.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
        public static DkimRecordResult Lint(DkimRecordResult result)
        {
            if (result is null) throw new ArgumentNullException(nameof(result));
            var parsed = result.Parsed;
            if (parsed is null) return result;
            var added = Check(parsed, result.Strings, DkimRecordLookup.Subject(result.Name)).ToList();
            return added.Count == 0 ? result : result.WithFindings(result.Findings.Concat(added).ToList());
        }

        private static IEnumerable<Finding> Check(DkimKeyRecord parsed, IReadOnlyList<string> strings, string subject)
        {
            if (parsed.IsRevoked)
            {
                yield return DkimFindings.KeyRevoked.Create($"{subject} is revoked (empty p=).");
            }
            else if (parsed.Tags != null)
            {
                if (parsed.KeyType == "rsa" && parsed.KeySize is int bits)
                {
                    if (bits < 1024) yield return DkimFindings.KeyTooShort.Create($"{subject} holds a {bits}-bit RSA key; the minimum is 1024 bits.");
                    else if (bits < 2048) yield return DkimFindings.KeyBelow2048Bits.Create($"{subject} holds a {bits}-bit RSA key; at least 2048 bits are recommended.");
                    else if (bits > 4096) yield return DkimFindings.KeyTooLong.Create($"{subject} holds a {bits}-bit RSA key; verifiers need only handle up to 4096 bits.");
                }
                if (parsed.HashAlgorithms is IReadOnlyList<string> h && !h.Contains("sha256", StringComparer.OrdinalIgnoreCase))
                {
                    string value = string.Join(":", h);
                    yield return h.Contains("sha1", StringComparer.OrdinalIgnoreCase)
                        ? DkimFindings.Sha1Only.Create($"{subject} has h={value}: it allows only sha1.")
                        : DkimFindings.NoUsableHashAlgorithm.Create($"{subject} has h={value}, which names no algorithm verifiers implement.");
                }
                if (parsed.Testing)
                    yield return DkimFindings.TestingMode.Create($"{subject} has t={string.Join(":", parsed.Flags)}: testing mode is on.");
                if (!parsed.ServiceTypes.Any(s => s == "*" || string.Equals(s, "email", StringComparison.OrdinalIgnoreCase)))
                    yield return DkimFindings.NotForEmail.Create($"{subject} has s={string.Join(":", parsed.ServiceTypes)}, which does not include email.");
            }
            foreach (string split in OddSplits(strings))
                yield return DkimFindings.TxtSplitInsideToken.Create($"{subject} is split between character-strings {split}.");
        }

        /// <summary>
        /// The string boundaries that a space would damage: inside a tag name, or inside a word of a v=, k=, h=, s= or t= value.
        /// Boundaries next to whitespace, ';', '=' or ':' are fine (the grammar allows whitespace there), and so are
        /// boundaries inside p= (base64 may hold whitespace) and n= (free text).
        /// </summary>
        internal static IEnumerable<string> OddSplits(IReadOnlyList<string> strings)
        {
            if (strings.Count < 2) yield break;
            string text = string.Concat(strings);
            int offset = 0;
            for (int k = 0; k < strings.Count - 1; k++)
            {
                offset += strings[k].Length;
                if (offset == 0 || offset >= text.Length || strings[k + 1].Length == 0) continue;
                char left = text[offset - 1], right = text[offset];
                if (IsBreak(left) || IsBreak(right)) continue;
                int start = offset > 0 ? text.LastIndexOf(';', offset - 1) + 1 : 0;
                int end = text.IndexOf(';', offset);
                if (end < 0) end = text.Length;
                int eq = text.IndexOf('=', start, end - start);
                string place;
                if (eq < 0 || offset < eq)
                {
                    place = $"inside the tag name '{text.Substring(start, (eq < 0 ? end : eq) - start).Trim()}'";
                }
                else
                {
                    string tag = text.Substring(start, eq - start).Trim();
                    if (!WordTags.Contains(tag)) continue;
                    place = $"inside the value of {tag}= ('{text.Substring(eq + 1, end - eq - 1).Trim()}')";
                }
                yield return $"{k + 1} and {k + 2} {place}: '{Tail(strings[k])}' + '{Head(strings[k + 1])}'";
            }
        }

        private static bool IsBreak(char c) => c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';' || c == '=' || c == ':';

        private static string Tail(string s) => s.Length > 12 ? "..." + s.Substring(s.Length - 12) : s;

        private static string Head(string s) => s.Length > 12 ? s.Substring(0, 12) + "..." : s;
    }
}
