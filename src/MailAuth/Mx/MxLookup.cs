using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dns;
using MailAuth.Findings;

namespace MailAuth.Mx
{
    /// <summary>Whether a domain receives mail, and where: MX records, null MX (RFC 7505), or the implicit MX (RFC 5321 §5.1).</summary>
#pragma warning disable IDE1006
    public enum MxStatus
    {
        /// <summary>MX records name hosts that receive mail.</summary>
        found,
        /// <summary>A null MX (<c>0 .</c>, RFC 7505): the domain accepts no mail.</summary>
        nullmx,
        /// <summary>No MX records; mail goes to the domain's own address (RFC 5321 §5.1), if it has one.</summary>
        none,
        /// <summary>The domain does not exist.</summary>
        nxdomain,
        /// <summary>A DNS failure; try again later.</summary>
        temperror,
    }
#pragma warning restore IDE1006

    /// <summary>One MX host and what its name resolves to.</summary>
    public sealed class MxHost
    {
        internal MxHost(int preference, string name) { Preference = preference; Name = name; }

        /// <summary>The preference; lower is tried first.</summary>
        public int Preference { get; }
        /// <summary>The exchange host name.</summary>
        public string Name { get; }
        /// <summary>Its IPv4 and IPv6 addresses.</summary>
        public IReadOnlyList<string> Addresses { get; internal set; } = Array.Empty<string>();
        /// <summary>The name is an alias (CNAME), which RFC 2181 §10.3 forbids for an MX target.</summary>
        public bool IsAlias { get; internal set; }
        /// <summary>The address lookup failed temporarily.</summary>
        public bool TemporaryFailure { get; internal set; }

        /// <inheritdoc />
        public override string ToString() => $"{Preference} {Name}";
    }

    /// <summary>The MX of a domain, with findings.</summary>
    public sealed class MxResult
    {
        internal MxResult(string domain) => Domain = domain;

        /// <summary>The domain.</summary>
        public string Domain { get; }
        /// <summary>found, nullmx, none, nxdomain or temperror.</summary>
        public MxStatus Status { get; internal set; }
        /// <summary>The hosts, lowest preference first.</summary>
        public IReadOnlyList<MxHost> Hosts { get; internal set; } = Array.Empty<MxHost>();
        /// <summary>What went wrong with DNS, when it did.</summary>
        public string? Error { get; internal set; }
        /// <summary>Findings.</summary>
        public IReadOnlyList<Finding> Findings { get; internal set; } = Array.Empty<Finding>();

        /// <inheritdoc />
        public override string ToString() => $"{Domain}: {Status}" + (Hosts.Count > 0 ? " " + string.Join(", ", Hosts.Select(h => h.Name)) : "");
    }

    /// <summary>Findings about MX records.</summary>
    public static class MxFindings
    {
        /// <summary>No MX records.</summary>
        public static readonly FindingDefinition NoMx = new FindingDefinition("Mx.NoMx", FindingSeverity.Warning,
            "The domain has no MX records; senders fall back to its address records, which is rarely intended.",
            "RFC 5321 §5.1",
            "Publish MX records for the hosts that receive mail, or a null MX (MX 0 .) if the domain receives none (RFC 7505).");

        /// <summary>An MX host name does not resolve.</summary>
        public static readonly FindingDefinition HostDoesNotResolve = new FindingDefinition("Mx.HostDoesNotResolve", FindingSeverity.Error,
            "An MX host name has no A or AAAA record, so mail for it cannot be delivered.",
            "RFC 5321 §5.1",
            "Correct the MX target, or publish addresses for it.");

        /// <summary>An MX target is a CNAME.</summary>
        public static readonly FindingDefinition TargetIsAlias = new FindingDefinition("Mx.TargetIsAlias", FindingSeverity.Warning,
            "An MX record points at an alias (CNAME); MX targets must be host names with addresses.",
            "RFC 2181 §10.3, RFC 5321 §5.1",
            "Point the MX record at the canonical host name the CNAME leads to.");

        /// <summary>An MX target is an IP address.</summary>
        public static readonly FindingDefinition TargetIsAddress = new FindingDefinition("Mx.TargetIsAddress", FindingSeverity.Error,
            "An MX record names an IP address instead of a host name; senders look it up as a name and fail.",
            "RFC 7505 §1, RFC 5321 §5.1",
            "Point the MX record at a host name that has this address.");

        /// <summary>A null MX beside other MX records.</summary>
        public static readonly FindingDefinition NullMxWithOthers = new FindingDefinition("Mx.NullMxWithOthers", FindingSeverity.Error,
            "A null MX (MX 0 .) is published beside other MX records; a null MX must be the only one.",
            "RFC 7505 §3",
            "Remove the null MX if the domain receives mail, or the other MX records if it does not.");

        /// <summary>The domain does not exist.</summary>
        public static readonly FindingDefinition DomainDoesNotExist = new FindingDefinition("Mx.DomainDoesNotExist", FindingSeverity.Error,
            "The domain does not exist in DNS (NXDOMAIN).",
            "RFC 1035 §4.1.1",
            "Check the spelling, or register and delegate the domain.");
    }

    /// <summary>Looks up and checks the MX records of a domain.</summary>
    public static class MxLookup
    {
        /// <summary>Hosts whose addresses are looked up; more are listed without addresses.</summary>
        public const int MaxHostsResolved = 10;

        /// <summary>Looks up the MX records of a domain and the addresses of its hosts.</summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public static async Task<MxResult> LookupAsync(string domain, IDnsResolver resolver, CancellationToken cancellationToken = default)
        {
            if (domain is null) throw new ArgumentNullException(nameof(domain));
            if (resolver is null) throw new ArgumentNullException(nameof(resolver));
            var r = new MxResult(domain);
            var findings = new List<Finding>();
            r.Findings = findings;
            var answer = await resolver.QueryAsync(domain, DnsRecordType.MX, cancellationToken).ConfigureAwait(false);
            switch (answer.Outcome)
            {
                case DnsOutcome.TemporaryFailure:
                    r.Status = MxStatus.temperror;
                    r.Error = answer.Error;
                    return r;
                case DnsOutcome.NxDomain:
                    r.Status = MxStatus.nxdomain;
                    findings.Add(MxFindings.DomainDoesNotExist.Create($"{domain} does not exist (NXDOMAIN)."));
                    return r;
            }
            var records = answer.RecordsOf<MxRecord>().OrderBy(m => m.Preference).ThenBy(m => m.Exchange, StringComparer.Ordinal).ToList();
            if (records.Count == 0)
            {
                r.Status = MxStatus.none;
                findings.Add(MxFindings.NoMx.Create($"{domain} has no MX records."));
                return r;
            }
            bool hasNull = records.Any(m => m.Exchange.Length == 0 || m.Exchange == ".");
            if (hasNull)
            {
                r.Hosts = records.Select(m => new MxHost(m.Preference, m.Exchange.Length == 0 ? "." : m.Exchange)).ToList();
                if (records.Count > 1)
                {
                    r.Status = MxStatus.found;
                    findings.Add(MxFindings.NullMxWithOthers.Create($"{domain} has a null MX and {records.Count - 1} other MX record(s)."));
                }
                else r.Status = MxStatus.nullmx;
                return r;
            }
            r.Status = MxStatus.found;
            var hosts = records.Select(m => new MxHost(m.Preference, m.Exchange)).ToList();
            r.Hosts = hosts;
            await Task.WhenAll(hosts.Take(MaxHostsResolved).Select(h => ResolveHostAsync(h, resolver, findings, cancellationToken))).ConfigureAwait(false);
            return r;
        }

        private static async Task ResolveHostAsync(MxHost host, IDnsResolver resolver, List<Finding> findings, CancellationToken ct)
        {
            if (System.Net.IPAddress.TryParse(host.Name, out _))
            {
                lock (findings) findings.Add(MxFindings.TargetIsAddress.Create($"MX {host.Preference} {host.Name} names an address."));
                return;
            }
            var a = resolver.QueryAsync(host.Name, DnsRecordType.A, ct);
            var aaaa = resolver.QueryAsync(host.Name, DnsRecordType.AAAA, ct);
            var answers = await Task.WhenAll(a, aaaa).ConfigureAwait(false);
            host.Addresses = answers.SelectMany(x => x.RecordsOf<AddressRecord>()).Select(x => x.Address.ToString()).Distinct().ToList();
            host.IsAlias = answers.Any(x => x.CnameChain.Count > 0);
            host.TemporaryFailure = answers.Any(x => x.Outcome == DnsOutcome.TemporaryFailure);
            lock (findings)
            {
                if (host.IsAlias) findings.Add(MxFindings.TargetIsAlias.Create($"MX {host.Preference} {host.Name} is an alias (CNAME)."));
                if (host.Addresses.Count == 0 && !host.TemporaryFailure)
                    findings.Add(MxFindings.HostDoesNotResolve.Create($"MX {host.Preference} {host.Name} has no address."));
            }
        }
    }
}
