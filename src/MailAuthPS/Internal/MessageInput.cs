using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;

namespace MailAuthPS.Commands
{
    /// <summary>The -Path / -LiteralPath / -Message inputs that every message cmdlet shares.</summary>
    internal static class MessageInput
    {
        /// <summary>Resolves paths to existing files; each problem becomes an error record (MessageNotFound) and the rest go on.</summary>
        public static IEnumerable<string> ResolveFiles(PSCmdlet cmdlet, string[] paths, bool literal, Action<ErrorRecord> error)
        {
            foreach (string p in paths)
            {
                var found = new List<string>();
                try
                {
                    if (literal) found.Add(cmdlet.GetUnresolvedProviderPathFromPSPath(p));
                    else found.AddRange(cmdlet.GetResolvedProviderPathFromPSPath(p, out var provider).Where(_ => provider.Name == "FileSystem"));
                }
                catch (ItemNotFoundException e)
                {
                    error(new ErrorRecord(e, "MessageNotFound", ErrorCategory.ObjectNotFound, p));
                    continue;
                }
                foreach (string f in found)
                {
                    if (Directory.Exists(f))
                    {
                        error(new ErrorRecord(new IOException($"'{f}' is a folder, not a message file."), "MessageNotFound", ErrorCategory.InvalidArgument, p));
                        continue;
                    }
                    if (!File.Exists(f))
                    {
                        error(new ErrorRecord(new FileNotFoundException($"'{f}' does not exist.", f), "MessageNotFound", ErrorCategory.ObjectNotFound, p));
                        continue;
                    }
                    yield return f;
                }
            }
        }

        /// <summary>A -Message value as bytes: a byte array as is, a string as UTF-8; null for anything else.</summary>
        public static byte[]? ToBytes(object value)
        {
            object v = value is PSObject pso ? pso.BaseObject : value;
            return v switch
            {
                byte[] b => b,
                string s => Encoding.UTF8.GetBytes(s),
                object[] arr when arr.All(o => (o is PSObject p ? p.BaseObject : o) is byte) => arr.Select(o => (byte)(o is PSObject p ? p.BaseObject : o)).ToArray(),
                _ => null,
            };
        }
    }
}
