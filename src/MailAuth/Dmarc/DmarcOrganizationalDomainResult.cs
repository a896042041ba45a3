using System.Collections.Generic;

namespace MailAuth.Dmarc
{
    /// <summary>The organizational domain of a domain (RFC 9989 §3.2.14, §4.10.2; RFC 7489 §3.2), with how it was found.</summary>
    public sealed class DmarcOrganizationalDomainResult
    {
        internal DmarcOrganizationalDomainResult(string domain, DmarcDiscoveryMode mode, string? organizationalDomain,
            DmarcOrganizationalDomainBasis basis, IReadOnlyList<DmarcDiscoveryStep> steps, string? error)
        {
            Domain = domain;
            DiscoveryMode = mode;
            OrganizationalDomain = organizationalDomain;
            Basis = basis;
            Steps = steps;
            Error = error;
        }

        /// <summary>The domain whose organizational domain was sought.</summary>
        public string Domain { get; }
        /// <summary>Tree walk (RFC 9989) or public suffix list (RFC 7489).</summary>
        public DmarcDiscoveryMode DiscoveryMode { get; }
        /// <summary>The organizational domain; null only when a DNS query of the tree walk failed temporarily.</summary>
        public string? OrganizationalDomain { get; }
        /// <summary>Which rule chose it.</summary>
        public DmarcOrganizationalDomainBasis Basis { get; }
        /// <summary>The tree walk's questions and answers; empty for the public suffix list, which needs no DNS.</summary>
        public IReadOnlyList<DmarcDiscoveryStep> Steps { get; }
        /// <summary>The DNS failure, when <see cref="OrganizationalDomain"/> is null.</summary>
        public string? Error { get; }
        /// <summary>True when the organizational domain could not be determined because of a temporary DNS failure.</summary>
        public bool IsTemporaryFailure => OrganizationalDomain is null;

        /// <inheritdoc />
        public override string ToString() => $"{Domain}: {OrganizationalDomain ?? "temperror"} ({Basis})";
    }
}
