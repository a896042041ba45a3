using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using MailAuth.Reports;

namespace MailAuthPS.Commands
{
    /// <summary>
    /// Base of the cmdlets that read report files: <c>-Path</c> (wildcards), <c>-LiteralPath</c> (pipeline from
    /// Get-ChildItem), folders with <c>-Recurse</c>, and the decompression limit. Each file is read on its own;
    /// a file that cannot be read is an error record naming it, and the others go on.
    /// </summary>
    public abstract class ReportFileCmdlet : MailAuthCmdlet
    {
        /// <summary>The parameter set of <see cref="Path"/>, the default.</summary>
        protected const string PathSet = "Path";
        /// <summary>The parameter set of <see cref="LiteralPath"/>.</summary>
        protected const string LiteralPathSet = "LiteralPath";

        /// <summary>Report files or folders; wildcards allowed.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
        [SupportsWildcards]
        public string[] Path { get; set; } = null!;

        /// <summary>Report files or folders, taken literally.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP", "FullName")]
        public string[] LiteralPath { get; set; } = null!;

        /// <summary>Reads the report files in the folders' subfolders too.</summary>
        [Parameter]
        public SwitchParameter Recurse { get; set; }

        /// <summary>Most megabytes one archive entry, gzip stream or message may expand to (200 by default); the ratio limit is 1000:1.</summary>
        [Parameter]
        [ValidateRange(1, 4096)]
        public int MaxDecompressedSizeMB { get; set; } = (int)(ReportReadOptions.DefaultMaxDecompressedBytes / (1024 * 1024));

        /// <summary>File name endings read from folders; files named directly are read whatever their name.</summary>
        protected abstract string[] FolderPatterns { get; }

        /// <inheritdoc />
        protected override string ProgressItemName => "files";

        /// <summary>The limits from the parameters.</summary>
        protected ReportReadOptions Options => new ReportReadOptions { MaxDecompressedBytes = (long)MaxDecompressedSizeMB * 1024 * 1024 };

        /// <summary>Reads one file.</summary>
        protected abstract IEnumerable<object> ReadFile(string file, ReportReadOptions options, CancellationToken cancellationToken);

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            bool literal = ParameterSetName == LiteralPathSet;
            var options = Options;
            foreach (string p in literal ? LiteralPath : Path)
            {
                var found = new List<string>();
                try
                {
                    if (literal) found.Add(GetUnresolvedProviderPathFromPSPath(p));
                    else found.AddRange(GetResolvedProviderPathFromPSPath(p, out var provider).Where(_ => provider.Name == "FileSystem"));
                }
                catch (Exception e) when (e is ItemNotFoundException || e is System.Management.Automation.DriveNotFoundException || e is ProviderNotFoundException || e is NotSupportedException)
                {
                    EnqueueError(Error(e, "ReportNotFound", ErrorCategory.ObjectNotFound, p));
                    continue;
                }
                foreach (string f in found)
                {
                    if (Directory.Exists(f))
                    {
                        foreach (string file in FolderFiles(f)) Queue(file, options, inFolder: true);
                        continue;
                    }
                    if (!File.Exists(f))
                    {
                        EnqueueError(Error(new FileNotFoundException($"'{f}' does not exist.", f), "ReportNotFound", ErrorCategory.ObjectNotFound, p));
                        continue;
                    }
                    Queue(f, options, inFolder: false);
                }
            }
        }

        private IEnumerable<string> FolderFiles(string folder)
        {
            var option = Recurse ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly;
            return Directory.EnumerateFiles(folder, "*", option)
                .Where(f => FolderPatterns.Any(x => f.EndsWith(x, StringComparison.OrdinalIgnoreCase)))
                .OrderBy(f => f, StringComparer.Ordinal);
        }

        // A file found in a folder that holds the other kind of report (a TLS report among DMARC reports) is skipped.
        private void Queue(string file, ReportReadOptions options, bool inFolder)
            => Enqueue(file, ct =>
            {
                try
                {
                    return System.Threading.Tasks.Task.FromResult(ReadFile(file, options, ct));
                }
                catch (ReportFormatException e) when (inFolder && e.OtherKind)
                {
                    return System.Threading.Tasks.Task.FromResult<IEnumerable<object>>(Array.Empty<object>());
                }
            });

        /// <inheritdoc />
        protected override ErrorRecord ErrorFor(Exception exception, object target)
        {
            var record = exception switch
            {
                ReportFormatException e => Error(e, "InvalidReport", ErrorCategory.InvalidData, target),
                ReportTooLargeException e => Error(e, "ReportTooLarge", ErrorCategory.LimitsExceeded, target),
                UnauthorizedAccessException e => Error(e, "ReportUnreadable", ErrorCategory.PermissionDenied, target),
                IOException e => Error(e, "ReportUnreadable", ErrorCategory.ReadError, target),
                _ => base.ErrorFor(exception, target),
            };
            // The message names the file, whatever the exception said.
            string file = target.ToString() ?? string.Empty;
            if (file.Length > 0 && exception.Message.IndexOf(file, StringComparison.Ordinal) < 0)
                record.ErrorDetails = new ErrorDetails($"'{file}': {exception.Message}");
            return record;
        }
    }
}
