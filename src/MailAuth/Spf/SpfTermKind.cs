namespace MailAuth.Spf
{
    /// <summary>Whether a term is a mechanism (directive) or a modifier (RFC 7208 §4.6.1).</summary>
    public enum SpfTermKind
    {
        /// <summary>A directive: optional qualifier and a mechanism such as <c>include:</c>.</summary>
        Mechanism,
        /// <summary>A <c>name=value</c> modifier such as <c>redirect=</c>.</summary>
        Modifier,
    }
}
