using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dkim;
using MailAuth.Dns;

namespace MailAuthPS.Commands
{
    /// <summary>
    /// Gets the DKIM key records of one or more domains (RFC 6376 §3.6.2) at given selectors, or probes a list of
    /// common selectors, following CNAMEs, with the parsed key, its status and findings.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DkimRecord")]
    [OutputType(typeof(DkimRecordResult))]
    public sealed class GetDkimRecordCommand : DnsCmdlet
    {
        /// <summary>The domains to look up.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("DomainName", "Name")]
        [AllowEmptyString]
        public string[] Domain { get; set; } = null!;

        /// <summary>The selectors to query; without it, common selectors are probed.</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyCollection]
        public string[]? Selector { get; set; }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var selectors = NormalizeSelectors(Selector, EnqueueError);
            if (selectors != null && selectors.Count == 0) return;
            EnqueueDomains(Domain, async (domain, ct) =>
            {
                if (selectors is null)
                    return (await DkimRecordLookup.ProbeAsync(domain, Resolver, null, ct).ConfigureAwait(false)).Cast<object>();
                var results = await Task.WhenAll(selectors.Select(s => DkimRecordLookup.GetAsync(domain, s, Resolver, ct))).ConfigureAwait(false);
                return results.Cast<object>();
            });
        }

        /// <inheritdoc />
        protected override ErrorRecord ErrorFor(Exception exception, object target)
            => exception is FormatException
                ? Error(exception, "InvalidSelector", ErrorCategory.InvalidArgument, target)
                : base.ErrorFor(exception, target);

        /// <summary>
        /// Normalises the selectors of one input: none given (or only empty ones, as from an empty CSV cell) means
        /// "probe"; an invalid one becomes an <c>InvalidSelector</c> error and is skipped, so an empty list means
        /// there is nothing left to query.
        /// </summary>
        internal static IReadOnlyList<string>? NormalizeSelectors(string[]? input, Action<ErrorRecord> error)
        {
            var given = (input ?? Array.Empty<string>()).Where(s => !string.IsNullOrWhiteSpace(s)).ToList();
            if (given.Count == 0) return null;
            var list = new List<string>();
            foreach (string s in given)
            {
                try
                {
                    list.Add(DkimRecordLookup.NormalizeSelector(s));
                }
                catch (FormatException e)
                {
                    error(Error(e, "InvalidSelector", ErrorCategory.InvalidArgument, s));
                }
            }
            return list.Distinct(StringComparer.Ordinal).ToList();
        }
    }
}
