namespace MailAuth.Spf
{
    /// <summary>The result of <c>check_host()</c> (RFC 7208 §2.6). Lower case on purpose: these print as the RFC's words.</summary>
#pragma warning disable IDE1006
    public enum SpfResult
    {
        /// <summary>No SPF record, or no checkable domain (§2.6.1).</summary>
        none,
        /// <summary>The domain owner makes no assertion (§2.6.2).</summary>
        neutral,
        /// <summary>The client is authorised (§2.6.3).</summary>
        pass,
        /// <summary>The client is not authorised (§2.6.4).</summary>
        fail,
        /// <summary>Probably not authorised; weak statement (§2.6.5).</summary>
        softfail,
        /// <summary>A transient (DNS) error (§2.6.6).</summary>
        temperror,
        /// <summary>The record could not be interpreted, or a limit was exceeded (§2.6.7).</summary>
        permerror,
    }
#pragma warning restore IDE1006
}
