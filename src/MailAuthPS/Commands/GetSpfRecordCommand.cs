using System.Management.Automation;
using MailAuth.Spf;

namespace MailAuthPS.Commands
{
    /// <summary>Gets the SPF record of one or more domains (RFC 7208 §4.4, §4.5), parsed, with its status and findings.</summary>
    [Cmdlet(VerbsCommon.Get, "SpfRecord")]
    [OutputType(typeof(SpfRecordResult))]
    public sealed class GetSpfRecordCommand : DnsCmdlet
    {
        /// <summary>The domains to look up.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("DomainName", "Name")]
        [AllowEmptyString]
        public string[] Domain { get; set; } = null!;

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            foreach (string d in Domain)
            {
                EnqueueDomain(d, async (name, ct) => await SpfRecordLookup.GetAsync(name, Resolver, ct).ConfigureAwait(false));
            }
        }
    }
}
