using System;
using System.Collections.Generic;

namespace MailAuth.Net
{
    /// <summary>The outcome of one HTTPS GET: status, HTTP details, body and the certificate the server presented.</summary>
    public sealed class HttpsFetchResult
    {
        internal HttpsFetchResult(Uri uri, HttpsFetchStatus status) { Uri = uri; Status = status; }

        /// <summary>The URL asked for.</summary>
        public Uri Uri { get; }
        /// <summary>How the fetch ended.</summary>
        public HttpsFetchStatus Status { get; internal set; }
        /// <summary>The HTTP status code, when an answer came.</summary>
        public int? StatusCode { get; internal set; }
        /// <summary>The Content-Type header as sent.</summary>
        public string? ContentType { get; internal set; }
        /// <summary>The media type of Content-Type, lower case, without parameters.</summary>
        public string? MediaType { get; internal set; }
        /// <summary>The Content-Length the server announced.</summary>
        public long? ContentLength { get; internal set; }
        /// <summary>The Location of a redirect (not followed).</summary>
        public string? Location { get; internal set; }
        /// <summary>The body (only for <see cref="HttpsFetchStatus.ok"/>).</summary>
        public IReadOnlyList<byte>? Body { get; internal set; }
        /// <summary>The certificate the server presented, with the platform's verdict; null when TLS did not get that far.</summary>
        public CertificateInfo? Certificate { get; internal set; }
        /// <summary>The certificate is not valid for the host name (RFC 6125).</summary>
        public bool CertificateNameMismatch { get; internal set; }
        /// <summary>The certificate (or one in its chain) is expired or not yet valid.</summary>
        public bool CertificateExpired { get; internal set; }
        /// <summary>The chain does not lead to a trusted root (or has another chain error).</summary>
        public bool CertificateUntrusted { get; internal set; }
        /// <summary>The address connected to (or last tried).</summary>
        public string? Address { get; internal set; }
        /// <summary>Why the fetch failed, for a person.</summary>
        public string? Error { get; internal set; }
        /// <summary>How long it took.</summary>
        public TimeSpan Elapsed { get; internal set; }

        /// <inheritdoc />
        public override string ToString() => Uri + ": " + Status + (Error is null ? "" : " (" + Error + ")");
    }
}
