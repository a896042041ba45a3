namespace MailAuth.Dkim
{
    /// <summary>What the DKIM key record lookup found. Lower case on purpose: these print as the RFC's words.</summary>
#pragma warning disable IDE1006
    public enum DkimRecordStatus
    {
        /// <summary>Exactly one key record that parses; a revoked key (empty <c>p=</c>) is found too.</summary>
        found,
        /// <summary>No key record: NXDOMAIN or NODATA at the selector's name (RFC 6376 §6.1.2 step 3).</summary>
        none,
        /// <summary>The DNS query failed temporarily (RFC 6376 §6.1.2 step 2); never read as "no record".</summary>
        temperror,
        /// <summary>Several TXT records at the name (RFC 6376 §3.6.2.2), or one that cannot be used: syntax, key data or key type (§6.1.2 step 5).</summary>
        permerror,
    }
#pragma warning restore IDE1006
}
