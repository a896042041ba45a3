namespace MailAuth.Dmarc
{
    /// <summary>Which policy tag of a record applies to a domain (RFC 9989 §4.7, §4.10.1).</summary>
    public enum DmarcPolicyScope
    {
        /// <summary>The domain the record is published for: <c>p</c>.</summary>
        Domain,
        /// <summary>An existing subdomain of the record's domain: <c>sp</c>, else <c>p</c>.</summary>
        Subdomain,
        /// <summary>A subdomain that does not exist (NXDOMAIN): <c>np</c>, else <c>sp</c>, else <c>p</c>.</summary>
        NonExistentSubdomain,
    }
}
