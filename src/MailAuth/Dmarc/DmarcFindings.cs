using MailAuth.Findings;

namespace MailAuth.Dmarc
{
    /// <summary>The DMARC findings catalogue (<c>Get-DmarcRecord</c>, <c>Test-DmarcRecord</c>).</summary>
    public static class DmarcFindings
    {
        /// <summary>No DMARC policy record applies to the domain.</summary>
        public static readonly FindingDefinition NoRecord = new FindingDefinition("Dmarc.NoRecord", FindingSeverity.Warning,
            "No DMARC policy record applies to the domain, neither at _dmarc.<domain> nor found by the tree walk; receivers do not apply DMARC to its mail and send no reports.",
            "RFC 9989 §4.10.1",
            "Publish a TXT record at _dmarc.<domain> such as 'v=DMARC1; p=none; rua=mailto:dmarc-reports@<domain>', read the reports, then move to p=quarantine or p=reject.");

        /// <summary>A v=DMARC1 TXT record is published at the domain itself.</summary>
        public static readonly FindingDefinition RecordAtWrongName = new FindingDefinition("Dmarc.RecordAtWrongName", FindingSeverity.Error,
            "A TXT record starting with v=DMARC1 is published at the domain itself; receivers only look at _dmarc.<domain> (and its parents), so this policy is never seen.",
            "RFC 9989 §4.5",
            "Publish the same text as a TXT record at _dmarc.<domain> and delete it from the domain itself.");

        /// <summary>More than one DMARC record at a name.</summary>
        public static readonly FindingDefinition MultipleRecords = new FindingDefinition("Dmarc.MultipleRecords", FindingSeverity.Error,
            "More than one TXT record at the name starts with v=DMARC1; receivers discard them all (RFC 9989) or apply no DMARC (RFC 7489).",
            "RFC 9989 §4.10; RFC 7489 §6.6.3",
            "Merge the records into one TXT record starting with v=DMARC1 and delete the others.");

        /// <summary>Part of the record does not follow the grammar.</summary>
        public static readonly FindingDefinition SyntaxError = new FindingDefinition("Dmarc.SyntaxError", FindingSeverity.Error,
            "Part of the DMARC record does not follow the grammar; receivers ignore that part and use the default, or ignore the whole record when the version tag is wrong.",
            "RFC 9989 §4.7, §4.8",
            "Correct the tag named in the message: tags are 'name=value' separated by ';', the record starts with 'v=DMARC1', and names are lower case.");

        /// <summary>A tag appears more than once.</summary>
        public static readonly FindingDefinition DuplicateTag = new FindingDefinition("Dmarc.DuplicateTag", FindingSeverity.Error,
            "A tag appears more than once; in the DKIM tag-list syntax DMARC uses this makes the record invalid, and receivers differ in which value they use.",
            "RFC 9989 §4.7; RFC 6376 §3.2",
            "Keep one occurrence of the tag with the value you mean.");

        /// <summary>p is absent or invalid, or sp/np is invalid.</summary>
        public static readonly FindingDefinition InvalidPolicy = new FindingDefinition("Dmarc.InvalidPolicy", FindingSeverity.Error,
            "The record has no valid p tag, or an invalid sp or np tag: receivers act as if it said p=none when rua has a valid URI, and otherwise apply no DMARC at all.",
            "RFC 9989 §4.7, §4.10.1",
            "Write p=none, p=quarantine or p=reject right after v=DMARC1, and give sp and np one of the same three values (or leave them out).");

        /// <summary>The applicable policy is none.</summary>
        public static readonly FindingDefinition PolicyNone = new FindingDefinition("Dmarc.PolicyNone", FindingSeverity.Warning,
            "The policy that applies is 'none' (monitoring mode): receivers report on mail that fails DMARC but do nothing to it, so the domain can still be spoofed.",
            "RFC 9989 §3.2.12, §4.7",
            "Once the aggregate reports show that all legitimate mail passes DMARC, move to p=quarantine and then p=reject.");

        /// <summary>t=y, or pct below 100 in RFC 7489 terms.</summary>
        public static readonly FindingDefinition TestingMode = new FindingDefinition("Dmarc.TestingMode", FindingSeverity.Warning,
            "The record asks receivers not to apply the policy in full: t=y (receivers apply one level less: quarantine becomes none, reject becomes quarantine), or, for RFC 7489 receivers, pct below 100 (the policy applies to only that share of failing mail).",
            "RFC 9989 §4.7, Appendix A.6; RFC 7489 §6.6.4",
            "Remove t=y (and pct) once the reports show that legitimate mail passes, so the policy applies in full.");

        /// <summary>sp or np is weaker than p.</summary>
        public static readonly FindingDefinition WeakSubdomainPolicy = new FindingDefinition("Dmarc.WeakSubdomainPolicy", FindingSeverity.Warning,
            "The subdomain policy (sp) or the non-existent-subdomain policy (np) is weaker than p, so an attacker can spoof made-up or unused subdomains more easily than the domain itself.",
            "RFC 9989 §4.7",
            "Remove sp and np so subdomains inherit p, or set them at least as strict as p; use np=reject in any case, since non-existent subdomains send no legitimate mail.");

        /// <summary>No rua tag.</summary>
        public static readonly FindingDefinition NoAggregateReports = new FindingDefinition("Dmarc.NoAggregateReports", FindingSeverity.Info,
            "The record has no rua tag, so receivers MUST NOT send aggregate reports and the domain owner cannot see who sends mail as the domain; with p=none the record then does nothing at all.",
            "RFC 9989 §4.7; RFC 9990 §3",
            "Add rua=mailto:<mailbox> with a mailbox (or report-processing service) that reads DMARC aggregate reports.");

        /// <summary>A rua or ruf URI is invalid.</summary>
        public static readonly FindingDefinition InvalidReportUri = new FindingDefinition("Dmarc.InvalidReportUri", FindingSeverity.Warning,
            "A report URI in rua or ruf is not a valid URI (or a mailto: URI without a valid address); receivers ignore it, so no reports go there.",
            "RFC 9989 §4.7, §4.8; RFC 9990 §3.5",
            "Write each destination as a full URI such as mailto:dmarc@example.com, separate several with commas, and percent-encode ',' and '!' inside a URI.");

        /// <summary>A report URI uses a scheme other than mailto.</summary>
        public static readonly FindingDefinition UnsupportedReportUriScheme = new FindingDefinition("Dmarc.UnsupportedReportUriScheme", FindingSeverity.Warning,
            "A report URI uses a scheme other than mailto:; receivers only have to support mailto: and MUST ignore URIs whose scheme they do not support, so most will send nothing there.",
            "RFC 9989 §4.7",
            "Use a mailto: URI, or add a mailto: URI beside this one.");

        /// <summary>A report URI has the obsolete !size suffix.</summary>
        public static readonly FindingDefinition ObsoleteReportSizeLimit = new FindingDefinition("Dmarc.ObsoleteReportSizeLimit", FindingSeverity.Info,
            "A report URI ends in a maximum report size ('!10m'); RFC 9989 made this syntax obsolete and reporters should ignore it.",
            "RFC 9989 §4.8, Appendix C.4; RFC 7489 §6.2",
            "Remove the '!size' suffix; it is harmless but no longer has any effect.");

        /// <summary>An external report destination has not authorised the domain.</summary>
        public static readonly FindingDefinition ExternalDestinationNotAuthorized = new FindingDefinition("Dmarc.ExternalDestinationNotAuthorized", FindingSeverity.Warning,
            "A report destination is outside the policy's organizational domain and has not published <policy domain>._report._dmarc.<destination host> with v=DMARC1; receivers MUST ignore the URI, so no reports arrive there.",
            "RFC 9990 §4; RFC 9991 §5",
            "Ask the report receiver to publish a TXT record 'v=DMARC1' at <policy domain>._report._dmarc.<destination host> (services often document this), or send reports to a mailbox in your own domain.");

        /// <summary>The destination's authorisation record overrides the URI.</summary>
        public static readonly FindingDefinition ReportDestinationOverridden = new FindingDefinition("Dmarc.ReportDestinationOverridden", FindingSeverity.Info,
            "The external destination's authorisation record has its own rua or ruf, which replaces the URI of the policy record; if it names another host, receivers send no report at all.",
            "RFC 9990 §4 step 9",
            "Nothing to change if the report receiver meant this; otherwise ask it to correct its authorisation record, or use the address it publishes.");

        /// <summary>pct, rf or ri is used.</summary>
        public static readonly FindingDefinition RemovedTag = new FindingDefinition("Dmarc.RemovedTag", FindingSeverity.Warning,
            "The record uses pct, rf or ri, which RFC 9989 removed: receivers that follow RFC 9989 ignore them (pct=50 no longer limits the policy to half the mail), while RFC 7489 receivers still apply them.",
            "RFC 9989 Appendix C.5.2, Appendix A.6",
            "Remove pct, rf and ri; to test a policy use t=y (the successor of pct=0) and remove it once the reports are clean.");

        /// <summary>A tag no DMARC specification defines.</summary>
        public static readonly FindingDefinition UnknownTag = new FindingDefinition("Dmarc.UnknownTag", FindingSeverity.Warning,
            "The record has a tag that DMARC does not define; receivers ignore it, so a misspelt tag silently does nothing.",
            "RFC 9989 §4.7",
            "Correct the name if it is a misspelt DMARC tag (tag names are lower case); otherwise remove it.");

        /// <summary>ruf without fo.</summary>
        public static readonly FindingDefinition FailureReportsWithoutOptions = new FindingDefinition("Dmarc.FailureReportsWithoutOptions", FindingSeverity.Info,
            "The record asks for failure reports (ruf) without fo, so the default fo=0 applies: a report only when both SPF and DKIM fail to give an aligned pass. Many receivers send no failure reports at all, for privacy.",
            "RFC 9989 §4.7 (fo); RFC 9991",
            "Add fo=1 to get a report when either mechanism fails alignment (add d and s for DKIM- and SPF-specific reports), or leave fo out if the default is what you want.");

        /// <summary>fo without ruf.</summary>
        public static readonly FindingDefinition FailureOptionsWithoutRuf = new FindingDefinition("Dmarc.FailureOptionsWithoutRuf", FindingSeverity.Info,
            "The record has fo but no ruf; receivers MUST ignore fo without ruf, so it has no effect.",
            "RFC 9989 §4.7 (fo)",
            "Add ruf=mailto:<mailbox> if you want failure reports; otherwise remove fo.");

        /// <summary>sp or np in a record below the organizational domain.</summary>
        public static readonly FindingDefinition SubdomainPolicyIgnored = new FindingDefinition("Dmarc.SubdomainPolicyIgnored", FindingSeverity.Info,
            "The record has sp or np but is not published at an organizational domain; policy discovery for its subdomains goes to the organizational domain, so these tags are never used.",
            "RFC 9989 §4.7 (sp), §4.10.1",
            "Put the subdomain policy in the organizational domain's record, publish records at the subdomains that need their own policy, or add psd=n if this domain really is an organizational domain.");

        /// <summary>A DNS query failed temporarily.</summary>
        public static readonly FindingDefinition DnsTemporaryFailure = new FindingDefinition("Dmarc.DnsTemporaryFailure", FindingSeverity.Error,
            "A DNS query needed for the DMARC policy, the organizational domain or a report authorisation failed (timeout or server failure); receivers may defer mail or skip DMARC.",
            "RFC 9989 §4.10.1; RFC 9990 §4",
            "Check that the authoritative name servers answer TXT queries for _dmarc names reliably, then run the check again.");
    }
}
