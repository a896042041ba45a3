namespace MailAuth.MtaSts
{
#pragma warning disable IDE1006 // lower case on purpose: these print as the RFC's words
    /// <summary>The policy mode (RFC 8461 §3.2, §5).</summary>
    public enum MtaStsMode
    {
        /// <summary>Senders do not deliver to hosts that fail validation.</summary>
        enforce,
        /// <summary>Senders report failures but deliver anyway.</summary>
        testing,
        /// <summary>No active policy.</summary>
        none,
    }

    /// <summary>What the _mta-sts TXT lookup found.</summary>
    public enum MtaStsRecordStatus
    {
        /// <summary>Exactly one v=STSv1 record, valid.</summary>
        found,
        /// <summary>No v=STSv1 record.</summary>
        none,
        /// <summary>The DNS query failed temporarily; never read as "no record".</summary>
        temperror,
        /// <summary>Several records, or one that does not follow the grammar: senders ignore it.</summary>
        permerror,
    }

    /// <summary>What became of the policy.</summary>
    public enum MtaStsPolicyStatus
    {
        /// <summary>Fetched and valid.</summary>
        valid,
        /// <summary>Fetched, but senders would refuse it (syntax, media type).</summary>
        invalid,
        /// <summary>The fetch failed: see the fetch status and findings.</summary>
        unavailable,
        /// <summary>Not fetched: offline run.</summary>
        skipped,
        /// <summary>Not fetched: no record announces a policy.</summary>
        notrequested,
    }
#pragma warning restore IDE1006
}
