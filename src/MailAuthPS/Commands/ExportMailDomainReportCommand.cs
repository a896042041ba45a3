using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using MailAuth.Audit;
using MailAuth.Audit.Export;

namespace MailAuthPS.Commands
{
    /// <summary>Writes Test-MailDomain reports to one file: HTML for people, CSV for spreadsheets, JSON for programs, Markdown for tickets.</summary>
    [Cmdlet(VerbsData.Export, "MailDomainReport", SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportMailDomainReportCommand : PSCmdlet
    {
        /// <summary>The reports, from Test-MailDomain.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [AllowNull]
        public object?[] InputObject { get; set; } = null!;

        /// <summary>The file to write.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = null!;

        /// <summary>The format; by default from the extension of -Path.</summary>
        [Parameter]
        [ValidateSet("Html", "Csv", "Json", "Markdown", IgnoreCase = true)]
        public string? Format { get; set; }

        /// <summary>CSV: one row per finding instead of one per domain.</summary>
        [Parameter]
        public SwitchParameter PerFinding { get; set; }

        /// <summary>The title of the HTML page and Markdown document.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Title { get; set; } = MailDomainExportOptions.DefaultTitle;

        /// <summary>Overwrites an existing file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Writes the file's FileInfo.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private readonly List<MailDomainReport> _reports = new List<MailDomainReport>();
        private string _target = null!;
        private MailDomainExportFormat _format;

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            // Everything that can be known before the input arrives is checked now, so a long audit
            // upstream is not run for a file that cannot be written.
            _target = GetUnresolvedProviderPathFromPSPath(Path);
            if (Format != null)
                _format = (MailDomainExportFormat)Enum.Parse(typeof(MailDomainExportFormat), Format, ignoreCase: true);
            else if (MailDomainExporter.FormatFromPath(_target) is MailDomainExportFormat inferred)
                _format = inferred;
            else
                Stop(new ArgumentException($"Cannot tell the format from the extension of '{_target}'; use -Format Html, Csv, Json or Markdown, or a .html, .csv, .json or .md file."), "FormatNotInferred", ErrorCategory.InvalidArgument, Path);
            if (PerFinding && _format != MailDomainExportFormat.Csv)
                Stop(new ArgumentException("-PerFinding is for CSV files."), "PerFindingNeedsCsv", ErrorCategory.InvalidArgument, Path);
            string? folder = System.IO.Path.GetDirectoryName(_target);
            if (Directory.Exists(_target))
                Stop(new IOException($"'{_target}' is a folder; -Path names a file."), "OutFileIsFolder", ErrorCategory.InvalidArgument, _target);
            if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
                Stop(new DirectoryNotFoundException($"The folder '{folder}' does not exist."), "OutDirectoryNotFound", ErrorCategory.ObjectNotFound, folder);
            if (File.Exists(_target) && !Force)
                Stop(new IOException($"The file '{_target}' already exists; use -Force to overwrite it."), "OutFileExists", ErrorCategory.ResourceExists, _target);
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            foreach (object? item in InputObject)
            {
                object? value = item is PSObject ps ? ps.BaseObject : item;
                if (value is MailDomainReport report)
                {
                    _reports.Add(report);
                    continue;
                }
                string what = value is null ? "null" : value.GetType().FullName ?? value.GetType().Name;
                WriteError(MailAuthCmdlet.Error(new ArgumentException($"Export-MailDomainReport takes the reports of Test-MailDomain; a {what} was given."),
                    "InputNotMailDomainReport", ErrorCategory.InvalidType, item));
            }
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            string action = $"Write {_reports.Count} mail domain report(s) as {_format}";
            if (!ShouldProcess(_target, action)) return;
            var options = new MailDomainExportOptions { Title = Title, PerFinding = PerFinding, Generated = DateTimeOffset.UtcNow };
            try
            {
                // CreateNew without -Force: a file that appeared since BeginProcessing is not overwritten.
                using var stream = new FileStream(_target, Force ? FileMode.Create : FileMode.CreateNew, FileAccess.Write, FileShare.None);
                using var writer = new StreamWriter(stream, MailDomainExporter.EncodingFor(_format));
                MailDomainExporter.Write(_reports, writer, _format, options);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                Stop(new IOException($"Cannot write '{_target}': {e.Message}", e), File.Exists(_target) && !Force ? "OutFileExists" : "OutFileUnwritable", ErrorCategory.WriteError, _target);
            }
            if (PassThru) WriteObject(new FileInfo(_target));
        }

        private void Stop(Exception exception, string id, ErrorCategory category, object? target)
            => ThrowTerminatingError(MailAuthCmdlet.Error(exception, id, category, target));
    }
}
