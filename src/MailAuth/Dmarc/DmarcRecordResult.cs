using System;
using System.Collections.Generic;
using MailAuth.Findings;

namespace MailAuth.Dmarc
{
    /// <summary>The DMARC policy record that applies to a domain, as <c>Get-DmarcRecord</c> reports it: where it was found, how, and every tag typed.</summary>
    public sealed class DmarcRecordResult
    {
        private static readonly IReadOnlyList<DmarcReportUri> NoUris = Array.Empty<DmarcReportUri>();

        internal DmarcRecordResult(string domain, DmarcDiscoveryMode mode)
        {
            Domain = domain;
            DiscoveryMode = mode;
        }

        /// <summary>The domain queried, normalised.</summary>
        public string Domain { get; }
        /// <summary>found, none, temperror or permerror.</summary>
        public DmarcRecordStatus Status { get; internal set; }
        /// <summary>Tree walk (RFC 9989, the default) or public suffix list (RFC 7489).</summary>
        public DmarcDiscoveryMode DiscoveryMode { get; }
        /// <summary>The name the applicable record was found at (<c>_dmarc.example.com</c>); null when none applies.</summary>
        public string? RecordName => PolicyDomain is null ? null : "_dmarc." + PolicyDomain;
        /// <summary>The DMARC policy domain: the domain the applicable record was published for (RFC 9989 §3.2.5).</summary>
        public string? PolicyDomain { get; internal set; }
        /// <summary>Whether the record is the domain's own, its organizational domain's, or its public suffix domain's.</summary>
        public DmarcPolicySource PolicySource { get; internal set; }
        /// <summary>The organizational domain of <see cref="Domain"/>; null when a temporary DNS failure left it undetermined.</summary>
        public string? OrganizationalDomain { get; internal set; }
        /// <summary>Which rule chose the organizational domain.</summary>
        public DmarcOrganizationalDomainBasis OrganizationalDomainBasis { get; internal set; }
        /// <summary>Whether <see cref="Domain"/> exists, asked only when the record comes from a parent (np applies to a domain that does not exist); null when not asked or unknown.</summary>
        public bool? DomainExists { get; internal set; }
        /// <summary>Which policy tag applies to <see cref="Domain"/>: p (its own record), sp (an existing subdomain) or np (a subdomain that does not exist).</summary>
        public DmarcPolicyScope? PolicyScope { get; internal set; }
        /// <summary>
        /// The policy the record asks receivers to apply to mail from <see cref="Domain"/> (p, sp or np, with the p=none fallback of
        /// RFC 9989 §4.10.1); null when no record applies or receivers apply no DMARC. Test mode (t=y) and pct are not applied here.
        /// </summary>
        public DmarcPolicy? EffectivePolicy { get; internal set; }

        /// <summary>The applicable record's text, character-strings joined.</summary>
        public string? Record => Parsed?.Text;
        /// <summary>The record's character-strings as published.</summary>
        public IReadOnlyList<string> Strings { get; internal set; } = Array.Empty<string>();
        /// <summary>The DMARC records at the deciding name: one, or several when they were discarded.</summary>
        public IReadOnlyList<string> AllRecords { get; internal set; } = Array.Empty<string>();
        /// <summary>The record's TTL in seconds.</summary>
        public int? Ttl { get; internal set; }
        /// <summary>The parsed record.</summary>
        public DmarcRecord? Parsed { get; internal set; }
        /// <summary>Every tag as written.</summary>
        public IReadOnlyList<DmarcTag> Tags => Parsed?.Tags ?? (IReadOnlyList<DmarcTag>)Array.Empty<DmarcTag>();

        /// <summary><c>p</c>; null when absent or invalid.</summary>
        public DmarcPolicy? Policy => Parsed?.Policy;
        /// <summary><c>sp</c>; null when absent or invalid.</summary>
        public DmarcPolicy? SubdomainPolicy => Parsed?.SubdomainPolicy;
        /// <summary><c>np</c>; null when absent or invalid.</summary>
        public DmarcPolicy? NonExistentSubdomainPolicy => Parsed?.NonExistentSubdomainPolicy;
        /// <summary><c>adkim</c> (relaxed by default); null without a record.</summary>
        public DmarcAlignmentMode? DkimAlignment => Parsed?.DkimAlignment;
        /// <summary><c>aspf</c> (relaxed by default); null without a record.</summary>
        public DmarcAlignmentMode? SpfAlignment => Parsed?.SpfAlignment;
        /// <summary><c>rua</c> URIs, parsed.</summary>
        public IReadOnlyList<DmarcReportUri> AggregateReportUris => Parsed?.AggregateReportUris ?? NoUris;
        /// <summary><c>ruf</c> URIs, parsed.</summary>
        public IReadOnlyList<DmarcReportUri> FailureReportUris => Parsed?.FailureReportUris ?? NoUris;
        /// <summary><c>fo</c> (<c>0</c> by default).</summary>
        public IReadOnlyList<string> FailureReportingOptions => Parsed?.FailureReportingOptions ?? Array.Empty<string>();
        /// <summary><c>t=y</c>; null without a record.</summary>
        public bool? TestMode => Parsed?.TestMode;
        /// <summary><c>psd</c> (u by default); null without a record.</summary>
        public DmarcPsd? Psd => Parsed?.Psd;
        /// <summary>Legacy <c>pct</c> (RFC 7489).</summary>
        public int? Percent => Parsed?.Percent;
        /// <summary>Legacy <c>rf</c> (RFC 7489).</summary>
        public IReadOnlyList<string> ReportFormats => Parsed?.ReportFormats ?? Array.Empty<string>();
        /// <summary>Legacy <c>ri</c> (RFC 7489), seconds.</summary>
        public long? ReportInterval => Parsed?.ReportInterval;

        /// <summary>Every DNS question of discovery and the tree walk, in order.</summary>
        public IReadOnlyList<DmarcDiscoveryStep> Steps { get; internal set; } = Array.Empty<DmarcDiscoveryStep>();
        /// <summary>What is wrong with discovery or the record's syntax (<c>Test-DmarcRecord</c> judges the rest).</summary>
        public IReadOnlyList<Finding> Findings { get; internal set; } = Array.Empty<Finding>();
        /// <summary>The DNS failure reason, for temperror.</summary>
        public string? Error { get; internal set; }
        /// <summary>The server or zone file that answered.</summary>
        public string? Server { get; internal set; }

        /// <inheritdoc />
        public override string ToString() => $"{Domain}: {Status}" + (Record is null ? "" : $" at {RecordName}: {Record}");
    }
}
