using MailAuth.Findings;

namespace MailAuth.Dmarc
{
    /// <summary>Findings about a message's DMARC evaluation.</summary>
    public static class DmarcEvaluationFindings
    {
        /// <summary>The message has no From field.</summary>
        public static readonly FindingDefinition NoFrom = new FindingDefinition("DmarcEval.NoFrom", FindingSeverity.Error,
            "The message has no From header field, so it has no author domain and DMARC cannot be evaluated.",
            "RFC 9989 §5.3.1; RFC 5322 §3.6",
            "Every message must carry exactly one From field; fix the sending software.");

        /// <summary>The message has several From fields.</summary>
        public static readonly FindingDefinition MultipleFromFields = new FindingDefinition("DmarcEval.MultipleFromFields", FindingSeverity.Error,
            "The message has more than one From header field; RFC 5322 allows one, and such messages are a known attack on DMARC.",
            "RFC 9989 §5.3.1, §11.5; RFC 5322 §3.6",
            "Treat the message as suspicious; legitimate software sends one From field.");

        /// <summary>The From field names several author domains.</summary>
        public static readonly FindingDefinition MultipleAuthorDomains = new FindingDefinition("DmarcEval.MultipleAuthorDomains", FindingSeverity.Error,
            "The From field holds addresses in more than one domain, so there is no single author domain.",
            "RFC 9989 §5.3.1, §11.5",
            "Receivers may evaluate each domain and apply the strictest failing policy; senders should use one author address.");

        /// <summary>The From field cannot be read as an address.</summary>
        public static readonly FindingDefinition UnparseableFrom = new FindingDefinition("DmarcEval.UnparseableFrom", FindingSeverity.Error,
            "The From header field holds no address with a domain that can be read.",
            "RFC 9989 §5.3.1; RFC 5322 §3.4",
            "Fix the From field: it needs a mailbox such as Name <user@example.com>.");

        /// <summary>Envelope inputs were taken from header fields.</summary>
        public static readonly FindingDefinition EnvelopeFromHeaders = new FindingDefinition("DmarcEval.EnvelopeFromHeaders", FindingSeverity.Info,
            "SMTP envelope values were not given and were read from the message's Return-Path and Received fields, which the last hop wrote and which can be wrong.",
            "RFC 5321 §4.4",
            "Give -ClientIP, -MailFrom and -Helo from the receiving server's logs for an exact SPF result.");

        /// <summary>No client address was available for SPF.</summary>
        public static readonly FindingDefinition NoClientAddress = new FindingDefinition("DmarcEval.NoClientAddress", FindingSeverity.Warning,
            "No SMTP client address was given or found in a Received field, so SPF could not be evaluated and only DKIM can align.",
            "RFC 9989 §5.3.3; RFC 7208 §4.1",
            "Give -ClientIP (or -SpfResult) for an SPF result.");
    }
}
