using System;
using System.Collections.Generic;
using System.Linq;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace MailAuth.Dkim
{
    /// <summary>A DKIM public key record (RFC 6376 §3.6.1, RFC 8463 §4.2), parsed. Never throws for bad input: problems are in <see cref="Errors"/>.</summary>
    public sealed class DkimKeyRecord
    {
        /// <summary>RSA keys larger than this are refused, bounding verification work on hostile records.</summary>
        public const int MaxRsaKeyBits = 16384;

        private DkimKeyRecord(string text) => Text = text;

        /// <summary>The record text.</summary>
        public string Text { get; }
        /// <summary>The tags, when the tag list parses.</summary>
        public DkimTagList? Tags { get; private set; }
        /// <summary>v=, if present (it must be DKIM1 and come first).</summary>
        public string? Version { get; private set; }
        /// <summary>k=: <c>rsa</c> (the default) or <c>ed25519</c>; other values are unknown key types.</summary>
        public string KeyType { get; private set; } = "rsa";
        /// <summary>h=: the hash algorithms allowed; null when unrestricted.</summary>
        public IReadOnlyList<string>? HashAlgorithms { get; private set; }
        /// <summary>s=: service types (<c>*</c> or <c>email</c>).</summary>
        public IReadOnlyList<string> ServiceTypes { get; private set; } = new[] { "*" };
        /// <summary>t=: flags (<c>y</c> testing, <c>s</c> strict).</summary>
        public IReadOnlyList<string> Flags { get; private set; } = Array.Empty<string>();
        /// <summary>t=y: the domain is testing DKIM; verifiers must not treat its mail differently from unsigned mail.</summary>
        public bool Testing => Flags.Contains("y");
        /// <summary>t=s: the i= domain must equal d=, not a subdomain.</summary>
        public bool Strict => Flags.Contains("s");
        /// <summary>n=: notes for people.</summary>
        public string? Notes { get; private set; }
        /// <summary>p=: the base64 key data with whitespace removed; empty for a revoked key.</summary>
        public string PublicKeyData { get; private set; } = string.Empty;
        /// <summary>An empty p= revokes the key (RFC 6376 §3.6.1).</summary>
        public bool IsRevoked => Tags != null && Tags.Contains("p") && PublicKeyData.Length == 0;
        /// <summary>Key size in bits (RSA modulus length; 256 for Ed25519).</summary>
        public int? KeySize { get; private set; }
        /// <summary>How p= was encoded: <c>SubjectPublicKeyInfo</c>, <c>RSAPublicKey</c> (bare PKCS#1) or <c>Raw</c> (Ed25519).</summary>
        public string? KeyEncoding { get; private set; }
        /// <summary>Why the record cannot be used; empty when it can.</summary>
        public IReadOnlyList<string> Errors => _errors;
        /// <summary>True when the record parses and holds a usable (or deliberately revoked) key.</summary>
        public bool IsValid => _errors.Count == 0;

        /// <summary>RSA public exponents larger than this are refused (real keys use 3 or 65537); a huge exponent makes verification slow.</summary>
        public const int MaxRsaExponentBits = 64;

        /// <summary>The Ed25519 key, when k=ed25519.</summary>
        internal Ed25519PublicKeyParameters? Ed25519Key { get; private set; }
        /// <summary>The RSA key's modulus and exponent, for the platform's RSA.</summary>
        internal System.Security.Cryptography.RSAParameters? RsaParameters { get; private set; }
        /// <summary>True when the record holds a key that can verify.</summary>
        internal bool HasKey => Ed25519Key != null || RsaParameters != null;

        private readonly List<string> _errors = new List<string>();

        // Parsed records by text: a verifier sees the same few keys on most messages, and turning p=
        // into a key is the costly part. Records are immutable; the cache is emptied when full.
        private const int MaxCachedRecords = 1024;
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, DkimKeyRecord> Parsed =
            new System.Collections.Concurrent.ConcurrentDictionary<string, DkimKeyRecord>(StringComparer.Ordinal);

        /// <summary><see cref="Parse"/>, answered from a bounded cache keyed by the record text.</summary>
        internal static DkimKeyRecord ParseCached(string text)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            if (Parsed.TryGetValue(text, out var record)) return record;
            record = Parse(text);
            if (Parsed.Count >= MaxCachedRecords) Parsed.Clear();
            Parsed[text] = record;
            return record;
        }

        // One platform RSA object kept per record and lent out one caller at a time (RSA instances
        // are not documented as thread-safe); a concurrent caller makes its own. Importing the key
        // costs more than verifying a signature with it.
        private System.Security.Cryptography.RSA? _rsa;

        internal System.Security.Cryptography.RSA RentRsa()
        {
            var rsa = System.Threading.Interlocked.Exchange(ref _rsa, null);
            if (rsa != null) return rsa;
            rsa = System.Security.Cryptography.RSA.Create();
            try { rsa.ImportParameters(RsaParameters!.Value); }
            catch { rsa.Dispose(); throw; }
            return rsa;
        }

        internal void ReturnRsa(System.Security.Cryptography.RSA rsa)
        {
            if (System.Threading.Interlocked.CompareExchange(ref _rsa, rsa, null) != null) rsa.Dispose();
        }

        /// <summary>Parses a key record (its TXT strings already joined).</summary>
        /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
        public static DkimKeyRecord Parse(string text)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            var r = new DkimKeyRecord(text);
            if (!DkimTagList.TryParse(text, out var tags, out string? error))
            {
                r._errors.Add("the record is not a valid tag list: " + error);
                return r;
            }
            r.Tags = tags;
            r.Version = tags["v"];
            if (r.Version != null)
            {
                if (r.Version != "DKIM1") r._errors.Add($"v={r.Version} is not DKIM1");
                else if (tags.Tags[0].Key != "v") r._errors.Add("v=DKIM1 must be the first tag (RFC 6376 §3.6.1)");
            }
            if (tags["k"] is string k) r.KeyType = DkimTagList.StripWhiteSpace(k).ToLowerInvariant();
            if (tags["h"] is string h) r.HashAlgorithms = SplitColon(h);
            if (tags["s"] is string s) r.ServiceTypes = SplitColon(s);
            if (tags["t"] is string t) r.Flags = SplitColon(t);
            r.Notes = tags["n"];
            if (tags["p"] is not string p)
            {
                r._errors.Add("the record has no p= tag (RFC 6376 §3.6.1: p= is required)");
                return r;
            }
            r.PublicKeyData = DkimTagList.StripWhiteSpace(p);
            if (r.PublicKeyData.Length == 0) return r;   // revoked: valid record, unusable key
            if (r.KeyType != "rsa" && r.KeyType != "ed25519")
            {
                r._errors.Add($"k={r.KeyType} is not a key type this verifier knows (rsa, ed25519)");
                return r;
            }
            byte[] data;
            try { data = Convert.FromBase64String(r.PublicKeyData); }
            catch (FormatException) { r._errors.Add("p= is not valid base64"); return r; }
            r.LoadKey(data);
            return r;
        }

        private void LoadKey(byte[] data)
        {
            if (KeyType == "ed25519")
            {
                // RFC 8463 §4.2: the raw 32-byte public key, not wrapped in ASN.1.
                if (data.Length != Ed25519PublicKeyParameters.KeySize)
                {
                    _errors.Add($"an Ed25519 key is {Ed25519PublicKeyParameters.KeySize} bytes; p= holds {data.Length}");
                    return;
                }
                // BouncyCastle refuses 32 bytes that are not a point on the curve.
                try { Ed25519Key = new Ed25519PublicKeyParameters(data, 0); }
                catch (ArgumentException) { _errors.Add("p= is not a valid Ed25519 public key (not a point on the curve)"); return; }
                KeyEncoding = "Raw";
                KeySize = 256;
                return;
            }
            // Modulus and exponent are read from the ASN.1 directly: building BouncyCastle's
            // RsaKeyParameters runs a primality test on the modulus (tens of milliseconds per key).
            RsaPublicKeyStructure? rsa = null;
            try
            {
                // RFC 6376 §3.6.1 says SubjectPublicKeyInfo; some publishers use a bare PKCS#1 RSAPublicKey.
                var asn = Asn1Object.FromByteArray(data);
                if (asn is Asn1Sequence seq && seq.Count == 2 && seq[0] is Asn1Sequence && seq[1] is DerBitString)
                {
                    var spki = SubjectPublicKeyInfo.GetInstance(seq);
                    if (spki.Algorithm.Algorithm.Equals(Org.BouncyCastle.Asn1.Pkcs.PkcsObjectIdentifiers.RsaEncryption))
                        rsa = RsaPublicKeyStructure.GetInstance(spki.ParsePublicKey());
                    KeyEncoding = "SubjectPublicKeyInfo";
                }
                else if (asn is Asn1Sequence pk && pk.Count == 2 && pk[0] is DerInteger)
                {
                    rsa = RsaPublicKeyStructure.GetInstance(pk);
                    KeyEncoding = "RSAPublicKey";
                }
            }
            catch (Exception e) when (e is ArgumentException || e is InvalidOperationException || e is System.IO.IOException || e is SecurityUtilityException || e is FormatException || e is InvalidCastException)
            {
                rsa = null;
            }
            if (rsa is null || rsa.Modulus.SignValue <= 0 || rsa.PublicExponent.SignValue <= 0 || !rsa.Modulus.TestBit(0))
            {
                _errors.Add("p= does not hold an RSA public key (SubjectPublicKeyInfo or RSAPublicKey)");
                return;
            }
            KeySize = rsa.Modulus.BitLength;
            if (KeySize > MaxRsaKeyBits)
            {
                _errors.Add($"the RSA key has {KeySize} bits; keys over {MaxRsaKeyBits} bits are refused");
                return;
            }
            if (rsa.PublicExponent.BitLength > MaxRsaExponentBits)
            {
                _errors.Add($"the RSA public exponent has {rsa.PublicExponent.BitLength} bits; exponents over {MaxRsaExponentBits} bits are refused");
                return;
            }
            RsaParameters = new System.Security.Cryptography.RSAParameters
            {
                Modulus = rsa.Modulus.ToByteArrayUnsigned(),
                Exponent = rsa.PublicExponent.ToByteArrayUnsigned(),
            };
        }

        private static IReadOnlyList<string> SplitColon(string value)
            => DkimTagList.StripWhiteSpace(value).Split(':').Where(x => x.Length > 0).ToArray();

        /// <inheritdoc />
        public override string ToString() => Text;
    }
}
