namespace MailAuth.Dmarc
{
    /// <summary>The DMARC result of a message (RFC 8601 §2.7.1 words). Lower case on purpose.</summary>
#pragma warning disable IDE1006
    public enum DmarcResult
    {
        /// <summary>No DMARC policy applies to the author domain.</summary>
        none,
        /// <summary>An authenticated identifier aligns with the author domain.</summary>
        pass,
        /// <summary>No authenticated identifier aligns with the author domain.</summary>
        fail,
        /// <summary>A DNS failure prevents a verdict (RFC 9989 §5.3.6).</summary>
        temperror,
        /// <summary>The message cannot be evaluated: no single author domain, or an unusable policy record.</summary>
        permerror,
    }
#pragma warning restore IDE1006
}
