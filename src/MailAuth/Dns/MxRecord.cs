using System;

namespace MailAuth.Dns
{
    /// <summary>An MX record (RFC 1035 §3.3.9).</summary>
    public sealed class MxRecord : DnsRecord
    {
        /// <summary>Creates an MX record.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="exchange"/> is null.</exception>
        public MxRecord(string name, int ttl, int preference, string exchange) : base(name, ttl)
        {
            if (exchange is null) throw new ArgumentNullException(nameof(exchange));
            Preference = preference;
            Exchange = DnsName.Normalize(exchange);
        }

        /// <summary>Preference; lower is preferred.</summary>
        public int Preference { get; }

        /// <summary>The mail exchanger's host name; empty for a null MX (RFC 7505, exchange ".").</summary>
        public string Exchange { get; }

        /// <inheritdoc />
        public override DnsRecordType Type => DnsRecordType.MX;

        /// <inheritdoc />
        public override string Data => Preference + " " + Exchange + ".";

        /// <inheritdoc />
        public override DnsRecord With(string name, int ttl) => new MxRecord(name, ttl, Preference, Exchange);
    }
}
