using System;

namespace MailAuth.Dns
{
    /// <summary>A record whose data is one domain name: CNAME, PTR or NS.</summary>
    public sealed class NameRecord : DnsRecord
    {
        private readonly DnsRecordType _type;

        /// <summary>Creates a CNAME, PTR or NS record.</summary>
        /// <exception cref="ArgumentException"><paramref name="type"/> is not CNAME, PTR or NS.</exception>
        /// <exception cref="ArgumentNullException"><paramref name="target"/> is null.</exception>
        public NameRecord(string name, int ttl, DnsRecordType type, string target) : base(name, ttl)
        {
            if (type != DnsRecordType.CNAME && type != DnsRecordType.PTR && type != DnsRecordType.NS)
                throw new ArgumentException("A name record is CNAME, PTR or NS.", nameof(type));
            if (target is null) throw new ArgumentNullException(nameof(target));
            _type = type;
            Target = DnsName.Normalize(target);
        }

        /// <summary>The domain name the record points to, lower case, without the trailing dot.</summary>
        public string Target { get; }

        /// <inheritdoc />
        public override DnsRecordType Type => _type;

        /// <inheritdoc />
        public override string Data => Target + ".";

        /// <inheritdoc />
        public override DnsRecord With(string name, int ttl) => new NameRecord(name, ttl, _type, Target);
    }
}
