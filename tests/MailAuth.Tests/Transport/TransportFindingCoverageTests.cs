using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using MailAuth.Findings;
using Xunit;

namespace MailAuth.Tests.Transport
{
    // Every MTA-STS, TLS-RPT, BIMI and STARTTLS/DANE finding id must have a case that triggers it and one that does not:
    // in the integration table of Transport.Integration.Tests.ps1 (each row is a pair of Its), or in BimiFindingTests.
    public class TransportFindingCoverageTests
    {
        private static string RepositoryRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "build.ps1"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("The repository root (build.ps1) was not found above " + AppContext.BaseDirectory);
        }

        [Fact]
        public void Every_transport_finding_id_has_a_trigger_and_a_clean_case()
        {
            string pester = File.ReadAllText(Path.Combine(RepositoryRoot(), "tests", "MailAuthPS.Tests", "Transport.Integration.Tests.ps1"));
            var integration = Regex.Matches(pester, @"@\{ Id = '([A-Za-z.]+)'; Trigger = '[^']+'; Clean = '[^']+' \}").Select(m => m.Groups[1].Value);
            var covered = integration.Concat(BimiFindingTests.Covered).ToHashSet(StringComparer.Ordinal);
            var ids = FindingCatalog.All.Select(d => d.Id)
                .Where(id => id.StartsWith("MtaSts.", StringComparison.Ordinal) || id.StartsWith("TlsRpt.", StringComparison.Ordinal)
                          || id.StartsWith("Bimi.", StringComparison.Ordinal) || id.StartsWith("SmtpTls.", StringComparison.Ordinal)).ToList();
            Assert.True(ids.Count >= 50, $"only {ids.Count} ids found");
            var missing = ids.Where(id => !covered.Contains(id)).ToList();
            var unknown = covered.Where(id => !ids.Contains(id)).ToList();   // no case for an id that does not exist
            Assert.True(missing.Count == 0, "No trigger/clean case for: " + string.Join(", ", missing));
            Assert.True(unknown.Count == 0, "Cases for ids that do not exist: " + string.Join(", ", unknown));
        }
    }
}
