using System;

namespace MailAuth.Dns
{
    /// <summary>An SRV record (RFC 2782).</summary>
    public sealed class SrvRecord : DnsRecord
    {
        /// <summary>Creates an SRV record.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="target"/> is null.</exception>
        public SrvRecord(string name, int ttl, int priority, int weight, int port, string target) : base(name, ttl)
        {
            Priority = priority;
            Weight = weight;
            Port = port;
            Target = DnsName.Normalize(target ?? throw new ArgumentNullException(nameof(target)));
        }

        /// <summary>Priority; lower is preferred.</summary>
        public int Priority { get; }
        /// <summary>Relative weight among equal priorities.</summary>
        public int Weight { get; }
        /// <summary>TCP or UDP port.</summary>
        public int Port { get; }
        /// <summary>Target host; empty for "service not available" (target ".").</summary>
        public string Target { get; }

        /// <inheritdoc />
        public override DnsRecordType Type => DnsRecordType.SRV;

        /// <inheritdoc />
        public override string Data => FormattableString.Invariant($"{Priority} {Weight} {Port} {Target}.");

        /// <inheritdoc />
        public override DnsRecord With(string name, int ttl) => new SrvRecord(name, ttl, Priority, Weight, Port, Target);
    }
}
