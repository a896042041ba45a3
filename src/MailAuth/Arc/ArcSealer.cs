using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.AuthResults;
using MailAuth.Dkim;
using MailAuth.Dns;

namespace MailAuth.Arc
{
    /// <summary>What to seal with.</summary>
    public sealed class ArcSealOptions
    {
        /// <summary>The header fields the ARC-Message-Signature signs when none are given: DKIM's list plus DKIM-Signature (RFC 8617 §4.1.2).</summary>
        public static IReadOnlyList<string> DefaultHeaders { get; } = DkimSignOptions.DefaultHeaders.Concat(new[] { "DKIM-Signature" }).ToArray();

        /// <summary>d= of the AMS and AS: the sealer's domain. Required.</summary>
        public string Domain { get; set; } = string.Empty;
        /// <summary>s=: the selector; the public key is at <c>selector._domainkey.domain</c>. Required.</summary>
        public string Selector { get; set; } = string.Empty;
        /// <summary>The authserv-id written in the ARC-Authentication-Results (RFC 8601 §2.5): who assessed the message. Required.</summary>
        public string AuthServId { get; set; } = string.Empty;
        /// <summary>
        /// The results to record (<c>spf=pass smtp.mailfrom=...; dkim=...</c>), without authserv-id. When null, the
        /// message's Authentication-Results fields of <see cref="AuthServId"/> are combined, in order (RFC 8617 §4.1.1);
        /// when there are none, <c>arc=</c> with the chain status alone.
        /// </summary>
        public string? AuthenticationResults { get; set; }
        /// <summary>The header fields the AMS signs; <see cref="DefaultHeaders"/> when null. Each name is signed as often as it occurs.</summary>
        public IList<string>? Headers { get; set; }
        /// <summary>t=; now when not given.</summary>
        public DateTimeOffset? Timestamp { get; set; }
        /// <summary>The existing chain's validation, when already done; otherwise the sealer validates it.</summary>
        public ArcChainResult? Chain { get; set; }
        /// <summary>How to validate the existing chain.</summary>
        public ArcValidateOptions Validation { get; set; } = new ArcValidateOptions();
    }

    /// <summary>A sealed message: the three new header fields and the message with them on top.</summary>
    public sealed class ArcSealedMessage
    {
        internal ArcSealedMessage() { }

        /// <summary>Where the message came from (a file path), when known.</summary>
        public string? Source { get; internal set; }
        /// <summary>The instance of the new set.</summary>
        public int Instance { get; internal set; }
        /// <summary>cv= of the new seal: the chain as received.</summary>
        public ArcChainStatus ChainValidation { get; internal set; }
        /// <summary>The validation of the chain as received.</summary>
        public ArcChainResult Chain { get; internal set; } = new ArcChainResult();
        /// <summary>d=.</summary>
        public string Domain { get; internal set; } = string.Empty;
        /// <summary>s=.</summary>
        public string Selector { get; internal set; } = string.Empty;
        /// <summary>a=.</summary>
        public string Algorithm { get; internal set; } = string.Empty;
        /// <summary>The authserv-id of the AAR.</summary>
        public string AuthServId { get; internal set; } = string.Empty;
        /// <summary>h= of the AMS.</summary>
        public IReadOnlyList<string> SignedHeaders { get; internal set; } = Array.Empty<string>();
        /// <summary>t=.</summary>
        public DateTimeOffset Timestamp { get; internal set; }
        /// <summary>The ARC-Authentication-Results field, folded, without final CRLF.</summary>
        public string AuthenticationResultsHeader { get; internal set; } = string.Empty;
        /// <summary>The ARC-Message-Signature field, folded, without final CRLF.</summary>
        public string MessageSignatureHeader { get; internal set; } = string.Empty;
        /// <summary>The ARC-Seal field, folded, without final CRLF.</summary>
        public string SealHeader { get; internal set; } = string.Empty;
        /// <summary>The sealed message (CRLF line endings).</summary>
        public byte[] Bytes { get; internal set; } = Array.Empty<byte>();
        /// <summary>The file the sealed message was written to, when it was.</summary>
        public string? OutFile { get; private set; }

        /// <summary>This result, noting the file it was written to.</summary>
        public ArcSealedMessage WithOutFile(string path)
        {
            OutFile = path;
            return this;
        }
        /// <summary>Bare LF line endings in the input were turned into CRLF before sealing.</summary>
        public bool LineEndingsRepaired { get; internal set; }

        /// <summary>The three new fields, top first, as they appear in the message.</summary>
        public string Headers => SealHeader + "\r\n" + MessageSignatureHeader + "\r\n" + AuthenticationResultsHeader;

        /// <inheritdoc />
        public override string ToString() => $"i={Instance} cv={ChainValidation} d={Domain} s={Selector}";
    }

    /// <summary>Why a message cannot be sealed.</summary>
    public sealed class ArcSealException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public ArcSealException(string errorId, string message) : base(message) => ErrorId = errorId;

        /// <summary>A stable identifier: <c>ChainAlreadyFailed</c>, <c>ChainTooLong</c>.</summary>
        public string ErrorId { get; }
    }

    /// <summary>
    /// Adds an ARC set to a message (RFC 8617 §5.1): validates the chain as received for cv=, then writes the
    /// ARC-Authentication-Results, the ARC-Message-Signature and the ARC-Seal. Tags are written sorted, one space
    /// after each ';', values lower case except b= and bh= (the ValiMail suite's normalised form), folded with CRLF.
    /// The bytes signed come from the validator's own code, so sealer and validator cannot drift apart.
    /// </summary>
    public static class ArcSealer
    {
        private const int LineWidth = 78;

        /// <summary>Seals a message.</summary>
        /// <param name="message">The message bytes; bare LF line endings are turned into CRLF first.</param>
        /// <param name="key">The private key (RSA or Ed25519).</param>
        /// <param name="options">Domain, selector, authserv-id and what to sign.</param>
        /// <param name="resolver">Where the existing chain's key queries go (not used when <see cref="ArcSealOptions.Chain"/> is given).</param>
        /// <param name="cancellationToken">Cancels the validation.</param>
        /// <param name="source">Where the message came from (a file path), copied to the result.</param>
        /// <returns>The sealed message.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException">An option is not valid.</exception>
        /// <exception cref="DkimMessageTooLargeException">The message exceeds the size limit.</exception>
        /// <exception cref="ArcSealException">The newest seal already says cv=fail (§5.1 step 2), or there are 50 sets.</exception>
        public static async Task<ArcSealedMessage> SealAsync(byte[] message, DkimSigningKey key, ArcSealOptions options, IDnsResolver? resolver,
            CancellationToken cancellationToken = default, string? source = null)
        {
            if (message is null) throw new ArgumentNullException(nameof(message));
            if (key is null) throw new ArgumentNullException(nameof(key));
            if (options is null) throw new ArgumentNullException(nameof(options));
            var (domain, selector, authServId, names) = CheckOptions(options, key);

            var parsed = DkimMessage.Parse(message, options.Validation.MaxMessageSize);
            var chain = options.Chain;
            if (chain is null)
            {
                if (resolver is null) throw new ArgumentNullException(nameof(resolver), "A resolver is needed to validate the chain as received.");
                chain = await ArcValidator.ValidateAsync(parsed, resolver, options.Validation, cancellationToken).ConfigureAwait(false);
            }
            var existing = ArcHeaderSets.Collect(parsed);
            int highest = existing.MaxInstance;
            if (highest > 0 && existing.Seals.TryGetValue(highest, out var newest) && newest.Any(s => ArcHeaderSets.SealCv(s) == "fail"))
                throw new ArcSealException("ChainAlreadyFailed", $"The newest ARC-Seal (i={highest}) already says cv=fail; a broken chain is not continued (RFC 8617 §5.1 step 2, §5.1.3).");
            int instance = highest + 1;
            if (instance > ArcValidator.MaxSets || existing.FieldCount > 3 * ArcValidator.MaxSets)
                throw new ArcSealException("ChainTooLong", $"The message already has {highest} ARC sets; at most {ArcValidator.MaxSets} are allowed (RFC 8617 §4.2.1).");
            var cv = chain.ChainResult;
            string cvText = cv.ToString();
            long t = (options.Timestamp ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
            string ts = t.ToString(CultureInfo.InvariantCulture);
            string inst = instance.ToString(CultureInfo.InvariantCulture);

            // A: the ARC-Authentication-Results.
            var results = options.AuthenticationResults != null
                ? SplitResults(options.AuthenticationResults)
                : Consolidate(parsed, authServId);
            if (results.Count == 0) results.Add("arc=" + cvText);
            string aar = Fold(AarName + ":", new[] { "i=" + inst, authServId }.Concat(results).ToList(), base64Tag: null);

            // B: the ARC-Message-Signature, over the message with the AAR on top.
            var withAar = Prepend(parsed.Data, aar);
            var messageWithAar = DkimMessage.Parse(withAar, long.MaxValue);
            var signed = HeaderList(messageWithAar, names);
            byte[] bodyHash = DkimCanonicalizer.HashBody(messageWithAar, relaxed: true, HashAlgorithmName.SHA256, null, out _);
            var amsTags = new List<string>
            {
                "a=" + key.AlgorithmName, "b=", "bh=" + Convert.ToBase64String(bodyHash), "c=relaxed/relaxed", "d=" + domain,
                "h=" + string.Join(":", signed), "i=" + inst, "s=" + selector, "t=" + ts,
            };
            string ams = SignField(withAar, AmsName, amsTags, key, (m, sig) => DkimVerifier.SignedData(m, sig), SignatureKind.ArcMessageSignature);

            // C: the ARC-Seal, over the sets (only its own set when the chain failed, §5.1.2).
            var withAms = Prepend(withAar, ams);
            var sealTags = new List<string> { "a=" + key.AlgorithmName, "b=", "cv=" + cvText, "d=" + domain, "i=" + inst, "s=" + selector, "t=" + ts };
            string seal = SignField(withAms, SealName, sealTags, key,
                (m, sig) => ArcValidator.SealSignedData(ArcHeaderSets.Collect(m), instance, sig, ownSetOnly: cv == ArcChainStatus.fail), SignatureKind.ArcSeal);

            return new ArcSealedMessage
            {
                Source = source,
                Instance = instance,
                ChainValidation = cv,
                Chain = chain,
                Domain = domain,
                Selector = selector,
                Algorithm = key.AlgorithmName,
                AuthServId = authServId,
                SignedHeaders = signed,
                Timestamp = DateTimeOffset.FromUnixTimeSeconds(t),
                AuthenticationResultsHeader = aar,
                MessageSignatureHeader = ams,
                SealHeader = seal,
                Bytes = Prepend(withAms, seal),
                LineEndingsRepaired = parsed.LineEndingsRepaired,
            };
        }

        /// <summary>Checks and normalises the options: domain, selector, authserv-id, key size and header names.</summary>
        /// <exception cref="ArgumentException">An option is not valid.</exception>
        public static (string Domain, string Selector, string AuthServId, List<string> Headers) CheckOptions(ArcSealOptions options, DkimSigningKey key)
        {
            if (options is null) throw new ArgumentNullException(nameof(options));
            if (key is null) throw new ArgumentNullException(nameof(key));
            string domain = DkimSignPlan.NormalizeDomain(options.Domain, nameof(options.Domain)).ToLowerInvariant();
            string selector = DkimSignPlan.NormalizeSelector(options.Selector, domain, nameof(options.Selector)).ToLowerInvariant();
            string authServId = (options.AuthServId ?? string.Empty).Trim();
            if (authServId.Length == 0 || authServId.Any(c => c <= ' ' || c == ';' || c == '(' || c == ')' || c == '"' || c >= 0x7f))
                throw new ArgumentException($"The authserv-id '{authServId}' must be a single token, such as the sealer's host or domain name (RFC 8601 §2.5).", nameof(options));
            if (key.Algorithm == DkimSigningAlgorithm.RsaSha256 && key.KeySize < DkimSignPlan.MinimumRsaKeyBits)
                throw new ArgumentException($"The RSA key has {key.KeySize} bits; signers must use at least {DkimSignPlan.MinimumRsaKeyBits} (RFC 8301 §3.2).", nameof(key));
            var names = (options.Headers ?? ArcSealOptions.DefaultHeaders.ToList()).Select(h => (h ?? string.Empty).Trim()).Where(h => h.Length > 0).ToList();
            foreach (string name in names)
            {
                if (name.Contains(":") || name.Any(c => c <= ' ' || c >= 0x7f))
                    throw new ArgumentException($"'{name}' is not a header field name.", nameof(options));
                if (name.StartsWith("ARC-", StringComparison.OrdinalIgnoreCase) || name.Equals("Authentication-Results", StringComparison.OrdinalIgnoreCase))
                    throw new ArgumentException($"The ARC-Message-Signature must not sign {name} (RFC 8617 §4.1.2).", nameof(options));
            }

            return (domain, selector, authServId, names);
        }

        /// <summary>The results of the message's Authentication-Results fields of <paramref name="authServId"/>, in order: what the AAR records when no results are given.</summary>
        public static IReadOnlyList<string> ConsolidatedResults(byte[] message, string authServId)
            => Consolidate(DkimMessage.Parse(message ?? throw new ArgumentNullException(nameof(message))), authServId);

        private const string AarName = ArcValidator.AarName;
        private const string AmsName = ArcValidator.AmsName;
        private const string SealName = ArcValidator.SealName;

        // Builds the field with a placeholder b=, lets the validator's code compute the signed bytes over the
        // message with the field on top, then writes the real b= in its place.
        private static string SignField(byte[] below, string name, List<string> tags, DkimSigningKey key,
            Func<DkimMessage, DkimSignatureHeader, byte[]> signedData, SignatureKind kind)
        {
            string placeholder = Fold(name + ":", tags.Select(tg => tg == "b=" ? "b=AA==" : tg).ToList(), base64Tag: null);
            var message = DkimMessage.Parse(Prepend(below, placeholder), long.MaxValue);
            var field = message.Headers[0];
            if (!DkimSignatureHeader.TryParse(field, kind, out var sig, out string? error) || sig is null)
                throw new InvalidOperationException($"The sealer built an {name} field its own parser rejects: {error}");
            byte[] signature = key.Sign(signedData(message, sig));
            string b = Convert.ToBase64String(signature);
            return Fold(name + ":", tags.Select(tg => tg == "b=" ? "b=" + b : tg).ToList(), base64Tag: "b=");
        }

        // Each requested name as often as it occurs in the message (every instance covered); absent names are left out.
        private static List<string> HeaderList(DkimMessage message, List<string> names)
        {
            var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var h in message.Headers)
            {
                counts.TryGetValue(h.Name, out int c);
                counts[h.Name] = c + 1;
            }
            var list = new List<string>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (string name in names)
            {
                if (!seen.Add(name)) continue;
                counts.TryGetValue(name, out int n);
                for (int i = 0; i < n; i++) list.Add(name.ToLowerInvariant());
            }
            return list;
        }

        /// <summary>The results of the message's Authentication-Results fields whose authserv-id is <paramref name="authServId"/>, in order (the ValiMail suite's consolidation rule).</summary>
        internal static List<string> Consolidate(DkimMessage message, string authServId)
        {
            var list = new List<string>();
            foreach (var field in message.Headers)
            {
                if (!field.Name.Equals("Authentication-Results", StringComparison.OrdinalIgnoreCase)) continue;
                var ar = AuthenticationResults.Parse(field.Value);
                if (!ar.AuthServId.Equals(authServId, StringComparison.OrdinalIgnoreCase)) continue;
                list.AddRange(ar.Results.Select(r => CollapseWhiteSpace(r.Text)));
            }
            return list;
        }

        private static List<string> SplitResults(string text)
            => AuthenticationResults.SplitTopLevel(AuthenticationResults.Unfold(text), ';').Select(CollapseWhiteSpace).Where(s => s.Length > 0).ToList();

        private static string CollapseWhiteSpace(string s)
        {
            var sb = new StringBuilder(s.Length);
            bool space = false;
            foreach (char c in s.Trim(' ', '\t', '\r', '\n'))
            {
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n') { space = true; continue; }
                if (space) { sb.Append(' '); space = false; }
                sb.Append(c);
            }
            return sb.ToString();
        }

        // "Name: a; b; c" folded with CRLF SP before an item that would pass the line width; the b= value
        // is folded inside (FWS is allowed in base64, RFC 6376 §3.5). Folding only where there is a space
        // (after ';') keeps the relaxed form equal to the unfolded one.
        private static string Fold(string start, List<string> items, string? base64Tag)
        {
            var sb = new StringBuilder(start);
            int column = start.Length;
            for (int i = 0; i < items.Count; i++)
            {
                string item = items[i] + (i < items.Count - 1 ? ";" : string.Empty);
                if (base64Tag != null && item.StartsWith(base64Tag, StringComparison.Ordinal))
                {
                    // b= starts a line and is cut after 70 characters, then every 72: the ValiMail suite's
                    // normalised form. A later seal signs this field with its b= (relaxed keeps one space per
                    // fold), so the fold positions are part of what the next hop's seal covers.
                    if (column > 1) sb.Append("\r\n ");
                    int first = Math.Min(item.Length, base64Tag.Length + 70);
                    sb.Append(item, 0, first);
                    column = 1 + first;
                    for (int p = first; p < item.Length; p += 72)
                    {
                        int n = Math.Min(72, item.Length - p);
                        sb.Append("\r\n ").Append(item, p, n);
                        column = 1 + n;
                    }
                    continue;
                }
                if (column + 1 + item.Length > LineWidth && column > 1) { sb.Append("\r\n "); column = 1; }
                else { sb.Append(' '); column++; }
                sb.Append(item);
                column += item.Length;
            }
            return sb.ToString();
        }

        private static byte[] Prepend(byte[] message, string field)
        {
            byte[] head = DkimVerifier.Latin1Bytes(field + "\r\n");
            var output = new byte[head.Length + message.Length];
            Buffer.BlockCopy(head, 0, output, 0, head.Length);
            Buffer.BlockCopy(message, 0, output, head.Length, message.Length);
            return output;
        }
    }
}
