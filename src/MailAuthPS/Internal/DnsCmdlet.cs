using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dns;

namespace MailAuthPS.Commands
{
    /// <summary>Base of every cmdlet that resolves names: the shared <c>-Server</c>, <c>-ZoneFile</c>, <c>-DnsTimeoutSec</c> and one resolver cache per run.</summary>
    public abstract class DnsCmdlet : MailAuthCmdlet
    {
        /// <summary>DNS servers to ask (<c>192.0.2.53</c>, <c>127.0.0.1:5353</c>, <c>[2001:db8::53]:53</c>), or <c>system</c>.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Server { get; set; }

        /// <summary>RFC 1035 zone files to answer from; alone they make the run offline, with <c>-Server</c> they overlay the network.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[]? ZoneFile { get; set; }

        /// <summary>Seconds allowed per DNS attempt (one retry follows a timeout).</summary>
        [Parameter]
        [ValidateRange(1, 60)]
        public int DnsTimeoutSec { get; set; } = 5;

        /// <summary>The resolver for this run, shared by every input.</summary>
        protected IDnsResolver Resolver { get; private set; } = null!;

        /// <inheritdoc />
        protected override string ProgressItemName => "domains";

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            var options = new DnsResolverOptions
            {
                Servers = Server ?? Array.Empty<string>(),
                ZoneFiles = ResolveZoneFiles(),
                Timeout = TimeSpan.FromSeconds(DnsTimeoutSec),
            };
            try
            {
                Resolver = DnsResolverFactory.Create(options);
            }
            catch (ZoneFileException e)
            {
                ThrowTerminatingError(Error(e, "InvalidZoneFile", ErrorCategory.InvalidData, e.FileName));
            }
            catch (FormatException e)
            {
                ThrowTerminatingError(Error(e, "InvalidDnsServer", ErrorCategory.InvalidArgument, Server));
            }
            catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException)
            {
                ThrowTerminatingError(Error(e, "ZoneFileUnreadable", ErrorCategory.ReadError, ZoneFile));
            }
        }

        /// <summary>Normalises one domain input and queues <paramref name="work"/> for it; an unusable name becomes an <c>InvalidDomainName</c> error in input order.</summary>
        protected void EnqueueDomain(string? input, Func<string, CancellationToken, Task<object>> work)
            => EnqueueDomains(new[] { input }, async (name, ct) => new[] { await work(name, ct).ConfigureAwait(false) });

        /// <summary>Like <see cref="EnqueueDomain"/> for several inputs whose work writes any number of objects each.</summary>
        protected void EnqueueDomains(IEnumerable<string?>? inputs, Func<string, CancellationToken, Task<IEnumerable<object>>> work)
        {
            foreach (string? input in inputs ?? Array.Empty<string?>())
            {
                string normalized;
                try
                {
                    normalized = DnsName.NormalizeInput(input ?? string.Empty);
                }
                catch (FormatException e)
                {
                    EnqueueError(Error(e, "InvalidDomainName", ErrorCategory.InvalidArgument, input));
                    continue;
                }
                Enqueue(input ?? string.Empty, ct => work(normalized, ct));
            }
        }

        private IReadOnlyList<string> ResolveZoneFiles()
        {
            var files = new List<string>();
            foreach (string path in ZoneFile ?? Array.Empty<string>())
            {
                try
                {
                    files.AddRange(GetResolvedProviderPathFromPSPath(path, out var provider)
                        .Where(_ => provider.Name == "FileSystem"));
                }
                catch (ItemNotFoundException e)
                {
                    ThrowTerminatingError(Error(e, "ZoneFileNotFound", ErrorCategory.ObjectNotFound, path));
                }
            }
            if (ZoneFile != null && files.Count == 0)
                ThrowTerminatingError(Error(new System.IO.FileNotFoundException("No zone file matches " + string.Join(", ", ZoneFile) + "."), "ZoneFileNotFound", ErrorCategory.ObjectNotFound, ZoneFile));
            return files;
        }
    }
}
