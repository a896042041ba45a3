using System;
using System.Collections.Generic;
using System.Linq;

namespace MailAuth.Dkim
{
    /// <summary>
    /// The selectors a probe tries when none is given. DKIM selectors cannot be listed from DNS, so a
    /// probe can only guess well-known names; finding none proves nothing.
    /// </summary>
    public static class DkimRecordSelectors
    {
        // Names providers document for their customers' domains, in probe (and output) order.
        private static readonly KeyValuePair<string, string>[] Known =
        {
            Pair("selector1", "Microsoft 365"),
            Pair("selector2", "Microsoft 365"),
            Pair("google", "Google Workspace"),
            Pair("k1", "Mailchimp"),
            Pair("k2", "Mailchimp"),
            Pair("k3", "Mailchimp"),
            Pair("mte1", "Mailchimp Transactional (Mandrill)"),
            Pair("mte2", "Mailchimp Transactional (Mandrill)"),
            Pair("mandrill", "Mandrill (older setups)"),
            Pair("s1", "SendGrid"),
            Pair("s2", "SendGrid"),
            Pair("pm", "Postmark (older setups)"),
            Pair("zendesk1", "Zendesk"),
            Pair("zendesk2", "Zendesk"),
            Pair("everlytickey1", "Everlytic"),
            Pair("everlytickey2", "Everlytic"),
            Pair("mxvault", "MXVault"),
            Pair("fm1", "Fastmail"),
            Pair("fm2", "Fastmail"),
            Pair("fm3", "Fastmail"),
            Pair("protonmail", "Proton Mail"),
            Pair("protonmail2", "Proton Mail"),
            Pair("protonmail3", "Proton Mail"),
            Pair("sig1", "iCloud custom domains"),
            Pair("ctct1", "Constant Contact"),
            Pair("ctct2", "Constant Contact"),
            Pair("mailjet", "Mailjet"),
            Pair("default", "generic (OpenDKIM and many hosting panels)"),
            Pair("dkim", "generic (Rspamd and others)"),
            Pair("mail", "generic"),
            Pair("smtp", "generic"),
            Pair("email", "generic"),
            Pair("selector", "generic"),
        };

        private static readonly IReadOnlyList<string> CommonNames = Known.Select(k => k.Key).ToArray();

        /// <summary>The selectors probed when none is given, in the order they are tried and reported.</summary>
        public static IReadOnlyList<string> Common => CommonNames;

        /// <summary>The provider or software known to use <paramref name="selector"/>, or null when it is not in the list.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="selector"/> is null.</exception>
        public static string? ProviderOf(string selector)
        {
            if (selector is null) throw new ArgumentNullException(nameof(selector));
            foreach (var k in Known) if (string.Equals(k.Key, selector, StringComparison.OrdinalIgnoreCase)) return k.Value;
            return null;
        }

        private static KeyValuePair<string, string> Pair(string selector, string provider) => new KeyValuePair<string, string>(selector, provider);
    }
}
