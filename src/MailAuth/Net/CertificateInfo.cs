using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MailAuth.Net
{
    /// <summary>A certificate a server presented (or a document contained), and what the platform's validation said about it.</summary>
    public sealed class CertificateInfo
    {
        internal CertificateInfo(X509Certificate2 certificate, bool? isValid, IEnumerable<string>? validationErrors, IEnumerable<X509Certificate2>? chain)
        {
            Certificate = certificate ?? throw new ArgumentNullException(nameof(certificate));
            IsValid = isValid;
            ValidationErrors = validationErrors?.ToArray() ?? Array.Empty<string>();
            Chain = chain?.ToArray() ?? new[] { certificate };
            DnsNames = CertificateNames.DnsNames(certificate);
        }

        /// <summary>The certificate itself.</summary>
        public X509Certificate2 Certificate { get; }
        /// <summary>Subject distinguished name.</summary>
        public string Subject => Certificate.Subject;
        /// <summary>Issuer distinguished name.</summary>
        public string Issuer => Certificate.Issuer;
        /// <summary>Start of validity (UTC).</summary>
        public DateTime NotBefore => Certificate.NotBefore.ToUniversalTime();
        /// <summary>End of validity (UTC).</summary>
        public DateTime NotAfter => Certificate.NotAfter.ToUniversalTime();
        /// <summary>Serial number, hexadecimal.</summary>
        public string SerialNumber => Certificate.SerialNumber;
        /// <summary>SHA-256 of the DER certificate, lower-case hexadecimal.</summary>
        public string Sha256Fingerprint => Hex.Of(Sha256(Certificate.RawData));
        /// <summary>The DNS names of the subjectAltName extension.</summary>
        public IReadOnlyList<string> DnsNames { get; }
        /// <summary>The platform's verdict for the host name asked (chain, expiry, name); null when not validated (a document's certificate).</summary>
        public bool? IsValid { get; }
        /// <summary>Why the platform refused it: name mismatch, chain status entries with their text.</summary>
        public IReadOnlyList<string> ValidationErrors { get; }
        /// <summary>The chain as the platform built it, leaf first (just the leaf when none was built).</summary>
        public IReadOnlyList<X509Certificate2> Chain { get; }

        /// <inheritdoc />
        public override string ToString() => Subject + " (issuer " + Issuer + ", until " + NotAfter.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + ")";

        internal static byte[] Sha256(byte[] data)
        {
            using var h = SHA256.Create();
            return h.ComputeHash(data);
        }
    }

    internal static class Hex
    {
        public static string Of(IEnumerable<byte> bytes) => string.Concat(bytes.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
