using System.Collections.Generic;
using System.Linq;
using MailAuth.Findings;

namespace MailAuth.Spf
{
    /// <summary>What <c>Test-SpfRecord</c> reports for one domain or record: the tree's counts and every finding.</summary>
    public sealed class SpfLintResult
    {
        internal SpfLintResult(SpfTree tree, IReadOnlyList<Finding> findings)
        {
            Tree = tree;
            Findings = findings;
            HighestSeverity = findings.Count == 0 ? (FindingSeverity?)null : findings.Max(f => f.Severity);
        }

        /// <summary>The domain checked (for a record checked by text: the domain it would be published at).</summary>
        public string Domain => Tree.Domain;
        /// <summary>The root record's status: found, none, temperror or permerror (problems further down the tree are findings).</summary>
        public SpfRecordStatus Status => Tree.Status;
        /// <summary>The root record's text.</summary>
        public string? Record => Tree.Record;
        /// <summary>DNS-querying terms through the whole tree, as if every term were evaluated; receivers allow 10 (RFC 7208 §4.6.4).</summary>
        public int DnsLookupCount => Tree.LookupCount;
        /// <summary>Void lookups (NXDOMAIN or NODATA) through the whole tree; receivers allow 2 (RFC 7208 §4.6.4).</summary>
        public int VoidLookupCount => Tree.VoidLookupCount;
        /// <summary>True when some branch uses macros, so part of the tree depends on the sender and was not expanded.</summary>
        public bool DependsOnSender => Tree.DependsOnSender;
        /// <summary>The most severe finding's severity; null when there are no findings.</summary>
        public FindingSeverity? HighestSeverity { get; }
        /// <summary>Every finding, root record first, then the tree in evaluation order.</summary>
        public IReadOnlyList<Finding> Findings { get; }
        /// <summary>The expanded tree, with lookup counts per branch (<c>Tree.Root.Children</c>).</summary>
        public SpfTree Tree { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Domain}: {Status}, {DnsLookupCount} lookups, {Findings.Count} findings";
    }
}
