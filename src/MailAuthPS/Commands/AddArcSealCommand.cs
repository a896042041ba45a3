using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using MailAuth.Arc;
using MailAuth.Dkim;
using MailAuth.Dmarc;

namespace MailAuthPS.Commands
{
    /// <summary>
    /// Seals messages with ARC (RFC 8617 §5.1): validates the chain as received, records the sealer's
    /// assessment (ARC-Authentication-Results), signs the message (ARC-Message-Signature) and seals the chain (ARC-Seal).
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "ArcSeal", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
    [OutputType(typeof(ArcSealedMessage))]
    public sealed class AddArcSealCommand : MessageDnsCmdlet
    {
        private DkimSigningKey _key = null!;
        private MessageOutput _output = null!;
        private System.Net.IPAddress? _ip;

        /// <summary>d= of the seal and message signature: the sealer's domain.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string Domain { get; set; } = null!;

        /// <summary>s=: the selector under which the public key is published.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string Selector { get; set; } = null!;

        /// <summary>The private key file (RSA or Ed25519): PEM PKCS#8 or PKCS#1, or a dkimpy Ed25519 seed file.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string PrivateKeyPath { get; set; } = null!;

        /// <summary>The authserv-id of the ARC-Authentication-Results: who assessed the message; the -Domain when not given.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AuthServId { get; set; }

        /// <summary>Header field names the ARC-Message-Signature signs, instead of the default list.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Header { get; set; }

        /// <summary>The results to record, such as <c>spf=pass smtp.mailfrom=example.com; dkim=pass header.d=example.com</c>.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AuthenticationResults { get; set; }

        /// <summary>The SMTP client's address, for the sealer's own SPF and DMARC check.</summary>
        [Parameter]
        [Alias("IPAddress", "IP")]
        [ValidateNotNullOrEmpty]
        public string? ClientIP { get; set; }

        /// <summary>The MAIL FROM address, for the sealer's own SPF check (empty for a null reverse-path).</summary>
        [Parameter]
        [AllowEmptyString]
        public string? MailFrom { get; set; }

        /// <summary>The HELO name, for the sealer's own SPF check.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Helo { get; set; }

        /// <summary>t=; now when not given.</summary>
        [Parameter]
        public DateTime Timestamp { get; set; }

        /// <summary>Validate the chain as received, and its DKIM signatures, as of this moment.</summary>
        [Parameter]
        public DateTime AsOf { get; set; }

        /// <summary>Writes the sealed message to this file (one input only).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutFile { get; set; }

        /// <summary>Writes each sealed message into this folder under its input file name.</summary>
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
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _output = new MessageOutput(this, OutFile, OutDirectory, Force.IsPresent, ParameterSetName == MessageSet, "Write the ARC-sealed message");
            if (ClientIP != null)
            {
                if (!TryParseAddress(ClientIP, out var ip)) ThrowTerminatingError(InvalidAddress(ClientIP));
                _ip = ip;
            }
            if (AuthenticationResults != null && (ClientIP != null || MailFrom != null || Helo != null))
                ThrowTerminatingError(Error(new ArgumentException("-AuthenticationResults supplies the results; -ClientIP, -MailFrom and -Helo are for the sealer's own checks. Use one or the other."),
                    "ResultsGivenAndComputed", ErrorCategory.InvalidArgument, AuthenticationResults));
            _key = PrivateKeyInput.Load(this, PrivateKeyPath);
            if (_key.Algorithm == DkimSigningAlgorithm.RsaSha256 && _key.KeySize < 2048)
                WriteWarning($"The RSA key has {_key.KeySize} bits; RFC 8301 section 3.2 says signers should use at least 2048 bits. Make a new key with New-DkimKey.");
            try
            {
                // Domain, selector, authserv-id and header names are checked once, before any message is read.
                ArcSealer.CheckOptions(Options(), _key);
            }
            catch (ArgumentException e)
            {
                ThrowTerminatingError(Error(e, "InvalidSigningOption", ErrorCategory.InvalidArgument, e.ParamName));
            }
        }

        private ArcSealOptions Options()
        {
            var validation = new ArcValidateOptions { MaxMessageSize = MaxMessageSize };
            if (MyInvocation.BoundParameters.ContainsKey(nameof(AsOf))) (validation.AsOf, validation.ClockSkew) = AsOfMoment(AsOf);
            return new ArcSealOptions
            {
                Domain = Domain,
                Selector = Selector,
                AuthServId = AuthServId ?? Domain.Trim().TrimEnd('.'),
                Headers = Header,
                AuthenticationResults = AuthenticationResults,
                Timestamp = MyInvocation.BoundParameters.ContainsKey(nameof(Timestamp))
                    ? new DateTimeOffset(Timestamp.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(Timestamp, DateTimeKind.Local) : Timestamp)
                    : (DateTimeOffset?)null,
                Validation = validation,
            };
        }

        /// <inheritdoc />
        protected override void QueueMessage(Func<byte[]> read, object target, string? source)
        {
            if (!_output.TryTarget(source, out string? outFile, out var error))
            {
                if (error != null) EnqueueError(error);
                return;
            }
            var key = _key;
            var options = Options();
            var resolver = Resolver;
            bool computeOwn = AuthenticationResults is null;
            bool explicitInputs = ClientIP != null || MailFrom != null || Helo != null;
            var ip = _ip;
            string? mailFrom = MailFrom, helo = Helo;
            bool passThru = PassThru.IsPresent;
            Enqueue(target, async ct =>
            {
                byte[] bytes = read();
                var chain = await ArcValidator.ValidateAsync(bytes, resolver, options.Validation, ct, source).ConfigureAwait(false);
                options.Chain = chain;
                // The sealer's assessment (RFC 8617 §4.1.1): the ADMD's own Authentication-Results fields when the
                // message has them and no SMTP inputs are given; otherwise this sealer's checks, with arc= first.
                if (computeOwn && (explicitInputs || ArcSealer.ConsolidatedResults(bytes, options.AuthServId).Count == 0))
                {
                    var request = new DmarcEvaluationRequest(bytes)
                    {
                        ClientIP = ip, MailFrom = mailFrom, Helo = helo, AuthServId = options.AuthServId,
                        AsOf = options.Validation.AsOf, DkimClockSkew = options.Validation.ClockSkew,
                    };
                    var evaluation = await DmarcEvaluator.EvaluateAsync(request, resolver, ct, source).ConfigureAwait(false);
                    string results = evaluation.AuthenticationResults.Substring(options.AuthServId.Length).TrimStart(';', ' ');
                    string arc = chain.AuthenticationResult + (ip != null ? " smtp.remote-ip=" + ip : string.Empty);
                    options.AuthenticationResults = arc + "; " + results;
                }
                var sealedMessage = await ArcSealer.SealAsync(bytes, key, options, resolver, ct, source).ConfigureAwait(false);
                if (outFile is null) return new object[] { sealedMessage };
                MessageOutput.Write(outFile, sealedMessage.Bytes);
                sealedMessage = sealedMessage.WithOutFile(outFile);
                return passThru ? new object[] { sealedMessage } : Array.Empty<object>();
            });
        }

        /// <inheritdoc />
        protected override ErrorRecord ErrorFor(Exception exception, object target) => exception switch
        {
            ArcSealException e => Error(e, e.ErrorId, ErrorCategory.InvalidData, target),
            OutFileException e => Error(e, "OutFileUnwritable", ErrorCategory.WriteError, e.Target),
            ArgumentException e => Error(e, "InvalidSigningOption", ErrorCategory.InvalidArgument, target),
            _ => base.ErrorFor(exception, target),
        };
    }
}
