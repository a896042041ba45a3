using System;
using System.IO;
using System.Text;
using System.Xml;

namespace MailAuth.Reports
{
    /// <summary>
    /// Turns report bytes into an XmlReader that cannot reach anything outside the document: no DTD
    /// (refused, so no entity of any kind), no resolver. Decoding is done here so that invalid bytes
    /// become U+FFFD and are counted instead of ending the read.
    /// </summary>
    internal static class XmlReportInput
    {
        internal static XmlReaderSettings Settings() => new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CheckCharacters = false, // control characters in values are tolerated, not fatal
            CloseInput = true,
            MaxCharactersFromEntities = 1024,
        };

        /// <summary>A reader over <paramref name="stream"/>; <paramref name="fallback"/> counts invalid byte sequences.</summary>
        internal static XmlReader Create(Stream stream, CountingDecoderFallback fallback, bool repair)
        {
            var head = new byte[256];
            int n = 0, read;
            while (n < head.Length && (read = stream.Read(head, n, head.Length - n)) > 0) n += read;
            var encoding = DetectEncoding(head, n, fallback, out int preamble, out bool plainUtf8);
            var rest = new PrefixedStream(head, preamble, n - preamble, stream);
#if NET8_0_OR_GREATER
            // UTF-8 (nearly every report): the XmlReader decodes the bytes itself, which saves a copy through a
            // StreamReader; Utf8CheckingStream still turns invalid bytes into U+FFFD through the counting fallback.
            if (plainUtf8 && !repair)
                return XmlReader.Create(new Utf8CheckingStream(rest, encoding), Settings());
#endif
            TextReader text = new StreamReader(rest, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024);
            if (repair) text = new MarkupRepairReader(text);
            return XmlReader.Create(text, Settings());
        }

        // BOM, else the encoding declaration, else UTF-8 (RFC 9990 reports are UTF-8 in practice).
        // plainUtf8: UTF-8 that an XmlReader given the bytes would read the same way: it starts with '<' and
        // no zero byte (so none of the reader's own UTF-16/32 or EBCDIC guesses), and any declaration is
        // complete in the head and names UTF-8 or no encoding.
        private static Encoding DetectEncoding(byte[] head, int n, CountingDecoderFallback fallback, out int preamble, out bool plainUtf8)
        {
            preamble = 0;
            plainUtf8 = false;
            string? name = null;
            if (n >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF) { preamble = 3; name = "utf-8"; }
            else if (n >= 2 && head[0] == 0xFF && head[1] == 0xFE) { preamble = 2; name = "utf-16LE"; }
            else if (n >= 2 && head[0] == 0xFE && head[1] == 0xFF) { preamble = 2; name = "utf-16BE"; }
            else
            {
                string ascii = Encoding.ASCII.GetString(head, 0, n);
                int decl = ascii.IndexOf("<?xml", StringComparison.Ordinal);
                int close = decl < 0 ? -1 : ascii.IndexOf("?>", decl, StringComparison.Ordinal);
                if (decl >= 0 && close > decl)
                {
                    var m = System.Text.RegularExpressions.Regex.Match(ascii.Substring(decl, close - decl), "encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");
                    if (m.Success) name = m.Groups[1].Value;
                }
            }
            if (preamble != 2 && n - preamble >= 2 && head[preamble] == (byte)'<' && head[preamble + 1] != 0)
            {
                bool hasDecl = head[preamble + 1] == (byte)'?';
                string start = Encoding.ASCII.GetString(head, preamble, n - preamble);
                bool declComplete = !hasDecl || start.IndexOf("?>", StringComparison.Ordinal) > 0;
                plainUtf8 = declComplete && (name is null || name.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
            }
            Encoding? encoding = null;
            if (name != null && !name.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !name.Equals("us-ascii", StringComparison.OrdinalIgnoreCase))
            {
                try { encoding = Encoding.GetEncoding(name, EncoderFallback.ReplacementFallback, fallback); }
                catch (ArgumentException) { encoding = null; }
            }
            if (encoding is null)
            {
                encoding = (Encoding)new UTF8Encoding(false, false).Clone();
                encoding.DecoderFallback = fallback;
            }
            return encoding;
        }
    }

#if NET8_0_OR_GREATER
    /// <summary>
    /// Passes UTF-8 bytes through after checking them; from the first invalid sequence on, the rest is decoded
    /// with the given encoding (whose fallback counts and substitutes U+FFFD) and written back as UTF-8, so
    /// the XmlReader sees what a StreamReader with that encoding would have given it.
    /// </summary>
    internal sealed class Utf8CheckingStream : ForwardReadStream
    {
        private const int BufferSize = 64 * 1024;
        private readonly Encoding _encoding;
        private readonly byte[] _in = new byte[BufferSize];
        private int _inEnd;          // bytes in _in; those from _tail on are not yet passed on
        private int _tail;
        private byte[] _out;         // what Read hands out: _in itself while the bytes are valid
        private int _outPos, _outEnd;
        private Decoder? _decoder;   // set once an invalid sequence was seen
        private Encoder? _encoder;
        private char[]? _chars;
        private bool _eof;

        public Utf8CheckingStream(Stream inner, Encoding encoding) : base(inner)
        {
            _encoding = encoding;
            _out = _in;
        }


        public override int Read(byte[] buffer, int offset, int count) => Read(new Span<byte>(buffer, offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (buffer.Length == 0) return 0;
            while (_outPos == _outEnd)
            {
                if (_eof && _tail == _inEnd) return 0;
                Fill();
            }
            int n = Math.Min(buffer.Length, _outEnd - _outPos);
            _out.AsSpan(_outPos, n).CopyTo(buffer);
            _outPos += n;
            return n;
        }

        // Reads more bytes after the unpassed tail; checks them, or converts them once in the slow mode.
        private void Fill()
        {
            int keep = _inEnd - _tail;
            if (keep > 0 && _tail > 0) Buffer.BlockCopy(_in, _tail, _in, 0, keep);
            _inEnd = keep;
            _tail = 0;
            if (!_eof)
            {
                int read = _inner.Read(_in, _inEnd, _in.Length - _inEnd);
                if (read == 0) _eof = true;
                _inEnd += read;
            }
            if (_decoder is null)
            {
                int complete = _eof ? _inEnd : CompleteEnd(_in, _inEnd);
                if (System.Text.Unicode.Utf8.IsValid(_in.AsSpan(0, complete)) && (complete == _inEnd || !_eof))
                {
                    _out = _in;
                    _outPos = 0;
                    _outEnd = complete;
                    _tail = complete;
                    return;
                }
                // Everything before this buffer was valid and complete, so the decoder starts clean here.
                _decoder = _encoding.GetDecoder();
                _encoder = new UTF8Encoding(false).GetEncoder();
                _chars = new char[BufferSize + 4];
                _out = new byte[(BufferSize + 4) * 3];
            }
            int chars = _decoder.GetChars(_in, 0, _inEnd, _chars!, 0, _eof);
            _outPos = 0;
            _outEnd = _encoder!.GetBytes(_chars!, 0, chars, _out, 0, _eof);
            _tail = _inEnd;
        }

        // Where the last complete UTF-8 sequence ends: a lead byte in the last three whose sequence is cut off is held back.
        private static int CompleteEnd(byte[] b, int end)
        {
            for (int i = end - 1; i >= 0 && i >= end - 3; i--)
            {
                byte c = b[i];
                if ((c & 0xC0) == 0x80) continue;
                int need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
                return end - i < need ? i : end;
            }
            return end;
        }

    }
#endif

    /// <summary>A read-only, forward-only stream over another, which it owns.</summary>
    internal abstract class ForwardReadStream : Stream
    {
        protected readonly Stream _inner;

        protected ForwardReadStream(Stream inner) => _inner = inner;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>Bytes already read from the start of a stream, then the rest of it.</summary>
    internal sealed class PrefixedStream : ForwardReadStream
    {
        private readonly byte[] _prefix;
        private int _offset;
        private readonly int _end;

        public PrefixedStream(byte[] prefix, int offset, int count, Stream inner) : base(inner)
        {
            _prefix = prefix;
            _offset = offset;
            _end = offset + count;
        }


        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_offset < _end)
            {
                int n = Math.Min(count, _end - _offset);
                Buffer.BlockCopy(_prefix, _offset, buffer, offset, n);
                _offset += n;
                return n;
            }
            return _inner.Read(buffer, offset, count);
        }

    }

    /// <summary>Replaces undecodable bytes with U+FFFD and counts how often it did.</summary>
    internal sealed class CountingDecoderFallback : DecoderFallback
    {
        public int Count;

        public override int MaxCharCount => 1;

        public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer(this);

        private sealed class Buffer : DecoderFallbackBuffer
        {
            private readonly CountingDecoderFallback _owner;
            private bool _pending;

            public Buffer(CountingDecoderFallback owner) => _owner = owner;

            public override int Remaining => _pending ? 1 : 0;

            public override bool Fallback(byte[] bytesUnknown, int index)
            {
                System.Threading.Interlocked.Increment(ref _owner.Count);
                _pending = true;
                return true;
            }

            public override char GetNextChar()
            {
                if (!_pending) return '\0';
                _pending = false;
                return '\uFFFD';
            }

            public override bool MovePrevious() => false;

            public override void Reset() => _pending = false;
        }
    }

    /// <summary>
    /// Escapes a '&lt;' that starts no tag, comment or declaration, and a '&amp;' that starts no
    /// reference (XML 1.0 §2.4): what reporters that do not escape values write. Used only when a
    /// strict read failed; DTDs stay refused, since '&lt;!' is passed through to the strict parser.
    /// </summary>
    internal sealed class MarkupRepairReader : TextReader
    {
        private const int MaxLookahead = 256;
        private readonly TextReader _inner;
        private readonly char[] _look = new char[MaxLookahead + 8];
        private int _lookStart, _lookCount;
        private string? _pendingOut;
        private int _pendingPos;

        public MarkupRepairReader(TextReader inner) => _inner = inner;

        private int PeekAt(int k)
        {
            while (_lookCount <= k)
            {
                int c = _inner.Read();
                if (c < 0) return -1;
                if (_lookStart + _lookCount == _look.Length) { Array.Copy(_look, _lookStart, _look, 0, _lookCount); _lookStart = 0; }
                _look[_lookStart + _lookCount++] = (char)c;
            }
            return _look[_lookStart + k];
        }

        private int Next()
        {
            int c = PeekAt(0);
            if (c < 0) return -1;
            _lookStart++;
            _lookCount--;
            if (_lookCount == 0) _lookStart = 0;
            return c;
        }

        private static bool IsNameChar(int c) => c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == ':' || c > 127;

        private static bool IsNameStart(int c) => c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c > 127;

        // Is the '<' at position 0 the start of markup?
        private bool LooksLikeMarkup()
        {
            int c = PeekAt(1);
            if (c == '!' || c == '?') return true;
            int i = 1;
            if (c == '/') i = 2;
            if (!IsNameStart(PeekAt(i))) return false;
            while (i < MaxLookahead && IsNameChar(PeekAt(i))) i++;
            int end = PeekAt(i);
            return end == '>' || end == '/' || end == ' ' || end == '\t' || end == '\r' || end == '\n';
        }

        private bool LooksLikeReference()
        {
            int i = 1;
            if (PeekAt(1) == '#')
            {
                i = 2;
                if (PeekAt(2) == 'x') i = 3;
                int start = i;
                while (i < 16 && (char.IsDigit((char)Math.Max(0, PeekAt(i))) || "abcdefABCDEF".IndexOf((char)Math.Max(0, PeekAt(i))) >= 0)) i++;
                return i > start && PeekAt(i) == ';';
            }
            if (!IsNameStart(PeekAt(1))) return false;
            while (i < 64 && IsNameChar(PeekAt(i))) i++;
            return PeekAt(i) == ';';
        }

        public override int Read()
        {
            if (_pendingOut != null)
            {
                char p = _pendingOut[_pendingPos++];
                if (_pendingPos == _pendingOut.Length) _pendingOut = null;
                return p;
            }
            int c = PeekAt(0);
            if (c == '<' && !LooksLikeMarkup()) { Next(); _pendingOut = "lt;"; _pendingPos = 0; return '&'; }
            if (c == '&' && !LooksLikeReference()) { Next(); _pendingOut = "amp;"; _pendingPos = 0; return '&'; }
            return Next();
        }

        public override int Peek() => _pendingOut != null ? _pendingOut[_pendingPos] : PeekAt(0);

        public override int Read(char[] buffer, int index, int count)
        {
            int n = 0;
            while (n < count)
            {
                int c = Read();
                if (c < 0) break;
                buffer[index + n++] = (char)c;
            }
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
