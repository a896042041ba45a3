using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dns;
using MailAuth.Spf;
using YamlDotNet.RepresentationModel;

namespace MailAuth.Tests.Spf.Suites
{
    /// <summary>One DNS item of a scenario's zonedata: a bare <c>TIMEOUT</c>, or a record type with a scalar or list value.</summary>
    public sealed class OpenSpfZoneItem
    {
        public OpenSpfZoneItem(string type, string? scalar, IReadOnlyList<string>? list)
        {
            Type = type;
            Scalar = scalar;
            List = list;
        }

        /// <summary><c>TXT</c>, <c>SPF</c>, <c>A</c>, <c>AAAA</c>, <c>MX</c>, <c>PTR</c>, <c>CNAME</c>, or <c>TIMEOUT</c> for the bare item.</summary>
        public string Type { get; }
        /// <summary>The value when it is a scalar (including the markers <c>NONE</c> and <c>TIMEOUT</c>).</summary>
        public string? Scalar { get; }
        /// <summary>The value when it is a list: the character-strings of one TXT/SPF record, or MX <c>[pref, host]</c>.</summary>
        public IReadOnlyList<string>? List { get; }

        public bool IsBareTimeout => Type == "TIMEOUT";
        public bool IsMarker(string marker) => List is null && Scalar == marker;
    }

    /// <summary>One YAML document of a suite: a description, its tests and the DNS data they share.</summary>
    public sealed class OpenSpfScenario
    {
        internal OpenSpfScenario(string description, IReadOnlyList<KeyValuePair<string, IReadOnlyList<OpenSpfZoneItem>>> zone)
        {
            Description = description;
            Zone = zone;
        }

        public string Description { get; }
        /// <summary>Owner name → items, in file order (order matters for bare <c>TIMEOUT</c>).</summary>
        public IReadOnlyList<KeyValuePair<string, IReadOnlyList<OpenSpfZoneItem>>> Zone { get; }
        public List<OpenSpfTest> Tests { get; } = new List<OpenSpfTest>();
    }

    /// <summary>One test of a suite.</summary>
    public sealed class OpenSpfTest
    {
        internal OpenSpfTest(OpenSpfScenario scenario, string name, string spec, string helo, string host, string mailFrom,
            IReadOnlyList<SpfResult> results, string? explanation)
        {
            Scenario = scenario;
            Name = name;
            Spec = spec;
            Helo = helo;
            Host = host;
            MailFrom = mailFrom;
            Results = results;
            Explanation = explanation;
        }

        /// <summary>"scenario description/test name": unique, and readable in the test explorer.</summary>
        public string Id => Scenario.Description + "/" + Name;
        public OpenSpfScenario Scenario { get; }
        public string Name { get; }
        public string Spec { get; }
        public string Helo { get; }
        public string Host { get; }
        public string MailFrom { get; }
        /// <summary>Acceptable results; the first is the preferred one.</summary>
        public IReadOnlyList<SpfResult> Results { get; }
        /// <summary>The expected explanation; <c>DEFAULT</c> means none (see <see cref="OpenSpfSuite.DefaultExplanation"/>).</summary>
        public string? Explanation { get; }

        public override string ToString() => Id;
    }

    /// <summary>
    /// Loads an openspf.org YAML suite (from pyspf) and serves each scenario's zonedata through an
    /// <see cref="InMemoryDnsResolver"/> with the conventions of pyspf's runner (test/testspf.py).
    /// </summary>
    public sealed class OpenSpfSuite
    {
        /// <summary>
        /// pyspf's runner calls <c>set_default_explanation('DEFAULT')</c>, so "DEFAULT" in the suite
        /// means "no exp= explanation applied": our <see cref="SpfEvaluationResult.Explanation"/> is null then.
        /// </summary>
        public const string DefaultExplanation = "DEFAULT";

        // Types a bare TIMEOUT makes fail. Not type SPF (99): RFC 7208 §3.1 dropped it, the suite convention is
        // that it is never queried, so it answers NODATA here and its data cannot sway a result.
        private static readonly DnsRecordType[] AllTypes = ((DnsRecordType[])Enum.GetValues(typeof(DnsRecordType)))
            .Where(t => (int)t != 99).ToArray();
        private readonly Dictionary<string, OpenSpfTest> _byId;

        private OpenSpfSuite(string fileName, IReadOnlyList<OpenSpfScenario> scenarios)
        {
            FileName = fileName;
            Scenarios = scenarios;
            Tests = scenarios.SelectMany(s => s.Tests).ToList();
            _byId = Tests.ToDictionary(t => t.Id, StringComparer.Ordinal);
        }

        public string FileName { get; }
        public IReadOnlyList<OpenSpfScenario> Scenarios { get; }
        public IReadOnlyList<OpenSpfTest> Tests { get; }

        public OpenSpfTest this[string id] => _byId[id];

        public static string DataPath(params string[] parts)
            => Path.Combine(new[] { AppContext.BaseDirectory, "TestData", "spf" }.Concat(parts).ToArray());

        /// <summary>Reads <c>TestData/spf/<paramref name="fileName"/></c>.</summary>
        public static OpenSpfSuite Load(string fileName)
        {
            var yaml = new YamlStream();
            using (var reader = new StreamReader(DataPath(fileName), Encoding.UTF8))
                yaml.Load(reader);
            var scenarios = new List<OpenSpfScenario>();
            foreach (var document in yaml.Documents)
            {
                var root = (YamlMappingNode)document.RootNode;
                var zone = new List<KeyValuePair<string, IReadOnlyList<OpenSpfZoneItem>>>();
                foreach (var entry in Mapping(root, "zonedata"))
                    zone.Add(new KeyValuePair<string, IReadOnlyList<OpenSpfZoneItem>>(Text(entry.Key), ((YamlSequenceNode)entry.Value).Select(ZoneItem).ToList()));
                var scenario = new OpenSpfScenario(Text(root.Children[new YamlScalarNode("description")]), zone);
                foreach (var entry in Mapping(root, "tests"))
                {
                    var t = (YamlMappingNode)entry.Value;
                    var result = t.Children[new YamlScalarNode("result")];
                    var results = (result is YamlSequenceNode list ? list.Select(Text) : new[] { Text(result) }).Select(ParseResult).ToList();
                    scenario.Tests.Add(new OpenSpfTest(scenario, Text(entry.Key), Spec(t), Optional(t, "helo") ?? "",
                        Optional(t, "host") ?? throw new InvalidDataException($"{fileName}: test {Text(entry.Key)} has no host"),
                        Optional(t, "mailfrom") ?? "", results, Optional(t, "explanation")));
                }
                scenarios.Add(scenario);
            }
            return new OpenSpfSuite(fileName, scenarios);
        }

        /// <summary>Evaluates a test: <c>check_host()</c> for MAIL FROM, or for HELO when MAIL FROM is empty, as pyspf's runner does.</summary>
        public static Task<SpfEvaluationResult> RunAsync(OpenSpfTest test)
        {
            // %{r} appears in no expected explanation, so ReceivingHost is left at its default.
            var request = new SpfEvaluationRequest(IPAddress.Parse(test.Host), test.MailFrom, test.Helo)
            {
                Timestamp = new DateTimeOffset(2014, 4, 1, 0, 0, 0, TimeSpan.Zero),
            };
            return SpfEvaluator.EvaluateAsync(request, CreateResolver(test.Scenario));
        }

        /// <summary>
        /// The scenario's zonedata as DNS, by the runner's rules:
        /// <list type="bullet">
        /// <item>SPF (type 99) data is never served: RFC 7208 §3.1/§14.1 removed the type. A name with SPF items
        /// and no TXT item gets those strings as TXT records (after its other items, as pyspf appends them).</item>
        /// <item><c>TXT: NONE</c> adds nothing, and stops that copying.</item>
        /// <item>A bare <c>TIMEOUT</c> ends the name's list: a type with no record before it times out, and items
        /// after it are never reached. A record whose value is <c>TIMEOUT</c> makes its type time out.</item>
        /// <item>Names absent from zonedata are NXDOMAIN (even when the store would see them as empty
        /// non-terminals), and absent names starting with <c>error.</c> time out.</item>
        /// </list>
        /// </summary>
        public static IDnsResolver CreateResolver(OpenSpfScenario scenario)
        {
            var memory = new InMemoryDnsResolver();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in scenario.Zone)
            {
                string name = DnsName.Normalize(entry.Key);
                names.Add(name);
                var seen = new HashSet<DnsRecordType>();
                var failed = new HashSet<DnsRecordType>();
                foreach (var item in Effective(entry.Value))
                {
                    if (item.IsBareTimeout)
                    {
                        // pyspf: TIMEOUT raises unless a record of the queried type came first; either way the list ends.
                        foreach (var type in AllTypes)
                            if (!seen.Contains(type) && failed.Add(type)) memory.Fail(name, type, "zonedata TIMEOUT");
                        break;
                    }
                    DnsRecordType recordType = TypeOf(item.Type);
                    seen.Add(recordType);
                    if (failed.Contains(recordType)) continue;
                    if (item.IsMarker("TIMEOUT"))
                    {
                        failed.Add(recordType);
                        memory.Fail(name, recordType, "zonedata TIMEOUT record");
                        continue;
                    }
                    memory.Add(ToRecord(name, item));
                }
            }
            return new SuiteResolver(memory, names);
        }

        // pyspf's getrdata(): drop SPF items (we never query type 99; copied as TXT below when the name
        // has no TXT item), drop NONE markers.
        private static IEnumerable<OpenSpfZoneItem> Effective(IReadOnlyList<OpenSpfZoneItem> items)
        {
            bool copySpf = !items.Any(i => i.Type == "TXT");
            foreach (var item in items)
            {
                if (item.Type == "SPF" || item.IsMarker("NONE")) continue;
                yield return item;
            }
            if (copySpf)
            {
                foreach (var item in items)
                    if (item.Type == "SPF" && !item.IsMarker("NONE")) yield return new OpenSpfZoneItem("TXT", item.Scalar, item.List);
            }
        }

        private static DnsRecordType TypeOf(string type) => type switch
        {
            "TXT" => DnsRecordType.TXT,
            "A" => DnsRecordType.A,
            "AAAA" => DnsRecordType.AAAA,
            "MX" => DnsRecordType.MX,
            "PTR" => DnsRecordType.PTR,
            "CNAME" => DnsRecordType.CNAME,
            _ => throw new InvalidDataException($"unknown zonedata type {type}"),
        };

        private static DnsRecord ToRecord(string name, OpenSpfZoneItem item)
        {
            switch (item.Type)
            {
                case "TXT":
                    // A list is the character-strings of one record (possibly none); a scalar is one string.
                    return new TxtRecord(name, 300, item.List ?? new[] { item.Scalar! });
                case "A":
                case "AAAA":
                    var address = IPAddress.Parse(item.Scalar!);
                    bool v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
                    if (v6 != (item.Type == "AAAA")) throw new InvalidDataException($"{name}: {item.Type} {item.Scalar} has the wrong address family");
                    return new AddressRecord(name, 300, address);
                case "MX":
                    // [pref, host]; an empty host is kept as the empty (root) exchange.
                    if (item.List is null || item.List.Count != 2) throw new InvalidDataException($"{name}: MX needs [pref, host]");
                    return new MxRecord(name, 300, int.Parse(item.List[0], CultureInfo.InvariantCulture), item.List[1]);
                case "PTR":
                    return new NameRecord(name, 300, DnsRecordType.PTR, item.Scalar!);
                case "CNAME":
                    return new NameRecord(name, 300, DnsRecordType.CNAME, item.Scalar!);
                default:
                    throw new InvalidDataException($"unknown zonedata type {item.Type}");
            }
        }

        private static OpenSpfZoneItem ZoneItem(YamlNode node)
        {
            if (node is YamlScalarNode bare)
            {
                if (Text(bare) != "TIMEOUT") throw new InvalidDataException($"unexpected zonedata item {bare}");
                return new OpenSpfZoneItem("TIMEOUT", null, null);
            }
            var pair = ((YamlMappingNode)node).Children.Single();
            // YAML's "\xNN" escapes (the suite's "invalid UTF-8" bytes) arrive as the code points U+0000-U+00FF,
            // i.e. Latin-1 per byte, as PyYAML gives pyspf. Either decoding (Latin-1, or UTF-8 with U+FFFD)
            // leaves characters outside 7-bit ASCII, which is what the tests are about (RFC 7208 §3.1, §4.6.1).
            return pair.Value is YamlSequenceNode list
                ? new OpenSpfZoneItem(Text(pair.Key), null, list.Select(Text).ToList())
                : new OpenSpfZoneItem(Text(pair.Key), Text(pair.Value), null);
        }

        private static SpfResult ParseResult(string text) => (SpfResult)Enum.Parse(typeof(SpfResult), text.ToLowerInvariant(), ignoreCase: false);

        private static IEnumerable<KeyValuePair<YamlNode, YamlNode>> Mapping(YamlMappingNode root, string key)
            => root.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlMappingNode map
                ? map.Children
                : Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>();

        private static string? Optional(YamlMappingNode map, string key)
            => map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? Text(node) : null;

        private static string Text(YamlNode node) => ((YamlScalarNode)node).Value ?? "";

        // "spec" is one section or a list of them.
        private static string Spec(YamlMappingNode test)
            => !test.Children.TryGetValue(new YamlScalarNode("spec"), out var node) ? ""
                : node is YamlSequenceNode list ? string.Join(", ", list.Select(Text)) : Text(node);

        /// <summary>Answers NXDOMAIN for names absent from zonedata (or times out for <c>error.*</c>); the rest from the in-memory store.</summary>
        private sealed class SuiteResolver : IDnsResolver
        {
            private readonly InMemoryDnsResolver _memory;
            private readonly HashSet<string> _names;

            public SuiteResolver(InMemoryDnsResolver memory, HashSet<string> names)
            {
                _memory = memory;
                _names = names;
            }

            public Task<DnsQueryResult> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
            {
                string n = DnsName.Normalize(name);
                if (_names.Contains(n)) return _memory.QueryAsync(n, type, cancellationToken);
                cancellationToken.ThrowIfCancellationRequested();
                return Task.FromResult(n.StartsWith("error.", StringComparison.Ordinal)
                    ? DnsQueryResult.TempFail(n, type, "zonedata: error.* name times out")
                    : new DnsQueryResult(n, type, DnsOutcome.NxDomain));
            }
        }
    }

    /// <summary>Comparison of a result with a suite's expectation, with the evaluator's trace in the failure message.</summary>
    public static class SpfSuiteAssert
    {
        /// <param name="id">The test id, for the message.</param>
        /// <param name="results">Acceptable results.</param>
        /// <param name="explanation">Expected explanation; null: not checked; <see cref="OpenSpfSuite.DefaultExplanation"/>: none.</param>
        /// <param name="actual">What the evaluator returned.</param>
        /// <param name="defaultMeansNone">Whether "DEFAULT" stands for "no explanation" (openspf suites).</param>
        public static void Matches(string id, IReadOnlyList<SpfResult> results, string? explanation, SpfEvaluationResult actual, bool defaultMeansNone = true)
        {
            bool resultOk = results.Contains(actual.Result);
            string? expectedExp = explanation == OpenSpfSuite.DefaultExplanation && defaultMeansNone ? null : explanation;
            bool expOk = explanation is null || string.Equals(expectedExp, actual.Explanation, StringComparison.Ordinal);
            if (resultOk && expOk) return;
            var message = new StringBuilder()
                .AppendLine($"{id}: expected {string.Join(" or ", results)}" + (explanation is null ? "" : $" with explanation {Show(expectedExp)}"))
                .AppendLine($"  got {actual.Result}, explanation {Show(actual.Explanation)}, reason {Show(actual.Reason)}, matched {Show(actual.MatchedTerm)}, lookups {actual.DnsLookupCount}, void {actual.VoidLookupCount}")
                .AppendLine("  trace:");
            foreach (var step in actual.Trace) message.Append("    ").AppendLine(step.ToString());
            Xunit.Assert.Fail(message.ToString());
        }

        private static string Show(string? s) => s is null ? "(none)" : "\"" + s + "\"";
    }
}
