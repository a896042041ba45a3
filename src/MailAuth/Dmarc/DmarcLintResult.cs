using System.Collections.Generic;
using System.Linq;
using MailAuth.Findings;

namespace MailAuth.Dmarc
{
    /// <summary>What <c>Test-DmarcRecord</c> reports for one domain or record: discovery, the report destinations checked, and every finding.</summary>
    public sealed class DmarcLintResult
    {
        internal DmarcLintResult(DmarcRecordResult discovery, bool fromRecordText, IReadOnlyList<DmarcReportDestination> destinations, IReadOnlyList<Finding> findings)
        {
            Discovery = discovery;
            FromRecordText = fromRecordText;
            ReportDestinations = destinations;
            Findings = findings;
            HighestSeverity = findings.Count == 0 ? (FindingSeverity?)null : findings.Max(f => f.Severity);
        }

        /// <summary>The domain checked (for a record checked by text: the domain it would be published at).</summary>
        public string Domain => Discovery.Domain;
        /// <summary>found, none, temperror or permerror, as <c>Get-DmarcRecord</c> reports it.</summary>
        public DmarcRecordStatus Status => Discovery.Status;
        /// <summary>Tree walk (RFC 9989) or public suffix list (RFC 7489).</summary>
        public DmarcDiscoveryMode DiscoveryMode => Discovery.DiscoveryMode;
        /// <summary>The applicable record's text.</summary>
        public string? Record => Discovery.Record;
        /// <summary>The name the applicable record was found at.</summary>
        public string? RecordName => Discovery.RecordName;
        /// <summary>The domain's own record, its organizational domain's, or its PSD's.</summary>
        public DmarcPolicySource PolicySource => Discovery.PolicySource;
        /// <summary>The organizational domain of <see cref="Domain"/>.</summary>
        public string? OrganizationalDomain => Discovery.OrganizationalDomain;
        /// <summary>The policy that applies to mail from <see cref="Domain"/> (before t=y and pct).</summary>
        public DmarcPolicy? EffectivePolicy => Discovery.EffectivePolicy;
        /// <summary>Every rua and ruf URI with its external-destination check.</summary>
        public IReadOnlyList<DmarcReportDestination> ReportDestinations { get; }
        /// <summary>The most severe finding's severity; null when there are no findings.</summary>
        public FindingSeverity? HighestSeverity { get; }
        /// <summary>Every finding.</summary>
        public IReadOnlyList<Finding> Findings { get; }
        /// <summary>True when a record given as text was checked instead of a published one.</summary>
        public bool FromRecordText { get; }
        /// <summary>The discovery result, with every tag typed and the tree walk's steps.</summary>
        public DmarcRecordResult Discovery { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Domain}: {Status}, {Findings.Count} findings";
    }
}
