using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dns;

namespace MailAuth.Net
{
    /// <summary>Host names to addresses, and TCP connections, through <see cref="IDnsResolver"/> so -Server and -ZoneFile apply to HTTPS and SMTP too.</summary>
    internal static class HostResolver
    {
        /// <summary>The A and AAAA addresses of a host (IPv4 first); an error text when there are none.</summary>
        public static async Task<(IReadOnlyList<IPAddress> Addresses, string? Error)> ResolveAsync(IDnsResolver resolver, string host, CancellationToken ct)
        {
            if (IPAddress.TryParse(host, out var literal)) return (new[] { literal }, null);
            var a = await resolver.QueryAsync(host, DnsRecordType.A, ct).ConfigureAwait(false);
            var aaaa = await resolver.QueryAsync(host, DnsRecordType.AAAA, ct).ConfigureAwait(false);
            var list = a.RecordsOf<AddressRecord>().Concat(aaaa.RecordsOf<AddressRecord>()).Select(r => r.Address).ToList();
            if (list.Count > 0) return (list, null);
            if (a.Outcome == DnsOutcome.TemporaryFailure || aaaa.Outcome == DnsOutcome.TemporaryFailure)
                return (list, $"the addresses of {host} could not be resolved: {a.Error ?? aaaa.Error}");
            return (list, a.Outcome == DnsOutcome.NxDomain ? $"{host} does not exist (NXDOMAIN)" : $"{host} has no A or AAAA record");
        }

        /// <summary>Connects to the first address that answers; throws the last socket error when none does.</summary>
        public static async Task<Socket> ConnectAsync(IReadOnlyList<IPAddress> addresses, int port, CancellationToken ct)
        {
            Exception? last = null;
            foreach (var address in addresses)
            {
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
#if NET8_0_OR_GREATER
                    await socket.ConnectAsync(new IPEndPoint(address, port), ct).ConfigureAwait(false);
#else
                    using (ct.Register(() => socket.Dispose()))
                    {
                        await Task.Factory.FromAsync(socket.BeginConnect, socket.EndConnect, (EndPoint)new IPEndPoint(address, port), null).ConfigureAwait(false);
                    }
                    ct.ThrowIfCancellationRequested();
#endif
                    return socket;
                }
                catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
                {
                    socket.Dispose();
                    ct.ThrowIfCancellationRequested();
                    last = e;
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }
            throw last as SocketException ?? new SocketException((int)SocketError.HostUnreachable);
        }
    }
}
