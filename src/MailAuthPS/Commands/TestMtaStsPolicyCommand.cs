using System.Management.Automation;
using MailAuth.MtaSts;
using MailAuth.Net;

namespace MailAuthPS.Commands
{
    /// <summary>
    /// Checks the MTA-STS deployment of one or more domains: the record and policy as Get-MtaStsPolicy reads them, whether every
    /// MX host is covered by an mx pattern (RFC 8461 §4.1), the mode, max_age, and a TLS-RPT record alongside.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "MtaStsPolicy")]
    [OutputType(typeof(MtaStsTestResult))]
    public sealed class TestMtaStsPolicyCommand : TransportCmdlet
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
                EnqueueDomain(d, async (name, ct) => await MtaStsChecker.TestAsync(name, Resolver, _fetcher, ct).ConfigureAwait(false));
        }
    }
}
