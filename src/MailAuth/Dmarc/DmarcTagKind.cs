namespace MailAuth.Dmarc
{
    /// <summary>What kind of tag a DMARC record tag is.</summary>
    public enum DmarcTagKind
    {
        /// <summary>The version tag <c>v</c>, which must come first.</summary>
        Version,
        /// <summary>A tag RFC 9989 §4.7 defines: p, sp, np, adkim, aspf, rua, ruf, fo, t, psd.</summary>
        Defined,
        /// <summary>A tag of RFC 7489 that RFC 9989 removed (Appendix C.5.2): pct, rf, ri.</summary>
        Removed,
        /// <summary>A tag no DMARC specification defines; receivers ignore it (RFC 9989 §4.7).</summary>
        Unknown,
    }
}
