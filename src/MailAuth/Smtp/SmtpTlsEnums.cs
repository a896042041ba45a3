namespace MailAuth.Smtp
{
#pragma warning disable IDE1006 // lower case on purpose, like the other result vocabularies
    /// <summary>How the STARTTLS probe of one host ended.</summary>
    public enum SmtpTlsStatus
    {
        /// <summary>STARTTLS offered and the TLS handshake completed.</summary>
        tls,
        /// <summary>The server does not offer STARTTLS.</summary>
        nostarttls,
        /// <summary>STARTTLS offered, but the handshake failed or the certificate was refused.</summary>
        tlsfailed,
        /// <summary>No connection or no 220 greeting.</summary>
        unreachable,
        /// <summary>The domain has a null MX: nothing to test.</summary>
        nullmx,
        /// <summary>A DNS failure left the host untested.</summary>
        temperror,
        /// <summary>Not probed: the run is offline (zone files only).</summary>
        skipped,
    }

    /// <summary>The DANE verdict for one host (RFC 7672).</summary>
    public enum DaneStatus
    {
        /// <summary>No TLSA records.</summary>
        none,
        /// <summary>A usable TLSA record matches the presented chain.</summary>
        match,
        /// <summary>Usable TLSA records exist and none matches.</summary>
        mismatch,
        /// <summary>TLSA records exist but none is usable for SMTP.</summary>
        unusable,
        /// <summary>TLSA records exist but there was no certificate to match (no TLS).</summary>
        notchecked,
        /// <summary>The TLSA query failed.</summary>
        temperror,
    }
#pragma warning restore IDE1006
}
