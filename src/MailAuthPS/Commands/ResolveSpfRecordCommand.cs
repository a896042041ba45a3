using System.Management.Automation;
using MailAuth.Spf;

namespace MailAuthPS.Commands
{
    /// <summary>
    /// Expands the SPF record of one or more domains, or a record text, into its tree of includes and redirects, with
    /// <c>a</c> and <c>mx</c> resolved, lookup counts per branch, and the networks the record authorises.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Resolve, "SpfRecord", DefaultParameterSetName = DomainSet)]
    [OutputType(typeof(SpfTree))]
    public sealed class ResolveSpfRecordCommand : DnsCmdlet
    {
        private const string DomainSet = "Domain";
        private const string RecordSet = "Record";

        /// <summary>The domains whose records to expand; with <c>-Record</c>, the domains the record would be published at.</summary>
        [Parameter(ParameterSetName = DomainSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = RecordSet)]
        [Alias("DomainName", "Name")]
        [AllowEmptyString]
        public string[] Domain { get; set; } = null!;

        /// <summary>A record text to expand instead of a published one.</summary>
        [Parameter(ParameterSetName = RecordSet, Mandatory = true)]
        [AllowEmptyString]
        public string Record { get; set; } = null!;

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var walker = new SpfTreeWalker(Resolver);
            if (ParameterSetName == RecordSet)
            {
                string record = Record;
                if (Domain is null)
                {
                    Enqueue(record, async ct => new object[] { await walker.WalkRecordAsync(record, null, ct).ConfigureAwait(false) });
                    return;
                }
                foreach (string d in Domain)
                    EnqueueDomain(d, async (name, ct) => await walker.WalkRecordAsync(record, name, ct).ConfigureAwait(false));
                return;
            }
            foreach (string d in Domain)
                EnqueueDomain(d, async (name, ct) => await walker.WalkAsync(name, ct).ConfigureAwait(false));
        }
    }
}
