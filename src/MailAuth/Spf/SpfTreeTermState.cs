namespace MailAuth.Spf
{
    /// <summary>What the tree walk made of one term of a record.</summary>
    public enum SpfTreeTermState
    {
        /// <summary>Needs no DNS: <c>ip4</c>, <c>ip6</c>, <c>all</c>.</summary>
        Static,
        /// <summary>Looked up and found: addresses for <c>a</c>/<c>mx</c>, an answer for <c>exists</c>, an SPF record for <c>include</c>/<c>redirect</c>.</summary>
        Resolved,
        /// <summary>Looked up and found nothing: NXDOMAIN or NODATA, or for <c>include</c>/<c>redirect</c> no SPF record (see the child node).</summary>
        Empty,
        /// <summary>The lookup failed temporarily (timeout, SERVFAIL).</summary>
        TemporaryFailure,
        /// <summary>The domain-spec holds macros, which cannot be expanded without a sender and client address; the branch is not expanded.</summary>
        DependsOnSender,
        /// <summary>Cannot be expanded without a client: <c>ptr</c> (reverse DNS of the client), and <c>exp=</c> (looked up only to explain a fail).</summary>
        NotExpandable,
        /// <summary>An <c>include</c> or <c>redirect</c> back to a domain already on the path.</summary>
        Loop,
        /// <summary>Not looked up: a walk limit was reached, or the name is the placeholder domain of a record checked by text.</summary>
        NotQueried,
        /// <summary>Never evaluated: a mechanism after <c>all</c>, a <c>redirect</c> in a record with <c>all</c>, an unknown modifier.</summary>
        Ignored,
        /// <summary>The term has a syntax error.</summary>
        Invalid,
    }
}
