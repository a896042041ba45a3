namespace MailAuth.Dmarc
{
    /// <summary>How the DMARC policy record and the organizational domain are found.</summary>
    public enum DmarcDiscoveryMode
    {
        /// <summary>RFC 9989 §4.10: the DNS tree walk, with the <c>psd</c> tag and at most eight queries (the default).</summary>
        TreeWalk,
        /// <summary>RFC 7489 §3.2 and §6.6.3: the organizational domain from the public suffix list, and at most two queries (the domain, then its organizational domain).</summary>
        PublicSuffixList,
    }
}
