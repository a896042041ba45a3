using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using MailAuth.Dkim;
using MailAuth.Dns;

namespace MailAuth.Tests.Fuzz
{
    /// <summary>Valid inputs to mutate, taken from the repository's test data and samples (nothing is copied).</summary>
    internal static class FuzzSeeds
    {
        private static readonly Lazy<string[]> TextFiles = new Lazy<string[]>(() =>
        {
            string root = FuzzSettings.RepositoryRoot();
            var dirs = new[] { Path.Combine(AppContext.BaseDirectory, "TestData"), Path.Combine(root, "samples") };
            var ext = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".yml", ".eml", ".zone", ".txt", ".dns", ".json", ".xml", ".md", ".csv" };
            return dirs.Where(Directory.Exists)
                .SelectMany(d => Directory.GetFiles(d, "*", SearchOption.AllDirectories))
                .Where(f => ext.Contains(Path.GetExtension(f)) && !f.Contains(Path.DirectorySeparatorChar + "fuzz" + Path.DirectorySeparatorChar) && new FileInfo(f).Length < 2_000_000)
                .OrderBy(f => f, StringComparer.Ordinal)
                .Select(File.ReadAllText).ToArray();
        });

        /// <summary>Every TXT record of the sample and test zone files, joined.</summary>
        private static readonly Lazy<string[]> ZoneTxt = new Lazy<string[]>(() => ZoneFiles()
            .SelectMany(f => { try { return ZoneFileParser.ParseFile(f).Records; } catch (ZoneFileException) { return Enumerable.Empty<DnsRecord>(); } })
            .OfType<TxtRecord>().Select(t => t.Text).ToArray());

        public static IEnumerable<string> ZoneFiles()
        {
            string root = FuzzSettings.RepositoryRoot();
            return Directory.GetFiles(Path.Combine(root, "samples", "zones"), "*.zone")
                .Concat(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "zones")))
                .OrderBy(f => f, StringComparer.Ordinal);
        }

        /// <summary>Texts matched by <paramref name="pattern"/> in the test data, plus zone TXT records starting with <paramref name="txtPrefix"/>, plus <paramref name="extra"/>.</summary>
        public static IReadOnlyList<byte[]> Strings(string pattern, string? txtPrefix, params string[] extra)
        {
            var re = new Regex(pattern, RegexOptions.Multiline | RegexOptions.CultureInvariant);
            var found = TextFiles.Value.SelectMany(t => re.Matches(t).Select(m => m.Groups.Count > 1 && m.Groups[1].Success ? m.Groups[1].Value : m.Value));
            if (txtPrefix != null) found = found.Concat(ZoneTxt.Value.Where(t => t.StartsWith(txtPrefix, StringComparison.OrdinalIgnoreCase)));
            return found.Concat(extra).Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal)
                .OrderBy(s => s, StringComparer.Ordinal).Take(400).Select(Encoding.UTF8.GetBytes).ToList();
        }

        /// <summary>Files under TestData and samples whose relative path matches.</summary>
        public static IReadOnlyList<byte[]> Files(Func<string, bool> match, long maxSize = 256 * 1024)
        {
            string root = FuzzSettings.RepositoryRoot();
            var dirs = new[] { Path.Combine(AppContext.BaseDirectory, "TestData"), Path.Combine(root, "samples") };
            return dirs.Where(Directory.Exists)
                .SelectMany(d => Directory.GetFiles(d, "*", SearchOption.AllDirectories))
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "fuzz" + Path.DirectorySeparatorChar) && match(f.Replace('\\', '/')) && new FileInfo(f).Length <= maxSize)
                .OrderBy(f => f, StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        }

        /// <summary>The header-field values named <paramref name="names"/> in every message of the test data.</summary>
        public static IReadOnlyList<byte[]> HeaderValues(params string[] names)
        {
            var values = new List<string>();
            foreach (var bytes in Messages())
            {
                DkimMessage m;
                try { m = DkimMessage.Parse(bytes); } catch (DkimMessageTooLargeException) { continue; }
                values.AddRange(m.Headers.Where(h => names.Contains(h.Name, StringComparer.OrdinalIgnoreCase)).Select(h => h.Value));
            }
            return values.Distinct(StringComparer.Ordinal).OrderBy(s => s, StringComparer.Ordinal).Take(400).Select(s => Encoding.Latin1.GetBytes(s)).ToList();
        }

        public static IReadOnlyList<byte[]> Messages()
            => Files(f => f.EndsWith(".eml", StringComparison.OrdinalIgnoreCase) || (f.Contains("/arc/mail-auth/") && f.EndsWith(".txt", StringComparison.Ordinal) && !f.Contains("LICENSE")));
    }
}
