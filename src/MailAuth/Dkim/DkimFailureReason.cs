namespace MailAuth.Dkim
{
    /// <summary>Why a signature did not pass, precisely enough to fix it.</summary>
    public enum DkimFailureReason
    {
        /// <summary>The signature passed.</summary>
        None,
        /// <summary>The message has no DKIM-Signature.</summary>
        NoSignature,
        /// <summary>The body hash does not match bh=: the body changed after signing.</summary>
        BodyHashMismatch,
        /// <summary>The signature does not verify over the signed header fields.</summary>
        SignatureMismatch,
        /// <summary>No key record at the selector (NXDOMAIN or no TXT).</summary>
        KeyNotFound,
        /// <summary>The key record has an empty p= (RFC 6376 §3.6.1).</summary>
        KeyRevoked,
        /// <summary>The RSA key is under 1024 bits (RFC 8301 §3.2).</summary>
        KeyTooSmall,
        /// <summary>The key record cannot be parsed or its key cannot be used.</summary>
        KeyInvalid,
        /// <summary>The key's k= or h= or s= does not allow this signature.</summary>
        KeyMismatch,
        /// <summary>rsa-sha1 (RFC 8301 §3.1) or an unknown algorithm.</summary>
        AlgorithmNotAllowed,
        /// <summary>x= is in the past.</summary>
        SignatureExpired,
        /// <summary>t= is in the future.</summary>
        SignatureFromFuture,
        /// <summary>h= does not include From (RFC 6376 §5.4).</summary>
        FromNotSigned,
        /// <summary>The DKIM-Signature field does not follow RFC 6376 §3.5.</summary>
        SyntaxError,
        /// <summary>The key query failed temporarily.</summary>
        DnsTemporaryFailure,
        /// <summary>More signatures than the verifier checks; this one was not verified.</summary>
        NotVerified,
    }
}
