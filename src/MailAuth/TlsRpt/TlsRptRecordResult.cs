using System;
using System.Collections.Generic;
using System.Linq;
using MailAuth.Findings;

namespace MailAuth.TlsRpt
{
    /// <summary>The TLS-RPT policy of a domain (RFC 8460 §3), as <c>Get-TlsRptRecord</c> reports it.</summary>
    public sealed class TlsRptRecordResult
    {
        internal TlsRptRecordResult(string domain) { Domain = domain; }

        /// <summary>The domain, normalised.</summary>
        public string Domain { get; }
        /// <summary>Where the record is looked up: <c>_smtp._tls.&lt;domain&gt;</c>.</summary>
        public string RecordName => "_smtp._tls." + Domain;
        /// <summary>found, none, temperror or permerror.</summary>
        public TlsRptRecordStatus Status { get; internal set; }
        /// <summary>The record text, strings joined without spaces.</summary>
        public string? Record { get; internal set; }
        /// <summary>The record's character-strings as published.</summary>
        public IReadOnlyList<string> Strings { get; internal set; } = Array.Empty<string>();
        /// <summary>Every v=TLSRPTv1 record at the name (several make the domain's TLS-RPT void).</summary>
        public IReadOnlyList<string> AllRecords { get; internal set; } = Array.Empty<string>();
        /// <summary>The TTL in seconds.</summary>
        public int? Ttl { get; internal set; }
        /// <summary>The version, TLSRPTv1.</summary>
        public string? Version { get; internal set; }
        /// <summary>The rua destinations, parsed.</summary>
        public IReadOnlyList<TlsRptReportUri> ReportUris { get; internal set; } = Array.Empty<TlsRptReportUri>();
        /// <summary>Extension fields (ignored by reporters), name=value.</summary>
        public IReadOnlyList<string> Extensions { get; internal set; } = Array.Empty<string>();
        /// <summary>The DNS failure, for temperror.</summary>
        public string? Error { get; internal set; }
        /// <summary>What is wrong, with RFC references.</summary>
        public IReadOnlyList<Finding> Findings { get; internal set; } = Array.Empty<Finding>();
        /// <summary>The most severe finding; null when there are none.</summary>
        public FindingSeverity? HighestSeverity => Findings.Count == 0 ? (FindingSeverity?)null : Findings.Max(f => f.Severity);
    }
}
