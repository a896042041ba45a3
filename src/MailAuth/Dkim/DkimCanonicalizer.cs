using System;
using System.Security.Cryptography;
using System.Text;

namespace MailAuth.Dkim
{
    /// <summary>The simple and relaxed canonicalization algorithms of RFC 6376 §3.4, over raw bytes.</summary>
    public static class DkimCanonicalizer
    {
        /// <summary>Canonicalizes one header field (§3.4.1 simple, §3.4.2 relaxed), CRLF included.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="fieldText"/> is null.</exception>
        public static string CanonicalizeHeader(string fieldText, bool relaxed)
        {
            if (fieldText is null) throw new ArgumentNullException(nameof(fieldText));
            if (!relaxed) return fieldText;
            int colon = fieldText.IndexOf(':');
            string name = (colon < 0 ? fieldText : fieldText.Substring(0, colon)).Trim(' ', '\t', '\r', '\n').ToLowerInvariant();
            string value = colon < 0 ? string.Empty : fieldText.Substring(colon + 1);
            var sb = new StringBuilder(fieldText.Length);
            sb.Append(name).Append(':');
            bool pendingSpace = false;
            bool started = false;
            foreach (char c in value)
            {
                if (c == '\r' || c == '\n') continue;            // unfold
                if (c == ' ' || c == '\t') { pendingSpace = started; continue; }
                if (pendingSpace) { sb.Append(' '); pendingSpace = false; }
                sb.Append(c);
                started = true;
            }
            return sb.Append("\r\n").ToString();
        }

        /// <summary>Hashes the canonicalized body (§3.4.3 simple, §3.4.4 relaxed), at most <paramref name="limit"/> bytes of it when given.</summary>
        /// <param name="message">The message.</param>
        /// <param name="relaxed">Relaxed rather than simple.</param>
        /// <param name="hash">SHA256 or SHA1.</param>
        /// <param name="limit">The l= count, or null for the whole body.</param>
        /// <param name="canonicalLength">The length of the whole canonicalized body.</param>
        /// <returns>The digest.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public static byte[] HashBody(DkimMessage message, bool relaxed, HashAlgorithmName hash, long? limit, out long canonicalLength)
        {
            if (message is null) throw new ArgumentNullException(nameof(message));
            using var h = IncrementalHash.CreateHash(hash);
            var sink = new LimitedSink(h, limit);
            if (relaxed) Relaxed(message.Data, message.BodyOffset, sink);
            else Simple(message.Data, message.BodyOffset, sink);
            canonicalLength = sink.Total;
            return h.GetHashAndReset();
        }

        // Simple: the body as is, but trailing empty lines reduced to one CRLF; an empty body is one CRLF.
        private static void Simple(byte[] d, int start, LimitedSink sink)
        {
            int end = d.Length;
            while (end - start >= 2 && d[end - 2] == '\r' && d[end - 1] == '\n') end -= 2;
            sink.Write(d, start, end - start);
            sink.Write(CrLf, 0, 2);
        }

        // Relaxed: per line, whitespace runs become one space and trailing whitespace goes;
        // trailing empty lines go; a non-empty body ends in CRLF; an empty body stays empty.
        // Runs without whitespace are copied whole (the search for WSP is vectorised) into a pooled
        // buffer that goes to the hash when full: one pass over the raw bytes, few hash calls.
        private static void Relaxed(byte[] d, int start, LimitedSink sink)
        {
            var output = new Buffered(sink);
            try
            {
                int pendingEmptyLines = 0;
                int pos = start;
                int n = d.Length;
                while (pos < n)
                {
                    int eol = IndexOfCrLf(d, pos, n);
                    int lineEnd = eol < 0 ? n : eol;
                    bool space = false;
                    bool any = false;
                    int i = pos;
                    while (i < lineEnd)
                    {
                        int ws = new ReadOnlySpan<byte>(d, i, lineEnd - i).IndexOfAny((byte)' ', (byte)'\t');
                        int runEnd = ws < 0 ? lineEnd : i + ws;
                        if (runEnd > i)
                        {
                            if (!any)
                            {
                                for (; pendingEmptyLines > 0; pendingEmptyLines--) output.Write(CrLf, 0, 2);
                                any = true;
                            }
                            if (space) output.WriteByte((byte)' ');
                            output.Write(d, i, runEnd - i);
                        }
                        if (ws < 0) break;
                        i = runEnd;
                        while (i < lineEnd && (d[i] == ' ' || d[i] == '\t')) i++;
                        space = true;
                    }
                    if (any) output.Write(CrLf, 0, 2);
                    else pendingEmptyLines++;
                    pos = eol < 0 ? n : eol + 2;
                }
            }
            finally
            {
                output.Dispose();
            }
        }

        // Collects small writes for the hash; large ones go straight through.
        private struct Buffered : IDisposable
        {
            private readonly LimitedSink _sink;
            private byte[]? _buffer;
            private int _used;

            public Buffered(LimitedSink sink)
            {
                _sink = sink;
                _buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
                _used = 0;
            }

            public void WriteByte(byte b)
            {
                if (_used == _buffer!.Length) Flush();
                _buffer[_used++] = b;
            }

            public void Write(byte[] data, int offset, int count)
            {
                if (count > _buffer!.Length - _used)
                {
                    Flush();
                    if (count >= _buffer.Length)
                    {
                        _sink.Write(data, offset, count);
                        return;
                    }
                }
                Buffer.BlockCopy(data, offset, _buffer, _used, count);
                _used += count;
            }

            private void Flush()
            {
                _sink.Write(_buffer!, 0, _used);
                _used = 0;
            }

            public void Dispose()
            {
                if (_buffer is null) return;
                Flush();
                System.Buffers.ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = null;
            }
        }

        private static int IndexOfCrLf(byte[] d, int from, int n)
        {
            int i = from;
            while (i < n)
            {
                i = Array.IndexOf(d, (byte)'\n', i, n - i);
                if (i < 0) return -1;
                if (i > from && d[i - 1] == '\r') return i - 1;
                i++;
            }
            return -1;
        }

        private static readonly byte[] CrLf = { (byte)'\r', (byte)'\n' };

        private sealed class LimitedSink
        {
            private readonly IncrementalHash _hash;
            private readonly long? _limit;

            public LimitedSink(IncrementalHash hash, long? limit)
            {
                _hash = hash;
                _limit = limit;
            }

            public long Total { get; private set; }

            public void Write(byte[] data, int offset, int count)
            {
                if (count <= 0) return;
                long room = _limit is long l ? l - Total : long.MaxValue;
                if (room > 0) _hash.AppendData(data, offset, (int)Math.Min(count, room));
                Total += count;
            }
        }
    }
}
