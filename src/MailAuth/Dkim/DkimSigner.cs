using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace MailAuth.Dkim
{
    /// <summary>
    /// Signs messages with DKIM (RFC 6376 §5; RSA-SHA256 and Ed25519-SHA256, RFC 8463). The bytes
    /// signed are computed by the same code the verifier uses, so signer and verifier cannot drift
    /// apart. A signed message can be signed again: each signature goes on top of the others.
    /// </summary>
    public static class DkimSigner
    {
        /// <summary>Lines of the new header field are folded to at most this many characters.</summary>
        internal const int LineWidth = 76;

        /// <summary>Signs a message.</summary>
        /// <param name="message">The message bytes; bare LF line endings are turned into CRLF first.</param>
        /// <param name="key">The private key.</param>
        /// <param name="options">Domain, selector and what to sign.</param>
        /// <param name="source">Where the message came from (a file path), copied to the result.</param>
        /// <returns>The signed message and the new header field.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException">An option is not valid or does not fit the key.</exception>
        /// <exception cref="DkimMessageTooLargeException">The message exceeds <see cref="DkimSignOptions.MaxMessageSize"/>.</exception>
        /// <exception cref="DkimSignException">The message cannot be signed: it has no From header field, or more than one.</exception>
        public static DkimSignedMessage Sign(byte[] message, DkimSigningKey key, DkimSignOptions options, string? source = null)
        {
            if (message is null) throw new ArgumentNullException(nameof(message));
            var plan = DkimSignPlan.Create(options, key);
            return Sign(message, key, plan, source);
        }

        internal static DkimSignedMessage Sign(byte[] message, DkimSigningKey key, DkimSignPlan plan, string? source)
        {
            var parsed = DkimMessage.Parse(message, plan.MaxMessageSize);
            int fromCount = parsed.Headers.Count(h => h.Name.Equals("From", StringComparison.OrdinalIgnoreCase));
            if (fromCount == 0)
                throw new DkimSignException("NoFromHeader", "The message has no From header field; RFC 6376 §5.4 requires signing it, and RFC 5322 §3.6 requires exactly one.");
            if (fromCount > 1)
                throw new DkimSignException("MultipleFromHeaders", $"The message has {fromCount} From header fields; RFC 5322 §3.6 allows one, and a signature would leave the author ambiguous.");

            var names = HeaderList(parsed, plan);
            long t = (plan.Timestamp ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
            long? x = plan.Expiration?.ToUnixTimeSeconds();
            if (x is long xv && xv <= t)
                throw new ArgumentException($"The expiration {DateTimeOffset.FromUnixTimeSeconds(xv):u} is not later than the timestamp {DateTimeOffset.FromUnixTimeSeconds(t):u} (RFC 6376 §3.5).", "options");

            byte[] bodyHash = DkimCanonicalizer.HashBody(parsed, plan.RelaxedBody, HashAlgorithmName.SHA256, null, out long bodyLength);
            string bh = Convert.ToBase64String(bodyHash);

            var tags = new List<string>
            {
                "v=1;",
                "a=" + plan.AlgorithmName + ";",
                "c=" + plan.Canonicalization + ";",
                "d=" + plan.Domain + ";",
                "s=" + plan.Selector + ";",
            };
            if (plan.Identity != null) tags.Add("i=" + plan.Identity + ";");
            if (plan.BodyLength) tags.Add("l=" + bodyLength.ToString(CultureInfo.InvariantCulture) + ";");
            tags.Add("t=" + t.ToString(CultureInfo.InvariantCulture) + ";");
            if (x != null) tags.Add("x=" + x.Value.ToString(CultureInfo.InvariantCulture) + ";");

            var folder = new Folder("DKIM-Signature:");
            foreach (string tag in tags) folder.Add(tag, space: true);
            // h= may fold after any colon (RFC 6376 §3.5 sig-h-tag allows FWS there).
            for (int i = 0; i < names.Count; i++)
                folder.Add((i == 0 ? "h=" : string.Empty) + names[i] + (i == names.Count - 1 ? ";" : ":"), space: i == 0);
            folder.Add("bh=" + bh + ";", space: true);
            folder.Add("b=", space: true);
            string prefix = folder.Text;

            // Parse what is about to be signed with the verifier's own parser; the placeholder
            // b= value is what DkimSignatureHeader.TextWithoutSignature removes.
            var field = DkimMessage.Parse(DkimVerifier.Latin1Bytes(prefix + "AA==\r\n")).Headers[0];
            if (!DkimSignatureHeader.TryParse(field, out var sig, out string? error) || sig is null)
                throw new InvalidOperationException("The signer built a DKIM-Signature field its own parser rejects: " + error);
            byte[] signature = ComputeSignature(parsed, sig, key);

            folder.AddBase64(Convert.ToBase64String(signature));
            string header = folder.Text;
            byte[] headerBytes = DkimVerifier.Latin1Bytes(header + "\r\n");
            var output = new byte[headerBytes.Length + parsed.Data.Length];
            Buffer.BlockCopy(headerBytes, 0, output, 0, headerBytes.Length);
            Buffer.BlockCopy(parsed.Data, 0, output, headerBytes.Length, parsed.Data.Length);
            return new DkimSignedMessage
            {
                Source = source,
                Domain = plan.Domain,
                Selector = plan.Selector,
                Algorithm = plan.AlgorithmName,
                Canonicalization = plan.Canonicalization,
                SignedHeaders = names,
                Identity = plan.Identity,
                Timestamp = DateTimeOffset.FromUnixTimeSeconds(t),
                Expiration = x is long e ? DateTimeOffset.FromUnixTimeSeconds(e) : (DateTimeOffset?)null,
                BodyLength = plan.BodyLength ? bodyLength : (long?)null,
                BodyHash = bh,
                Header = header,
                Bytes = output,
                LineEndingsRepaired = parsed.LineEndingsRepaired,
            };
        }

        /// <summary>The b= value for a parsed signature field over a message: what the verifier checks, signed with the key.</summary>
        internal static byte[] ComputeSignature(DkimMessage message, DkimSignatureHeader signature, DkimSigningKey key)
            => key.Sign(DkimVerifier.SignedData(message, signature));

        // Each name as often as it occurs (so every instance is covered), plus one more for an
        // oversigned name (RFC 6376 §5.4.2: a name with no instance left signs the absence).
        private static List<string> HeaderList(DkimMessage message, DkimSignPlan plan)
        {
            var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var h in message.Headers)
            {
                if (h.Name.Length == 0) continue;
                counts.TryGetValue(h.Name, out int c);
                counts[h.Name] = c + 1;
            }
            var list = new List<string>();
            foreach (string name in plan.Headers)
            {
                counts.TryGetValue(name, out int n);
                if (plan.Oversign.Contains(name)) n++;
                for (int i = 0; i < n; i++) list.Add(name);
            }
            return list;
        }

        // Folds at token boundaries with CRLF SP (RFC 5322 §2.2.3), keeping lines within LineWidth.
        private sealed class Folder
        {
            private readonly StringBuilder _sb;
            private int _column;

            public Folder(string start)
            {
                _sb = new StringBuilder(start);
                _column = start.Length;
            }

            public string Text => _sb.ToString();

            public void Add(string token, bool space)
            {
                int need = (space ? 1 : 0) + token.Length;
                if (_column + need > LineWidth && _column > 1)
                {
                    _sb.Append("\r\n ");
                    _column = 1;
                    space = false;
                }
                if (space)
                {
                    _sb.Append(' ');
                    _column++;
                }
                _sb.Append(token);
                _column += token.Length;
            }

            // Base64 may be folded anywhere (RFC 6376 §3.5: FWS is allowed inside b=).
            public void AddBase64(string value)
            {
                int i = 0;
                while (i < value.Length)
                {
                    int room = LineWidth - _column;
                    if (room <= 0)
                    {
                        _sb.Append("\r\n ");
                        _column = 1;
                        continue;
                    }
                    int n = Math.Min(room, value.Length - i);
                    _sb.Append(value, i, n);
                    _column += n;
                    i += n;
                }
            }
        }
    }
}
