using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dns;
using MailAuth.Net;

namespace MailAuth.Audit
{
    /// <summary>Whether a domain advertises JMAP client access (RFC 8620 §2.2).</summary>
    public sealed class JmapResult
    {
        internal JmapResult(string domain) => Domain = domain;

        /// <summary>The domain.</summary>
        public string Domain { get; }
        /// <summary>The <c>_jmap._tcp</c> SRV targets as host:port, in priority order.</summary>
        public IReadOnlyList<string> SrvTargets { get; internal set; } = Array.Empty<string>();
        /// <summary>The well-known URL asked.</summary>
        public string WellKnownUrl => "https://" + Domain + "/.well-known/jmap";
        /// <summary>The answer to the well-known URL: its status, or skipped when offline.</summary>
        public HttpsFetchResult? WellKnown { get; internal set; }
        /// <summary>True when the SRV record exists or the well-known URL answers (200, 401 or a redirect count).</summary>
        public bool Advertised { get; internal set; }
        /// <summary>The SRV lookup failed temporarily.</summary>
        public bool TemporaryFailure { get; internal set; }

        /// <inheritdoc />
        public override string ToString() => $"{Domain}: JMAP {(Advertised ? "advertised" : "not advertised")}";
    }

    /// <summary>RFC 8620 §2.2 autodiscovery: the <c>_jmap._tcp</c> SRV record and <c>/.well-known/jmap</c>.</summary>
    public static class JmapCheck
    {
        /// <summary>Bytes read of the well-known answer: only its status matters here.</summary>
        public const int MaxBytes = 16 * 1024;

        /// <summary>Looks for JMAP autodiscovery.</summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public static async Task<JmapResult> CheckAsync(string domain, IDnsResolver resolver, HttpsFetcher? fetcher, CancellationToken cancellationToken = default)
        {
            if (domain is null) throw new ArgumentNullException(nameof(domain));
            if (resolver is null) throw new ArgumentNullException(nameof(resolver));
            var r = new JmapResult(domain);
            var srv = await resolver.QueryAsync("_jmap._tcp." + domain, DnsRecordType.SRV, cancellationToken).ConfigureAwait(false);
            r.TemporaryFailure = srv.Outcome == DnsOutcome.TemporaryFailure;
            // RFC 2782: a single target "." means the service is decidedly not available.
            r.SrvTargets = srv.RecordsOf<SrvRecord>().Where(s => s.Target.Length > 0 && s.Target != ".")
                .OrderBy(s => s.Priority).ThenByDescending(s => s.Weight).Select(s => s.Target + ":" + s.Port).ToList();
            if (fetcher != null)
            {
                r.WellKnown = await fetcher.FetchAsync(new Uri(r.WellKnownUrl), cancellationToken, MaxBytes).ConfigureAwait(false);
            }
            int? code = r.WellKnown?.StatusCode;
            // RFC 8620 §2.2: the well-known URL redirects to the session resource, which needs authentication.
            bool answered = code == 200 || code == 401 || (code >= 300 && code < 400);
            r.Advertised = r.SrvTargets.Count > 0 || answered;
            return r;
        }
    }
}
