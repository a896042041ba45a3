using System;

namespace MailAuth.Dkim
{
    /// <summary>
    /// A private key file cannot be used for DKIM signing. The message names the file and the
    /// problem, never any key material.
    /// </summary>
    public sealed class DkimPrivateKeyException : Exception
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">What is wrong, without key material.</param>
        /// <param name="source">The file, when known.</param>
        public DkimPrivateKeyException(string message, string? source = null)
            : base(message)
        {
            KeySource = source;
        }

        /// <summary>The file the key was read from, when known.</summary>
        public string? KeySource { get; }
    }
}
