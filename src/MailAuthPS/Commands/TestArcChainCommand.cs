using System;
using System.Management.Automation;
using MailAuth.Arc;

namespace MailAuthPS.Commands
{
    /// <summary>Validates the Authenticated Received Chain of messages (RFC 8617 §5.2): the chain status, each set's seal and message signature, and what each intermediary reported.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "ArcChain", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(ArcChainResult))]
    public sealed class TestArcChainCommand : MessageDnsCmdlet
    {
        /// <summary>Validate as of this moment (t=, x=), for archived messages.</summary>
        [Parameter]
        public DateTime AsOf { get; set; }

        /// <summary>Stop after the newest message signature instead of checking the older ones for the oldest pass.</summary>
        [Parameter]
        public SwitchParameter SkipOldestPass { get; set; }

        /// <inheritdoc />
        protected override void QueueMessage(Func<byte[]> read, object target, string? source)
        {
            var options = new ArcValidateOptions { FindOldestPass = !SkipOldestPass.IsPresent, MaxMessageSize = MaxMessageSize };
            if (MyInvocation.BoundParameters.ContainsKey(nameof(AsOf)))
                (options.AsOf, options.ClockSkew) = AsOfMoment(AsOf);
            var resolver = Resolver;
            Enqueue(target, async ct => new object[] { await ArcValidator.ValidateAsync(read(), resolver, options, ct, source).ConfigureAwait(false) });
        }
    }
}
