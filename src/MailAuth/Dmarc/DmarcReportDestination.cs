using System;
using System.Collections.Generic;

namespace MailAuth.Dmarc
{
    /// <summary>One report URI of the applicable record, with the external-destination check of RFC 9990 §4 (aggregate) and RFC 9991 §5 (failure).</summary>
    public sealed class DmarcReportDestination
    {
        internal DmarcReportDestination(DmarcReportUri uri)
        {
            Uri = uri;
        }

        /// <summary><c>rua</c> or <c>ruf</c>.</summary>
        public string Tag => Uri.Tag;
        /// <summary>The URI, parsed.</summary>
        public DmarcReportUri Uri { get; }
        /// <summary>The destination host.</summary>
        public string? Host => Uri.Host;
        /// <summary>The organizational domain of the host; null when not determined.</summary>
        public string? HostOrganizationalDomain { get; internal set; }
        /// <summary>The organizational domain of the policy domain it is compared with; null when not determined.</summary>
        public string? PolicyOrganizationalDomain { get; internal set; }
        /// <summary>True when the host is outside the policy's organizational domain; null when that could not be decided.</summary>
        public bool? IsExternal { get; internal set; }
        /// <summary>The name asked for the authorisation: <c>&lt;policy domain&gt;._report._dmarc.&lt;host&gt;</c>.</summary>
        public string? AuthorizationName { get; internal set; }
        /// <summary>The outcome of the check.</summary>
        public DmarcDestinationAuthorization Authorization { get; internal set; } = DmarcDestinationAuthorization.NotChecked;
        /// <summary>The authorising record found, when authorised.</summary>
        public string? AuthorizationRecord { get; internal set; }
        /// <summary>URIs the authorising record puts in place of this one (RFC 9990 §4 step 9); empty when none.</summary>
        public IReadOnlyList<string> OverrideUris { get; internal set; } = Array.Empty<string>();
        /// <summary>True when receivers will send reports here (or to its override): valid, and inside the organization or authorised, and no override to another host.</summary>
        public bool WillReceiveReports { get; internal set; }
        /// <summary>What the check found, in a few words.</summary>
        public string? Detail { get; internal set; }

        /// <inheritdoc />
        public override string ToString() => $"{Tag} {Uri.Uri}: {Authorization}";
    }
}
