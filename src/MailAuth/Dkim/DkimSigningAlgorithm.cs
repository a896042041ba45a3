namespace MailAuth.Dkim
{
    /// <summary>The signing algorithms a signer may use (RFC 8301 §3.1 retires rsa-sha1 for signing).</summary>
    public enum DkimSigningAlgorithm
    {
        /// <summary><c>rsa-sha256</c> (RFC 6376 §3.3.1).</summary>
        RsaSha256,
        /// <summary><c>ed25519-sha256</c> (RFC 8463 §3).</summary>
        Ed25519Sha256,
    }
}
