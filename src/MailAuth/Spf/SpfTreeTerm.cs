using System;
using System.Collections.Generic;

namespace MailAuth.Spf
{
    /// <summary>One term of a record in an SPF tree, with what its DNS lookups found.</summary>
    public sealed class SpfTreeTerm
    {
        internal SpfTreeTerm(SpfTerm term, string? target, bool countsAsLookup, bool isVoid, SpfTreeTermState state, string detail,
            IReadOnlyList<SpfNetwork> networks, IReadOnlyList<string> hosts, SpfTreeNode? child)
        {
            Term = term;
            Target = target;
            CountsAsLookup = countsAsLookup;
            IsVoid = isVoid;
            State = state;
            Detail = detail;
            Networks = networks;
            Hosts = hosts;
            Child = child;
        }

        /// <summary>The parsed term.</summary>
        public SpfTerm Term { get; }
        /// <summary>The term as written.</summary>
        public string Text => Term.Text;
        /// <summary>The mechanism or modifier name, lower case.</summary>
        public string Name => Term.Name;
        /// <summary>The qualifier of a mechanism; null for a modifier.</summary>
        public SpfQualifier? Qualifier => Term.Qualifier;
        /// <summary>1-based character position of the term in its record.</summary>
        public int Position => Term.Position;
        /// <summary>The domain the term queries (the current domain when <c>a</c>, <c>mx</c> or <c>ptr</c> name none); unexpanded when it holds macros; null for terms without one.</summary>
        public string? Target { get; }
        /// <summary>True when the term counts against the limit of 10 DNS-querying terms (RFC 7208 §4.6.4).</summary>
        public bool CountsAsLookup { get; }
        /// <summary>True when the term's lookup returned NXDOMAIN or NODATA, a void lookup (RFC 7208 §4.6.4).</summary>
        public bool IsVoid { get; }
        /// <summary>What the walk made of the term.</summary>
        public SpfTreeTermState State { get; }
        /// <summary>What was found, for a person: addresses, MX hosts, the DNS outcome, or why the term was not expanded.</summary>
        public string Detail { get; }
        /// <summary>The networks the term names or resolves to.</summary>
        public IReadOnlyList<SpfNetwork> Networks { get; }
        /// <summary>For <c>mx</c>: the mail exchangers in preference order; for <c>a</c>: the host; otherwise empty.</summary>
        public IReadOnlyList<string> Hosts { get; }
        /// <summary>For <c>include</c> and <c>redirect</c>: the record reached; null when none was looked up.</summary>
        public SpfTreeNode? Child { get; }

        /// <inheritdoc />
        public override string ToString() => Text + " [" + State + "]";

        internal static readonly IReadOnlyList<SpfNetwork> NoNetworks = Array.Empty<SpfNetwork>();
        internal static readonly IReadOnlyList<string> NoHosts = Array.Empty<string>();
    }
}
