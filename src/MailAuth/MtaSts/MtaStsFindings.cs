using MailAuth.Findings;

namespace MailAuth.MtaSts
{
    /// <summary>The MTA-STS findings catalogue (<c>Get-MtaStsPolicy</c>, <c>Test-MtaStsPolicy</c>).</summary>
    public static class MtaStsFindings
    {
        /// <summary>No _mta-sts record.</summary>
        public static readonly FindingDefinition NoRecord = new FindingDefinition("MtaSts.NoRecord", FindingSeverity.Info,
            "No TXT record starting with v=STSv1 is published at _mta-sts.<domain>, so senders do not look for a policy and may deliver over plain text or unauthenticated TLS.",
            "RFC 8461 §3.1, §3.3",
            "Serve a policy at https://mta-sts.<domain>/.well-known/mta-sts.txt and publish 'v=STSv1; id=<YYYYMMDDhhmmss>' at _mta-sts.<domain>.");

        /// <summary>Several _mta-sts records.</summary>
        public static readonly FindingDefinition MultipleRecords = new FindingDefinition("MtaSts.MultipleRecords", FindingSeverity.Error,
            "More than one TXT record at _mta-sts.<domain> starts with v=STSv1; senders then treat the domain as having no MTA-STS.",
            "RFC 8461 §3.1",
            "Keep one v=STSv1 record and delete the others.");

        /// <summary>The TXT record is invalid.</summary>
        public static readonly FindingDefinition RecordSyntax = new FindingDefinition("MtaSts.RecordSyntax", FindingSeverity.Error,
            "The _mta-sts TXT record does not follow the grammar (v=STSv1 first, an id of 1 to 32 letters and digits), so senders ignore it.",
            "RFC 8461 §3.1",
            "Publish exactly 'v=STSv1; id=<1 to 32 letters and digits>', changing the id whenever the policy changes.");

        /// <summary>A DNS query failed.</summary>
        public static readonly FindingDefinition DnsTemporaryFailure = new FindingDefinition("MtaSts.DnsTemporaryFailure", FindingSeverity.Error,
            "A DNS query for the MTA-STS record, the MX hosts or the policy host failed (timeout or server failure).",
            "RFC 8461 §3.1",
            "Check that the domain's name servers answer reliably, then run the check again.");

        /// <summary>The policy was not fetched because the run is offline.</summary>
        public static readonly FindingDefinition PolicyNotFetched = new FindingDefinition("MtaSts.PolicyNotFetched", FindingSeverity.Info,
            "The policy was not fetched: the run uses zone files only (offline), so nothing is sent over HTTPS.",
            "RFC 8461 §3.3",
            "Run again with -Server (for example -Server system) to fetch the policy.");

        /// <summary>The policy host does not resolve or accept connections.</summary>
        public static readonly FindingDefinition PolicyUnreachable = new FindingDefinition("MtaSts.PolicyUnreachable", FindingSeverity.Error,
            "The record announces a policy, but the policy host mta-sts.<domain> does not resolve or accept HTTPS connections; senders continue as though the domain had no MTA-STS.",
            "RFC 8461 §3.3",
            "Publish an address for mta-sts.<domain> and serve the policy there over HTTPS on port 443.");

        /// <summary>The certificate is not valid for mta-sts.domain.</summary>
        public static readonly FindingDefinition CertificateNameMismatch = new FindingDefinition("MtaSts.CertificateNameMismatch", FindingSeverity.Error,
            "The policy host's certificate is not valid for mta-sts.<domain>, so senders refuse the policy.",
            "RFC 8461 §3.3; RFC 6125 §6.4",
            "Install a certificate whose subjectAltName lists mta-sts.<domain> (or *.<domain>).");

        /// <summary>The certificate is expired or not yet valid.</summary>
        public static readonly FindingDefinition CertificateExpired = new FindingDefinition("MtaSts.CertificateExpired", FindingSeverity.Error,
            "The policy host's certificate (or one in its chain) is expired or not yet valid, so senders refuse the policy.",
            "RFC 8461 §3.3; RFC 5280 §6.1.3",
            "Renew the certificate of mta-sts.<domain> and automate renewal.");

        /// <summary>The chain does not lead to a trusted root.</summary>
        public static readonly FindingDefinition CertificateUntrusted = new FindingDefinition("MtaSts.CertificateUntrusted", FindingSeverity.Error,
            "The policy host's certificate does not chain to a trusted root (self-signed, private CA or missing intermediate), so senders refuse the policy.",
            "RFC 8461 §3.3; RFC 5280 §6",
            "Use a certificate from a publicly trusted CA and serve the intermediate certificates with it.");

        /// <summary>The policy URL redirects.</summary>
        public static readonly FindingDefinition PolicyRedirect = new FindingDefinition("MtaSts.PolicyRedirect", FindingSeverity.Error,
            "The policy URL answers with a redirect; senders MUST NOT follow it, so they get no policy.",
            "RFC 8461 §3.3",
            "Serve the policy directly at https://mta-sts.<domain>/.well-known/mta-sts.txt with status 200.");

        /// <summary>Another status than 200.</summary>
        public static readonly FindingDefinition PolicyHttpError = new FindingDefinition("MtaSts.PolicyHttpError", FindingSeverity.Error,
            "The policy URL answers with a status other than 200; policies are only valid from a 200 answer.",
            "RFC 8461 §3.3",
            "Serve the policy file at /.well-known/mta-sts.txt on mta-sts.<domain>.");

        /// <summary>The policy is larger than 64 KiB.</summary>
        public static readonly FindingDefinition PolicyTooLarge = new FindingDefinition("MtaSts.PolicyTooLarge", FindingSeverity.Error,
            "The policy body is larger than 64 KiB, the limit senders are advised to apply; they may refuse it.",
            "RFC 8461 §3.3",
            "Serve a policy of a few lines: version, mode, one mx line per pattern, max_age.");

        /// <summary>The policy host is too slow.</summary>
        public static readonly FindingDefinition PolicyTimeout = new FindingDefinition("MtaSts.PolicyTimeout", FindingSeverity.Error,
            "The policy host did not deliver the whole policy within the timeout; senders impose timeouts and then continue without MTA-STS.",
            "RFC 8461 §3.3",
            "Make the policy host answer promptly (a static file), well within one minute.");

        /// <summary>TLS or HTTP failed otherwise.</summary>
        public static readonly FindingDefinition PolicyFetchFailed = new FindingDefinition("MtaSts.PolicyFetchFailed", FindingSeverity.Error,
            "The HTTPS fetch of the policy failed (TLS handshake or HTTP protocol error); senders continue as though the domain had no MTA-STS.",
            "RFC 8461 §3.3",
            "Check the HTTPS server of mta-sts.<domain> with a browser or curl and correct the error named in the message.");

        /// <summary>Content-Type is not text/plain.</summary>
        public static readonly FindingDefinition PolicyWrongMediaType = new FindingDefinition("MtaSts.PolicyWrongMediaType", FindingSeverity.Error,
            "The policy is served with a media type other than text/plain; senders SHOULD validate it and then refuse the policy.",
            "RFC 8461 §3.3",
            "Serve /.well-known/mta-sts.txt with 'Content-Type: text/plain'.");

        /// <summary>The policy text is invalid.</summary>
        public static readonly FindingDefinition PolicySyntax = new FindingDefinition("MtaSts.PolicySyntax", FindingSeverity.Error,
            "The policy does not follow the grammar: it needs version: STSv1, mode: enforce, testing or none, max_age: seconds, and at least one mx: line unless the mode is none, each on its own line.",
            "RFC 8461 §3.2",
            "Correct the line named in the message.");

        /// <summary>A policy is served but no record announces it.</summary>
        public static readonly FindingDefinition PolicyWithoutRecord = new FindingDefinition("MtaSts.PolicyWithoutRecord", FindingSeverity.Warning,
            "A policy is served at mta-sts.<domain>, but no v=STSv1 record is published at _mta-sts.<domain>, so senders never fetch it.",
            "RFC 8461 §3.1, §3.3",
            "Publish 'v=STSv1; id=<YYYYMMDDhhmmss>' at _mta-sts.<domain>, or remove the policy if MTA-STS is not wanted.");

        /// <summary>An MX host is not matched by any mx pattern.</summary>
        public static readonly FindingDefinition MxNotCovered = new FindingDefinition("MtaSts.MxNotCovered", FindingSeverity.Error,
            "An MX host of the domain matches no mx pattern of the policy; senders that enforce the policy will not deliver to it.",
            "RFC 8461 §4.1, §5",
            "Add an 'mx:' line for the host (a '*.' pattern matches exactly one left-most label), then change the id of the _mta-sts record.");

        /// <summary>mode: testing.</summary>
        public static readonly FindingDefinition ModeTesting = new FindingDefinition("MtaSts.ModeTesting", FindingSeverity.Warning,
            "The policy mode is 'testing': senders report failures (TLS-RPT) but still deliver when validation fails, so the policy does not protect mail yet.",
            "RFC 8461 §5",
            "Once TLS-RPT reports show no failures, change the mode to enforce and change the id of the _mta-sts record.");

        /// <summary>mode: none.</summary>
        public static readonly FindingDefinition ModeNone = new FindingDefinition("MtaSts.ModeNone", FindingSeverity.Warning,
            "The policy mode is 'none': senders treat the domain as having no active policy (this is the way to withdraw MTA-STS).",
            "RFC 8461 §5, §8.3",
            "If MTA-STS is wanted, use mode testing and then enforce; if it is being withdrawn, remove the record once max_age has passed.");

        /// <summary>max_age beyond the limit.</summary>
        public static readonly FindingDefinition MaxAgeOutOfRange = new FindingDefinition("MtaSts.MaxAgeOutOfRange", FindingSeverity.Error,
            "max_age is above the maximum of 31557600 seconds (one year).",
            "RFC 8461 §3.2",
            "Use a max_age between 604800 (one week) and 31557600 seconds.");

        /// <summary>max_age short for enforcement.</summary>
        public static readonly FindingDefinition MaxAgeShort = new FindingDefinition("MtaSts.MaxAgeShort", FindingSeverity.Warning,
            "The policy enforces with a max_age below one week; a short cache lifetime gives an attacker who blocks policy refresh an easy way around it, and RFC 8461 expects weeks or more.",
            "RFC 8461 §3.2, §10",
            "Use max_age: 604800 (one week) or more once the policy is settled, for example 1209600 or 31557600.");

        /// <summary>No TLS-RPT record.</summary>
        public static readonly FindingDefinition NoTlsRpt = new FindingDefinition("MtaSts.NoTlsRpt", FindingSeverity.Warning,
            "MTA-STS is published without a usable TLS-RPT record at _smtp._tls.<domain>, so nobody hears when senders fail to validate the policy.",
            "RFC 8461 §6; RFC 8460 §3",
            "Publish 'v=TLSRPTv1; rua=mailto:tlsrpt@<domain>' at _smtp._tls.<domain>.");
    }
}
