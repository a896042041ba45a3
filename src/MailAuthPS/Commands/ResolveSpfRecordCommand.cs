using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Spf;

namespace MailAuthPS.Commands
{
    /// <summary>
    /// Expands the SPF record of one or more domains, or a record text, into its tree of includes and redirects, with
    /// <c>a</c> and <c>mx</c> resolved, lookup counts per branch, and the networks the record authorises.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Resolve, "SpfRecord", DefaultParameterSetName = DomainSet)]
    [OutputType(typeof(SpfTree))]
    public sealed class ResolveSpfRecordCommand : RecordDnsCmdlet
    {
        /// <inheritdoc />
        protected override async Task<object> CheckDomainAsync(string domain, CancellationToken cancellationToken)
            => await new SpfTreeWalker(Resolver).WalkAsync(domain, cancellationToken).ConfigureAwait(false);

        /// <inheritdoc />
        protected override async Task<object> CheckRecordAsync(string record, string? domain, CancellationToken cancellationToken)
            => await new SpfTreeWalker(Resolver).WalkRecordAsync(record, domain, cancellationToken).ConfigureAwait(false);
    }
}
