namespace MailAuth.Dkim
{
    /// <summary>The DKIM result of one signature, in RFC 8601 §2.7.1 words. Lower case on purpose.</summary>
#pragma warning disable IDE1006
    public enum DkimResult
    {
        /// <summary>The message carries no signature.</summary>
        none,
        /// <summary>The signature verified.</summary>
        pass,
        /// <summary>The signature or body hash did not verify.</summary>
        fail,
        /// <summary>The signature has a syntax error or could not otherwise be processed.</summary>
        neutral,
        /// <summary>A temporary (DNS) failure; try again later.</summary>
        temperror,
        /// <summary>An unrecoverable error, such as a missing or revoked key.</summary>
        permerror,
        /// <summary>Verified or verifiable, but not acceptable to this verifier (weak key, SHA-1, expired).</summary>
        policy,
    }
#pragma warning restore IDE1006
}
