using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Threading;

namespace MailAuthPS
{
    /// <summary>
    /// On Windows PowerShell, resolves the core and third-party assemblies from the module's
    /// <c>dependencies/netstandard2.0</c> folder. On PowerShell 7 it does nothing: the module's
    /// script loads them into their own AssemblyLoadContext (MailAuthPS.Loader), and a handler here
    /// would hand our MimeKit or DnsClient to every other module in the session.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly bool HasLoadContexts = Type.GetType("System.Runtime.Loader.AssemblyLoadContext") != null;

        private static readonly string DependencyDirectory = Path.Combine(
            Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".", "dependencies", "netstandard2.0");

        private static int _registered;

        // Runs when MailAuthPS.dll is loaded: PowerShell reads the cmdlets' parameter types (enums
        // of the core) while importing, before IModuleAssemblyInitializer.OnImport would run.
        [System.Runtime.CompilerServices.ModuleInitializer]
        internal static void Register()
        {
            if (!HasLoadContexts && Interlocked.Exchange(ref _registered, 1) == 0) AppDomain.CurrentDomain.AssemblyResolve += Resolve;
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
