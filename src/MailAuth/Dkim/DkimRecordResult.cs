using System;
using System.Collections.Generic;
using System.Linq;
using MailAuth.Findings;

namespace MailAuth.Dkim
{
    /// <summary>The DKIM key record at one selector of a domain, as <c>Get-DkimRecord</c> and <c>Test-DkimRecord</c> report it.</summary>
    public sealed class DkimRecordResult
    {
        private static readonly IReadOnlyList<string> NoStrings = Array.Empty<string>();

        internal DkimRecordResult(string? domain, string? selector, string? name, DkimRecordStatus status, DkimKeyRecord? parsed,
            IReadOnlyList<string>? strings, IReadOnlyList<string>? allRecords, IReadOnlyList<string>? cnameChain, int? ttl, bool isProbe,
            IReadOnlyList<Finding> findings, string? error, string? server)
        {
            Domain = domain;
            Selector = selector;
            Name = name;
            Status = status;
            Parsed = parsed;
            Strings = strings ?? NoStrings;
            AllRecords = allRecords ?? NoStrings;
            CnameChain = cnameChain ?? NoStrings;
            Ttl = ttl;
            IsProbe = isProbe;
            Findings = findings;
            HighestSeverity = findings.Count == 0 ? (FindingSeverity?)null : findings.Max(f => f.Severity);
            Error = error;
            Server = server;
        }

        /// <summary>The domain, normalised; null for a record text checked without a domain.</summary>
        public string? Domain { get; }
        /// <summary>The selector; <c>*</c> for a wildcard found by a probe; null for a probe summary (nothing found, or DNS failures).</summary>
        public string? Selector { get; }
        /// <summary>The name queried: <c>&lt;selector&gt;._domainkey.&lt;domain&gt;</c>.</summary>
        public string? Name { get; }
        /// <summary>found, none, temperror or permerror.</summary>
        public DkimRecordStatus Status { get; }
        /// <summary>The record text with its character-strings joined without spaces (RFC 6376 §3.6.2.2); null when there is no single record.</summary>
        public string? Record => Parsed?.Text;
        /// <summary>The record's character-strings as published.</summary>
        public IReadOnlyList<string> Strings { get; }
        /// <summary>Every TXT record at the name, joined; more than one is a permerror.</summary>
        public IReadOnlyList<string> AllRecords { get; }
        /// <summary>The CNAME targets followed from <see cref="Name"/>, in order; the last one holds the record.</summary>
        public IReadOnlyList<string> CnameChain { get; }
        /// <summary>v= (DKIM1), when present.</summary>
        public string? Version => Parsed?.Version;
        /// <summary>k=: rsa (the default) or ed25519; other values are unknown key types.</summary>
        public string? KeyType => Parsed?.KeyType;
        /// <summary>Key size in bits: the RSA modulus length, 256 for Ed25519; null when there is no usable key.</summary>
        public int? KeySize => Parsed?.KeySize;
        /// <summary>h=: the hash algorithms allowed; null when the tag is absent (all allowed).</summary>
        public IReadOnlyList<string>? HashAlgorithms => Parsed?.HashAlgorithms;
        /// <summary>s=: the service types (<c>*</c> by default, or <c>email</c>).</summary>
        public IReadOnlyList<string> ServiceTypes => Parsed?.ServiceTypes ?? NoStrings;
        /// <summary>t=: the flags (<c>y</c> testing, <c>s</c> strict).</summary>
        public IReadOnlyList<string> Flags => Parsed?.Flags ?? NoStrings;
        /// <summary>t=y: the domain is testing DKIM.</summary>
        public bool Testing => Parsed?.Testing ?? false;
        /// <summary>t=s: the i= domain of signatures must equal d=.</summary>
        public bool Strict => Parsed?.Strict ?? false;
        /// <summary>True when p= is empty: the key is revoked (RFC 6376 §3.6.1).</summary>
        public bool IsRevoked => Parsed?.IsRevoked ?? false;
        /// <summary>The TTL of the answer in seconds (the smallest along the CNAME chain).</summary>
        public int? Ttl { get; }
        /// <summary>True when the selector came from the built-in list of common selectors rather than from the caller.</summary>
        public bool IsProbe { get; }
        /// <summary>What is wrong or worth knowing, with references and remediation.</summary>
        public IReadOnlyList<Finding> Findings { get; }
        /// <summary>The most severe finding's severity; null when there are no findings.</summary>
        public FindingSeverity? HighestSeverity { get; }
        /// <summary>The DNS failure reason, for temperror.</summary>
        public string? Error { get; }
        /// <summary>The server or zone file that answered.</summary>
        public string? Server { get; }
        /// <summary>The parsed key record, for signature verification.</summary>
        public DkimKeyRecord? Parsed { get; }

        internal DkimRecordResult WithFindings(IReadOnlyList<Finding> findings)
            => new DkimRecordResult(Domain, Selector, Name, Status, Parsed, Strings, AllRecords, CnameChain, Ttl, IsProbe, findings, Error, Server);

        /// <inheritdoc />
        public override string ToString()
            => (Name ?? Domain ?? "(record)") + ": " + Status + (Record is null ? "" : " " + Record);
    }
}
