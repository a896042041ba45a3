using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace MailAuth.Tests.Fuzz
{
    /// <summary>
    /// A deterministic byte mutator on <see cref="Random"/>: bit flips, span insert/delete/duplicate/repeat,
    /// splices of two seeds, and tokens replaced by boundary values. Same seed, same inputs.
    /// </summary>
    internal sealed class Mutator
    {
        private readonly Random _random;
        private readonly IReadOnlyList<byte[]> _seeds;
        private readonly byte[][] _tokens;
        private readonly int _maxLength;

        /// <summary>Values at the edges of what parsers expect: numbers that overflow, empty and huge parts, control and non-ASCII characters.</summary>
        public static readonly string[] Boundary =
        {
            "", "0", "-1", "-0", "+1", "2147483647", "2147483648", "4294967296", "-2147483649", "9223372036854775808",
            "99999999999999999999999999999999", "1e309", "NaN", "0x7fffffff", "00000000000000000001",
            "\0", "\r", "\n", "\r\n", "\r\n\r\n", "\t", " ", "\r\n ", "\u00a0", "\u00e9", "\u200b", "\ufeff", "\ud83d\ude00", "\ufffd", "\u0130",
            ";", "=", ":", ",", ".", "..", "/", "//", "%", "%{", "%{i}", "%{ir}.%{v}", "%%", "%-", "%_", "\\", "\"", "'", "<", ">", "&", "&amp;", "<!DOCTYPE x>", "]]>",
            "{", "}", "[", "]", "(", ")", "((((((((((", "))))))))))", "@", "@@", "*", "*.", "-", "_", "|", "~", "#",
            "xn--", "xn--zz", "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p", "255.255.255.255", "::", "::ffff:1.2.3.4", "1.2.3.4/33", "/129", "/0",
        };

        public Mutator(Random random, IReadOnlyList<byte[]> seeds, IEnumerable<string> dictionary, int maxLength)
        {
            _random = random;
            _seeds = seeds;
            _maxLength = maxLength;
            var tokens = Boundary.Concat(dictionary).Select(Encoding.UTF8.GetBytes).ToList();
            // Long and deeply nested values are generated once, not per mutation.
            tokens.Add(Encoding.ASCII.GetBytes(new string('a', 64)));
            tokens.Add(Encoding.ASCII.GetBytes(new string('a', 256)));
            tokens.Add(Encoding.ASCII.GetBytes(string.Join(".", Enumerable.Repeat(new string('b', 63), 5))));
            tokens.Add(Encoding.ASCII.GetBytes(new string('9', 400)));
            tokens.Add(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("<a>", 200)) + string.Concat(Enumerable.Repeat("</a>", 200))));
            tokens.Add(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("[", 300))));
            tokens.Add(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("(", 300))));
            tokens.Add(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("%{d}", 100))));
            tokens.Add(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(" \t", 500))));
            tokens.Add(new byte[] { 0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80 });
            _tokens = tokens.ToArray();
        }

        public byte[] PickSeed() => _seeds[_random.Next(_seeds.Count)];

        /// <summary>One to six mutations of <paramref name="input"/> (never changed itself).</summary>
        public byte[] Mutate(byte[] input)
        {
            var data = new List<byte>(input);
            int count = 1 + (_random.Next(4) == 0 ? _random.Next(6) : 0);
            for (int i = 0; i < count; i++) MutateOnce(data);
            if (data.Count > _maxLength) data.RemoveRange(_maxLength, data.Count - _maxLength);
            return data.ToArray();
        }

        private void MutateOnce(List<byte> d)
        {
            int n = d.Count;
            switch (_random.Next(13))
            {
                case 0: // flip a bit
                    if (n > 0) { int p = _random.Next(n); d[p] ^= (byte)(1 << _random.Next(8)); }
                    break;
                case 1: // a random byte, often printable
                    if (n > 0) d[_random.Next(n)] = _random.Next(2) == 0 ? (byte)_random.Next(256) : (byte)_random.Next(0x20, 0x7f);
                    else d.Add((byte)_random.Next(256));
                    break;
                case 2: // delete a span
                    if (n > 0) { int p = _random.Next(n); d.RemoveRange(p, Math.Min(n - p, 1 + _random.Next(Math.Max(1, n / 4)))); }
                    break;
                case 3: // duplicate a span in place
                    if (n > 0) { var (p, len) = Span(n); d.InsertRange(p, d.GetRange(p, len)); }
                    break;
                case 4: // repeat a short span many times (quadratic and nesting blow-ups)
                    if (n > 0)
                    {
                        int p = _random.Next(n), len = Math.Min(n - p, 1 + _random.Next(16));
                        var span = d.GetRange(p, len);
                        int times = 10 + _random.Next(Math.Max(1, Math.Min(2000, _maxLength / (len * 2))));
                        d.InsertRange(p, Enumerable.Repeat(span, times).SelectMany(x => x));
                    }
                    break;
                case 5: // splice: the head of this input with the tail of another seed
                    {
                        var other = PickSeed();
                        int p = _random.Next(n + 1), q = _random.Next(other.Length + 1);
                        d.RemoveRange(p, n - p);
                        d.AddRange(other.Skip(q));
                    }
                    break;
                case 6:
                case 7: // insert a token
                    d.InsertRange(_random.Next(n + 1), _tokens[_random.Next(_tokens.Length)]);
                    break;
                case 8:
                case 9: // replace a token (between delimiters) with a boundary value
                    ReplaceToken(d);
                    break;
                case 10: // truncate
                    if (n > 0) { int p = _random.Next(n); d.RemoveRange(p, n - p); }
                    break;
                case 11: // swap two bytes
                    if (n > 1) { int a = _random.Next(n), b = _random.Next(n); (d[a], d[b]) = (d[b], d[a]); }
                    break;
                default: // change a digit run into another number
                    ReplaceNumber(d);
                    break;
            }
        }

        private (int Position, int Length) Span(int n)
        {
            int p = _random.Next(n);
            return (p, Math.Min(n - p, 1 + _random.Next(Math.Min(n - p, 64))));
        }

        private static bool IsDelimiter(byte b) => b is (byte)';' or (byte)'=' or (byte)':' or (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r'
            or (byte)',' or (byte)'"' or (byte)'<' or (byte)'>' or (byte)'.' or (byte)'/' or (byte)'{' or (byte)'}';

        private void ReplaceToken(List<byte> d)
        {
            if (d.Count == 0) { d.AddRange(_tokens[_random.Next(_tokens.Length)]); return; }
            int p = _random.Next(d.Count);
            int start = p, end = p;
            while (start > 0 && !IsDelimiter(d[start - 1])) start--;
            while (end < d.Count && !IsDelimiter(d[end])) end++;
            d.RemoveRange(start, end - start);
            d.InsertRange(start, _tokens[_random.Next(_tokens.Length)]);
        }

        private void ReplaceNumber(List<byte> d)
        {
            var digits = Enumerable.Range(0, d.Count).Where(i => d[i] >= '0' && d[i] <= '9').ToList();
            if (digits.Count == 0) { ReplaceToken(d); return; }
            int start = digits[_random.Next(digits.Count)], end = start;
            while (start > 0 && d[start - 1] >= '0' && d[start - 1] <= '9') start--;
            while (end < d.Count && d[end] >= '0' && d[end] <= '9') end++;
            string[] numbers = { "0", "1", "-1", "255", "256", "65535", "65536", "2147483647", "2147483648", "4294967295", "18446744073709551616", new string('9', 40) };
            d.RemoveRange(start, end - start);
            d.InsertRange(start, Encoding.ASCII.GetBytes(numbers[_random.Next(numbers.Length)]));
        }
    }
}
