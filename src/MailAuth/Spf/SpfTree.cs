using System.Collections.Generic;
using System.Linq;
using MailAuth.Dns;

namespace MailAuth.Spf
{
    /// <summary>
    /// An SPF record expanded into its tree: every <c>include</c> and <c>redirect</c> followed, <c>a</c> and <c>mx</c>
    /// resolved to networks, with lookup counts per branch and the networks the record authorises.
    /// </summary>
    public sealed class SpfTree
    {
        internal SpfTree(SpfTreeNode root, bool fromRecordText, int queryCount, IReadOnlyList<string> limits,
            IReadOnlyList<SpfNetwork> authorizedNetworks, DnsQueryResult? rootTxtAnswer, DnsQueryResult? spfTypeAnswer)
        {
            Root = root;
            FromRecordText = fromRecordText;
            QueryCount = queryCount;
            Limits = limits;
            AuthorizedNetworks = authorizedNetworks;
            Nodes = root.DescendantsAndSelf().ToList();
            RootTxtAnswer = rootTxtAnswer;
            SpfTypeAnswer = spfTypeAnswer;
        }

        /// <summary>The domain checked (for a record checked by text: the domain it would be published at).</summary>
        public string Domain => Root.Domain;
        /// <summary>The root record's status: found, none, temperror or permerror.</summary>
        public SpfRecordStatus Status => Root.Status;
        /// <summary>The root record's text.</summary>
        public string? Record => Root.Record;
        /// <summary>True when the root record was given as text rather than looked up.</summary>
        public bool FromRecordText { get; }
        /// <summary>DNS-querying terms in the whole tree, counted as if every term were evaluated (RFC 7208 §4.6.4 limits evaluation to 10).</summary>
        public int LookupCount => Root.LookupCount;
        /// <summary>Void lookups (NXDOMAIN or NODATA) in the whole tree (RFC 7208 §4.6.4 advises a limit of 2).</summary>
        public int VoidLookupCount => Root.VoidLookupCount;
        /// <summary>Distinct DNS questions the walk asked.</summary>
        public int QueryCount { get; }
        /// <summary>True when some branch holds macros and so depends on the sender; such branches are not expanded.</summary>
        public bool DependsOnSender => Root.DependsOnSender;
        /// <summary>True when no walk limit was reached; otherwise counts are lower bounds and <see cref="Limits"/> says why.</summary>
        public bool IsComplete => Limits.Count == 0;
        /// <summary>The walk limits reached, for a person; empty when the walk was complete.</summary>
        public IReadOnlyList<string> Limits { get; }
        /// <summary>The root record and its branches.</summary>
        public SpfTreeNode Root { get; }
        /// <summary>Every record of the tree, depth first, in term order.</summary>
        public IReadOnlyList<SpfTreeNode> Nodes { get; }
        /// <summary>
        /// The networks whose clients get <c>pass</c>: named by pass-qualified terms of valid records reached from the root
        /// through pass-qualified <c>include</c>s and <c>redirect</c>s. Exact duplicates removed; IPv4 first, then by address
        /// and prefix length. Term order is not applied: an earlier <c>-ip4</c> can still exclude part of a listed network.
        /// </summary>
        public IReadOnlyList<SpfNetwork> AuthorizedNetworks { get; }

        internal DnsQueryResult? RootTxtAnswer { get; }
        internal DnsQueryResult? SpfTypeAnswer { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Domain}: {Status}, {LookupCount} lookups, {AuthorizedNetworks.Count} authorized networks";
    }
}
