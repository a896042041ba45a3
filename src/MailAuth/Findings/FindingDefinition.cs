using System;

namespace MailAuth.Findings
{
    /// <summary>
    /// A catalogue entry: the fixed parts of a finding (id, severity, reference, remediation).
    /// Catalogues are static classes of these, so help can be generated from the code.
    /// </summary>
    public sealed class FindingDefinition
    {
        /// <summary>Creates a catalogue entry.</summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public FindingDefinition(string id, FindingSeverity severity, string summary, string reference, string remediation)
        {
            Id = id ?? throw new ArgumentNullException(nameof(id));
            Severity = severity;
            Summary = summary ?? throw new ArgumentNullException(nameof(summary));
            Reference = reference ?? throw new ArgumentNullException(nameof(reference));
            Remediation = remediation ?? throw new ArgumentNullException(nameof(remediation));
        }

        /// <summary>Stable identifier.</summary>
        public string Id { get; }
        /// <summary>Default severity.</summary>
        public FindingSeverity Severity { get; }
        /// <summary>What the finding means, for the catalogue.</summary>
        public string Summary { get; }
        /// <summary>Where the rule comes from.</summary>
        public string Reference { get; }
        /// <summary>What to change.</summary>
        public string Remediation { get; }

        /// <summary>A finding of this kind with a message naming the offending value.</summary>
        /// <param name="message">One sentence for a person.</param>
        /// <param name="remediation">A remediation specific to this case, or null for the catalogue's.</param>
        public Finding Create(string message, string? remediation = null)
            => new Finding(Id, Severity, message, Reference, remediation ?? Remediation);
    }
}
