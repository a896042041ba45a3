using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using MailAuth.Dkim;

namespace MailAuthPS.Commands
{
    /// <summary>
    /// Checks the DKIM key records of one or more domains, or a proposed record text, and reports findings with
    /// stable ids, RFC sections and remediation: key sizes, sha1-only keys, testing mode, revoked keys, unknown key
    /// types, records split inside a word, dangling CNAMEs, several records and missing records.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "DkimRecord", DefaultParameterSetName = DomainSet)]
    [OutputType(typeof(DkimRecordResult))]
    public sealed class TestDkimRecordCommand : DnsCmdlet
    {
        private const string DomainSet = "Domain";
        private const string RecordSet = "Record";

        /// <summary>The domains to check; with <c>-Record</c>, the domains the record would be published at.</summary>
        [Parameter(ParameterSetName = DomainSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = RecordSet)]
        [Alias("DomainName", "Name")]
        [AllowEmptyString]
        public string[] Domain { get; set; } = null!;

        /// <summary>The selectors to check; without it (and without <c>-Record</c>), common selectors are probed.</summary>
        [Parameter(ParameterSetName = DomainSet, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = RecordSet)]
        [AllowNull]
        [AllowEmptyCollection]
        public string[]? Selector { get; set; }

        /// <summary>A key record text to check instead of a published one, such as a key about to be published.</summary>
        [Parameter(ParameterSetName = RecordSet, Mandatory = true)]
        [AllowEmptyString]
        public string Record { get; set; } = null!;

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var selectors = GetDkimRecordCommand.NormalizeSelectors(Selector, EnqueueError);
            if (selectors != null && selectors.Count == 0) return;
            if (ParameterSetName == RecordSet)
            {
                string record = Record;
                IReadOnlyList<string?> labels = selectors ?? (IReadOnlyList<string?>)new string?[] { null };
                if (Domain is null)
                {
                    Enqueue(record, _ => Task.FromResult(labels.Select(s => (object)DkimRecordLinter.LintText(record, null, s)).ToList().AsEnumerable()));
                    return;
                }
                EnqueueDomains(Domain, (domain, _) => Task.FromResult(labels.Select(s => (object)DkimRecordLinter.LintText(record, domain, s)).ToList().AsEnumerable()));
                return;
            }
            EnqueueDomains(Domain, async (domain, ct) =>
            {
                if (selectors is null)
                    return (await DkimRecordLinter.LintProbeAsync(domain, Resolver, null, ct).ConfigureAwait(false)).Cast<object>();
                var results = await Task.WhenAll(selectors.Select(s => DkimRecordLinter.LintAsync(domain, s, Resolver, ct))).ConfigureAwait(false);
                return results.Cast<object>();
            });
        }

        /// <inheritdoc />
        protected override ErrorRecord ErrorFor(System.Exception exception, object target)
            => exception is System.FormatException
                ? Error(exception, "InvalidSelector", ErrorCategory.InvalidArgument, target)
                : base.ErrorFor(exception, target);
    }
}
