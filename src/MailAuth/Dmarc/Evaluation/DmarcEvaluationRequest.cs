using System;
using System.Collections.Generic;
using System.Net;

namespace MailAuth.Dmarc
{
    /// <summary>What to evaluate: a message, its SMTP envelope where known, and results to take as given.</summary>
    public sealed class DmarcEvaluationRequest
    {
        /// <summary>Creates a request for a message.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
        public DmarcEvaluationRequest(byte[] message)
        {
            Message = message ?? throw new ArgumentNullException(nameof(message));
        }

        /// <summary>The raw message.</summary>
        public byte[] Message { get; }
        /// <summary>The SMTP client's address; read from the topmost Received field when null.</summary>
        public IPAddress? ClientIP { get; set; }
        /// <summary>The MAIL FROM address (empty for a null reverse-path); read from Return-Path when null.</summary>
        public string? MailFrom { get; set; }
        /// <summary>The HELO name; read from the topmost Received field when null.</summary>
        public string? Helo { get; set; }
        /// <summary>An SPF result to take instead of evaluating SPF.</summary>
        public DmarcIdentifierResult? SpfResult { get; set; }
        /// <summary>DKIM results to take instead of verifying the signatures.</summary>
        public IReadOnlyList<DmarcIdentifierResult>? DkimResults { get; set; }
        /// <summary>Tree walk (RFC 9989) or public suffix list (RFC 7489).</summary>
        public DmarcDiscoveryMode DiscoveryMode { get; set; } = DmarcDiscoveryMode.TreeWalk;
        /// <summary>The authserv-id of the Authentication-Results value.</summary>
        public string AuthServId { get; set; } = "localhost";
        /// <summary>Verify DKIM signatures as of this moment.</summary>
        public DateTimeOffset? AsOf { get; set; }
        /// <summary>Allowed clock difference for DKIM t= in the future; the verifier's default when null.</summary>
        public TimeSpan? DkimClockSkew { get; set; }
        /// <summary>The largest message accepted, in bytes (default <see cref="Dkim.DkimMessage.DefaultMaxSize"/>).</summary>
        public long MaxMessageSize { get; set; } = Dkim.DkimMessage.DefaultMaxSize;
    }
}
