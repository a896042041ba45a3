using MailAuth.Findings;

namespace MailAuth.Dkim
{
    /// <summary>Findings about verified signatures (beyond their result).</summary>
    public static class DkimSignatureFindings
    {
        /// <summary>l= limits the signed body.</summary>
        public static readonly FindingDefinition PartialBody = new FindingDefinition("DkimSignature.PartialBody", FindingSeverity.Warning,
            "The signature covers only part of the body (l=), so content can be appended without breaking it.",
            "RFC 6376 §8.2",
            "Sign the whole body: remove the body length limit (l=) from the signer's configuration.");

        /// <summary>The key record says t=y.</summary>
        public static readonly FindingDefinition TestingKey = new FindingDefinition("DkimSignature.TestingKey", FindingSeverity.Warning,
            "The key record is in testing mode (t=y); verifiers must treat the mail like unsigned mail.",
            "RFC 6376 §3.6.1",
            "Remove t=y from the key record once signing works.");

        /// <summary>A 1024-bit RSA key was used.</summary>
        public static readonly FindingDefinition WeakKey = new FindingDefinition("DkimSignature.WeakKey", FindingSeverity.Warning,
            "The signature uses a 1024-bit RSA key; signers should use at least 2048 bits.",
            "RFC 8301 §3.2",
            "Generate a 2048-bit key (or an Ed25519 key alongside it), publish it under a new selector and switch the signer to it.");

        /// <summary>The From domain is not the signing domain.</summary>
        public static readonly FindingDefinition NotAligned = new FindingDefinition("DkimSignature.NotAligned", FindingSeverity.Info,
            "The signing domain (d=) is not the From domain, so this signature gives no strict DMARC alignment.",
            "RFC 9989 §3.2.10",
            "Have the sender sign with d= set to the From domain (or a domain of the same organization for relaxed alignment).");
    }
}
