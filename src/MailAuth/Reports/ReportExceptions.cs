using System;

namespace MailAuth.Reports
{
    /// <summary>The input is not a report that can be read: empty, not a report, or damaged past repair.</summary>
    public sealed class ReportFormatException : FormatException
    {
        /// <summary>Creates the exception.</summary>
        public ReportFormatException(string message, Exception? inner = null) : base(message, inner)
        {
        }

        internal ReportFormatException(string message, bool otherKind) : base(message) => OtherKind = otherKind;

        /// <summary>True when the input holds the other kind of report (a TLS report where a DMARC report was expected, or the reverse).</summary>
        public bool OtherKind { get; }
    }

    /// <summary>An archive or message expands past the limits of <see cref="ReportReadOptions"/>; reading stopped before it.</summary>
    public sealed class ReportTooLargeException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public ReportTooLargeException(string message) : base(message)
        {
        }
    }
}
