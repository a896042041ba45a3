namespace MailAuth.TlsRpt
{
    /// <summary>What the TLS-RPT lookup found. Lower case on purpose, like the other result vocabularies.</summary>
#pragma warning disable IDE1006
    public enum TlsRptRecordStatus
    {
        /// <summary>Exactly one v=TLSRPTv1 record (it may still have findings).</summary>
        found,
        /// <summary>No v=TLSRPTv1 record.</summary>
        none,
        /// <summary>The DNS query failed temporarily; never read as "no record".</summary>
        temperror,
        /// <summary>Several records, so senders assume TLS-RPT is not implemented (RFC 8460 §3).</summary>
        permerror,
    }
#pragma warning restore IDE1006
}
