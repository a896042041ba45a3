namespace MailAuth.Dmarc
{
    /// <summary>The value of the <c>psd</c> tag (RFC 9989 §4.7), as the record writes it.</summary>
#pragma warning disable IDE1006
    public enum DmarcPsd
    {
        /// <summary>The default: not a public suffix domain, and maybe or maybe not an organizational domain; the tree walk decides.</summary>
        u,
        /// <summary>The domain is a public suffix domain (PSD); the tree walk stops here and the organizational domain is the name one label below.</summary>
        y,
        /// <summary>The domain is not a PSD and is the organizational domain of itself and its subdomains; the tree walk stops here.</summary>
        n,
    }
#pragma warning restore IDE1006
}
