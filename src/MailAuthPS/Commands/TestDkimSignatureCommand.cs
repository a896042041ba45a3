using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using MailAuth.Dkim;

namespace MailAuthPS.Commands
{
    /// <summary>Verifies the DKIM signatures of messages (RFC 6376, RFC 8301, RFC 8463): one result per signature, with the reason.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "DkimSignature", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(DkimSignatureResult))]
    public sealed class TestDkimSignatureCommand : DnsCmdlet
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

        /// <summary>Signatures verified per message (default 10).</summary>
        [Parameter]
        [ValidateRange(1, 1000)]
        public int MaxSignatures { get; set; } = 10;

        /// <summary>Verify as of this moment (t=, x=), for archived messages.</summary>
        [Parameter]
        public DateTime AsOf { get; set; }

        /// <inheritdoc />
        protected override string ProgressItemName => "messages";

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var options = new DkimVerifyOptions { MaxSignatures = MaxSignatures };
            if (MyInvocation.BoundParameters.ContainsKey(nameof(AsOf)))
            {
                options.AsOf = new DateTimeOffset(AsOf.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(AsOf, DateTimeKind.Local) : AsOf);
                // A date without a time stands for that whole day: a signature made later that day is not "from the future".
                if (AsOf.TimeOfDay == TimeSpan.Zero) options.ClockSkew = TimeSpan.FromDays(1) + options.ClockSkew;
            }

            if (ParameterSetName == MessageSet)
            {
                byte[]? bytes = MessageInput.ToBytes(Message);
                if (bytes is null)
                {
                    EnqueueError(Error(new ArgumentException("-Message takes a string or a byte array."), "InvalidMessage", ErrorCategory.InvalidArgument, Message));
                    return;
                }
                Queue(bytes, null, options);
                return;
            }

            foreach (string file in MessageInput.ResolveFiles(this, ParameterSetName == LiteralPathSet ? LiteralPath : Path, ParameterSetName == LiteralPathSet, EnqueueError))
            {
                string f = file;
                var resolver = Resolver;
                Enqueue(f, async ct =>
                {
                    byte[] data = File.ReadAllBytes(f);
                    return (await DkimVerifier.VerifyAsync(data, resolver, options, ct, f).ConfigureAwait(false)).Cast<object>();
                });
            }
        }

        private void Queue(byte[] bytes, string? source, DkimVerifyOptions options)
        {
            var resolver = Resolver;
            Enqueue(source ?? "message", async ct => (await DkimVerifier.VerifyAsync(bytes, resolver, options, ct).ConfigureAwait(false)).Cast<object>());
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
