using System.Collections.Generic;
using System.Linq;

namespace MailAuth.Spf
{
    /// <summary>One record in an SPF tree: the root record, or one reached through <c>include</c> or <c>redirect</c>.</summary>
    public sealed class SpfTreeNode
    {
        internal SpfTreeNode(string domain, SpfTreeNodeKind kind, SpfTerm? viaTerm, int depth, SpfRecordResult lookup,
            IReadOnlyList<SpfTreeTerm> terms, bool leadCounts, bool leadVoid, bool onPassPath, bool onPolicyPath)
        {
            Domain = domain;
            Kind = kind;
            ViaTerm = viaTerm;
            Depth = depth;
            Lookup = lookup;
            Terms = terms;
            Children = terms.Where(t => t.Child != null).Select(t => t.Child!).ToList();
            Networks = terms.SelectMany(t => t.Networks).ToList();
            int inner = terms.Count(t => t.CountsAsLookup) + Children.Sum(c => c.InnerLookupCount);
            int innerVoid = terms.Count(t => t.IsVoid) + Children.Sum(c => c.InnerVoidCount);
            InnerLookupCount = inner;
            InnerVoidCount = innerVoid;
            LookupCount = inner + (leadCounts ? 1 : 0);
            VoidLookupCount = innerVoid + (leadVoid ? 1 : 0);
            DependsOnSender = terms.Any(t => t.State == SpfTreeTermState.DependsOnSender) || Children.Any(c => c.DependsOnSender);
            OnPassPath = onPassPath;
            OnPolicyPath = onPolicyPath;
        }

        /// <summary>The domain whose record this is.</summary>
        public string Domain { get; }
        /// <summary>Root, Include or Redirect.</summary>
        public SpfTreeNodeKind Kind { get; }
        /// <summary>The term of the parent record that leads here, as written; null for the root.</summary>
        public string? Term => ViaTerm?.Text;
        /// <summary>0 for the root, 1 for a record it includes or redirects to, and so on.</summary>
        public int Depth { get; }
        /// <summary>found, none, temperror or permerror, as for <see cref="SpfRecordLookup"/>.</summary>
        public SpfRecordStatus Status => Lookup.Status;
        /// <summary>The record text; null when there is no single record.</summary>
        public string? Record => Lookup.Record;
        /// <summary>The record's terms with what their lookups found.</summary>
        public IReadOnlyList<SpfTreeTerm> Terms { get; }
        /// <summary>The records reached through this record's <c>include</c> and <c>redirect</c> terms, in term order.</summary>
        public IReadOnlyList<SpfTreeNode> Children { get; }
        /// <summary>
        /// DNS-querying terms of this branch (RFC 7208 §4.6.4), counted as if every term were evaluated: this record's
        /// and its descendants', plus the <c>include</c> or <c>redirect</c> that leads here. For the root, the whole tree.
        /// </summary>
        public int LookupCount { get; }
        /// <summary>Void lookups of this branch (NXDOMAIN or NODATA), counted like <see cref="LookupCount"/>.</summary>
        public int VoidLookupCount { get; }
        /// <summary>The networks this record's own terms name or resolve to, with their qualifiers (descendants' are on the children).</summary>
        public IReadOnlyList<SpfNetwork> Networks { get; }
        /// <summary>True when a term of this branch holds macros, so part of the branch depends on the sender and was not expanded.</summary>
        public bool DependsOnSender { get; }
        /// <summary>The record lookup: strings, TTL, every SPF record found, and the lookup's own findings.</summary>
        public SpfRecordResult Lookup { get; }

        internal SpfTerm? ViaTerm { get; }
        internal int InnerLookupCount { get; }
        internal int InnerVoidCount { get; }
        // Every include on the path from the root has the pass qualifier: this record's pass terms authorise.
        internal bool OnPassPath { get; }
        // The root or reached from it by redirects only: this record's default decides the final result.
        internal bool OnPolicyPath { get; }

        /// <summary>This node and its descendants, depth first, in term order.</summary>
        public IEnumerable<SpfTreeNode> DescendantsAndSelf()
        {
            var stack = new Stack<SpfTreeNode>();
            stack.Push(this);
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                yield return node;
                for (int i = node.Children.Count - 1; i >= 0; i--) stack.Push(node.Children[i]);
            }
        }

        /// <inheritdoc />
        public override string ToString() => new string(' ', Depth * 2) + Domain + ": " + (Record ?? Status.ToString());
    }
}
