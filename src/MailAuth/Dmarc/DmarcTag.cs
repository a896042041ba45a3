namespace MailAuth.Dmarc
{
    /// <summary>One <c>name=value</c> tag of a DMARC record, as written.</summary>
    public sealed class DmarcTag
    {
        internal DmarcTag(string name, string value, string text, int position, DmarcTagKind kind, string? problem, bool isDuplicate)
        {
            Name = name;
            Value = value;
            Text = text;
            Position = position;
            Kind = kind;
            Problem = problem;
            IsDuplicate = isDuplicate;
        }

        /// <summary>The tag name as written (tag names are case-sensitive).</summary>
        public string Name { get; }
        /// <summary>The value, without surrounding white space.</summary>
        public string Value { get; }
        /// <summary>The tag exactly as written, without the separating <c>;</c>.</summary>
        public string Text { get; }
        /// <summary>1-based character position of the tag in the record.</summary>
        public int Position { get; }
        /// <summary>Version, defined by RFC 9989, removed by RFC 9989, or unknown.</summary>
        public DmarcTagKind Kind { get; }
        /// <summary>What is wrong with the tag's syntax or value; null when valid.</summary>
        public string? Problem { get; }
        /// <summary>True for the second and later occurrences of a name; their values are not used.</summary>
        public bool IsDuplicate { get; }
        /// <summary>True when the tag follows the grammar and its value is one the tag allows.</summary>
        public bool IsValid => Problem is null;

        /// <inheritdoc />
        public override string ToString() => Text;
    }
}
