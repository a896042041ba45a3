using System;
using System.Collections.Generic;
using System.Linq;
using MailAuth.Findings;

namespace MailAuth.Audit
{
    /// <summary>
    /// The scoring rules, documented in docs/scoring.md: an area starts from a base that says how far
    /// the mechanism is deployed, loses points per finding, and the overall score is the weighted mean
    /// of the scored areas. Kept in one place so the documentation and the code cannot drift.
    /// </summary>
    public static class MailDomainScoring
    {
        /// <summary>Points lost per Error finding.</summary>
        public const int ErrorPenalty = 35;
        /// <summary>Points lost per Warning finding.</summary>
        public const int WarningPenalty = 10;

        /// <summary>Weight of each area in the overall score; areas not listed (Jmap, profiles) are not weighted.</summary>
        public static IReadOnlyDictionary<string, int> Weights { get; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
        {
            ["Dmarc"] = 30, ["Spf"] = 25, ["Dkim"] = 20, ["Mx"] = 10, ["MtaSts"] = 5, ["TlsRpt"] = 4, ["SmtpTls"] = 4, ["Bimi"] = 2,
        };

        /// <summary>A for 90 and more, B 80, C 70, D 60, F below.</summary>
        public static string Grade(int score) => score >= 90 ? "A" : score >= 80 ? "B" : score >= 70 ? "C" : score >= 60 ? "D" : "F";

        /// <summary>The base minus the penalties of the findings, from 0 to 100.</summary>
        public static int Score(int baseScore, IEnumerable<Finding> findings)
        {
            int score = baseScore;
            foreach (var f in findings)
                score -= f.Severity == FindingSeverity.Error ? ErrorPenalty : f.Severity == FindingSeverity.Warning ? WarningPenalty : 0;
            return Math.Max(0, Math.Min(100, score));
        }

        /// <summary>fail with an Error finding or a score under 60, warning with a Warning finding, else pass.</summary>
        public static MailDomainStatus Status(int score, IEnumerable<Finding> findings)
        {
            var list = findings.ToList();
            if (score < 60 || list.Any(f => f.Severity == FindingSeverity.Error)) return MailDomainStatus.fail;
            if (list.Any(f => f.Severity == FindingSeverity.Warning)) return MailDomainStatus.warning;
            return MailDomainStatus.pass;
        }

        /// <summary>The weighted mean of the scored, weighted areas, rounded; null when there is none.</summary>
        public static int? Overall(IEnumerable<MailDomainArea> areas)
        {
            double sum = 0;
            int weights = 0;
            foreach (var a in areas)
            {
                if (a.Score is not int s || !Weights.TryGetValue(a.Name, out int w)) continue;
                sum += s * w;
                weights += w;
            }
            return weights == 0 ? (int?)null : (int)Math.Round(sum / weights, MidpointRounding.AwayFromZero);
        }
    }
}
