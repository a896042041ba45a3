using System;
using System.Collections.Generic;
using MailAuth.Dns;

namespace MailAuth.Dmarc
{
    /// <summary>One DNS question of DMARC policy discovery or of the tree walk: the name asked, the answer, and what it meant.</summary>
    public sealed class DmarcDiscoveryStep
    {
        internal DmarcDiscoveryStep(int number, string domain, DnsOutcome outcome, IReadOnlyList<string> txtRecords, IReadOnlyList<string> dmarcRecords,
            DmarcRecord? parsed, IReadOnlyList<string> strings, int? ttl, string? error, string? server, bool proposed)
        {
            Strings = strings;
            Server = server;
            Number = number;
            Domain = domain;
            Outcome = outcome;
            TxtRecords = txtRecords;
            DmarcRecords = dmarcRecords;
            Parsed = parsed;
            Ttl = ttl;
            Error = error;
            IsProposed = proposed;
        }

        /// <summary>1-based order of the question.</summary>
        public int Number { get; }
        /// <summary>The name asked: <c>_dmarc.</c> and <see cref="Domain"/>.</summary>
        public string Name => "_dmarc." + Domain;
        /// <summary>The domain whose record was looked for.</summary>
        public string Domain { get; }
        /// <summary>The answer: records, NODATA, NXDOMAIN or temporary failure.</summary>
        public DnsOutcome Outcome { get; }
        /// <summary>Every TXT record at the name, character-strings joined.</summary>
        public IReadOnlyList<string> TxtRecords { get; }
        /// <summary>The TXT records that start with <c>v=DMARC1</c>; more than one are all discarded.</summary>
        public IReadOnlyList<string> DmarcRecords { get; }
        /// <summary>How many DMARC records the name has.</summary>
        public int RecordCount => DmarcRecords.Count;
        /// <summary>The single DMARC record, when there is exactly one.</summary>
        public string? Record => Parsed?.Text;
        /// <summary>The single DMARC record, parsed; null when there is none or more than one.</summary>
        public DmarcRecord? Parsed { get; }
        /// <summary>The record's psd tag, when there is a single record.</summary>
        public DmarcPsd? Psd => Parsed?.Psd;
        /// <summary>The single record's character-strings as published.</summary>
        public IReadOnlyList<string> Strings { get; }
        /// <summary>The server or zone file that answered.</summary>
        public string? Server { get; }
        /// <summary>The TTL of the single record.</summary>
        public int? Ttl { get; }
        /// <summary>The DNS failure reason, for a temporary failure.</summary>
        public string? Error { get; }
        /// <summary>True when this step is a record given as text (<c>Test-DmarcRecord -Record</c>), not a DNS answer.</summary>
        public bool IsProposed { get; }
        /// <summary>True when the answer stops the tree walk: a single record with psd=y or psd=n (RFC 9989 §4.10 step 2), or a temporary failure.</summary>
        public bool StopsWalk => Outcome == DnsOutcome.TemporaryFailure || (Parsed != null && Parsed.Psd != DmarcPsd.u);

        /// <summary>The answer in a few words, for tables.</summary>
        public string Result
        {
            get
            {
                if (IsProposed) return "record given as text";
                switch (Outcome)
                {
                    case DnsOutcome.TemporaryFailure: return "temporary failure: " + Error;
                    case DnsOutcome.NxDomain: return "NXDOMAIN";
                }
                if (DmarcRecords.Count == 0) return TxtRecords.Count == 0 ? "NODATA" : $"no DMARC record ({TxtRecords.Count} other TXT)";
                if (DmarcRecords.Count > 1) return $"{DmarcRecords.Count} DMARC records, all discarded";
                return Psd == DmarcPsd.y || Psd == DmarcPsd.n ? $"record, psd={Psd}: walk stops" : "record";
            }
        }

        /// <inheritdoc />
        public override string ToString() => $"{Name}: {Result}";
    }
}
