namespace MailAuth.Dmarc
{
    /// <summary>The identifier alignment mode of <c>adkim</c> and <c>aspf</c> (RFC 9989 §3.2.10, §4.7). Lower case on purpose: these print as the RFC's words.</summary>
#pragma warning disable IDE1006
    public enum DmarcAlignmentMode
    {
        /// <summary><c>r</c>: the two domains have the same organizational domain (the default).</summary>
        relaxed,
        /// <summary><c>s</c>: the two domains are identical.</summary>
        strict,
    }
#pragma warning restore IDE1006
}
