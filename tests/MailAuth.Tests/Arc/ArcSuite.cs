using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using MailAuth.Dns;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MailAuth.Tests.Arc
{
    /// <summary>
    /// Reads the ValiMail ARC suites (TestData/arc/valimail). A small event-based loader rather than
    /// YamlDotNet's model: the validation file repeats four test names inside one scenario, and YAML
    /// loaders (the suite's own Python harness included) keep the later entry, which this does too.
    /// </summary>
    internal static class ArcSuite
    {
        public static string PathOf(params string[] parts) => Path.Combine(new[] { AppContext.BaseDirectory, "TestData", "arc" }.Concat(parts).ToArray());

        public static List<Dictionary<string, object?>> Documents(string file)
        {
            // The signing file writes an empty expectation as "AS: |" followed by a line of spaces, which
            // YamlDotNet refuses (PyYAML reads it as empty); such a first line is made empty. A message's
            // first line is a header field, never blank, so no message changes.
            string text = System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(PathOf("valimail", file), Encoding.UTF8), @"(\|[ \t]*\n)[ \t]+\n", "$1\n");
            using var reader = new StringReader(text);
            var parser = new Parser(reader);
            var docs = new List<Dictionary<string, object?>>();
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out _))
            {
                if (ReadNode(parser) is Dictionary<string, object?> doc) docs.Add(doc);
                parser.Consume<DocumentEnd>();
            }
            return docs;
        }

        private static object? ReadNode(IParser parser)
        {
            if (parser.TryConsume<Scalar>(out var scalar)) return scalar.Value;
            if (parser.TryConsume<MappingStart>(out _))
            {
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    string key = parser.Consume<Scalar>().Value;
                    map[key] = ReadNode(parser);   // later entries win
                }
                return map;
            }
            if (parser.TryConsume<SequenceStart>(out _))
            {
                var list = new List<object?>();
                while (!parser.TryConsume<SequenceEnd>(out _)) list.Add(ReadNode(parser));
                return list;
            }
            throw new InvalidOperationException("unexpected YAML event " + parser.Current);
        }

        /// <summary>The scenario's DNS TXT records (<c>txt-records</c>, or <c>txt_records</c> in older files).</summary>
        public static InMemoryDnsResolver Dns(Dictionary<string, object?> scenario)
        {
            var dns = new InMemoryDnsResolver();
            var records = (scenario.TryGetValue("txt-records", out var r) ? r : scenario.GetValueOrDefault("txt_records")) as Dictionary<string, object?>;
            foreach (var kv in records ?? new Dictionary<string, object?>())
                dns.AddTxt(kv.Key, ((string)kv.Value!).Replace("\n", string.Empty).Trim());
            return dns;
        }

        public static byte[] Crlf(string message) => Encoding.Latin1.GetBytes(message.Replace("\r\n", "\n").Replace("\n", "\r\n"));

        public sealed class Case
        {
            public Case(string scenario, string name, Dictionary<string, object?> test, Dictionary<string, object?> doc)
            {
                Scenario = scenario;
                Name = name;
                Test = test;
                Document = doc;
            }

            public string Scenario { get; }
            public string Name { get; }
            public Dictionary<string, object?> Test { get; }
            public Dictionary<string, object?> Document { get; }
            public string Get(string key) => Test.TryGetValue(key, out var v) && v is string s ? s : string.Empty;
            public override string ToString() => Name;
        }

        public static IEnumerable<Case> Cases(string file)
        {
            foreach (var doc in Documents(file))
            {
                string scenario = ((doc.GetValueOrDefault("description") as string) ?? string.Empty).Trim();
                foreach (var kv in (Dictionary<string, object?>)doc["tests"]!)
                    yield return new Case(scenario, kv.Key, (Dictionary<string, object?>)kv.Value!, doc);
            }
        }
    }
}
