namespace MailAuth.Dmarc
{
    /// <summary>What DMARC policy discovery found. Lower case on purpose: these print as the RFC's words.</summary>
#pragma warning disable IDE1006
    public enum DmarcRecordStatus
    {
        /// <summary>A DMARC policy record applies to the domain (published at the domain, its organizational domain, or its public suffix domain).</summary>
        found,
        /// <summary>No DMARC policy record applies: receivers MUST NOT apply DMARC (RFC 9989 §4.10.1).</summary>
        none,
        /// <summary>A DNS query that decides the answer failed temporarily; never read as "no record".</summary>
        temperror,
        /// <summary>A record was found but receivers apply no DMARC: no valid <c>p</c> (or an invalid <c>sp</c>/<c>np</c>) and no valid <c>rua</c> URI (RFC 9989 §4.10.1), or, in RFC 7489 discovery, several records at the name (RFC 7489 §6.6.3).</summary>
        permerror,
    }
#pragma warning restore IDE1006
}
