using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using System.Runtime.ExceptionServices;

namespace MailAuthPS.Bootstrap
{
    /// <summary>
    /// Makes the core (<c>MailAuth.dll</c>) and its third-party assemblies reachable before PowerShell
    /// reads the cmdlets. On PowerShell 7 they load into their own AssemblyLoadContext
    /// (<c>MailAuthPS.Loader</c>), so other modules' MimeKit, BouncyCastle or DnsClient neither break
    /// nor are broken by ours; on Windows PowerShell they resolve from <c>dependencies/netstandard2.0</c>.
    /// </summary>
    /// <remarks>
    /// The manifest imports this assembly as a nested module, and PowerShell imports nested modules
    /// before the root one: the cmdlets' classes hold fields of the core's enums, so merely listing
    /// MailAuthPS.dll's types needs the core, before any code in that assembly could run. A script
    /// module in front did the same job but cost about 70 ms of engine start-up on every import.
    /// </remarks>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly Type? LoadContextType = Type.GetType("System.Runtime.Loader.AssemblyLoadContext");

        private static readonly string ModuleDirectory =
            Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".";

        // Internal to PowerShell; the same type about_Classes uses to export class names.
        private static readonly Type? TypeAccelerators = typeof(PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators");

        private static readonly object Gate = new object();
        private static bool _resolverRegistered;
        private static Assembly? _core;
        private static List<string>? _accelerators;
        // The runspaces that have the module: accelerators and the resolver are per process, so
        // Remove-Module in one runspace must not take them from another. A set, not a count, because
        // Import-Module -Force imports again without removing first.
        private static readonly HashSet<Guid> Holders = new HashSet<Guid>();

        /// <inheritdoc />
        public void OnImport()
        {
            lock (Gate)
            {
                if (!_resolverRegistered)
                {
                    if (LoadContextType != null) _core = RegisterLoadContext();
                    else AppDomain.CurrentDomain.AssemblyResolve += Resolve;
                    _resolverRegistered = true;
                }
                if (_core != null && _accelerators is null) _accelerators = AddTypeAccelerators(_core);
                Holders.Add(CurrentRunspace());
            }
        }

        /// <inheritdoc />
        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            lock (Gate)
            {
                Holders.Remove(CurrentRunspace());
                if (Holders.Count > 0) return;
                RemoveTypeAccelerators();
                // The load context stays (its assemblies cannot be unloaded, and a new import binds to
                // the same types); Windows PowerShell's handler goes with the module.
                if (LoadContextType is null && _resolverRegistered)
                {
                    AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
                    _resolverRegistered = false;
                }
            }
        }

        private static Guid CurrentRunspace() => Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty;

        private static Assembly RegisterLoadContext()
        {
            // Reflection because this assembly targets netstandard2.0, where load contexts do not
            // exist; the loader itself (net8.0) goes to the default context, as PowerShell would put it.
            string directory = Path.Combine(ModuleDirectory, "dependencies", "net8.0");
            object defaultContext = LoadContextType!.GetProperty("Default")!.GetValue(null)!;
            var loader = (Assembly)LoadContextType.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) })!
                .Invoke(defaultContext, new object[] { Path.Combine(directory, "MailAuthPS.Loader.dll") })!;
            MethodInfo register = loader.GetType("MailAuthPS.Loader.DependencyLoadContext", throwOnError: true)!
                .GetMethod("Register", new[] { typeof(string) })!;
            try
            {
                return (Assembly)register.Invoke(null, new object[] { directory })!;
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
        }

        // PowerShell resolves [TypeName] only in the default context; accelerators under the full names
        // keep [MailAuth.Spf.SpfResult] and -is tests working for the core's types, which live in ours.
        private static List<string>? AddTypeAccelerators(Assembly core)
        {
            MethodInfo? add = TypeAccelerators?.GetMethod("Add", new[] { typeof(string), typeof(Type) });
            if (add is null) return null; // a host without them: [MailAuth.*] literals fail, the cmdlets work
            var added = new List<string>();
            foreach (Type type in core.GetExportedTypes())
            {
                if (type.IsGenericTypeDefinition) continue;
                add.Invoke(null, new object[] { type.FullName!, type });
                added.Add(type.FullName!);
            }
            return added;
        }

        private static void RemoveTypeAccelerators()
        {
            if (_accelerators is null) return;
            MethodInfo? remove = TypeAccelerators?.GetMethod("Remove", new[] { typeof(string) });
            if (remove != null)
            {
                foreach (string name in _accelerators) remove.Invoke(null, new object[] { name });
            }
            _accelerators = null;
        }

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            // Only names we ship; anything else is left to the host.
            string path = Path.Combine(ModuleDirectory, "dependencies", "netstandard2.0", new AssemblyName(args.Name).Name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }
    }
}
