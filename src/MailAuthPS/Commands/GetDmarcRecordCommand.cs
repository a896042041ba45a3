using System;
using System.Management.Automation;
using MailAuth.Dmarc;

namespace MailAuthPS.Commands
{
    /// <summary>
    /// Gets the DMARC policy record that applies to one or more domains (RFC 9989 §4.10 tree walk, or RFC 7489 with the
    /// public suffix list), with where it was found, the organizational domain, every tag typed, and the walk's steps.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DmarcRecord")]
    [OutputType(typeof(DmarcRecordResult))]
    public sealed class GetDmarcRecordCommand : DnsCmdlet
    {
        /// <summary>The domains to look up.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("DomainName", "Name")]
        [AllowEmptyString]
        public string[] Domain { get; set; } = null!;

        /// <summary>TreeWalk (RFC 9989, the default) or PublicSuffixList (RFC 7489).</summary>
        [Parameter]
        [ValidateSet(nameof(DmarcDiscoveryMode.TreeWalk), nameof(DmarcDiscoveryMode.PublicSuffixList))]
        public string DiscoveryMode { get; set; } = nameof(DmarcDiscoveryMode.TreeWalk);

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var mode = (DmarcDiscoveryMode)Enum.Parse(typeof(DmarcDiscoveryMode), DiscoveryMode, ignoreCase: true);
            foreach (string d in Domain)
            {
                EnqueueDomain(d, async (name, ct) => await DmarcDiscovery.GetRecordAsync(name, Resolver, mode, ct).ConfigureAwait(false));
            }
        }
    }
}
