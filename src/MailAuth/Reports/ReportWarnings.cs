using System;
using System.Collections.Generic;
using MailAuth.Findings;

namespace MailAuth.Reports
{
    /// <summary>Collects a report's warnings: each distinct one once, at most 100, then a count of the rest.</summary>
    internal sealed class ReportWarnings
    {
        private const int Max = 100;
        private readonly List<Finding> _list = new List<Finding>();
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);
        private int _dropped;

        public void Add(FindingDefinition definition, string message)
        {
            if (_seen.Count > 10_000 || !_seen.Add(definition.Id + "\n" + message)) { if (_seen.Count > 10_000) _dropped++; return; }
            if (_list.Count >= Max) { _dropped++; return; }
            _list.Add(definition.Create(message));
        }

        public IReadOnlyList<Finding> ToList()
        {
            var all = new List<Finding>(_list);
            if (_dropped > 0) all.Add(ReportFindings.MoreWarnings.Create($"{_dropped} more warnings were counted but not kept."));
            return all;
        }
    }
}
