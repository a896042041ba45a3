using MailAuth.Findings;

namespace MailAuth.Bimi
{
    /// <summary>The BIMI findings catalogue (<c>Get-BimiRecord</c>). References are to draft-brand-indicators-for-message-identification-10.</summary>
    public static class BimiFindings
    {
        /// <summary>No BIMI record.</summary>
        public static readonly FindingDefinition NoRecord = new FindingDefinition("Bimi.NoRecord", FindingSeverity.Info,
            "No TXT record starting with v=BIMI1 is published at <selector>._bimi.<domain> nor at the organizational domain, so no logo is shown.",
            "BIMI draft-10 §4.3, §7.2",
            "Publish 'v=BIMI1; l=https://<host>/logo.svg; a=https://<host>/vmc.pem' at default._bimi.<domain> once DMARC is at enforcement.");

        /// <summary>Several BIMI records.</summary>
        public static readonly FindingDefinition MultipleRecords = new FindingDefinition("Bimi.MultipleRecords", FindingSeverity.Error,
            "More than one TXT record at the BIMI name starts with v=BIMI1; receivers treat that as an error and show no logo.",
            "BIMI draft-10 §7.2",
            "Keep one v=BIMI1 record per selector.");

        /// <summary>The record does not follow the grammar.</summary>
        public static readonly FindingDefinition SyntaxError = new FindingDefinition("Bimi.SyntaxError", FindingSeverity.Error,
            "The BIMI record does not follow the grammar (v=BIMI1 first, tag=value pairs separated by ';', l= required, a= a single URI); receivers MUST NOT fix it.",
            "BIMI draft-10 §4.3",
            "Correct the part named in the message, for example 'v=BIMI1; l=https://example.com/logo.svg; a=https://example.com/vmc.pem'.");

        /// <summary>l= or a= is not an https URI.</summary>
        public static readonly FindingDefinition LocationNotHttps = new FindingDefinition("Bimi.LocationNotHttps", FindingSeverity.Error,
            "The l= or a= location is not an absolute https: URI with a host name; HTTPS is the only transport BIMI allows.",
            "BIMI draft-10 §4.3",
            "Serve the logo and the evidence document over HTTPS and write their full https:// URLs.");

        /// <summary>Declination to publish.</summary>
        public static readonly FindingDefinition Declined = new FindingDefinition("Bimi.Declined", FindingSeverity.Info,
            "Both l= and a= are empty: the record explicitly declines to publish a logo for this selector.",
            "BIMI draft-10 §4.3.1",
            "Nothing to change if no logo is wanted; otherwise fill in l= (and a=).");

        /// <summary>a= is empty.</summary>
        public static readonly FindingDefinition NoEvidence = new FindingDefinition("Bimi.NoEvidence", FindingSeverity.Info,
            "The a= tag is empty or absent: no evidence document (Mark Certificate) is published, and the large mailbox providers show logos only with one.",
            "BIMI draft-10 §4.3, §7.4, §7.5",
            "Obtain a Verified Mark Certificate or Common Mark Certificate for the logo and publish its PEM at an https URL in a=.");

        /// <summary>DMARC is not at enforcement for the domain or its organizational domain.</summary>
        public static readonly FindingDefinition DmarcNotEnforced = new FindingDefinition("Bimi.DmarcNotEnforced", FindingSeverity.Warning,
            "DMARC is not at enforcement for the domain or its organizational domain (no policy, p=none, sp=none, t=y, or p=quarantine with pct below 100), so receivers MUST NOT perform BIMI processing.",
            "BIMI draft-10 §7.1 steps 7-9; RFC 9989 §4.7",
            "Move DMARC to p=quarantine or p=reject (without t=y or pct below 100) for the domain and its organizational domain.");

        /// <summary>A DNS query failed.</summary>
        public static readonly FindingDefinition DnsTemporaryFailure = new FindingDefinition("Bimi.DnsTemporaryFailure", FindingSeverity.Error,
            "A DNS query for the BIMI record or the DMARC policy failed (timeout or server failure).",
            "BIMI draft-10 §7.2",
            "Check that the name servers answer TXT queries reliably, then run the check again.");

        /// <summary>Assets were not fetched because the run is offline.</summary>
        public static readonly FindingDefinition FetchSkipped = new FindingDefinition("Bimi.FetchSkipped", FindingSeverity.Info,
            "The logo and evidence document were not fetched: the run uses zone files only (offline).",
            "BIMI draft-10 §7.3",
            "Run again with -Server (for example -Server system) to fetch them.");

        /// <summary>The logo or evidence fetch failed.</summary>
        public static readonly FindingDefinition FetchFailed = new FindingDefinition("Bimi.FetchFailed", FindingSeverity.Error,
            "The logo (l=) or evidence document (a=) could not be fetched over HTTPS (DNS, connection, certificate, redirect, status, size or timeout), so receivers show no logo.",
            "BIMI draft-10 §7.3, §7.4",
            "Serve the file at the exact URL with status 200 from a host with a valid certificate.");

        /// <summary>The SVG cannot be read.</summary>
        public static readonly FindingDefinition SvgInvalid = new FindingDefinition("Bimi.SvgInvalid", FindingSeverity.Error,
            "The logo is not a readable SVG document: not well-formed XML, a DTD or entity declarations (refused for safety), or not an svg root element.",
            "BIMI draft-10 §4.3.2; SVG Tiny 1.2",
            "Export the logo as SVG Tiny Portable/Secure (SVG Tiny PS) without a DOCTYPE.");

        /// <summary>Not the tiny-ps profile.</summary>
        public static readonly FindingDefinition SvgNotTinyPs = new FindingDefinition("Bimi.SvgNotTinyPs", FindingSeverity.Error,
            "The root svg element does not declare baseProfile=\"tiny-ps\" (with version=\"1.2\"), the SVG profile BIMI logos must follow.",
            "BIMI draft-10 §4.3.2; SVG Tiny PS profile",
            "Convert the logo to SVG Tiny PS: root <svg version=\"1.2\" baseProfile=\"tiny-ps\" xmlns=\"http://www.w3.org/2000/svg\">.");

        /// <summary>No title.</summary>
        public static readonly FindingDefinition SvgNoTitle = new FindingDefinition("Bimi.SvgNoTitle", FindingSeverity.Error,
            "The SVG has no non-empty <title> child of the root element, which SVG Tiny PS requires (the brand name).",
            "SVG Tiny PS profile",
            "Add <title>Brand name</title> as a child of the root svg element.");

        /// <summary>Scripts.</summary>
        public static readonly FindingDefinition SvgScript = new FindingDefinition("Bimi.SvgScript", FindingSeverity.Error,
            "The SVG contains a script element or an event-handler attribute (on...); SVG Tiny PS forbids scripting.",
            "BIMI draft-10 §8.7; SVG Tiny PS profile",
            "Remove every <script> element and on... attribute.");

        /// <summary>External references.</summary>
        public static readonly FindingDefinition SvgExternalReference = new FindingDefinition("Bimi.SvgExternalReference", FindingSeverity.Error,
            "The SVG refers to something outside itself (an href that is not a '#fragment', an image, or foreignObject); SVG Tiny PS logos must be self-contained.",
            "BIMI draft-10 §8.7; SVG Tiny PS profile",
            "Embed everything in the SVG and remove external links, images and foreignObject.");

        /// <summary>Animation.</summary>
        public static readonly FindingDefinition SvgAnimation = new FindingDefinition("Bimi.SvgAnimation", FindingSeverity.Error,
            "The SVG contains animation elements (animate, set, animateMotion, animateColor, animateTransform); SVG Tiny PS forbids animation.",
            "SVG Tiny PS profile",
            "Remove the animation elements.");

        /// <summary>Too large.</summary>
        public static readonly FindingDefinition SvgTooLarge = new FindingDefinition("Bimi.SvgTooLarge", FindingSeverity.Warning,
            "The SVG is larger than 32 KiB; receivers avoid loading indicators that are too large and the BIMI implementation guide sets 32 KiB as the limit.",
            "BIMI draft-10 §8.3",
            "Simplify the paths and remove metadata until the file is under 32 KiB.");

        /// <summary>The evidence document is not a certificate.</summary>
        public static readonly FindingDefinition EvidenceInvalid = new FindingDefinition("Bimi.EvidenceInvalid", FindingSeverity.Error,
            "The a= document is not a PEM certificate (chain) that can be read.",
            "BIMI draft-10 §3.4, §7.4",
            "Publish the PEM file the mark certificate issuer provided: the certificate followed by its intermediates.");

        /// <summary>The mark certificate is outside its validity.</summary>
        public static readonly FindingDefinition EvidenceExpired = new FindingDefinition("Bimi.EvidenceExpired", FindingSeverity.Error,
            "The mark certificate at a= is expired or not yet valid.",
            "BIMI draft-10 §7.4; RFC 5280 §4.1.2.5",
            "Renew the mark certificate and publish the new PEM.");

        /// <summary>No logotype extension.</summary>
        public static readonly FindingDefinition EvidenceNoLogotype = new FindingDefinition("Bimi.EvidenceNoLogotype", FindingSeverity.Error,
            "The certificate at a= has no logotype extension (1.3.6.1.5.5.7.1.12), so it carries no logo and is not a mark certificate.",
            "RFC 9399 §4 (logotype); BIMI draft-10 §3.5",
            "Publish the Verified or Common Mark Certificate, which embeds the logo in its logotype extension.");
    }
}
