using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace MailAuthPS.Commands
{
    /// <summary>
    /// Base of the cmdlets that check a domain's published record or a proposed record text:
    /// <c>-Domain</c> (pipeline), or <c>-Record</c> with optional <c>-Domain</c> naming where it would be published.
    /// </summary>
    public abstract class RecordDnsCmdlet : DnsCmdlet
    {
        /// <summary>The parameter set of the published record, the default.</summary>
        protected const string DomainSet = "Domain";
        /// <summary>The parameter set of a record text.</summary>
        protected const string RecordSet = "Record";

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

        /// <summary>Checks the record published at <paramref name="domain"/>.</summary>
        protected abstract Task<object> CheckDomainAsync(string domain, CancellationToken cancellationToken);

        /// <summary>Checks <paramref name="record"/> as if published at <paramref name="domain"/> (null: a placeholder whose names are not queried).</summary>
        protected abstract Task<object> CheckRecordAsync(string record, string? domain, CancellationToken cancellationToken);

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (ParameterSetName != RecordSet)
            {
                EnqueueDomains(Domain, async (name, ct) => new[] { await CheckDomainAsync(name, ct).ConfigureAwait(false) });
                return;
            }
            string record = Record;
            if (Domain is null)
                Enqueue(record, async ct => new[] { await CheckRecordAsync(record, null, ct).ConfigureAwait(false) });
            else
                EnqueueDomains(Domain, async (name, ct) => new[] { await CheckRecordAsync(record, name, ct).ConfigureAwait(false) });
        }
    }
}
