using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace MailAuth.Dns
{
    /// <summary>
    /// Zone-file records layered over another resolver: names inside the zones are answered from the
    /// files (a planned change, checked before it is published); every other name goes to the fallback.
    /// </summary>
    public sealed class OverlayDnsResolver : IDnsResolver
    {
        private readonly DnsRecordStore _overlay;
        private readonly IDnsResolver _fallback;

        /// <summary>Creates an overlay.</summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public OverlayDnsResolver(DnsRecordStore overlay, IDnsResolver fallback)
        {
            _overlay = overlay ?? throw new ArgumentNullException(nameof(overlay));
            _fallback = fallback ?? throw new ArgumentNullException(nameof(fallback));
        }

        /// <inheritdoc />
        public async Task<DnsQueryResult> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
        {
            if (name is null) throw new ArgumentNullException(nameof(name));
            if (!_overlay.Covers(name)) return await _fallback.QueryAsync(name, type, cancellationToken).ConfigureAwait(false);
            var local = _overlay.Query(name, type);
            if (local.CnameChain.Count == 0) return local;
            string target = ((NameRecord)local.CnameChain[local.CnameChain.Count - 1]).Target;
            if (_overlay.Covers(target)) return local;
            // A CNAME out of the overlaid zones: the rest of the chain lives in real DNS.
            var remote = await _fallback.QueryAsync(target, type, cancellationToken).ConfigureAwait(false);
            return new DnsQueryResult(name, type, remote.Outcome, remote.Records, local.CnameChain.Concat(remote.CnameChain),
                remote.Error, remote.NegativeTtl, remote.Server);
        }
    }
}
