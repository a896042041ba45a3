using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MailAuth.Dns
{
    /// <summary>The records and notes read from one master (zone) file.</summary>
    public sealed class ZoneFileContent
    {
        /// <summary>Creates the content of one file.</summary>
        /// <param name="fileName">The file name, as given to the parser.</param>
        /// <param name="records">The records read, in file order.</param>
        /// <param name="origins">Every <c>$ORIGIN</c> value, in file order, canonical form.</param>
        /// <param name="warnings">Notes about records that were read but not kept, or look wrong.</param>
        /// <param name="defaultOrigin">The origin in effect before the first <c>$ORIGIN</c>, if one was given to the parser.</param>
        /// <exception cref="ArgumentNullException"><paramref name="fileName"/>, <paramref name="records"/>, <paramref name="origins"/> or <paramref name="warnings"/> is null.</exception>
        /// <exception cref="ArgumentException">A collection holds a null item.</exception>
        public ZoneFileContent(string fileName, IEnumerable<DnsRecord> records, IEnumerable<string> origins, IEnumerable<string> warnings, string? defaultOrigin = null)
        {
            FileName = fileName ?? throw new ArgumentNullException(nameof(fileName));
            Records = NoNulls((records ?? throw new ArgumentNullException(nameof(records))).ToArray(), nameof(records));
            Origins = NoNulls((origins ?? throw new ArgumentNullException(nameof(origins))).ToArray(), nameof(origins));
            Warnings = NoNulls((warnings ?? throw new ArgumentNullException(nameof(warnings))).ToArray(), nameof(warnings));
            DefaultOrigin = defaultOrigin is null ? null : DnsName.Normalize(defaultOrigin);
        }

        /// <summary>The file name, as given to the parser.</summary>
        public string FileName { get; }

        /// <summary>The records read, in file order, duplicates removed. SPF-type (99) and unsupported types are not here (see <see cref="Warnings"/>).</summary>
        public IReadOnlyList<DnsRecord> Records { get; }

        /// <summary>Every <c>$ORIGIN</c> value, in file order, lower case without the trailing dot.</summary>
        public IReadOnlyList<string> Origins { get; }

        /// <summary>The origin in effect before the first <c>$ORIGIN</c> (given by the caller), or null.</summary>
        public string? DefaultOrigin { get; }

        /// <summary>Notes in the form <c>file:line: text</c>: records skipped (SPF type 99, CAA, DNSSEC and other unsupported types), duplicates, defaulted TTLs, CNAMEs beside other data.</summary>
        public IReadOnlyList<string> Warnings { get; }

        private static T[] NoNulls<T>(T[] items, string paramName) where T : class
        {
            foreach (var item in items) if (item is null) throw new ArgumentException("The collection holds a null item.", paramName);
            return items;
        }
    }

    /// <summary>
    /// Reads RFC 1035 §5 master files (zone files): <c>$ORIGIN</c>, <c>$TTL</c> (RFC 2308), relative names,
    /// <c>@</c>, blank owners, parentheses, comments, quoted strings with escapes, and TTL units (1h, 30m, 1d, 1w).
    /// </summary>
    /// <remarks>
    /// The input is untrusted: its size and record count are capped and the reader makes one pass, so a
    /// malformed file fails quickly with the line it went wrong on. Record types A, AAAA, MX, TXT, CNAME,
    /// PTR, NS, SOA, SRV and TLSA are kept; SPF (type 99), CAA, DNSSEC and some other well-known types are
    /// read and skipped with a warning; any other type is an error. <c>$INCLUDE</c> is rejected.
    /// </remarks>
    public static class ZoneFileParser
    {
        /// <summary>The largest file read, in bytes (and the longest text, in characters): 16 MiB.</summary>
        public const long MaxFileSize = 16L * 1024 * 1024;

        /// <summary>The most records (including skipped ones) one file may hold.</summary>
        public const int MaxRecords = 1000000;

        /// <summary>The most warnings kept for one file; one more line says that others were dropped.</summary>
        public const int MaxWarnings = 1000;

        /// <summary>The TTL used when a record gives none and no <c>$TTL</c> or earlier TTL exists.</summary>
        internal const int FallbackTtl = 3600;

        /// <summary>Parses the text of a master file.</summary>
        /// <param name="text">The file content.</param>
        /// <param name="fileName">The name used in error messages and warnings.</param>
        /// <param name="defaultOrigin">The origin for relative names before any <c>$ORIGIN</c> (RFC 1035 §5.1 "an argument to the master file loading routine"); null for none.</param>
        /// <returns>The records, origins and warnings.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="text"/> or <paramref name="fileName"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="defaultOrigin"/> is not a valid domain name.</exception>
        /// <exception cref="ZoneFileException">The text is not a valid master file, or exceeds <see cref="MaxFileSize"/> or <see cref="MaxRecords"/>.</exception>
        public static ZoneFileContent Parse(string text, string fileName, string? defaultOrigin = null)
            => Parse(text, fileName, defaultOrigin, MaxRecords);

        // The record cap is a parameter so tests can reach it without a million-line file.
        internal static ZoneFileContent Parse(string text, string fileName, string? defaultOrigin, int maxRecords)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            if (fileName is null) throw new ArgumentNullException(nameof(fileName));
            string? origin = null;
            if (defaultOrigin != null)
            {
                string? problem = Reader.MakeName(defaultOrigin, null, false, true, out string o);
                if (problem != null) throw new ArgumentException($"The default origin '{defaultOrigin}' is not a valid domain name: {problem}.", nameof(defaultOrigin));
                origin = o;
            }
            if (text.Length > MaxFileSize)
                throw new ZoneFileException(fileName, 0, $"the text is {text.Length} characters long; the limit is {MaxFileSize}");
            return new Reader(text, fileName, origin, maxRecords).Run();
        }

        /// <summary>Reads and parses a master file (UTF-8, a byte-order mark is honoured).</summary>
        /// <param name="path">The file to read; also the name used in messages.</param>
        /// <returns>The records, origins and warnings.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="path"/> is empty or not a valid path.</exception>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        /// <exception cref="IOException">The file could not be read.</exception>
        /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
        /// <exception cref="ZoneFileException">The file is not a valid master file, or is larger than <see cref="MaxFileSize"/>.</exception>
        public static ZoneFileContent ParseFile(string path)
        {
            if (path is null) throw new ArgumentNullException(nameof(path));
            if (path.Length == 0) throw new ArgumentException("The path is empty.", nameof(path));
            var info = new FileInfo(path);
            if (!info.Exists) throw new FileNotFoundException($"The zone file '{path}' does not exist.", path);
            // Checked before reading, so a huge file is never loaded.
            if (info.Length > MaxFileSize)
                throw new ZoneFileException(path, 0, $"the file is {info.Length} bytes long; the limit is {MaxFileSize}");
            string text = File.ReadAllText(path, Encoding.UTF8);
            return Parse(text, path);
        }

        internal static bool TryParseTtl(string s, out int seconds)
        {
            // BIND style: plain seconds, or number+unit groups such as 1w2d, 1h30m. A trailing bare number
            // after units ("1h30") is ambiguous and rejected. RFC 2181 §8 caps TTLs at 2^31 - 1.
            seconds = 0;
            if (s is null || s.Length == 0) return false;
            long total = 0, current = 0;
            bool digits = false, anyUnit = false;
            foreach (char c in s)
            {
                if (c >= '0' && c <= '9')
                {
                    current = current * 10 + (c - '0');
                    if (current > int.MaxValue) return false;
                    digits = true;
                    continue;
                }
                if (!digits) return false;
                long unit;
                switch (c)
                {
                    case 'w': case 'W': unit = 604800; break;
                    case 'd': case 'D': unit = 86400; break;
                    case 'h': case 'H': unit = 3600; break;
                    case 'm': case 'M': unit = 60; break;
                    case 's': case 'S': unit = 1; break;
                    default: return false;
                }
                total += current * unit;
                if (total > int.MaxValue) return false;
                current = 0;
                digits = false;
                anyUnit = true;
            }
            if (digits)
            {
                if (anyUnit) return false;
                total = current;
            }
            seconds = (int)total;
            return true;
        }

        private readonly struct Token
        {
            public Token(string text, bool quoted, int line)
            {
                Text = text;
                Quoted = quoted;
                Line = line;
            }

            // Raw text with escapes still in place; for a quoted token, the text between the quotes.
            public string Text { get; }
            public bool Quoted { get; }
            public int Line { get; }
        }

        private sealed class Reader
        {
            private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

            // Types read and skipped with a warning: well known, but nothing in the module queries them.
            private static readonly HashSet<string> SkippedTypes = new HashSet<string>(StringComparer.Ordinal)
            {
                "CAA", "DS", "DNSKEY", "RRSIG", "NSEC", "NSEC3", "NSEC3PARAM", "CDS", "CDNSKEY", "ZONEMD", "CSYNC",
                "HTTPS", "SVCB", "DNAME", "HINFO", "SSHFP", "NAPTR", "LOC", "RP", "AFSDB", "CERT", "OPENPGPKEY",
                "SMIMEA", "URI", "KEY", "SIG", "MINFO", "MB", "MG", "MR", "WKS", "DHCID", "IPSECKEY", "KX", "APL",
            };

            private static readonly HashSet<string> OtherClasses = new HashSet<string>(StringComparer.Ordinal) { "CH", "CS", "HS", "NONE", "ANY" };

            private readonly string _text;
            private readonly string _file;
            private readonly int _maxRecords;
            private readonly string? _defaultOrigin;
            private readonly List<DnsRecord> _records = new List<DnsRecord>();
            private readonly List<string> _origins = new List<string>();
            private readonly List<string> _warnings = new List<string>();
            private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);
            private readonly Dictionary<string, int> _cnameLines = new Dictionary<string, int>(StringComparer.Ordinal);
            private readonly HashSet<string> _otherDataOwners = new HashSet<string>(StringComparer.Ordinal);
            private int _pos;
            private int _line = 1;
            private string? _origin;
            private int? _ttlDirective;
            private int? _lastTtl;
            private string? _lastOwner;
            private int _entries;
            private bool _warnedFallbackTtl;

            public Reader(string text, string file, string? origin, int maxRecords)
            {
                _text = text;
                _file = file;
                _origin = origin;
                _defaultOrigin = origin;
                _maxRecords = maxRecords;
                if (_text.Length > 0 && _text[0] == '\uFEFF') _pos = 1;
            }

            public ZoneFileContent Run()
            {
                var tokens = new List<Token>();
                while (NextEntry(tokens, out int line, out bool blankOwner))
                {
                    Token first = tokens[0];
                    if (!first.Quoted && first.Text.Length > 0 && first.Text[0] == '$') Directive(tokens, line);
                    else Record(tokens, line, blankOwner);
                }
                foreach (var kv in _cnameLines)
                {
                    if (_otherDataOwners.Contains(kv.Key))
                        Warn(kv.Value, $"{kv.Key} has a CNAME and other records; RFC 1034 §3.6.2 allows no other data beside a CNAME");
                }
                return new ZoneFileContent(_file, _records, _origins, _warnings, _defaultOrigin);
            }

            // ---- Tokenizer -------------------------------------------------------------------

            // Collects the tokens of the next entry: one line, or several joined by parentheses.
            // Returns false at the end of the text.
            private bool NextEntry(List<Token> tokens, out int entryLine, out bool blankOwner)
            {
                tokens.Clear();
                entryLine = _line;
                blankOwner = false;
                bool lineStart = true, inParen = false;
                int parenLine = 0;
                string text = _text;
                while (_pos < text.Length)
                {
                    char c = text[_pos];
                    if (c == '\n' || c == '\r')
                    {
                        _pos++;
                        if (c == '\r' && _pos < text.Length && text[_pos] == '\n') _pos++;
                        _line++;
                        if (!inParen)
                        {
                            if (tokens.Count > 0) return true;
                            lineStart = true;
                        }
                        continue;
                    }
                    if (lineStart)
                    {
                        // RFC 1035 §5.1: an entry that begins with a blank belongs to the last stated owner.
                        entryLine = _line;
                        blankOwner = c == ' ' || c == '\t';
                        lineStart = false;
                    }
                    switch (c)
                    {
                        case ' ':
                        case '\t':
                            _pos++;
                            continue;
                        case ';':
                            while (_pos < text.Length && text[_pos] != '\n' && text[_pos] != '\r') _pos++;
                            continue;
                        case '(':
                            if (inParen) throw Error(_line, $"'(' inside parentheses opened on line {parenLine}; parentheses do not nest");
                            inParen = true;
                            parenLine = _line;
                            _pos++;
                            continue;
                        case ')':
                            if (!inParen) throw Error(_line, "')' without a matching '('");
                            inParen = false;
                            _pos++;
                            continue;
                        case '"':
                            tokens.Add(ReadQuoted());
                            continue;
                        default:
                            tokens.Add(ReadUnquoted());
                            continue;
                    }
                }
                if (inParen) throw Error(parenLine, "'(' is never closed by ')'");
                return tokens.Count > 0;
            }

            private Token ReadQuoted()
            {
                // RFC 1035 lets a quoted string run over a line break, but BIND and most tools refuse it:
                // a lost closing quote would otherwise swallow the records that follow without an error.
                int startLine = _line;
                int start = ++_pos;
                string text = _text;
                while (true)
                {
                    if (_pos >= text.Length || text[_pos] == '\n' || text[_pos] == '\r')
                        throw Error(startLine, "quoted string is not closed: '\"' missing before the end of the line");
                    char c = text[_pos];
                    if (c == '"') break;
                    if (c == '\\')
                    {
                        _pos++;
                        if (_pos >= text.Length || text[_pos] == '\n' || text[_pos] == '\r')
                            throw Error(startLine, "quoted string is not closed: '\"' missing before the end of the line");
                    }
                    else if ((c < 0x20 && c != '\t') || c == 0x7f)
                    {
                        throw Error(_line, $"control character U+{(int)c:X4} in a quoted string; write it as \\DDD");
                    }
                    _pos++;
                }
                var token = new Token(text.Substring(start, _pos - start), true, startLine);
                _pos++;
                return token;
            }

            private Token ReadUnquoted()
            {
                int start = _pos;
                string text = _text;
                while (_pos < text.Length)
                {
                    char c = text[_pos];
                    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';' || c == '(' || c == ')' || c == '"') break;
                    if (c == '\\')
                    {
                        _pos++;
                        if (_pos >= text.Length || text[_pos] == '\n' || text[_pos] == '\r')
                            throw Error(_line, "'\\' at the end of a line escapes nothing");
                    }
                    else if (c < 0x20 || c == 0x7f)
                    {
                        throw Error(_line, $"control character U+{(int)c:X4}; write it as \\DDD");
                    }
                    _pos++;
                }
                return new Token(text.Substring(start, _pos - start), false, _line);
            }

            // ---- Entries -----------------------------------------------------------------------

            private void Directive(List<Token> tokens, int line)
            {
                string name = tokens[0].Text.ToUpperInvariant();
                switch (name)
                {
                    case "$ORIGIN":
                        if (tokens.Count != 2) throw Error(line, "$ORIGIN takes one domain name");
                        // A relative $ORIGIN is taken relative to the current one, as BIND does.
                        _origin = ParseName(tokens[1], "$ORIGIN");
                        _origins.Add(_origin);
                        break;
                    case "$TTL":
                        if (tokens.Count != 2) throw Error(line, "$TTL takes one time value");
                        _ttlDirective = ParseTtl(tokens[1], "$TTL");
                        break;
                    case "$INCLUDE":
                        throw Error(line, "$INCLUDE is not supported: pass the included file as another zone file, or copy its records in");
                    default:
                        throw Error(line, $"unknown directive '{tokens[0].Text}'; only $ORIGIN and $TTL are supported");
                }
            }

            private void Record(List<Token> tokens, int line, bool blankOwner)
            {
                int i = 0;
                string owner;
                if (blankOwner)
                {
                    owner = _lastOwner ?? throw Error(line, "the entry starts with a blank, so it belongs to the previous owner, but there is none yet");
                }
                else
                {
                    owner = ParseName(tokens[0], "owner name");
                    _lastOwner = owner;
                    i = 1;
                }

                // RFC 1035 §5.1: [<TTL>] [<class>] or [<class>] [<TTL>], then the type.
                int? ttl = null;
                bool haveClass = false;
                while (i < tokens.Count)
                {
                    Token t = tokens[i];
                    if (t.Quoted) throw Error(t.Line, "a quoted string where a TTL, class or record type was expected");
                    string s = t.Text;
                    if (s[0] >= '0' && s[0] <= '9')
                    {
                        if (ttl != null) throw Error(t.Line, $"a second TTL '{s}'");
                        ttl = ParseTtl(t, "TTL");
                    }
                    else if (string.Equals(s, "IN", StringComparison.OrdinalIgnoreCase))
                    {
                        if (haveClass) throw Error(t.Line, "the class is given twice");
                        haveClass = true;
                    }
                    else if (OtherClasses.Contains(s.ToUpperInvariant()) || s.StartsWith("CLASS", StringComparison.OrdinalIgnoreCase))
                    {
                        throw Error(t.Line, $"class '{s}' is not supported; only IN is");
                    }
                    else break;
                    i++;
                }
                if (i >= tokens.Count) throw Error(line, $"the record for {Display(owner)} has no type");
                Token typeToken = tokens[i++];
                if (typeToken.Quoted) throw Error(typeToken.Line, "a quoted string where a record type was expected");
                string type = typeToken.Text.ToUpperInvariant();

                if (++_entries > _maxRecords) throw Error(line, $"more than {_maxRecords} records; the file is too large");

                if (ttl != null) _lastTtl = ttl;
                switch (type)
                {
                    case "A":
                        Expect(tokens, i, 1, line, type, "one IPv4 address");
                        Add(new AddressRecord(owner, Ttl(ttl, line), ParseIPv4(tokens[i])), line);
                        break;
                    case "AAAA":
                        Expect(tokens, i, 1, line, type, "one IPv6 address");
                        Add(new AddressRecord(owner, Ttl(ttl, line), ParseIPv6(tokens[i])), line);
                        break;
                    case "MX":
                        Expect(tokens, i, 2, line, type, "a preference and a mail exchanger name");
                        Add(new MxRecord(owner, Ttl(ttl, line), (int)ParseNumber(tokens[i], ushort.MaxValue, "MX preference"), ParseName(tokens[i + 1], "MX exchange")), line);
                        break;
                    case "CNAME":
                    case "PTR":
                    case "NS":
                        Expect(tokens, i, 1, line, type, "one domain name");
                        var nameType = type == "CNAME" ? DnsRecordType.CNAME : type == "PTR" ? DnsRecordType.PTR : DnsRecordType.NS;
                        Add(new NameRecord(owner, Ttl(ttl, line), nameType, ParseName(tokens[i], type + " target")), line);
                        break;
                    case "TXT":
                        Add(new TxtRecord(owner, Ttl(ttl, line), ParseStrings(tokens, i, line, type)), line);
                        break;
                    case "SPF":
                        // Type 99 was deprecated by RFC 7208 §3.1 (SPF is TXT only) and the store holds TXT data
                        // as TxtRecord only: the data is checked, then reported instead of stored.
                        var spf = new TxtRecord(owner, 0, ParseStrings(tokens, i, line, type));
                        Warn(line, $"SPF-type (99) record at {Display(owner)} not used: RFC 7208 §3.1 publishes SPF as TXT only; its data is {spf.Data}");
                        break;
                    case "SOA":
                        Add(ParseSoa(tokens, i, line, owner, ttl), line);
                        break;
                    case "SRV":
                        Expect(tokens, i, 4, line, type, "priority, weight, port and target");
                        Add(new SrvRecord(owner, Ttl(ttl, line),
                            (int)ParseNumber(tokens[i], ushort.MaxValue, "SRV priority"),
                            (int)ParseNumber(tokens[i + 1], ushort.MaxValue, "SRV weight"),
                            (int)ParseNumber(tokens[i + 2], ushort.MaxValue, "SRV port"),
                            ParseName(tokens[i + 3], "SRV target")), line);
                        break;
                    case "TLSA":
                        Add(ParseTlsa(tokens, i, line, owner, ttl), line);
                        break;
                    default:
                        if (SkippedTypes.Contains(type))
                        {
                            Warn(line, $"{type} record at {Display(owner)} skipped: the type is not supported");
                            break;
                        }
                        string hint = blankOwner && typeToken.Text.IndexOf('.') >= 0
                            ? " (the line starts with a blank, so its first item is not read as an owner name)"
                            : "";
                        throw Error(typeToken.Line, $"unknown record type '{typeToken.Text}'{hint}");
                }
            }

            private int Ttl(int? ttl, int line)
            {
                // RFC 2308 §4: $TTL applies to records without a TTL; before it, RFC 1035 §5.1's last stated TTL.
                if (ttl != null) return ttl.Value;
                if (_ttlDirective != null) return _ttlDirective.Value;
                if (_lastTtl != null) return _lastTtl.Value;
                if (!_warnedFallbackTtl)
                {
                    _warnedFallbackTtl = true;
                    Warn(line, $"no TTL given and no $TTL before it; using {FallbackTtl} seconds");
                }
                return FallbackTtl;
            }

            private SoaRecord ParseSoa(List<Token> tokens, int i, int line, string owner, int? ttl)
            {
                Expect(tokens, i, 7, line, "SOA", "MNAME, RNAME, serial, refresh, retry, expire and minimum");
                string mname = ParseName(tokens[i], "SOA MNAME");
                string rname = ParseName(tokens[i + 1], "SOA RNAME", mailbox: true);
                uint serial = ParseNumber(tokens[i + 2], uint.MaxValue, "SOA serial");
                int refresh = ParseTtl(tokens[i + 3], "SOA refresh");
                int retry = ParseTtl(tokens[i + 4], "SOA retry");
                int expire = ParseTtl(tokens[i + 5], "SOA expire");
                int minimum = ParseTtl(tokens[i + 6], "SOA minimum");
                int soaTtl;
                if (ttl is null && _ttlDirective is null && _lastTtl is null)
                {
                    // What BIND does for an old file without $TTL: the SOA takes its MINIMUM, and later records follow.
                    soaTtl = minimum;
                    _lastTtl = minimum;
                    Warn(line, $"the SOA record has no TTL and there is no $TTL; using its minimum field, {minimum} seconds");
                }
                else soaTtl = Ttl(ttl, line);
                return new SoaRecord(owner, soaTtl, mname, rname, serial, refresh, retry, expire, minimum);
            }

            private TlsaRecord ParseTlsa(List<Token> tokens, int i, int line, string owner, int? ttl)
            {
                if (tokens.Count - i < 4) throw Error(line, $"TLSA record needs usage, selector, matching type and hexadecimal data; found {tokens.Count - i} field(s)");
                int usage = (int)ParseNumber(tokens[i], byte.MaxValue, "TLSA certificate usage");
                int selector = (int)ParseNumber(tokens[i + 1], byte.MaxValue, "TLSA selector");
                int matching = (int)ParseNumber(tokens[i + 2], byte.MaxValue, "TLSA matching type");
                // RFC 6698 §2.2: the data is hexadecimal and may be split by white space.
                var hex = new StringBuilder();
                for (int k = i + 3; k < tokens.Count; k++)
                {
                    if (tokens[k].Quoted) throw Error(tokens[k].Line, "TLSA data must be hexadecimal, not a quoted string");
                    hex.Append(tokens[k].Text);
                }
                if (hex.Length % 2 != 0) throw Error(line, $"TLSA data has an odd number of hexadecimal digits ({hex.Length})");
                var bytes = new byte[hex.Length / 2];
                for (int k = 0; k < bytes.Length; k++)
                {
                    int hi = HexValue(hex[2 * k]), lo = HexValue(hex[2 * k + 1]);
                    if (hi < 0 || lo < 0) throw Error(line, $"TLSA data '{Shorten(hex.ToString())}' is not hexadecimal");
                    bytes[k] = (byte)(hi * 16 + lo);
                }
                return new TlsaRecord(owner, Ttl(ttl, line), usage, selector, matching, bytes);
            }

            private string[] ParseStrings(List<Token> tokens, int i, int line, string type)
            {
                if (i >= tokens.Count) throw Error(line, $"{type} record needs at least one character-string");
                var strings = new string[tokens.Count - i];
                int wire = 0;
                for (int k = i; k < tokens.Count; k++)
                {
                    byte[] bytes = DecodeCharacterString(tokens[k]);
                    wire += bytes.Length + 1;
                    string s;
                    try
                    {
                        s = StrictUtf8.GetString(bytes);
                    }
                    catch (DecoderFallbackException)
                    {
                        Warn(tokens[k].Line, "a character-string is not valid UTF-8; the invalid bytes are read as U+FFFD");
                        s = Encoding.UTF8.GetString(bytes);
                    }
                    strings[k - i] = s;
                }
                // RDLENGTH is 16 bits.
                if (wire > ushort.MaxValue) throw Error(line, $"{type} record data is {wire} octets long; the limit is {ushort.MaxValue}");
                return strings;
            }

            private byte[] DecodeCharacterString(Token t)
            {
                string raw = t.Text;
                var bytes = new List<byte>(raw.Length);
                int segment = 0;
                for (int k = 0; k < raw.Length; k++)
                {
                    if (raw[k] != '\\') continue;
                    AddUtf8(bytes, raw, segment, k);
                    // The tokenizer guarantees a character after every backslash.
                    if (IsDigit(raw[k + 1]))
                    {
                        if (k + 3 >= raw.Length || !IsDigit(raw[k + 2]) || !IsDigit(raw[k + 3]))
                            throw Error(t.Line, "a \\DDD escape needs exactly three decimal digits");
                        int value = (raw[k + 1] - '0') * 100 + (raw[k + 2] - '0') * 10 + (raw[k + 3] - '0');
                        if (value > 255) throw Error(t.Line, $"\\{raw.Substring(k + 1, 3)} is not an octet (0 to 255)");
                        bytes.Add((byte)value);
                        k += 3;
                    }
                    else
                    {
                        int len = char.IsHighSurrogate(raw[k + 1]) && k + 2 < raw.Length ? 2 : 1;
                        AddUtf8(bytes, raw, k + 1, k + 1 + len);
                        k += len;
                    }
                    segment = k + 1;
                }
                AddUtf8(bytes, raw, segment, raw.Length);
                // RFC 1035 §3.3: a character-string is a length octet and up to 255 octets.
                if (bytes.Count > 255) throw Error(t.Line, $"a character-string is {bytes.Count} octets long; the limit is 255 (split it into several quoted strings)");
                return bytes.ToArray();
            }

            private static void AddUtf8(List<byte> bytes, string s, int start, int end)
            {
                if (end > start) bytes.AddRange(Encoding.UTF8.GetBytes(s.Substring(start, end - start)));
            }

            // ---- Values ------------------------------------------------------------------------

            private string ParseName(Token t, string what, bool mailbox = false)
            {
                if (t.Quoted) throw Error(t.Line, $"{what}: a quoted string where a domain name was expected");
                if (t.Text == "@")
                    return _origin ?? throw Error(t.Line, $"{what}: '@' stands for the origin, but no origin is set (add a $ORIGIN line)");
                string? problem = MakeName(t.Text, _origin, mailbox, false, out string name);
                if (problem != null) throw Error(t.Line, $"{what} '{t.Text}' is not a valid domain name: {problem}");
                return name;
            }

            /// <summary>Builds a canonical absolute name from presentation text; returns the problem, or null.</summary>
            internal static string? MakeName(string raw, string? origin, bool mailbox, bool forceAbsolute, out string name)
            {
                name = "";
                if (raw.Length == 0) return "it is empty";
                if (raw == ".") return null;
                var sb = new StringBuilder(raw.Length + (origin?.Length ?? 0) + 1);
                int octets = 0, label = 0;
                bool absolute = false;
                for (int i = 0; i < raw.Length; i++)
                {
                    char c = raw[i];
                    if (c == '.')
                    {
                        if (label == 0) return "it has an empty label";
                        if (i == raw.Length - 1) { absolute = true; break; }
                        sb.Append('.');
                        octets++;
                        label = 0;
                        continue;
                    }
                    if (c == '\\')
                    {
                        if (i + 1 >= raw.Length) return "it ends with '\\'";
                        if (IsDigit(raw[i + 1]))
                        {
                            if (i + 3 >= raw.Length || !IsDigit(raw[i + 2]) || !IsDigit(raw[i + 3])) return "a \\DDD escape needs exactly three decimal digits";
                            int value = (raw[i + 1] - '0') * 100 + (raw[i + 2] - '0') * 10 + (raw[i + 3] - '0');
                            if (value > 255) return $"\\{raw.Substring(i + 1, 3)} is not an octet";
                            c = (char)value;
                            i += 3;
                        }
                        else
                        {
                            c = raw[++i];
                        }
                        if (c == '.')
                        {
                            // Only an SOA RNAME needs a dot inside a label (RFC 1035 §5.3 "Action\.domains");
                            // the store keys names by their dots, so it is kept escaped there.
                            if (!mailbox) return "a dot inside a label (\\.) is only supported in an SOA RNAME";
                            sb.Append("\\.");
                            octets++;
                            if (++label > 63) return "a label is longer than 63 octets";
                            continue;
                        }
                    }
                    if (c > 0x7e) return $"it contains '{c}'; write internationalised names in their xn-- (A-label) form";
                    if (c <= 0x20 || c == '\\') return $"it contains the character U+{(int)c:X4}, which is not supported in names";
                    sb.Append(c);
                    octets++;
                    if (++label > 63) return "a label is longer than 63 octets";
                }
                string result = sb.ToString();
                if (!absolute && !forceAbsolute)
                {
                    if (origin is null) return "it is relative (no trailing dot) and no origin is set; add a $ORIGIN line or a trailing dot";
                    if (origin.Length > 0)
                    {
                        result = result + "." + origin;
                        octets += 1 + origin.Length;
                    }
                }
                // RFC 1035 §2.3.4: 255 octets in wire form, which is the text length plus 2.
                if (octets > 253) return $"it is {octets + 2} octets long in wire form; the limit is 255";
                name = DnsName.Normalize(result);
                return null;
            }

            private int ParseTtl(Token t, string what)
            {
                if (!t.Quoted && TryParseTtl(t.Text, out int v)) return v;
                throw Error(t.Line, $"{what} '{t.Text}' is not a valid time: use seconds (3600) or units such as 1h, 30m, 1d, 1w, up to 2147483647 seconds");
            }

            private uint ParseNumber(Token t, uint max, string what)
            {
                string s = t.Text;
                bool ok = !t.Quoted && s.Length > 0 && s.Length <= 10;
                for (int k = 0; ok && k < s.Length; k++) ok = IsDigit(s[k]);
                if (ok && ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v) && v <= max) return (uint)v;
                throw Error(t.Line, $"{what} must be a whole number from 0 to {max}, not '{t.Text}'");
            }

            private IPAddress ParseIPv4(Token t)
            {
                // Strict dotted quad: IPAddress.TryParse also takes "1", "1.2" and hexadecimal forms.
                string s = t.Text;
                string[] parts = t.Quoted ? Array.Empty<string>() : s.Split('.');
                bool ok = parts.Length == 4;
                var bytes = new byte[4];
                for (int k = 0; ok && k < 4; k++)
                {
                    string p = parts[k];
                    ok = p.Length >= 1 && p.Length <= 3;
                    int value = 0;
                    for (int j = 0; ok && j < p.Length; j++)
                    {
                        ok = IsDigit(p[j]);
                        value = value * 10 + (p[j] - '0');
                    }
                    ok = ok && value <= 255;
                    bytes[k] = (byte)value;
                }
                if (!ok) throw Error(t.Line, $"'{s}' is not an IPv4 address");
                return new IPAddress(bytes);
            }

            private IPAddress ParseIPv6(Token t)
            {
                string s = t.Text;
                bool ok = !t.Quoted && s.IndexOf(':') >= 0;
                foreach (char c in s) ok = ok && (HexValue(c) >= 0 || c == ':' || c == '.');
                if (ok && IPAddress.TryParse(s, out IPAddress? address) && address.AddressFamily == AddressFamily.InterNetworkV6) return address;
                throw Error(t.Line, $"'{s}' is not an IPv6 address");
            }

            // ---- Helpers -----------------------------------------------------------------------

            private void Add(DnsRecord record, int line)
            {
                // RFC 2181 §5: duplicate records in an RRset are suppressed.
                if (!_seen.Add(record.Name + " " + ((int)record.Type).ToString(CultureInfo.InvariantCulture) + " " + record.Data))
                {
                    Warn(line, $"duplicate {record.Type} record at {Display(record.Name)} ignored");
                    return;
                }
                if (record.Type == DnsRecordType.CNAME)
                {
                    if (_cnameLines.ContainsKey(record.Name)) Warn(line, $"{Display(record.Name)} has more than one CNAME; RFC 1034 §3.6.2 allows one");
                    else _cnameLines[record.Name] = line;
                }
                else
                {
                    _otherDataOwners.Add(record.Name);
                }
                _records.Add(record);
            }

            private void Expect(List<Token> tokens, int i, int count, int line, string type, string shape)
            {
                int have = tokens.Count - i;
                if (have != count) throw Error(line, $"{type} record needs {shape}; found {have} field(s)");
            }

            private void Warn(int line, string text)
            {
                // Bounded like everything else: a file of a million CAA records must not yield a million strings.
                if (_warnings.Count < MaxWarnings) _warnings.Add(_file + ":" + line.ToString(CultureInfo.InvariantCulture) + ": " + text);
                else if (_warnings.Count == MaxWarnings) _warnings.Add(_file + ":" + line.ToString(CultureInfo.InvariantCulture) + ": further warnings are not reported");
            }

            private ZoneFileException Error(int line, string reason) => new ZoneFileException(_file, line, reason);

            private static string Display(string name) => name.Length == 0 ? "." : name;

            private static string Shorten(string s) => s.Length <= 40 ? s : s.Substring(0, 40) + "...";

            private static bool IsDigit(char c) => c >= '0' && c <= '9';

            private static int HexValue(char c)
            {
                if (c >= '0' && c <= '9') return c - '0';
                if (c >= 'a' && c <= 'f') return c - 'a' + 10;
                if (c >= 'A' && c <= 'F') return c - 'A' + 10;
                return -1;
            }
        }
    }
}
