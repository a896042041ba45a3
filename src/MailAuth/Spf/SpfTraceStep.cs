namespace MailAuth.Spf
{
    /// <summary>One step of an evaluation, in order, so a person can see why the result came out as it did.</summary>
    public sealed class SpfTraceStep
    {
        internal SpfTraceStep(int depth, string domain, string? term, string action, string detail, bool? matched)
        {
            Depth = depth;
            Domain = domain;
            Term = term;
            Action = action;
            Detail = detail;
            Matched = matched;
        }

        /// <summary>0 for the top-level record, 1 inside an include or redirect, and so on.</summary>
        public int Depth { get; }
        /// <summary>The domain whose record is being evaluated.</summary>
        public string Domain { get; }
        /// <summary>The term being evaluated, as written; null for record-level steps.</summary>
        public string? Term { get; }
        /// <summary>What happened: <c>record</c>, <c>dns</c>, <c>term</c>, <c>limit</c>, <c>result</c>, <c>explanation</c>.</summary>
        public string Action { get; }
        /// <summary>Details: the query and its outcome, the comparison made, or the result.</summary>
        public string Detail { get; }
        /// <summary>For <c>term</c> steps: whether the mechanism matched.</summary>
        public bool? Matched { get; }

        /// <inheritdoc />
        public override string ToString() => new string(' ', Depth * 2) + Action + (Term is null ? "" : " " + Term) + ": " + Detail;
    }
}
