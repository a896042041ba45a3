using System;

namespace MailAuth.Dkim
{
    /// <summary>A message cannot be signed as it is (for example, it has no From header field).</summary>
    public sealed class DkimSignException : Exception
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="errorId">A stable id such as <c>NoFromHeader</c>.</param>
        /// <param name="message">Why, in one sentence.</param>
        public DkimSignException(string errorId, string message)
            : base(message)
        {
            ErrorId = errorId ?? throw new ArgumentNullException(nameof(errorId));
        }

        /// <summary>A stable id for the problem: <c>NoFromHeader</c>, <c>MultipleFromHeaders</c>.</summary>
        public string ErrorId { get; }
    }
}
