namespace MailAuth.Dns
{
    /// <summary>DNS resource record types the module queries or reads from zone files (RFC 1035 §3.2.2 and later RFCs).</summary>
    public enum DnsRecordType
    {
        /// <summary>IPv4 address (RFC 1035).</summary>
        A = 1,
        /// <summary>Authoritative name server (RFC 1035).</summary>
        NS = 2,
        /// <summary>Canonical name (RFC 1035).</summary>
        CNAME = 5,
        /// <summary>Start of authority (RFC 1035).</summary>
        SOA = 6,
        /// <summary>Domain name pointer (RFC 1035).</summary>
        PTR = 12,
        /// <summary>Mail exchange (RFC 1035).</summary>
        MX = 15,
        /// <summary>Text strings (RFC 1035).</summary>
        TXT = 16,
        /// <summary>IPv6 address (RFC 3596).</summary>
        AAAA = 28,
        /// <summary>Service location (RFC 2782).</summary>
        SRV = 33,
        /// <summary>TLS certificate association (RFC 6698).</summary>
        TLSA = 52,
        /// <summary>
        /// The SPF record type of RFC 4408, discontinued by RFC 7208 §3.1; queried only to find leftovers.
        /// The network resolver answers it with <see cref="TxtRecord"/>s (same wire format); zone files never hold it.
        /// </summary>
        SPF = 99,
    }
}
