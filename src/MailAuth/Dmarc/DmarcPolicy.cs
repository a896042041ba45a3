namespace MailAuth.Dmarc
{
    /// <summary>A Domain Owner Assessment Policy: the value of <c>p</c>, <c>sp</c> or <c>np</c> (RFC 9989 §4.7). Lower case on purpose: these print as the RFC's words.</summary>
#pragma warning disable IDE1006
    public enum DmarcPolicy
    {
        /// <summary>No expression of preference: monitoring mode.</summary>
        none,
        /// <summary>Mail failing DMARC is suspicious.</summary>
        quarantine,
        /// <summary>Mail failing DMARC is not valid use of the domain.</summary>
        reject,
    }
#pragma warning restore IDE1006
}
