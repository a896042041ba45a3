using System;
using System.Management.Automation;
using MailAuth.Net;

namespace MailAuthPS.Commands
{
    /// <summary>Base of the cmdlets that connect to servers (HTTPS, SMTP): <c>-TimeoutSec</c>, and no connections when the run is offline.</summary>
    public abstract class TransportCmdlet : DnsCmdlet
    {
        /// <summary>Seconds allowed for each HTTPS fetch or SMTP conversation.</summary>
        [Parameter]
        [ValidateRange(1, 300)]
        public int TimeoutSec { get; set; } = 15;

        /// <summary>Zone files without -Server: nothing may go to the network, so fetches and probes are skipped.</summary>
        protected bool Offline => ZoneFile != null && Server == null;

        /// <summary>An HTTPS fetcher bound to this run's resolver.</summary>
        protected HttpsFetcher CreateFetcher(int maxBytes) => new HttpsFetcher(Resolver, TimeSpan.FromSeconds(TimeoutSec), maxBytes, Offline);
    }
}
