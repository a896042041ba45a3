using System;
using System.Collections.Generic;
using MailAuth.Findings;

namespace MailAuth.Spf
{
    /// <summary>The SPF record published at a domain, as <c>Get-SpfRecord</c> reports it.</summary>
    public sealed class SpfRecordResult
    {
        internal SpfRecordResult(string domain, SpfRecordStatus status, SpfRecord? parsed, IReadOnlyList<string> strings,
            IReadOnlyList<string> allRecords, int? ttl, IReadOnlyList<Finding> findings, string? error, string? server)
        {
            Domain = domain;
            Status = status;
            Parsed = parsed;
            Strings = strings;
            AllRecords = allRecords;
            Ttl = ttl;
            Findings = findings;
            Error = error;
            Server = server;
        }

        /// <summary>The domain queried, normalised.</summary>
        public string Domain { get; }
        /// <summary>found, none, temperror or permerror.</summary>
        public SpfRecordStatus Status { get; }
        /// <summary>The record text with its character-strings joined (RFC 7208 §3.3); null when there is no single record.</summary>
        public string? Record => Parsed?.Text;
        /// <summary>The record's character-strings as published.</summary>
        public IReadOnlyList<string> Strings { get; }
        /// <summary>The parsed terms of the record; empty when there is no single record.</summary>
        public IReadOnlyList<SpfTerm> Terms => Parsed?.Terms ?? (IReadOnlyList<SpfTerm>)Array.Empty<SpfTerm>();
        /// <summary>Every SPF record found (more than one is a permerror).</summary>
        public IReadOnlyList<string> AllRecords { get; }
        /// <summary>The record's TTL in seconds.</summary>
        public int? Ttl { get; }
        /// <summary>What is wrong, with references and remediation.</summary>
        public IReadOnlyList<Finding> Findings { get; }
        /// <summary>The DNS failure reason, for temperror.</summary>
        public string? Error { get; }
        /// <summary>The server or zone file that answered.</summary>
        public string? Server { get; }
        /// <summary>The parsed record, for evaluation.</summary>
        public SpfRecord? Parsed { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Domain}: {Status}" + (Record is null ? "" : " " + Record);
    }
}
