using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dns;
using MailAuth.Findings;
using MailAuth.Net;

namespace MailAuth.Smtp
{
    /// <summary>
    /// Connects to mail servers as a sending MTA would: EHLO, STARTTLS (RFC 3207), a TLS handshake validated by the platform
    /// for the MX name (a refusal is recorded with its reason, never bypassed), then QUIT; and matches TLSA records (RFC 7672).
    /// No mail is sent.
    /// </summary>
    public sealed class SmtpTlsProbe
    {
        private const int MaxReplyBytes = 16 * 1024;
        private const int ExpiresSoonDays = 14;
        private readonly IDnsResolver _resolver;

        /// <summary>Creates a probe.</summary>
        /// <param name="resolver">Resolves MX, address and TLSA records.</param>
        /// <param name="timeout">Time allowed per host for the whole conversation.</param>
        /// <param name="heloName">The name sent with EHLO.</param>
        /// <param name="offline">When true no connection is made (zone files only).</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public SmtpTlsProbe(IDnsResolver resolver, TimeSpan timeout, string heloName, bool offline = false)
        {
            _resolver = resolver ?? throw new ArgumentNullException(nameof(resolver));
            HeloName = heloName ?? throw new ArgumentNullException(nameof(heloName));
            Timeout = timeout;
            Offline = offline;
        }

        /// <summary>Time allowed per host.</summary>
        public TimeSpan Timeout { get; }
        /// <summary>The EHLO name.</summary>
        public string HeloName { get; }
        /// <summary>No connections are made.</summary>
        public bool Offline { get; }

        /// <summary>Tests every MX host of <paramref name="domain"/> (one result each; one result for a null MX).</summary>
        /// <exception cref="ArgumentNullException"><paramref name="domain"/> is null.</exception>
        /// <exception cref="OperationCanceledException">Cancelled.</exception>
        public async Task<IReadOnlyList<SmtpTlsResult>> TestDomainAsync(string domain, int port = 25, CancellationToken cancellationToken = default)
        {
            if (domain is null) throw new ArgumentNullException(nameof(domain));
            domain = DnsName.Normalize(domain);
            var mx = await _resolver.QueryAsync(domain, DnsRecordType.MX, cancellationToken).ConfigureAwait(false);
            if (mx.Outcome == DnsOutcome.TemporaryFailure)
            {
                var r = new SmtpTlsResult(domain, "", null, port) { Status = SmtpTlsStatus.temperror, Error = mx.Error };
                r.Findings = new[] { SmtpTlsFindings.DnsTemporaryFailure.Create($"The MX query for {domain} failed: {mx.Error}.") };
                return new[] { r };
            }
            var records = mx.RecordsOf<MxRecord>().OrderBy(m => m.Preference).ThenBy(m => m.Exchange, StringComparer.Ordinal).ToList();
            if (records.Count == 1 && records[0].Exchange.Length == 0)
            {
                var r = new SmtpTlsResult(domain, "", 0, port) { Status = SmtpTlsStatus.nullmx };
                r.Findings = new[] { SmtpTlsFindings.NullMx.Create($"{domain} publishes a null MX ('MX 0 .'): it accepts no mail.") };
                return new[] { r };
            }
            if (records.Count == 0)
            {
                // RFC 5321 §5.1: no MX, the domain itself is the implicit MX (only when it has an address).
                var implicitMx = SmtpTlsFindings.NoMx.Create($"{domain} has no MX records ({mx.Outcome}); the domain itself is tested as the implicit MX.");
                return new[] { await TestHostAsync(domain, port, domain, null, new[] { implicitMx }, cancellationToken).ConfigureAwait(false) };
            }
            var tasks = records.Where(m => m.Exchange.Length > 0)
                .Select(m => TestHostAsync(m.Exchange, port, domain, m.Preference, null, cancellationToken)).ToList();
            return await Task.WhenAll(tasks).ConfigureAwait(false);
        }

        /// <summary>Tests one host.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="host"/> is null.</exception>
        /// <exception cref="OperationCanceledException">Cancelled.</exception>
        public Task<SmtpTlsResult> TestHostAsync(string host, int port = 25, CancellationToken cancellationToken = default)
            => TestHostAsync(host ?? throw new ArgumentNullException(nameof(host)), port, null, null, null, cancellationToken);

        private async Task<SmtpTlsResult> TestHostAsync(string host, int port, string? domain, int? preference, IEnumerable<Finding>? initial, CancellationToken ct)
        {
            host = DnsName.Normalize(host);
            var result = new SmtpTlsResult(domain, host, preference, port);
            var findings = new List<Finding>(initial ?? Enumerable.Empty<Finding>());
            var capture = new CertificateCapture();

            if (Offline)
            {
                result.Status = SmtpTlsStatus.skipped;
                result.Error = "not probed: the run is offline (-ZoneFile without -Server)";
            }
            else
            {
                await ProbeAsync(result, capture, findings, ct).ConfigureAwait(false);
            }

            // DANE (RFC 7672 §2.2): TLSA records at _port._tcp.host.
            var tlsa = await _resolver.QueryAsync(result.TlsaName, DnsRecordType.TLSA, ct).ConfigureAwait(false);
            var tlsaRecords = tlsa.RecordsOf<TlsaRecord>().ToList();
            result.TlsaAuthenticated = tlsa.AuthenticatedData;
            if (tlsa.Outcome == DnsOutcome.TemporaryFailure)
            {
                result.Dane = DaneStatus.temperror;
                findings.Add(SmtpTlsFindings.DnsTemporaryFailure.Create($"The TLSA query for {result.TlsaName} failed: {tlsa.Error}."));
            }
            else if (tlsaRecords.Count == 0)
            {
                result.Dane = DaneStatus.none;
            }
            else
            {
                var matches = DaneMatcher.Match(tlsaRecords, capture.Presented);
                result.Tlsa = matches;
                foreach (var m in matches.Where(m => !m.Usable))
                    findings.Add(SmtpTlsFindings.TlsaUnusable.Create($"The TLSA record '{m.Record.Data}' at {result.TlsaName} is unusable: {m.Detail}."));
                if (!tlsa.AuthenticatedData)
                    findings.Add(SmtpTlsFindings.TlsaNotValidated.Create($"The TLSA answer for {result.TlsaName} (from {tlsa.Server ?? "the resolver"}) did not have the AD bit set; DANE senders would not use these records."));
                if (!matches.Any(m => m.Usable)) result.Dane = DaneStatus.unusable;
                else if (capture.Presented.Count == 0) result.Dane = DaneStatus.notchecked;
                else if (matches.Any(m => m.Matched)) result.Dane = DaneStatus.match;
                else
                {
                    result.Dane = DaneStatus.mismatch;
                    findings.Add(SmtpTlsFindings.TlsaMismatch.Create($"None of the {matches.Count(m => m.Usable)} usable TLSA records at {result.TlsaName} matches the chain presented by {host} (leaf {capture.Presented[0].Subject}, SHA-256 {Hex.Of(CertificateInfo.Sha256(capture.Presented[0].RawData))})."));
                }
            }
            result.Findings = findings;
            return result;
        }

        private async Task ProbeAsync(SmtpTlsResult result, CertificateCapture capture, List<Finding> findings, CancellationToken cancellationToken)
        {
            string host = result.MxHost;
            var (addresses, dnsError) = await HostResolver.ResolveAsync(_resolver, host, cancellationToken).ConfigureAwait(false);
            if (addresses.Count == 0)
            {
                result.Status = SmtpTlsStatus.unreachable;
                result.Error = dnsError;
                findings.Add(dnsError != null && dnsError.Contains("could not be resolved")
                    ? SmtpTlsFindings.DnsTemporaryFailure.Create($"The address query for {host} failed: {dnsError}.")
                    : SmtpTlsFindings.Unreachable.Create($"{host} cannot be reached: {dnsError}."));
                return;
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            var ct = timeout.Token;
            Socket? socket = null;
            string stage = "connecting";
            bool tlsDone = false;
            try
            {
                socket = await HostResolver.ConnectAsync(addresses, result.Port, ct).ConfigureAwait(false);
                result.Address = ((IPEndPoint)socket.RemoteEndPoint!).Address.ToString();
                using var reg = ct.Register(() => socket.Dispose()); // unblocks reads on every framework
                using var stream = new NetworkStream(socket, ownsSocket: false);
                stage = "waiting for the greeting";
                var greeting = await ReadReplyAsync(stream, ct).ConfigureAwait(false);
                result.Banner = string.Join(" ", greeting.Lines);
                if (greeting.Code != 220)
                {
                    result.Status = SmtpTlsStatus.unreachable;
                    result.Error = $"the server greeted with {greeting.Code}: {result.Banner}";
                    findings.Add(SmtpTlsFindings.Unreachable.Create($"{host} port {result.Port} does not accept mail: {result.Error}."));
                    return;
                }
                stage = "EHLO";
                await WriteAsync(stream, "EHLO " + HeloName, ct).ConfigureAwait(false);
                var ehlo = await ReadReplyAsync(stream, ct).ConfigureAwait(false);
                if (ehlo.Code != 250)
                {
                    result.Status = SmtpTlsStatus.unreachable;
                    result.Error = $"EHLO was answered with {ehlo.Code}: {string.Join(" ", ehlo.Lines)}";
                    findings.Add(SmtpTlsFindings.Unreachable.Create($"{host} refused EHLO: {result.Error}."));
                    return;
                }
                result.EhloKeywords = ehlo.Lines.Skip(1).ToList();
                result.StartTlsOffered = result.EhloKeywords.Any(k => k.Split(' ')[0].Equals("STARTTLS", StringComparison.OrdinalIgnoreCase));
                if (result.StartTlsOffered != true)
                {
                    result.Status = SmtpTlsStatus.nostarttls;
                    findings.Add(SmtpTlsFindings.StartTlsNotOffered.Create($"{host} port {result.Port} does not offer STARTTLS; its EHLO keywords are: {string.Join(", ", result.EhloKeywords)}."));
                    await QuitAsync(stream, ct).ConfigureAwait(false);
                    return;
                }
                stage = "STARTTLS";
                await WriteAsync(stream, "STARTTLS", ct).ConfigureAwait(false);
                var ready = await ReadReplyAsync(stream, ct).ConfigureAwait(false);
                if (ready.Code != 220)
                {
                    result.Status = SmtpTlsStatus.tlsfailed;
                    result.Error = $"STARTTLS was answered with {ready.Code}: {string.Join(" ", ready.Lines)}";
                    findings.Add(SmtpTlsFindings.TlsHandshakeFailed.Create($"{host}: {result.Error}."));
                    return;
                }
                stage = "the TLS handshake";
                // A full handshake every time: a resumed session would show a certificate from an earlier connection.
                using var ssl = new SslStream(stream, leaveInnerStreamOpen: true, capture.Validate);
                try
                {
#if NET8_0_OR_GREATER
                    await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host, AllowTlsResume = false }, ct).ConfigureAwait(false);
#else
                    await ssl.AuthenticateAsClientAsync(host).ConfigureAwait(false);
#endif
                }
                catch (AuthenticationException e)
                {
                    result.Status = SmtpTlsStatus.tlsfailed;
                    Certificate(result, capture, findings);
                    result.Error = capture.Info?.IsValid == false
                        ? "the certificate was refused: " + string.Join("; ", capture.Info.ValidationErrors)
                        : "the TLS handshake failed: " + e.Message;
                    if (capture.Info?.IsValid != false) findings.Add(SmtpTlsFindings.TlsHandshakeFailed.Create($"{host}: {result.Error}."));
                    return;
                }
                tlsDone = true;
                result.Status = SmtpTlsStatus.tls;
                result.TlsVersion = ssl.SslProtocol.ToString();
#if NET8_0_OR_GREATER
                result.CipherSuite = ssl.NegotiatedCipherSuite.ToString();
#else
                result.CipherSuite = ssl.CipherAlgorithm + " " + ssl.CipherStrength;
#endif
                Certificate(result, capture, findings);
                stage = "QUIT";
                await QuitAsync(ssl, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException || e is IOException || e is ObjectDisposedException || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                bool timedOut = timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested;
                string why = timedOut ? $"no answer within {Timeout.TotalSeconds:0.#} s while {stage}" : $"{stage} failed: {e.Message}";
                if (tlsDone) return; // only QUIT failed
                if (capture.Info != null || stage == "the TLS handshake")
                {
                    result.Status = SmtpTlsStatus.tlsfailed;
                    result.Error = why;
                    Certificate(result, capture, findings);
                    findings.Add(SmtpTlsFindings.TlsHandshakeFailed.Create($"{host}: {why}."));
                }
                else
                {
                    result.Status = SmtpTlsStatus.unreachable;
                    result.Error = why;
                    findings.Add(SmtpTlsFindings.Unreachable.Create($"{host} port {result.Port} ({result.Address ?? string.Join(", ", addresses)}): {why}."));
                }
            }
            finally
            {
                socket?.Dispose();
            }
        }

        private static void Certificate(SmtpTlsResult result, CertificateCapture capture, List<Finding> findings)
        {
            var info = capture.Info;
            if (info is null) return;
            result.Certificate = info;
            result.NameMatches = !capture.NameMismatch;
            result.DaysUntilExpiry = (int)Math.Floor((info.NotAfter - DateTime.UtcNow).TotalDays);
            string seen = $"(subject {info.Subject}; issuer {info.Issuer}; valid {info.NotBefore:yyyy-MM-dd} to {info.NotAfter:yyyy-MM-dd})";
            string why = string.Join("; ", info.ValidationErrors);
            if (capture.NameMismatch)
                findings.Add(SmtpTlsFindings.CertificateNameMismatch.Create($"The certificate of {result.MxHost} {seen} does not name it; it names {string.Join(", ", info.DnsNames)}."));
            if (capture.Expired)
                findings.Add(SmtpTlsFindings.CertificateExpired.Create($"The certificate of {result.MxHost} {seen} is outside its validity period: {why}."));
            if (capture.Untrusted)
                findings.Add(SmtpTlsFindings.CertificateUntrusted.Create($"The certificate of {result.MxHost} {seen} does not chain to a trusted root: {why}."));
            if (!capture.Expired && result.DaysUntilExpiry < ExpiresSoonDays)
                findings.Add(SmtpTlsFindings.CertificateExpiresSoon.Create($"The certificate of {result.MxHost} expires on {info.NotAfter:yyyy-MM-dd HH:mm} UTC, in {result.DaysUntilExpiry} days."));
        }

        private static async Task QuitAsync(Stream stream, CancellationToken ct)
        {
            try
            {
                await WriteAsync(stream, "QUIT", ct).ConfigureAwait(false);
                await ReadReplyAsync(stream, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException || e is SocketException || e is ObjectDisposedException)
            {
                // A server that hangs up on QUIT has still answered everything that matters.
            }
        }

        private static async Task WriteAsync(Stream stream, string command, CancellationToken ct)
        {
            var bytes = Encoding.ASCII.GetBytes(command + "\r\n");
            await stream.WriteAsync(bytes, 0, bytes.Length, ct).ConfigureAwait(false);
            await stream.FlushAsync(ct).ConfigureAwait(false);
        }

        internal sealed class Reply
        {
            public int Code { get; set; }
            public List<string> Lines { get; } = new List<string>();
        }

        /// <summary>Reads one SMTP reply, multi-line included (RFC 5321 §4.2.1), bounded in size; byte by byte so nothing after it is consumed before TLS starts.</summary>
        internal static async Task<Reply> ReadReplyAsync(Stream stream, CancellationToken ct)
        {
            var reply = new Reply();
            var line = new List<byte>();
            var one = new byte[1];
            int total = 0;
            while (true)
            {
                int n = await stream.ReadAsync(one, 0, 1, ct).ConfigureAwait(false);
                if (n == 0) throw new IOException("the server closed the connection");
                if (++total > MaxReplyBytes) throw new IOException($"the reply is longer than {MaxReplyBytes} bytes");
                if (one[0] != (byte)'\n') { line.Add(one[0]); continue; }
                string text = Encoding.UTF8.GetString(line.ToArray()).TrimEnd('\r');
                line.Clear();
                if (text.Length < 3 || !int.TryParse(text.Substring(0, 3), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int code))
                    throw new IOException($"the reply line '{(text.Length > 60 ? text.Substring(0, 60) : text)}' does not start with a 3-digit code");
                reply.Code = code;
                reply.Lines.Add(text.Length > 4 ? text.Substring(4) : string.Empty);
                if (text.Length == 3 || text[3] != '-') return reply;
            }
        }
    }
}
