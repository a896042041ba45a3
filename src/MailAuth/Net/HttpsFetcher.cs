using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using MailAuth.Dns;

namespace MailAuth.Net
{
    /// <summary>
    /// HTTPS GET for policies and brand assets, by the rules of RFC 8461 §3.3: full certificate validation by the platform
    /// (a refusal is reported with its reason, never bypassed), no redirects followed, no proxy, no caching, a size cap and a
    /// timeout over the whole exchange.
    /// </summary>
    /// <remarks>
    /// On .NET 8 and later the connection is made to addresses from the <see cref="IDnsResolver"/> (SocketsHttpHandler's
    /// ConnectCallback) while SNI and certificate validation use the real host name, so -Server and -ZoneFile apply.
    /// The netstandard2.0 build (Windows PowerShell 5.1) has no such hook: the host name is checked through the resolver first,
    /// but the connection itself uses the operating system's name resolution.
    /// </remarks>
    public sealed class HttpsFetcher
    {
        private readonly IDnsResolver _resolver;

        /// <summary>Creates a fetcher.</summary>
        /// <param name="resolver">Resolves host names.</param>
        /// <param name="timeout">Time allowed for the whole fetch (connect, TLS, headers, body).</param>
        /// <param name="maxBytes">Largest body accepted.</param>
        /// <param name="offline">When true nothing is fetched: every result is <see cref="HttpsFetchStatus.skipped"/>.</param>
        /// <exception cref="ArgumentNullException"><paramref name="resolver"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> or <paramref name="maxBytes"/> is not positive.</exception>
        public HttpsFetcher(IDnsResolver resolver, TimeSpan timeout, int maxBytes, bool offline = false)
        {
            _resolver = resolver ?? throw new ArgumentNullException(nameof(resolver));
            if (timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout));
            if (maxBytes <= 0) throw new ArgumentOutOfRangeException(nameof(maxBytes));
            Timeout = timeout;
            MaxBytes = maxBytes;
            Offline = offline;
        }

        /// <summary>Time allowed for the whole fetch.</summary>
        public TimeSpan Timeout { get; }
        /// <summary>Largest body accepted.</summary>
        public int MaxBytes { get; }
        /// <summary>Nothing is fetched.</summary>
        public bool Offline { get; }

        /// <summary>Fetches <paramref name="uri"/> (https only) with at most <paramref name="maxBytes"/> of body (default <see cref="MaxBytes"/>).</summary>
        /// <exception cref="ArgumentException"><paramref name="uri"/> is not an absolute https URI.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        public async Task<HttpsFetchResult> FetchAsync(Uri uri, CancellationToken cancellationToken = default, int? maxBytes = null)
        {
            if (uri is null || !uri.IsAbsoluteUri || uri.Scheme != "https") throw new ArgumentException("Only absolute https URIs are fetched.", nameof(uri));
            int cap = maxBytes ?? MaxBytes;
            var result = new HttpsFetchResult(uri, HttpsFetchStatus.skipped);
            if (Offline)
            {
                result.Error = "not fetched: the run is offline (-ZoneFile without -Server)";
                return result;
            }
            var clock = Stopwatch.StartNew();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            var ct = timeout.Token;
            var capture = new CertificateCapture();
            try
            {
                var (addresses, dnsError) = await HostResolver.ResolveAsync(_resolver, uri.IdnHost, ct).ConfigureAwait(false);
                if (addresses.Count == 0)
                {
                    result.Status = HttpsFetchStatus.dnsfailure;
                    result.Error = dnsError;
                    return result;
                }
                result.Address = addresses[0].ToString();
                using var client = new HttpClient(CreateHandler(addresses, capture, result), disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.CacheControl = new System.Net.Http.Headers.CacheControlHeaderValue { NoCache = true, NoStore = true };
                request.Headers.UserAgent.ParseAdd("MailAuthPS/1.0");
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
                Capture(result, capture);
                result.StatusCode = (int)response.StatusCode;
                result.ContentType = response.Content.Headers.ContentType?.ToString();
                result.MediaType = response.Content.Headers.ContentType?.MediaType?.ToLowerInvariant();
                result.ContentLength = response.Content.Headers.ContentLength;
                if (result.StatusCode >= 300 && result.StatusCode < 400)
                {
                    result.Status = HttpsFetchStatus.redirect;
                    result.Location = response.Headers.Location?.OriginalString;
                    result.Error = $"HTTP {result.StatusCode} redirect to {result.Location ?? "(no Location)"}; redirects are not followed";
                    return result;
                }
                if (result.StatusCode != 200)
                {
                    result.Status = HttpsFetchStatus.httperror;
                    result.Error = $"HTTP {result.StatusCode} {response.ReasonPhrase}";
                    return result;
                }
                if (result.ContentLength > cap)
                {
                    result.Status = HttpsFetchStatus.toolarge;
                    result.Error = $"the body is {result.ContentLength} bytes; the limit is {cap}";
                    return result;
                }
                using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                using var body = new MemoryStream();
                var buffer = new byte[16384];
                while (true)
                {
                    int n = await stream.ReadAsync(buffer, 0, buffer.Length, ct).ConfigureAwait(false);
                    if (n == 0) break;
                    if (body.Length + n > cap)
                    {
                        result.Status = HttpsFetchStatus.toolarge;
                        result.Error = $"the body is larger than the limit of {cap} bytes";
                        return result;
                    }
                    body.Write(buffer, 0, n);
                }
                result.Body = body.ToArray();
                result.Status = HttpsFetchStatus.ok;
                return result;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Capture(result, capture);
                result.Status = HttpsFetchStatus.timeout;
                result.Error = $"no complete answer within {Timeout.TotalSeconds:0.#} s";
                return result;
            }
            catch (HttpRequestException e)
            {
                Classify(result, capture, e);
                return result;
            }
            catch (IOException e)
            {
                Classify(result, capture, e);
                return result;
            }
            finally
            {
                result.Elapsed = clock.Elapsed;
            }
        }

        private static void Capture(HttpsFetchResult result, CertificateCapture capture)
        {
            if (capture.Info is null) return;
            result.Certificate = capture.Info;
            result.CertificateNameMismatch = capture.NameMismatch;
            result.CertificateExpired = capture.Expired;
            result.CertificateUntrusted = capture.Untrusted;
        }

        private static void Classify(HttpsFetchResult result, CertificateCapture capture, Exception e)
        {
            Capture(result, capture);
            var inner = e;
            while (inner.InnerException != null && !(inner is AuthenticationException) && !(inner is SocketException)) inner = inner.InnerException;
            if (capture.Info != null && capture.Info.IsValid == false)
            {
                result.Status = HttpsFetchStatus.certificateinvalid;
                result.Error = "the certificate was refused: " + string.Join("; ", capture.Info.ValidationErrors);
            }
            else if (inner is SocketException se)
            {
                result.Status = HttpsFetchStatus.connectfailure;
                result.Error = $"no connection to {result.Address}: {se.Message}";
            }
            else
            {
                result.Status = HttpsFetchStatus.protocolerror;
                result.Error = inner.Message;
            }
        }

        private HttpMessageHandler CreateHandler(System.Collections.Generic.IReadOnlyList<IPAddress> addresses, CertificateCapture capture, HttpsFetchResult result)
        {
#if NET8_0_OR_GREATER
            return new SocketsHttpHandler
            {
                AllowAutoRedirect = false,      // RFC 8461 §3.3: redirects MUST NOT be followed
                UseProxy = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.None,
                MaxResponseHeadersLength = 64,
                ConnectCallback = async (context, ct) =>
                {
                    var socket = await HostResolver.ConnectAsync(addresses, context.DnsEndPoint.Port, ct).ConfigureAwait(false);
                    result.Address = ((IPEndPoint)socket.RemoteEndPoint!).Address.ToString();
                    return new NetworkStream(socket, ownsSocket: true);
                },
                // No session resumption: every fetch must see (and validate) the certificate itself.
                SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = capture.Validate, AllowTlsResume = false },
            };
#else
            return new HttpClientHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.None,
                ServerCertificateCustomValidationCallback = (message, certificate, chain, errors) => capture.Validate(message, certificate, chain, errors),
            };
#endif
        }
    }
}
