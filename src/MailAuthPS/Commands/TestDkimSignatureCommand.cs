using System;
using System.Linq;
using System.Management.Automation;
using MailAuth.Dkim;

namespace MailAuthPS.Commands
{
    /// <summary>Verifies the DKIM signatures of messages (RFC 6376, RFC 8301, RFC 8463): one result per signature, with the reason.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "DkimSignature", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(DkimSignatureResult))]
    public sealed class TestDkimSignatureCommand : MessageDnsCmdlet
    {
        /// <summary>Signatures verified per message (default 10).</summary>
        [Parameter]
        [ValidateRange(1, 1000)]
        public int MaxSignatures { get; set; } = 10;

        /// <summary>Verify as of this moment (t=, x=), for archived messages.</summary>
        [Parameter]
        public DateTime AsOf { get; set; }

        /// <inheritdoc />
        protected override void QueueMessage(Func<byte[]> read, object target, string? source)
        {
            var options = new DkimVerifyOptions { MaxSignatures = MaxSignatures, MaxMessageSize = MaxMessageSize };
            if (MyInvocation.BoundParameters.ContainsKey(nameof(AsOf)))
                (options.AsOf, options.ClockSkew) = AsOfMoment(AsOf);
            var resolver = Resolver;
            Enqueue(target, async ct => (await DkimVerifier.VerifyAsync(read(), resolver, options, ct, source).ConfigureAwait(false)).Cast<object>());
        }
    }
}
