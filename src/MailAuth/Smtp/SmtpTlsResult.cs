using System;
using System.Collections.Generic;
using System.Linq;
using MailAuth.Findings;
using MailAuth.Net;

namespace MailAuth.Smtp
{
    /// <summary>The STARTTLS and DANE check of one mail server, as <c>Test-SmtpTls</c> reports it.</summary>
    public sealed class SmtpTlsResult
    {
        internal SmtpTlsResult(string? domain, string mxHost, int? preference, int port)
        {
            Domain = domain; MxHost = mxHost; Preference = preference; Port = port;
        }

        /// <summary>The domain whose MX this is; null with -MxHost.</summary>
        public string? Domain { get; }
        /// <summary>The host tested (empty for a null MX).</summary>
        public string MxHost { get; }
        /// <summary>The MX preference.</summary>
        public int? Preference { get; }
        /// <summary>The TCP port.</summary>
        public int Port { get; }
        /// <summary>The address connected to.</summary>
        public string? Address { get; internal set; }
        /// <summary>How the probe ended.</summary>
        public SmtpTlsStatus Status { get; internal set; }
        /// <summary>The 220 greeting.</summary>
        public string? Banner { get; internal set; }
        /// <summary>The EHLO keywords (before STARTTLS).</summary>
        public IReadOnlyList<string> EhloKeywords { get; internal set; } = Array.Empty<string>();
        /// <summary>Whether STARTTLS was offered; null when EHLO was not reached.</summary>
        public bool? StartTlsOffered { get; internal set; }
        /// <summary>The TLS version negotiated (Tls12, Tls13).</summary>
        public string? TlsVersion { get; internal set; }
        /// <summary>The cipher suite negotiated (on .NET 8; the cipher algorithm on Windows PowerShell).</summary>
        public string? CipherSuite { get; internal set; }
        /// <summary>The server's certificate, with the platform's verdict for the MX name.</summary>
        public CertificateInfo? Certificate { get; internal set; }
        /// <summary>Whether the chain is valid for the MX name (PKIX, name and dates); null without a certificate.</summary>
        public bool? CertificateValid => Certificate?.IsValid;
        /// <summary>Whether the certificate names the MX host.</summary>
        public bool? NameMatches { get; internal set; }
        /// <summary>Days until the certificate expires (negative when expired).</summary>
        public int? DaysUntilExpiry { get; internal set; }
        /// <summary>Where the TLSA records were looked up: <c>_&lt;port&gt;._tcp.&lt;host&gt;</c>.</summary>
        public string TlsaName => "_" + Port + "._tcp." + MxHost;
        /// <summary>The DANE verdict.</summary>
        public DaneStatus Dane { get; internal set; }
        /// <summary>Each TLSA record and whether it matches.</summary>
        public IReadOnlyList<TlsaMatch> Tlsa { get; internal set; } = Array.Empty<TlsaMatch>();
        /// <summary>Whether the TLSA answer carried the AD bit (DNSSEC-validated by the resolver); DANE needs it.</summary>
        public bool TlsaAuthenticated { get; internal set; }
        /// <summary>Why the probe stopped, for a person.</summary>
        public string? Error { get; internal set; }
        /// <summary>What is wrong, with RFC references.</summary>
        public IReadOnlyList<Finding> Findings { get; internal set; } = Array.Empty<Finding>();
        /// <summary>The most severe finding; null when there are none.</summary>
        public FindingSeverity? HighestSeverity => Findings.Count == 0 ? (FindingSeverity?)null : Findings.Max(f => f.Severity);
    }
}
