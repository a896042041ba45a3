using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Arc;
using MailAuth.AuthResults;
using MailAuth.Bimi;
using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.Findings;
using MailAuth.MtaSts;
using MailAuth.Reports;
using MailAuth.Smtp;
using MailAuth.Spf;
using MailAuth.TlsRpt;
using Xunit;
using Xunit.Abstractions;

namespace MailAuth.Tests.Fuzz
{
    /// <summary>
    /// Every parser of the core on mutated and generated input: no exception but the documented ones, no input
    /// slower than 2 s. Each test prints how many inputs it ran. One collection, so the targets run one after
    /// another (each is single-threaded) beside the rest of the suite.
    /// </summary>
    [Collection("Fuzz")]
    public class ParserFuzzTests
    {
        private readonly ITestOutputHelper _output;
        public ParserFuzzTests(ITestOutputHelper output) => _output = output;

        private static string Text(byte[] b) => Encoding.UTF8.GetString(b);

        // The DMARC verdicts met, printed after the run: a target whose seeds never pass would test only the error paths.
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> Verdicts = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        private static void Seen(object verdict) => Verdicts.AddOrUpdate(verdict.ToString()!, 1, (_, n) => n + 1);
        private static bool None(Exception e) => false;

        // ---- records ----

        [Fact, FuzzTarget]
        public Task SpfRecord() => FuzzRunner.RunAsync(new FuzzTarget("spf-record",
            FuzzSeeds.Strings(@"v=spf1[^""\r\n]*", "v=spf1"),
            b =>
            {
                string text = Text(b);
                var r = SpfParser.Parse(text);
                Assert.Equal(text, r.Text);
                // Position is the 1-based offset of the term in the record.
                Assert.All(r.Terms, t => Assert.Equal(t.Text, text.Substring(t.Position - 1, t.Text.Length)));
                Assert.True(r.IsValid || r.Errors.All(e => e.Id.StartsWith("Spf.", StringComparison.Ordinal)));
            }, None)
        { Dictionary = Grammar.SpfWords, Generate = r => Encoding.UTF8.GetBytes(Grammar.SpfRecord(r).Text) }, _output);

        [Fact, FuzzTarget]
        public Task SpfMacroExpansion() => FuzzRunner.RunAsync(new FuzzTarget("spf-macro",
            FuzzSeeds.Strings(@"%\{[^ ""\r\n]*", null, "%{i}._spf.%{d}", "%{ir}.%{v}._spf.%{d2}", "%{l1r-}.%{o}", "%{s}%%%_%-", "%{p}.%{h}.%{c}.%{r}.%{t}", "exp-%{d}"),
            b =>
            {
                string text = Text(b);
                // The evaluator only expands what the parser accepted; the expansion must then succeed, bounded.
                var record = SpfParser.Parse("v=spf1 exp=" + text);
                if (!record.IsValid || record.Explanation?.Value is null) return;
                var ctx = new SpfMacroContext("user.name@mail.example.com", "user.name", "mail.example.com", IPAddress.Parse(b.Length % 2 == 0 ? "192.0.2.3" : "2001:db8::cb01"),
                    "helo.example.org", "mx.example.net", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), (d, c) => Task.FromResult("validated." + d));
                string expanded = SpfMacro.ExpandAsync(record.Explanation.Value, ctx, "example.com", CancellationToken.None).GetAwaiter().GetResult();
                Assert.True(expanded.Length <= SpfMacro.MaxExpandedLength);
            }, e => e is FormatException)
        { Dictionary = Grammar.MacroWords }, _output);

        [Fact, FuzzTarget]
        public Task DmarcRecord() => FuzzRunner.RunAsync(new FuzzTarget("dmarc-record",
            FuzzSeeds.Strings(@"v=DMARC1[^""\r\n]*", "v=DMARC1"),
            b =>
            {
                string text = Text(b);
                var r = DmarcParser.Parse(text);
                Assert.Equal(text, r.Text);
                Assert.True(r.Percent is null || (r.Percent >= 0 && r.Percent <= 100), $"pct={r.Percent}");
            }, None)
        { Dictionary = Grammar.DmarcWords, Generate = r => Encoding.UTF8.GetBytes(Grammar.DmarcRecord(r).Text) }, _output);

        [Fact, FuzzTarget]
        public Task DmarcIdentifierResult() => FuzzRunner.RunAsync(new FuzzTarget("dmarc-identifier",
            FuzzSeeds.Strings(@"(?:dkim|spf)=[a-z]+ [^\r\n;]*", null, "pass:example.com", "fail:sub.example.org", "dkim=pass header.d=example.com header.s=sel", "spf=pass smtp.mailfrom=user@example.com"),
            b => Assert.NotNull(MailAuth.Dmarc.DmarcIdentifierResult.Parse(Text(b)).Domain),
            e => e is FormatException), _output);

        [Fact, FuzzTarget]
        public Task DkimKeyRecord() => FuzzRunner.RunAsync(new FuzzTarget("dkim-key-record",
            FuzzSeeds.Strings(@"v=DKIM1[^""\r\n]*", "v=DKIM1", FuzzKeys.Instance.Ed25519.KeyRecord, FuzzKeys.Instance.Rsa.KeyRecord, "v=DKIM1; p=", "k=rsa; t=y:s; h=sha256; s=email; p=" + FuzzKeys.Instance.Rsa.PublicKeyData),
            b =>
            {
                var r = MailAuth.Dkim.DkimKeyRecord.Parse(Text(b));
                Assert.True(r.IsValid || !r.HasKey || r.Errors.Count > 0);
            }, None)
        { Dictionary = Grammar.TagWords }, _output);

        [Fact, FuzzTarget]
        public Task DkimTagList() => FuzzRunner.RunAsync(new FuzzTarget("dkim-tag-list",
            FuzzSeeds.HeaderValues("DKIM-Signature", "ARC-Message-Signature", "ARC-Seal"),
            b =>
            {
                bool ok = MailAuth.Dkim.DkimTagList.TryParse(Text(b), out var list, out string? error);
                Assert.True(ok ? error is null : error != null, "an error exactly when the list is refused");
                if (ok) Assert.All(list.Tags, t => Assert.False(string.IsNullOrEmpty(t.Key)));
            }, None)
        { Dictionary = Grammar.TagWords, Generate = r => Encoding.UTF8.GetBytes(Grammar.TagList(r).Text) }, _output);

        [Fact, FuzzTarget]
        public Task DkimSignatureHeader() => FuzzRunner.RunAsync(new FuzzTarget("dkim-signature",
            FuzzSeeds.HeaderValues("DKIM-Signature", "ARC-Message-Signature", "ARC-Seal"),
            b =>
            {
                // The value goes into a one-field message, so the header splitter is exercised too.
                var message = DkimMessage.Parse(FuzzKeys.Ascii("DKIM-Signature:").Concat(b).Concat(FuzzKeys.Ascii("\r\n\r\nbody\r\n")).ToArray());
                foreach (var field in message.Headers)
                    foreach (var kind in new[] { SignatureKind.Dkim, SignatureKind.ArcMessageSignature, SignatureKind.ArcSeal })
                    {
                        bool ok = MailAuth.Dkim.DkimSignatureHeader.TryParse(field, kind, out var header, out string? error);
                        Assert.True(ok ? error is null && header != null : error != null);
                    }
            }, None)
        { Dictionary = Grammar.TagWords }, _output);

        [Fact, FuzzTarget]
        public Task DkimPrivateKey() => FuzzRunner.RunAsync(new FuzzTarget("dkim-private-key",
            // One RSA key of each PEM form (PKCS#1 1024-bit, PKCS#8 2048-bit) and the Ed25519 seeds: a mutated RSA key that
            // still parses costs a primality test, so the large PKCS#1 copies would only slow the run.
            FuzzSeeds.Files(f => f.EndsWith("/dkim/keys/test.private", StringComparison.Ordinal) || f.EndsWith("/dkim/keys/ed25519test.key", StringComparison.Ordinal)
                || f.EndsWith("/dkim/keys/rfc8032_7_1.key", StringComparison.Ordinal) || f.EndsWith("/samples/keys/northwind-demo.pem", StringComparison.Ordinal)),
            b => Assert.NotNull(DkimPrivateKeyReader.Parse(b, "fuzz.pem").KeyRecord),
            e => e is DkimPrivateKeyException)
        { CiInputs = 10_000 }, _output);

        [Fact, FuzzTarget]
        public Task TlsRptRecord() => FuzzRunner.RunAsync(new FuzzTarget("tlsrpt-record",
            FuzzSeeds.Strings(@"v=TLSRPTv1[^""\r\n]*", "v=TLSRPTv1", "v=TLSRPTv1; rua=mailto:tlsrpt@example.com,https://reports.example.com/tlsrpt"),
            b => Assert.NotNull(TlsRptLookup.ParseRecord(Text(b), "example.com").Findings), None)
        { Dictionary = Grammar.TransportWords }, _output);

        [Fact, FuzzTarget]
        public Task MtaStsRecord() => FuzzRunner.RunAsync(new FuzzTarget("mta-sts-record",
            FuzzSeeds.Strings(@"v=STSv1[^""\r\n]*", "v=STSv1", "v=STSv1; id=20160831085700Z;", "v=STSv1;id=abc123; ext=1"),
            b =>
            {
                var errors = MtaStsChecker.CheckRecord(Text(b), out string? id);
                Assert.True(errors.Count > 0 || id != null, "a valid record has an id");
            }, None)
        { Dictionary = Grammar.TransportWords }, _output);

        [Fact, FuzzTarget]
        public Task MtaStsPolicy() => FuzzRunner.RunAsync(new FuzzTarget("mta-sts-policy",
            Grammar.MtaStsPolicies.Select(Encoding.UTF8.GetBytes).ToList(),
            b =>
            {
                var result = new MtaStsPolicyResult("example.com");
                var findings = new List<Finding>();
                bool ok = MtaStsChecker.ApplyPolicy(result, Text(b), findings);
                Assert.True(ok || findings.Count > 0, "an invalid policy says why");
                foreach (var mx in result.Mx.Take(20)) MtaStsChecker.MxMatches(mx, "mail.example.com");
            }, None)
        { Dictionary = Grammar.TransportWords }, _output);

        [Fact, FuzzTarget]
        public Task BimiRecord() => FuzzRunner.RunAsync(new FuzzTarget("bimi-record",
            FuzzSeeds.Strings(@"v=BIMI1[^""\r\n]*", "v=BIMI1", "v=BIMI1; l=https://bimi.example.com/logo.svg; a=https://bimi.example.com/vmc.pem", "v=BIMI1; l=; a=;", "v=BIMI1; avp=brand; l=https://example.com/l.svg"),
            b =>
            {
                var result = new BimiRecordResult("example.com", "default");
                var findings = new List<Finding>();
                BimiChecker.Parse(Text(b), result, findings);
            }, None)
        { Dictionary = Grammar.TransportWords }, _output);

        [Fact, FuzzTarget]
        public Task BimiSvg() => FuzzRunner.RunAsync(new FuzzTarget("bimi-svg",
            Grammar.Svgs.Select(Encoding.UTF8.GetBytes).Concat(new[] { Grammar.Gzip(Encoding.UTF8.GetBytes(Grammar.Svgs[0])) }).ToList(),
            b => Assert.NotNull(BimiSvgCheck.Check(b).Findings), None)
        { Dictionary = new[] { "<svg", "</svg>", "<title>", "</title>", "<script>", "xlink:href=\"http://x\"", "<animate/>", "<!ENTITY a \"b\">", "&a;", "<?xml version=\"1.0\"?>", "baseProfile=\"tiny-ps\"" } }, _output);

        // ---- zone files ----

        [Fact, FuzzTarget]
        public Task ZoneFile() => FuzzRunner.RunAsync(new FuzzTarget("zone-file",
            FuzzSeeds.ZoneFiles().Select(System.IO.File.ReadAllBytes).ToList(),
            b =>
            {
                var content = ZoneFileParser.Parse(Text(b), "fuzz.zone", "example.");
                Assert.All(content.Records, r => Assert.True(r.Name.Length <= 253, r.Name));
            }, e => e is ZoneFileException)
        { Dictionary = Grammar.ZoneWords, Generate = r => Encoding.UTF8.GetBytes(Grammar.Zone(r).Text), CiInputs = 10_000 }, _output);

        // ---- Authentication-Results and messages ----

        [Fact, FuzzTarget]
        public Task AuthenticationResultsField() => FuzzRunner.RunAsync(new FuzzTarget("auth-results",
            FuzzSeeds.HeaderValues("Authentication-Results", "ARC-Authentication-Results"),
            b =>
            {
                var ar = AuthenticationResults.Parse(Text(b));
                Assert.NotNull(ar.Results);
                // A result that could not be read is kept (with its text) and named in Errors.
                Assert.True(ar.Results.All(r => r.Method.Length > 0) || ar.Errors.Count > 0);
            }, None)
        { Dictionary = new[] { "dkim=pass", "spf=fail", "dmarc=none", "arc=pass", "header.d=", "smtp.mailfrom=", "reason=\"", "(comment", "none", "i=1;", "; " } }, _output);

        [Fact, FuzzTarget]
        public async Task DkimVerification()
        {
            Verdicts.Clear();
            await FuzzRunner.RunAsync(new FuzzTarget("dkim-message",
                FuzzKeys.SignedMessages.Value,
                b =>
                {
                    var results = DkimVerifier.VerifyAsync(b, FuzzKeys.Instance, new DkimVerifyOptions { AsOf = new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero) }).GetAwaiter().GetResult();
                    Assert.True(results.Count <= 10, "at most MaxSignatures results");
                    foreach (var r in results) Seen(r.Result);
                }, e => e is DkimMessageTooLargeException)
            { Dictionary = new[] { "\r\nDKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=rsa; h=from; bh=; b=", "From: a@b\r\n", "\r\n\r\n", " l=0;", " l=99999999999;", "c=relaxed/relaxed", "c=simple", "h=from:from:from" } }, _output);
            _output.WriteLine("DKIM results: " + string.Join(", ", Verdicts.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key} {v.Value}")));
            Assert.True(Verdicts.ContainsKey("pass") && Verdicts.ContainsKey("fail"), "the seeds verify and their mutations fail");
        }

        [Fact, FuzzTarget]
        public async Task ArcChain()
        {
            Verdicts.Clear();
            await FuzzRunner.RunAsync(new FuzzTarget("arc-chain",
                FuzzKeys.SealedMessages.Value,
                b =>
                {
                    var chain = ArcValidator.ValidateAsync(b, FuzzKeys.Instance).GetAwaiter().GetResult();
                    Seen(chain.ChainResult);
                    ArcSealer.ConsolidatedResults(b, "mx.example.org");
                }, e => e is DkimMessageTooLargeException)
            { Dictionary = new[] { "ARC-Seal: i=1; a=rsa-sha256; cv=none; d=x; s=rsa; b=", "ARC-Message-Signature: i=2;", "ARC-Authentication-Results: i=1; mx; dkim=pass", "i=50", "i=51", "i=0", "cv=fail", "cv=pass", "\r\n" } }, _output);
            _output.WriteLine("ARC chain results: " + string.Join(", ", Verdicts.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key} {v.Value}")));
            Assert.True(Verdicts.ContainsKey("pass") && Verdicts.ContainsKey("fail"), "the seeds validate and their mutations fail");
        }

        [Fact, FuzzTarget]
        public async Task DmarcEvaluation()
        {
            // Seeds signed by the From domain and received from an address its SPF record allows, so they pass DMARC.
            var seeds = FuzzSeeds.Messages().Where(m => m.Length < 64 * 1024).Select(m =>
            {
                var from = DkimMessage.Parse(m).Headers.FirstOrDefault(h => h.Name.Equals("From", StringComparison.OrdinalIgnoreCase));
                var domain = from is null ? null : System.Text.RegularExpressions.Regex.Match(from.Value, @"@([A-Za-z0-9.-]+[A-Za-z0-9])").Groups[1].Value;
                if (string.IsNullOrEmpty(domain)) return null;
                try { m = FuzzKeys.Instance.Sign(m, true, domain); } catch (DkimSignException) { return null; }
                return FuzzKeys.Ascii($"Return-Path: <bounce@{domain}>\r\nReceived: from mail.{domain} (mail.{domain} [192.0.2.7])\r\n\tby mx.example.org with ESMTPS; Thu, 1 Jan 2026 00:00:00 +0000\r\n").Concat(m).ToArray();
            }).Where(m => m != null).Select(m => m!).ToList();
            Verdicts.Clear();
            await FuzzRunner.RunAsync(new FuzzTarget("dmarc-message", seeds,
                b =>
                {
                    // From, Return-Path and Received are read from the message (no envelope given), then SPF, DKIM and DMARC.
                    var result = DmarcEvaluator.EvaluateAsync(new DmarcEvaluationRequest(b) { AsOf = new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero) }, FuzzKeys.Instance).GetAwaiter().GetResult();
                    Assert.NotNull(result.ToString());
                    Seen(result.Result);
                }, e => e is DkimMessageTooLargeException)
            { Dictionary = new[] { "From: ", "From: a@example.com, b@example.org\r\n", "From: \"x\" <a@[192.0.2.1]>\r\n", "Return-Path: <>\r\n", "Received: from x ([", "]) by y;", "(", ")", "<", ">", "@", "=?utf-8?b?", "?=" } }, _output);
            _output.WriteLine("DMARC verdicts: " + string.Join(", ", Verdicts.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key} {v.Value}")));
            Assert.True(Verdicts.ContainsKey("pass") && Verdicts.ContainsKey("fail"), "the seeds pass and their mutations fail");
        }

        // ---- reports ----

        private static readonly ReportReadOptions SmallLimits = new ReportReadOptions();

        [Fact, FuzzTarget]
        public Task DmarcReport() => FuzzRunner.RunAsync(new FuzzTarget("dmarc-report",
            FuzzSeeds.Files(f => (f.Contains("/reports/parsedmarc/aggregate") || f.Contains("/reports/parsedmarc/failure") || f.Contains("/reports/mail-auth/") || f.Contains("/samples/reports/"))
                && !f.EndsWith(".json", StringComparison.Ordinal) && !f.EndsWith(".md", StringComparison.Ordinal) && !f.Contains("LICENSE"), 128 * 1024),
            b =>
            {
                var reports = DmarcReportReader.Read(b, "fuzz", SmallLimits);
                Assert.NotEmpty(reports);
            }, e => e is ReportFormatException || e is ReportTooLargeException)
        { Dictionary = Grammar.ReportWords }, _output);

        [Fact, FuzzTarget]
        public Task TlsRptReport() => FuzzRunner.RunAsync(new FuzzTarget("tlsrpt-report",
            FuzzSeeds.Files(f => f.Contains("/reports/tlsrpt/") && !f.Contains("LICENSE") || f.Contains("/samples/reports/") && f.Contains(".json"), 128 * 1024),
            b =>
            {
                var reports = TlsRptReportReader.Read(b, "fuzz", SmallLimits);
                Assert.NotEmpty(reports);
                Assert.All(reports, r => Assert.True(r.Policies.All(p => p.FailedSessionCount >= 0 && p.SuccessfulSessionCount >= 0)));
            }, e => e is ReportFormatException || e is ReportTooLargeException)
        { Dictionary = Grammar.ReportWords }, _output);

        [Fact, FuzzTarget]
        public Task BimiEvidence() => FuzzRunner.RunAsync(new FuzzTarget("bimi-evidence",
            FuzzKeys.EvidencePems.Value,
            b =>
            {
                var result = new BimiRecordResult("example.com", "default") { Evidence = "https://bimi.example.com/vmc.pem" };
                var findings = new List<Finding>();
                BimiChecker.ReadEvidence(result, b, findings);
                Assert.True(result.EvidenceCertificate != null || findings.Count > 0, "an unreadable certificate is a finding");
                // What the cmdlet shows later must not throw either (the platform decodes fields lazily).
                if (result.EvidenceCertificate is { } c) Assert.NotNull(c.ToString() + c.SerialNumber + string.Join(",", c.DnsNames));
            }, None)
        { Dictionary = new[] { "-----BEGIN CERTIFICATE-----\n", "\n-----END CERTIFICATE-----\n", "MII", "=" } }, _output);

        // ---- SMTP ----

        [Fact, FuzzTarget]
        public Task SmtpReply() => FuzzRunner.RunAsync(new FuzzTarget("smtp-reply",
            new[] { "220 mx.example.com ESMTP Postfix\r\n", "250-mx.example.com\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n250 8BITMIME\r\n",
                "220 2.0.0 Ready to start TLS\r\n", "554 5.7.1 no\r\n", "221 2.0.0 Bye\n" }.Select(Encoding.ASCII.GetBytes).ToList(),
            b =>
            {
                // A server's reply is read from the network: IOException is the documented answer to anything malformed.
                var reply = SmtpTlsProbe.ReadReplyAsync(new System.IO.MemoryStream(b), CancellationToken.None).GetAwaiter().GetResult();
                Assert.InRange(reply.Code, 0, 999);
            }, e => e is System.IO.IOException), _output);

        // ---- small ones ----

        [Fact, FuzzTarget]
        public Task DomainNameInput() => FuzzRunner.RunAsync(new FuzzTarget("domain-name",
            new[] { "contoso.com", " *.Contoso.COM. ", "bücher.example", "xn--bcher-kva.example", "a.b", "_dmarc.example.org", "localhost" }.Select(Encoding.UTF8.GetBytes).ToList(),
            b =>
            {
                string name = DnsName.NormalizeInput(Text(b));
                Assert.InRange(name.Length, 1, 253);
                Assert.Equal(name, DnsName.NormalizeInput(name));   // normalising is idempotent
            }, e => e is FormatException), _output);

        [Fact, FuzzTarget]
        public Task DnsServer() => FuzzRunner.RunAsync(new FuzzTarget("dns-server",
            new[] { "192.0.2.53", "127.0.0.1:5353", "2001:db8::53", "[2001:db8::53]:5353", "system" }.Select(Encoding.UTF8.GetBytes).ToList(),
            b => Assert.InRange(DnsServerEndpoint.Parse(Text(b)).Port, 1, 65535),
            e => e is FormatException), _output);
    }
}
