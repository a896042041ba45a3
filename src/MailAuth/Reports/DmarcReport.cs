using System;
using System.Collections.Generic;
using MailAuth.Findings;

namespace MailAuth.Reports
{
    /// <summary>A DMARC report read from a file: an aggregate (<see cref="DmarcAggregateReport"/>) or a failure report (<see cref="DmarcFailureReport"/>).</summary>
    public abstract class DmarcReport
    {
        private protected DmarcReport(string source, string? sourceEntry, IReadOnlyList<Finding> warnings)
        {
            Source = source ?? throw new ArgumentNullException(nameof(source));
            SourceEntry = sourceEntry;
            Warnings = warnings ?? throw new ArgumentNullException(nameof(warnings));
        }

        /// <summary>The file (or the name given for a stream) the report was read from.</summary>
        public string Source { get; }

        /// <summary>Where inside the file: the attachment and archive entry names, joined by '/'; null for a plain file.</summary>
        public string? SourceEntry { get; }

        /// <summary>What was tolerated while reading (<c>Report.*</c> ids): upper-case values, invalid bytes, stray elements, missing parts.</summary>
        public IReadOnlyList<Finding> Warnings { get; }
    }
}
