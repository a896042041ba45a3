using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Threading;

namespace MailAuthPS
{
    /// <summary>
    /// Loads the core and third-party assemblies from the module's <c>dependencies/</c> folder, the
    /// build for the running edition: <c>net8.0</c> on PowerShell 7, <c>netstandard2.0</c> on Windows PowerShell.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string DependencyDirectory = Path.Combine(
            Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".",
            "dependencies",
            Type.GetType("System.Runtime.Loader.AssemblyLoadContext") != null ? "net8.0" : "netstandard2.0");

        private static int _registered;

        // Runs when MailAuthPS.dll is loaded: PowerShell reads the cmdlets' parameter types (enums
        // of the core) while importing, before IModuleAssemblyInitializer.OnImport would run.
        [System.Runtime.CompilerServices.ModuleInitializer]
        internal static void Register()
        {
            if (Interlocked.Exchange(ref _registered, 1) == 0) AppDomain.CurrentDomain.AssemblyResolve += Resolve;
        }

        /// <inheritdoc />
        public void OnImport() => Register();

        /// <inheritdoc />
        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            if (Interlocked.Exchange(ref _registered, 0) == 1) AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
        }

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            // Only names we ship; anything else is left to the host.
            string path = Path.Combine(DependencyDirectory, new AssemblyName(args.Name).Name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }
    }
}

namespace System.Runtime.CompilerServices
{
    // The attribute is matched by name; netstandard2.0 does not define it. Both the .NET Framework
    // and .NET runtimes run module initializers.
    [AttributeUsage(AttributeTargets.Method, Inherited = false)]
    internal sealed class ModuleInitializerAttribute : Attribute
    {
    }
}
