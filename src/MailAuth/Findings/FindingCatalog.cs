using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace MailAuth.Findings
{
    /// <summary>Every finding the module can report, gathered from the catalogue classes by reflection.</summary>
    public static class FindingCatalog
    {
        private static readonly Lazy<IReadOnlyList<FindingDefinition>> AllDefinitions = new Lazy<IReadOnlyList<FindingDefinition>>(Collect);

        /// <summary>All definitions, ordered by id.</summary>
        public static IReadOnlyList<FindingDefinition> All => AllDefinitions.Value;

        private static IReadOnlyList<FindingDefinition> Collect()
        {
            return typeof(FindingCatalog).Assembly.GetTypes()
                .Where(t => t.IsAbstract && t.IsSealed && t.Name.EndsWith("Findings", StringComparison.Ordinal))
                .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
                .Where(f => f.FieldType == typeof(FindingDefinition))
                .Select(f => (FindingDefinition)f.GetValue(null)!)
                .OrderBy(d => d.Id, StringComparer.Ordinal)
                .ToList();
        }
    }
}
