namespace MailAuth.Spf
{
    /// <summary>How a record was reached in an SPF tree.</summary>
    public enum SpfTreeNodeKind
    {
        /// <summary>The record of the domain checked.</summary>
        Root,
        /// <summary>Reached through an <c>include</c> mechanism (RFC 7208 §5.2).</summary>
        Include,
        /// <summary>Reached through a <c>redirect</c> modifier (RFC 7208 §6.1).</summary>
        Redirect,
    }
}
