using System;
using System.Collections.Generic;
using System.Linq;
using MailAuth.Findings;
using MailAuth.Net;

namespace MailAuth.MtaSts
{
    /// <summary>A domain's MTA-STS record and policy, as <c>Get-MtaStsPolicy</c> reports them (RFC 8461 §3).</summary>
    public sealed class MtaStsPolicyResult
    {
        internal MtaStsPolicyResult(string domain) { Domain = domain; }

        /// <summary>The policy domain, normalised.</summary>
        public string Domain { get; }
        /// <summary><c>_mta-sts.&lt;domain&gt;</c>.</summary>
        public string RecordName => "_mta-sts." + Domain;
        /// <summary>found, none, temperror or permerror.</summary>
        public MtaStsRecordStatus Status { get; internal set; }
        /// <summary>The TXT record text.</summary>
        public string? Record { get; internal set; }
        /// <summary>Every v=STSv1 record at the name.</summary>
        public IReadOnlyList<string> AllRecords { get; internal set; } = Array.Empty<string>();
        /// <summary>The id of the record.</summary>
        public string? Id { get; internal set; }
        /// <summary>The policy URL.</summary>
        public string PolicyUrl => "https://mta-sts." + Domain + "/.well-known/mta-sts.txt";
        /// <summary>valid, invalid, unavailable, skipped or notrequested.</summary>
        public MtaStsPolicyStatus PolicyStatus { get; internal set; } = MtaStsPolicyStatus.notrequested;
        /// <summary>The policy text as served (UTF-8).</summary>
        public string? PolicyText { get; internal set; }
        /// <summary>version: STSv1.</summary>
        public string? Version { get; internal set; }
        /// <summary>mode; null when absent or invalid.</summary>
        public MtaStsMode? Mode { get; internal set; }
        /// <summary>The mx patterns, in order.</summary>
        public IReadOnlyList<string> Mx { get; internal set; } = Array.Empty<string>();
        /// <summary>max_age in seconds.</summary>
        public long? MaxAge { get; internal set; }
        /// <summary>The certificate of mta-sts.&lt;domain&gt; with the platform's verdict.</summary>
        public CertificateInfo? Certificate => Fetch?.Certificate;
        /// <summary>Details of the HTTPS fetch; null when none was made.</summary>
        public HttpsFetchResult? Fetch { get; internal set; }
        /// <summary>How the fetch ended; null when none was made.</summary>
        public HttpsFetchStatus? FetchStatus => Fetch?.Status;
        /// <summary>What is wrong, with RFC references.</summary>
        public IReadOnlyList<Finding> Findings { get; internal set; } = Array.Empty<Finding>();
        /// <summary>The most severe finding; null when there are none.</summary>
        public FindingSeverity? HighestSeverity => Findings.Count == 0 ? (FindingSeverity?)null : Findings.Max(f => f.Severity);
    }

    /// <summary>One MX host and whether the policy's mx patterns cover it (RFC 8461 §4.1).</summary>
    public sealed class MtaStsMxHost
    {
        internal MtaStsMxHost(string host, int preference, string? pattern) { Host = host; Preference = preference; MatchedPattern = pattern; }

        /// <summary>The MX host name.</summary>
        public string Host { get; }
        /// <summary>The MX preference.</summary>
        public int Preference { get; }
        /// <summary>The first pattern that matches; null when none does.</summary>
        public string? MatchedPattern { get; }
        /// <summary>Whether a pattern matches.</summary>
        public bool Covered => MatchedPattern != null;

        /// <inheritdoc />
        public override string ToString() => Host + (Covered ? " (" + MatchedPattern + ")" : " (not covered)");
    }
}
