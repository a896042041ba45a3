using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using MailAuth.Dkim;

namespace MailAuthPS.Commands
{
    /// <summary>Signs messages with DKIM (RFC 6376, RSA-SHA256 or Ed25519-SHA256 per RFC 8463), with a private key from a file.</summary>
    [Cmdlet(VerbsCommon.Add, "DkimSignature", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
    [OutputType(typeof(DkimSignedMessage))]
    public sealed class AddDkimSignatureCommand : MailAuthCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string MessageSet = "Message";

        private DkimSigningKey _key = null!;
        private MessageOutput _output = null!;

        /// <summary>Message files; wildcards allowed.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
        [SupportsWildcards]
        public string[] Path { get; set; } = null!;

        /// <summary>Message files, taken literally.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP", "FullName")]
        public string[] LiteralPath { get; set; } = null!;

        /// <summary>The message itself, as a string (sent as UTF-8) or as bytes.</summary>
        [Parameter(Mandatory = true, ParameterSetName = MessageSet)]
        public object Message { get; set; } = null!;

        /// <summary>d=: the signing domain.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string Domain { get; set; } = null!;

        /// <summary>s=: the selector under which the public key is published.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string Selector { get; set; } = null!;

        /// <summary>The private key file: PEM PKCS#8 or PKCS#1, or a dkimpy Ed25519 seed file.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string PrivateKeyPath { get; set; } = null!;

        /// <summary>a=; taken from the key when not given.</summary>
        [Parameter]
        [ValidateSet("rsa-sha256", "ed25519-sha256", IgnoreCase = true)]
        public string? Algorithm { get; set; }

        /// <summary>c=: header/body canonicalization.</summary>
        [Parameter]
        [ValidateSet("relaxed/relaxed", "relaxed/simple", "simple/relaxed", "simple/simple", "relaxed", "simple", IgnoreCase = true)]
        public string Canonicalization { get; set; } = "relaxed/relaxed";

        /// <summary>Header field names to sign instead of the default list; From is always signed.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Header { get; set; }

        /// <summary>i=: the identity, at or below the domain.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Identity { get; set; }

        /// <summary>Sets x= this long after t=.</summary>
        [Parameter]
        public TimeSpan ExpiresAfter { get; set; }

        /// <summary>t=; now when not given.</summary>
        [Parameter]
        public DateTime Timestamp { get; set; }

        /// <summary>Writes l=, the signed body length.</summary>
        [Parameter]
        public SwitchParameter BodyLength { get; set; }

        /// <summary>The largest message read, in megabytes (default 64); a larger one is a MessageTooLarge error, checked before the file is read.</summary>
        [Parameter]
        [ValidateRange(1, 2047)]
        public int MaxMessageSizeMB { get; set; } = (int)(DkimMessage.DefaultMaxSize / (1024 * 1024));

        /// <summary>Writes the signed message to this file (one input only).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutFile { get; set; }

        /// <summary>Writes each signed message into this folder under its input file name.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutDirectory { get; set; }

        /// <summary>Overwrites existing output files.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>With -OutFile or -OutDirectory, also writes the result objects.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc />
        protected override string ProgressItemName => "messages";

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _output = new MessageOutput(this, OutFile, OutDirectory, Force.IsPresent, ParameterSetName == MessageSet, "Write the DKIM-signed message");
            if (MyInvocation.BoundParameters.ContainsKey(nameof(ExpiresAfter)) && ExpiresAfter < TimeSpan.FromSeconds(1))
                ThrowTerminatingError(Error(new ArgumentException($"-ExpiresAfter {ExpiresAfter} is shorter than one second; x= is in whole seconds after t=. Give a TimeSpan such as (New-TimeSpan -Days 7) or '7.00:00:00'."),
                    "InvalidSigningOption", ErrorCategory.InvalidArgument, ExpiresAfter));

            _key = PrivateKeyInput.Load(this, PrivateKeyPath);
            try
            {
                Options(DateTimeOffset.UtcNow).Validate(_key);
            }
            catch (ArgumentException e)
            {
                ThrowTerminatingError(Error(e, "InvalidSigningOption", ErrorCategory.InvalidArgument, e.ParamName));
            }
            if (_key.Algorithm == DkimSigningAlgorithm.RsaSha256 && _key.KeySize < 2048)
                WriteWarning($"The RSA key has {_key.KeySize} bits; RFC 8301 section 3.2 says signers should use at least 2048 bits. Make a new key with New-DkimKey.");
        }

        // A fresh options object per message: t= is the moment of signing, and x= follows it.
        private DkimSignOptions Options(DateTimeOffset now)
        {
            DateTimeOffset t = MyInvocation.BoundParameters.ContainsKey(nameof(Timestamp))
                ? new DateTimeOffset(Timestamp.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(Timestamp, DateTimeKind.Local) : Timestamp)
                : now;
            return new DkimSignOptions
            {
                Domain = Domain,
                Selector = Selector,
                Algorithm = Algorithm is null ? (DkimSigningAlgorithm?)null
                    : Algorithm.Equals("ed25519-sha256", StringComparison.OrdinalIgnoreCase) ? DkimSigningAlgorithm.Ed25519Sha256 : DkimSigningAlgorithm.RsaSha256,
                Canonicalization = Canonicalization,
                Headers = Header,
                Identity = Identity,
                Timestamp = t,
                Expiration = MyInvocation.BoundParameters.ContainsKey(nameof(ExpiresAfter)) ? t + ExpiresAfter : (DateTimeOffset?)null,
                BodyLength = BodyLength.IsPresent,
            };
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
                Queue(null, bytes);
                return;
            }
            foreach (string file in MessageInput.ResolveFiles(this, ParameterSetName == LiteralPathSet ? LiteralPath : Path, ParameterSetName == LiteralPathSet, EnqueueError))
                Queue(file, null);
        }

        private void Queue(string? source, byte[]? data)
        {
            if (!_output.TryTarget(source, out string? target, out var error))
            {
                if (error != null) EnqueueError(error);
                return;
            }
            var key = _key;
            var options = Options(DateTimeOffset.UtcNow);
            bool passThru = PassThru.IsPresent;
            long max = MaxMessageSizeMB * 1024L * 1024L;
            options.MaxMessageSize = max;
            Enqueue((object?)source ?? "message", ct =>
            {
                byte[] bytes = data ?? MessageOutput.Read(source!, max);
                var signed = DkimSigner.Sign(bytes, key, options, source);
                if (target is null) return System.Threading.Tasks.Task.FromResult<IEnumerable<object>>(new object[] { signed });
                MessageOutput.Write(target, signed.Bytes);
                signed = signed.WithOutFile(target);
                return System.Threading.Tasks.Task.FromResult<IEnumerable<object>>(passThru ? new object[] { signed } : Array.Empty<object>());
            });
        }

        /// <inheritdoc />
        protected override ErrorRecord ErrorFor(Exception exception, object target) => exception switch
        {
            DkimMessageTooLargeException e => TooLarge(e, target),
            DkimSignException e => Error(e, e.ErrorId, ErrorCategory.InvalidData, target),
            OutFileException e => Error(e, "OutFileUnwritable", ErrorCategory.WriteError, e.Target),
            ArgumentException e => Error(e, "InvalidSigningOption", ErrorCategory.InvalidArgument, target),
            UnauthorizedAccessException e => Error(e, "MessageUnreadable", ErrorCategory.PermissionDenied, target),
            IOException e => Error(e, "MessageUnreadable", ErrorCategory.ReadError, target),
            _ => base.ErrorFor(exception, target),
        };

        private ErrorRecord TooLarge(DkimMessageTooLargeException e, object target)
        {
            var record = Error(e, "MessageTooLarge", ErrorCategory.LimitsExceeded, target);
            record.ErrorDetails = new ErrorDetails($"{target}: {e.Message} (-MaxMessageSizeMB {MaxMessageSizeMB}; raise it to sign larger messages)");
            return record;
        }
    }
}
