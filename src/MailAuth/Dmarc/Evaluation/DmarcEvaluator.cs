using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dkim;
using MailAuth.Dns;
using MailAuth.Findings;
using MailAuth.Spf;

namespace MailAuth.Dmarc
{
    /// <summary>Evaluates DMARC for a message (RFC 9989 §5.3): author domain, policy discovery, SPF and DKIM, alignment, verdict and disposition.</summary>
    public static class DmarcEvaluator
    {
        private static readonly Regex ReceivedFrom = new Regex(
            @"^\s*from\s+(?<helo>[^\s()]+)(?<rest>.*?)(?:\bby\b|;|$)", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        // Loose parsing splits "<alice@exa mple.com>" into two addresses and finds a wrong author domain.
        internal static readonly MimeKit.ParserOptions StrictAddresses = new MimeKit.ParserOptions { AddressParserComplianceMode = MimeKit.RfcComplianceMode.Strict };
        private static readonly Regex EximHelo = new Regex(@"\(helo=(?<helo>[^\s()]+)\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        private static readonly Regex BracketAddress = new Regex(
            @"\[(?:IPv6:)?(?<ip>[0-9A-Fa-f:.]+)\]", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

        /// <summary>Evaluates one message.</summary>
        /// <param name="request">The message and what is known of its envelope.</param>
        /// <param name="resolver">Where DNS questions go.</param>
        /// <param name="cancellationToken">Cancels the evaluation.</param>
        /// <param name="source">Where the message came from (a file path), copied to the result.</param>
        /// <returns>The verdict with its inputs; DNS failures give temperror, a bad From gives permerror.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="DkimMessageTooLargeException">The message exceeds the size limit.</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
        public static async Task<DmarcEvaluationResult> EvaluateAsync(DmarcEvaluationRequest request, IDnsResolver resolver, CancellationToken cancellationToken = default, string? source = null)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            if (resolver is null) throw new ArgumentNullException(nameof(resolver));
            var r = new DmarcEvaluationResult { Source = source, Disposition = DmarcPolicy.none };
            var findings = new List<Finding>();
            var fromHeaders = new List<string>();
            var message = DkimMessage.Parse(request.Message, request.MaxMessageSize);

            // §5.3.1: exactly one author domain.
            string? author = AuthorDomain(message, r, findings);

            // Envelope: given values first, header fields otherwise (and say so).
            IPAddress? ip = request.ClientIP;
            string? mailFrom = request.MailFrom;
            string? helo = request.Helo;
            var received = message.Headers.FirstOrDefault(h => h.Name.Equals("Received", StringComparison.OrdinalIgnoreCase));
            if (request.SpfResult is null)
            {
                if ((ip is null || helo is null) && received != null)
                {
                    var m = ReceivedFrom.Match(Unfold(received.Value));
                    if (m.Success)
                    {
                        if (helo is null)
                        {
                            // Exim writes "from [192.0.2.1] (helo=name)": the bracket is the address, not the HELO.
                            var exim = EximHelo.Match(m.Groups["rest"].Value);
                            helo = exim.Success ? exim.Groups["helo"].Value : m.Groups["helo"].Value.Trim('[', ']');
                            fromHeaders.Add($"HELO '{helo}' from the topmost Received field");
                        }
                        var addr = BracketAddress.Match(m.Groups["helo"].Value + m.Groups["rest"].Value);
                        if (ip is null && addr.Success && IPAddress.TryParse(addr.Groups["ip"].Value, out var parsed))
                        {
                            ip = parsed;
                            fromHeaders.Add($"client address {ip} from the topmost Received field");
                        }
                    }
                }
                if (mailFrom is null)
                {
                    var rp = message.Headers.FirstOrDefault(h => h.Name.Equals("Return-Path", StringComparison.OrdinalIgnoreCase));
                    if (rp != null)
                    {
                        mailFrom = Unfold(rp.Value).Trim().Trim('<', '>').Trim();
                        fromHeaders.Add(mailFrom.Length == 0 ? "a null MAIL FROM from Return-Path: <>" : $"MAIL FROM '{mailFrom}' from Return-Path");
                    }
                }
            }
            r.ClientIP = ip?.ToString();
            r.MailFrom = mailFrom;
            r.Helo = helo;
            r.InputsFromHeaders = fromHeaders;
            if (fromHeaders.Count > 0) findings.Add(DmarcEvaluationFindings.EnvelopeFromHeaders.Create("Read from the message: " + string.Join("; ", fromHeaders) + "."));

            // Authentication results, given or computed (§5.3.3).
            bool dnsTrouble = false;
            if (request.SpfResult != null)
            {
                r.SpfResult = request.SpfResult.Result;
                r.SpfDomain = request.SpfResult.Domain;
            }
            else if (ip != null && (!string.IsNullOrEmpty(mailFrom) || !string.IsNullOrEmpty(helo)))
            {
                var spf = await SpfEvaluator.EvaluateAsync(new SpfEvaluationRequest(ip, mailFrom, helo), resolver, cancellationToken).ConfigureAwait(false);
                r.Spf = spf;
                r.SpfResult = spf.Result.ToString();
                r.SpfDomain = spf.Domain;
                dnsTrouble |= spf.Result == SpfResult.temperror;
            }
            else
            {
                findings.Add(DmarcEvaluationFindings.NoClientAddress.Create("SPF was not evaluated: no client address or no identity was given or found."));
            }

            if (request.DkimResults != null)
            {
                r.DkimResults = request.DkimResults;
            }
            else
            {
                var dkim = await DkimVerifier.VerifyAsync(request.Message, resolver, DkimOptions(request), cancellationToken).ConfigureAwait(false);
                r.Dkim = dkim;
                r.DkimResults = dkim.Where(d => d.Result != DkimResult.none && d.Domain != null)
                    .Select(d => new DmarcIdentifierResult(d.Result.ToString(), d.Domain!, d.Selector)).ToList();
                dnsTrouble |= dkim.Any(d => d.Result == DkimResult.temperror);
            }

            r.Findings = findings;
            if (author is null)
            {
                r.Result = DmarcResult.permerror;
                r.Reason ??= "no single author domain";
                return Finish(r, request);
            }

            // §5.3.2: policy discovery.
            var record = await DmarcDiscovery.GetRecordAsync(author, resolver, request.DiscoveryMode, cancellationToken).ConfigureAwait(false);
            r.Record = record;
            r.OrganizationalDomain = record.OrganizationalDomain;
            switch (record.Status)
            {
                case DmarcRecordStatus.temperror:
                    r.Result = DmarcResult.temperror;
                    r.Reason = "the DMARC policy query failed: " + record.Error;
                    return Finish(r, request);
                case DmarcRecordStatus.none:
                    r.Result = DmarcResult.none;
                    r.Reason = $"no DMARC policy applies to '{author}'";
                    return Finish(r, request);
                case DmarcRecordStatus.permerror:
                    r.Result = DmarcResult.permerror;
                    r.Reason = $"the DMARC policy for '{author}' cannot be used: " + string.Join("; ", record.Findings.Select(f => f.Message));
                    return Finish(r, request);
            }

            // §5.3.4: alignment, with organizational domains found once per name.
            var orgCache = new Dictionary<string, string?>(StringComparer.Ordinal);
            async Task<bool?> AlignedAsync(string domain, DmarcAlignmentMode mode)
            {
                if (DnsName.Normalize(domain) == author) return true;
                if (mode == DmarcAlignmentMode.strict) return false;
                async Task<string?> Org(string d)
                {
                    string key = DnsName.Normalize(d);
                    if (!orgCache.TryGetValue(key, out var org))
                    {
                        org = (await DmarcDiscovery.GetOrganizationalDomainAsync(key, resolver, request.DiscoveryMode, cancellationToken).ConfigureAwait(false)).OrganizationalDomain;
                        orgCache[key] = org;
                    }
                    return org;
                }
                string? a = await Org(domain).ConfigureAwait(false);
                string? b = r.OrganizationalDomain ?? await Org(author).ConfigureAwait(false);
                if (a is null || b is null) return null;
                return DmarcAlignment.IsAligned(domain, author, mode, a, b);
            }

            var aspf = record.SpfAlignment ?? DmarcAlignmentMode.relaxed;
            var adkim = record.DkimAlignment ?? DmarcAlignmentMode.relaxed;
            if (r.SpfResult == "pass" && r.SpfDomain != null)
            {
                bool? aligned = await AlignedAsync(r.SpfDomain, aspf).ConfigureAwait(false);
                r.SpfAligned = aligned == true;
                dnsTrouble |= aligned is null;
            }
            foreach (var d in r.DkimResults.Where(x => x.Result == "pass"))
            {
                bool? aligned = await AlignedAsync(d.Domain, adkim).ConfigureAwait(false);
                dnsTrouble |= aligned is null;
                if (aligned == true)
                {
                    r.DkimAligned = true;
                    r.AlignedDkimDomain = d.Domain;
                    break;
                }
            }

            // §5.3.5, §5.3.6: pass, or fail, or no verdict when DNS failed along the way.
            r.RequestedPolicy = record.EffectivePolicy;
            r.PolicyTag = record.PolicyScope switch
            {
                DmarcPolicyScope.Subdomain => "sp",
                DmarcPolicyScope.NonExistentSubdomain => "np",
                _ => "p",
            };
            if (r.SpfAligned || r.DkimAligned)
            {
                r.Result = DmarcResult.pass;
                r.Reason = r.DkimAligned ? $"DKIM d={r.AlignedDkimDomain} passed and aligns ({adkim})" : $"SPF passed for '{r.SpfDomain}', which aligns ({aspf})";
            }
            else if (dnsTrouble)
            {
                r.Result = DmarcResult.temperror;
                r.Reason = "no aligned pass, and a DNS failure left SPF, DKIM or an organizational domain undetermined (RFC 9989 §5.3.6)";
            }
            else
            {
                r.Result = DmarcResult.fail;
                r.Reason = "no authenticated identifier aligns with the author domain: " +
                    $"SPF {r.SpfResult}" + (r.SpfDomain is null ? "" : $" for '{r.SpfDomain}'") + (r.SpfResult == "pass" ? $" (not aligned, aspf={aspf})" : "") + "; " +
                    (r.DkimResults.Count == 0 ? "no DKIM signature" : "DKIM " + string.Join(", ", r.DkimResults.Select(d => $"{d.Result} d={d.Domain}")) + (r.DkimResults.Any(d => d.Result == "pass") ? $" (not aligned, adkim={adkim})" : ""));
                var policy = record.EffectivePolicy ?? DmarcPolicy.none;
                // §4.7 t=y: the policy one level below.
                if (record.TestMode == true) policy = policy == DmarcPolicy.reject ? DmarcPolicy.quarantine : DmarcPolicy.none;
                r.Disposition = policy;
            }
            return Finish(r, request);
        }

        private static DkimVerifyOptions DkimOptions(DmarcEvaluationRequest request)
        {
            var options = new DkimVerifyOptions { AsOf = request.AsOf, MaxMessageSize = request.MaxMessageSize };
            if (request.DkimClockSkew is TimeSpan skew) options.ClockSkew = skew;
            return options;
        }

        private static DmarcEvaluationResult Finish(DmarcEvaluationResult r, DmarcEvaluationRequest request)
        {
            var sb = new StringBuilder(request.AuthServId);
            if (r.Spf != null || r.SpfDomain != null)
            {
                sb.Append("; spf=").Append(r.SpfResult);
                if (r.Spf != null && r.Spf.Identity == "helo") sb.Append(" smtp.helo=").Append(r.Helo);
                else if (r.MailFrom != null || r.SpfDomain != null) sb.Append(" smtp.mailfrom=").Append(string.IsNullOrEmpty(r.MailFrom) ? r.SpfDomain : r.MailFrom);
            }
            if (r.DkimResults.Count == 0 && request.DkimResults is null) sb.Append("; dkim=none");
            foreach (var d in r.DkimResults)
            {
                sb.Append("; dkim=").Append(d.Result).Append(" header.d=").Append(d.Domain);
                if (d.Selector != null) sb.Append(" header.s=").Append(d.Selector);
            }
            sb.Append("; dmarc=").Append(r.Result);
            if (r.RequestedPolicy != null && (r.Result == DmarcResult.pass || r.Result == DmarcResult.fail))
                sb.Append(" (p=").Append(r.Record?.Policy?.ToString() ?? r.RequestedPolicy.ToString())
                  .Append(r.Record?.SubdomainPolicy is DmarcPolicy sp ? " sp=" + sp : "")
                  .Append(" dis=").Append(r.Disposition.ToString().ToUpperInvariant()).Append(')');
            if (r.AuthorDomain != null) sb.Append(" header.from=").Append(r.AuthorDomain);
            r.AuthenticationResults = sb.ToString();
            return r;
        }

        // The single author domain, or null with a finding that says why not.
        private static string? AuthorDomain(DkimMessage message, DmarcEvaluationResult r, List<Finding> findings)
        {
            var froms = message.Headers.Where(h => h.Name.Equals("From", StringComparison.OrdinalIgnoreCase)).ToList();
            if (froms.Count == 0)
            {
                findings.Add(DmarcEvaluationFindings.NoFrom.Create("The message has no From header field."));
                r.Reason = "the message has no From field";
                return null;
            }
            var addresses = new List<string>();
            foreach (var f in froms)
            {
                string value = Encoding.UTF8.GetString(DkimVerifier.Latin1Bytes(Unfold(f.Value)));
                if (MimeKit.InternetAddressList.TryParse(StrictAddresses, value, out var list))
                    addresses.AddRange(list.Mailboxes.Select(mb => mb.Address));
            }
            r.FromAddresses = addresses;
            if (froms.Count > 1)
            {
                findings.Add(DmarcEvaluationFindings.MultipleFromFields.Create($"The message has {froms.Count} From fields: {string.Join(", ", addresses)}."));
                r.Reason = $"the message has {froms.Count} From fields";
                return null;
            }
            var domains = new List<string>();
            foreach (string a in addresses)
            {
                int at = a.LastIndexOf('@');
                if (at < 0 || at == a.Length - 1) continue;
                try { domains.Add(DnsName.NormalizeInput(a.Substring(at + 1))); }
                catch (FormatException) { }
            }
            domains = domains.Distinct(StringComparer.Ordinal).ToList();
            if (domains.Count == 0)
            {
                findings.Add(DmarcEvaluationFindings.UnparseableFrom.Create($"The From field '{Unfold(froms[0].Value).Trim()}' holds no address with a usable domain."));
                r.Reason = "the From field holds no usable address";
                return null;
            }
            if (domains.Count > 1)
            {
                findings.Add(DmarcEvaluationFindings.MultipleAuthorDomains.Create($"The From field names {domains.Count} domains: {string.Join(", ", domains)}."));
                r.Reason = "the From field names several domains";
                return null;
            }
            r.AuthorDomain = domains[0];
            return domains[0];
        }

        private static string Unfold(string value) => value.Replace("\r\n", "").Replace("\n", "");
    }
}
