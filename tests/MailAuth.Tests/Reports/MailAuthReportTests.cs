using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MailAuth.Reports;
using Xunit;

namespace MailAuth.Tests.Reports
{
    /// <summary>
    /// stalwartlabs/mail-auth's report samples against the expected values in their .json files, read
    /// here field by field. mail-auth writes its Rust enums (Quarantine, TrustedForwarder, MailFrom,
    /// Unspecified for absent); <see cref="Word"/> maps our RFC words to them, and absent values are
    /// null, "" or "Unspecified" there. Where our model says more, the test says so.
    /// </summary>
    public class MailAuthReportTests
    {
        private static string Data(params string[] parts) => ReportSampleTests.Data(parts);

        // Our enum word in mail-auth's spelling: lower case without '_' or '-'; null is "unspecified".
        private static string Word(object? value) => value is null ? "unspecified" : Regex.Replace(value.ToString()!, "[-_]", string.Empty).ToLowerInvariant();

        private static string Expected(JsonNode? node) => node is null ? "unspecified" : Regex.Replace(node.GetValue<string>(), "[-_]", string.Empty).ToLowerInvariant();

        private static string? Str(JsonNode? node) => node?.GetValue<string>();

        private static string Collapse(string? s) => s is null ? string.Empty : Regex.Replace(s, @"\s+", " ").Trim();

        [Theory]
        [InlineData("001.xml")]
        [InlineData("002.xml")]
        [InlineData("003.xml")]
        [InlineData("004.xml")]
        [InlineData("005.xml")]
        [InlineData("100.eml")]
        [InlineData("101.eml")]
        [InlineData("102.eml")]
        [InlineData("103.eml")]
        [InlineData("104.eml")]
        public void Aggregate_MatchesExpectedJson(string file)
        {
            var expected = JsonNode.Parse(File.ReadAllText(Data("mail-auth", "dmarc-feedback", Path.ChangeExtension(file, ".json"))))!;
            var report = Assert.IsType<DmarcAggregateReport>(Assert.Single(DmarcReportReader.ReadFile(Data("mail-auth", "dmarc-feedback", file))));

            // version: mail-auth writes 0.0 when the element is absent.
            double version = expected["version"]!.GetValue<double>();
            if (version == 0) Assert.Null(report.Version);
            else Assert.Equal(version, double.Parse(report.Version!, System.Globalization.CultureInfo.InvariantCulture));

            var meta = expected["report_metadata"]!;
            Assert.Equal(Str(meta["org_name"]), report.OrgName);
            Assert.Equal(Str(meta["email"]), report.Email);
            Assert.Equal(Str(meta["extra_contact_info"]), report.ExtraContactInfo);
            Assert.Equal(Str(meta["report_id"]), report.ReportId);
            Assert.Equal(meta["date_range"]!["begin"]!.GetValue<long>(), new DateTimeOffset(report.Begin!.Value).ToUnixTimeSeconds());
            Assert.Equal(meta["date_range"]!["end"]!.GetValue<long>(), new DateTimeOffset(report.End!.Value).ToUnixTimeSeconds());
            Assert.Equal(meta["error"]!.AsArray().Select(e => Str(e)).ToArray(), report.Errors.ToArray());
            Assert.Equal(Str(meta["generator"]), report.Generator);

            var policy = expected["policy_published"]!;
            Assert.Equal(Str(policy["domain"]), report.Policy.Domain);
            Assert.Equal(Str(policy["version_published"]), report.Policy.VersionPublished);
            Assert.Equal(Expected(policy["adkim"]), Word(report.Policy.DkimAlignment));
            Assert.Equal(Expected(policy["aspf"]), Word(report.Policy.SpfAlignment));
            Assert.Equal(Expected(policy["p"]), Word(report.Policy.Policy));
            Assert.Equal(Expected(policy["sp"]), Word(report.Policy.SubdomainPolicy));
            if (policy["np"] != null) Assert.Equal(Expected(policy["np"]), Word(report.Policy.NonexistentSubdomainPolicy));
            if (policy["discovery_method"] != null) Assert.Equal(Expected(policy["discovery_method"]), Word(report.Policy.DiscoveryMethod));
            Assert.Equal(policy["testing"]!.GetValue<bool>(), report.Policy.Testing ?? false);
            Assert.Equal(Str(policy["fo"]), report.Policy.FailureOptions);

            var records = expected["record"]!.AsArray();
            Assert.Equal(records.Count, report.Records.Count);
            for (int i = 0; i < records.Count; i++)
            {
                var e = records[i]!;
                var r = report.Records[i];
                var row = e["row"]!;
                Assert.Equal(Str(row["source_ip"]), r.SourceIP);
                Assert.Equal(row["count"]!.GetValue<long>(), r.Count);
                var evaluated = row["policy_evaluated"]!;
                Assert.Equal(Expected(evaluated["disposition"]), Word(r.Disposition));
                Assert.Equal(Expected(evaluated["dkim"]), Word(r.DkimAligned));
                Assert.Equal(Expected(evaluated["spf"]), Word(r.SpfAligned));
                var reasons = evaluated["reason"]!.AsArray();
                Assert.Equal(reasons.Count, r.Reasons.Count);
                for (int k = 0; k < reasons.Count; k++)
                {
                    // mail-auth knows only RFC 9990's override words and folds RFC 7489's sampled_out into
                    // Other; we keep the word the report used.
                    string ours = r.Reasons[k].Type == DmarcPolicyOverride.sampled_out ? "other" : Word(r.Reasons[k].Type);
                    Assert.Equal(Expected(reasons[k]!["type_"]), ours);
                    Assert.Equal(Str(reasons[k]!["comment"]), r.Reasons[k].Comment);
                }
                var ids = e["identifiers"]!;
                // mail-auth writes an absent envelope domain as "" or null; we keep null.
                Assert.Equal(Str(ids["envelope_to"]) is { Length: > 0 } et ? et : null, r.EnvelopeTo);
                Assert.Equal(Str(ids["envelope_from"]) is { Length: > 0 } ef ? ef : null, r.EnvelopeFrom);
                Assert.Equal(Str(ids["header_from"]), r.HeaderFrom);
                var dkim = e["auth_results"]!["dkim"]!.AsArray();
                Assert.Equal(dkim.Count, r.DkimResults.Count);
                for (int k = 0; k < dkim.Count; k++)
                {
                    Assert.Equal(Str(dkim[k]!["domain"]), r.DkimResults[k].Domain);
                    Assert.Equal(Str(dkim[k]!["selector"]) is { Length: > 0 } sel ? sel : null, r.DkimResults[k].Selector); // "" when absent
                    Assert.Equal(Expected(dkim[k]!["result"]), Word(r.DkimResults[k].Result));
                    Assert.Equal(Str(dkim[k]!["human_result"]), r.DkimResults[k].HumanResult);
                }
                var spf = e["auth_results"]!["spf"]!.AsArray();
                Assert.Equal(spf.Count, r.SpfResults.Count);
                for (int k = 0; k < spf.Count; k++)
                {
                    Assert.Equal(Str(spf[k]!["domain"]), r.SpfResults[k].Domain);
                    // mail-auth spells the mfrom scope MailFrom.
                    Assert.Equal(Expected(spf[k]!["scope"]), r.SpfResults[k].Scope == DmarcSpfScope.mfrom ? "mailfrom" : Word(r.SpfResults[k].Scope));
                    Assert.Equal(Expected(spf[k]!["result"]), Word(r.SpfResults[k].Result));
                    Assert.Equal(Str(spf[k]!["human_result"]), r.SpfResults[k].HumanResult);
                }
                AssertExtensions(e["extensions"]!.AsArray(), r.Extensions);
            }
            AssertExtensions(expected["extensions"]!.AsArray(), report.Extensions);
        }

        private static void AssertExtensions(JsonArray expected, IReadOnlyList<DmarcReportExtension> actual)
        {
            Assert.Equal(expected.Select(x => (Str(x!["name"]), Str(x!["definition"]))).ToArray(), actual.Select(x => ((string?)x.Name, x.Definition)).ToArray());
        }

        [Fact]
        public void Aggregate_001_UnknownElementsAreWarnedAndExtensionsKeptAsXml()
        {
            var report = (DmarcAggregateReport)DmarcReportReader.ReadFile(Data("mail-auth", "dmarc-feedback", "001.xml")).Single();
            Assert.Contains(report.Warnings, w => w.Id == "Report.UnknownElement" && w.Message.Contains("unknown-tag1"));
            Assert.Contains("<data>...</data>", report.Records[0].Extensions[0].Xml);
        }

        [Theory]
        [InlineData("001.eml")]
        [InlineData("002.eml")]
        [InlineData("003.eml")]
        [InlineData("004.eml")]
        [InlineData("005.eml")]
        public void Failure_MatchesExpectedJson(string file)
        {
            var e = JsonNode.Parse(File.ReadAllText(Data("mail-auth", "arf", Path.ChangeExtension(file, ".json"))))!;
            var r = Assert.IsType<DmarcFailureReport>(Assert.Single(DmarcReportReader.ReadFile(Data("mail-auth", "arf", file))));

            Assert.Equal(Expected(e["feedback_type"]), Word(r.FeedbackType));
            long? arrival = e["arrival_date"]?.GetValue<long>();
            Assert.Equal(arrival, r.ArrivalDate is DateTime d ? new DateTimeOffset(d).ToUnixTimeSeconds() : (long?)null);
            // Folded values are compared unfolded, white space collapsed (RFC 5322 §2.2.3).
            Assert.Equal(e["authentication_results"]!.AsArray().Select(x => Collapse(Str(x))).ToArray(), r.AuthenticationResults.Select(Collapse).ToArray());
            Assert.Equal(e["incidents"]!.GetValue<int>(), r.Incidents);
            Assert.Equal(Str(e["original_envelope_id"]), r.OriginalEnvelopeId);
            Assert.Equal(Str(e["original_mail_from"]), r.OriginalMailFrom);
            Assert.Equal(Str(e["original_rcpt_to"]), r.OriginalRcptTo.FirstOrDefault());
            Assert.Equal(e["reported_domain"]!.AsArray().Select(Str).ToArray(), r.ReportedDomain.ToArray());
            Assert.Equal(e["reported_uri"]!.AsArray().Select(Str).ToArray(), r.ReportedUri.ToArray());
            Assert.Equal(Str(e["reporting_mta"]), r.ReportingMta);
            Assert.Equal(Str(e["source_ip"]), r.SourceIP);
            Assert.Equal(Str(e["user_agent"]), r.UserAgent);
            Assert.Equal(e["version"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture), r.Version);
            Assert.Equal(Expected(e["auth_failure"]), Word(r.AuthFailure));
            Assert.Equal(Expected(e["delivery_result"]), Word(r.DeliveryResult));
            Assert.Equal(Collapse(Str(e["dkim_canonicalized_body"])), Collapse(r.DkimCanonicalizedBody));
            Assert.Equal(Collapse(Str(e["dkim_canonicalized_header"])), Collapse(r.DkimCanonicalizedHeader));
            Assert.Equal(Str(e["dkim_domain"]), r.DkimDomain);
            Assert.Equal(Str(e["dkim_identity"]), r.DkimIdentity);
            Assert.Equal(Str(e["dkim_selector"]), r.DkimSelector);
            Assert.Equal(Str(e["dkim_selector_dns"]), r.DkimSelectorDns);
            Assert.Equal(Str(e["spf_dns"]), r.SpfDns);
            Assert.Equal(Expected(e["identity_alignment"]), r.IdentityAlignment.Count == 0 ? "unspecified" : string.Join(",", r.IdentityAlignment));
            // mail-auth fills "headers" from a text/rfc822-headers part only; we also take the header of
            // an attached message/rfc822 original, so only its non-null values are compared.
            if (Str(e["headers"]) is string headers) Assert.Equal(Collapse(headers), Collapse(r.OriginalHeaders));
        }

        [Theory]
        [InlineData("rpt01.json", "rpt01.json")]
        [InlineData("rpt01.eml", "rpt01.json")]
        [InlineData("rpt02.json", "rpt02.json")]
        [InlineData("rpt02.eml", "rpt02.json")]
        [InlineData("rpt03.json", "rpt03.json")]
        public void TlsRpt_MatchesExpectedJson(string file, string expectedFile)
        {
            var e = JsonNode.Parse(File.ReadAllText(Data("tlsrpt", "mail-auth", expectedFile)))!;
            var r = Assert.Single(TlsRptReportReader.ReadFile(Data("tlsrpt", "mail-auth", file)));
            Assert.Equal(Str(e["organization-name"]), r.OrganizationName);
            Assert.Equal(Str(e["contact-info"]), r.ContactInfo);
            Assert.Equal(Str(e["report-id"]), r.ReportId);
            Assert.Equal(DateTimeOffset.Parse(Str(e["date-range"]!["start-datetime"])!).UtcDateTime, r.Begin);
            Assert.Equal(DateTimeOffset.Parse(Str(e["date-range"]!["end-datetime"])!).UtcDateTime, r.End);
            var policies = e["policies"]!.AsArray();
            Assert.Equal(policies.Count, r.Policies.Count);
            long ok = 0, failed = 0;
            for (int i = 0; i < policies.Count; i++)
            {
                var p = policies[i]!;
                var rp = r.Policies[i];
                Assert.Equal(Str(p["policy"]!["policy-type"]), rp.PolicyType);
                Assert.Equal(Str(p["policy"]!["policy-domain"]), rp.PolicyDomain);
                Assert.Equal((p["policy"]!["policy-string"]?.AsArray().Select(Str) ?? Array.Empty<string>()).ToArray(), rp.PolicyString.ToArray());
                Assert.Equal((p["policy"]!["mx-host"]?.AsArray().Select(Str) ?? Array.Empty<string>()).ToArray(), rp.MxHost.ToArray());
                // A count the report leaves out is 0 (rpt03 has no failure count).
                Assert.Equal(p["summary"]!["total-successful-session-count"]?.GetValue<long>() ?? 0, rp.SuccessfulSessionCount);
                Assert.Equal(p["summary"]!["total-failure-session-count"]?.GetValue<long>() ?? 0, rp.FailedSessionCount);
                ok += rp.SuccessfulSessionCount;
                failed += rp.FailedSessionCount;
                var details = p["failure-details"]?.AsArray() ?? new JsonArray();
                Assert.Equal(details.Count, rp.FailureDetails.Count);
                for (int k = 0; k < details.Count; k++)
                {
                    var d = details[k]!;
                    var rd = rp.FailureDetails[k];
                    Assert.Equal(Str(d["result-type"]), rd.ResultType);
                    Assert.Equal(Str(d["sending-mta-ip"]), rd.SendingMtaIP);
                    Assert.Equal(Str(d["receiving-mx-hostname"]), rd.ReceivingMxHostname);
                    Assert.Equal(Str(d["receiving-mx-helo"]), rd.ReceivingMxHelo);
                    Assert.Equal(Str(d["receiving-ip"]), rd.ReceivingIP);
                    Assert.Equal(d["failed-session-count"]!.GetValue<long>(), rd.FailedSessionCount);
                    Assert.Equal(Str(d["additional-information"]), rd.AdditionalInformation);
                    Assert.Equal(Str(d["failure-reason-code"]), rd.FailureReasonCode);
                }
            }
            Assert.Equal(ok, r.SuccessfulSessionCount);
            Assert.Equal(failed, r.FailedSessionCount);
        }
    }
}
