using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace MailAuth.Net
{
    /// <summary>Reads DNS names from a certificate's subjectAltName (RFC 5280 §4.2.1.6) the same way on every target framework.</summary>
    internal static class CertificateNames
    {
        private const string SubjectAltNameOid = "2.5.29.17";

        public static IReadOnlyList<string> DnsNames(X509Certificate2 certificate)
        {
            var names = new List<string>();
            foreach (var ext in certificate.Extensions)
            {
                if (ext.Oid?.Value != SubjectAltNameOid) continue;
                try
                {
                    var reader = new AsnReader(ext.RawData, AsnEncodingRules.DER);
                    var seq = reader.ReadSequence();
                    var dnsTag = new Asn1Tag(TagClass.ContextSpecific, 2);
                    while (seq.HasData)
                    {
                        var tag = seq.PeekTag();
                        if (tag.HasSameClassAndValue(dnsTag)) names.Add(seq.ReadCharacterString(UniversalTagNumber.IA5String, dnsTag));
                        else seq.ReadEncodedValue();
                    }
                }
                catch (AsnContentException)
                {
                    // A malformed extension names nothing; the platform's validation reports the rest.
                }
            }
            return names;
        }

        /// <summary>RFC 6125 §6.4.3 as RFC 8461 §3.3 and RFC 7672 §3.2.3 restrict it: '*' only as the whole left-most label.</summary>
        public static bool Matches(string pattern, string host)
        {
            pattern = pattern.TrimEnd('.').ToLowerInvariant();
            host = host.TrimEnd('.').ToLowerInvariant();
            if (pattern.StartsWith("*.", StringComparison.Ordinal))
            {
                int dot = host.IndexOf('.');
                return dot > 0 && string.Equals(host.Substring(dot + 1), pattern.Substring(2), StringComparison.Ordinal);
            }
            return string.Equals(pattern, host, StringComparison.Ordinal);
        }
    }
}
