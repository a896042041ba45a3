using System;
using System.Collections.Generic;
using System.Linq;
using MailAuth.Dmarc;
using MailAuth.Findings;
using MailAuth.Net;

namespace MailAuth.Bimi
{
#pragma warning disable IDE1006
    /// <summary>What the BIMI lookup found. Lower case on purpose, like the other result vocabularies.</summary>
    public enum BimiRecordStatus
    {
        /// <summary>One v=BIMI1 record (it may still have findings).</summary>
        found,
        /// <summary>No v=BIMI1 record at the domain or its organizational domain.</summary>
        none,
        /// <summary>A DNS query failed temporarily; never read as "no record".</summary>
        temperror,
        /// <summary>Several records, or a record with a syntax error.</summary>
        permerror,
    }
#pragma warning restore IDE1006

    /// <summary>A BIMI assertion record (draft-10 §4.3), its DMARC prerequisites and, with -Fetch, the logo and evidence document.</summary>
    public sealed class BimiRecordResult
    {
        internal BimiRecordResult(string domain, string selector) { Domain = domain; Selector = selector; }

        /// <summary>The author domain, normalised.</summary>
        public string Domain { get; }
        /// <summary>The selector (default: default).</summary>
        public string Selector { get; }
        /// <summary>Where the record was found (or first looked for).</summary>
        public string RecordName { get; internal set; } = "";
        /// <summary>found, none, temperror or permerror.</summary>
        public BimiRecordStatus Status { get; internal set; }
        /// <summary>Whether the record came from the organizational domain (draft-10 §7.2 fallback).</summary>
        public bool FromOrganizationalDomain { get; internal set; }
        /// <summary>The record text.</summary>
        public string? Record { get; internal set; }
        /// <summary>l=: the logo location; empty for a declination.</summary>
        public string? Location { get; internal set; }
        /// <summary>a=: the evidence document location; empty when none.</summary>
        public string? Evidence { get; internal set; }
        /// <summary>lps= (local-part selectors).</summary>
        public string? LocalPartSelector { get; internal set; }
        /// <summary>avp= (avatar preference).</summary>
        public string? AvatarPreference { get; internal set; }
        /// <summary>Both l= and a= empty: declination to publish (§4.3.1).</summary>
        public bool Declined { get; internal set; }
        /// <summary>Whether DMARC allows BIMI: at enforcement for the domain and its organizational domain (§7.1).</summary>
        public bool? DmarcEligible { get; internal set; }
        /// <summary>The DMARC policy record that applies to the domain.</summary>
        public DmarcRecordResult? Dmarc { get; internal set; }
        /// <summary>The organizational domain's DMARC record, when it differs from the domain's.</summary>
        public DmarcRecordResult? OrganizationalDmarc { get; internal set; }
        /// <summary>With -Fetch: the logo fetch.</summary>
        public HttpsFetchResult? LogoFetch { get; internal set; }
        /// <summary>With -Fetch: the logo's size in bytes.</summary>
        public int? LogoSize { get; internal set; }
        /// <summary>With -Fetch: the logo's title.</summary>
        public string? LogoTitle { get; internal set; }
        /// <summary>With -Fetch: the root's baseProfile.</summary>
        public string? LogoBaseProfile { get; internal set; }
        /// <summary>With -Fetch: the evidence document fetch.</summary>
        public HttpsFetchResult? EvidenceFetch { get; internal set; }
        /// <summary>With -Fetch: the mark certificate (the first certificate of the PEM), not validated.</summary>
        public CertificateInfo? EvidenceCertificate { get; internal set; }
        /// <summary>With -Fetch: whether the mark certificate has the logotype extension.</summary>
        public bool? HasLogotype { get; internal set; }
        /// <summary>With -Fetch: whether the mark certificate has the BIMI extended key usage (1.3.6.1.5.5.7.3.31).</summary>
        public bool? HasBimiKeyUsage { get; internal set; }
        /// <summary>The DNS failure, for temperror.</summary>
        public string? Error { get; internal set; }
        /// <summary>What is wrong.</summary>
        public IReadOnlyList<Finding> Findings { get; internal set; } = Array.Empty<Finding>();
        /// <summary>The most severe finding; null when there are none.</summary>
        public FindingSeverity? HighestSeverity => Findings.Count == 0 ? (FindingSeverity?)null : Findings.Max(f => f.Severity);
    }
}
