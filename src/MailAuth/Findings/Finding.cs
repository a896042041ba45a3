using System;

namespace MailAuth.Findings
{
    /// <summary>One judgement about a record, message or report: what is wrong, where the rule comes from, and what to change.</summary>
    public sealed class Finding
    {
        /// <summary>Creates a finding.</summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public Finding(string id, FindingSeverity severity, string message, string reference, string remediation)
        {
            Id = id ?? throw new ArgumentNullException(nameof(id));
            Severity = severity;
            Message = message ?? throw new ArgumentNullException(nameof(message));
            Reference = reference ?? throw new ArgumentNullException(nameof(reference));
            Remediation = remediation ?? throw new ArgumentNullException(nameof(remediation));
        }

        /// <summary>Stable identifier, documented and never reused, such as <c>Spf.MultipleRecords</c>.</summary>
        public string Id { get; }
        /// <summary>Info, Warning or Error.</summary>
        public FindingSeverity Severity { get; }
        /// <summary>One sentence for a person, naming the offending value.</summary>
        public string Message { get; }
        /// <summary>Where the rule comes from, such as <c>RFC 7208 §4.5</c>.</summary>
        public string Reference { get; }
        /// <summary>What to change, concretely.</summary>
        public string Remediation { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Severity} {Id}: {Message}";
    }
}
