using System;
using System.IO;
using System.Management.Automation;
using MailAuth.Dkim;

namespace MailAuthPS.Commands
{
    /// <summary>
    /// Base of cmdlets that read messages and resolve names: <c>-Path</c> (wildcards, pipeline),
    /// <c>-LiteralPath</c> (pipeline from Get-ChildItem) or <c>-Message</c> (string or bytes).
    /// </summary>
    public abstract class MessageDnsCmdlet : DnsCmdlet
    {
        /// <summary>The parameter set of <see cref="Path"/>, the default.</summary>
        protected const string PathSet = "Path";
        /// <summary>The parameter set of <see cref="LiteralPath"/>.</summary>
        protected const string LiteralPathSet = "LiteralPath";
        /// <summary>The parameter set of <see cref="Message"/>.</summary>
        protected const string MessageSet = "Message";

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

        /// <summary>The largest message read, in megabytes (default 64); a larger one is a MessageTooLarge error, checked before the file is read.</summary>
        [Parameter]
        [ValidateRange(1, 2047)]
        public int MaxMessageSizeMB { get; set; } = (int)(DkimMessage.DefaultMaxSize / (1024 * 1024));

        /// <summary><see cref="MaxMessageSizeMB"/> in bytes, for the core's options.</summary>
        protected long MaxMessageSize => MaxMessageSizeMB * 1024L * 1024L;

        /// <inheritdoc />
        protected override string ProgressItemName => "messages";

        /// <summary>Queues the work for one message; <paramref name="read"/> gives its bytes when the work runs.</summary>
        /// <param name="read">Reads the message.</param>
        /// <param name="target">The input, for error records.</param>
        /// <param name="source">The file path, or null for -Message.</param>
        protected abstract void QueueMessage(Func<byte[]> read, object target, string? source);

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
                long max = MaxMessageSize;
                QueueMessage(() => bytes.LongLength > max ? throw new DkimMessageTooLargeException(bytes.LongLength, max) : bytes, "message", null);
                return;
            }
            bool literal = ParameterSetName == LiteralPathSet;
            foreach (string file in MessageInput.ResolveFiles(this, literal ? LiteralPath : Path, literal, EnqueueError))
            {
                string f = file;
                long max = MaxMessageSize;
                QueueMessage(() => MessageOutput.Read(f, max), f, f);
            }
        }

        /// <inheritdoc />
        protected override ErrorRecord ErrorFor(Exception exception, object target) => exception switch
        {
            DkimMessageTooLargeException e => TooLarge(e, target),
            IOException e => Error(e, "MessageUnreadable", ErrorCategory.ReadError, target),
            UnauthorizedAccessException e => Error(e, "MessageUnreadable", ErrorCategory.PermissionDenied, target),
            _ => base.ErrorFor(exception, target),
        };

        private ErrorRecord TooLarge(DkimMessageTooLargeException e, object target)
        {
            var record = Error(e, "MessageTooLarge", ErrorCategory.LimitsExceeded, target);
            record.ErrorDetails = new ErrorDetails($"{target}: {e.Message} (-MaxMessageSizeMB {MaxMessageSizeMB}; raise it to check larger messages)");
            return record;
        }

        /// <summary>
        /// An -AsOf value as the moment to verify at, and the clock skew to allow for t=: a date
        /// without a time stands for that whole day, so a signature made later that day is not "from the future".
        /// </summary>
        protected static (DateTimeOffset AsOf, TimeSpan ClockSkew) AsOfMoment(DateTime asOf)
        {
            var moment = new DateTimeOffset(asOf.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(asOf, DateTimeKind.Local) : asOf);
            var skew = new DkimVerifyOptions().ClockSkew;
            return (moment, asOf.TimeOfDay == TimeSpan.Zero ? TimeSpan.FromDays(1) + skew : skew);
        }
    }
}
