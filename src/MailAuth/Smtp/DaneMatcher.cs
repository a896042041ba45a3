using System.Collections.Generic;
using System.Formats.Asn1;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MailAuth.Dns;

namespace MailAuth.Smtp
{
    /// <summary>Matches TLSA records against a certificate chain: usages 2 and 3, selectors 0 and 1, matching types 0, 1 and 2.</summary>
    public static class DaneMatcher
    {
        /// <summary>Matches every record against <paramref name="chain"/> (leaf first, as the server presented it).</summary>
        /// <exception cref="System.ArgumentNullException">An argument is null.</exception>
        public static IReadOnlyList<TlsaMatch> Match(IEnumerable<TlsaRecord> records, IReadOnlyList<X509Certificate2> chain)
        {
            if (records is null) throw new System.ArgumentNullException(nameof(records));
            if (chain is null) throw new System.ArgumentNullException(nameof(chain));
            var list = new List<TlsaMatch>();
            foreach (var r in records)
            {
                string? unusable =
                    r.CertificateUsage == 0 || r.CertificateUsage == 1 ? $"usage {r.CertificateUsage} (PKIX-{(r.CertificateUsage == 0 ? "TA" : "EE")}) is not to be used with SMTP"
                    : r.CertificateUsage != 2 && r.CertificateUsage != 3 ? $"usage {r.CertificateUsage} is unknown"
                    : r.Selector != 0 && r.Selector != 1 ? $"selector {r.Selector} is unknown"
                    : r.MatchingType < 0 || r.MatchingType > 2 ? $"matching type {r.MatchingType} is unknown"
                    : null;
                if (unusable != null) { list.Add(new TlsaMatch(r, false, false, null, unusable)); continue; }
                // DANE-EE matches the leaf only; DANE-TA a certificate above it (RFC 7671 §5.1, §5.2).
                var candidates = r.CertificateUsage == 3 ? chain.Take(1) : chain.Skip(1);
                var hit = candidates.FirstOrDefault(c => Matches(r, c));
                list.Add(new TlsaMatch(r, true, hit != null, hit?.Subject, null));
            }
            return list;
        }

        /// <summary>The data a record with this selector and matching type would hold for <paramref name="certificate"/>.</summary>
        /// <exception cref="System.ArgumentOutOfRangeException">Unknown selector or matching type.</exception>
        public static byte[] AssociationData(X509Certificate2 certificate, int selector, int matchingType)
        {
            if (certificate is null) throw new System.ArgumentNullException(nameof(certificate));
            byte[] content = selector switch
            {
                0 => certificate.RawData,
                1 => SubjectPublicKeyInfo(certificate.RawData),
                _ => throw new System.ArgumentOutOfRangeException(nameof(selector)),
            };
            switch (matchingType)
            {
                case 0: return content;
                case 1: using (var h = SHA256.Create()) return h.ComputeHash(content);
                case 2: using (var h = SHA512.Create()) return h.ComputeHash(content);
                default: throw new System.ArgumentOutOfRangeException(nameof(matchingType));
            }
        }

        private static bool Matches(TlsaRecord r, X509Certificate2 c)
        {
            try { return AssociationData(c, r.Selector, r.MatchingType).SequenceEqual(r.AssociationData); }
            catch (AsnContentException) { return false; }
        }

        /// <summary>The DER SubjectPublicKeyInfo of a DER certificate (RFC 5280 §4.1), read the same way on every framework.</summary>
        internal static byte[] SubjectPublicKeyInfo(byte[] certificate)
        {
            var cert = new AsnReader(certificate, AsnEncodingRules.DER).ReadSequence();
            var tbs = cert.ReadSequence();
            if (tbs.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true))) tbs.ReadEncodedValue(); // version
            tbs.ReadEncodedValue(); // serialNumber
            tbs.ReadEncodedValue(); // signature
            tbs.ReadEncodedValue(); // issuer
            tbs.ReadEncodedValue(); // validity
            tbs.ReadEncodedValue(); // subject
            return tbs.ReadEncodedValue().ToArray();
        }
    }
}
