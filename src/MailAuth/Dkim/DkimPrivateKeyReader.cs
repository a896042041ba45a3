using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.EdEC;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace MailAuth.Dkim
{
    /// <summary>
    /// Reads DKIM private keys: PEM PKCS#1 (<c>RSA PRIVATE KEY</c>), PEM PKCS#8 (<c>PRIVATE KEY</c>,
    /// RSA or Ed25519), and dkimpy's Ed25519 format (base64 of the 32-byte seed). Every error
    /// message names the file and the problem and never quotes the file's content.
    /// </summary>
    internal static class DkimPrivateKeyReader
    {
        /// <summary>Key files are small; a large file is not a key, and is not read whole.</summary>
        internal const int MaxFileSize = 1024 * 1024;

        internal static DkimSigningKey Load(string path)
        {
            if (path is null) throw new ArgumentNullException(nameof(path));
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                if (Directory.Exists(path)) throw new DkimPrivateKeyException($"'{path}' is a folder, not a private key file.", path);
                throw new FileNotFoundException($"The private key file '{path}' does not exist.", path);
            }
            if (info.Length > MaxFileSize) throw Fail(path, $"is {info.Length:N0} bytes; a private key file is a few kilobytes at most");
            byte[] bytes = File.ReadAllBytes(path);
            try
            {
                return Parse(bytes, path);
            }
            finally
            {
                Array.Clear(bytes, 0, bytes.Length);
            }
        }

        internal static DkimSigningKey Parse(byte[] content, string? source)
        {
            // Key files are ASCII; anything else is rejected below without being echoed.
            string text = Encoding.ASCII.GetString(content);
            var blocks = PemBlocks(text, source);
            if (blocks.Count == 0) return ParseSeed(text, source);

            var privateBlocks = blocks.FindAll(b => b.Label.EndsWith("PRIVATE KEY", StringComparison.Ordinal));
            if (privateBlocks.Count == 0)
            {
                string labels = string.Join(", ", blocks.ConvertAll(b => b.Label));
                throw Fail(source, $"holds no private key (it holds: {labels}); give the file with the private key (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY)");
            }
            if (privateBlocks.Count > 1) throw Fail(source, $"holds {privateBlocks.Count} private keys; give a file with one");
            var block = privateBlocks[0];
            switch (block.Label)
            {
                case "RSA PRIVATE KEY":
                    if (block.Encrypted) throw Encrypted(source);
                    return ParsePkcs1(block, source);
                case "PRIVATE KEY":
                    return ParsePkcs8(block, source);
                case "ENCRYPTED PRIVATE KEY":
                    throw Encrypted(source);
                case "OPENSSH PRIVATE KEY":
                    throw Fail(source, "is an OpenSSH private key; DKIM keys are read as PEM PKCS#8 (BEGIN PRIVATE KEY) or PKCS#1 (BEGIN RSA PRIVATE KEY)");
                case "EC PRIVATE KEY":
                    throw Fail(source, "holds an EC (ECDSA) key; DKIM signs with RSA (rsa-sha256) or Ed25519 (ed25519-sha256)");
                default:
                    throw Fail(source, $"holds a '{block.Label}' block; DKIM keys are read as PEM PKCS#8 (BEGIN PRIVATE KEY) or PKCS#1 (BEGIN RSA PRIVATE KEY)");
            }
        }

        private static DkimSigningKey ParsePkcs1(PemBlock block, string? source)
        {
            byte[] der = Decode(block, source);
            try
            {
                RsaPrivateCrtKeyParameters rsa;
                try
                {
                    var s = RsaPrivateKeyStructure.GetInstance(Asn1Sequence.GetInstance(Asn1Object.FromByteArray(der)));
                    // The constructor validates the modulus (ArgumentException for one with a small factor).
                    rsa = new RsaPrivateCrtKeyParameters(s.Modulus, s.PublicExponent, s.PrivateExponent, s.Prime1, s.Prime2, s.Exponent1, s.Exponent2, s.Coefficient);
                }
                catch (Exception e) when (IsParseError(e))
                {
                    throw Fail(source, "has a BEGIN RSA PRIVATE KEY block that is not a PKCS#1 RSA private key");
                }
                return Rsa(rsa, "PKCS#1", source);
            }
            finally
            {
                Array.Clear(der, 0, der.Length);
            }
        }

        private static DkimSigningKey ParsePkcs8(PemBlock block, string? source)
        {
            byte[] der = Decode(block, source);
            try
            {
                PrivateKeyInfo info;
                try
                {
                    info = PrivateKeyInfo.GetInstance(Asn1Object.FromByteArray(der));
                }
                catch (Exception e) when (IsParseError(e))
                {
                    throw Fail(source, "has a BEGIN PRIVATE KEY block that is not a PKCS#8 private key");
                }
                var oid = info.PrivateKeyAlgorithm.Algorithm;
                if (!oid.Equals(PkcsObjectIdentifiers.RsaEncryption) && !oid.Equals(EdECObjectIdentifiers.id_Ed25519))
                    throw Fail(source, $"holds a key of algorithm {AlgorithmName(oid)}; DKIM signs with RSA (rsa-sha256) or Ed25519 (ed25519-sha256)");
                AsymmetricKeyParameter key;
                try
                {
                    key = PrivateKeyFactory.CreateKey(info);
                }
                catch (Exception e) when (IsParseError(e))
                {
                    throw Fail(source, $"holds a malformed {AlgorithmName(oid)} private key");
                }
                return key switch
                {
                    RsaPrivateCrtKeyParameters rsa => Rsa(rsa, "PKCS#8", source),
                    Ed25519PrivateKeyParameters ed => new DkimSigningKey(ed, ed.GeneratePublicKey(), DkimSigningAlgorithm.Ed25519Sha256, 256, "PKCS#8", source),
                    _ => throw Fail(source, "holds an RSA key without its CRT parameters, which this signer does not use"),
                };
            }
            finally
            {
                Array.Clear(der, 0, der.Length);
            }
        }

        // dkimpy stores an Ed25519 key as the base64 of its 32-byte seed, on one line.
        private static DkimSigningKey ParseSeed(string text, string? source)
        {
            string trimmed = text.Trim();
            if (trimmed.Length == 0) throw Fail(source, "is empty");
            if (trimmed.IndexOf("-----BEGIN", StringComparison.Ordinal) >= 0) throw Fail(source, "has a PEM BEGIN line without a matching END line");
            byte[]? seed = null;
            try
            {
                if (trimmed.Length <= 64) seed = Convert.FromBase64String(trimmed);
            }
            catch (FormatException)
            {
                seed = null;
            }
            if (seed is null || seed.Length != Ed25519PrivateKeyParameters.KeySize)
            {
                if (seed != null) Array.Clear(seed, 0, seed.Length);
                throw Fail(source, "is not a private key file: expected PEM (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY) or an Ed25519 seed (the base64 of 32 bytes, as dkimpy writes)");
            }
            try
            {
                return FromSeed(seed, "Ed25519 seed", source);
            }
            finally
            {
                Array.Clear(seed, 0, seed.Length);
            }
        }

        internal static DkimSigningKey FromSeed(byte[] seed, string format, string? source)
        {
            var ed = new Ed25519PrivateKeyParameters(seed, 0);
            return new DkimSigningKey(ed, ed.GeneratePublicKey(), DkimSigningAlgorithm.Ed25519Sha256, 256, format, source);
        }

        internal static DkimSigningKey Rsa(RsaPrivateCrtKeyParameters rsa, string format, string? source)
        {
            int bits = rsa.Modulus.BitLength;
            if (bits > DkimKeyRecord.MaxRsaKeyBits) throw Fail(source, $"holds an RSA key of {bits} bits; verifiers refuse keys over {DkimKeyRecord.MaxRsaKeyBits} bits");
            return new DkimSigningKey(rsa, new RsaKeyParameters(false, rsa.Modulus, rsa.PublicExponent), DkimSigningAlgorithm.RsaSha256, bits, format, source);
        }

        private static byte[] Decode(PemBlock block, string? source)
        {
            try
            {
                return Convert.FromBase64String(block.Base64);
            }
            catch (FormatException)
            {
                throw Fail(source, $"has a BEGIN {block.Label} block whose content is not valid base64");
            }
        }

        private static List<PemBlock> PemBlocks(string text, string? source)
        {
            var blocks = new List<PemBlock>();
            int pos = 0;
            while (true)
            {
                int begin = text.IndexOf("-----BEGIN ", pos, StringComparison.Ordinal);
                if (begin < 0) break;
                int labelStart = begin + "-----BEGIN ".Length;
                int labelEnd = text.IndexOf("-----", labelStart, StringComparison.Ordinal);
                if (labelEnd < 0) throw Fail(source, "has a malformed PEM BEGIN line");
                string label = text.Substring(labelStart, labelEnd - labelStart).Trim();
                if (label.Length > 40) throw Fail(source, "has a malformed PEM BEGIN line");
                string endLine = "-----END " + label + "-----";
                int end = text.IndexOf(endLine, labelEnd, StringComparison.Ordinal);
                if (end < 0) throw Fail(source, $"has a BEGIN {label} line without its END line");
                string body = text.Substring(labelEnd + 5, end - labelEnd - 5);
                var b64 = new StringBuilder(body.Length);
                bool encrypted = false;
                foreach (string rawLine in body.Split('\n'))
                {
                    string line = rawLine.Trim();
                    // RFC 1421 headers (Proc-Type, DEK-Info) mark a legacy encrypted PKCS#1 key.
                    if (line.IndexOf(':') >= 0)
                    {
                        if (line.StartsWith("Proc-Type:", StringComparison.OrdinalIgnoreCase) && line.IndexOf("ENCRYPTED", StringComparison.OrdinalIgnoreCase) >= 0) encrypted = true;
                        continue;
                    }
                    b64.Append(line);
                }
                blocks.Add(new PemBlock(label, b64.ToString(), encrypted));
                pos = end + endLine.Length;
            }
            return blocks;
        }

        private static string AlgorithmName(DerObjectIdentifier oid)
        {
            if (oid.Equals(EdECObjectIdentifiers.id_Ed448)) return "Ed448";
            if (oid.Equals(EdECObjectIdentifiers.id_X25519)) return "X25519";
            if (oid.Equals(EdECObjectIdentifiers.id_X448)) return "X448";
            if (oid.Id == "1.2.840.10045.2.1") return "EC (ECDSA)";
            if (oid.Id == "1.2.840.10040.4.1") return "DSA";
            if (oid.Equals(PkcsObjectIdentifiers.RsaEncryption)) return "RSA";
            if (oid.Equals(EdECObjectIdentifiers.id_Ed25519)) return "Ed25519";
            return "OID " + oid.Id;
        }

        private static bool IsParseError(Exception e)
            => e is ArgumentException || e is InvalidCastException || e is IOException || e is InvalidOperationException
            || e is FormatException || e is SecurityUtilityException || e is CryptoException || e is IndexOutOfRangeException;

        private static DkimPrivateKeyException Encrypted(string? source)
            => Fail(source, "holds an encrypted (password-protected) private key; give an unencrypted copy, for example: openssl pkey -in <file> -out <new file>");

        private static DkimPrivateKeyException Fail(string? source, string problem)
            => new DkimPrivateKeyException((source is null ? "The private key " : $"The private key file '{source}' ") + problem + ".", source);

        private sealed class PemBlock
        {
            public PemBlock(string label, string base64, bool encrypted)
            {
                Label = label;
                Base64 = base64;
                Encrypted = encrypted;
            }

            public string Label { get; }
            public string Base64 { get; }
            public bool Encrypted { get; }
        }
    }
}
