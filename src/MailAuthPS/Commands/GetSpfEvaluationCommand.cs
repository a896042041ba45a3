using System;
using System.Management.Automation;
using System.Net;
using MailAuth.Spf;

namespace MailAuthPS.Commands
{
    /// <summary>Evaluates SPF for a client address and sender identity: the <c>check_host()</c> function of RFC 7208.</summary>
    [Cmdlet(VerbsCommon.Get, "SpfEvaluation")]
    [OutputType(typeof(SpfEvaluationResult))]
    public sealed class GetSpfEvaluationCommand : DnsCmdlet
    {
        /// <summary>The SMTP client's IPv4 or IPv6 address.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ClientIP", "IP", "ClientIPAddress")]
        public string IPAddress { get; set; } = null!;

        /// <summary>The MAIL FROM address; empty or absent to check the HELO identity.</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Sender", "EnvelopeFrom")]
        [AllowEmptyString]
        [AllowNull]
        public string? MailFrom { get; set; }

        /// <summary>The HELO/EHLO name.</summary>
        [Parameter(Position = 2, ValueFromPipelineByPropertyName = true)]
        [Alias("Ehlo", "HeloName")]
        [AllowEmptyString]
        [AllowNull]
        public string? Helo { get; set; }

        /// <summary>The domain whose policy is checked, when it differs from the identity's domain.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Domain { get; set; }

        /// <summary>A record text to evaluate in place of the one published at the domain.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Record { get; set; }

        /// <summary>Check the HELO identity (RFC 7208 §2.3) even when a MAIL FROM address is given.</summary>
        [Parameter]
        public SwitchParameter CheckHelo { get; set; }

        /// <summary>The receiving host's name, for the <c>%{r}</c> macro and the Received-SPF header.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ReceivingHost { get; set; }

        /// <inheritdoc />
        protected override string ProgressItemName => "evaluations";

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            string target = $"{IPAddress} {MailFrom} {Helo}".Trim();
            if (!TryParseAddress(IPAddress, out var ip) || ip.ToString().Contains("%"))
            {
                EnqueueError(InvalidAddress(IPAddress));
                return;
            }
            if (string.IsNullOrWhiteSpace(MailFrom) && string.IsNullOrWhiteSpace(Helo))
            {
                EnqueueError(Error(new ArgumentException("Give -MailFrom, -Helo, or both: SPF checks one of these identities."), "NoIdentity", ErrorCategory.InvalidArgument, target));
                return;
            }
            if (CheckHelo && string.IsNullOrWhiteSpace(Helo))
            {
                EnqueueError(Error(new ArgumentException("-CheckHelo needs -Helo."), "NoIdentity", ErrorCategory.InvalidArgument, target));
                return;
            }
            var request = new SpfEvaluationRequest(ip, MailFrom, Helo)
            {
                Domain = Domain,
                Record = Record,
                CheckHelo = CheckHelo,
                ReceivingHost = ReceivingHost,
            };
            var resolver = Resolver;
            Enqueue(target, async ct => new object[] { await SpfEvaluator.EvaluateAsync(request, resolver, ct).ConfigureAwait(false) });
        }
    }
}
