using MailAuth.Findings;

namespace MailAuth.Smtp
{
    /// <summary>The STARTTLS and DANE findings catalogue (<c>Test-SmtpTls</c>).</summary>
    public static class SmtpTlsFindings
    {
        /// <summary>Null MX.</summary>
        public static readonly FindingDefinition NullMx = new FindingDefinition("SmtpTls.NullMx", FindingSeverity.Info,
            "The domain publishes a null MX ('MX 0 .'): it accepts no mail, so there is no mail server to test.",
            "RFC 7505 §3",
            "Nothing to change if the domain receives no mail; otherwise replace the null MX with the real mail servers.");

        /// <summary>No MX records: the domain's own address is the implicit MX.</summary>
        public static readonly FindingDefinition NoMx = new FindingDefinition("SmtpTls.NoMx", FindingSeverity.Warning,
            "The domain has no MX records, so senders use the domain's own address as an implicit MX; the domain itself is tested.",
            "RFC 5321 §5.1",
            "Publish MX records naming the mail servers, or a null MX ('MX 0 .') if the domain receives no mail.");

        /// <summary>A DNS query failed.</summary>
        public static readonly FindingDefinition DnsTemporaryFailure = new FindingDefinition("SmtpTls.DnsTemporaryFailure", FindingSeverity.Error,
            "A DNS query for the MX hosts, their addresses or their TLSA records failed (timeout or server failure).",
            "RFC 5321 §5.1; RFC 7672 §2.1",
            "Check that the name servers answer reliably, then run the check again.");

        /// <summary>No connection or greeting.</summary>
        public static readonly FindingDefinition Unreachable = new FindingDefinition("SmtpTls.Unreachable", FindingSeverity.Error,
            "The mail server could not be reached, or did not greet with 220 within the timeout.",
            "RFC 5321 §3.1, §4.2",
            "Check that the host resolves, that port 25 is open to the Internet and that the SMTP service runs.");

        /// <summary>STARTTLS is not offered.</summary>
        public static readonly FindingDefinition StartTlsNotOffered = new FindingDefinition("SmtpTls.StartTlsNotOffered", FindingSeverity.Error,
            "The server does not offer STARTTLS in its EHLO answer, so mail to it travels in plain text; MTA-STS and DANE cannot be satisfied.",
            "RFC 3207 §4; RFC 8461 §4.2; RFC 7672 §2.2",
            "Enable STARTTLS with a certificate for the MX host name (Postfix: smtpd_tls_security_level = may, smtpd_tls_chain_files).");

        /// <summary>The TLS handshake failed for a reason other than the certificate.</summary>
        public static readonly FindingDefinition TlsHandshakeFailed = new FindingDefinition("SmtpTls.TlsHandshakeFailed", FindingSeverity.Error,
            "STARTTLS was accepted but the TLS handshake failed (protocol or cipher mismatch, or the server answered STARTTLS with an error).",
            "RFC 3207 §4; RFC 8996",
            "Enable TLS 1.2 and 1.3 with current cipher suites on the server and check its TLS logs.");

        /// <summary>The certificate is not valid for the MX name.</summary>
        public static readonly FindingDefinition CertificateNameMismatch = new FindingDefinition("SmtpTls.CertificateNameMismatch", FindingSeverity.Warning,
            "The server's certificate is not valid for the MX host name; senders that enforce MTA-STS refuse to deliver (opportunistic TLS still encrypts).",
            "RFC 8461 §4.2; RFC 6125 §6.4",
            "Install a certificate whose subjectAltName lists the MX host name.");

        /// <summary>The certificate is expired or not yet valid.</summary>
        public static readonly FindingDefinition CertificateExpired = new FindingDefinition("SmtpTls.CertificateExpired", FindingSeverity.Error,
            "The server's certificate (or one in its chain) is expired or not yet valid; senders that enforce MTA-STS refuse to deliver.",
            "RFC 8461 §4.2; RFC 5280 §6.1.3",
            "Renew the certificate and automate renewal.");

        /// <summary>The chain does not lead to a trusted root.</summary>
        public static readonly FindingDefinition CertificateUntrusted = new FindingDefinition("SmtpTls.CertificateUntrusted", FindingSeverity.Warning,
            "The server's certificate does not chain to a trusted root; senders that enforce MTA-STS refuse to deliver (DANE-EE and DANE-TA records can still authenticate it).",
            "RFC 8461 §4.2; RFC 7672 §3.1",
            "Use a certificate from a publicly trusted CA and send the intermediates, or publish matching TLSA records with DNSSEC.");

        /// <summary>The certificate expires within 14 days.</summary>
        public static readonly FindingDefinition CertificateExpiresSoon = new FindingDefinition("SmtpTls.CertificateExpiresSoon", FindingSeverity.Warning,
            "The server's certificate expires within 14 days.",
            "RFC 5280 §4.1.2.5",
            "Renew the certificate now, and update TLSA records first if they match the certificate or its key.");

        /// <summary>TLSA records exist but none matches.</summary>
        public static readonly FindingDefinition TlsaMismatch = new FindingDefinition("SmtpTls.TlsaMismatch", FindingSeverity.Error,
            "The host publishes usable TLSA records but none matches the certificate chain it presents; DANE senders will not deliver to it.",
            "RFC 7672 §3.1, §3.2; RFC 6698 §2.1; RFC 7671 §5",
            "Publish TLSA records for the current certificate or key (for example '3 1 1' with the SHA-256 of the SubjectPublicKeyInfo) before changing certificates, and remove stale ones after.");

        /// <summary>TLSA records that SMTP cannot use.</summary>
        public static readonly FindingDefinition TlsaUnusable = new FindingDefinition("SmtpTls.TlsaUnusable", FindingSeverity.Warning,
            "A TLSA record is unusable for SMTP: PKIX usages 0 and 1 are not to be used with SMTP, and unknown usages, selectors or matching types are ignored.",
            "RFC 7672 §3.1.3; RFC 6698 §2.1; RFC 7671 §4",
            "Publish DANE-EE (3 1 1) or DANE-TA (2 1 1) records instead.");

        /// <summary>TLSA answer not DNSSEC-validated.</summary>
        public static readonly FindingDefinition TlsaNotValidated = new FindingDefinition("SmtpTls.TlsaNotValidated", FindingSeverity.Warning,
            "The TLSA records came without the AD bit: the resolver asked did not validate them with DNSSEC (or the zone is unsigned, or the answer came from a zone file). DANE senders only use TLSA records from validated answers.",
            "RFC 7672 §2.2; RFC 6698 §4.1",
            "Sign the zone with DNSSEC, and check with a validating resolver (for example -Server with a DNSSEC-validating recursive resolver).");
    }
}
