#Requires -Version 7.2
<#
    The Gallery package: tools/Test-Package.ps1 (what build.ps1 Package runs) publishes the staged
    module with Publish-PSResource to a local file repository, installs it with Install-PSResource
    in a fresh pwsh, imports it by name, and runs every cmdlet once offline and Get-Help on each.
    Also checks the manifest has what the Gallery shows.
#>

BeforeAll {
    if (-not $env:MAILAUTHPS_MANIFEST) { throw 'MAILAUTHPS_MANIFEST is not set; run through build.ps1 Test.' }
    $Repo = $env:MAILAUTHPS_REPO
    $Stage = Split-Path $env:MAILAUTHPS_MANIFEST
    $Data = Import-PowerShellDataFile $env:MAILAUTHPS_MANIFEST
}

Describe 'The Gallery package' {
    It 'has a manifest with what the Gallery shows' {
        $Data.GUID | Should -Not -BeNullOrEmpty
        $Data.Author | Should -Not -BeNullOrEmpty
        $Data.Description | Should -Not -BeNullOrEmpty
        $Data.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $Data.PowerShellVersion | Should -Be '5.1'
        $Data.CmdletsToExport | Should -Not -Contain '*'
        $Data.FormatsToProcess | Should -Be @('MailAuthPS.Format.ps1xml')
        $Data.FileList.Count | Should -BeGreaterThan 10
        foreach ($tag in 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS', 'SPF', 'DKIM', 'DMARC', 'ARC', 'MTA-STS') {
            $Data.PrivateData.PSData.Tags | Should -Contain $tag
        }
        foreach ($key in 'ProjectUri', 'LicenseUri', 'ReleaseNotes') { $Data.PrivateData.PSData[$key] | Should -Not -BeNullOrEmpty }
    }

    It 'is published, installed by name in a fresh pwsh, and every cmdlet runs with its help' {
        $work = Join-Path ([IO.Path]::GetTempPath()) ('mailauthps-package-' + [guid]::NewGuid().ToString('n'))
        try {
            $json = & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -File (Join-Path $Repo 'tools/Test-Package.ps1') -Stage $Stage -Samples (Join-Path $Repo 'samples') -WorkDirectory $work
            $LASTEXITCODE | Should -Be 0
            $report = ($json | Select-Object -Last 1) | ConvertFrom-Json
            Test-Path -LiteralPath $report.Package | Should -BeTrue
            $report.Version | Should -Be $Data.ModuleVersion
            # Imported by name from where Install-PSResource put it, not from the staging folder.
            $report.ModuleBase | Should -Not -Be $Stage
            @($report.Cmdlets.Cmdlet | Sort-Object) | Should -Be @($Data.CmdletsToExport | Sort-Object)
            foreach ($c in $report.Cmdlets) {
                $c.Ran | Should -BeTrue -Because "$($c.Cmdlet): $($c.Error)"
                $c.Help | Should -BeTrue -Because "$($c.Cmdlet) should have help with a synopsis and two examples"
            }
            $report.AboutTopics | Should -Contain 'about_MailAuthPS_Findings'
        }
        finally {
            if (Test-Path $work) { Remove-Item -Recurse -Force $work }
        }
    }
}
