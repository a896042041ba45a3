using System;
using System.IO;

namespace MailAuth.Dkim
{
    /// <summary>Writes secret files so that only their owner can read them.</summary>
    internal static class DkimPrivateKeyWriter
    {
        internal static void WriteOwnerOnly(string path, byte[] content, bool overwrite)
        {
            if (File.Exists(path))
            {
                if (!overwrite) throw new IOException($"The file '{path}' already exists.");
                // Deleting first means the new file never inherits the old file's (possibly broader) mode.
                File.Delete(path);
            }
#if NET7_0_OR_GREATER
            if (!OperatingSystem.IsWindows())
            {
                var options = new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    Share = FileShare.None,
                    // Set at creation, so no moment exists where the key is readable by others.
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                };
                using (var unixStream = new FileStream(path, options)) unixStream.Write(content, 0, content.Length);
                return;
            }
#endif
            // Windows (and Windows PowerShell 5.1, netstandard2.0): the file inherits the folder's ACL.
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            stream.Write(content, 0, content.Length);
        }
    }
}
