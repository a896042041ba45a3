namespace MailAuth.Dmarc
{
    /// <summary>Where the DMARC policy record that applies to a domain was published, relative to that domain (RFC 9989 §4.10.1).</summary>
    public enum DmarcPolicySource
    {
        /// <summary>No record applies.</summary>
        None,
        /// <summary>At the domain itself (<c>_dmarc.&lt;domain&gt;</c>); its <c>p</c> tag applies.</summary>
        Domain,
        /// <summary>At the domain's organizational domain; its <c>sp</c> (or <c>np</c> for a domain that does not exist) applies.</summary>
        OrganizationalDomain,
        /// <summary>At the domain's public suffix domain (a record with <c>psd=y</c>); its <c>sp</c> or <c>np</c> applies.</summary>
        PublicSuffixDomain,
    }
}
