using System;

namespace MailAuth.Dns
{
    /// <summary>
    /// A master (zone) file could not be read: a syntax error, an invalid value or a limit exceeded.
    /// The message starts with <c>file:line: </c>, the way compilers report errors.
    /// </summary>
    public sealed class ZoneFileException : FormatException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="fileName">The file the error is in.</param>
        /// <param name="lineNumber">The 1-based line the error is on; 0 when it concerns the whole file.</param>
        /// <param name="reason">What is wrong, without the file and line prefix.</param>
        /// <param name="innerException">The underlying error, if any.</param>
        /// <exception cref="ArgumentNullException"><paramref name="fileName"/> or <paramref name="reason"/> is null.</exception>
        public ZoneFileException(string fileName, int lineNumber, string reason, Exception? innerException = null)
            : base(Format(fileName, lineNumber, reason), innerException)
        {
            FileName = fileName;
            LineNumber = lineNumber < 0 ? 0 : lineNumber;
            Reason = reason;
        }

        /// <summary>The file the error is in, as it was named to the parser.</summary>
        public string FileName { get; }

        /// <summary>The 1-based line the error is on (for an unclosed quote or parenthesis, the line where it was opened); 0 when the error concerns the whole file.</summary>
        public int LineNumber { get; }

        /// <summary>What is wrong, without the file and line prefix.</summary>
        public string Reason { get; }

        // Evaluated before the base constructor runs, so the guards live here.
        private static string Format(string fileName, int lineNumber, string reason)
        {
            if (fileName is null) throw new ArgumentNullException(nameof(fileName));
            if (reason is null) throw new ArgumentNullException(nameof(reason));
            return lineNumber > 0
                ? fileName + ":" + lineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture) + ": " + reason
                : fileName + ": " + reason;
        }
    }
}
