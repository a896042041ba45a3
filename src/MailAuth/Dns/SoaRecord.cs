using System;

namespace MailAuth.Dns
{
    /// <summary>An SOA record (RFC 1035 §3.3.13); its MINIMUM sets the negative-caching TTL (RFC 2308 §5).</summary>
    public sealed class SoaRecord : DnsRecord
    {
        /// <summary>Creates an SOA record.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="primaryServer"/> or <paramref name="responsibleMailbox"/> is null.</exception>
        public SoaRecord(string name, int ttl, string primaryServer, string responsibleMailbox, uint serial, int refresh, int retry, int expire, int minimum) : base(name, ttl)
        {
            PrimaryServer = DnsName.Normalize(primaryServer ?? throw new ArgumentNullException(nameof(primaryServer)));
            ResponsibleMailbox = DnsName.Normalize(responsibleMailbox ?? throw new ArgumentNullException(nameof(responsibleMailbox)));
            Serial = serial;
            Refresh = refresh;
            Retry = retry;
            Expire = expire;
            Minimum = minimum;
        }

        /// <summary>MNAME: the primary name server.</summary>
        public string PrimaryServer { get; }
        /// <summary>RNAME: the mailbox of the person responsible, in domain-name form.</summary>
        public string ResponsibleMailbox { get; }
        /// <summary>Zone serial number.</summary>
        public uint Serial { get; }
        /// <summary>Refresh interval in seconds.</summary>
        public int Refresh { get; }
        /// <summary>Retry interval in seconds.</summary>
        public int Retry { get; }
        /// <summary>Expire time in seconds.</summary>
        public int Expire { get; }
        /// <summary>MINIMUM: the TTL of negative answers.</summary>
        public int Minimum { get; }

        /// <inheritdoc />
        public override DnsRecordType Type => DnsRecordType.SOA;

        /// <inheritdoc />
        public override string Data => FormattableString.Invariant($"{PrimaryServer}. {ResponsibleMailbox}. {Serial} {Refresh} {Retry} {Expire} {Minimum}");

        /// <inheritdoc />
        public override DnsRecord With(string name, int ttl) => new SoaRecord(name, ttl, PrimaryServer, ResponsibleMailbox, Serial, Refresh, Retry, Expire, Minimum);
    }
}
