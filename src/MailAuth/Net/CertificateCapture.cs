using System.Collections.Generic;
using System.Linq;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace MailAuth.Net
{
    /// <summary>
    /// The TLS certificate callback: it records what the server presented and what the platform decided, and returns
    /// exactly the platform's verdict. It never accepts a certificate the platform refused (no validation bypass).
    /// </summary>
    internal sealed class CertificateCapture
    {
        public CertificateInfo? Info { get; private set; }
        public SslPolicyErrors Errors { get; private set; }
        public X509ChainStatusFlags ChainFlags { get; private set; }
        /// <summary>The certificates the server sent, leaf first (for DANE).</summary>
        public IReadOnlyList<X509Certificate2> Presented { get; private set; } = new X509Certificate2[0];

        public bool Validate(object? sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            Errors = errors;
            if (certificate is null) return errors == SslPolicyErrors.None;
            var leaf = new X509Certificate2(certificate.Export(X509ContentType.Cert));
            var built = new List<X509Certificate2>();
            var presented = new List<X509Certificate2> { leaf };
            var reasons = new List<string>();
            if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                reasons.Add("RemoteCertificateNameMismatch: the certificate is not valid for the host name asked");
            if (chain != null)
            {
                foreach (var element in chain.ChainElements) built.Add(new X509Certificate2(element.Certificate.RawData));
                foreach (var status in chain.ChainStatus)
                {
                    if (status.Status == X509ChainStatusFlags.NoError) continue;
                    ChainFlags |= status.Status;
                    reasons.Add(status.Status + ": " + (status.StatusInformation ?? string.Empty).Trim());
                }
#if NET8_0_OR_GREATER
                // DANE matches what the server sent (RFC 7671 §5.2.2), not a root the platform found in its own store:
                // SslStream puts the server's other certificates in ExtraStore.
                foreach (var extra in chain.ChainPolicy.ExtraStore) presented.Add(new X509Certificate2(extra.RawData));
#else
                // No access to the server's own list here: the chain as built (it may end in a locally trusted root).
                presented.AddRange(built.Skip(1));
#endif
            }
            if (built.Count == 0 || !built[0].RawData.SequenceEqual(leaf.RawData)) built.Insert(0, leaf);
            Presented = presented.GroupBy(c => c.Thumbprint).Select(g => g.First()).ToList();
            Info = new CertificateInfo(leaf, errors == SslPolicyErrors.None, reasons,
                chain?.ChainElements.Count > 0 ? built.Take(chain.ChainElements.Count) : null);
            return errors == SslPolicyErrors.None;
        }

        public bool NameMismatch => (Errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0;
        public bool Expired => (ChainFlags & X509ChainStatusFlags.NotTimeValid) != 0;
        public bool Untrusted => (ChainFlags & ~X509ChainStatusFlags.NotTimeValid & ~X509ChainStatusFlags.NoError) != 0
            || ((Errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0 && ChainFlags == X509ChainStatusFlags.NoError);
    }
}
