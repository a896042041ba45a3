using System;
using System.Collections.Generic;
using MailAuth.Findings;

namespace MailAuth.Reports
{
    /// <summary>A DMARC aggregate report (RFC 9990; RFC 7489 Appendix C and the draft form before it).</summary>
    public sealed class DmarcAggregateReport : DmarcReport
    {
        internal DmarcAggregateReport(string source, string? sourceEntry, IReadOnlyList<Finding> warnings,
            string? version, string? xmlNamespace, string? orgName, string? email, string? extraContactInfo, string? reportId,
            DateTime? begin, DateTime? end, IReadOnlyList<string> errors, string? generator, DmarcPublishedPolicy policy,
            IReadOnlyList<DmarcAggregateRecord> records, IReadOnlyList<DmarcReportExtension> extensions)
            : base(source, sourceEntry, warnings)
        {
            Version = version;
            XmlNamespace = xmlNamespace;
            OrgName = orgName;
            Email = email;
            ExtraContactInfo = extraContactInfo;
            ReportId = reportId;
            Begin = begin;
            End = end;
            Errors = errors;
            Generator = generator;
            Policy = policy;
            Records = records;
            Extensions = extensions;
            long total = 0;
            foreach (var r in records) total += r.Count;
            MessageCount = total;
        }

        /// <summary>The version element as written (2.0 for RFC 9990, 1.0 for RFC 7489), or null when absent.</summary>
        public string? Version { get; }
        /// <summary>The namespace of the feedback element (urn:ietf:params:xml:ns:dmarc-2.0 for RFC 9990), or null.</summary>
        public string? XmlNamespace { get; }
        /// <summary>The reporting organization (org_name).</summary>
        public string? OrgName { get; }
        /// <summary>The reporter's contact address (email).</summary>
        public string? Email { get; }
        /// <summary>More contact details.</summary>
        public string? ExtraContactInfo { get; }
        /// <summary>The report's unique id.</summary>
        public string? ReportId { get; }
        /// <summary>Start of the reporting period, UTC.</summary>
        public DateTime? Begin { get; }
        /// <summary>End of the reporting period, UTC.</summary>
        public DateTime? End { get; }
        /// <summary>Errors the reporter met while evaluating DMARC (error elements).</summary>
        public IReadOnlyList<string> Errors { get; }
        /// <summary>The generating software (RFC 9990).</summary>
        public string? Generator { get; }
        /// <summary>The policy the reporter found published.</summary>
        public DmarcPublishedPolicy Policy { get; }
        /// <summary>The domain whose policy applied (policy_published/domain).</summary>
        public string? Domain => Policy.Domain;
        /// <summary>One row per source IP and result combination; <see cref="DmarcAggregateRecord.Count"/> is how many messages it stands for.</summary>
        public IReadOnlyList<DmarcAggregateRecord> Records { get; }
        /// <summary>How many records the report has.</summary>
        public int RecordCount => Records.Count;
        /// <summary>How many messages the report covers: the sum of every record's count (never the number of rows).</summary>
        public long MessageCount { get; }
        /// <summary>File-level extensions (RFC 9990 §5), kept as written.</summary>
        public IReadOnlyList<DmarcReportExtension> Extensions { get; }

        /// <inheritdoc />
        public override string ToString() => $"{OrgName} {ReportId} {Domain}: {RecordCount} records, {MessageCount} messages";
    }

    /// <summary>The policy_published element: the DMARC record the reporter applied.</summary>
    public sealed class DmarcPublishedPolicy
    {
        internal DmarcPublishedPolicy(string? domain, Dmarc.DmarcPolicy? policy, Dmarc.DmarcPolicy? subdomainPolicy, Dmarc.DmarcPolicy? nonexistentSubdomainPolicy,
            Dmarc.DmarcAlignmentMode? dkimAlignment, Dmarc.DmarcAlignmentMode? spfAlignment, int? percentage, string? failureOptions, bool? testing,
            string? discoveryMethod, string? versionPublished)
        {
            Domain = domain;
            Policy = policy;
            SubdomainPolicy = subdomainPolicy;
            NonexistentSubdomainPolicy = nonexistentSubdomainPolicy;
            DkimAlignment = dkimAlignment;
            SpfAlignment = spfAlignment;
            Percentage = percentage;
            FailureOptions = failureOptions;
            Testing = testing;
            DiscoveryMethod = discoveryMethod;
            VersionPublished = versionPublished;
        }

        /// <summary>The domain at which the record was found.</summary>
        public string? Domain { get; }
        /// <summary>p.</summary>
        public Dmarc.DmarcPolicy? Policy { get; }
        /// <summary>sp.</summary>
        public Dmarc.DmarcPolicy? SubdomainPolicy { get; }
        /// <summary>np (RFC 9990).</summary>
        public Dmarc.DmarcPolicy? NonexistentSubdomainPolicy { get; }
        /// <summary>adkim.</summary>
        public Dmarc.DmarcAlignmentMode? DkimAlignment { get; }
        /// <summary>aspf.</summary>
        public Dmarc.DmarcAlignmentMode? SpfAlignment { get; }
        /// <summary>pct (RFC 7489).</summary>
        public int? Percentage { get; }
        /// <summary>fo.</summary>
        public string? FailureOptions { get; }
        /// <summary>t=y (testing, RFC 9990).</summary>
        public bool? Testing { get; }
        /// <summary>psl or treewalk (RFC 9990).</summary>
        public string? DiscoveryMethod { get; }
        /// <summary>version_published, when a reporter writes it.</summary>
        public string? VersionPublished { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Domain} p={Policy}";
    }

    /// <summary>An extension element (RFC 9990 §5), or an extension of the older extensions/extension form with name and definition.</summary>
    public sealed class DmarcReportExtension
    {
        internal DmarcReportExtension(string name, string? xmlNamespace, string? definition, string xml)
        {
            Name = name;
            XmlNamespace = xmlNamespace;
            Definition = definition;
            Xml = xml;
        }

        /// <summary>The extension's name: its name attribute, else the element's local name.</summary>
        public string Name { get; }
        /// <summary>The element's namespace, or null.</summary>
        public string? XmlNamespace { get; }
        /// <summary>The URI of the extension's definition, when given.</summary>
        public string? Definition { get; }
        /// <summary>The element as written (at most 64 KiB).</summary>
        public string Xml { get; }

        /// <inheritdoc />
        public override string ToString() => Name;
    }
}
