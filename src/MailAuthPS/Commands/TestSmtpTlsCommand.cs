using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using MailAuth.Dns;
using MailAuth.Smtp;

namespace MailAuthPS.Commands
{
    /// <summary>
    /// Connects to the mail servers of one or more domains (their MX hosts; a null MX is recognised) or to given hosts, and reports
    /// STARTTLS, the TLS version and cipher, the certificate's validity for the MX name and its expiry, and DANE: the TLSA records at
    /// <c>_&lt;port&gt;._tcp.&lt;host&gt;</c> matched against the presented chain.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "SmtpTls", DefaultParameterSetName = DomainSet)]
    [OutputType(typeof(SmtpTlsResult))]
    public sealed class TestSmtpTlsCommand : TransportCmdlet
    {
        private const string DomainSet = "Domain";
        private const string HostSet = "MxHost";
        private SmtpTlsProbe _probe = null!;

        /// <summary>The domains whose MX hosts are tested.</summary>
        [Parameter(ParameterSetName = DomainSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("DomainName", "Name")]
        [AllowEmptyString]
        public string[] Domain { get; set; } = null!;

        /// <summary>Mail server host names to test directly.</summary>
        [Parameter(ParameterSetName = HostSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Exchange", "NameExchange")]
        [AllowEmptyString]
        public string[] MxHost { get; set; } = null!;

        /// <summary>The SMTP port.</summary>
        [Parameter]
        [ValidateRange(1, 65535)]
        public int Port { get; set; } = 25;

        /// <summary>The name sent with EHLO.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? HeloName { get; set; }

        /// <inheritdoc />
        protected override string ProgressItemName => ParameterSetName == HostSet ? "hosts" : "domains";

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            string helo = HeloName ?? LocalName();
            _probe = new SmtpTlsProbe(Resolver, TimeSpan.FromSeconds(TimeoutSec), helo, Offline);
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            int port = Port;
            if (ParameterSetName == HostSet)
                EnqueueDomains(MxHost, async (host, ct) => new object[] { await _probe.TestHostAsync(host, port, ct).ConfigureAwait(false) });
            else
                EnqueueDomains(Domain, async (domain, ct) => (await _probe.TestDomainAsync(domain, port, ct).ConfigureAwait(false)).Cast<object>().ToList());
        }
    }
}
