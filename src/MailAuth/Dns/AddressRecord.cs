using System;
using System.Net;
using System.Net.Sockets;

namespace MailAuth.Dns
{
    /// <summary>An A or AAAA record.</summary>
    public sealed class AddressRecord : DnsRecord
    {
        /// <summary>Creates an A (IPv4) or AAAA (IPv6) record, chosen by the address family.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="address"/> is null.</exception>
        public AddressRecord(string name, int ttl, IPAddress address) : base(name, ttl)
        {
            Address = address ?? throw new ArgumentNullException(nameof(address));
        }

        /// <summary>The address.</summary>
        public IPAddress Address { get; }

        private byte[]? _canonicalBytes;

        /// <summary>The address bytes, IPv4-mapped IPv6 as IPv4 (RFC 7208 §5), computed once: SPF compares them on every evaluation.</summary>
        internal byte[] CanonicalBytes => _canonicalBytes ??= Spf.IpPrefix.Canonical(Address).GetAddressBytes();

        /// <inheritdoc />
        public override DnsRecordType Type => Address.AddressFamily == AddressFamily.InterNetworkV6 ? DnsRecordType.AAAA : DnsRecordType.A;

        /// <inheritdoc />
        public override string Data => Address.ToString();

        /// <inheritdoc />
        public override DnsRecord With(string name, int ttl) => new AddressRecord(name, ttl, Address);
    }
}
