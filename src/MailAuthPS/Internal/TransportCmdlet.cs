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

        /// <summary>The name sent in EHLO by default: the host's own name, as MTAs send it; no DNS lookup is made for it.</summary>
        protected static string LocalName()
        {
            string name = System.Net.Dns.GetHostName();
            return MailAuth.Dns.DnsName.Validate(name) is null && name.IndexOf('.') > 0 ? name : "mailauthps.localdomain";
        }

        /// <summary>An HTTPS fetcher bound to this run's resolver.</summary>
        protected HttpsFetcher CreateFetcher(int maxBytes) => new HttpsFetcher(Resolver, TimeSpan.FromSeconds(TimeoutSec), maxBytes, Offline);
    }
}
