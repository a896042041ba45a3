using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dns;

namespace MailAuth.Spf
{
    /// <summary>The <c>check_host()</c> function of RFC 7208 §4-§7, with a trace of every step.</summary>
    public static class SpfEvaluator
    {
        /// <summary>Terms that cause DNS queries, per evaluation (§4.6.4).</summary>
        public const int MaxDnsLookups = 10;
        /// <summary>Lookups answering NXDOMAIN or NODATA, per evaluation (§4.6.4, default RECOMMENDED 2).</summary>
        public const int MaxVoidLookups = 2;
        /// <summary>MX records one <c>mx</c> mechanism may use before it is a permerror (§4.6.4).</summary>
        public const int MaxMxNames = 10;
        /// <summary>PTR names one <c>ptr</c> mechanism or <c>%{p}</c> looks at; the rest are ignored (§4.6.4).</summary>
        public const int MaxPtrNames = 10;
        /// <summary>Time allowed for one evaluation before temperror (§4.6.4: SHOULD allow at least 20 seconds).</summary>
        public static readonly TimeSpan MaxEvaluationTime = TimeSpan.FromSeconds(20);

        /// <summary>Evaluates whether the client in <paramref name="request"/> may send for its domain.</summary>
        /// <param name="request">Client address, identities and options.</param>
        /// <param name="resolver">Where DNS questions go.</param>
        /// <param name="cancellationToken">Cancels the evaluation.</param>
        /// <returns>The result with its trace; DNS failures are temperror, never exceptions.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
        public static async Task<SpfEvaluationResult> EvaluateAsync(SpfEvaluationRequest request, IDnsResolver resolver, CancellationToken cancellationToken = default)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            if (resolver is null) throw new ArgumentNullException(nameof(resolver));
            var limit = request.TimeLimit ?? MaxEvaluationTime;
            var run = new Evaluation(request, resolver, cancellationToken, limit);
            try
            {
                return await run.RunAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return run.Finish(SpfResult.temperror, null, $"the evaluation took longer than {limit.TotalSeconds:0.#} seconds (§4.6.4)", null);
            }
            finally
            {
                run.Dispose();
            }
        }

        // Parsed records by text: evaluations of many domains share providers' records, and a parsed
        // record is immutable. Bounded: emptied when full, so hostile input cannot grow it.
        private const int MaxCachedRecords = 4096;
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SpfRecord> ParsedRecords =
            new System.Collections.Concurrent.ConcurrentDictionary<string, SpfRecord>(StringComparer.Ordinal);

        internal static SpfRecord ParseCached(string text)
        {
            if (ParsedRecords.TryGetValue(text, out var record)) return record;
            record = SpfParser.Parse(text);
            if (ParsedRecords.Count >= MaxCachedRecords) ParsedRecords.Clear();
            ParsedRecords[text] = record;
            return record;
        }

        // Ends the evaluation from any depth: permerror and temperror always propagate to the top (§5.2, §6.1).
        private sealed class AbortException : Exception
        {
            public AbortException(SpfResult result, string reason) : base(reason) { Result = result; }
            public SpfResult Result { get; }
        }

        private readonly struct Outcome
        {
            public Outcome(SpfResult result, string? matched, SpfRecord? record, string domain, string? reason = null)
            {
                Result = result;
                Matched = matched;
                Record = record;
                Domain = domain;
                Reason = reason;
            }

            public SpfResult Result { get; }
            public string? Matched { get; }
            public SpfRecord? Record { get; }   // the record that decided, for its exp=
            public string Domain { get; }
            public string? Reason { get; }
        }

        private sealed class Evaluation : IDisposable
        {
            private readonly SpfEvaluationRequest _request;
            private readonly IDnsResolver _resolver;
            private readonly CancellationToken _caller;
            private readonly TimeSpan _limit;
            private readonly long _started = System.Diagnostics.Stopwatch.GetTimestamp();
            // The time budget as a token, made only when a query does not answer at once: a timer per
            // evaluation cost more than the whole evaluation over answers already in memory.
            private CancellationTokenSource? _budget;
            private readonly List<SpfTraceStep> _trace = new List<SpfTraceStep>(64);
            private readonly IPAddress _ip;
            private readonly byte[] _ipBytes;
            private readonly bool _v6;
            private readonly SpfMacroContext _macros;
            private readonly string _identity;
            private readonly string _domain;
            private int _lookups;
            private int _voids;
            private Task<List<string>>? _validatedNames;
            private bool _ptrVoid;

            public Evaluation(SpfEvaluationRequest request, IDnsResolver resolver, CancellationToken ct, TimeSpan limit)
            {
                _request = request;
                _resolver = resolver;
                _caller = ct;
                _limit = limit;
                _ip = IpPrefix.Canonical(request.IPAddress);
                _v6 = _ip.AddressFamily == AddressFamily.InterNetworkV6;
                _ipBytes = _ip.GetAddressBytes();

                string helo = TrimDot(request.Helo.Trim());
                string sender, local, senderDomain;
                if (request.CheckHelo || request.MailFrom.Trim().Length == 0)
                {
                    // §2.3, §2.4: with a null reverse-path the HELO identity is checked as postmaster@helo.
                    _identity = "helo";
                    local = "postmaster";
                    senderDomain = helo;
                }
                else
                {
                    _identity = "mailfrom";
                    string from = request.MailFrom.Trim();
                    if (from.StartsWith("<", StringComparison.Ordinal) && from.EndsWith(">", StringComparison.Ordinal)) from = from.Substring(1, from.Length - 2);
                    int at = from.LastIndexOf('@');
                    local = at > 0 ? from.Substring(0, at) : "postmaster";   // §4.3: no local-part means postmaster
                    senderDomain = TrimDot(at >= 0 ? from.Substring(at + 1) : from);
                }
                sender = local + "@" + senderDomain;
                _domain = request.Domain is null ? senderDomain : TrimDot(request.Domain.Trim());
                _macros = new SpfMacroContext(sender, local, senderDomain, _ip, helo,
                    string.IsNullOrWhiteSpace(request.ReceivingHost) ? "unknown" : request.ReceivingHost!,
                    request.Timestamp ?? DateTimeOffset.UtcNow, (d, c) => ValidatedNameAsync(d));
            }

            public async Task<SpfEvaluationResult> RunAsync()
            {
                Outcome outcome;
                try
                {
                    outcome = await CheckHostAsync(_domain, 0, _request.Record).ConfigureAwait(false);
                }
                catch (AbortException e)
                {
                    Step(0, _domain, null, "result", $"{e.Result}: {e.Message}");
                    return Finish(e.Result, null, e.Message, null);
                }
                string? explanation = null;
                if (outcome.Result == SpfResult.fail && outcome.Record?.Explanation is SpfTerm exp)
                    explanation = await ExplainAsync(exp, outcome.Domain).ConfigureAwait(false);
                return Finish(outcome.Result, outcome.Matched, outcome.Reason, explanation);
            }

            public SpfEvaluationResult Finish(SpfResult result, string? matched, string? reason, string? explanation)
            {
                return new SpfEvaluationResult(result, _domain, _identity, _macros.Sender, _request.IPAddress, _request.Helo, matched, explanation, reason,
                    _lookups, _voids, _trace.ToArray(), _macros.ReceivingHost);
            }

            private async ValueTask<Outcome> CheckHostAsync(string domain, int depth, string? recordOverride)
            {
                CheckBudget();
                // §4.3: a malformed or single-label domain gives none.
                string? problem = DomainProblem(domain, requireDot: true);
                if (problem != null)
                {
                    Step(depth, domain, null, "result", $"none: '{domain}' {problem} (§4.3)");
                    return new Outcome(SpfResult.none, null, null, domain, $"'{domain}' {problem}");
                }

                string text;
                if (recordOverride != null && depth == 0)
                {
                    text = recordOverride;
                    Step(depth, domain, null, "record", $"evaluating the given record instead of the published one: {text}");
                }
                else
                {
                    var answer = await QueryAsync(depth, domain, domain, DnsRecordType.TXT).ConfigureAwait(false);
                    if (answer.Outcome == DnsOutcome.TemporaryFailure)
                        throw new AbortException(SpfResult.temperror, $"the TXT query for '{domain}' failed: {answer.Error} (§4.4)");
                    string? found = null;
                    int count = 0;
                    foreach (var r in answer.Records)
                    {
                        if (r is TxtRecord txt && SpfParser.IsSpfRecord(txt.Text)) { found ??= txt.Text; count++; }
                    }
                    if (count == 0)
                    {
                        Step(depth, domain, null, "result", $"none: '{domain}' has no SPF record (§4.5)");
                        return new Outcome(SpfResult.none, null, null, domain, $"'{domain}' has no SPF record");
                    }
                    if (count > 1)
                        throw new AbortException(SpfResult.permerror, $"'{domain}' publishes {count} SPF records (§4.5)");
                    text = found!;
                    Step(depth, domain, null, "record", text);
                }

                var record = ParseCached(text);
                if (!record.IsValid)
                    throw new AbortException(SpfResult.permerror, $"the record of '{domain}' has a syntax error: {record.Errors[0].Message}");

                var terms = record.Terms;
                for (int i = 0; i < terms.Count; i++)
                {
                    var term = terms[i];
                    if (term.Kind != SpfTermKind.Mechanism) continue;
                    if (await MatchesAsync(term, domain, depth).ConfigureAwait(false))
                    {
                        var result = ResultOf(term.Qualifier!.Value);
                        _trace.Add(new SpfTraceStep(depth, domain, term.Text, "result", null, SpfTraceDetail.Matched, term.Text, null, (int)result));
                        return new Outcome(result, term.Text, record, domain);
                    }
                }

                if (record.Redirect is SpfTerm redirect)
                {
                    // §6.1: only reached when no mechanism matched (an 'all' always matches).
                    CountLookup(depth, domain, redirect);
                    string target = await TargetAsync(redirect.Value!, domain).ConfigureAwait(false);
                    string? bad = DomainProblem(target, requireDot: false);
                    if (bad != null) throw new AbortException(SpfResult.permerror, $"the redirect target '{target}' {bad} (§6.1)");
                    Step(depth, domain, redirect.Text, "term", $"no mechanism matched: following redirect to '{target}'");
                    var child = await CheckHostAsync(target, depth + 1, null).ConfigureAwait(false);
                    if (child.Result == SpfResult.none)
                        throw new AbortException(SpfResult.permerror, $"the redirect target '{target}' has no SPF record (§6.1)");
                    return new Outcome(child.Result, child.Matched ?? redirect.Text, child.Record, child.Domain, child.Reason);
                }

                Step(depth, domain, null, "result", "neutral: no mechanism matched and there is no redirect (§4.7)");
                return new Outcome(SpfResult.neutral, "default", record, domain);
            }

            private static SpfResult ResultOf(SpfQualifier q) => q switch
            {
                SpfQualifier.pass => SpfResult.pass,
                SpfQualifier.fail => SpfResult.fail,
                SpfQualifier.softfail => SpfResult.softfail,
                _ => SpfResult.neutral,
            };

            private async ValueTask<bool> MatchesAsync(SpfTerm term, string domain, int depth)
            {
                switch (term.Name)
                {
                    case "all":
                        Step(depth, domain, term.Text, "term", "'all' always matches", true);
                        return true;

                    case "ip4":
                    case "ip6":
                        {
                            int prefix = term.Name == "ip4" ? term.Ip4Cidr ?? 32 : term.Ip6Cidr ?? 128;
                            bool m = IpPrefix.Matches(term.NetworkBytes, prefix, _ipBytes);
                            _trace.Add(new SpfTraceStep(depth, domain, term.Text, "term", m, SpfTraceDetail.Network, _ip, term.Value, prefix));
                            return m;
                        }

                    case "include":
                        {
                            CountLookup(depth, domain, term);
                            string target = await TargetAsync(term.Value!, domain).ConfigureAwait(false);
                            string? bad = DomainProblem(target, requireDot: false);
                            if (bad != null) throw new AbortException(SpfResult.permerror, $"the include target '{target}' {bad}");
                            _trace.Add(new SpfTraceStep(depth, domain, term.Text, "term", null, SpfTraceDetail.IncludeStart, target, null, 0));
                            var child = await CheckHostAsync(target, depth + 1, null).ConfigureAwait(false);
                            switch (child.Result)
                            {
                                case SpfResult.pass:
                                    _trace.Add(new SpfTraceStep(depth, domain, term.Text, "term", true, SpfTraceDetail.IncludeResult, target, null, (int)child.Result));
                                    return true;
                                case SpfResult.none:
                                    throw new AbortException(SpfResult.permerror, $"the include target '{target}' has no SPF record (§5.2)");
                                default:
                                    _trace.Add(new SpfTraceStep(depth, domain, term.Text, "term", false, SpfTraceDetail.IncludeResult, target, null, (int)child.Result));
                                    return false;
                            }
                        }

                    case "a":
                        {
                            CountLookup(depth, domain, term);
                            string target = term.Value is null ? domain : await TargetAsync(term.Value, domain).ConfigureAwait(false);
                            if (!UsableTarget(target, term, domain, depth)) return false;
                            var addresses = await AddressesAsync(depth, domain, target, countVoid: true, failOnError: true).ConfigureAwait(false);
                            bool m = AnyMatches(addresses, _v6 ? term.Ip6Cidr ?? 128 : term.Ip4Cidr ?? 32);
                            _trace.Add(new SpfTraceStep(depth, domain, term.Text, "term", m, SpfTraceDetail.Address, _ip, target, 0));
                            return m;
                        }

                    case "mx":
                        {
                            CountLookup(depth, domain, term);
                            string target = term.Value is null ? domain : await TargetAsync(term.Value, domain).ConfigureAwait(false);
                            if (!UsableTarget(target, term, domain, depth)) return false;
                            var answer = await QueryAsync(depth, domain, target, DnsRecordType.MX).ConfigureAwait(false);
                            if (answer.Outcome == DnsOutcome.TemporaryFailure)
                                throw new AbortException(SpfResult.temperror, $"the MX query for '{target}' failed: {answer.Error}");
                            int hostCount = 0;
                            foreach (var r in answer.Records)
                                if (r is MxRecord mxr && mxr.Exchange.Length > 0) hostCount++;
                            if (answer.Outcome != DnsOutcome.Records) CountVoid(depth, domain, target);
                            if (hostCount > MaxMxNames)
                                throw new AbortException(SpfResult.permerror, $"'{target}' has {hostCount} MX records; the mx mechanism allows {MaxMxNames} (§4.6.4)");
                            int prefix = _v6 ? term.Ip6Cidr ?? 128 : term.Ip4Cidr ?? 32;
                            foreach (var r in answer.Records)
                            {
                                if (r is not MxRecord mx || mx.Exchange.Length == 0) continue;
                                string host = mx.Exchange;
                                var addresses = await AddressesAsync(depth, domain, host, countVoid: false, failOnError: true).ConfigureAwait(false);
                                if (AnyMatches(addresses, prefix))
                                {
                                    Step(depth, domain, term.Text, "term", $"{_ip} matches MX host '{host}' of '{target}'", true);
                                    return true;
                                }
                            }
                            _trace.Add(new SpfTraceStep(depth, domain, term.Text, "term", false, SpfTraceDetail.MxNoMatch, _ip, target, hostCount));
                            return false;
                        }

                    case "ptr":
                        {
                            CountLookup(depth, domain, term);
                            string target = term.Value is null ? domain : await TargetAsync(term.Value, domain).ConfigureAwait(false);
                            var names = await ValidatedNamesAsync().ConfigureAwait(false);
                            // A ptr term whose PTR query finds nothing is a void lookup (§4.6.4).
                            if (_ptrVoid) CountVoid(depth, domain, ReverseName(_ip));
                            string t = DnsName.Normalize(target);
                            string? hit = names.FirstOrDefault(n => DnsName.IsAtOrBelow(DnsName.Normalize(n), t));
                            Step(depth, domain, term.Text, "term", hit != null
                                ? $"validated name '{hit}' is in '{target}'"
                                : $"no validated host name of {_ip} is in '{target}' ({names.Count} validated)", hit != null);
                            return hit != null;
                        }

                    case "exists":
                        {
                            CountLookup(depth, domain, term);
                            string target = await TargetAsync(term.Value!, domain).ConfigureAwait(false);
                            if (!UsableTarget(target, term, domain, depth)) return false;
                            // §5.7: an A query even for an IPv6 client.
                            var answer = await QueryAsync(depth, domain, target, DnsRecordType.A).ConfigureAwait(false);
                            if (answer.Outcome == DnsOutcome.TemporaryFailure)
                                throw new AbortException(SpfResult.temperror, $"the A query for '{target}' failed: {answer.Error}");
                            bool m = answer.Outcome == DnsOutcome.Records;
                            if (!m) CountVoid(depth, domain, target);
                            Step(depth, domain, term.Text, "term", m ? $"'{target}' exists" : $"'{target}' has no A record", m);
                            return m;
                        }
                }
                throw new AbortException(SpfResult.permerror, $"unknown mechanism '{term.Name}'");
            }

            // A target that is not a usable DNS name after expansion cannot match (the suite allows fail or permerror).
            private bool UsableTarget(string target, SpfTerm term, string domain, int depth)
            {
                string? bad = DomainProblem(target, requireDot: false);
                if (bad == null) return true;
                Step(depth, domain, term.Text, "term", $"'{target}' {bad}: no match", false);
                return false;
            }

            // The answer's address records (none after a tolerated failure).
            private async ValueTask<IReadOnlyList<DnsRecord>> AddressesAsync(int depth, string domain, string name, bool countVoid, bool failOnError)
            {
                var answer = await QueryAsync(depth, domain, name, _v6 ? DnsRecordType.AAAA : DnsRecordType.A).ConfigureAwait(false);
                if (answer.Outcome == DnsOutcome.TemporaryFailure)
                {
                    if (failOnError) throw new AbortException(SpfResult.temperror, $"the address query for '{name}' failed: {answer.Error}");
                    return Array.Empty<DnsRecord>();
                }
                if (answer.Outcome != DnsOutcome.Records && countVoid) CountVoid(depth, domain, name);
                return answer.Records;
            }

            private bool AnyMatches(IReadOnlyList<DnsRecord> records, int prefix)
            {
                for (int i = 0; i < records.Count; i++)
                    if (records[i] is AddressRecord a && IpPrefix.Matches(a.CanonicalBytes, prefix, _ipBytes)) return true;
                return false;
            }

            // §5.5: PTR names of the client whose forward lookup gives the client's address back.
            private Task<List<string>> ValidatedNamesAsync() => _validatedNames ??= FetchValidatedNamesAsync();

            private async Task<List<string>> FetchValidatedNamesAsync()
            {
                var validated = new List<string>();
                string reverse = ReverseName(_ip);
                var answer = await QueryAsync(0, _domain, reverse, DnsRecordType.PTR).ConfigureAwait(false);
                _ptrVoid = answer.Outcome == DnsOutcome.NxDomain || answer.Outcome == DnsOutcome.NoData;
                if (answer.Outcome != DnsOutcome.Records) return validated;   // §5.5: errors mean no match
                foreach (var ptr in answer.RecordsOf<NameRecord>().Take(MaxPtrNames))
                {
                    if (DomainProblem(ptr.Target, requireDot: false) != null) continue;
                    var addresses = await AddressesAsync(0, _domain, ptr.Target, countVoid: false, failOnError: false).ConfigureAwait(false);
                    if (AnyMatches(addresses, _v6 ? 128 : 32)) validated.Add(ptr.Target);
                }
                return validated;
            }

            // %{p}: a validated name equal to the domain, else one below it, else any, else "unknown" (§7.3).
            private async Task<string> ValidatedNameAsync(string domain)
            {
                var names = await ValidatedNamesAsync().ConfigureAwait(false);
                string d = DnsName.Normalize(domain);
                return names.FirstOrDefault(n => DnsName.Normalize(n) == d)
                    ?? names.FirstOrDefault(n => DnsName.IsAtOrBelow(DnsName.Normalize(n), d))
                    ?? names.FirstOrDefault()
                    ?? "unknown";
            }

            private async Task<string?> ExplainAsync(SpfTerm exp, string domain)
            {
                try
                {
                    string target = await TargetAsync(exp.Value!, domain).ConfigureAwait(false);
                    if (DomainProblem(target, requireDot: false) != null) return null;
                    var answer = await QueryAsync(0, domain, target, DnsRecordType.TXT).ConfigureAwait(false);
                    // §6.2: errors, no record or several records: as if there were no exp=.
                    var texts = answer.RecordsOf<TxtRecord>().ToList();
                    if (answer.Outcome != DnsOutcome.Records || texts.Count != 1)
                    {
                        Step(0, domain, exp.Text, "explanation", $"no single TXT record at '{target}' ({answer.Outcome}, {texts.Count}): no explanation");
                        return null;
                    }
                    string text = texts[0].Text;
                    if (SpfParser.CheckMacroString(text.Replace(' ', '_'), allowExpLetters: true) != null)
                    {
                        Step(0, domain, exp.Text, "explanation", $"the explanation text at '{target}' has a syntax error: no explanation");
                        return null;
                    }
                    string expanded = await SpfMacro.ExpandAsync(text, _macros, domain, Token).ConfigureAwait(false);
                    Step(0, domain, exp.Text, "explanation", expanded);
                    return expanded;
                }
                catch (FormatException)
                {
                    return null;
                }
            }

            private ValueTask<string> TargetAsync(string domainSpec, string domain)
                // Most domain-specs hold no macro: no expansion, no state machine.
                => domainSpec.IndexOf('%') < 0 && domainSpec.Length <= SpfMacro.MaxExpandedLength
                    ? new ValueTask<string>(SpfMacro.TruncateDomain(domainSpec))
                    : new ValueTask<string>(ExpandTargetAsync(domainSpec, domain));

            private async Task<string> ExpandTargetAsync(string domainSpec, string domain)
            {
                try
                {
                    string expanded = await SpfMacro.ExpandAsync(domainSpec, _macros, domain, Token).ConfigureAwait(false);
                    return SpfMacro.TruncateDomain(expanded);
                }
                catch (FormatException e)
                {
                    throw new AbortException(SpfResult.permerror, $"the domain-spec '{domainSpec}' cannot be expanded: {e.Message}");
                }
            }

            private async ValueTask<DnsQueryResult> QueryAsync(int depth, string domain, string name, DnsRecordType type)
            {
                CheckBudget();
                var pending = _resolver.QueryAsync(name, type, Token);
                DnsQueryResult answer;
                if (pending.IsCompleted)
                {
                    answer = await pending.ConfigureAwait(false);
                }
                else
                {
                    if (_budget is null)
                    {
                        _budget = CancellationTokenSource.CreateLinkedTokenSource(_caller);
                        var left = _limit - Elapsed;
                        _budget.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
                    }
                    answer = await WaitAsync(pending, _budget.Token).ConfigureAwait(false);
                }
                _trace.Add(new SpfTraceStep(depth, domain, null, "dns", null, SpfTraceDetail.Dns, answer, name, 0));
                return answer;
            }

            private CancellationToken Token => _budget?.Token ?? _caller;

            private TimeSpan Elapsed => TimeSpan.FromSeconds((System.Diagnostics.Stopwatch.GetTimestamp() - _started) / (double)System.Diagnostics.Stopwatch.Frequency);

            // Between steps: the caller's cancellation, and the time budget (OperationCanceledException, which ends in temperror).
            private void CheckBudget()
            {
                Token.ThrowIfCancellationRequested();
                if (Elapsed >= _limit) throw new OperationCanceledException();
            }

            // A query started before the budget token existed is waited for within the budget.
            private static async Task<DnsQueryResult> WaitAsync(Task<DnsQueryResult> pending, CancellationToken token)
            {
#if NET8_0_OR_GREATER
                return await pending.WaitAsync(token).ConfigureAwait(false);
#else
                var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                using (token.Register(() => cancelled.TrySetResult(true)))
                {
                    if (await Task.WhenAny(pending, cancelled.Task).ConfigureAwait(false) != pending) throw new OperationCanceledException(token);
                }
                return await pending.ConfigureAwait(false);
#endif
            }

            public void Dispose() => _budget?.Dispose();

            private void CountLookup(int depth, string domain, SpfTerm term)
            {
                if (++_lookups > MaxDnsLookups)
                    throw new AbortException(SpfResult.permerror, $"'{term.Text}' in the record of '{domain}' is DNS-querying term number {_lookups}; the limit is {MaxDnsLookups} (§4.6.4)");
            }

            private void CountVoid(int depth, string domain, string name)
            {
                if (++_voids > MaxVoidLookups)
                    throw new AbortException(SpfResult.permerror, $"the lookup of '{name}' is void lookup number {_voids}; the limit is {MaxVoidLookups} (§4.6.4)");
            }

            private void Step(int depth, string domain, string? term, string action, string detail, bool? matched = null)
                => _trace.Add(new SpfTraceStep(depth, domain, term, action, detail, matched));

            private static string TrimDot(string s) => s.EndsWith(".", StringComparison.Ordinal) ? s.Substring(0, s.Length - 1) : s;

            // Null when the name can be queried; otherwise why not (RFC 1035 §2.3.4 lengths).
            private static string? DomainProblem(string name, bool requireDot)
            {
                string n = TrimDot(name);
                if (n.Length == 0) return "is empty";
                if (n.Length > 253) return "is longer than 253 characters";
                if (requireDot && n.IndexOf('.') < 0) return "is not a multi-label domain name";
                if (n.IndexOf('[') >= 0 || n.IndexOf(']') >= 0) return "is an address literal, not a domain name";
                int start = 0;
                while (true)
                {
                    int dot = n.IndexOf('.', start);
                    int len = (dot < 0 ? n.Length : dot) - start;
                    if (len == 0) return "has an empty label";
                    if (len > 63) return "has a label longer than 63 characters";
                    if (dot < 0) return null;
                    start = dot + 1;
                }
            }

            private static string ReverseName(IPAddress ip)
            {
                byte[] b = ip.GetAddressBytes();
                if (ip.AddressFamily != AddressFamily.InterNetworkV6)
                    return $"{b[3]}.{b[2]}.{b[1]}.{b[0]}.in-addr.arpa";
                var parts = new List<string>(32);
                for (int i = b.Length - 1; i >= 0; i--)
                {
                    parts.Add("0123456789abcdef"[b[i] & 0xf].ToString());
                    parts.Add("0123456789abcdef"[b[i] >> 4].ToString());
                }
                return string.Join(".", parts) + ".ip6.arpa";
            }
        }
    }
}
