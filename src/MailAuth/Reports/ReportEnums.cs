namespace MailAuth.Reports
{
#pragma warning disable IDE1006 // lower-case members: they print and compare as the RFCs' words
    /// <summary>What a receiver did with the messages of an aggregate-report record (RFC 9990 ActionDispositionType; RFC 7489 has no pass).</summary>
    public enum DmarcReportDisposition
    {
        /// <summary>No action taken.</summary>
        none,
        /// <summary>No action: the messages passed DMARC under an enforcing policy (RFC 9990).</summary>
        pass,
        /// <summary>Marked for quarantine.</summary>
        quarantine,
        /// <summary>Rejected.</summary>
        reject,
    }

    /// <summary>The DMARC-aligned result of one identifier in a record's policy_evaluated (RFC 9990 DMARCResultType).</summary>
    public enum DmarcReportAlignment
    {
        /// <summary>The identifier authenticated and aligned with the From domain.</summary>
        pass,
        /// <summary>It did not authenticate, or did not align.</summary>
        fail,
    }

    /// <summary>An SPF or DKIM result as the reporter saw it, before DMARC (RFC 8601 §2.7.1, §2.7.2 words).</summary>
    public enum DmarcReportAuthResult
    {
        /// <summary>No result (no signature, no SPF record).</summary>
        none,
        /// <summary>Authenticated.</summary>
        pass,
        /// <summary>Failed.</summary>
        fail,
        /// <summary>SPF softfail (~all).</summary>
        softfail,
        /// <summary>Neutral.</summary>
        neutral,
        /// <summary>Passed but not accepted by local policy.</summary>
        policy,
        /// <summary>A temporary error (DNS timeout).</summary>
        temperror,
        /// <summary>A permanent error (broken record or signature).</summary>
        permerror,
    }

    /// <summary>Why a receiver applied another disposition than the published policy (RFC 9990 PolicyOverrideType; forwarded and sampled_out are RFC 7489's).</summary>
    public enum DmarcPolicyOverride
    {
        /// <summary>Known forwarder (RFC 7489).</summary>
        forwarded,
        /// <summary>Left out by pct sampling (RFC 7489).</summary>
        sampled_out,
        /// <summary>Trusted forwarder.</summary>
        trusted_forwarder,
        /// <summary>Mailing list.</summary>
        mailing_list,
        /// <summary>The receiver's local policy.</summary>
        local_policy,
        /// <summary>t=y testing mode (RFC 9990).</summary>
        policy_test_mode,
        /// <summary>Another reason, said in the comment.</summary>
        other,
    }

    /// <summary>Which identity SPF checked (RFC 9990 SPFDomainScope; helo from RFC 7489).</summary>
    public enum DmarcSpfScope
    {
        /// <summary>The MAIL FROM domain.</summary>
        mfrom,
        /// <summary>The HELO name.</summary>
        helo,
    }
#pragma warning restore IDE1006
}
