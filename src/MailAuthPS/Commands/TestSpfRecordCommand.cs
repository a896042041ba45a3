using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Spf;

namespace MailAuthPS.Commands
{
    /// <summary>
    /// Checks the SPF record of one or more domains, or a proposed record text, following every include and redirect,
    /// and reports findings with stable ids, RFC sections and remediation.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "SpfRecord", DefaultParameterSetName = DomainSet)]
    [OutputType(typeof(SpfLintResult))]
    public sealed class TestSpfRecordCommand : RecordDnsCmdlet
    {
        /// <inheritdoc />
        protected override async Task<object> CheckDomainAsync(string domain, CancellationToken cancellationToken)
            => await SpfLinter.LintDomainAsync(domain, Resolver, null, cancellationToken).ConfigureAwait(false);

        /// <inheritdoc />
        protected override async Task<object> CheckRecordAsync(string record, string? domain, CancellationToken cancellationToken)
            => await SpfLinter.LintRecordAsync(record, domain, Resolver, null, cancellationToken).ConfigureAwait(false);
    }
}
