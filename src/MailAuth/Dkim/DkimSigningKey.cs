using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Asn1.EdEC;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace MailAuth.Dkim
{
    /// <summary>
    /// A private key for DKIM signing: RSA (rsa-sha256) or Ed25519 (ed25519-sha256). The private
    /// half is never exposed by a property or by <see cref="ToString"/>; it leaves the object only
    /// through <see cref="SavePkcs8"/>, to a file the caller names.
    /// </summary>
    public sealed class DkimSigningKey
    {
        private readonly AsymmetricKeyParameter _privateKey;
        private readonly AsymmetricKeyParameter _publicKey;
        private readonly object _rsaLock = new object();
        private RSA? _platformRsa;
        private bool _platformRsaFailed;

        internal DkimSigningKey(AsymmetricKeyParameter privateKey, AsymmetricKeyParameter publicKey, DkimSigningAlgorithm algorithm, int keySize, string format, string? source)
        {
            _privateKey = privateKey;
            _publicKey = publicKey;
            Algorithm = algorithm;
            KeySize = keySize;
            Format = format;
            Source = source;
        }

        /// <summary>The algorithm this key signs with.</summary>
        public DkimSigningAlgorithm Algorithm { get; }
        /// <summary>The a= value: <c>rsa-sha256</c> or <c>ed25519-sha256</c>.</summary>
        public string AlgorithmName => Algorithm == DkimSigningAlgorithm.Ed25519Sha256 ? "ed25519-sha256" : "rsa-sha256";
        /// <summary>The k= value of the key record: <c>rsa</c> or <c>ed25519</c>.</summary>
        public string KeyType => Algorithm == DkimSigningAlgorithm.Ed25519Sha256 ? "ed25519" : "rsa";
        /// <summary>Key size in bits (RSA modulus length; 256 for Ed25519).</summary>
        public int KeySize { get; }
        /// <summary>How the key was stored: <c>PKCS#1</c>, <c>PKCS#8</c>, <c>Ed25519 seed</c> or <c>generated</c>.</summary>
        public string Format { get; }
        /// <summary>The file the key was read from, when it was read from one.</summary>
        public string? Source { get; }

        /// <summary>The p= value of the key record: the base64 SubjectPublicKeyInfo (RSA, RFC 6376 §3.6.1) or the raw 32-byte public key (Ed25519, RFC 8463 §4.2).</summary>
        public string PublicKeyData
            => _publicKey is Ed25519PublicKeyParameters ed
                ? Convert.ToBase64String(ed.GetEncoded())
                : Convert.ToBase64String(SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(_publicKey).GetDerEncoded());

        /// <summary>The TXT value to publish at <c>selector._domainkey.domain</c>: <c>v=DKIM1; k=rsa; p=...</c>.</summary>
        public string KeyRecord => $"v=DKIM1; k={KeyType}; p={PublicKeyData}";

        /// <summary>Reads a private key from a file the user named.</summary>
        /// <param name="path">A PEM file (PKCS#1 <c>BEGIN RSA PRIVATE KEY</c>, or PKCS#8 <c>BEGIN PRIVATE KEY</c> with an RSA or Ed25519 key), or a dkimpy Ed25519 key file (the base64 of the 32-byte seed).</param>
        /// <returns>The key.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        /// <exception cref="DkimPrivateKeyException">The file is not a usable private key (encrypted, another algorithm, malformed); the message says why, without key material.</exception>
        /// <exception cref="IOException">The file cannot be read.</exception>
        /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
        public static DkimSigningKey Load(string path) => DkimPrivateKeyReader.Load(path);

        /// <summary>Reads a private key from text in one of the formats <see cref="Load"/> accepts.</summary>
        /// <param name="text">The key text.</param>
        /// <returns>The key.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
        /// <exception cref="DkimPrivateKeyException">The text is not a usable private key.</exception>
        public static DkimSigningKey Parse(string text)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            byte[] bytes = Encoding.ASCII.GetBytes(text);
            try { return DkimPrivateKeyReader.Parse(bytes, null); }
            finally { Array.Clear(bytes, 0, bytes.Length); }
        }

        /// <summary>Makes an Ed25519 key from its 32-byte seed (the RFC 8032 secret key).</summary>
        /// <param name="seed">The seed; it is copied, so the caller may clear it.</param>
        /// <returns>The key.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="seed"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="seed"/> is not 32 bytes.</exception>
        public static DkimSigningKey FromEd25519Seed(byte[] seed)
        {
            if (seed is null) throw new ArgumentNullException(nameof(seed));
            if (seed.Length != Ed25519PrivateKeyParameters.KeySize) throw new ArgumentException($"An Ed25519 seed is {Ed25519PrivateKeyParameters.KeySize} bytes, not {seed.Length}.", nameof(seed));
            return DkimPrivateKeyReader.FromSeed(seed, "Ed25519 seed", null);
        }

        /// <summary>
        /// Writes the private key to a file as PEM PKCS#8 (<c>BEGIN PRIVATE KEY</c>). On Linux and
        /// macOS the file is created with mode 0600 (owner read/write only) before any key byte is
        /// written; on Windows it gets the folder's inherited permissions.
        /// </summary>
        /// <param name="path">The file to write.</param>
        /// <param name="overwrite">Replace an existing file (it is deleted and created anew, so it never keeps broader permissions).</param>
        /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
        /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false, or it cannot be written.</exception>
        /// <exception cref="UnauthorizedAccessException">The file may not be written.</exception>
        public void SavePkcs8(string path, bool overwrite = false)
        {
            if (path is null) throw new ArgumentNullException(nameof(path));
            byte[] der = ToPkcs8Der();
            byte[] pem = Encoding.ASCII.GetBytes(Pem("PRIVATE KEY", der));
            try
            {
                DkimPrivateKeyWriter.WriteOwnerOnly(path, pem, overwrite);
            }
            finally
            {
                Array.Clear(der, 0, der.Length);
                Array.Clear(pem, 0, pem.Length);
            }
        }

        /// <summary>Signs data as the key's algorithm requires: RSASSA-PKCS1-v1_5 with SHA-256, or Ed25519 over the SHA-256 hash (RFC 8463 §3).</summary>
        internal byte[] Sign(byte[] data)
        {
            if (_privateKey is Ed25519PrivateKeyParameters ed)
            {
                byte[] digest = DkimVerifier.Sha256(data);
                var signer = new Ed25519Signer();
                signer.Init(true, ed);
                signer.BlockUpdate(digest, 0, digest.Length);
                return signer.GenerateSignature();
            }
            // The platform's RSA (OpenSSL, CNG) signs in about a millisecond; BouncyCastle re-validates
            // the modulus (Miller-Rabin) on every signature, some 100 ms for 2048 bits. Both give the
            // same bytes: PKCS#1 v1.5 is deterministic. One instance per key, used under a lock
            // because RSA instances are not documented as thread-safe.
            lock (_rsaLock)
            {
                if (!_platformRsaFailed)
                {
                    try
                    {
                        _platformRsa ??= PlatformRsa((RsaPrivateCrtKeyParameters)_privateKey);
                        return _platformRsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                    }
                    catch (CryptographicException)
                    {
                        // Unbalanced primes, or a provider without SHA-256 (old Windows CSPs): use BouncyCastle.
                        _platformRsaFailed = true;
                        _platformRsa?.Dispose();
                        _platformRsa = null;
                    }
                }
            }
            return SignRsaManaged(data);
        }

        /// <summary>RSASSA-PKCS1-v1_5 with SHA-256 in BouncyCastle: the fallback, and the tests' reference for the platform path.</summary>
        internal byte[] SignRsaManaged(byte[] data)
        {
            var rsa = SignerUtilities.GetSigner("SHA256withRSA");
            rsa.Init(true, _privateKey);
            rsa.BlockUpdate(data, 0, data.Length);
            return rsa.GenerateSignature();
        }

        private static RSA PlatformRsa(RsaPrivateCrtKeyParameters key)
        {
            byte[] modulus = key.Modulus.ToByteArrayUnsigned();
            int n = modulus.Length;
            int half = (n + 1) / 2;
            var p = new RSAParameters
            {
                Modulus = modulus,
                Exponent = key.PublicExponent.ToByteArrayUnsigned(),
                D = Fixed(key.Exponent, n),
                P = Fixed(key.P, half),
                Q = Fixed(key.Q, half),
                DP = Fixed(key.DP, half),
                DQ = Fixed(key.DQ, half),
                InverseQ = Fixed(key.QInv, half),
            };
            var rsa = RSA.Create();
            try
            {
                rsa.ImportParameters(p);
                return rsa;
            }
            catch
            {
                rsa.Dispose();
                throw;
            }
            finally
            {
                foreach (var a in new[] { p.D, p.P, p.Q, p.DP, p.DQ, p.InverseQ }) Array.Clear(a, 0, a.Length);
            }
        }

        // Big-endian, left-padded to the length the platform expects for the component.
        private static byte[] Fixed(Org.BouncyCastle.Math.BigInteger value, int length)
        {
            byte[] b = value.ToByteArrayUnsigned();
            if (b.Length == length) return b;
            if (b.Length > length)
            {
                Array.Clear(b, 0, b.Length);
                throw new CryptographicException("An RSA key component is longer than the platform accepts.");
            }
            var r = new byte[length];
            Buffer.BlockCopy(b, 0, r, length - b.Length, b.Length);
            Array.Clear(b, 0, b.Length);
            return r;
        }

        private byte[] ToPkcs8Der()
        {
            if (_privateKey is Ed25519PrivateKeyParameters ed)
            {
                // The RFC 8410 form OpenSSL writes: version 0, the seed in an OCTET STRING, no public key.
                byte[] seed = ed.GetEncoded();
                try
                {
                    return new PrivateKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519), new Org.BouncyCastle.Asn1.DerOctetString(seed)).GetDerEncoded();
                }
                finally
                {
                    Array.Clear(seed, 0, seed.Length);
                }
            }
            return PrivateKeyInfoFactory.CreatePrivateKeyInfo(_privateKey).GetDerEncoded();
        }

        private static string Pem(string label, byte[] der)
        {
            string b64 = Convert.ToBase64String(der);
            var sb = new StringBuilder(b64.Length + 100);
            sb.Append("-----BEGIN ").Append(label).Append("-----\n");
            for (int i = 0; i < b64.Length; i += 64) sb.Append(b64, i, Math.Min(64, b64.Length - i)).Append('\n');
            sb.Append("-----END ").Append(label).Append("-----\n");
            return sb.ToString();
        }

        /// <summary>Describes the key without revealing it, such as <c>rsa 2048-bit key (PKCS#8) from /keys/dkim.pem</c>.</summary>
        public override string ToString() => $"{KeyType} {KeySize}-bit key ({Format})" + (Source is null ? string.Empty : " from " + Source);
    }
}
