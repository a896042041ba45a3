# Loads the core before the cmdlets: PowerShell reads the cmdlet classes (whose parameters use the
# core's enums) while importing them, before any code of MailAuthPS.dll could run.
if ($PSEdition -eq 'Core') {
    # PowerShell 7: the core and MimeKit, BouncyCastle and DnsClient live in their own load context,
    # so other modules' versions of those neither break nor are broken by ours (about_MailAuthPS).
    $dependencies = Join-Path $PSScriptRoot 'dependencies/net8.0'
    $loader = [System.Runtime.Loader.AssemblyLoadContext]::Default.LoadFromAssemblyPath((Join-Path $dependencies 'MailAuthPS.Loader.dll'))
    $core = $loader.GetType('MailAuthPS.Loader.DependencyLoadContext', $true)::Register($dependencies)

    # PowerShell resolves [TypeName] only in the default context; accelerators under the full names
    # keep [MailAuth.Spf.SpfResult] and -is tests working. The same mechanism about_Classes shows.
    $accelerators = [psobject].Assembly.GetType('System.Management.Automation.TypeAccelerators')
    $publicTypes = @($core.GetExportedTypes() | Where-Object { -not $_.IsGenericTypeDefinition })
    foreach ($type in $publicTypes) { $accelerators::Add($type.FullName, $type) }
    $ExecutionContext.SessionState.Module.OnRemove = {
        foreach ($type in $publicTypes) { $null = $accelerators::Remove($type.FullName) }
    }.GetNewClosure()
}
else {
    # Windows PowerShell has one load context; ModuleInitializer resolves the dependencies from
    # this folder, side by side with other strong-named versions where .NET Framework allows it.
    $null = [System.Reflection.Assembly]::LoadFrom((Join-Path $PSScriptRoot 'dependencies/netstandard2.0/MailAuth.dll'))
}
Import-Module (Join-Path $PSScriptRoot 'MailAuthPS.dll')
Export-ModuleMember -Cmdlet *
