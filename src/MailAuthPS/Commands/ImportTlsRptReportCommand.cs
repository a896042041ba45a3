using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using MailAuth.Reports;

namespace MailAuthPS.Commands
{
    /// <summary>Reads SMTP TLS reports (RFC 8460 §4) from .json, .json.gz and .eml files and writes one object per report.</summary>
    [Cmdlet(VerbsData.Import, "TlsRptReport", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(TlsRptReport))]
    public sealed class ImportTlsRptReportCommand : ReportFileCmdlet
    {
        private static readonly string[] Patterns = { ".json", ".gz", ".gzip", ".zip", ".eml" };

        /// <inheritdoc />
        protected override string[] FolderPatterns => Patterns;

        /// <inheritdoc />
        protected override IEnumerable<object> ReadFile(string file, ReportReadOptions options, CancellationToken cancellationToken)
            => TlsRptReportReader.ReadFile(file, options, cancellationToken).Cast<object>().ToList();
    }
}
