using System;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dns;

namespace MailAuth.Dmarc
{
    /// <summary>
    /// Identifier alignment (RFC 9989 §3.2.10, §4.4): whether an authenticated identifier (the SPF-validated MAIL FROM domain, or a
    /// valid DKIM signature's d= domain) may stand for the author domain (the RFC5322.From domain).
    /// </summary>
    /// <remarks>
    /// Strict alignment needs the two names to be identical; relaxed alignment needs the same organizational domain
    /// (<see cref="DmarcDiscovery.GetOrganizationalDomainAsync"/>). Comparisons ignore case (RFC 4343) and a trailing dot.
    /// To check several identifiers against one author domain, find the organizational domains once and call
    /// <see cref="IsAligned"/>; a caching resolver makes repeated tree walks cheap.
    /// </remarks>
    public static class DmarcAlignment
    {
        /// <summary>Whether two domains are aligned, given their organizational domains.</summary>
        /// <param name="authenticatedDomain">The SPF-authenticated MAIL FROM domain or a DKIM d= domain.</param>
        /// <param name="authorDomain">The RFC5322.From domain.</param>
        /// <param name="mode">The record's aspf (for SPF) or adkim (for DKIM).</param>
        /// <param name="authenticatedOrganizationalDomain">The organizational domain of <paramref name="authenticatedDomain"/>; null when unknown.</param>
        /// <param name="authorOrganizationalDomain">The organizational domain of <paramref name="authorDomain"/>; null when unknown.</param>
        /// <returns>True for identical names (either mode), or, in relaxed mode, for equal organizational domains; false otherwise, including when an organizational domain is unknown.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="authenticatedDomain"/> or <paramref name="authorDomain"/> is null.</exception>
        public static bool IsAligned(string authenticatedDomain, string authorDomain, DmarcAlignmentMode mode,
            string? authenticatedOrganizationalDomain, string? authorOrganizationalDomain)
        {
            if (authenticatedDomain is null) throw new ArgumentNullException(nameof(authenticatedDomain));
            if (authorDomain is null) throw new ArgumentNullException(nameof(authorDomain));
            if (Same(authenticatedDomain, authorDomain)) return true;
            if (mode == DmarcAlignmentMode.strict) return false;
            return authenticatedOrganizationalDomain != null && authorOrganizationalDomain != null
                && Same(authenticatedOrganizationalDomain, authorOrganizationalDomain);
        }

        /// <summary>Whether two domains are aligned, finding their organizational domains as <paramref name="discoveryMode"/> says (no DNS for strict mode or identical names).</summary>
        /// <param name="authenticatedDomain">The SPF-authenticated MAIL FROM domain or a DKIM d= domain.</param>
        /// <param name="authorDomain">The RFC5322.From domain.</param>
        /// <param name="mode">The record's aspf (for SPF) or adkim (for DKIM).</param>
        /// <param name="resolver">Where the tree walks' questions go.</param>
        /// <param name="discoveryMode">Tree walk (RFC 9989) or public suffix list (RFC 7489).</param>
        /// <param name="cancellationToken">Cancels the walks.</param>
        /// <returns>True or false; null when a temporary DNS failure left an organizational domain unknown.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
        public static async Task<bool?> IsAlignedAsync(string authenticatedDomain, string authorDomain, DmarcAlignmentMode mode, IDnsResolver resolver,
            DmarcDiscoveryMode discoveryMode = DmarcDiscoveryMode.TreeWalk, CancellationToken cancellationToken = default)
        {
            if (authenticatedDomain is null) throw new ArgumentNullException(nameof(authenticatedDomain));
            if (authorDomain is null) throw new ArgumentNullException(nameof(authorDomain));
            if (resolver is null) throw new ArgumentNullException(nameof(resolver));
            if (Same(authenticatedDomain, authorDomain)) return true;
            if (mode == DmarcAlignmentMode.strict) return false;
            var a = await DmarcDiscovery.GetOrganizationalDomainAsync(authenticatedDomain, resolver, discoveryMode, cancellationToken).ConfigureAwait(false);
            var b = await DmarcDiscovery.GetOrganizationalDomainAsync(authorDomain, resolver, discoveryMode, cancellationToken).ConfigureAwait(false);
            if (a.OrganizationalDomain is null || b.OrganizationalDomain is null) return null;
            return Same(a.OrganizationalDomain, b.OrganizationalDomain);
        }

        private static bool Same(string a, string b) => string.Equals(DnsName.Normalize(a), DnsName.Normalize(b), StringComparison.Ordinal);
    }
}
