using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dmarc;

namespace MailAuthPS.Commands
{
    /// <summary>
    /// Checks the DMARC policy of one or more domains, or a proposed record text, including the authorisation of every external
    /// report destination, and reports findings with stable ids, RFC sections and remediation.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "DmarcRecord", DefaultParameterSetName = DomainSet)]
    [OutputType(typeof(DmarcLintResult))]
    public sealed class TestDmarcRecordCommand : RecordDnsCmdlet
    {
        /// <summary>TreeWalk (RFC 9989, the default) or PublicSuffixList (RFC 7489).</summary>
        [Parameter]
        [ValidateSet(nameof(DmarcDiscoveryMode.TreeWalk), nameof(DmarcDiscoveryMode.PublicSuffixList))]
        public string DiscoveryMode { get; set; } = nameof(DmarcDiscoveryMode.TreeWalk);

        private DmarcDiscoveryMode Mode => (DmarcDiscoveryMode)Enum.Parse(typeof(DmarcDiscoveryMode), DiscoveryMode, ignoreCase: true);

        /// <inheritdoc />
        protected override async Task<object> CheckDomainAsync(string domain, CancellationToken cancellationToken)
            => await DmarcLinter.LintDomainAsync(domain, Resolver, Mode, cancellationToken).ConfigureAwait(false);

        /// <inheritdoc />
        protected override async Task<object> CheckRecordAsync(string record, string? domain, CancellationToken cancellationToken)
            => await DmarcLinter.LintRecordAsync(record, domain, Resolver, Mode, cancellationToken).ConfigureAwait(false);
    }
}
