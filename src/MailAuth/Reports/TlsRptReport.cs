using System;
using System.Collections.Generic;
using MailAuth.Findings;

namespace MailAuth.Reports
{
    /// <summary>An SMTP TLS report (RFC 8460 §4): sessions that a sending organization made to a domain's MX hosts, per policy.</summary>
    public sealed class TlsRptReport
    {
        internal TlsRptReport(string source, string? sourceEntry, IReadOnlyList<Finding> warnings, string? organizationName, DateTime? begin, DateTime? end,
            string? contactInfo, string? reportId, IReadOnlyList<TlsRptPolicyResult> policies)
        {
            Source = source;
            SourceEntry = sourceEntry;
            Warnings = warnings;
            OrganizationName = organizationName;
            Begin = begin;
            End = end;
            ContactInfo = contactInfo;
            ReportId = reportId;
            Policies = policies;
            long ok = 0, failed = 0;
            foreach (var p in policies) { ok += p.SuccessfulSessionCount; failed += p.FailedSessionCount; }
            SuccessfulSessionCount = ok;
            FailedSessionCount = failed;
        }

        /// <summary>The file the report was read from.</summary>
        public string Source { get; }
        /// <summary>Where inside the file (attachment, archive entry), or null.</summary>
        public string? SourceEntry { get; }
        /// <summary>What was tolerated while reading.</summary>
        public IReadOnlyList<Finding> Warnings { get; }
        /// <summary>organization-name.</summary>
        public string? OrganizationName { get; }
        /// <summary>date-range start-datetime, UTC.</summary>
        public DateTime? Begin { get; }
        /// <summary>date-range end-datetime, UTC.</summary>
        public DateTime? End { get; }
        /// <summary>contact-info.</summary>
        public string? ContactInfo { get; }
        /// <summary>report-id.</summary>
        public string? ReportId { get; }
        /// <summary>The policy domains of the report (policy-domain of each policy).</summary>
        public IReadOnlyList<string> PolicyDomains
        {
            get
            {
                var list = new List<string>();
                foreach (var p in Policies) if (p.PolicyDomain != null && !list.Contains(p.PolicyDomain)) list.Add(p.PolicyDomain);
                return list;
            }
        }
        /// <summary>One entry per policy evaluated.</summary>
        public IReadOnlyList<TlsRptPolicyResult> Policies { get; }
        /// <summary>total-successful-session-count summed over the policies.</summary>
        public long SuccessfulSessionCount { get; }
        /// <summary>total-failure-session-count summed over the policies.</summary>
        public long FailedSessionCount { get; }

        /// <inheritdoc />
        public override string ToString() => $"{OrganizationName} {ReportId}: {SuccessfulSessionCount} successful, {FailedSessionCount} failed sessions";
    }

    /// <summary>One policy of a TLS report with its session counts and failure details (RFC 8460 §4.3, §4.4).</summary>
    public sealed class TlsRptPolicyResult
    {
        internal TlsRptPolicyResult(string? policyType, IReadOnlyList<string> policyString, string? policyDomain, IReadOnlyList<string> mxHost,
            long successful, long failed, IReadOnlyList<TlsRptFailureDetail> failureDetails)
        {
            PolicyType = policyType;
            PolicyString = policyString;
            PolicyDomain = policyDomain;
            MxHost = mxHost;
            SuccessfulSessionCount = successful;
            FailedSessionCount = failed;
            FailureDetails = failureDetails;
        }

        /// <summary>policy-type: sts, tlsa or no-policy-found.</summary>
        public string? PolicyType { get; }
        /// <summary>policy-string: the policy as fetched (MTA-STS lines or TLSA records).</summary>
        public IReadOnlyList<string> PolicyString { get; }
        /// <summary>policy-domain.</summary>
        public string? PolicyDomain { get; }
        /// <summary>mx-host patterns of the policy.</summary>
        public IReadOnlyList<string> MxHost { get; }
        /// <summary>total-successful-session-count.</summary>
        public long SuccessfulSessionCount { get; }
        /// <summary>total-failure-session-count.</summary>
        public long FailedSessionCount { get; }
        /// <summary>failure-details.</summary>
        public IReadOnlyList<TlsRptFailureDetail> FailureDetails { get; }

        /// <inheritdoc />
        public override string ToString() => $"{PolicyType} {PolicyDomain}: {SuccessfulSessionCount} ok, {FailedSessionCount} failed";
    }

    /// <summary>One failure-details entry (RFC 8460 §4.3, result types §4.3.1-§4.3.3).</summary>
    public sealed class TlsRptFailureDetail
    {
        internal TlsRptFailureDetail(string? resultType, string? sendingMtaIP, string? receivingMxHostname, string? receivingMxHelo, string? receivingIP,
            long failedSessionCount, string? additionalInformation, string? failureReasonCode)
        {
            ResultType = resultType;
            SendingMtaIP = sendingMtaIP;
            ReceivingMxHostname = receivingMxHostname;
            ReceivingMxHelo = receivingMxHelo;
            ReceivingIP = receivingIP;
            FailedSessionCount = failedSessionCount;
            AdditionalInformation = additionalInformation;
            FailureReasonCode = failureReasonCode;
        }

        /// <summary>result-type: starttls-not-supported, certificate-expired, sts-policy-fetch-error, ...</summary>
        public string? ResultType { get; }
        /// <summary>sending-mta-ip.</summary>
        public string? SendingMtaIP { get; }
        /// <summary>receiving-mx-hostname.</summary>
        public string? ReceivingMxHostname { get; }
        /// <summary>receiving-mx-helo.</summary>
        public string? ReceivingMxHelo { get; }
        /// <summary>receiving-ip.</summary>
        public string? ReceivingIP { get; }
        /// <summary>failed-session-count.</summary>
        public long FailedSessionCount { get; }
        /// <summary>additional-information (a URI).</summary>
        public string? AdditionalInformation { get; }
        /// <summary>failure-reason-code.</summary>
        public string? FailureReasonCode { get; }

        /// <inheritdoc />
        public override string ToString() => $"{ResultType} x{FailedSessionCount} {ReceivingMxHostname}";
    }
}
