using System;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace MailAuth.Dkim
{
    /// <summary>Makes new DKIM signing keys.</summary>
    public static class DkimKeyGenerator
    {
        /// <summary>Makes a new key pair.</summary>
        /// <param name="algorithm">RSA or Ed25519.</param>
        /// <param name="rsaKeyBits">RSA modulus size: 2048 (the default), 3072 or 4096 are the usual; 2048 to 8192 in steps of 1024 are accepted. Ignored for Ed25519.</param>
        /// <returns>The key; save it with <see cref="DkimSigningKey.SavePkcs8"/>.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="rsaKeyBits"/> is not 2048 to 8192 in steps of 1024, or <paramref name="algorithm"/> is unknown.</exception>
        public static DkimSigningKey Generate(DkimSigningAlgorithm algorithm, int rsaKeyBits = 2048)
        {
            switch (algorithm)
            {
                case DkimSigningAlgorithm.Ed25519Sha256:
                    var ed = new Ed25519PrivateKeyParameters(new SecureRandom());
                    return new DkimSigningKey(ed, ed.GeneratePublicKey(), DkimSigningAlgorithm.Ed25519Sha256, 256, "generated", null);
                case DkimSigningAlgorithm.RsaSha256:
                    // RFC 8301 §3.2: signers should use at least 2048 bits; above 8192 verification gets slow for everyone.
                    if (rsaKeyBits < 2048 || rsaKeyBits > 8192 || rsaKeyBits % 1024 != 0)
                        throw new ArgumentOutOfRangeException(nameof(rsaKeyBits), rsaKeyBits, "RSA DKIM keys are 2048 to 8192 bits, in steps of 1024.");
                    return GenerateRsa(rsaKeyBits);
                default:
                    throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown signing algorithm.");
            }
        }

        // The platform's RSA (OpenSSL, CNG) generates large keys far faster than a managed implementation.
        private static DkimSigningKey GenerateRsa(int bits)
        {
            RSAParameters p;
#if NET5_0_OR_GREATER
            using (var rsa = RSA.Create(bits)) p = rsa.ExportParameters(true);
#else
            using (var rsa = RSA.Create())
            {
                rsa.KeySize = bits;
                p = rsa.ExportParameters(true);
            }
#endif
            try
            {
                var key = new RsaPrivateCrtKeyParameters(Big(p.Modulus), Big(p.Exponent), Big(p.D), Big(p.P), Big(p.Q), Big(p.DP), Big(p.DQ), Big(p.InverseQ));
                return DkimPrivateKeyReader.Rsa(key, "generated", null);
            }
            finally
            {
                foreach (var a in new[] { p.D, p.P, p.Q, p.DP, p.DQ, p.InverseQ }) if (a != null) Array.Clear(a, 0, a.Length);
            }
        }

        private static BcBigInteger Big(byte[]? value)
            => new BcBigInteger(1, value ?? throw new CryptographicException("The platform returned an incomplete RSA key."));
    }
}
