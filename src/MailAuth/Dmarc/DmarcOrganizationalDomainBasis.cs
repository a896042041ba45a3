namespace MailAuth.Dmarc
{
    /// <summary>Which rule chose an organizational domain (RFC 9989 §4.10.2, RFC 7489 §3.2).</summary>
    public enum DmarcOrganizationalDomainBasis
    {
        /// <summary>Not determined: a DNS query of the tree walk failed temporarily.</summary>
        Undetermined,
        /// <summary>A record with <c>psd=n</c> was found: its domain is the organizational domain (rule 1).</summary>
        PsdNo,
        /// <summary>A record with <c>psd=y</c> was found above the starting domain: the organizational domain is the name one label below it (rule 2).</summary>
        BelowPsdYes,
        /// <summary>Of the records found, the one at the name with the fewest labels decides (rule 3).</summary>
        FewestLabels,
        /// <summary>The walk found no record, so the starting domain is its own organizational domain.</summary>
        NoRecordFound,
        /// <summary>RFC 7489: the public suffix plus one label, from the public suffix list (the domain itself when it is a public suffix).</summary>
        PublicSuffixList,
    }
}
