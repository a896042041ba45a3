using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using MailAuth.Reports;

namespace MailAuthPS.Commands
{
    /// <summary>
    /// Reads DMARC aggregate reports (RFC 9990, RFC 7489) and failure reports (RFC 9991, RFC 6591) from .xml, .gz,
    /// .zip and .eml files, whatever their kind, and writes one typed object per report.
    /// </summary>
    [Cmdlet(VerbsData.Import, "DmarcReport", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(DmarcAggregateReport), typeof(DmarcFailureReport))]
    public sealed class ImportDmarcReportCommand : ReportFileCmdlet
    {
        private static readonly string[] Patterns = { ".xml", ".gz", ".gzip", ".zip", ".eml" };

        /// <inheritdoc />
        protected override string[] FolderPatterns => Patterns;

        /// <inheritdoc />
        protected override IEnumerable<object> ReadFile(string file, ReportReadOptions options, CancellationToken cancellationToken)
            => DmarcReportReader.ReadFile(file, options, cancellationToken).Cast<object>().ToList();
    }
}
