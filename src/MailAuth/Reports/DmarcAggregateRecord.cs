using System;
using System.Collections.Generic;

namespace MailAuth.Reports
{
    /// <summary>
    /// One record of an aggregate report: messages from one source IP with one set of results.
    /// <see cref="Count"/> is how many messages the row stands for.
    /// </summary>
    public sealed class DmarcAggregateRecord
    {
        // Kept small: a large report holds hundreds of thousands of these. The address is stored as
        // its 16 bytes, strings and result lists are shared between records, and the rarely present
        // parts live in one optional object.
        private readonly ulong _ipHigh, _ipLow;
        private readonly byte _ipKind; // 0 none, 4 IPv4, 6 IPv6, 1 text kept in _extras
        private readonly byte _flags;
        private readonly Extras? _extras;

        internal DmarcAggregateRecord(string? sourceIP, long count, DmarcReportDisposition? disposition, DmarcReportAlignment? dkim, DmarcReportAlignment? spf,
            string? headerFrom, string? envelopeFrom, string? envelopeTo,
            IReadOnlyList<DmarcReportDkimResult> dkimResults, IReadOnlyList<DmarcReportSpfResult> spfResults,
            IReadOnlyList<DmarcPolicyOverrideReason> reasons, IReadOnlyList<DmarcReportExtension> extensions)
            : this(sourceIP, null, count, disposition, dkim, spf, headerFrom, envelopeFrom, envelopeTo, dkimResults, spfResults, reasons, extensions)
        {
        }

        /// <summary>The same, with the address already parsed from <paramref name="sourceIP"/> (null: parse it here).</summary>
        internal DmarcAggregateRecord(string? sourceIP, System.Net.IPAddress? parsed, long count, DmarcReportDisposition? disposition, DmarcReportAlignment? dkim, DmarcReportAlignment? spf,
            string? headerFrom, string? envelopeFrom, string? envelopeTo,
            IReadOnlyList<DmarcReportDkimResult> dkimResults, IReadOnlyList<DmarcReportSpfResult> spfResults,
            IReadOnlyList<DmarcPolicyOverrideReason> reasons, IReadOnlyList<DmarcReportExtension> extensions)
        {
            string? ipText = null;
            if (sourceIP != null)
            {
                var address = parsed;
                if ((address != null || System.Net.IPAddress.TryParse(sourceIP, out address)) && RoundTrips(address, sourceIP))
                {
#if NET8_0_OR_GREATER
                    Span<byte> b = stackalloc byte[16];
                    address.TryWriteBytes(b, out int written);
                    b = b.Slice(0, written);
#else
                    byte[] b = address.GetAddressBytes();
#endif
                    if (b.Length == 4) { _ipKind = 4; _ipLow = (ulong)b[0] << 24 | (ulong)b[1] << 16 | (ulong)b[2] << 8 | b[3]; }
                    else
                    {
                        _ipKind = 6;
                        for (int i = 0; i < 8; i++) _ipHigh = _ipHigh << 8 | b[i];
                        for (int i = 8; i < 16; i++) _ipLow = _ipLow << 8 | b[i];
                    }
                }
                else { _ipKind = 1; ipText = sourceIP; }
            }
            Count = count;
            _flags = (byte)((disposition.HasValue ? 1 + (int)disposition.Value : 0) | (dkim.HasValue ? (1 + (int)dkim.Value) << 3 : 0) | (spf.HasValue ? (1 + (int)spf.Value) << 5 : 0));
            HeaderFrom = headerFrom;
            EnvelopeFrom = envelopeFrom;
            DkimResults = dkimResults;
            SpfResults = spfResults;
            if (ipText != null || envelopeTo != null || reasons.Count > 0 || extensions.Count > 0)
                _extras = new Extras(ipText, envelopeTo, reasons, extensions);
        }

        // True when the address prints back as the text it came from (only then is the text not kept).
        private static bool RoundTrips(System.Net.IPAddress address, string text)
        {
#if NET8_0_OR_GREATER
            Span<char> buffer = stackalloc char[64];
            return address.TryFormat(buffer, out int n) && buffer.Slice(0, n).SequenceEqual(text.AsSpan());
#else
            return address.ToString() == text;
#endif
        }

        /// <summary>The connecting IP address, as written (IPv6 in its canonical form when it was written so).</summary>
        public string? SourceIP
        {
            get
            {
                switch (_ipKind)
                {
                    case 4: return new System.Net.IPAddress(new[] { (byte)(_ipLow >> 24), (byte)(_ipLow >> 16), (byte)(_ipLow >> 8), (byte)_ipLow }).ToString();
                    case 6:
                        var b = new byte[16];
                        for (int i = 0; i < 8; i++) { b[i] = (byte)(_ipHigh >> (56 - 8 * i)); b[8 + i] = (byte)(_ipLow >> (56 - 8 * i)); }
                        return new System.Net.IPAddress(b).ToString();
                    case 1: return _extras!.SourceIPText;
                    default: return null;
                }
            }
        }
        /// <summary>How many messages this record stands for.</summary>
        public long Count { get; }
        /// <summary>What the receiver did with them.</summary>
        public DmarcReportDisposition? Disposition => (_flags & 7) == 0 ? null : (DmarcReportDisposition?)((_flags & 7) - 1);
        /// <summary>DKIM as DMARC saw it: pass means a DKIM signature passed and aligned with the From domain.</summary>
        public DmarcReportAlignment? DkimAligned => ((_flags >> 3) & 3) == 0 ? null : (DmarcReportAlignment?)(((_flags >> 3) & 3) - 1);
        /// <summary>SPF as DMARC saw it: pass means SPF passed for a domain aligned with the From domain.</summary>
        public DmarcReportAlignment? SpfAligned => ((_flags >> 5) & 3) == 0 ? null : (DmarcReportAlignment?)(((_flags >> 5) & 3) - 1);
        /// <summary>Whether the messages passed DMARC: either identifier passed aligned.</summary>
        public bool DmarcPass => DkimAligned == DmarcReportAlignment.pass || SpfAligned == DmarcReportAlignment.pass;
        /// <summary>The From header domain.</summary>
        public string? HeaderFrom { get; }
        /// <summary>The MAIL FROM domain, when reported.</summary>
        public string? EnvelopeFrom { get; }
        /// <summary>The recipient domain, when reported.</summary>
        public string? EnvelopeTo => _extras?.EnvelopeTo;
        /// <summary>Every DKIM signature's result, uninterpreted by DMARC.</summary>
        public IReadOnlyList<DmarcReportDkimResult> DkimResults { get; }
        /// <summary>The SPF results, uninterpreted by DMARC.</summary>
        public IReadOnlyList<DmarcReportSpfResult> SpfResults { get; }
        /// <summary>Why the disposition differs from the policy, when it does.</summary>
        public IReadOnlyList<DmarcPolicyOverrideReason> Reasons => _extras?.Reasons ?? Array.Empty<DmarcPolicyOverrideReason>();
        /// <summary>Record-level extensions (RFC 9990 §5).</summary>
        public IReadOnlyList<DmarcReportExtension> Extensions => _extras?.Extensions ?? Array.Empty<DmarcReportExtension>();

        /// <inheritdoc />
        public override string ToString() => $"{SourceIP} x{Count} {HeaderFrom} dkim={DkimAligned} spf={SpfAligned} {Disposition}";

        private sealed class Extras
        {
            public Extras(string? sourceIPText, string? envelopeTo, IReadOnlyList<DmarcPolicyOverrideReason> reasons, IReadOnlyList<DmarcReportExtension> extensions)
            {
                SourceIPText = sourceIPText;
                EnvelopeTo = envelopeTo;
                Reasons = reasons;
                Extensions = extensions;
            }

            public string? SourceIPText { get; }
            public string? EnvelopeTo { get; }
            public IReadOnlyList<DmarcPolicyOverrideReason> Reasons { get; }
            public IReadOnlyList<DmarcReportExtension> Extensions { get; }
        }
    }

    /// <summary>One DKIM signature's result in a record's auth_results.</summary>
    public sealed class DmarcReportDkimResult
    {
        internal DmarcReportDkimResult(string? domain, string? selector, DmarcReportAuthResult? result, string? humanResult)
        {
            Domain = domain;
            Selector = selector;
            Result = result;
            HumanResult = humanResult;
        }

        /// <summary>The d= domain.</summary>
        public string? Domain { get; }
        /// <summary>The s= selector.</summary>
        public string? Selector { get; }
        /// <summary>The verification result.</summary>
        public DmarcReportAuthResult? Result { get; }
        /// <summary>Free text from the reporter.</summary>
        public string? HumanResult { get; }

        /// <inheritdoc />
        public override string ToString() => $"dkim={Result} d={Domain} s={Selector}";
    }

    /// <summary>One SPF result in a record's auth_results.</summary>
    public sealed class DmarcReportSpfResult
    {
        internal DmarcReportSpfResult(string? domain, DmarcSpfScope? scope, DmarcReportAuthResult? result, string? humanResult)
        {
            Domain = domain;
            Scope = scope;
            Result = result;
            HumanResult = humanResult;
        }

        /// <summary>The domain checked.</summary>
        public string? Domain { get; }
        /// <summary>mfrom or helo; null when not reported.</summary>
        public DmarcSpfScope? Scope { get; }
        /// <summary>The SPF result.</summary>
        public DmarcReportAuthResult? Result { get; }
        /// <summary>Free text from the reporter.</summary>
        public string? HumanResult { get; }

        /// <inheritdoc />
        public override string ToString() => $"spf={Result} {Scope}={Domain}";
    }

    /// <summary>A policy override reason: why the disposition differs from the published policy.</summary>
    public sealed class DmarcPolicyOverrideReason
    {
        internal DmarcPolicyOverrideReason(DmarcPolicyOverride? type, string? comment)
        {
            Type = type;
            Comment = comment;
        }

        /// <summary>The reason; null when the reporter wrote a word the formats do not define.</summary>
        public DmarcPolicyOverride? Type { get; }
        /// <summary>The reporter's comment.</summary>
        public string? Comment { get; }

        /// <inheritdoc />
        public override string ToString() => Comment is null ? $"{Type}" : $"{Type}: {Comment}";
    }
}
