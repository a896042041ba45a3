using System.Net;
using MailAuth.Dns;

namespace MailAuth.Spf
{
    /// <summary>One step of an evaluation, in order, so a person can see why the result came out as it did.</summary>
    public sealed class SpfTraceStep
    {
        // The detail text is built when first read: most evaluations are never traced by a person,
        // and formatting every step was most of an in-memory evaluation's cost.
        private string? _detail;
        private readonly SpfTraceDetail _kind;
        private readonly object? _a;
        private readonly object? _b;
        private readonly int _n;

        internal SpfTraceStep(int depth, string domain, string? term, string action, string detail, bool? matched)
            : this(depth, domain, term, action, matched, SpfTraceDetail.Text, null, null, 0)
        {
            _detail = detail;
        }

        internal SpfTraceStep(int depth, string domain, string? term, string action, bool? matched, SpfTraceDetail kind, object? a, object? b, int n)
        {
            Depth = depth;
            Domain = domain;
            Term = term;
            Action = action;
            Matched = matched;
            _kind = kind;
            _a = a;
            _b = b;
            _n = n;
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
        public string Detail => _detail ??= Format();
        /// <summary>For <c>term</c> steps: whether the mechanism matched.</summary>
        public bool? Matched { get; }

        private string Format()
        {
            bool m = Matched == true;
            switch (_kind)
            {
                case SpfTraceDetail.Dns:
                    {
                        var answer = (DnsQueryResult)_a!;
                        string detail = answer.Outcome switch
                        {
                            DnsOutcome.Records => $"{answer.Records.Count} record(s)",
                            DnsOutcome.TemporaryFailure => "temporary failure: " + answer.Error,
                            _ => answer.Outcome.ToString(),
                        };
                        return $"{answer.Type} {(string)_b!}: {detail}";
                    }
                case SpfTraceDetail.Network:
                    return $"{_a} {(m ? "is" : "is not")} in {_b}/{_n}";
                case SpfTraceDetail.IncludeStart:
                    return $"evaluating the record of '{_a}'";
                case SpfTraceDetail.IncludeResult:
                    return m ? $"'{_a}' gave pass: match" : $"'{_a}' gave {(SpfResult)_n}: no match";
                case SpfTraceDetail.Address:
                    return m ? $"{_a} matches an address of '{_b}'" : $"{_a} matches no address of '{_b}'";
                case SpfTraceDetail.MxNoMatch:
                    return $"{_a} matches none of the {_n} MX hosts of '{_b}'";
                case SpfTraceDetail.Matched:
                    return $"{(SpfResult)_n} (matched '{_a}')";
                default:
                    return string.Empty;
            }
        }

        /// <inheritdoc />
        public override string ToString() => new string(' ', Depth * 2) + Action + (Term is null ? "" : " " + Term) + ": " + Detail;
    }

    /// <summary>How a trace step's detail is written from its arguments.</summary>
    internal enum SpfTraceDetail
    {
        Text,
        Dns,
        Network,
        IncludeStart,
        IncludeResult,
        Address,
        MxNoMatch,
        Matched,
    }
}
