# Runs Test-MailDomain over the generated scale inventory in this process and prints one JSON line:
# wall time, reports, statuses and this process's peak working set. Started by Invoke-Benchmarks.ps1
# in a fresh pwsh so the peak memory is the audit's alone. -Check limits the checks (default: all).
param(
    [Parameter(Mandatory)][string]$Manifest,
    [Parameter(Mandatory)][string]$Server,
    [Parameter(Mandatory)][int]$Count,
    [int]$ThrottleLimit = 64,
    # Comma-separated (a -File argument is one string).
    [string]$Check
)
$ErrorActionPreference = 'Stop'
Import-Module $Manifest
Import-Module (Join-Path $PSScriptRoot '../tests/MailAuthPS.Tests/TestHelpers/AuditScale.psm1')
$domains = @(Get-AuditScaleDomain -Count $Count)
$extra = @{}
if ($Check) { $extra['Check'] = @($Check -split ',') }
$sw = [System.Diagnostics.Stopwatch]::StartNew()
$statuses = @{}
$reports = 0
$domains | Test-MailDomain -Server $Server -ThrottleLimit $ThrottleLimit -DnsTimeoutSec 5 @extra | ForEach-Object {
    $reports++
    $statuses[[string]$_.Status] = 1 + ($statuses[[string]$_.Status] ?? 0)
}
$sw.Stop()
$process = [System.Diagnostics.Process]::GetCurrentProcess()
$process.Refresh()
[pscustomobject]@{
    Seconds = $sw.Elapsed.TotalSeconds; Reports = $reports; Statuses = $statuses
    PeakWorkingSetMiB = [math]::Round($process.PeakWorkingSet64 / 1MB, 1); ThrottleLimit = $ThrottleLimit
    Check = if ($Check) { $Check } else { 'default' }
} | ConvertTo-Json -Compress
