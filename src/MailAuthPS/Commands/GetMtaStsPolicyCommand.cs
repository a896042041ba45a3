using System.Management.Automation;
using MailAuth.MtaSts;
using MailAuth.Net;

namespace MailAuthPS.Commands
{
    /// <summary>
    /// Gets the MTA-STS record (<c>_mta-sts</c> TXT) and the policy from <c>https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt</c>
    /// of one or more domains (RFC 8461 §3), with the certificate seen and findings for every fetch or syntax problem.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "MtaStsPolicy")]
    [OutputType(typeof(MtaStsPolicyResult))]
    public sealed class GetMtaStsPolicyCommand : TransportCmdlet
    {
        private HttpsFetcher _fetcher = null!;

        /// <summary>The policy domains.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("DomainName", "Name")]
        [AllowEmptyString]
        public string[] Domain { get; set; } = null!;

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _fetcher = CreateFetcher(MtaStsChecker.MaxPolicyBytes);
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            foreach (string d in Domain)
                EnqueueDomain(d, async (name, ct) => await MtaStsChecker.GetPolicyAsync(name, Resolver, _fetcher, ct).ConfigureAwait(false));
        }
    }
}
