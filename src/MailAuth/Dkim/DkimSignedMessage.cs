using System;
using System.Collections.Generic;

namespace MailAuth.Dkim
{
    /// <summary>A message with a new DKIM-Signature header field on top, and what the signature says.</summary>
    public sealed class DkimSignedMessage
    {
        internal DkimSignedMessage() { }

        /// <summary>Where the message came from (a file path), when known.</summary>
        public string? Source { get; internal set; }
        /// <summary>Where the signed message was written, when it was.</summary>
        public string? OutFile { get; private set; }
        /// <summary>d=.</summary>
        public string Domain { get; internal set; } = string.Empty;
        /// <summary>s=.</summary>
        public string Selector { get; internal set; } = string.Empty;
        /// <summary>a=: <c>rsa-sha256</c> or <c>ed25519-sha256</c>.</summary>
        public string Algorithm { get; internal set; } = string.Empty;
        /// <summary>c=, as header/body.</summary>
        public string Canonicalization { get; internal set; } = string.Empty;
        /// <summary>h=: the signed header field names, oversigned ones included.</summary>
        public IReadOnlyList<string> SignedHeaders { get; internal set; } = Array.Empty<string>();
        /// <summary>i=, when one was given.</summary>
        public string? Identity { get; internal set; }
        /// <summary>t=.</summary>
        public DateTimeOffset Timestamp { get; internal set; }
        /// <summary>x=, when set.</summary>
        public DateTimeOffset? Expiration { get; internal set; }
        /// <summary>l=, when the body length was stated.</summary>
        public long? BodyLength { get; internal set; }
        /// <summary>bh=: the base64 body hash.</summary>
        public string BodyHash { get; internal set; } = string.Empty;
        /// <summary>The new DKIM-Signature header field, folded with CRLF and a space, without the final CRLF.</summary>
        public string Header { get; internal set; } = string.Empty;
        /// <summary>The signed message: the new header field, CRLF, then the message with CRLF line endings.</summary>
        public byte[] Bytes { get; internal set; } = Array.Empty<byte>();
        /// <summary>True when the input had bare LF line endings; the signed message has CRLF, as SMTP sends it.</summary>
        public bool LineEndingsRepaired { get; internal set; }

        /// <summary>A copy that records where the signed message was written.</summary>
        /// <param name="path">The file written.</param>
        /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
        public DkimSignedMessage WithOutFile(string path)
        {
            if (path is null) throw new ArgumentNullException(nameof(path));
            var copy = (DkimSignedMessage)MemberwiseClone();
            copy.OutFile = path;
            return copy;
        }

        /// <inheritdoc />
        public override string ToString() => Header;
    }
}
