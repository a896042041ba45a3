using System;
using System.IO;
using System.Management.Automation;
using MailAuth.Dkim;

namespace MailAuthPS.Commands
{
    /// <summary>Loads a private key from the file the user names; any problem stops the command with a clear error.</summary>
    internal static class PrivateKeyInput
    {
        public static DkimSigningKey Load(PSCmdlet cmdlet, string path)
        {
            string keyPath = cmdlet.GetUnresolvedProviderPathFromPSPath(path);
            try
            {
                return DkimSigningKey.Load(keyPath);
            }
            catch (FileNotFoundException e)
            {
                cmdlet.ThrowTerminatingError(MailAuthCmdlet.Error(e, "PrivateKeyNotFound", ErrorCategory.ObjectNotFound, path));
            }
            catch (DkimPrivateKeyException e)
            {
                cmdlet.ThrowTerminatingError(MailAuthCmdlet.Error(e, "InvalidPrivateKey", ErrorCategory.InvalidData, path));
            }
            catch (UnauthorizedAccessException e)
            {
                cmdlet.ThrowTerminatingError(MailAuthCmdlet.Error(e, "PrivateKeyUnreadable", ErrorCategory.PermissionDenied, path));
            }
            catch (IOException e)
            {
                cmdlet.ThrowTerminatingError(MailAuthCmdlet.Error(e, "PrivateKeyUnreadable", ErrorCategory.ReadError, path));
            }
            throw new InvalidOperationException("unreachable: ThrowTerminatingError returned");
        }
    }
}
