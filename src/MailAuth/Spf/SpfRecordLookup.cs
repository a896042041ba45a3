using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dns;
using MailAuth.Findings;

namespace MailAuth.Spf
{
    /// <summary>Finds and parses the SPF record of a domain (RFC 7208 §4.4, §4.5).</summary>
    public static class SpfRecordLookup
    {
        /// <summary>Queries the TXT records of <paramref name="domain"/> and selects the SPF record.</summary>
        /// <param name="domain">A normalised domain name.</param>
        /// <param name="resolver">Where DNS questions go.</param>
        /// <param name="cancellationToken">Cancels the lookup.</param>
        /// <returns>The result; DNS failures are a temperror result, not an exception.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
        public static async Task<SpfRecordResult> GetAsync(string domain, IDnsResolver resolver, CancellationToken cancellationToken = default)
        {
            if (domain is null) throw new ArgumentNullException(nameof(domain));
            if (resolver is null) throw new ArgumentNullException(nameof(resolver));
            var answer = await resolver.QueryAsync(domain, DnsRecordType.TXT, cancellationToken).ConfigureAwait(false);
            return FromAnswer(domain, answer);
        }

        /// <summary>Selects and parses the SPF record from a TXT answer.</summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public static SpfRecordResult FromAnswer(string domain, DnsQueryResult answer)
        {
            if (domain is null) throw new ArgumentNullException(nameof(domain));
            if (answer is null) throw new ArgumentNullException(nameof(answer));
            var none = Array.Empty<string>();
            switch (answer.Outcome)
            {
                case DnsOutcome.TemporaryFailure:
                    return new SpfRecordResult(domain, SpfRecordStatus.temperror, null, none, none, null,
                        new[] { SpfFindings.DnsTemporaryFailure.Create($"The TXT query for '{domain}' failed: {answer.Error}.") }, answer.Error, answer.Server);
                case DnsOutcome.NxDomain:
                case DnsOutcome.NoData:
                    return NoRecord(domain, answer, answer.Outcome == DnsOutcome.NxDomain ? "the domain does not exist (NXDOMAIN)" : "the domain has no TXT records");
            }
            var spf = answer.RecordsOf<TxtRecord>().Where(t => SpfParser.IsSpfRecord(t.Text)).ToList();
            if (spf.Count == 0) return NoRecord(domain, answer, "none of its TXT records starts with 'v=spf1'");
            if (spf.Count > 1)
            {
                var texts = spf.Select(t => t.Text).ToList();
                var finding = SpfFindings.MultipleRecords.Create(
                    $"'{domain}' publishes {spf.Count} SPF records: " + string.Join(" | ", texts.Select(t => "'" + SpfParser.Printable(t) + "'")) + ".");
                return new SpfRecordResult(domain, SpfRecordStatus.permerror, null, none, texts, spf.Min(t => t.Ttl), new[] { finding }, null, answer.Server);
            }
            var record = spf[0];
            var parsed = SpfEvaluator.ParseCached(record.Text);   // shared includes are looked up for many domains
            var status = parsed.IsValid ? SpfRecordStatus.found : SpfRecordStatus.permerror;
            return new SpfRecordResult(domain, status, parsed, record.Strings, new[] { record.Text }, record.Ttl, parsed.Errors, null, answer.Server);
        }

        private static SpfRecordResult NoRecord(string domain, DnsQueryResult answer, string why)
        {
            var none = Array.Empty<string>();
            return new SpfRecordResult(domain, SpfRecordStatus.none, null, none, none, null,
                new[] { SpfFindings.NoRecord.Create($"'{domain}' has no SPF record: {why}.") }, null, answer.Server);
        }
    }
}
