using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

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

        /// <inheritdoc />
        public void OnImport() => AppDomain.CurrentDomain.AssemblyResolve += Resolve;

        /// <inheritdoc />
        public void OnRemove(PSModuleInfo psModuleInfo) => AppDomain.CurrentDomain.AssemblyResolve -= Resolve;

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            // Only names we ship; anything else is left to the host.
            string path = Path.Combine(DependencyDirectory, new AssemblyName(args.Name).Name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }
    }
}
