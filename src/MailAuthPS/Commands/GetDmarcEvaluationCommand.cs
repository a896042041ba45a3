using System;
using System.Linq;
using System.Management.Automation;
using MailAuth.Dmarc;

namespace MailAuthPS.Commands
{
    /// <summary>Evaluates DMARC for messages (RFC 9989 §5.3): SPF, DKIM, alignment with the From domain, the verdict and the disposition.</summary>
    [Cmdlet(VerbsCommon.Get, "DmarcEvaluation", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(DmarcEvaluationResult))]
    public sealed class GetDmarcEvaluationCommand : MessageDnsCmdlet
    {
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
            if (ClientIP != null)
            {
                if (!TryParseAddress(ClientIP, out var ip)) ThrowTerminatingError(InvalidAddress(ClientIP));
                _ip = ip;
            }
        }

        /// <inheritdoc />
        protected override void QueueMessage(Func<byte[]> read, object target, string? source)
        {
            var resolver = Resolver;
            DateTimeOffset? asOf = null;
            TimeSpan? skew = null;
            if (MyInvocation.BoundParameters.ContainsKey(nameof(AsOf))) (asOf, skew) = AsOfMoment(AsOf);
            var mode = (DmarcDiscoveryMode)Enum.Parse(typeof(DmarcDiscoveryMode), DiscoveryMode, ignoreCase: true);
            long max = MaxMessageSize;
            Enqueue(target, async ct =>
            {
                var request = new DmarcEvaluationRequest(read())
                {
                    ClientIP = _ip, MailFrom = MailFrom, Helo = Helo, SpfResult = _spf, DkimResults = _dkim,
                    DiscoveryMode = mode, AuthServId = AuthServId, AsOf = asOf, DkimClockSkew = skew, MaxMessageSize = max,
                };
                return new object[] { await DmarcEvaluator.EvaluateAsync(request, resolver, ct, source).ConfigureAwait(false) };
            });
        }
    }
}
