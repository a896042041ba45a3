using System;

namespace MailAuth.Dkim
{
    /// <summary>Limits and policy for verification.</summary>
    public sealed class DkimVerifyOptions
    {
        /// <summary>Signatures verified per message (default 10); further ones are reported as not verified.</summary>
        public int MaxSignatures { get; set; } = 10;
        /// <summary>The moment to verify as of (t=, x=); now when not given.</summary>
        public DateTimeOffset? AsOf { get; set; }
        /// <summary>Allowed clock difference for t= in the future.</summary>
        public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);
        /// <summary>Largest message accepted.</summary>
        public long MaxMessageSize { get; set; } = DkimMessage.DefaultMaxSize;
        /// <summary>Smallest RSA key accepted (RFC 8301 §3.2: 1024).</summary>
        public int MinimumRsaKeyBits { get; set; } = 1024;
    }
}
