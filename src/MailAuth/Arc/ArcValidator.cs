using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.AuthResults;
using MailAuth.Dkim;
using MailAuth.Dns;
using MailAuth.Findings;
using Org.BouncyCastle.Crypto;

namespace MailAuth.Arc
{
    /// <summary>Validates a message's Authenticated Received Chain (RFC 8617 §5.2).</summary>
    public static class ArcValidator
    {
        /// <summary>The most ARC sets a message may carry (RFC 8617 §5.2 step 1).</summary>
        public const int MaxSets = DkimSignatureHeader.MaxArcInstance;

        internal const string AarName = "ARC-Authentication-Results";
        internal const string AmsName = "ARC-Message-Signature";
        internal const string SealName = "ARC-Seal";

        /// <summary>Validates the chain of a message.</summary>
        /// <param name="message">The raw message bytes.</param>
        /// <param name="resolver">Where key queries go.</param>
        /// <param name="options">Limits and policy; defaults when null.</param>
        /// <param name="cancellationToken">Cancels the validation.</param>
        /// <param name="source">Where the message came from (a file path), copied to the result.</param>
        /// <returns>The chain's status, each set's results and the reason of a failure.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="message"/> or <paramref name="resolver"/> is null.</exception>
        /// <exception cref="DkimMessageTooLargeException">The message exceeds the size limit.</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
        public static async Task<ArcChainResult> ValidateAsync(byte[] message, IDnsResolver resolver, ArcValidateOptions? options = null,
            CancellationToken cancellationToken = default, string? source = null)
        {
            if (message is null) throw new ArgumentNullException(nameof(message));
            if (resolver is null) throw new ArgumentNullException(nameof(resolver));
            options ??= new ArcValidateOptions();
            var parsed = DkimMessage.Parse(message, options.MaxMessageSize);
            var result = await ValidateAsync(parsed, resolver, options, cancellationToken).ConfigureAwait(false);
            result.Source = source;
            return result;
        }

        internal static async Task<ArcChainResult> ValidateAsync(DkimMessage message, IDnsResolver resolver, ArcValidateOptions options, CancellationToken ct)
        {
            var result = new ArcChainResult();
            var findings = new List<Finding>();
            result.Findings = findings;
            var sets = ArcHeaderSets.Collect(message);
            ArcChainResult Fail(ArcFailureReason reason, int? instance, string text)
            {
                result.ChainResult = ArcChainStatus.fail;
                result.Reason = reason;
                result.FailedInstance = instance;
                result.ReasonText = text;
                return result;
            }

            // Step 1.
            if (sets.FieldCount == 0) { result.ChainResult = ArcChainStatus.none; return result; }
            result.InstanceCount = sets.MaxInstance;
            result.Sets = sets.Describe();
            result.SealerDomains = result.Sets.Where(s => s.SealDomain != null).Select(s => s.SealDomain!).ToList();
            if (sets.FieldCount > 3 * MaxSets || sets.Instances.Count > MaxSets)
                return Fail(ArcFailureReason.TooManySets, null, $"the message carries {sets.FieldCount} ARC header fields; at most {MaxSets} sets are allowed (RFC 8617 §5.2)");
            if (sets.Malformed != null)
                return Fail(ArcFailureReason.MalformedHeader, null, sets.Malformed);

            int n = sets.MaxInstance;
            // Step 2.
            if (sets.Seals.TryGetValue(n, out var newest) && newest.Any(s => ArcHeaderSets.SealCv(s) == "fail"))
                return Fail(ArcFailureReason.ChainMarkedFailed, n, $"the newest ARC-Seal (i={n}) says cv=fail: an earlier intermediary found the chain broken (RFC 8617 §5.2 step 2)");

            // Step 3.
            for (int i = 1; i <= n; i++)
            {
                int aar = sets.Count(sets.Aars, i), ams = sets.Count(sets.Amss, i), seal = sets.Count(sets.Seals, i);
                if (aar + ams + seal == 0)
                    return Fail(ArcFailureReason.InstanceGap, i, $"there is no ARC set i={i}, but there is one with i={n}: instances must run from 1 to N without gaps (RFC 8617 §5.2 step 3B)");
                string? missing = aar == 0 ? AarName : ams == 0 ? AmsName : seal == 0 ? SealName : null;
                if (missing != null)
                    return Fail(ArcFailureReason.MissingHeader, i, $"the ARC set i={i} has no {missing} (RFC 8617 §5.2 step 3A)");
                string? duplicate = aar > 1 ? AarName : ams > 1 ? AmsName : seal > 1 ? SealName : null;
                if (duplicate != null)
                    return Fail(ArcFailureReason.DuplicateInstance, i, $"the ARC set i={i} has {Math.Max(aar, Math.Max(ams, seal))} {duplicate} fields; exactly one is allowed (RFC 8617 §4.2.1)");
            }
            for (int i = 1; i <= n; i++)
            {
                string? cv = ArcHeaderSets.SealCv(sets.Seals[i][0]);
                string want = i == 1 ? "none" : "pass";
                if (cv != want)
                    return Fail(ArcFailureReason.InvalidChainValidation, i, $"the ARC-Seal i={i} says cv={cv ?? "(missing)"}; it must say cv={want} (RFC 8617 §5.2 step 3C)");
            }

            var dkimOptions = options.ToDkim();
            var bodyHashes = new Dictionary<(bool, long?), (byte[] Hash, long Length)>();
            // Step 4: the newest AMS decides.
            var top = result.Sets[n - 1];
            var amsN = await VerifyAmsAsync(message, sets.Amss[n][0], resolver, dkimOptions, findings, bodyHashes, ct).ConfigureAwait(false);
            Record(top, amsN, seal: false);
            if (amsN.Result != DkimResult.pass)
                return Fail(ArcFailureReason.MessageSignatureFailed, n, $"the newest ARC-Message-Signature (i={n}, d={top.MessageSignatureDomain}) does not validate: {amsN.Text}");

            // Step 5 (optional): the oldest AMS from which all newer ones validate.
            result.OldestPass = 0;
            if (options.FindOldestPass)
            {
                for (int i = n - 1; i >= 1; i--)
                {
                    ct.ThrowIfCancellationRequested();
                    var ams = await VerifyAmsAsync(message, sets.Amss[i][0], resolver, dkimOptions, findings, bodyHashes, ct).ConfigureAwait(false);
                    Record(result.Sets[i - 1], ams, seal: false);
                    if (ams.Result != DkimResult.pass) { result.OldestPass = i + 1; break; }
                }
            }
            else if (n > 1) result.OldestPass = null;

            // Step 6: every seal, newest first.
            for (int i = n; i >= 1; i--)
            {
                ct.ThrowIfCancellationRequested();
                var seal = await VerifySealAsync(sets, i, resolver, dkimOptions, findings, ct).ConfigureAwait(false);
                Record(result.Sets[i - 1], seal, seal: true);
                if (seal.Result != DkimResult.pass)
                    return Fail(ArcFailureReason.SealFailed, i, $"the ARC-Seal i={i} (d={result.Sets[i - 1].SealDomain}) does not validate: {seal.Text}");
            }
            result.ChainResult = ArcChainStatus.pass;
            return result;
        }

        private static void Record(ArcSetResult set, Outcome o, bool seal)
        {
            if (seal)
            {
                set.SealResult = o.Result;
                set.SealReason = o.Reason;
                set.SealReasonText = o.Text;
            }
            else
            {
                set.MessageSignatureResult = o.Result;
                set.MessageSignatureReason = o.Reason;
                set.MessageSignatureReasonText = o.Text;
            }
        }

        internal readonly struct Outcome
        {
            public Outcome(DkimResult result, DkimFailureReason reason, string? text)
            {
                Result = result;
                Reason = reason;
                Text = text;
            }

            public DkimResult Result { get; }
            public DkimFailureReason Reason { get; }
            public string? Text { get; }
        }

        private static async Task<Outcome> VerifyAmsAsync(DkimMessage message, DkimHeaderField field, IDnsResolver resolver, DkimVerifyOptions options,
            List<Finding> findings, Dictionary<(bool, long?), (byte[] Hash, long Length)> bodyHashes, CancellationToken ct)
        {
            if (!DkimSignatureHeader.TryParse(field, SignatureKind.ArcMessageSignature, out var sig, out string? error) || sig is null)
                return new Outcome(DkimResult.neutral, DkimFailureReason.SyntaxError, error);
            // RFC 8617 §4.1.2: ARC header fields must not be signed by an AMS. Signing an ARC-Seal would tie
            // the AMS to a seal it cannot know was valid; the ValiMail suite fails it, and so does this.
            if (sig.SignedHeaders.Any(h => h.Trim().Equals(SealName, StringComparison.OrdinalIgnoreCase)))
                return new Outcome(DkimResult.permerror, DkimFailureReason.SyntaxError, "h= includes ARC-Seal, which an AMS must not sign (RFC 8617 §4.1.2)");
            var pre = await PrecheckAsync(sig, resolver, options, findings, ct).ConfigureAwait(false);
            if (pre.Outcome is Outcome failed) return failed;

            bool relaxedBody = sig.BodyCanonicalization == "relaxed";
            var bodyKey = (relaxedBody, sig.BodyLength);
            if (!bodyHashes.TryGetValue(bodyKey, out var body))
            {
                byte[] digest = DkimCanonicalizer.HashBody(message, relaxedBody, HashAlgorithmName.SHA256, sig.BodyLength, out long length);
                bodyHashes[bodyKey] = body = (digest, length);
            }
            if (sig.BodyLength is long l && l > body.Length)
                return new Outcome(DkimResult.fail, DkimFailureReason.BodyHashMismatch, $"l={l} is longer than the canonicalized body ({body.Length} bytes)");
            if (!DkimVerifier.FixedEquals(body.Hash, sig.BodyHash))
                return new Outcome(DkimResult.fail, DkimFailureReason.BodyHashMismatch, "the body hash does not match bh=: the body was changed after this intermediary signed it");
            return Check(pre.Key!, DkimVerifier.SignedData(message, sig), sig.Signature,
                "the signature does not verify: a signed header field was changed, or the key does not match");
        }

        private static async Task<Outcome> VerifySealAsync(ArcHeaderSets sets, int instance, IDnsResolver resolver, DkimVerifyOptions options,
            List<Finding> findings, CancellationToken ct)
        {
            if (!DkimSignatureHeader.TryParse(sets.Seals[instance][0], SignatureKind.ArcSeal, out var sig, out string? error) || sig is null)
                return new Outcome(DkimResult.neutral, DkimFailureReason.SyntaxError, error);
            var pre = await PrecheckAsync(sig, resolver, options, findings, ct).ConfigureAwait(false);
            if (pre.Outcome is Outcome failed) return failed;
            return Check(pre.Key!, SealSignedData(sets, instance, sig, ownSetOnly: false), sig.Signature,
                "the seal does not verify: an ARC header field of this or an earlier set was changed, or the key does not match");
        }

        private static Outcome Check(DkimKeyRecord key, byte[] data, byte[] signature, string mismatch)
        {
            bool verified;
            try
            {
                verified = DkimVerifier.VerifySignature(key, HashAlgorithmName.SHA256, data, signature);
            }
            catch (Exception e) when (e is CryptoException || e is ArgumentException || e is InvalidOperationException || e is CryptographicException)
            {
                verified = false;
            }
            return verified ? new Outcome(DkimResult.pass, DkimFailureReason.None, null) : new Outcome(DkimResult.fail, DkimFailureReason.SignatureMismatch, mismatch);
        }

        private sealed class Precheck
        {
            public Outcome? Outcome { get; set; }
            public DkimKeyRecord? Key { get; set; }
        }

        // Algorithm, times and key, as for DKIM (RFC 8617 §5.2 imports RFC 6376 §5); every error is final (§5.2.1).
        private static async Task<Precheck> PrecheckAsync(DkimSignatureHeader sig, IDnsResolver resolver, DkimVerifyOptions options, List<Finding> findings, CancellationToken ct)
        {
            switch (sig.Algorithm)
            {
                case "rsa-sha256":
                case "ed25519-sha256":
                    break;
                case "rsa-sha1":
                    return new Precheck { Outcome = new Outcome(DkimResult.policy, DkimFailureReason.AlgorithmNotAllowed, "rsa-sha1 must not be considered valid (RFC 8301 §3.1)") };
                default:
                    return new Precheck { Outcome = new Outcome(DkimResult.neutral, DkimFailureReason.AlgorithmNotAllowed, $"a={sig.Algorithm} is not a known signing algorithm") };
            }
            var asOf = options.AsOf ?? DateTimeOffset.UtcNow;
            if (sig.Expiration is DateTimeOffset x && asOf > x)
                return new Precheck { Outcome = new Outcome(DkimResult.policy, DkimFailureReason.SignatureExpired, $"the signature expired at {x:u} (x=); validated as of {asOf:u}") };
            if (sig.Timestamp is DateTimeOffset t && t > asOf + options.ClockSkew)
                return new Precheck { Outcome = new Outcome(DkimResult.policy, DkimFailureReason.SignatureFromFuture, $"the signature is dated {t:u} (t=), after {asOf:u}") };
            var key = await DkimVerifier.CheckKeyAsync(sig, resolver, options, findings, ct).ConfigureAwait(false);
            if (key.Result != DkimResult.pass) return new Precheck { Outcome = new Outcome(key.Result, key.Reason, key.Text) };
            return new Precheck { Key = key.Key };
        }

        /// <summary>
        /// What an ARC-Seal signs (RFC 8617 §5.1.1): the sets 1..instance, each as AAR, AMS, AS, relaxed, the
        /// seal itself without its b= value and final CRLF. With <paramref name="ownSetOnly"/> (a cv=fail seal,
        /// §5.1.2) only the seal's own set.
        /// </summary>
        internal static byte[] SealSignedData(ArcHeaderSets sets, int instance, DkimSignatureHeader seal, bool ownSetOnly)
        {
            var sb = new StringBuilder();
            for (int i = ownSetOnly ? instance : 1; i <= instance; i++)
            {
                sb.Append(DkimCanonicalizer.CanonicalizeHeader(sets.Aars[i][0].Text, relaxed: true));
                sb.Append(DkimCanonicalizer.CanonicalizeHeader(sets.Amss[i][0].Text, relaxed: true));
                if (i < instance) sb.Append(DkimCanonicalizer.CanonicalizeHeader(sets.Seals[i][0].Text, relaxed: true));
            }
            string self = DkimCanonicalizer.CanonicalizeHeader(seal.TextWithoutSignature(), relaxed: true);
            if (self.EndsWith("\r\n", StringComparison.Ordinal)) self = self.Substring(0, self.Length - 2);
            sb.Append(self);
            return DkimVerifier.Latin1Bytes(sb.ToString());
        }
    }

    /// <summary>The ARC header fields of a message, grouped by kind and instance.</summary>
    internal sealed class ArcHeaderSets
    {
        private static readonly Regex AarPrefix = new Regex(@"^[ \t\r\n]*i[ \t\r\n]*=[ \t\r\n]*([0-9]{1,3})[ \t\r\n]*;", RegexOptions.CultureInvariant);

        public Dictionary<int, List<DkimHeaderField>> Aars { get; } = new Dictionary<int, List<DkimHeaderField>>();
        public Dictionary<int, List<DkimHeaderField>> Amss { get; } = new Dictionary<int, List<DkimHeaderField>>();
        public Dictionary<int, List<DkimHeaderField>> Seals { get; } = new Dictionary<int, List<DkimHeaderField>>();
        public SortedSet<int> Instances { get; } = new SortedSet<int>();
        public int FieldCount { get; private set; }
        public int MaxInstance => Instances.Count == 0 ? 0 : Instances.Max;
        /// <summary>The first header field whose instance could not be read, in words.</summary>
        public string? Malformed { get; private set; }

        public int Count(Dictionary<int, List<DkimHeaderField>> kind, int instance) => kind.TryGetValue(instance, out var list) ? list.Count : 0;

        public static ArcHeaderSets Collect(DkimMessage message)
        {
            var sets = new ArcHeaderSets();
            foreach (var field in message.Headers)
            {
                Dictionary<int, List<DkimHeaderField>> kind;
                if (field.Name.Equals(ArcValidator.AarName, StringComparison.OrdinalIgnoreCase)) kind = sets.Aars;
                else if (field.Name.Equals(ArcValidator.AmsName, StringComparison.OrdinalIgnoreCase)) kind = sets.Amss;
                else if (field.Name.Equals(ArcValidator.SealName, StringComparison.OrdinalIgnoreCase)) kind = sets.Seals;
                else continue;
                sets.FieldCount++;
                // Past the limit, only count: the chain fails on the number alone (bounded work for 1,000 sets).
                if (sets.FieldCount > 3 * ArcValidator.MaxSets) continue;
                int instance;
                string? problem = kind == sets.Aars ? AarInstance(field.Value, out instance, out _) : SignatureInstance(field.Value, out instance);
                if (problem != null)
                {
                    sets.Malformed ??= $"an {field.Name} field {problem}";
                    continue;
                }
                if (!kind.TryGetValue(instance, out var list)) kind[instance] = list = new List<DkimHeaderField>();
                list.Add(field);
                sets.Instances.Add(instance);
            }
            return sets;
        }

        /// <summary>Reads the instance of an AAR: it must begin with <c>i=N;</c> (RFC 8617 §4.1.1 arc-info).</summary>
        internal static string? AarInstance(string value, out int instance, out string payload)
        {
            instance = 0;
            payload = string.Empty;
            var m = AarPrefix.Match(value);
            if (!m.Success) return "does not begin with i=<instance>; (RFC 8617 §4.1.1)";
            if (!DkimSignatureHeader.TryInstance(m.Groups[1].Value, out instance)) return $"has i={m.Groups[1].Value}, not an instance from 1 to {ArcValidator.MaxSets} (RFC 8617 §4.2.1)";
            payload = value.Substring(m.Length);
            return null;
        }

        private static string? SignatureInstance(string value, out int instance)
        {
            instance = 0;
            if (!DkimTagList.TryParse(value, out var tags, out string? error)) return "has a malformed tag list: " + error;
            string? i = tags["i"];
            if (i is null) return "has no i= tag (RFC 8617 §4.2.1)";
            if (!DkimSignatureHeader.TryInstance(i, out instance)) return $"has i={i}, not an instance from 1 to {ArcValidator.MaxSets} (RFC 8617 §4.2.1)";
            return null;
        }

        internal static string? SealCv(DkimHeaderField seal)
            => DkimTagList.TryParse(seal.Value, out var tags, out _) ? tags["cv"]?.Trim(' ', '\t', '\r', '\n') : null;

        /// <summary>One description per instance found (the first field of each kind), oldest first.</summary>
        public List<ArcSetResult> Describe()
        {
            var list = new List<ArcSetResult>();
            for (int i = 1; i <= MaxInstance && i <= ArcValidator.MaxSets; i++)
            {
                var set = new ArcSetResult { Instance = i };
                if (Aars.TryGetValue(i, out var aar))
                {
                    AarInstance(aar[0].Value, out _, out string payload);
                    set.AuthenticationResultsText = AuthenticationResults.Unfold(payload).Trim();
                    set.AuthenticationResults = AuthenticationResults.Parse(payload);
                }
                if (Amss.TryGetValue(i, out var ams) && DkimTagList.TryParse(ams[0].Value, out var amsTags, out _))
                {
                    set.MessageSignatureDomain = amsTags["d"]?.Trim();
                    set.MessageSignatureSelector = amsTags["s"]?.Trim();
                    set.MessageSignatureAlgorithm = amsTags["a"] is string a ? DkimTagList.StripWhiteSpace(a) : null;
                    if (amsTags["h"] is string h) set.SignedHeaders = DkimTagList.StripWhiteSpace(h).Split(':').Where(x => x.Length > 0).ToArray();
                }
                if (Seals.TryGetValue(i, out var seal) && DkimTagList.TryParse(seal[0].Value, out var sealTags, out _))
                {
                    set.SealDomain = sealTags["d"]?.Trim();
                    set.SealSelector = sealTags["s"]?.Trim();
                    set.SealAlgorithm = sealTags["a"] is string a ? DkimTagList.StripWhiteSpace(a) : null;
                    set.ChainValidation = sealTags["cv"]?.Trim();
                    if (sealTags["t"] is string t && long.TryParse(DkimTagList.StripWhiteSpace(t), out long seconds) && seconds >= 0 && seconds < 253402300799L)
                        set.Timestamp = DateTimeOffset.FromUnixTimeSeconds(seconds);
                }
                list.Add(set);
            }
            return list;
        }
    }
}
