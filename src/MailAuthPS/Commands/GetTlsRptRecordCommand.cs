using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.TlsRpt;

namespace MailAuthPS.Commands
{
    /// <summary>Gets and checks the TLS-RPT record (<c>_smtp._tls</c> TXT, RFC 8460 §3) of one or more domains, or a proposed record text.</summary>
    [Cmdlet(VerbsCommon.Get, "TlsRptRecord", DefaultParameterSetName = DomainSet)]
    [OutputType(typeof(TlsRptRecordResult))]
    public sealed class GetTlsRptRecordCommand : RecordDnsCmdlet
    {
        /// <inheritdoc />
        protected override async Task<object> CheckDomainAsync(string domain, CancellationToken cancellationToken)
            => await TlsRptLookup.GetRecordAsync(domain, Resolver, cancellationToken).ConfigureAwait(false);

        /// <inheritdoc />
        protected override Task<object> CheckRecordAsync(string record, string? domain, CancellationToken cancellationToken)
            => Task.FromResult<object>(TlsRptLookup.ParseRecord(record, domain ?? "example.invalid"));
    }
}
