using System;
using System.Management.Automation;
using MailAuth.Dmarc;

namespace MailAuthPS.Commands
{
    /// <summary>
    /// Checks the DMARC policy of one or more domains, or a proposed record text, including the authorisation of every external
    /// report destination, and reports findings with stable ids, RFC sections and remediation.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "DmarcRecord", DefaultParameterSetName = DomainSet)]
    [OutputType(typeof(DmarcLintResult))]
    public sealed class TestDmarcRecordCommand : DnsCmdlet
    {
        private const string DomainSet = "Domain";
        private const string RecordSet = "Record";

        /// <summary>The domains to check; with <c>-Record</c>, the domains the record would be published for.</summary>
        [Parameter(ParameterSetName = DomainSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = RecordSet)]
        [Alias("DomainName", "Name")]
        [AllowEmptyString]
        public string[] Domain { get; set; } = null!;

        /// <summary>A record text to check instead of a published one, such as a planned change.</summary>
        [Parameter(ParameterSetName = RecordSet, Mandatory = true)]
        [AllowEmptyString]
        public string Record { get; set; } = null!;

        /// <summary>TreeWalk (RFC 9989, the default) or PublicSuffixList (RFC 7489).</summary>
        /// <remarks>A string, not the core's enum: PowerShell reads parameter types before the module initializer can load the core.</remarks>
        [Parameter]
        [ValidateSet(nameof(DmarcDiscoveryMode.TreeWalk), nameof(DmarcDiscoveryMode.PublicSuffixList))]
        public string DiscoveryMode { get; set; } = nameof(DmarcDiscoveryMode.TreeWalk);

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var mode = (DmarcDiscoveryMode)Enum.Parse(typeof(DmarcDiscoveryMode), DiscoveryMode, ignoreCase: true);
            if (ParameterSetName == RecordSet)
            {
                string record = Record;
                if (Domain is null)
                {
                    // No domain: the record is placed at example.invalid and nothing about it is queried.
                    Enqueue(record, async ct => new object[] { await DmarcLinter.LintRecordAsync(record, null, Resolver, mode, ct).ConfigureAwait(false) });
                    return;
                }
                foreach (string d in Domain)
                    EnqueueDomain(d, async (name, ct) => await DmarcLinter.LintRecordAsync(record, name, Resolver, mode, ct).ConfigureAwait(false));
                return;
            }
            foreach (string d in Domain)
                EnqueueDomain(d, async (name, ct) => await DmarcLinter.LintDomainAsync(name, Resolver, mode, ct).ConfigureAwait(false));
        }
    }
}
