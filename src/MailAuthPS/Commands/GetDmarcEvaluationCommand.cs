using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using MailAuth.Dkim;
using MailAuth.Dmarc;

namespace MailAuthPS.Commands
{
    /// <summary>Evaluates DMARC for messages (RFC 9989 §5.3): SPF, DKIM, alignment with the From domain, the verdict and the disposition.</summary>
    [Cmdlet(VerbsCommon.Get, "DmarcEvaluation", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(DmarcEvaluationResult))]
    public sealed class GetDmarcEvaluationCommand : DnsCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string MessageSet = "Message";

        /// <summary>Message files; wildcards allowed.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
        [SupportsWildcards]
        public string[] Path { get; set; } = null!;

        /// <summary>Message files, taken literally.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP", "FullName")]
        public string[] LiteralPath { get; set; } = null!;

        /// <summary>The message itself, as a string or as bytes.</summary>
        [Parameter(Mandatory = true, ParameterSetName = MessageSet)]
        public object Message { get; set; } = null!;

        /// <summary>The SMTP client's address; read from the topmost Received field when absent.</summary>
        [Parameter]
        [Alias("IPAddress", "IP")]
        [ValidateNotNullOrEmpty]
        public string? ClientIP { get; set; }

        /// <summary>The MAIL FROM address (empty for a null reverse-path); read from Return-Path when absent.</summary>
        [Parameter]
        [AllowEmptyString]
        public string? MailFrom { get; set; }

        /// <summary>The HELO name; read from the topmost Received field when absent.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Helo { get; set; }

        /// <summary>An SPF result to take as given: <c>pass:example.com</c> or <c>spf=pass smtp.mailfrom=user@example.com</c>.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SpfResult { get; set; }

        /// <summary>DKIM results to take as given: <c>pass:example.com</c> or <c>dkim=pass header.d=example.com</c>, one per signature.</summary>
        [Parameter]
        [AllowEmptyCollection]
        public string[]? DkimResult { get; set; }

        /// <summary>Tree walk (RFC 9989, the default) or public suffix list (RFC 7489).</summary>
        [Parameter]
        [ValidateSet(nameof(DmarcDiscoveryMode.TreeWalk), nameof(DmarcDiscoveryMode.PublicSuffixList))]
        public string DiscoveryMode { get; set; } = nameof(DmarcDiscoveryMode.TreeWalk);

        /// <summary>The authserv-id of the Authentication-Results value.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string AuthServId { get; set; } = "localhost";

        /// <summary>Verify DKIM signatures as of this moment.</summary>
        [Parameter]
        public DateTime AsOf { get; set; }

        /// <inheritdoc />
        protected override string ProgressItemName => "messages";

        private DmarcIdentifierResult? _spf;
        private DmarcIdentifierResult[]? _dkim;
        private System.Net.IPAddress? _ip;

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            try
            {
                _spf = SpfResult is null ? null : DmarcIdentifierResult.Parse(SpfResult);
                _dkim = DkimResult?.Select(DmarcIdentifierResult.Parse).ToArray();
            }
            catch (FormatException e)
            {
                ThrowTerminatingError(Error(e, "InvalidGivenResult", ErrorCategory.InvalidArgument, SpfResult ?? (object?)DkimResult));
            }
            if (ClientIP != null && !System.Net.IPAddress.TryParse(ClientIP.Trim().Trim('[', ']'), out _ip))
                ThrowTerminatingError(Error(new FormatException($"'{ClientIP}' is not an IPv4 or IPv6 address."), "InvalidIPAddress", ErrorCategory.InvalidArgument, ClientIP));
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (ParameterSetName == MessageSet)
            {
                byte[]? bytes = MessageInput.ToBytes(Message);
                if (bytes is null)
                {
                    EnqueueError(Error(new ArgumentException("-Message takes a string or a byte array."), "InvalidMessage", ErrorCategory.InvalidArgument, Message));
                    return;
                }
                Queue(() => bytes, "message", null);
                return;
            }
            bool literal = ParameterSetName == LiteralPathSet;
            foreach (string file in MessageInput.ResolveFiles(this, literal ? LiteralPath : Path, literal, EnqueueError))
            {
                string f = file;
                Queue(() => File.ReadAllBytes(f), f, f);
            }
        }

        private void Queue(Func<byte[]> read, object target, string? source)
        {
            var resolver = Resolver;
            DateTimeOffset? asOf = MyInvocation.BoundParameters.ContainsKey(nameof(AsOf))
                ? new DateTimeOffset(AsOf.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(AsOf, DateTimeKind.Local) : AsOf)
                : (DateTimeOffset?)null;
            var mode = (DmarcDiscoveryMode)Enum.Parse(typeof(DmarcDiscoveryMode), DiscoveryMode, ignoreCase: true);
            Enqueue(target, async ct =>
            {
                var request = new DmarcEvaluationRequest(read())
                {
                    ClientIP = _ip, MailFrom = MailFrom, Helo = Helo, SpfResult = _spf, DkimResults = _dkim,
                    DiscoveryMode = mode, AuthServId = AuthServId, AsOf = asOf,
                };
                return new object[] { await DmarcEvaluator.EvaluateAsync(request, resolver, ct, source).ConfigureAwait(false) };
            });
        }

        /// <inheritdoc />
        protected override ErrorRecord ErrorFor(Exception exception, object target) => exception switch
        {
            DkimMessageTooLargeException e => Error(e, "MessageTooLarge", ErrorCategory.LimitsExceeded, target),
            IOException e => Error(e, "MessageUnreadable", ErrorCategory.ReadError, target),
            UnauthorizedAccessException e => Error(e, "MessageUnreadable", ErrorCategory.PermissionDenied, target),
            _ => base.ErrorFor(exception, target),
        };
    }
}
