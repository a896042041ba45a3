using System;
using System.Collections.Generic;

namespace MailAuth.Reports
{
    /// <summary>
    /// One record of an aggregate report: messages from one source IP with one set of results.
    /// <see cref="Count"/> is how many messages the row stands for.
    /// </summary>
    public sealed class DmarcAggregateRecord
    {
        // Kept small: a large report holds hundreds of thousands of these (strings and result lists are shared).
        private readonly byte _flags;

        internal DmarcAggregateRecord(string? sourceIP, long count, DmarcReportDisposition? disposition, DmarcReportAlignment? dkim, DmarcReportAlignment? spf,
            string? headerFrom, string? envelopeFrom, string? envelopeTo,
            IReadOnlyList<DmarcReportDkimResult> dkimResults, IReadOnlyList<DmarcReportSpfResult> spfResults,
            IReadOnlyList<DmarcPolicyOverrideReason> reasons, IReadOnlyList<DmarcReportExtension> extensions)
        {
            SourceIP = sourceIP;
            Count = count;
            _flags = (byte)((disposition.HasValue ? 1 + (int)disposition.Value : 0) | (dkim.HasValue ? (1 + (int)dkim.Value) << 3 : 0) | (spf.HasValue ? (1 + (int)spf.Value) << 5 : 0));
            HeaderFrom = headerFrom;
            EnvelopeFrom = envelopeFrom;
            EnvelopeTo = envelopeTo;
            DkimResults = dkimResults;
            SpfResults = spfResults;
            Reasons = reasons;
            Extensions = extensions;
        }

        /// <summary>The connecting IP address.</summary>
        public string? SourceIP { get; }
        /// <summary>How many messages this record stands for.</summary>
        public long Count { get; }
        /// <summary>What the receiver did with them.</summary>
        public DmarcReportDisposition? Disposition => (_flags & 7) == 0 ? null : (DmarcReportDisposition?)((_flags & 7) - 1);
        /// <summary>DKIM as DMARC saw it: pass means a DKIM signature passed and aligned with the From domain.</summary>
        public DmarcReportAlignment? DkimAligned => ((_flags >> 3) & 3) == 0 ? null : (DmarcReportAlignment?)(((_flags >> 3) & 3) - 1);
        /// <summary>SPF as DMARC saw it: pass means SPF passed for a domain aligned with the From domain.</summary>
        public DmarcReportAlignment? SpfAligned => ((_flags >> 5) & 3) == 0 ? null : (DmarcReportAlignment?)(((_flags >> 5) & 3) - 1);
        /// <summary>Whether the messages passed DMARC: either identifier passed aligned.</summary>
        public bool DmarcPass => DkimAligned == DmarcReportAlignment.pass || SpfAligned == DmarcReportAlignment.pass;
        /// <summary>The From header domain.</summary>
        public string? HeaderFrom { get; }
        /// <summary>The MAIL FROM domain, when reported.</summary>
        public string? EnvelopeFrom { get; }
        /// <summary>The recipient domain, when reported.</summary>
        public string? EnvelopeTo { get; }
        /// <summary>Every DKIM signature's result, uninterpreted by DMARC.</summary>
        public IReadOnlyList<DmarcReportDkimResult> DkimResults { get; }
        /// <summary>The SPF results, uninterpreted by DMARC.</summary>
        public IReadOnlyList<DmarcReportSpfResult> SpfResults { get; }
        /// <summary>Why the disposition differs from the policy, when it does.</summary>
        public IReadOnlyList<DmarcPolicyOverrideReason> Reasons { get; }
        /// <summary>Record-level extensions (RFC 9990 §5).</summary>
        public IReadOnlyList<DmarcReportExtension> Extensions { get; }

        /// <inheritdoc />
        public override string ToString() => $"{SourceIP} x{Count} {HeaderFrom} dkim={DkimAligned} spf={SpfAligned} {Disposition}";
    }

    /// <summary>One DKIM signature's result in a record's auth_results.</summary>
    public sealed class DmarcReportDkimResult
    {
        internal DmarcReportDkimResult(string? domain, string? selector, DmarcReportAuthResult? result, string? humanResult)
        {
            Domain = domain;
            Selector = selector;
            Result = result;
            HumanResult = humanResult;
        }

        /// <summary>The d= domain.</summary>
        public string? Domain { get; }
        /// <summary>The s= selector.</summary>
        public string? Selector { get; }
        /// <summary>The verification result.</summary>
        public DmarcReportAuthResult? Result { get; }
        /// <summary>Free text from the reporter.</summary>
        public string? HumanResult { get; }

        /// <inheritdoc />
        public override string ToString() => $"dkim={Result} d={Domain} s={Selector}";
    }

    /// <summary>One SPF result in a record's auth_results.</summary>
    public sealed class DmarcReportSpfResult
    {
        internal DmarcReportSpfResult(string? domain, DmarcSpfScope? scope, DmarcReportAuthResult? result, string? humanResult)
        {
            Domain = domain;
            Scope = scope;
            Result = result;
            HumanResult = humanResult;
        }

        /// <summary>The domain checked.</summary>
        public string? Domain { get; }
        /// <summary>mfrom or helo; null when not reported.</summary>
        public DmarcSpfScope? Scope { get; }
        /// <summary>The SPF result.</summary>
        public DmarcReportAuthResult? Result { get; }
        /// <summary>Free text from the reporter.</summary>
        public string? HumanResult { get; }

        /// <inheritdoc />
        public override string ToString() => $"spf={Result} {Scope}={Domain}";
    }

    /// <summary>A policy override reason: why the disposition differs from the published policy.</summary>
    public sealed class DmarcPolicyOverrideReason
    {
        internal DmarcPolicyOverrideReason(DmarcPolicyOverride? type, string? comment)
        {
            Type = type;
            Comment = comment;
        }

        /// <summary>The reason; null when the reporter wrote a word the formats do not define.</summary>
        public DmarcPolicyOverride? Type { get; }
        /// <summary>The reporter's comment.</summary>
        public string? Comment { get; }

        /// <inheritdoc />
        public override string ToString() => Comment is null ? $"{Type}" : $"{Type}: {Comment}";
    }
}
