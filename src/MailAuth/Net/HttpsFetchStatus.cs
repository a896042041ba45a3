namespace MailAuth.Net
{
    /// <summary>How an HTTPS fetch ended. Lower-case members: they print and compare as words.</summary>
#pragma warning disable IDE1006
    public enum HttpsFetchStatus
    {
        /// <summary>200 with a body within the size limit.</summary>
        ok,
        /// <summary>Not attempted: the run is offline (zone files only).</summary>
        skipped,
        /// <summary>The host name did not resolve (NXDOMAIN, NODATA or a DNS failure).</summary>
        dnsfailure,
        /// <summary>No TCP connection could be made.</summary>
        connectfailure,
        /// <summary>The certificate was refused by the platform's validation; the reason is in the certificate's errors.</summary>
        certificateinvalid,
        /// <summary>TLS or HTTP failed for another reason.</summary>
        protocolerror,
        /// <summary>The whole fetch took longer than the timeout.</summary>
        timeout,
        /// <summary>A 3xx answer; redirects are not followed.</summary>
        redirect,
        /// <summary>Another status than 200.</summary>
        httperror,
        /// <summary>The body is larger than the limit.</summary>
        toolarge,
    }
#pragma warning restore IDE1006
}
