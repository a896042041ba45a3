using System.Collections.Generic;
using System.Linq;
using MailAuth.Findings;

namespace MailAuth.Spf
{
    /// <summary>An SPF record's text, parsed into terms, with any syntax errors as findings.</summary>
    public sealed class SpfRecord
    {
        internal SpfRecord(string text, IReadOnlyList<SpfTerm> terms, IReadOnlyList<Finding> errors)
        {
            Text = text;
            Terms = terms;
            Errors = errors;
        }

        /// <summary>The record text.</summary>
        public string Text { get; }
        /// <summary>The terms after the version, in order.</summary>
        public IReadOnlyList<SpfTerm> Terms { get; }
        /// <summary>Syntax errors; any one makes the record a permerror (RFC 7208 §4.6).</summary>
        public IReadOnlyList<Finding> Errors { get; }
        /// <summary>True when the record has no syntax error.</summary>
        public bool IsValid => Errors.Count == 0;
        /// <summary>The mechanisms, in order.</summary>
        public IEnumerable<SpfTerm> Mechanisms => Terms.Where(t => t.Kind == SpfTermKind.Mechanism);
        /// <summary>The <c>redirect=</c> modifier, if any.</summary>
        public SpfTerm? Redirect => Terms.FirstOrDefault(t => t.Kind == SpfTermKind.Modifier && t.Name == "redirect");
        /// <summary>The <c>exp=</c> modifier, if any.</summary>
        public SpfTerm? Explanation => Terms.FirstOrDefault(t => t.Kind == SpfTermKind.Modifier && t.Name == "exp");

        /// <inheritdoc />
        public override string ToString() => Text;
    }
}
