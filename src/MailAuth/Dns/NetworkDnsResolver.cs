using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using DnsClient;
using DnsClient.Protocol;

namespace MailAuth.Dns
{
    /// <summary>
    /// Queries DNS servers over the network with DnsClient: the system's servers or the ones given.
    /// Falls back to TCP on truncation, retries once, and turns every failure into
    /// <see cref="DnsOutcome.TemporaryFailure"/> with the reason.
    /// </summary>
    public sealed class NetworkDnsResolver : IDnsResolver
    {
        private const int MaxCnameHops = 8;
        private readonly LookupClient _client;
        private readonly string _serverText;
        private readonly DnsQueryAndServerOptions _dnssecOptions;
        private readonly SemaphoreSlim _outstanding;

        /// <summary>Questions in flight at once by default. A whole-inventory audit asks thousands at a time (the DKIM
        /// probe alone asks 36 per domain); beyond a few dozen, resolvers and socket buffers drop UDP answers, and
        /// a dropped answer is a timeout, which is reported as temperror.</summary>
        public const int DefaultMaxOutstandingQueries = 64;

        /// <summary>Creates a resolver.</summary>
        /// <param name="servers">Servers to ask in order; null or empty for the system's configured servers.</param>
        /// <param name="timeout">Time allowed per attempt.</param>
        /// <param name="retries">Further attempts per server after the first (default 1).</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive, or <paramref name="retries"/> is negative.</exception>
        /// <param name="maxOutstandingQueries">Questions in flight at once; further ones wait their turn (the wait does not count against the timeout).</param>
        public NetworkDnsResolver(IEnumerable<IPEndPoint>? servers, TimeSpan timeout, int retries = 1, int maxOutstandingQueries = DefaultMaxOutstandingQueries)
        {
            if (maxOutstandingQueries < 1) throw new ArgumentOutOfRangeException(nameof(maxOutstandingQueries), "At least one question must be allowed in flight.");
            _outstanding = new SemaphoreSlim(maxOutstandingQueries, maxOutstandingQueries);
            if (timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), "The DNS timeout must be positive.");
            if (retries < 0) throw new ArgumentOutOfRangeException(nameof(retries), "Retries cannot be negative.");
            var list = servers?.ToList() ?? new List<IPEndPoint>();
            var options = list.Count > 0
                ? new LookupClientOptions(list.Select(e => new NameServer(e)).ToArray())
                : new LookupClientOptions();
            options.UseCache = false;             // the caching decorator owns caching, with our outcome rules
            options.Timeout = timeout;
            options.Retries = retries;
            options.UseTcpFallback = true;
            options.ThrowDnsErrors = false;
            options.ContinueOnDnsError = true;    // SERVFAIL/REFUSED from one server: ask the next
            options.ContinueOnEmptyResponse = false; // NODATA is an answer, not a failure
            options.UseRandomNameServer = false;
            options.Recursion = true;
            _client = new LookupClient(options);
            _dnssecOptions = new DnsQueryAndServerOptions(_client.NameServers.ToArray())
            {
                UseCache = false, Timeout = timeout, Retries = retries, UseTcpFallback = true, ThrowDnsErrors = false,
                ContinueOnDnsError = true, ContinueOnEmptyResponse = false, UseRandomNameServer = false, Recursion = true,
                RequestDnsSecRecords = true,
            };
            _serverText = list.Count > 0 ? string.Join(",", list.Select(e => e.ToString())) : "system";
            Timeout = timeout;
            Retries = retries;
        }

        /// <summary>Time allowed per attempt.</summary>
        public TimeSpan Timeout { get; }

        /// <summary>Further attempts per server after the first.</summary>
        public int Retries { get; }

        /// <inheritdoc />
        public async Task<DnsQueryResult> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
        {
            if (name is null) throw new ArgumentNullException(nameof(name));
            string original = DnsName.Normalize(name);
            string current = original;
            var chain = new List<DnsRecord>();
            // An authoritative server answers a CNAME without chasing an out-of-zone target; chase it here.
            for (int hop = 0; hop <= MaxCnameHops; hop++)
            {
                IDnsQueryResponse response;
                await _outstanding.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    // TLSA answers matter only when validated (RFC 7672 §2.2): ask with DO so a validating resolver sets AD.
                    response = type == DnsRecordType.TLSA
                        ? await _client.QueryAsync(new DnsQuestion(current, QueryType.TLSA, QueryClass.IN), _dnssecOptions, cancellationToken).ConfigureAwait(false)
                        : await _client.QueryAsync(current, (QueryType)(int)type, QueryClass.IN, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception e) when (e is DnsResponseException || e is SocketException || e is OperationCanceledException || e is TimeoutException || e is System.IO.IOException || e is ArgumentException || e is InvalidOperationException)
                {
                    return DnsQueryResult.TempFail(original, type, Describe(e), _serverText);
                }
                finally
                {
                    _outstanding.Release();
                }

                string server = response.NameServer?.ToString() ?? _serverText;
                var rcode = response.Header.ResponseCode;
                if (rcode != DnsHeaderResponseCode.NoError && rcode != DnsHeaderResponseCode.NotExistentDomain)
                    return DnsQueryResult.TempFail(original, type, $"the server answered {rcode}", server);
                // DnsClient checks the message ID but not the question: an answer to another question
                // (a spoofed or confused reply) would read as "no such record" for this one.
                if (!AnswersQuestion(response, current, type))
                    return DnsQueryResult.TempFail(original, type, "the answer was for another question", server);

                // Walk the CNAME chain inside this answer.
                var answers = response.Answers;
                while (true)
                {
                    var cname = answers.OfType<CNameRecord>().FirstOrDefault(c => DnsName.Normalize(c.DomainName.Original) == current);
                    if (cname is null || type == DnsRecordType.CNAME) break;
                    var converted = new NameRecord(current, cname.TimeToLive, DnsRecordType.CNAME, cname.CanonicalName.Original);
                    if (chain.Count > MaxCnameHops || chain.Any(r => r.Name == converted.Name))
                        return DnsQueryResult.TempFail(original, type, "CNAME chain too long or looping", server);
                    chain.Add(converted);
                    current = ((NameRecord)converted).Target;
                }

                var records = answers
                    .Where(r => (int)r.RecordType == (int)type && DnsName.Normalize(r.DomainName.Original) == current)
                    .Select(Convert)
                    .Where(r => r != null)
                    .Select(r => r!)
                    .ToList();
                int? negTtl = response.Authorities.OfType<DnsClient.Protocol.SoaRecord>().Select(s => (int?)Math.Min(s.Minimum, (uint)Math.Max(0, s.TimeToLive))).FirstOrDefault();
                if (records.Count > 0)
                    return new DnsQueryResult(original, type, DnsOutcome.Records, records, chain, server: server, authenticatedData: response.Header.IsAuthenticData);
                if (rcode == DnsHeaderResponseCode.NotExistentDomain)
                    return new DnsQueryResult(original, type, DnsOutcome.NxDomain, cnameChain: chain, negativeTtl: negTtl, server: server);
                bool answeredForCurrent = chain.Count == 0 || response.Authorities.Count > 0 || answers.Any(r => DnsName.Normalize(r.DomainName.Original) == current);
                if (answeredForCurrent)
                    return new DnsQueryResult(original, type, DnsOutcome.NoData, cnameChain: chain, negativeTtl: negTtl, server: server);
                // The chain ends at a name this answer says nothing about: ask for it.
            }
            return DnsQueryResult.TempFail(original, type, "CNAME chain too long", _serverText);
        }

        private static bool AnswersQuestion(IDnsQueryResponse response, string name, DnsRecordType type)
        {
            var questions = response.Questions;
            if (questions.Count != 1) return false;
            var q = questions[0];
            return (int)q.QuestionType == (int)type
                && string.Equals(q.QueryName.Original.TrimEnd('.'), name, StringComparison.OrdinalIgnoreCase);
        }

        private static string Describe(Exception e)
        {
            if (e is DnsResponseException dre)
            {
                if (dre.Code == DnsResponseCode.ConnectionTimeout) return "timeout: no answer from the server";
                // DnsClient wraps the cause (a refused TCP retry after truncation, an unreadable answer) as "Unassigned".
                if (dre.InnerException != null) return dre.Message + " (" + dre.InnerException.GetType().Name + ": " + dre.InnerException.Message + ")";
                return dre.Code + ": " + dre.Message;
            }
            if (e is DnsXidMismatchException) return "the answer's message ID was not the question's";
            return e is OperationCanceledException ? "timeout: no answer from the server" : e.GetType().Name + ": " + e.Message;
        }

        private static DnsRecord? Convert(DnsResourceRecord r)
        {
            // Original is the wire form (A-labels); Value would be the Unicode form of an IDN.
            string name = r.DomainName.Original;
            int ttl = r.TimeToLive;
            switch (r)
            {
                case ARecord a: return new AddressRecord(name, ttl, a.Address);
                case AaaaRecord aaaa: return new AddressRecord(name, ttl, aaaa.Address);
                case DnsClient.Protocol.MxRecord mx: return new MxRecord(name, ttl, mx.Preference, mx.Exchange.Original);
                case DnsClient.Protocol.TxtRecord txt: return new TxtRecord(name, ttl, txt.Text);
                case CNameRecord c: return new NameRecord(name, ttl, DnsRecordType.CNAME, c.CanonicalName.Original);
                case PtrRecord p: return new NameRecord(name, ttl, DnsRecordType.PTR, p.PtrDomainName.Original);
                case NsRecord ns: return new NameRecord(name, ttl, DnsRecordType.NS, ns.NSDName.Original);
                case DnsClient.Protocol.SoaRecord soa:
                    return new SoaRecord(name, ttl, soa.MName.Original, soa.RName.Original, soa.Serial, (int)soa.Refresh, (int)soa.Retry, (int)soa.Expire, (int)soa.Minimum);
                case DnsClient.Protocol.SrvRecord srv: return new SrvRecord(name, ttl, srv.Priority, srv.Weight, srv.Port, srv.Target.Original);
                case DnsClient.Protocol.TlsaRecord tlsa:
                    return new TlsaRecord(name, ttl, (int)tlsa.CertificateUsage, (int)tlsa.Selector, (int)tlsa.MatchingType, tlsa.CertificateAssociationData);
                default: return null;
            }
        }
    }
}
