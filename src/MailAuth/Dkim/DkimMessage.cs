using System;
using System.Collections.Generic;
using System.Text;

namespace MailAuth.Dkim
{
    /// <summary>
    /// A message as bytes, split into header fields and body without re-serialising anything:
    /// DKIM hashes what was received, so a parsed-and-rewritten MIME tree must never be hashed.
    /// The only change made is the line-ending repair of a file stored with bare LF (SMTP sends CRLF).
    /// </summary>
    public sealed class DkimMessage
    {
        /// <summary>Largest message accepted by default (bounded work on hostile input).</summary>
        public const long DefaultMaxSize = 64L * 1024 * 1024;

        private DkimMessage(byte[] data, List<DkimHeaderField> headers, int bodyOffset, bool lineEndingsRepaired)
        {
            Data = data;
            Headers = headers;
            BodyOffset = bodyOffset;
            LineEndingsRepaired = lineEndingsRepaired;
        }

        /// <summary>The message bytes, with CRLF line endings.</summary>
        public byte[] Data { get; }
        /// <summary>Header fields in order, top first.</summary>
        public IReadOnlyList<DkimHeaderField> Headers { get; }
        /// <summary>Where the body starts in <see cref="Data"/> (after the empty line); Data.Length when there is no body.</summary>
        public int BodyOffset { get; }
        /// <summary>Length of the body in bytes.</summary>
        public int BodyLength => Data.Length - BodyOffset;
        /// <summary>True when bare LF line endings were turned into CRLF.</summary>
        public bool LineEndingsRepaired { get; }

        /// <summary>Splits a message into header fields and body.</summary>
        /// <param name="data">The message bytes as received.</param>
        /// <param name="maxSize">Largest size accepted.</param>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        /// <exception cref="DkimMessageTooLargeException">The message is larger than <paramref name="maxSize"/>.</exception>
        public static DkimMessage Parse(byte[] data, long maxSize = DefaultMaxSize)
        {
            if (data is null) throw new ArgumentNullException(nameof(data));
            if (data.Length > maxSize) throw new DkimMessageTooLargeException(data.Length, maxSize);
            bool repaired = false;
            if (HasBareLf(data))
            {
                data = ToCrlf(data);
                repaired = true;
            }
            var headers = new List<DkimHeaderField>();
            int pos = 0;
            int n = data.Length;
            while (pos < n)
            {
                // The empty line ends the header.
                if (pos + 1 < n && data[pos] == '\r' && data[pos + 1] == '\n') { pos += 2; return new DkimMessage(data, headers, pos, repaired); }
                int start = pos;
                // A field runs until a CRLF not followed by WSP (RFC 5322 §2.2.3 folding).
                while (true)
                {
                    int lf = Array.IndexOf(data, (byte)'\n', pos);
                    if (lf < 0) { pos = n; break; }
                    pos = lf + 1;
                    if (pos >= n || (data[pos] != ' ' && data[pos] != '\t')) break;
                }
                headers.Add(new DkimHeaderField(data, start, pos - start));
            }
            return new DkimMessage(data, headers, n, repaired);
        }

        private static bool HasBareLf(byte[] data)
        {
            // Jump from LF to LF (Array.IndexOf is vectorised) rather than looking at every byte.
            int i = Array.IndexOf(data, (byte)'\n');
            while (i >= 0)
            {
                if (i == 0 || data[i - 1] != '\r') return true;
                i = i + 1 < data.Length ? Array.IndexOf(data, (byte)'\n', i + 1) : -1;
            }
            return false;
        }

        private static byte[] ToCrlf(byte[] data)
        {
            var result = new List<byte>(data.Length + data.Length / 40);
            for (int i = 0; i < data.Length; i++)
            {
                if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r')) result.Add((byte)'\r');
                result.Add(data[i]);
            }
            return result.ToArray();
        }
    }

    /// <summary>One header field, as the bytes it occupies in the message (name, colon, folded value, CRLF).</summary>
    public sealed class DkimHeaderField
    {
        private readonly byte[] _data;

        internal DkimHeaderField(byte[] data, int offset, int length)
        {
            _data = data;
            Offset = offset;
            Length = length;
            int colon = Array.IndexOf(data, (byte)':', offset, length);
            // RFC 5322 §4.5.3 (obsolete syntax) allows whitespace before the colon.
            Name = colon < 0 ? string.Empty : Encoding.ASCII.GetString(data, offset, colon - offset).TrimEnd(' ', '\t');
            ValueOffset = colon < 0 ? offset + length : colon + 1;
        }

        /// <summary>The field name as written, without trailing whitespace; empty for a line without a colon.</summary>
        public string Name { get; }
        /// <summary>Where the field starts in the message.</summary>
        public int Offset { get; }
        /// <summary>Bytes the field occupies, including its final CRLF.</summary>
        public int Length { get; }
        internal int ValueOffset { get; }

        /// <summary>The raw bytes of the whole field.</summary>
        public ArraySegment<byte> Raw => new ArraySegment<byte>(_data, Offset, Length);

        /// <summary>The value after the colon, as text (Latin-1 so every byte survives), unfolded lines kept.</summary>
        public string Value => Latin1(_data, ValueOffset, Offset + Length - ValueOffset);

        /// <summary>The whole field as text (Latin-1).</summary>
        public string Text => Latin1(_data, Offset, Length);

        internal static string Latin1(byte[] data, int offset, int count)
        {
            var chars = new char[count];
            for (int i = 0; i < count; i++) chars[i] = (char)data[offset + i];
            return new string(chars);
        }

        /// <inheritdoc />
        public override string ToString() => Text.TrimEnd('\r', '\n');
    }

    /// <summary>The message is larger than the configured limit.</summary>
    public sealed class DkimMessageTooLargeException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public DkimMessageTooLargeException(long size, long limit)
            : base($"The message is {size:N0} bytes; the limit is {limit:N0} bytes.")
        {
            Size = size;
            Limit = limit;
        }

        /// <summary>The message size.</summary>
        public long Size { get; }
        /// <summary>The limit.</summary>
        public long Limit { get; }
    }
}
