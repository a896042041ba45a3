using System;
using System.Linq;
using System.Management.Automation;
using MailAuth.Audit;
using MailAuth.Dmarc;

namespace MailAuthPS.Commands
{
    /// <summary>Audits mail domains: MX, SPF, DMARC, DKIM, MTA-STS, TLS-RPT, BIMI (and on request STARTTLS and JMAP, and a Microsoft 365 profile), one scored report per domain, in input order.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "MailDomain")]
    [OutputType(typeof(MailDomainReport))]
    public sealed class TestMailDomainCommand : TransportCmdlet
    {
        /// <summary>The domains: strings, or objects with a DomainName, Domain or Name property (Import-Csv rows, Get-AcceptedDomain).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("DomainName", "Name")]
        [AllowEmptyString]
        public string[] Domain { get; set; } = null!;

        /// <summary>The checks to run.</summary>
        [Parameter]
        [ValidateSet("Mx", "Spf", "Dmarc", "Dkim", "MtaSts", "TlsRpt", "Bimi", "SmtpTls", "Jmap", IgnoreCase = true)]
        public string[]? Check { get; set; }

        /// <summary>DKIM selectors to look up instead of probing the common ones.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? DkimSelector { get; set; }

        /// <summary>A profile of extra checks: Microsoft365.</summary>
        [Parameter]
        [ValidateSet("Microsoft365", IgnoreCase = true)]
        public string? Profile { get; set; }

        /// <summary>DMARC discovery: the RFC 9989 tree walk (default) or the public suffix list (RFC 7489).</summary>
        [Parameter]
        [ValidateSet(nameof(DmarcDiscoveryMode.TreeWalk), nameof(DmarcDiscoveryMode.PublicSuffixList), IgnoreCase = true)]
        public string DiscoveryMode { get; set; } = nameof(DmarcDiscoveryMode.TreeWalk);

        /// <summary>Seconds allowed for all the checks of one domain; areas not finished by then are temperror (MailDomain.TimeBudgetExceeded).</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeBudgetSec { get; set; } = (int)MailDomainAuditOptions.DefaultTimeBudget.TotalSeconds;

        private MailDomainAuditOptions _options = null!;

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _options = new MailDomainAuditOptions
            {
                Checks = Check?.Select(c => MailDomainAuditOptions.KnownChecks.First(k => k.Equals(c, StringComparison.OrdinalIgnoreCase))).ToList(),
                DkimSelectors = DkimSelector,
                TimeBudget = TimeSpan.FromSeconds(TimeBudgetSec),
                Profile = Profile is null ? null : "Microsoft365",
                DmarcDiscoveryMode = (DmarcDiscoveryMode)Enum.Parse(typeof(DmarcDiscoveryMode), DiscoveryMode, ignoreCase: true),
                Fetcher = CreateFetcher(MailAuth.MtaSts.MtaStsChecker.MaxPolicyBytes),
                SmtpProbe = Check != null && Check.Contains("SmtpTls", StringComparer.OrdinalIgnoreCase)
                    ? new MailAuth.Smtp.SmtpTlsProbe(Resolver, TimeSpan.FromSeconds(TimeoutSec), LocalName(), Offline) : null,
            };
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var options = _options;
            foreach (string d in Domain)
            {
                string input = d;
                EnqueueDomain(d, async (name, ct) =>
                {
                    var report = await MailDomainAuditor.AuditAsync(name, Resolver, options, ct).ConfigureAwait(false);
                    return report.WithInput(input);
                });
            }
        }
    }
}
