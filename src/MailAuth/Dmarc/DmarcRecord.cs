using System;
using System.Collections.Generic;
using System.Linq;
using MailAuth.Findings;

namespace MailAuth.Dmarc
{
    /// <summary>
    /// A parsed DMARC policy record (RFC 9989 §4.7, §4.8). Typed properties hold the first valid occurrence
    /// of each tag; tags with a default (adkim, aspf, fo, t, psd) show the default when absent or invalid,
    /// the others are null. <see cref="Tags"/> shows what was written.
    /// </summary>
    public sealed class DmarcRecord
    {
        private static readonly IReadOnlyList<DmarcReportUri> NoUris = Array.Empty<DmarcReportUri>();

        internal DmarcRecord(string text, bool isDmarcRecord, IReadOnlyList<DmarcTag> tags, IReadOnlyList<Finding> errors)
        {
            Text = text;
            IsDmarcRecord = isDmarcRecord;
            Tags = tags;
            Errors = errors;
        }

        /// <summary>The record text (character-strings joined without separators, RFC 9989 §4.5).</summary>
        public string Text { get; }
        /// <summary>True when the text starts with the version tag <c>v=DMARC1</c>; receivers discard any other TXT record.</summary>
        public bool IsDmarcRecord { get; }
        /// <summary>Every tag in the order written, including unknown, removed, invalid and duplicate ones.</summary>
        public IReadOnlyList<DmarcTag> Tags { get; }
        /// <summary>Syntax findings: <c>Dmarc.SyntaxError</c>, <c>Dmarc.DuplicateTag</c>, <c>Dmarc.InvalidReportUri</c>.</summary>
        public IReadOnlyList<Finding> Errors { get; }

        /// <summary><c>p</c>: the policy for the domain; null when absent or invalid.</summary>
        public DmarcPolicy? Policy { get; internal set; }
        /// <summary><c>sp</c>: the policy for existing subdomains; null when absent or invalid.</summary>
        public DmarcPolicy? SubdomainPolicy { get; internal set; }
        /// <summary><c>np</c>: the policy for subdomains that do not exist; null when absent or invalid.</summary>
        public DmarcPolicy? NonExistentSubdomainPolicy { get; internal set; }
        /// <summary><c>adkim</c>: DKIM alignment mode; relaxed by default.</summary>
        public DmarcAlignmentMode DkimAlignment { get; internal set; }
        /// <summary><c>aspf</c>: SPF alignment mode; relaxed by default.</summary>
        public DmarcAlignmentMode SpfAlignment { get; internal set; }
        /// <summary><c>rua</c>: aggregate report destinations, valid or not, in the order written.</summary>
        public IReadOnlyList<DmarcReportUri> AggregateReportUris { get; internal set; } = NoUris;
        /// <summary><c>ruf</c>: failure report destinations, valid or not, in the order written.</summary>
        public IReadOnlyList<DmarcReportUri> FailureReportUris { get; internal set; } = NoUris;
        /// <summary><c>fo</c>: failure reporting options (<c>0</c>, <c>1</c>, <c>d</c>, <c>s</c>); <c>0</c> by default.</summary>
        public IReadOnlyList<string> FailureReportingOptions { get; internal set; } = new[] { "0" };
        /// <summary><c>t</c>: true for <c>t=y</c>, test mode; false by default.</summary>
        public bool TestMode { get; internal set; }
        /// <summary><c>psd</c>: <c>u</c> by default.</summary>
        public DmarcPsd Psd { get; internal set; }
        /// <summary><c>pct</c> (RFC 7489, removed by RFC 9989): the percentage of failing mail the policy applies to; null when absent or invalid.</summary>
        public int? Percent { get; internal set; }
        /// <summary><c>rf</c> (RFC 7489, removed by RFC 9989): failure report formats; empty when absent.</summary>
        public IReadOnlyList<string> ReportFormats { get; internal set; } = Array.Empty<string>();
        /// <summary><c>ri</c> (RFC 7489, removed by RFC 9989): the requested aggregate report interval in seconds; null when absent or invalid.</summary>
        public long? ReportInterval { get; internal set; }

        /// <summary>True when <c>p</c> is present with a valid value.</summary>
        public bool HasValidPolicy => Policy.HasValue;

        /// <summary>True when <c>rua</c> has at least one syntactically valid URI (RFC 9989 §4.10.1 falls back to p=none then).</summary>
        public bool HasValidAggregateReportUri => AggregateReportUris.Any(u => u.IsValid);

        /// <summary>The first occurrence of tag <paramref name="name"/> (case-sensitive); null when absent.</summary>
        public DmarcTag? GetTag(string name) => Tags.FirstOrDefault(t => t.Name == name && !t.IsDuplicate);

        /// <summary>
        /// The policy receivers apply under this record to a domain in <paramref name="scope"/>, or null when they apply no DMARC.
        /// Without a valid <c>p</c>, or with an invalid <c>sp</c> or <c>np</c>, that is <c>none</c> when <c>rua</c> has a valid URI
        /// and null otherwise (RFC 9989 §4.10.1, RFC 7489 §6.6.3 step 6).
        /// </summary>
        /// <param name="scope">The domain itself (p), an existing subdomain (sp), or a subdomain that does not exist (np).</param>
        /// <param name="mode">Under <see cref="DmarcDiscoveryMode.PublicSuffixList"/> (RFC 7489), <c>np</c> is not a tag and is ignored, invalid or not.</param>
        /// <returns>The policy, or null for "no DMARC processing".</returns>
        public DmarcPolicy? GetPolicy(DmarcPolicyScope scope, DmarcDiscoveryMode mode = DmarcDiscoveryMode.TreeWalk)
        {
            if (!IsDmarcRecord) return null;
            bool useNp = mode == DmarcDiscoveryMode.TreeWalk;
            bool invalid = !Policy.HasValue || IsPresentButInvalid("sp") || (useNp && IsPresentButInvalid("np"));
            if (invalid) return HasValidAggregateReportUri ? DmarcPolicy.none : (DmarcPolicy?)null;
            switch (scope)
            {
                case DmarcPolicyScope.Subdomain:
                    return SubdomainPolicy ?? Policy;
                case DmarcPolicyScope.NonExistentSubdomain:
                    return (useNp ? NonExistentSubdomainPolicy : null) ?? SubdomainPolicy ?? Policy;
                default:
                    return Policy;
            }
        }

        internal bool IsPresentButInvalid(string name)
        {
            var tag = GetTag(name);
            return tag != null && !tag.IsValid;
        }

        /// <inheritdoc />
        public override string ToString() => Text;
    }
}
