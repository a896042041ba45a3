using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dns;
using MailAuth.Findings;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace MailAuth.Dkim
{
    /// <summary>Verifies the DKIM signatures of a message (RFC 6376 §6, RFC 8301, RFC 8463).</summary>
    public static class DkimVerifier
    {
        /// <summary>Verifies every DKIM-Signature of a message, top first, up to <see cref="DkimVerifyOptions.MaxSignatures"/>.</summary>
        /// <param name="message">The raw message bytes.</param>
        /// <param name="resolver">Where key queries go.</param>
        /// <param name="options">Limits and policy; defaults when null.</param>
        /// <param name="cancellationToken">Cancels the verification.</param>
        /// <param name="source">Where the message came from (a file path), copied to each result.</param>
        /// <returns>One result per signature; one result with <see cref="DkimResult.none"/> when there is none.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="message"/> or <paramref name="resolver"/> is null.</exception>
        /// <exception cref="DkimMessageTooLargeException">The message exceeds the size limit.</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
        public static async Task<IReadOnlyList<DkimSignatureResult>> VerifyAsync(byte[] message, IDnsResolver resolver, DkimVerifyOptions? options = null,
            CancellationToken cancellationToken = default, string? source = null)
        {
            var results = await VerifyCoreAsync(message, resolver, options, cancellationToken).ConfigureAwait(false);
            foreach (var r in results) r.Source = source;
            return results;
        }

        private static async Task<IReadOnlyList<DkimSignatureResult>> VerifyCoreAsync(byte[] message, IDnsResolver resolver, DkimVerifyOptions? options, CancellationToken cancellationToken)
        {
            if (message is null) throw new ArgumentNullException(nameof(message));
            if (resolver is null) throw new ArgumentNullException(nameof(resolver));
            options ??= new DkimVerifyOptions();
            var parsed = DkimMessage.Parse(message, options.MaxMessageSize);
            string? fromDomain = FromDomain(parsed);
            var signatures = parsed.Headers.Where(h => h.Name.Equals("DKIM-Signature", StringComparison.OrdinalIgnoreCase)).ToList();
            if (signatures.Count == 0)
                return new[] { new DkimSignatureResult { Result = DkimResult.none, Reason = DkimFailureReason.NoSignature, ReasonText = "the message has no DKIM-Signature header field", FromDomain = fromDomain } };

            var results = new List<DkimSignatureResult>(signatures.Count);
            var bodyHashes = new Dictionary<(bool, HashAlgorithmName, long?), (byte[] Hash, long Length)>();
            for (int i = 0; i < signatures.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (i >= options.MaxSignatures)
                {
                    results.Add(new DkimSignatureResult
                    {
                        Index = i + 1, Result = DkimResult.neutral, Reason = DkimFailureReason.NotVerified, FromDomain = fromDomain,
                        ReasonText = $"only the first {options.MaxSignatures} signatures are verified",
                    });
                    continue;
                }
                results.Add(await VerifyOneAsync(parsed, signatures[i], i + 1, fromDomain, resolver, options, bodyHashes, cancellationToken).ConfigureAwait(false));
            }
            return results;
        }

        private static async Task<DkimSignatureResult> VerifyOneAsync(DkimMessage message, DkimHeaderField field, int index, string? fromDomain,
            IDnsResolver resolver, DkimVerifyOptions options, Dictionary<(bool, HashAlgorithmName, long?), (byte[] Hash, long Length)> bodyHashes, CancellationToken ct)
        {
            var r = new DkimSignatureResult { Index = index, FromDomain = fromDomain };
            var findings = new List<Finding>();
            r.Findings = findings;
            DkimSignatureResult Done(DkimResult result, DkimFailureReason reason, string? text)
            {
                r.Result = result;
                r.Reason = reason;
                r.ReasonText = text;
                return r;
            }

            bool ok = DkimSignatureHeader.TryParse(field, out var sig, out string? error);
            if (sig != null)
            {
                r.Domain = sig.Domain.Length > 0 ? sig.Domain : sig.Tags["d"];
                r.Selector = sig.Selector.Length > 0 ? sig.Selector : sig.Tags["s"];
                r.Algorithm = sig.Algorithm.Length > 0 ? sig.Algorithm : sig.Tags["a"];
                r.Canonicalization = sig.HeaderCanonicalization + "/" + sig.BodyCanonicalization;
                r.SignedHeaders = sig.SignedHeaders;
                r.Identity = sig.Identity.Length > 0 ? sig.Identity : null;
                r.BodyLength = sig.BodyLength;
                r.Timestamp = sig.Timestamp;
                r.Expiration = sig.Expiration;
            }
            if (!ok || sig is null) return Done(DkimResult.neutral, DkimFailureReason.SyntaxError, error);

            r.FromAligned = fromDomain != null && string.Equals(fromDomain, sig.Domain, StringComparison.OrdinalIgnoreCase);
            if (fromDomain != null && !r.FromAligned)
                findings.Add(DkimSignatureFindings.NotAligned.Create($"d={sig.Domain} is not the From domain '{fromDomain}'."));
            if (sig.BodyLength != null)
                findings.Add(DkimSignatureFindings.PartialBody.Create($"l={sig.BodyLength}: only the first {sig.BodyLength} bytes of the canonicalized body are signed."));

            if (!sig.SignedHeaders.Any(h => h.Equals("From", StringComparison.OrdinalIgnoreCase)))
                return Done(DkimResult.permerror, DkimFailureReason.FromNotSigned, "h= does not include From (RFC 6376 §5.4)");

            HashAlgorithmName hash;
            switch (sig.Algorithm)
            {
                case "rsa-sha256":
                case "ed25519-sha256":
                    hash = HashAlgorithmName.SHA256;
                    break;
                case "rsa-sha1":
                    return Done(DkimResult.policy, DkimFailureReason.AlgorithmNotAllowed, "rsa-sha1 must not be considered valid (RFC 8301 §3.1)");
                default:
                    return Done(DkimResult.neutral, DkimFailureReason.AlgorithmNotAllowed, $"a={sig.Algorithm} is not a known signing algorithm");
            }

            var asOf = options.AsOf ?? DateTimeOffset.UtcNow;
            if (sig.Expiration is DateTimeOffset x && asOf > x)
                return Done(DkimResult.policy, DkimFailureReason.SignatureExpired, $"the signature expired at {x:u} (x=); verified as of {asOf:u}");
            if (sig.Timestamp is DateTimeOffset t && t > asOf + options.ClockSkew)
                return Done(DkimResult.policy, DkimFailureReason.SignatureFromFuture, $"the signature is dated {t:u} (t=), after {asOf:u}");

            var keyCheck = await CheckKeyAsync(sig, resolver, options, findings, ct).ConfigureAwait(false);
            if (keyCheck.Key is DkimKeyRecord key)
            {
                r.KeyType = key.KeyType;
                r.KeySize = key.KeySize;
                r.KeyTesting = key.Testing;
            }
            if (keyCheck.Result != DkimResult.pass) return Done(keyCheck.Result, keyCheck.Reason, keyCheck.Text);

            // Body hash first (RFC 6376 §6.1.3), shared between signatures with the same parameters.
            bool relaxedBody = sig.BodyCanonicalization == "relaxed";
            var bodyKey = (relaxedBody, hash, sig.BodyLength);
            if (!bodyHashes.TryGetValue(bodyKey, out var body))
            {
                byte[] digest = DkimCanonicalizer.HashBody(message, relaxedBody, hash, sig.BodyLength, out long length);
                bodyHashes[bodyKey] = body = (digest, length);
            }
            if (sig.BodyLength is long l && l > body.Length)
                return Done(DkimResult.fail, DkimFailureReason.BodyHashMismatch, $"l={l} is longer than the canonicalized body ({body.Length} bytes)");
            if (!FixedEquals(body.Hash, sig.BodyHash))
                return Done(DkimResult.fail, DkimFailureReason.BodyHashMismatch, "the body hash does not match bh=: the body was changed after signing");

            byte[] data = SignedData(message, sig);
            bool verified;
            try
            {
                verified = VerifySignature(keyCheck.Key!, hash, data, sig.Signature);
            }
            catch (Exception e) when (e is CryptoException || e is ArgumentException || e is InvalidOperationException || e is DataLengthException || e is CryptographicException)
            {
                verified = false;
            }
            if (!verified)
                return Done(DkimResult.fail, DkimFailureReason.SignatureMismatch, "the signature does not verify: a signed header field was changed, or the key does not match");
            return Done(DkimResult.pass, DkimFailureReason.None, null);
        }

        internal sealed class KeyCheck
        {
            public DkimKeyRecord? Key { get; private set; }
            public DkimResult Result { get; private set; }
            public DkimFailureReason Reason { get; private set; }
            public string? Text { get; private set; }

            public static KeyCheck Of(DkimKeyRecord? key, DkimResult result, DkimFailureReason reason, string? text)
                => new KeyCheck { Key = key, Result = result, Reason = reason, Text = text };
        }

        /// <summary>Fetches and checks the key of a parsed signature (RFC 6376 §6.1.2); <see cref="KeyCheck.Result"/> is pass when it can be used.</summary>
        internal static async Task<KeyCheck> CheckKeyAsync(DkimSignatureHeader sig, IDnsResolver resolver, DkimVerifyOptions options, List<Finding> findings, CancellationToken ct)
        {
            // The key (RFC 6376 §3.6.2): selector._domainkey.domain TXT.
            string keyName = sig.Selector + "._domainkey." + sig.Domain;
            var answer = await resolver.QueryAsync(keyName, DnsRecordType.TXT, ct).ConfigureAwait(false);
            if (answer.Outcome == DnsOutcome.TemporaryFailure)
                return KeyCheck.Of(null, DkimResult.temperror, DkimFailureReason.DnsTemporaryFailure, $"the key query for {keyName} failed: {answer.Error}");
            string? text = null;
            foreach (var record in answer.Records)
                if (record is TxtRecord txt) { text = txt.Text; break; }
            if (text is null)
                return KeyCheck.Of(null, DkimResult.permerror, DkimFailureReason.KeyNotFound, $"no key record at {keyName} ({answer.Outcome})");
            var key = DkimKeyRecord.ParseCached(text);
            if (key.Testing) findings.Add(DkimSignatureFindings.TestingKey.Create($"The key at {keyName} has t=y."));
            if (key.IsRevoked) return KeyCheck.Of(key, DkimResult.permerror, DkimFailureReason.KeyRevoked, $"the key at {keyName} is revoked (empty p=)");
            if (!key.IsValid || !key.HasKey)
                return KeyCheck.Of(key, DkimResult.permerror, DkimFailureReason.KeyInvalid, $"the key record at {keyName} cannot be used: {string.Join("; ", key.Errors)}");
            string wantType = sig.Algorithm.StartsWith("rsa", StringComparison.Ordinal) ? "rsa" : "ed25519";
            if (key.KeyType != wantType)
                return KeyCheck.Of(key, DkimResult.permerror, DkimFailureReason.KeyMismatch, $"a={sig.Algorithm} needs a {wantType} key; the record has k={key.KeyType}");
            if (key.HashAlgorithms != null && !key.HashAlgorithms.Contains("sha256"))
                return KeyCheck.Of(key, DkimResult.permerror, DkimFailureReason.KeyMismatch, $"the key allows h={string.Join(":", key.HashAlgorithms)}, not sha256");
            if (!key.ServiceTypes.Contains("*") && !key.ServiceTypes.Contains("email"))
                return KeyCheck.Of(key, DkimResult.permerror, DkimFailureReason.KeyMismatch, $"the key's s={string.Join(":", key.ServiceTypes)} does not include email");
            if (key.Strict)
            {
                string idDomain = sig.Identity.Substring(sig.Identity.LastIndexOf('@') + 1);
                if (!idDomain.Equals(sig.Domain, StringComparison.OrdinalIgnoreCase))
                    return KeyCheck.Of(key, DkimResult.permerror, DkimFailureReason.KeyMismatch, $"the key has t=s, but the i= domain '{idDomain}' is not d={sig.Domain}");
            }
            if (wantType == "rsa" && key.KeySize < options.MinimumRsaKeyBits)
                return KeyCheck.Of(key, DkimResult.policy, DkimFailureReason.KeyTooSmall, $"the RSA key at {keyName} has {key.KeySize} bits; at least {options.MinimumRsaKeyBits} are required (RFC 8301 §3.2)");
            if (wantType == "rsa" && key.KeySize < 2048)
                findings.Add(DkimSignatureFindings.WeakKey.Create($"The key at {keyName} has {key.KeySize} bits."));

            return KeyCheck.Of(key, DkimResult.pass, DkimFailureReason.None, null);
        }

        /// <summary>The bytes the signature covers: the selected header fields, then the signature field without b= and without its CRLF.</summary>
        internal static byte[] SignedData(DkimMessage message, DkimSignatureHeader sig)
        {
            bool relaxed = sig.HeaderCanonicalization == "relaxed";
            var sb = new StringBuilder();
            foreach (var field in SelectHeaders(message, sig.SignedHeaders, sig.Field))
                sb.Append(DkimCanonicalizer.CanonicalizeHeader(field.Text, relaxed));
            string self = DkimCanonicalizer.CanonicalizeHeader(sig.TextWithoutSignature(), relaxed);
            if (self.EndsWith("\r\n", StringComparison.Ordinal)) self = self.Substring(0, self.Length - 2);
            sb.Append(self);
            return Latin1Bytes(sb.ToString());
        }

        /// <summary>RFC 6376 §5.4.2: for each name, the next instance from the bottom; a name with no instance left adds nothing.</summary>
        internal static IEnumerable<DkimHeaderField> SelectHeaders(DkimMessage message, IReadOnlyList<string> names, DkimHeaderField? exclude)
        {
            // Instances per name, bottom first, consumed as names repeat: linear in fields plus names.
            var byName = new Dictionary<string, Stack<DkimHeaderField>>(StringComparer.OrdinalIgnoreCase);
            foreach (var h in message.Headers)
            {
                if (ReferenceEquals(h, exclude)) continue;
                if (!byName.TryGetValue(h.Name, out var stack)) byName[h.Name] = stack = new Stack<DkimHeaderField>();
                stack.Push(h);
            }
            foreach (string name in names)
            {
                if (byName.TryGetValue(name, out var stack) && stack.Count > 0) yield return stack.Pop();
            }
        }

        internal static bool VerifySignature(DkimKeyRecord key, HashAlgorithmName hash, byte[] data, byte[] signature)
        {
            if (key.Ed25519Key is Ed25519PublicKeyParameters ed)
            {
                // RFC 8463 §3: Ed25519 signs the SHA-256 hash of the data, not the data itself.
                byte[] digest = Sha256(data);
                var signer = new Ed25519Signer();
                signer.Init(false, ed);
                signer.BlockUpdate(digest, 0, digest.Length);
                return signer.VerifySignature(signature);
            }
            // The platform's RSA (OpenSSL/CNG) is much faster than BouncyCastle for RSA verification.
            var rsa = key.RentRsa();
            try
            {
                return rsa.VerifyData(data, signature, hash, RSASignaturePadding.Pkcs1);
            }
            finally
            {
                key.ReturnRsa(rsa);
            }
        }

        internal static byte[] Sha256(byte[] data)
        {
#if NET8_0_OR_GREATER
            return SHA256.HashData(data);
#else
            using var sha = SHA256.Create();
            return sha.ComputeHash(data);
#endif
        }

        internal static bool FixedEquals(byte[] a, byte[] b)
        {
            if (a.Length != b.Length) return false;
            int diff = 0;
            for (int i = 0; i < a.Length; i++) diff |= a[i] ^ b[i];
            return diff == 0;
        }

        internal static byte[] Latin1Bytes(string s)
        {
            var bytes = new byte[s.Length];
            for (int i = 0; i < s.Length; i++) bytes[i] = (byte)s[i];
            return bytes;
        }

        // The domain of the (first) From address, or null when there is none we can read.
        private static string? FromDomain(DkimMessage message)
        {
            var from = message.Headers.FirstOrDefault(h => h.Name.Equals("From", StringComparison.OrdinalIgnoreCase));
            if (from is null) return null;
            string value = Encoding.UTF8.GetString(DkimVerifier.Latin1Bytes(from.Value));
            if (MimeKit.InternetAddressList.TryParse(Dmarc.DmarcEvaluator.StrictAddresses, value, out var list))
            {
                var mailbox = list.Mailboxes.FirstOrDefault();
                if (mailbox != null && mailbox.Address.Contains("@")) return mailbox.Domain.TrimEnd('.').ToLowerInvariant();
            }
            int at = value.LastIndexOf('@');
            if (at < 0) return null;
            string rest = value.Substring(at + 1);
            int end = rest.IndexOfAny(new[] { '>', ' ', '\t', '\r', '\n', ';', ',', ')' });
            return (end < 0 ? rest : rest.Substring(0, end)).TrimEnd('.').ToLowerInvariant();
        }
    }
}
