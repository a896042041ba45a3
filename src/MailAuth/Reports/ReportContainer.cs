using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Threading;
using MailAuth.Findings;
using MimeKit;

namespace MailAuth.Reports
{
    internal enum ReportPayloadKind
    {
        Xml,
        Json,
        Message,
    }

    /// <summary>One report candidate found in a file: how to (re)open its bytes, or the parsed message.</summary>
    internal sealed class ReportPayload
    {
        public ReportPayload(ReportPayloadKind kind, string source, string? entry, Func<Stream> open, MimeMessage? message, List<(FindingDefinition, string)> warnings)
        {
            Kind = kind;
            Source = source;
            Entry = entry;
            Open = open;
            Message = message;
            Warnings = warnings;
        }

        public ReportPayloadKind Kind { get; }
        public string Source { get; }
        public string? Entry { get; }
        public Func<Stream> Open { get; }
        public MimeMessage? Message { get; }
        public List<(FindingDefinition Definition, string Message)> Warnings { get; }

        public void CopyWarningsTo(ReportWarnings w)
        {
            foreach (var (d, m) in Warnings) w.Add(d, m);
        }
    }

    /// <summary>
    /// Finds the reports in a file: plain XML or JSON, gzip, zip, or an e-mail message with any of
    /// those attached, by content rather than by file name. Everything is read in memory or streamed;
    /// nothing is ever written to disk, so archive entry names cannot point anywhere.
    /// </summary>
    internal static class ReportContainer
    {
        private const int MaxDepth = 4;

        internal static List<ReportPayload> Expand(string source, Func<Stream> open, long? length, ReportReadOptions options, CancellationToken cancellationToken)
        {
            options.Validate();
            var found = new List<ReportPayload>();
            // Each compressed layer is read once to count it, once to parse it, and maybe again to repair it.
            var budget = new ExpansionBudget(3 * options.MaxDecompressedBytes);
            Expand(found, source, null, open, length, options, budget, new List<(FindingDefinition, string)>(), 0, attachment: false, cancellationToken);
            return found;
        }

        private static void Expand(List<ReportPayload> found, string source, string? entry, Func<Stream> open, long? length, ReportReadOptions options,
            ExpansionBudget budget, List<(FindingDefinition, string)> warnings, int depth, bool attachment, CancellationToken cancellationToken, bool compressed = false)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (depth > MaxDepth) throw new ReportFormatException($"{Describe(source, entry)} nests archives more than {MaxDepth} deep.");
            byte[] head = new byte[512];
            int n;
            using (var s = open())
            {
                n = ReadFully(s, head);
                // A compressed layer is expanded once to count it before anything is parsed: a bomb is
                // refused having cost a read buffer, not the records parsed from it.
                if (compressed) Drain(s);
            }
            if (n == 0)
            {
                if (attachment) return;
                throw new ReportFormatException($"{Describe(source, entry)} is empty: there is no report in it.");
            }
            if (n >= 2 && head[0] == 0x1F && head[1] == 0x8B)
            {
                Func<Stream> inner = () => new ExpansionLimitStream(new GZipStream(open(), CompressionMode.Decompress), options, budget, length, Describe(source, entry));
                Expand(found, source, entry, inner, null, options, budget, warnings, depth + 1, attachment, cancellationToken, compressed: true);
                return;
            }
            if (n >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 && head[3] == 4 || head[2] == 5 && head[3] == 6))
            {
                ExpandZip(found, source, entry, open, options, budget, warnings, depth, cancellationToken);
                return;
            }
            int i = 0;
            if (n >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF) i = 3;
            else if (n >= 2 && (head[0] == 0xFF && head[1] == 0xFE || head[0] == 0xFE && head[1] == 0xFF))
            {
                found.Add(new ReportPayload(ReportPayloadKind.Xml, source, entry, open, null, warnings));
                return;
            }
            while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) i++;
            if (i < n && head[i] == '<') { found.Add(new ReportPayload(ReportPayloadKind.Xml, source, entry, open, null, warnings)); return; }
            if (i < n && (head[i] == '{' || head[i] == '[')) { found.Add(new ReportPayload(ReportPayloadKind.Json, source, entry, open, null, warnings)); return; }
            if (!attachment && LooksLikeMessage(head, n))
            {
                ExpandMessage(found, source, entry, open, options, budget, warnings, depth, cancellationToken);
                return;
            }
            if (attachment) return;
            if (i == n) throw new ReportFormatException($"{Describe(source, entry)} holds only white space: there is no report in it.");
            throw new ReportFormatException($"{Describe(source, entry)} is not a report: it is neither XML, JSON, gzip, zip nor an e-mail message.");
        }

        private static void ExpandZip(List<ReportPayload> found, string source, string? entry, Func<Stream> open, ReportReadOptions options,
            ExpansionBudget budget, List<(FindingDefinition, string)> warnings, int depth, CancellationToken cancellationToken)
        {
            // ZipArchive needs to seek; a zip coming out of gzip is copied to memory, within the cap.
            Func<Stream> seekable = open;
            using (var probe = open())
            {
                if (!probe.CanSeek)
                {
                    var copy = new MemoryStream();
                    probe.CopyTo(copy);
                    byte[] bytes = copy.ToArray();
                    seekable = () => new MemoryStream(bytes, writable: false);
                }
            }
            var entries = new List<(int Index, string Name, long CompressedLength)>();
            using (var zip = OpenZip(seekable(), source, entry))
            {
                // The central directory is read on first use of Entries, so a damaged one shows here.
                IReadOnlyList<ZipArchiveEntry> all;
                try { all = zip.Entries; }
                catch (InvalidDataException e) { throw new ReportFormatException($"{Describe(source, entry)} is not a readable zip archive: {e.Message}", e); }
                for (int k = 0; k < all.Count; k++)
                {
                    var e = all[k];
                    if (e.FullName.EndsWith("/", StringComparison.Ordinal) || e.FullName.EndsWith("\\", StringComparison.Ordinal)) continue;
                    if (entries.Count >= options.MaxEntries)
                        throw new ReportTooLargeException($"{Describe(source, entry)} has more than {options.MaxEntries} entries.");
                    entries.Add((k, e.FullName, e.CompressedLength));
                }
            }
            foreach (var (index, name, compressed) in entries)
            {
                var w = new List<(FindingDefinition, string)>(warnings);
                if (IsSuspiciousName(name))
                    w.Add((ReportFindings.SuspiciousEntryName, $"The archive entry '{name}' is named like a path outside the archive; it was read in memory only."));
                string inner = entry is null ? name : entry + "/" + name;
                int idx = index;
                Func<Stream> openEntry = () =>
                {
                    var zip = OpenZip(seekable(), source, entry);
                    Stream entryStream;
                    try { entryStream = zip.Entries[idx].Open(); }
                    catch (InvalidDataException e)
                    {
                        zip.Dispose();
                        throw new ReportFormatException($"{Describe(source, inner)} cannot be decompressed: {e.Message}", e);
                    }
                    return new ExpansionLimitStream(entryStream, options, budget, compressed, Describe(source, inner), zip);
                };
                Expand(found, source, inner, openEntry, null, options, budget, w, depth + 1, attachment: true, cancellationToken, compressed: true);
            }
        }

        private static ZipArchive OpenZip(Stream s, string source, string? entry)
        {
            try
            {
                return new ZipArchive(s, ZipArchiveMode.Read, leaveOpen: false);
            }
            catch (InvalidDataException e)
            {
                s.Dispose();
                throw new ReportFormatException($"{Describe(source, entry)} is not a readable zip archive: {e.Message}", e);
            }
        }

        private static void ExpandMessage(List<ReportPayload> found, string source, string? entry, Func<Stream> open, ReportReadOptions options,
            ExpansionBudget budget, List<(FindingDefinition, string)> warnings, int depth, CancellationToken cancellationToken)
        {
            MimeMessage message;
            using (var s = new ExpansionLimitStream(open(), options, budget: null, compressedLength: null, Describe(source, entry)))
            {
                try { message = MimeMessage.Load(s, cancellationToken); }
                catch (FormatException e) { throw new ReportFormatException($"{Describe(source, entry)} is not a readable e-mail message: {e.Message}", e); }
            }
            var parts = new List<MimePart>();
            bool feedbackReport = false;
            Collect(message.Body, parts, ref feedbackReport);
            if (!feedbackReport)
            {
                int before = found.Count, taken = 0;
                foreach (var part in parts)
                {
                    if (!IsReportCandidate(part)) continue;
                    if (++taken > options.MaxEntries) throw new ReportTooLargeException($"{Describe(source, entry)} has more than {options.MaxEntries} attachments.");
                    var content = new MemoryStream();
                    using (var limit = new ExpansionLimitStream(content, options, budget: null, compressedLength: null, Describe(source, entry), writeLimit: true))
                    {
                        part.Content?.DecodeTo(limit, cancellationToken);
                    }
                    byte[] bytes = content.ToArray();
                    string name = part.FileName ?? part.ContentType.Name ?? ("part " + taken);
                    var w = new List<(FindingDefinition, string)>(warnings);
                    if (IsSuspiciousName(name))
                        w.Add((ReportFindings.SuspiciousEntryName, $"The attachment '{name}' is named like a path; it was read in memory only."));
                    string inner = entry is null ? name : entry + "/" + name;
                    Expand(found, source, inner, () => new MemoryStream(bytes, writable: false), bytes.Length, options, budget, w, depth + 1, attachment: true, cancellationToken);
                }
                if (found.Count > before) return;
            }
            found.Add(new ReportPayload(ReportPayloadKind.Message, source, entry, open, message, warnings));
        }

        // The message's own parts; an attached original message (message/rfc822) is not searched.
        private static void Collect(MimeEntity? entity, List<MimePart> parts, ref bool feedbackReport)
        {
            switch (entity)
            {
                case Multipart multipart:
                    foreach (var child in multipart) Collect(child, parts, ref feedbackReport);
                    break;
                case MimePart part:
                    if (part.ContentType.IsMimeType("message", "feedback-report")) feedbackReport = true;
                    parts.Add(part);
                    break;
            }
        }

        private static bool IsReportCandidate(MimePart part)
        {
            var type = part.ContentType;
            string name = (part.FileName ?? type.Name ?? string.Empty).ToLowerInvariant();
            if (name.EndsWith(".xml") || name.EndsWith(".gz") || name.EndsWith(".zip") || name.EndsWith(".json") || name.EndsWith(".gzip")) return true;
            if (type.MediaType.Equals("text", StringComparison.OrdinalIgnoreCase)) return type.MediaSubtype.Equals("xml", StringComparison.OrdinalIgnoreCase);
            if (!type.MediaType.Equals("application", StringComparison.OrdinalIgnoreCase)) return false;
            switch (type.MediaSubtype.ToLowerInvariant())
            {
                case "gzip": case "x-gzip": case "zip": case "x-zip": case "x-zip-compressed": case "xml": case "octet-stream":
                case "tlsrpt+gzip": case "tlsrpt+json": case "tlsrpt": case "json":
                    return true;
                default:
                    return false;
            }
        }

        private static bool LooksLikeMessage(byte[] head, int n)
        {
            // A header field name, then a colon, on the first line (or an mbox "From " line).
            if (n >= 5 && head[0] == 'F' && head[1] == 'r' && head[2] == 'o' && head[3] == 'm' && head[4] == ' ') return true;
            for (int i = 0; i < n; i++)
            {
                byte b = head[i];
                if (b == ':') return i > 0;
                if (b < 33 || b > 126) return false;
            }
            return false;
        }

        internal static bool IsSuspiciousName(string name)
        {
            string n = name.Replace('\\', '/');
            if (n.StartsWith("/", StringComparison.Ordinal) || n.Length >= 2 && n[1] == ':') return true;
            foreach (string segment in n.Split('/')) if (segment == "..") return true;
            return false;
        }

        private static void Drain(Stream s)
        {
            var buffer = new byte[81920];
            while (s.Read(buffer, 0, buffer.Length) > 0) { }
        }

        private static int ReadFully(Stream s, byte[] buffer)
        {
            int n = 0, read;
            while (n < buffer.Length && (read = s.Read(buffer, n, buffer.Length - n)) > 0) n += read;
            return n;
        }

        internal static string Describe(string source, string? entry) => entry is null ? $"'{source}'" : $"'{entry}' in '{source}'";
    }

    /// <summary>The decompressed bytes one file may still produce, shared by all its archives and entries.</summary>
    internal sealed class ExpansionBudget
    {
        private long _remaining;

        public ExpansionBudget(long total) => _remaining = total;

        public bool Take(long bytes) => Interlocked.Add(ref _remaining, -bytes) >= 0;
    }

    /// <summary>
    /// Counts what comes out of a decompressor (or goes into a buffer) and stops at the cap or when the
    /// ratio to the compressed size is too high, so a bomb is refused after at most the cap was read,
    /// with nothing but the caller's small buffers in memory.
    /// </summary>
    internal sealed class ExpansionLimitStream : Stream
    {
        private readonly Stream _inner;
        private readonly ReportReadOptions _options;
        private readonly ExpansionBudget? _budget;
        private readonly long? _compressedLength;
        private readonly string _what;
        private readonly IDisposable? _owner;
        private readonly bool _writeLimit;
        private long _total;

        public ExpansionLimitStream(Stream inner, ReportReadOptions options, ExpansionBudget? budget, long? compressedLength, string what, IDisposable? owner = null, bool writeLimit = false)
        {
            _inner = inner;
            _options = options;
            _budget = budget;
            _compressedLength = compressedLength;
            _what = what;
            _owner = owner;
            _writeLimit = writeLimit;
        }

        public override bool CanRead => !_writeLimit;
        public override bool CanSeek => false;
        public override bool CanWrite => _writeLimit;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _total; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n;
            // A damaged deflate stream or an unsupported zip method is a damaged report, not a crash.
            try { n = _inner.Read(buffer, offset, count); }
            catch (InvalidDataException e) { throw new ReportFormatException($"{_what} is damaged and cannot be decompressed: {e.Message}", e); }
            Count(n);
            return n;
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Count(count);
            _inner.Write(buffer, offset, count);
        }

        private void Count(int n)
        {
            _total += n;
            if (_total > _options.MaxDecompressedBytes)
                throw new ReportTooLargeException($"{_what} expands to more than {_options.MaxDecompressedBytes:N0} bytes; reading stopped there.");
            if (_compressedLength is long c && _total > _options.RatioCheckFloorBytes && _total > c * (long)_options.MaxCompressionRatio)
                throw new ReportTooLargeException($"{_what} expands more than {_options.MaxCompressionRatio}:1 ({c:N0} compressed bytes gave over {_total:N0}); reading stopped there.");
            if (_budget != null && n > 0 && !_budget.Take(n))
                throw new ReportTooLargeException($"The archives in {_what} together expand to more than {_options.MaxDecompressedBytes:N0} bytes; reading stopped there.");
        }

        public override void Flush() => _inner.Flush();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                if (!_writeLimit) _inner.Dispose();
                _owner?.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
