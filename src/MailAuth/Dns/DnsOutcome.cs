namespace MailAuth.Dns
{
    /// <summary>
    /// The four outcomes of a DNS query that e-mail authentication RFCs tell apart
    /// (RFC 7208 §4.4, RFC 9989 §4.10): a timeout is never "no record".
    /// </summary>
    public enum DnsOutcome
    {
        /// <summary>The name exists and has records of the type asked for.</summary>
        Records,
        /// <summary>The name exists but has no records of the type asked for (NOERROR, empty answer).</summary>
        NoData,
        /// <summary>The name does not exist (RCODE 3, NXDOMAIN).</summary>
        NxDomain,
        /// <summary>No usable answer: timeout, SERVFAIL, REFUSED, a malformed response or a network error.</summary>
        TemporaryFailure,
    }
}
