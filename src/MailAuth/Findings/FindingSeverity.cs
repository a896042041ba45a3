namespace MailAuth.Findings
{
    /// <summary>How much a finding matters.</summary>
    public enum FindingSeverity
    {
        /// <summary>Worth knowing; nothing is wrong.</summary>
        Info,
        /// <summary>Works today but is weak, risky or deprecated.</summary>
        Warning,
        /// <summary>Broken: receivers will reject, ignore or misread it.</summary>
        Error,
    }
}
