# Loads the core built for this edition before the cmdlets: PowerShell reads the cmdlet
# classes (whose parameters use the core's enums) while importing them, before any code of
# MailAuthPS.dll could point the runtime at the dependencies/ folder.
$edition = if ($PSEdition -eq 'Core') { 'net8.0' } else { 'netstandard2.0' }
$null = [System.Reflection.Assembly]::LoadFrom((Join-Path $PSScriptRoot "dependencies/$edition/MailAuth.dll"))
Import-Module (Join-Path $PSScriptRoot 'MailAuthPS.dll')
Export-ModuleMember -Cmdlet *
