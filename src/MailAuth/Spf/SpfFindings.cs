using MailAuth.Findings;

namespace MailAuth.Spf
{
    /// <summary>The SPF findings catalogue.</summary>
    public static class SpfFindings
    {
        /// <summary>No SPF record is published.</summary>
        public static readonly FindingDefinition NoRecord = new FindingDefinition("Spf.NoRecord", FindingSeverity.Warning,
            "The domain publishes no SPF record, so receivers get SPF result none for mail claiming it.",
            "RFC 7208 §4.5",
            "Publish a TXT record starting with v=spf1 that lists the domain's senders; a domain that sends no mail should publish 'v=spf1 -all'.");

        /// <summary>More than one SPF record is published.</summary>
        public static readonly FindingDefinition MultipleRecords = new FindingDefinition("Spf.MultipleRecords", FindingSeverity.Error,
            "The domain publishes more than one SPF record; receivers return permerror.",
            "RFC 7208 §4.5",
            "Merge the records into a single TXT record starting with v=spf1 and delete the others.");

        /// <summary>A term does not follow the SPF grammar.</summary>
        public static readonly FindingDefinition SyntaxError = new FindingDefinition("Spf.SyntaxError", FindingSeverity.Error,
            "A term of the SPF record does not follow the grammar; receivers return permerror for the whole record.",
            "RFC 7208 §4.6, §12",
            "Correct the term named in the message; see RFC 7208 §5 and §12 for the form of each mechanism.");

        /// <summary>A mechanism name is not one RFC 7208 defines.</summary>
        public static readonly FindingDefinition UnknownMechanism = new FindingDefinition("Spf.UnknownMechanism", FindingSeverity.Error,
            "The record uses a mechanism RFC 7208 does not define; receivers return permerror.",
            "RFC 7208 §5",
            "Use one of all, include, a, mx, ptr, ip4, ip6, exists; a modifier needs '=' (name=value).");

        /// <summary>redirect= or exp= appears more than once.</summary>
        public static readonly FindingDefinition DuplicateModifier = new FindingDefinition("Spf.DuplicateModifier", FindingSeverity.Error,
            "The redirect or exp modifier appears more than once; receivers return permerror.",
            "RFC 7208 §6",
            "Keep one redirect= and at most one exp= in the record.");

        /// <summary>The DNS query for the record failed temporarily.</summary>
        public static readonly FindingDefinition DnsTemporaryFailure = new FindingDefinition("Spf.DnsTemporaryFailure", FindingSeverity.Error,
            "The DNS query for the SPF record failed (timeout or server failure); receivers get temperror and may defer mail.",
            "RFC 7208 §4.4",
            "Check that the domain's authoritative name servers answer TXT queries reliably, then run the check again.");
    }
}
