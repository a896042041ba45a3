using System;
using System.Collections.Generic;
using System.Linq;

namespace MailAuth.Dns
{
    /// <summary>A TLSA record (RFC 6698 §2.1).</summary>
    public sealed class TlsaRecord : DnsRecord
    {
        private readonly byte[] _data;

        /// <summary>Creates a TLSA record.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="associationData"/> is null.</exception>
        public TlsaRecord(string name, int ttl, int usage, int selector, int matchingType, IEnumerable<byte> associationData) : base(name, ttl)
        {
            if (associationData is null) throw new ArgumentNullException(nameof(associationData));
            CertificateUsage = usage;
            Selector = selector;
            MatchingType = matchingType;
            _data = associationData.ToArray();
        }

        /// <summary>Certificate usage: 0 PKIX-TA, 1 PKIX-EE, 2 DANE-TA, 3 DANE-EE.</summary>
        public int CertificateUsage { get; }
        /// <summary>Selector: 0 full certificate, 1 SubjectPublicKeyInfo.</summary>
        public int Selector { get; }
        /// <summary>Matching type: 0 exact, 1 SHA-256, 2 SHA-512.</summary>
        public int MatchingType { get; }
        /// <summary>The certificate association data.</summary>
        public IReadOnlyList<byte> AssociationData => _data;

        /// <inheritdoc />
        public override DnsRecordType Type => DnsRecordType.TLSA;

        /// <inheritdoc />
        public override string Data => FormattableString.Invariant($"{CertificateUsage} {Selector} {MatchingType} ") + string.Concat(_data.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

        /// <inheritdoc />
        public override DnsRecord With(string name, int ttl) => new TlsaRecord(name, ttl, CertificateUsage, Selector, MatchingType, _data);
    }
}
