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

        // Findings of the SPF linter (Test-SpfRecord), which walks the whole include/redirect tree.

        /// <summary>More than 10 DNS-querying terms through the whole tree.</summary>
        public static readonly FindingDefinition TooManyDnsLookups = new FindingDefinition("Spf.TooManyDnsLookups", FindingSeverity.Error,
            "Counted through every include and redirect, the record has more than 10 terms that cause DNS lookups; evaluation that reaches the 11th returns permerror.",
            "RFC 7208 §4.6.4",
            "Bring the count to 10 or fewer: remove includes of services no longer used, replace a and mx with ip4/ip6 networks you control, use a provider's flatter include, or send some mail from a subdomain with its own record.");

        /// <summary>More than two void lookups through the whole tree.</summary>
        public static readonly FindingDefinition TooManyVoidLookups = new FindingDefinition("Spf.TooManyVoidLookups", FindingSeverity.Error,
            "More than two terms of the tree look up names that return no records (NXDOMAIN or NODATA); receivers that apply the recommended limit of two return permerror.",
            "RFC 7208 §4.6.4",
            "Remove the terms that name hosts or domains that no longer exist, or publish the records they expect.");

        /// <summary>A term looks up a name that returns no records.</summary>
        public static readonly FindingDefinition VoidLookup = new FindingDefinition("Spf.VoidLookup", FindingSeverity.Warning,
            "A term looks up a name that returns no records (NXDOMAIN or NODATA): a void lookup that authorises nothing and counts against the limit of two.",
            "RFC 7208 §4.6.4",
            "Remove the term, or publish the A/AAAA or MX records it expects.");

        /// <summary>An include or redirect leads back to a domain already on its path.</summary>
        public static readonly FindingDefinition Loop = new FindingDefinition("Spf.Loop", FindingSeverity.Error,
            "An include or redirect leads back to a record already being evaluated; evaluation loops until the lookup limit and returns permerror.",
            "RFC 7208 §4.6.4, §5.2",
            "Remove the include or redirect that points back up the chain.");

        /// <summary>An include names a domain without an SPF record.</summary>
        public static readonly FindingDefinition IncludeWithoutRecord = new FindingDefinition("Spf.IncludeWithoutRecord", FindingSeverity.Error,
            "An include names a domain that has no SPF record; when evaluation reaches it the result is permerror.",
            "RFC 7208 §5.2",
            "Correct the include to the name the provider documents, or remove it if the service is no longer used.");

        /// <summary>A redirect names a domain without an SPF record.</summary>
        public static readonly FindingDefinition RedirectWithoutRecord = new FindingDefinition("Spf.RedirectWithoutRecord", FindingSeverity.Error,
            "The redirect names a domain that has no SPF record; the result is permerror.",
            "RFC 7208 §6.1",
            "Point redirect= at a domain that publishes an SPF record, or replace it with the mechanisms and an 'all'.");

        /// <summary>The ptr mechanism is used.</summary>
        public static readonly FindingDefinition PtrMechanism = new FindingDefinition("Spf.PtrMechanism", FindingSeverity.Warning,
            "The record uses 'ptr', which is slow, unreliable and SHOULD NOT be published; some receivers ignore it.",
            "RFC 7208 §5.5",
            "Replace ptr with ip4/ip6 networks (or a/mx) that list the sending hosts.");

        /// <summary>+all authorises every host.</summary>
        public static readonly FindingDefinition PassAll = new FindingDefinition("Spf.PassAll", FindingSeverity.Error,
            "'+all' (or 'all' without a qualifier) makes every host on the Internet pass SPF for the domain.",
            "RFC 7208 §5.1, Appendix A.1",
            "End the record with '-all' (or '~all' while testing) after the mechanisms that list the real senders.");

        /// <summary>?all gives neutral, treated like no policy.</summary>
        public static readonly FindingDefinition NeutralAll = new FindingDefinition("Spf.NeutralAll", FindingSeverity.Warning,
            "The record ends in '?all': unlisted hosts get neutral, which receivers must treat exactly like having no SPF policy.",
            "RFC 7208 §5.1, §8.2",
            "End the record with '-all' (or '~all' while testing) once every sender is listed.");

        /// <summary>Neither all nor redirect ends the record.</summary>
        public static readonly FindingDefinition NoAllOrRedirect = new FindingDefinition("Spf.NoAllOrRedirect", FindingSeverity.Warning,
            "The record has neither an 'all' mechanism nor a redirect modifier, so unlisted hosts get the default result neutral.",
            "RFC 7208 §4.7",
            "End the record with '-all' (or '~all' while testing), or with redirect= to a shared record.");

        /// <summary>redirect= is ignored because the record has all.</summary>
        public static readonly FindingDefinition RedirectIgnored = new FindingDefinition("Spf.RedirectIgnored", FindingSeverity.Warning,
            "The record has both 'all' and redirect=; receivers ignore the redirect whatever the order of the terms.",
            "RFC 7208 §5.1, §6.1",
            "Remove the 'all' mechanism if the redirect is meant to apply, or remove the redirect.");

        /// <summary>Mechanisms after all are never evaluated.</summary>
        public static readonly FindingDefinition TermsAfterAll = new FindingDefinition("Spf.TermsAfterAll", FindingSeverity.Warning,
            "Mechanisms after 'all' are never evaluated, so the senders they list are not authorised.",
            "RFC 7208 §5.1",
            "Move 'all' to the end of the record, after every mechanism.");

        /// <summary>A modifier that RFC 7208 does not define.</summary>
        public static readonly FindingDefinition UnknownModifier = new FindingDefinition("Spf.UnknownModifier", FindingSeverity.Warning,
            "The record has a modifier RFC 7208 does not define; receivers ignore it, so a misspelt redirect= or exp= silently does nothing.",
            "RFC 7208 §6",
            "Correct the name if it is a misspelt redirect or exp; otherwise remove the modifier unless another specification you rely on defines it.");

        /// <summary>A macro does not follow the macro grammar.</summary>
        public static readonly FindingDefinition MacroSyntaxError = new FindingDefinition("Spf.MacroSyntaxError", FindingSeverity.Error,
            "A macro in a domain-spec or modifier value does not follow the macro grammar; receivers return permerror for the whole record.",
            "RFC 7208 §7.1",
            "Write macros as %{letter}, %{letter digits r delimiters}, %%, %_ or %-; the letters are s, l, o, d, i, p, h and v (c, r, t only in explanation text).");

        /// <summary>An ip4/ip6 network has host bits set beyond its prefix length.</summary>
        public static readonly FindingDefinition NetworkHostBitsSet = new FindingDefinition("Spf.NetworkHostBitsSet", FindingSeverity.Warning,
            "An ip4 or ip6 network is written with host bits set beyond its prefix length (such as ip4:192.0.2.1/24); receivers compare only the prefix, so it authorises the whole network, which may not be what was meant.",
            "RFC 7208 §5.6",
            "Write the network address (ip4:192.0.2.0/24), or use /32 (/128) if only the one host was meant.");

        /// <summary>The TXT answer is larger than the 450 octets RFC 7208 advises.</summary>
        public static readonly FindingDefinition RecordTooLarge = new FindingDefinition("Spf.RecordTooLarge", FindingSeverity.Warning,
            "The domain name and its TXT records together exceed 450 octets, so the answer may not fit a 512-octet UDP DNS message; receivers behind resolvers or firewalls that mishandle TCP or EDNS0 may not get the record.",
            "RFC 7208 §3.4",
            "Shorten the record: list networks instead of single addresses, move senders to includes or subdomains, and remove TXT records at the domain that are no longer needed.");

        /// <summary>A record of the discontinued SPF RR type 99 is published.</summary>
        public static readonly FindingDefinition SpfRecordTypePublished = new FindingDefinition("Spf.SpfRecordTypePublished", FindingSeverity.Warning,
            "The domain publishes a record of DNS type SPF (99); SPF records are published as TXT only and receivers never query type 99.",
            "RFC 7208 §3.1",
            "Delete the type-99 record; keep the policy in a single TXT record starting with v=spf1.");

        /// <summary>A historic Sender ID (spf2.0) record is published.</summary>
        public static readonly FindingDefinition SenderIdRecord = new FindingDefinition("Spf.SenderIdRecord", FindingSeverity.Info,
            "The domain publishes a Sender ID record (spf2.0/...); Sender ID was an experiment that has ended, receivers do not use it for SPF, and it only adds to the size of the TXT answer.",
            "RFC 4406; RFC 6686",
            "Delete the spf2.0 record; the v=spf1 record is what receivers evaluate.");

        /// <summary>An mx mechanism names a domain with more than 10 MX records.</summary>
        public static readonly FindingDefinition TooManyMxRecords = new FindingDefinition("Spf.TooManyMxRecords", FindingSeverity.Error,
            "An mx mechanism names a domain with more than 10 MX records; evaluating it returns permerror.",
            "RFC 7208 §4.6.4",
            "Replace the mx mechanism with ip4/ip6 networks of the sending hosts, or reduce the MX records to 10.");

        /// <summary>Part of the tree uses macros and depends on the sender.</summary>
        public static readonly FindingDefinition DependsOnSender = new FindingDefinition("Spf.DependsOnSender", FindingSeverity.Info,
            "Some terms use macros, so what they query depends on the sender and client; their branches were not expanded and each counts as one lookup here.",
            "RFC 7208 §7",
            "Nothing to change if the macros are intended; check a particular sender with Get-SpfEvaluation.");

        /// <summary>The tree walk stopped at a limit.</summary>
        public static readonly FindingDefinition WalkIncomplete = new FindingDefinition("Spf.WalkIncomplete", FindingSeverity.Warning,
            "The walk through includes and redirects stopped at a limit (nesting depth, DNS questions or records), so counts are lower bounds and some findings may be missing.",
            "RFC 7208 §4.6.4",
            "Reduce nesting and the number of DNS-querying terms; a record that reaches these limits is far over the limit of 10 lookups.");
    }
}
