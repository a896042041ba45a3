using System;
using System.Collections.Generic;
using System.Linq;
using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.Findings;
using MailAuth.Mx;
using MailAuth.Spf;

namespace MailAuth.Audit
{
    /// <summary>How an area of a domain fared. Lower case on purpose: it prints as a word.</summary>
#pragma warning disable IDE1006
    public enum MailDomainStatus
    {
        /// <summary>Nothing to fix.</summary>
        pass,
        /// <summary>Works, with warnings worth acting on.</summary>
        warning,
        /// <summary>Broken or missing: fix it.</summary>
        fail,
        /// <summary>DNS failed; nothing is concluded (never read as "no record").</summary>
        temperror,
        /// <summary>The area does not apply (for example SPF checks of a domain that does not exist).</summary>
        skipped,
    }
#pragma warning restore IDE1006

    /// <summary>One area of a domain's report (Mx, Spf, Dmarc, Dkim...): its result, score and findings.</summary>
    public sealed class MailDomainArea
    {
        internal MailDomainArea(string name) => Name = name;

        /// <summary>The check: Mx, Spf, Dmarc, Dkim, MtaSts, TlsRpt, Bimi, SmtpTls, Jmap, or a profile such as Microsoft365.</summary>
        public string Name { get; }
        /// <summary>pass, warning, fail, temperror or skipped.</summary>
        public MailDomainStatus Status { get; internal set; }
        /// <summary>0 to 100 (docs/scoring.md); null when not scored (temperror, skipped, or an area without weight).</summary>
        public int? Score { get; internal set; }
        /// <summary>A to F from <see cref="Score"/>.</summary>
        public string? Grade => Score is int s ? MailDomainScoring.Grade(s) : null;
        /// <summary>One line for people, such as <c>p=reject, rua to 1 destination</c>.</summary>
        public string Summary { get; internal set; } = string.Empty;
        /// <summary>The findings of this area.</summary>
        public IReadOnlyList<Finding> Findings { get; internal set; } = Array.Empty<Finding>();
        /// <summary>The check's own result object (SpfLintResult, DmarcLintResult, MxResult...).</summary>
        public object? Result { get; internal set; }
        /// <summary>How long the check took.</summary>
        public TimeSpan Duration { get; internal set; }

        /// <inheritdoc />
        public override string ToString() => $"{Name}: {Status}" + (Score is int s ? $" {s} ({Grade})" : "") + (Summary.Length > 0 ? " - " + Summary : "");
    }

    /// <summary>Everything Test-MailDomain found about one domain.</summary>
    public sealed class MailDomainReport
    {
        internal MailDomainReport(string domain) => Domain = domain;

        /// <summary>The domain checked, normalised.</summary>
        public string Domain { get; }
        /// <summary>The input as given (a string, a CSV row, an accepted-domain object).</summary>
        public object? Input { get; internal set; }
        /// <summary>The worst area status: temperror when any check met a DNS failure.</summary>
        public MailDomainStatus Status { get; internal set; }
        /// <summary>The areas in check order.</summary>
        public IReadOnlyList<MailDomainArea> Areas { get; internal set; } = Array.Empty<MailDomainArea>();
        /// <summary>The weighted score over the scored areas (docs/scoring.md); null when none was scored.</summary>
        public int? Score { get; internal set; }
        /// <summary>A to F from <see cref="Score"/>.</summary>
        public string? Grade => Score is int s ? MailDomainScoring.Grade(s) : null;
        /// <summary>The profile applied, such as Microsoft365, or null.</summary>
        public string? Profile { get; internal set; }
        /// <summary>Every finding of every area, errors first.</summary>
        public IReadOnlyList<Finding> Findings => Areas.SelectMany(a => a.Findings).OrderByDescending(f => f.Severity).ToList();
        /// <summary>When the checks started.</summary>
        public DateTimeOffset Started { get; internal set; }
        /// <summary>How long all checks took.</summary>
        public TimeSpan Duration { get; internal set; }

        /// <summary>This report, noting the input it was made for.</summary>
        public MailDomainReport WithInput(object? input)
        {
            Input = input;
            return this;
        }

        /// <summary>The area of a name, or null.</summary>
        public MailDomainArea? this[string area] => Areas.FirstOrDefault(a => a.Name.Equals(area, StringComparison.OrdinalIgnoreCase));

        /// <summary>The MX check's result.</summary>
        public MxResult? Mx => this["Mx"]?.Result as MxResult;
        /// <summary>The SPF check's result.</summary>
        public SpfLintResult? Spf => this["Spf"]?.Result as SpfLintResult;
        /// <summary>The DMARC check's result.</summary>
        public DmarcLintResult? Dmarc => this["Dmarc"]?.Result as DmarcLintResult;
        /// <summary>The DKIM key records found.</summary>
        public IReadOnlyList<DkimRecordResult>? Dkim => this["Dkim"]?.Result as IReadOnlyList<DkimRecordResult>;

        /// <inheritdoc />
        public override string ToString() => $"{Domain}: {Status}" + (Score is int s ? $" {s} ({Grade})" : "");
    }
}
