namespace MailAuth.Spf
{
    /// <summary>
    /// A mechanism's qualifier (RFC 7208 §4.6.2), named by the result it produces.
    /// Members are lower case on purpose: they print as the RFC's result words.
    /// </summary>
#pragma warning disable IDE1006
    public enum SpfQualifier
    {
        /// <summary><c>+</c> (the default): a match gives pass.</summary>
        pass,
        /// <summary><c>-</c>: a match gives fail.</summary>
        fail,
        /// <summary><c>~</c>: a match gives softfail.</summary>
        softfail,
        /// <summary><c>?</c>: a match gives neutral.</summary>
        neutral,
    }
#pragma warning restore IDE1006
}
