using System;
using System.IO;
using System.Management.Automation;
using MailAuth.Dkim;

namespace MailAuthPS.Commands
{
    /// <summary>Makes a DKIM key pair: writes the private key to a file (PEM PKCS#8, owner-only on Linux and macOS) and returns the DNS record to publish.</summary>
    [Cmdlet(VerbsCommon.New, "DkimKey", SupportsShouldProcess = true)]
    [OutputType(typeof(DkimSigningKeyInfo))]
    public sealed class NewDkimKeyCommand : PSCmdlet
    {
        /// <summary>The signing domain (d=).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Domain { get; set; } = null!;

        /// <summary>The selector (s=).</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Selector { get; set; } = null!;

        /// <summary>Where to write the private key.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string PrivateKeyPath { get; set; } = null!;

        /// <summary>The key type and size.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateSet("Rsa2048", "Rsa3072", "Rsa4096", "Ed25519", IgnoreCase = true)]
        public string Algorithm { get; set; } = "Rsa2048";

        /// <summary>Overwrites an existing private key file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            string name;
            try
            {
                name = DkimSigningKeyInfo.GetRecordName(Domain, Selector);
            }
            catch (ArgumentException e)
            {
                WriteError(new ErrorRecord(e, e.ParamName == "selector" ? "InvalidSelector" : "InvalidDomainName", ErrorCategory.InvalidArgument, e.ParamName == "selector" ? Selector : Domain));
                return;
            }

            string path = GetUnresolvedProviderPathFromPSPath(PrivateKeyPath);
            if (Directory.Exists(path))
            {
                WriteError(new ErrorRecord(new IOException($"'{path}' is a folder; -PrivateKeyPath names the key file to create."), "PrivateKeyPathIsFolder", ErrorCategory.InvalidArgument, PrivateKeyPath));
                return;
            }
            string? folder = System.IO.Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
            {
                WriteError(new ErrorRecord(new DirectoryNotFoundException($"The folder '{folder}' does not exist."), "PrivateKeyFolderNotFound", ErrorCategory.ObjectNotFound, PrivateKeyPath));
                return;
            }
            if (File.Exists(path) && !Force)
            {
                WriteError(new ErrorRecord(new IOException($"The file '{path}' already exists; use -Force to replace it (the key it holds is lost)."), "PrivateKeyFileExists", ErrorCategory.ResourceExists, PrivateKeyPath));
                return;
            }
            if (!ShouldProcess(path, $"Create a DKIM private key ({Algorithm}) for {name}")) return;

            var key = Algorithm.ToLowerInvariant() switch
            {
                "ed25519" => DkimKeyGenerator.Generate(DkimSigningAlgorithm.Ed25519Sha256),
                "rsa3072" => DkimKeyGenerator.Generate(DkimSigningAlgorithm.RsaSha256, 3072),
                "rsa4096" => DkimKeyGenerator.Generate(DkimSigningAlgorithm.RsaSha256, 4096),
                _ => DkimKeyGenerator.Generate(DkimSigningAlgorithm.RsaSha256, 2048),
            };
            try
            {
                key.SavePkcs8(path, Force.IsPresent);
            }
            catch (UnauthorizedAccessException e)
            {
                WriteError(new ErrorRecord(e, "PrivateKeyUnwritable", ErrorCategory.PermissionDenied, PrivateKeyPath));
                return;
            }
            catch (IOException e)
            {
                WriteError(new ErrorRecord(e, "PrivateKeyUnwritable", ErrorCategory.WriteError, PrivateKeyPath));
                return;
            }
            WriteObject(DkimSigningKeyInfo.Create(key, Domain, Selector, path));
        }
    }
}
