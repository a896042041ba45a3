using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.Spf;
using Xunit;
using Xunit.Abstractions;

namespace MailAuth.Tests.Fuzz
{
    /// <summary>
    /// parse(write(x)) = x: a model is generated, written (by the core's writer where it has one, else by the
    /// grammar), parsed, and what the parser read is compared with the model, never with earlier output.
    /// </summary>
    [Collection("Fuzz")]
    public class RoundTripTests
    {
        private readonly ITestOutputHelper _output;
        public RoundTripTests(ITestOutputHelper output) => _output = output;

        private int Seed(string name) => FuzzSettings.Seed ^ FuzzSettings.StableHash("roundtrip-" + name);

        private void Report(string name, int count) => _output.WriteLine($"{name}: {count} generated inputs, seed {Seed(name)}");

        private static string Show(string s) => s.Replace("\r", "\\r").Replace("\n", "\\n").Replace("\t", "\\t");

        [Fact]
        public void Spf_record_reads_back_the_terms_it_was_written_from()
        {
            var r = new Random(Seed("spf"));
            const int count = 10_000;
            for (int i = 0; i < count; i++)
            {
                var model = Grammar.SpfRecord(r);
                var parsed = SpfParser.Parse(model.Text);
                Assert.True(parsed.IsValid, $"'{model.Text}': {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
                Assert.Equal(model.Terms.Count, parsed.Terms.Count);
                for (int t = 0; t < model.Terms.Count; t++)
                {
                    var m = model.Terms[t];
                    var p = parsed.Terms[t];
                    string where = $"term {t + 1} of '{model.Text}'";
                    Assert.True(p.Kind == (m.Modifier ? SpfTermKind.Modifier : SpfTermKind.Mechanism), where);
                    Assert.True(m.Name == p.Name, where);
                    Assert.True(m.Value == p.Value, $"{where}: value '{p.Value}'");
                    Assert.True(m.Cidr4 == p.Ip4Cidr && m.Cidr6 == p.Ip6Cidr, $"{where}: /{p.Ip4Cidr} //{p.Ip6Cidr}");
                    if (!m.Modifier)
                    {
                        var expected = m.Qualifier switch { "-" => SpfQualifier.fail, "~" => SpfQualifier.softfail, "?" => SpfQualifier.neutral, _ => SpfQualifier.pass };
                        Assert.True(expected == p.Qualifier, where);
                    }
                }
            }
            Report("spf", count);
        }

        [Fact]
        public void Dmarc_record_reads_back_its_tags_and_typed_values()
        {
            var r = new Random(Seed("dmarc"));
            const int count = 10_000;
            for (int i = 0; i < count; i++)
            {
                var model = Grammar.DmarcRecord(r);
                var parsed = DmarcParser.Parse(model.Text);
                Assert.True(parsed.Errors.Count == 0, $"'{model.Text}': {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
                Assert.Equal(model.Tags.Select(t => t.Key + "=" + t.Value), parsed.Tags.Select(t => t.Name + "=" + t.Value));
                string? Tag(string n) => model.Tags.Where(t => t.Key == n).Select(t => t.Value).FirstOrDefault();
                Assert.Equal(Tag("p"), parsed.Policy?.ToString());
                if (Tag("sp") is string sp) Assert.Equal(sp, parsed.SubdomainPolicy?.ToString());
                if (Tag("pct") is string pct) Assert.Equal(int.Parse(pct, CultureInfo.InvariantCulture), parsed.Percent);
                if (Tag("ri") is string ri) Assert.Equal(long.Parse(ri, CultureInfo.InvariantCulture), parsed.ReportInterval);
                if (Tag("rua") is string rua) Assert.Equal(rua.Split(',').Length, parsed.AggregateReportUris.Count);
                Assert.Equal(Tag("t") == "y", parsed.TestMode);
            }
            Report("dmarc", count);
        }

        [Fact]
        public void Dkim_tag_list_reads_back_names_and_values()
        {
            var r = new Random(Seed("taglist"));
            const int count = 10_000;
            for (int i = 0; i < count; i++)
            {
                var model = Grammar.TagList(r);
                Assert.True(DkimTagList.TryParse(model.Text, out var list, out string? error), $"'{Show(model.Text)}': {error}");
                // RFC 6376 §3.2: white space around tags and values is not part of them; inner folding white space is.
                Assert.Equal(model.Tags.Select(t => t.Key + "=" + t.Value), list.Tags.Select(t => t.Key + "=" + t.Value));
            }
            Report("taglist", count);
        }

        [Fact]
        public void Zone_file_reads_back_the_records_DnsRecord_writes()
        {
            var r = new Random(Seed("zone"));
            const int count = 10_000;
            for (int i = 0; i < count; i++)
            {
                var model = Grammar.Zone(r);
                var parsed = ZoneFileParser.Parse(model.Text, "roundtrip.zone");
                Assert.True(parsed.Records.Count == model.Records.Count, $"{parsed.Records.Count} records from {Show(model.Text)}");
                for (int k = 0; k < model.Records.Count; k++)
                    Assert.True(model.Records[k].ToString() == parsed.Records[k].ToString(), $"written {Show(model.Records[k].ToString())}, read {Show(parsed.Records[k].ToString())}");
            }
            Report("zone", count);
        }

        [Fact]
        public void Private_key_written_as_PKCS8_reads_back_as_the_same_key()
        {
            // SavePkcs8 is the core's key writer (New-DkimKey); the reader must give back the key it was given.
            var r = new Random(Seed("pkcs8"));
            const int count = 500;
            string dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mailauth-fuzz-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(dir);
            try
            {
                for (int i = 0; i < count; i++)
                {
                    var seed = new byte[32];
                    r.NextBytes(seed);
                    var key = i == 0 ? FuzzKeys.Instance.Rsa : DkimSigningKey.FromEd25519Seed(seed);
                    string path = System.IO.Path.Combine(dir, i + ".pem");
                    key.SavePkcs8(path);
                    var back = DkimSigningKey.Load(path);
                    Assert.Equal(key.Algorithm, back.Algorithm);
                    Assert.Equal(key.PublicKeyData, back.PublicKeyData);
                    // Same public key is not enough: the private half must sign the same (Ed25519 is deterministic).
                    if (key.Algorithm == DkimSigningAlgorithm.Ed25519Sha256)
                    {
                        byte[] message = Encoding.ASCII.GetBytes("From: a@example.com\r\n\r\nbody\r\n");
                        var options = new DkimSignOptions { Domain = "example.com", Selector = "ed", Timestamp = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000) };
                        Assert.Equal(DkimSigner.Sign(message, key, options).Header, DkimSigner.Sign(message, back, options).Header);
                    }
                }
            }
            finally { System.IO.Directory.Delete(dir, recursive: true); }
            Report("pkcs8", count);
        }

        [Fact]
        public async System.Threading.Tasks.Task Dkim_signature_written_by_the_signer_parses_back_and_verifies()
        {
            // The signer is the writer of DKIM-Signature fields: its field must parse to the options it was given and verify.
            var r = new Random(Seed("dkimsign"));
            var keys = FuzzKeys.Instance;
            const int count = 1_000;
            var when = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            for (int i = 0; i < count; i++)
            {
                var headers = new List<string> { "From: " + Grammar.Label(r) + "@" + Grammar.DomainName(r) };
                int extra = r.Next(6);
                for (int h = 0; h < extra; h++)
                    headers.Insert(r.Next(headers.Count + 1), Grammar.Label(r) + ":" + string.Concat(Enumerable.Range(0, r.Next(4)).Select(_ => Grammar.Pick(r, new[] { " x", "\t y", "\r\n z", "  ", " é" }))));
                string body = string.Concat(Enumerable.Range(0, r.Next(5)).Select(_ => Grammar.Pick(r, new[] { "line\r\n", " \t\r\n", "\r\n", "tail  " })));
                byte[] message = Encoding.UTF8.GetBytes(string.Join("\r\n", headers) + "\r\n\r\n" + body);
                string domain = Grammar.DomainName(r);
                bool ed = r.Next(4) != 0;   // mostly Ed25519: RSA signing is slow on this machine
                var options = new DkimSignOptions
                {
                    Domain = domain, Selector = ed ? "ed" : "rsa", Timestamp = when,
                    Canonicalization = Grammar.Pick(r, new[] { "relaxed/relaxed", "simple/simple", "relaxed/simple", "simple/relaxed" }),
                    BodyLength = r.Next(2) == 0,
                };
                var signed = DkimSigner.Sign(message, ed ? keys.Ed25519 : keys.Rsa, options);
                var parsedMessage = DkimMessage.Parse(signed.Bytes);
                var field = parsedMessage.Headers[0];
                Assert.True(DkimSignatureHeader.TryParse(field, out var sig, out string? error), error);
                Assert.Equal(domain, sig!.Domain);
                Assert.Equal(options.Selector, sig.Selector);
                Assert.Equal(options.Canonicalization, sig.HeaderCanonicalization + "/" + sig.BodyCanonicalization);
                Assert.Equal(when.ToUnixTimeSeconds(), sig.Timestamp?.ToUnixTimeSeconds());
                Assert.Equal(signed.SignedHeaders.Select(h => h.ToLowerInvariant()), sig.SignedHeaders.Select(h => h.ToLowerInvariant()));
                var results = await DkimVerifier.VerifyAsync(signed.Bytes, keys, new DkimVerifyOptions { AsOf = when });
                Assert.True(results.Count == 1 && results[0].Result == DkimResult.pass, $"{results[0].Result} {results[0].ReasonText} for {Show(Encoding.UTF8.GetString(signed.Bytes))}");
            }
            Report("dkimsign", count);
        }
    }
}
