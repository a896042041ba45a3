using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using MailAuth.Dns;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace MailAuth.Tests.Dkim
{
    /// <summary>
    /// What <see cref="DkimHandSigner"/> puts into a DKIM-Signature. Every tag can be set, left out or
    /// replaced by garbage, so that tests can build each kind of bad signature on purpose.
    /// </summary>
    internal sealed class HandSignature
    {
        public AsymmetricKeyParameter Key { get; set; } = null!;
        /// <summary>a=; also chooses the hash (SHA-1 for rsa-sha1, otherwise SHA-256).</summary>
        public string Algorithm { get; set; } = "rsa-sha256";
        public string Domain { get; set; } = "example.com";
        public string Selector { get; set; } = "sel";
        public string HeaderCanonicalization { get; set; } = "relaxed";
        public string BodyCanonicalization { get; set; } = "relaxed";
        /// <summary>h=, in order; names that are absent from the message are allowed (RFC 6376 §5.4.2).</summary>
        public string[] SignedHeaders { get; set; } = { "From", "To", "Subject", "Date" };
        /// <summary>More tags, written after s= and before h= (t=, x=, i=, l=, q=...).</summary>
        public List<KeyValuePair<string, string>> ExtraTags { get; } = new List<KeyValuePair<string, string>>();
        /// <summary>Written instead of the computed bh= value.</summary>
        public string? BodyHashOverride { get; set; }
        /// <summary>Written instead of the computed b= value (the signature is then not computed).</summary>
        public string? SignatureOverride { get; set; }
        /// <summary>v= value.</summary>
        public string Version { get; set; } = "1";
        /// <summary>Fold the field: a CRLF and a tab before each tag after the first.</summary>
        public bool Fold { get; set; } = true;

        public HandSignature Tag(string name, string value)
        {
            ExtraTags.Add(new KeyValuePair<string, string>(name, value));
            return this;
        }
    }

    /// <summary>
    /// A small DKIM signer written for the tests from RFC 6376 §3.4 (canonicalization), §3.5 (tags),
    /// §3.7 (hash computation) and §5.4.2 (header selection), and RFC 8463 §3 (Ed25519 signs the
    /// SHA-256 of the data). It shares no code with the product, so a test that signs here and
    /// verifies with <c>DkimVerifier</c> compares two independent computations. It is checked
    /// against the RFC 8463 Appendix A and RFC 6376 Appendix A signatures (deterministic for both
    /// RSA PKCS#1 v1.5 and Ed25519) in <see cref="DkimVectorTests"/>.
    /// Messages are handled as Latin-1 text so that every byte (NUL, 8-bit) survives.
    /// </summary>
    internal static class DkimHandSigner
    {
        /// <summary>Signs <paramref name="message"/> (CRLF line endings) and returns it with the DKIM-Signature field on top.</summary>
        public static byte[] Sign(byte[] message, HandSignature s) => Latin1(SignText(Text(message), s));

        public static string SignText(string message, HandSignature s)
        {
            string field = SignatureField(message, s);
            return field + message;
        }

        /// <summary>The complete DKIM-Signature field (with its CRLF) for <paramref name="message"/>.</summary>
        public static string SignatureField(string message, HandSignature s)
        {
            Split(message, out var fields, out string body);
            bool sha1 = s.Algorithm == "rsa-sha1";
            long? l = s.ExtraTags.Where(t => t.Key == "l").Select(t => (long?)long.Parse(t.Value)).FirstOrDefault();
            string canonBody = s.BodyCanonicalization == "relaxed" ? RelaxedBody(body) : SimpleBody(body);
            if (l is long limit && limit < canonBody.Length) canonBody = canonBody.Substring(0, (int)limit);
            string bh = s.BodyHashOverride ?? Convert.ToBase64String(Hash(sha1, Latin1(canonBody)));

            var tags = new List<string> { "v=" + s.Version, "a=" + s.Algorithm, "c=" + s.HeaderCanonicalization + "/" + s.BodyCanonicalization, "d=" + s.Domain, "s=" + s.Selector };
            tags.AddRange(s.ExtraTags.Select(t => t.Key + "=" + t.Value));
            tags.Add("h=" + string.Join(":", s.SignedHeaders));
            tags.Add("bh=" + bh);
            string unsigned = "DKIM-Signature: " + string.Join(s.Fold ? ";\r\n\t" : "; ", tags) + (s.Fold ? ";\r\n\tb=" : "; b=");
            if (s.SignatureOverride != null) return unsigned + s.SignatureOverride + "\r\n";

            bool relaxed = s.HeaderCanonicalization == "relaxed";
            var data = new StringBuilder();
            foreach (string f in Select(fields, s.SignedHeaders)) data.Append(relaxed ? RelaxedHeader(f) : f);
            // RFC 6376 §3.7: the signature field itself, b= empty, canonicalized, without its final CRLF.
            string self = relaxed ? RelaxedHeader(unsigned + "\r\n") : unsigned + "\r\n";
            data.Append(self, 0, self.Length - 2);
            byte[] signature = SignData(s.Key, sha1, Latin1(data.ToString()));
            return unsigned + Convert.ToBase64String(signature) + "\r\n";
        }

        /// <summary>Signs the hash-input bytes: RSA PKCS#1 v1.5, or Ed25519 over SHA-256 of them (RFC 8463 §3).</summary>
        public static byte[] SignData(AsymmetricKeyParameter key, bool sha1, byte[] data)
        {
            if (key is Ed25519PrivateKeyParameters ed)
            {
                var signer = new Ed25519Signer();
                signer.Init(true, ed);
                byte[] digest = SHA256.HashData(data);
                signer.BlockUpdate(digest, 0, digest.Length);
                return signer.GenerateSignature();
            }
            var rsa = SignerUtilities.GetSigner(sha1 ? "SHA1withRSA" : "SHA256withRSA");
            rsa.Init(true, key);
            rsa.BlockUpdate(data, 0, data.Length);
            return rsa.GenerateSignature();
        }

        private static byte[] Hash(bool sha1, byte[] data) => sha1 ? SHA1.HashData(data) : SHA256.HashData(data);

        /// <summary>Header fields (each with its CRLF) and the body; no empty line means no body.</summary>
        public static void Split(string message, out List<string> fields, out string body)
        {
            fields = new List<string>();
            int pos = 0;
            while (pos < message.Length)
            {
                if (string.CompareOrdinal(message, pos, "\r\n", 0, 2) == 0) { body = message.Substring(pos + 2); return; }
                int start = pos;
                while (true)
                {
                    int crlf = message.IndexOf("\r\n", pos, StringComparison.Ordinal);
                    if (crlf < 0) { pos = message.Length; break; }
                    pos = crlf + 2;
                    if (pos >= message.Length || (message[pos] != ' ' && message[pos] != '\t')) break;
                }
                fields.Add(message.Substring(start, pos - start));
            }
            body = string.Empty;
        }

        /// <summary>RFC 6376 §5.4.2: for each name, the last unused instance counting from the bottom.</summary>
        public static IEnumerable<string> Select(List<string> fields, IEnumerable<string> names)
        {
            var used = new bool[fields.Count];
            foreach (string name in names)
            {
                for (int i = fields.Count - 1; i >= 0; i--)
                {
                    if (used[i] || !FieldName(fields[i]).Equals(name, StringComparison.OrdinalIgnoreCase)) continue;
                    used[i] = true;
                    yield return fields[i];
                    break;
                }
            }
        }

        /// <summary>The field name; RFC 5322 §4.5.3 allows white space before the colon, which is not part of the name.</summary>
        public static string FieldName(string field)
        {
            int colon = field.IndexOf(':');
            return colon < 0 ? string.Empty : field.Substring(0, colon).TrimEnd(' ', '\t');
        }

        /// <summary>RFC 6376 §3.4.2, step by step as the RFC lists them.</summary>
        public static string RelaxedHeader(string field)
        {
            int colon = field.IndexOf(':');
            // 1. Convert all header field names (not the header field values) to lowercase.
            string name = field.Substring(0, colon).ToLowerInvariant();
            string value = field.Substring(colon + 1);
            // 2. Unfold all header field continuation lines (remove CRLF that is followed by WSP).
            if (value.EndsWith("\r\n", StringComparison.Ordinal)) value = value.Substring(0, value.Length - 2);
            value = value.Replace("\r\n", string.Empty);
            // 3. Convert all sequences of one or more WSP characters to a single SP character.
            var sb = new StringBuilder();
            for (int i = 0; i < value.Length; i++)
            {
                if (value[i] == ' ' || value[i] == '\t')
                {
                    while (i + 1 < value.Length && (value[i + 1] == ' ' || value[i + 1] == '\t')) i++;
                    sb.Append(' ');
                }
                else sb.Append(value[i]);
            }
            // 4. Delete all WSP characters at the end of each unfolded header field value.
            // 5. Delete any WSP characters remaining before and after the colon.
            name = name.TrimEnd(' ', '\t');
            return name + ":" + sb.ToString().Trim(' ') + "\r\n";
        }

        /// <summary>RFC 6376 §3.4.3: ignore empty lines at the end; an empty or missing body becomes one CRLF.</summary>
        public static string SimpleBody(string body)
        {
            while (body.EndsWith("\r\n", StringComparison.Ordinal)) body = body.Substring(0, body.Length - 2);
            return body + "\r\n";
        }

        /// <summary>RFC 6376 §3.4.4: trailing WSP goes, WSP runs become one SP, empty lines at the end go; a non-empty body ends in CRLF.</summary>
        public static string RelaxedBody(string body)
        {
            var lines = body.Split("\r\n").ToList();
            if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);   // the split after the final CRLF
            var sb = new StringBuilder();
            var outLines = new List<string>();
            foreach (string line in lines)
            {
                sb.Clear();
                for (int i = 0; i < line.Length; i++)
                {
                    if (line[i] == ' ' || line[i] == '\t')
                    {
                        while (i + 1 < line.Length && (line[i + 1] == ' ' || line[i + 1] == '\t')) i++;
                        if (i + 1 < line.Length) sb.Append(' ');   // WSP at the end of the line is ignored
                    }
                    else sb.Append(line[i]);
                }
                outLines.Add(sb.ToString());
            }
            while (outLines.Count > 0 && outLines[^1].Length == 0) outLines.RemoveAt(outLines.Count - 1);
            return outLines.Count == 0 ? string.Empty : string.Join("\r\n", outLines) + "\r\n";
        }

        public static string Text(byte[] bytes)
        {
            var chars = new char[bytes.Length];
            for (int i = 0; i < bytes.Length; i++) chars[i] = (char)bytes[i];
            return new string(chars);
        }

        public static byte[] Latin1(string text)
        {
            var bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] > 0xff) throw new ArgumentException("Only Latin-1 text can be turned back into message bytes.");
                bytes[i] = (byte)text[i];
            }
            return bytes;
        }

        /// <summary>LF to CRLF (lines already ending in CRLF are kept).</summary>
        public static string Crlf(string text) => text.Replace("\r\n", "\n").Replace("\n", "\r\n");
    }

    /// <summary>Key pairs for the tests, made once per run (BouncyCastle), and key records built from them.</summary>
    internal static class DkimHandKeys
    {
        private static readonly SecureRandom Random = new SecureRandom();
        private static readonly Dictionary<int, Lazy<AsymmetricCipherKeyPair>> RsaPairs = new[] { 512, 1024, 2048 }
            .ToDictionary(b => b, b => new Lazy<AsymmetricCipherKeyPair>(() => GenerateRsa(b)));
        private static readonly Lazy<AsymmetricCipherKeyPair> EdPair = new Lazy<AsymmetricCipherKeyPair>(() =>
        {
            var g = new Ed25519KeyPairGenerator();
            g.Init(new Ed25519KeyGenerationParameters(Random));
            return g.GenerateKeyPair();
        });

        public static AsymmetricCipherKeyPair Rsa(int bits) => RsaPairs[bits].Value;
        public static AsymmetricCipherKeyPair Ed25519 => EdPair.Value;

        private static AsymmetricCipherKeyPair GenerateRsa(int bits)
        {
            var g = new RsaKeyPairGenerator();
            g.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(65537), Random, bits, 80));
            return g.GenerateKeyPair();
        }

        /// <summary>The key record for a public key: <c>v=DKIM1; k=...; p=...</c>, RSA as SubjectPublicKeyInfo (RFC 6376 §3.6.1) or bare PKCS#1.</summary>
        public static string Record(AsymmetricKeyParameter publicKey, bool pkcs1 = false)
        {
            if (publicKey is Ed25519PublicKeyParameters ed) return "v=DKIM1; k=ed25519; p=" + Convert.ToBase64String(ed.GetEncoded());
            var rsa = (RsaKeyParameters)publicKey;
            byte[] der = pkcs1
                ? new Org.BouncyCastle.Asn1.X509.RsaPublicKeyStructure(rsa.Modulus, rsa.Exponent).GetDerEncoded()
                : SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(rsa).GetDerEncoded();
            return "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(der);
        }

        /// <summary>An RSA public key record for any modulus and exponent, as SubjectPublicKeyInfo; no private key exists for it.</summary>
        public static string RsaRecord(BigInteger modulus, BigInteger exponent)
        {
            var spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(Org.BouncyCastle.Asn1.Pkcs.PkcsObjectIdentifiers.RsaEncryption, Org.BouncyCastle.Asn1.DerNull.Instance),
                new Org.BouncyCastle.Asn1.X509.RsaPublicKeyStructure(modulus, exponent));
            return "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(spki.GetDerEncoded());
        }

        /// <summary>A private key from PEM: PKCS#1 (<c>RSA PRIVATE KEY</c>) or PKCS#8 (<c>PRIVATE KEY</c>).</summary>
        public static AsymmetricKeyParameter ReadPrivatePem(string pem)
        {
            object o = new PemReader(new StringReader(pem)).ReadObject();
            return o switch
            {
                AsymmetricCipherKeyPair pair => pair.Private,
                AsymmetricKeyParameter key when key.IsPrivate => key,
                _ => throw new InvalidDataException("not a private key: " + o?.GetType().Name),
            };
        }

        /// <summary>An Ed25519 private key from its 32-byte seed in base64 (dkimpy and RFC 8463 A.1 format).</summary>
        public static Ed25519PrivateKeyParameters ReadEd25519Seed(string base64) => new Ed25519PrivateKeyParameters(Convert.FromBase64String(base64.Trim()), 0);
    }

    /// <summary>Reading the copied vectors in <c>TestData/dkim/vectors</c> (see its SOURCES.md).</summary>
    internal static class DkimVectorFiles
    {
        public static string PathOf(params string[] parts) => Path.Combine(new[] { AppContext.BaseDirectory, "TestData", "dkim", "vectors" }.Concat(parts).ToArray());

        public static byte[] Bytes(params string[] parts) => File.ReadAllBytes(PathOf(parts));

        /// <summary>A one-line record file (dkimpy *.txt, *.dns), without its line ending.</summary>
        public static string Record(params string[] parts) => File.ReadAllText(PathOf(parts)).TrimEnd('\r', '\n');

        /// <summary>
        /// A mail-auth vector: "name value" TXT lines, an empty line, then the message with LF line
        /// endings, which is returned with CRLF (as mail-auth's own test does before verifying).
        /// </summary>
        public static (InMemoryDnsResolver Dns, byte[] Message) MailAuth(string file)
        {
            string text = File.ReadAllText(PathOf("mail-auth", file), Encoding.Latin1);
            int split = text.IndexOf("\n\n", StringComparison.Ordinal);
            var dns = new InMemoryDnsResolver();
            foreach (string line in text.Substring(0, split).Split('\n'))
            {
                int space = line.IndexOf(' ');
                dns.AddTxt(line.Substring(0, space), line.Substring(space + 1));
            }
            return (dns, DkimHandSigner.Latin1(DkimHandSigner.Crlf(text.Substring(split + 2))));
        }

        /// <summary>A "name value" record file (the RFC extracts): one TXT record per line.</summary>
        public static InMemoryDnsResolver Records(params string[] parts)
        {
            var dns = new InMemoryDnsResolver();
            foreach (string line in File.ReadAllLines(PathOf(parts)).Where(l => l.Length > 0))
            {
                int space = line.IndexOf(' ');
                dns.AddTxt(line.Substring(0, space), line.Substring(space + 1));
            }
            return dns;
        }
    }
}
