using System;
using System.Collections.Generic;
using System.Linq;
using MailAuth.Findings;
using MailAuth.TlsRpt;

namespace MailAuth.MtaSts
{
    /// <summary>The MTA-STS check of a domain, as <c>Test-MtaStsPolicy</c> reports it: the policy, the MX hosts it covers, TLS-RPT, findings.</summary>
    public sealed class MtaStsTestResult
    {
        internal MtaStsTestResult(MtaStsPolicyResult policy) { Policy = policy; }

        /// <summary>The policy domain.</summary>
        public string Domain => Policy.Domain;
        /// <summary>The record status.</summary>
        public MtaStsRecordStatus Status => Policy.Status;
        /// <summary>The policy status.</summary>
        public MtaStsPolicyStatus PolicyStatus => Policy.PolicyStatus;
        /// <summary>The policy mode.</summary>
        public MtaStsMode? Mode => Policy.Mode;
        /// <summary>The Get-MtaStsPolicy result.</summary>
        public MtaStsPolicyResult Policy { get; }
        /// <summary>The domain's MX hosts and whether each is covered; empty for a null MX or when there is no policy.</summary>
        public IReadOnlyList<MtaStsMxHost> MxHosts { get; internal set; } = Array.Empty<MtaStsMxHost>();
        /// <summary>The TLS-RPT record alongside.</summary>
        public TlsRptRecordResult? TlsRpt { get; internal set; }
        /// <summary>Every finding: the policy's and those of this check.</summary>
        public IReadOnlyList<Finding> Findings { get; internal set; } = Array.Empty<Finding>();
        /// <summary>The most severe finding; null when there are none.</summary>
        public FindingSeverity? HighestSeverity => Findings.Count == 0 ? (FindingSeverity?)null : Findings.Max(f => f.Severity);
    }
}
