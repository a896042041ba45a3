namespace MailAuth.Spf
{
    /// <summary>What the SPF record lookup found. Lower case on purpose: these print as the RFC's words.</summary>
#pragma warning disable IDE1006
    public enum SpfRecordStatus
    {
        /// <summary>Exactly one SPF record, syntactically valid.</summary>
        found,
        /// <summary>No SPF record: NXDOMAIN, NODATA, or TXT records none of which is SPF (RFC 7208 §4.5).</summary>
        none,
        /// <summary>The DNS query failed temporarily (RFC 7208 §4.4); never read as "no record".</summary>
        temperror,
        /// <summary>Several SPF records, or one with a syntax error (RFC 7208 §4.5, §4.6).</summary>
        permerror,
    }
#pragma warning restore IDE1006
}
