# Runs the Pester suite in this (fresh) pwsh and writes the totals as JSON for build.ps1.
param(
    [Parameter(Mandatory)][string]$PesterPath,
    [Parameter(Mandatory)][string]$TestPath,
    [Parameter(Mandatory)][string]$ResultPath
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force
$config = New-PesterConfiguration
$config.Run.Path = $TestPath
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'NUnitXml'
$config.TestResult.OutputPath = [IO.Path]::ChangeExtension($ResultPath, '.xml')
$run = Invoke-Pester -Configuration $config
# Containers that failed to run (syntax errors, BeforeAll failures) count as failures too.
$failed = $run.FailedCount + $run.FailedBlocksCount + $run.FailedContainersCount
[pscustomobject]@{ Passed = $run.PassedCount; Failed = $failed; Skipped = $run.SkippedCount + $run.NotRunCount } |
    ConvertTo-Json | Set-Content -Path $ResultPath -Encoding utf8NoBOM
exit ([int]($failed -gt 0))
