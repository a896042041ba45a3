using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dns;

namespace MailAuth.Tests.Dmarc
{
    /// <summary>An in-memory root zone that records every name asked, in order, for tree-walk tests.</summary>
    public sealed class DmarcTestZone : IDnsResolver
    {
        private readonly ConcurrentQueue<string> _asked = new ConcurrentQueue<string>();

        public DmarcTestZone()
        {
            // The root apex: every name is ours, so a name without records is NXDOMAIN or an empty non-terminal.
            Inner.Store.AddApex("");
        }

        public InMemoryDnsResolver Inner { get; } = new InMemoryDnsResolver();

        /// <summary>The names asked, in order ("_dmarc.example.com TXT").</summary>
        public IReadOnlyList<string> Asked => _asked.ToList();

        /// <summary>Only the names asked for TXT.</summary>
        public IReadOnlyList<string> AskedTxt => _asked.Where(a => a.EndsWith(" TXT")).Select(a => a.Substring(0, a.Length - 4)).ToList();

        public DmarcTestZone Txt(string name, params string[] strings)
        {
            Inner.AddTxt(name, strings);
            return this;
        }

        /// <summary>A DMARC record at _dmarc.<paramref name="domain"/>.</summary>
        public DmarcTestZone Dmarc(string domain, string record) => Txt("_dmarc." + domain, record);

        /// <summary>An A record, so the name exists.</summary>
        public DmarcTestZone Host(string name)
        {
            Inner.Add(new AddressRecord(name, 300, IPAddress.Parse("192.0.2.1")));
            return this;
        }

        public DmarcTestZone Fail(string name)
        {
            Inner.Fail(name, null, "timeout");
            return this;
        }

        public Task<DnsQueryResult> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
        {
            _asked.Enqueue(DnsName.Normalize(name) + " " + type);
            return Inner.QueryAsync(name, type, cancellationToken);
        }
    }
}
