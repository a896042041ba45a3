using System.Management.Automation;
using MailAuth.Spf;

namespace MailAuthPS.Commands
{
    /// <summary>
    /// Checks the SPF record of one or more domains, or a proposed record text, following every include and redirect,
    /// and reports findings with stable ids, RFC sections and remediation.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "SpfRecord", DefaultParameterSetName = DomainSet)]
    [OutputType(typeof(SpfLintResult))]
    public sealed class TestSpfRecordCommand : DnsCmdlet
    {
        private const string DomainSet = "Domain";
        private const string RecordSet = "Record";

        /// <summary>The domains to check; with <c>-Record</c>, the domains the record would be published at.</summary>
        [Parameter(ParameterSetName = DomainSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = RecordSet)]
        [Alias("DomainName", "Name")]
        [AllowEmptyString]
        public string[] Domain { get; set; } = null!;

        /// <summary>A record text to check instead of a published one, such as a planned change.</summary>
        [Parameter(ParameterSetName = RecordSet, Mandatory = true)]
        [AllowEmptyString]
        public string Record { get; set; } = null!;

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (ParameterSetName == RecordSet)
            {
                string record = Record;
                if (Domain is null)
                {
                    // No domain: the record is placed at example.invalid, whose names are not queried.
                    Enqueue(record, async ct => new object[] { await SpfLinter.LintRecordAsync(record, null, Resolver, null, ct).ConfigureAwait(false) });
                    return;
                }
                foreach (string d in Domain)
                    EnqueueDomain(d, async (name, ct) => await SpfLinter.LintRecordAsync(record, name, Resolver, null, ct).ConfigureAwait(false));
                return;
            }
            foreach (string d in Domain)
                EnqueueDomain(d, async (name, ct) => await SpfLinter.LintDomainAsync(name, Resolver, null, ct).ConfigureAwait(false));
        }
    }
}
