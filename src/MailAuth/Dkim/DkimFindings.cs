using MailAuth.Findings;

namespace MailAuth.Dkim
{
    /// <summary>The DKIM key record findings catalogue (<c>Get-DkimRecord</c>, <c>Test-DkimRecord</c>).</summary>
    public static class DkimFindings
    {
        // Findings of the lookup (Get-DkimRecord and Test-DkimRecord): they decide the status.

        /// <summary>No key record at the selector's name.</summary>
        public static readonly FindingDefinition NoRecord = new FindingDefinition("Dkim.NoRecord", FindingSeverity.Warning,
            "There is no key record at the selector's name; signatures that name this selector fail (PERMFAIL, no key for signature).",
            "RFC 6376 §6.1.2",
            "Publish the public key the signer uses as a TXT record at <selector>._domainkey.<domain>, or correct the selector name; the s= tag of a DKIM-Signature names the selector in use.");

        /// <summary>A probe of common selectors found nothing, which proves nothing.</summary>
        public static readonly FindingDefinition NoSelectorFound = new FindingDefinition("Dkim.NoSelectorFound", FindingSeverity.Info,
            "None of the common selectors probed has a key record. DKIM selectors cannot be listed from DNS, so this does not show that the domain has no DKIM keys.",
            "RFC 6376 §3.1, §3.6.2.1",
            "Give the selector with -Selector: it is the s= tag of the DKIM-Signature header field in a message the domain sent.");

        /// <summary>The name _domainkey.&lt;domain&gt; does not exist, so no selector of the domain has a key.</summary>
        public static readonly FindingDefinition NoKeysPublished = new FindingDefinition("Dkim.NoKeysPublished", FindingSeverity.Info,
            "The name _domainkey.<domain> does not exist (NXDOMAIN), so no name below it does either: the domain publishes no DKIM key under any selector.",
            "RFC 8020 §2; RFC 6376 §3.6.2.1",
            "A domain that sends mail should sign it: make a key with New-DkimKey, publish its record at <selector>._domainkey.<domain> and sign with the private key. A domain that sends no mail needs no key.");

        /// <summary>Several TXT records at the selector's name.</summary>
        public static readonly FindingDefinition MultipleRecords = new FindingDefinition("Dkim.MultipleRecords", FindingSeverity.Error,
            "The selector's name holds more than one TXT record; RFC 6376 says key records must be unique per selector and leaves the result undefined, so verifiers may pick either or fail.",
            "RFC 6376 §3.6.2.2",
            "Keep one TXT record at the selector's name: publish a new key under a new selector instead of beside the old one.");

        /// <summary>The DNS query for the key record failed temporarily.</summary>
        public static readonly FindingDefinition DnsTemporaryFailure = new FindingDefinition("Dkim.DnsTemporaryFailure", FindingSeverity.Error,
            "The DNS query for the key record failed (timeout or server failure); verifiers get TEMPFAIL (key unavailable) and cannot check signatures.",
            "RFC 6376 §6.1.2",
            "Check that the authoritative name servers of the domain, and of any CNAME target, answer TXT queries reliably, then run the check again.");

        /// <summary>The selector is a CNAME whose target does not exist or has no TXT record.</summary>
        public static readonly FindingDefinition CnameTargetMissing = new FindingDefinition("Dkim.CnameTargetMissing", FindingSeverity.Error,
            "The selector's name is a CNAME, but the name it points to has no TXT record (NXDOMAIN or NODATA); signatures that name this selector fail (PERMFAIL, no key for signature).",
            "RFC 6376 §6.1.2; RFC 1034 §3.6.2",
            "Enable DKIM signing at the provider the CNAME points to (which publishes the target), correct the CNAME target, or delete the CNAME if the provider is no longer used.");

        /// <summary>The key record does not follow the tag-list syntax, has a wrong v=, or lacks p=.</summary>
        public static readonly FindingDefinition SyntaxError = new FindingDefinition("Dkim.SyntaxError", FindingSeverity.Error,
            "The key record does not follow the syntax of RFC 6376: verifiers ignore it and return PERMFAIL (key syntax error).",
            "RFC 6376 §3.6.1, §6.1.2",
            "Correct the record to the form 'v=DKIM1; k=rsa; p=<base64 key>': tags separated by ';', v=DKIM1 first if present, and a p= tag.");

        /// <summary>p= holds no usable public key.</summary>
        public static readonly FindingDefinition InvalidKey = new FindingDefinition("Dkim.InvalidKey", FindingSeverity.Error,
            "The p= value is not a usable public key of the record's key type: not base64, not an RSA SubjectPublicKeyInfo, or not a 32-byte Ed25519 key.",
            "RFC 6376 §3.6.1; RFC 8463 §4.2",
            "Publish the public key again as the signer exports it (base64 of the DER SubjectPublicKeyInfo for RSA, of the raw 32-byte key for Ed25519); check that no characters were lost when the value was pasted or split.");

        /// <summary>k= names a key type verifiers do not know.</summary>
        public static readonly FindingDefinition UnknownKeyType = new FindingDefinition("Dkim.UnknownKeyType", FindingSeverity.Error,
            "The k= tag names a key type that is neither rsa nor ed25519; verifiers must ignore unrecognised key types, so signatures with this key cannot be verified.",
            "RFC 6376 §3.6.1; RFC 8463 §4.2",
            "Set k=rsa or k=ed25519 to match the key in p= (k=rsa is the default and can be left out).");

        // Findings of Test-DkimRecord only: the record is usable but weak, restricted or unusual.

        /// <summary>RSA key under 1024 bits.</summary>
        public static readonly FindingDefinition KeyTooShort = new FindingDefinition("Dkim.KeyTooShort", FindingSeverity.Error,
            "The RSA key has fewer than 1024 bits: signers must use at least 1024 bits, and verifiers must not consider signatures with such keys valid.",
            "RFC 8301 §3.2",
            "Generate a 2048-bit RSA key, publish it under a new selector, switch the signer to it, then revoke the old selector (empty p=).");

        /// <summary>RSA key of at least 1024 but under 2048 bits.</summary>
        public static readonly FindingDefinition KeyBelow2048Bits = new FindingDefinition("Dkim.KeyBelow2048Bits", FindingSeverity.Warning,
            "The RSA key has fewer than 2048 bits: it is allowed, but signers should use at least 2048 bits.",
            "RFC 8301 §3.2",
            "Generate a 2048-bit RSA key, publish it under a new selector, switch the signer to it, then revoke the old selector (empty p=).");

        /// <summary>RSA key over 4096 bits.</summary>
        public static readonly FindingDefinition KeyTooLong = new FindingDefinition("Dkim.KeyTooLong", FindingSeverity.Warning,
            "The RSA key has more than 4096 bits: verifiers must handle 1024 to 4096 bits and only may handle larger keys, so some will fail its signatures.",
            "RFC 8301 §3.2",
            "Use a 2048-bit (or at most 4096-bit) RSA key.");

        /// <summary>h= allows only sha1.</summary>
        public static readonly FindingDefinition Sha1Only = new FindingDefinition("Dkim.Sha1Only", FindingSeverity.Error,
            "The h= tag allows only sha1, and rsa-sha1 must not be used for signing or verifying, so no signature with this key can pass.",
            "RFC 8301 §3.1",
            "Remove the h= tag, or set h=sha256, and sign with rsa-sha256 (or ed25519-sha256).");

        /// <summary>h= allows no hash algorithm that verifiers implement.</summary>
        public static readonly FindingDefinition NoUsableHashAlgorithm = new FindingDefinition("Dkim.NoUsableHashAlgorithm", FindingSeverity.Error,
            "The h= tag lists no hash algorithm verifiers implement (sha256); unrecognised algorithms are ignored, so no signature with this key can pass.",
            "RFC 6376 §3.6.1; RFC 8301 §3.1",
            "Remove the h= tag, or set h=sha256.");

        /// <summary>t=y: testing mode.</summary>
        public static readonly FindingDefinition TestingMode = new FindingDefinition("Dkim.TestingMode", FindingSeverity.Warning,
            "The key is flagged t=y (testing): verifiers must not treat the domain's signed mail differently from unsigned mail, so DKIM gives it no benefit.",
            "RFC 6376 §3.6.1",
            "Once signatures verify, remove y from the t= tag (leave t=s if it is there).");

        /// <summary>Empty p=: the key is revoked.</summary>
        public static readonly FindingDefinition KeyRevoked = new FindingDefinition("Dkim.KeyRevoked", FindingSeverity.Info,
            "The key is revoked (empty p=): signatures that name this selector fail. This is normal for a retired selector.",
            "RFC 6376 §3.6.1, §6.1.2",
            "Nothing to do if the selector is retired; if mail is still signed with it, switch the signer to a selector with a published key.");

        /// <summary>s= excludes e-mail.</summary>
        public static readonly FindingDefinition NotForEmail = new FindingDefinition("Dkim.NotForEmail", FindingSeverity.Error,
            "The s= tag lists neither 'email' nor '*', so e-mail verifiers must ignore this key record.",
            "RFC 6376 §3.6.1",
            "Remove the s= tag (the default is '*'), or set s=email.");

        /// <summary>A TXT string boundary falls inside a tag name or a short tag value.</summary>
        public static readonly FindingDefinition TxtSplitInsideToken = new FindingDefinition("Dkim.TxtSplitInsideToken", FindingSeverity.Warning,
            "A boundary between the record's TXT character-strings falls inside a tag name or inside a word of a tag value other than p= and n=. RFC 6376 joins the strings without spaces, so the record is valid, but DNS tools and verifiers that wrongly join them with a space read a different record.",
            "RFC 6376 §3.6.2.2",
            "Split the record only at a space, a ';', or inside the base64 of p=, where whitespace is allowed.");

        /// <summary>A probe found a wildcard record under _domainkey.</summary>
        public static readonly FindingDefinition WildcardRecord = new FindingDefinition("Dkim.WildcardRecord", FindingSeverity.Info,
            "A wildcard record (*._domainkey) answers for every selector that has no record of its own.",
            "RFC 4592 §2.1.1; RFC 6376 §3.6.2.1",
            "A wildcard with an empty p= is a sound way to revoke every selector of a domain that sends no mail; a wildcard with a key makes every selector name valid, so check that this is intended.");
    }
}
