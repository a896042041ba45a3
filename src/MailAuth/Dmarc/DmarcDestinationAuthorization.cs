namespace MailAuth.Dmarc
{
    /// <summary>Whether a report destination outside the policy's organizational domain has agreed to receive reports (RFC 9990 §4).</summary>
    public enum DmarcDestinationAuthorization
    {
        /// <summary>The destination is inside the same organizational domain: no check is needed.</summary>
        NotRequired,
        /// <summary>The destination publishes <c>&lt;policy domain&gt;._report._dmarc.&lt;host&gt;</c> with a record starting <c>v=DMARC1</c>.</summary>
        Authorized,
        /// <summary>No such record: receivers MUST ignore the URI.</summary>
        NotAuthorized,
        /// <summary>The authorisation query failed temporarily, or an organizational domain could not be determined.</summary>
        TemporaryFailure,
        /// <summary>Not checked: the URI is invalid, or a record given as text has no domain to check against.</summary>
        NotChecked,
    }
}
