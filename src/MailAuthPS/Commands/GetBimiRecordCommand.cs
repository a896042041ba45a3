using System.Management.Automation;
using MailAuth.Bimi;
using MailAuth.Dns;
using MailAuth.Net;

namespace MailAuthPS.Commands
{
    /// <summary>
    /// Gets the BIMI assertion record (<c>&lt;selector&gt;._bimi.&lt;domain&gt;</c>) of one or more domains, checks its DMARC
    /// prerequisites and HTTPS locations, and with -Fetch checks the SVG logo and reads the mark certificate.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "BimiRecord")]
    [OutputType(typeof(BimiRecordResult))]
    public sealed class GetBimiRecordCommand : TransportCmdlet
    {
        private HttpsFetcher _fetcher = null!;
        private string _selector = "default";

        /// <summary>The author domains.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("DomainName", "Name")]
        [AllowEmptyString]
        public string[] Domain { get; set; } = null!;

        /// <summary>The BIMI selector.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Selector { get; set; } = "default";

        /// <summary>Fetch the logo (l=) and evidence document (a=) and check them.</summary>
        [Parameter]
        public SwitchParameter Fetch { get; set; }

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _fetcher = CreateFetcher(BimiSvgCheck.MaxReadBytes);
            try
            {
                _selector = DnsName.NormalizeInput(Selector);
            }
            catch (System.FormatException e)
            {
                ThrowTerminatingError(Error(e, "InvalidSelector", ErrorCategory.InvalidArgument, Selector));
            }
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            bool fetch = Fetch.IsPresent;
            foreach (string d in Domain)
                EnqueueDomain(d, async (name, ct) => await BimiChecker.GetRecordAsync(name, _selector, Resolver, _fetcher, fetch, ct).ConfigureAwait(false));
        }
    }
}
