using System;

namespace MailAuth.Dns
{
    /// <summary>A resource record: owner name, type and TTL; subclasses carry the data.</summary>
    public abstract class DnsRecord
    {
        /// <summary>Creates a record.</summary>
        /// <param name="name">Owner name; stored lower case without the trailing dot.</param>
        /// <param name="ttl">Time to live in seconds.</param>
        /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
        protected DnsRecord(string name, int ttl)
        {
            if (name is null) throw new ArgumentNullException(nameof(name));
            Name = DnsName.Normalize(name);
            Ttl = ttl < 0 ? 0 : ttl;
        }

        /// <summary>Owner name, lower case, without the trailing dot.</summary>
        public string Name { get; }

        /// <summary>The record type.</summary>
        public abstract DnsRecordType Type { get; }

        /// <summary>Time to live in seconds.</summary>
        public int Ttl { get; }

        /// <summary>The record data in master-file presentation form.</summary>
        public abstract string Data { get; }

        /// <summary>A copy of this record with another owner name and TTL (used for CNAME targets and caching).</summary>
        /// <param name="name">The new owner name.</param>
        /// <param name="ttl">The new TTL.</param>
        public abstract DnsRecord With(string name, int ttl);

        /// <inheritdoc />
        public override string ToString() => Name + ". " + Ttl + " IN " + Type + " " + Data;
    }
}
