using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace MailAuthPS.Loader
{
    /// <summary>
    /// The load context of the module's core (<c>MailAuth.dll</c>) and the third-party assemblies it
    /// ships (MimeKit, BouncyCastle, DnsClient): other modules in the session may hold other versions
    /// of those in the default context, and neither side sees the other's.
    /// </summary>
    /// <remarks>
    /// The cmdlet assembly stays in the default context and reaches the core through
    /// <see cref="AssemblyLoadContext.Resolving"/>: the core's name is ours alone, so there is only
    /// ever one copy of its types, the ones the cmdlets' parameters and outputs use.
    /// </remarks>
    public sealed class DependencyLoadContext : AssemblyLoadContext
    {
        /// <summary>The simple name of the core; the only name handed to the default context.</summary>
        public const string CoreAssemblyName = "MailAuth";

        private static readonly object Gate = new object();
        private static DependencyLoadContext? _instance;

        private readonly string _directory;
        private readonly Dictionary<string, string> _platformPaths;

        private DependencyLoadContext(string directory)
            : base("MailAuthPS", isCollectible: false)
        {
            _directory = directory;
            _platformPaths = ReadPlatformAssemblies();
        }

        /// <summary>The context once <see cref="Register"/> has run; otherwise null.</summary>
        public static DependencyLoadContext? Instance => _instance;

        /// <summary>The folder the context loads from.</summary>
        public string Directory => _directory;

        /// <summary>
        /// Creates the context for <paramref name="directory"/> (once per process) and lets the
        /// default context find the core in it. Importing the module again reuses it: assemblies
        /// cannot be unloaded from a non-collectible context, and the cmdlets are bound to these types.
        /// </summary>
        /// <returns>The core assembly, loaded in the context.</returns>
        public static Assembly Register(string directory)
        {
            if (directory is null) throw new ArgumentNullException(nameof(directory));
            string full = Path.GetFullPath(directory);
            lock (Gate)
            {
                if (_instance is null)
                {
                    if (!File.Exists(Path.Combine(full, CoreAssemblyName + ".dll")))
                        throw new FileNotFoundException("The module's core assembly is missing.", Path.Combine(full, CoreAssemblyName + ".dll"));
                    var context = new DependencyLoadContext(full);
                    Default.Resolving += context.ResolveCoreForDefault;
                    _instance = context;
                }
                else if (!string.Equals(_instance._directory, full, StringComparison.Ordinal))
                {
                    // Two copies of the module in one process would make two sets of the same types.
                    throw new InvalidOperationException(
                        "MailAuthPS is already loaded in this process from " + _instance._directory +
                        "; start a new session to load it from " + full + ".");
                }
                return _instance.LoadFromAssemblyName(new AssemblyName(CoreAssemblyName));
            }
        }

        /// <inheritdoc />
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            string? name = assemblyName.Name;
            if (name is null) return null;
            string path = Path.Combine(_directory, name + ".dll");
            if (!File.Exists(path)) return null; // the platform's: System.*, PowerShell, netstandard
            // Out-of-band framework packages we ship for older runtimes (System.Formats.Asn1...):
            // when the running platform has the same or a newer one, share it.
            if (_platformPaths.TryGetValue(name, out string? platformPath))
            {
                Version? platform = AssemblyName.GetAssemblyName(platformPath).Version;
                Version? ours = AssemblyName.GetAssemblyName(path).Version;
                if (platform != null && (ours is null || platform >= ours)) return null;
            }
            return LoadFromAssemblyPath(path);
        }

        private Assembly? ResolveCoreForDefault(AssemblyLoadContext context, AssemblyName name)
        {
            // Only the core: handing MimeKit or DnsClient to the default context would be the conflict
            // this context exists to avoid.
            return string.Equals(name.Name, CoreAssemblyName, StringComparison.OrdinalIgnoreCase)
                ? LoadFromAssemblyName(name)
                : null;
        }

        private static Dictionary<string, string> ReadPlatformAssemblies()
        {
            // The runtime's own assemblies (and the host's, listed in its deps.json): only System.* and
            // Microsoft.* are candidates for sharing, never a third-party name another host bundles.
            var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is not string list) return result;
            foreach (string path in list.Split(Path.PathSeparator))
            {
                string name = Path.GetFileNameWithoutExtension(path);
                if (!name.StartsWith("System.", StringComparison.OrdinalIgnoreCase) &&
                    !name.StartsWith("Microsoft.", StringComparison.OrdinalIgnoreCase)) continue;
                result[name] = path;
            }
            return result;
        }
    }
}
