# Builds the Gallery package (.nupkg) from the staged module with Publish-PSResource into a local
# file repository, then, in a fresh pwsh -NoProfile, registers that repository, installs MailAuthPS
# with Install-PSResource, imports it by name and smoke-tests every cmdlet and its help offline.
# Prints one JSON line with the results. Used by build.ps1 Package and by Package.Tests.ps1.
param(
    [Parameter(Mandatory)][string]$Stage,
    [Parameter(Mandatory)][string]$Samples,
    [Parameter(Mandatory)][string]$WorkDirectory
)
$ErrorActionPreference = 'Stop'
$manifest = Get-ChildItem -LiteralPath $Stage -Filter 'MailAuthPS.psd1' | Select-Object -First 1
if (-not $manifest) { throw "No MailAuthPS.psd1 in $Stage." }
$data = Import-PowerShellDataFile $manifest.FullName
$version = $data.ModuleVersion

# Publish-PSResource wants the folder named after the module.
$source = Join-Path $WorkDirectory 'source/MailAuthPS'
$feed = Join-Path $WorkDirectory 'feed'
foreach ($d in $source, $feed) { if (Test-Path $d) { Remove-Item -Recurse -Force $d }; $null = New-Item -ItemType Directory -Force $d }
Copy-Item -Path (Join-Path $Stage '*') -Destination $source -Recurse
$repo = 'MailAuthPSLocal' + [guid]::NewGuid().ToString('n').Substring(0, 8)
Register-PSResourceRepository -Name $repo -Uri $feed -Trusted
try {
    Publish-PSResource -Path $source -Repository $repo
    $nupkg = Get-ChildItem $feed -Filter "MailAuthPS.$version.nupkg" | Select-Object -First 1
    if (-not $nupkg) { throw "Publish-PSResource wrote no MailAuthPS.$version.nupkg to $feed." }

    # The install and the smoke test run where nothing of this session is loaded.
    $smoke = {
        param($Repo, $Version, $Samples)
        $ErrorActionPreference = 'Stop'
        Install-PSResource -Name MailAuthPS -Version $Version -Repository $Repo -Scope CurrentUser -TrustRepository -Reinstall
        try {
            Import-Module MailAuthPS
            $module = Get-Module MailAuthPS
            $zones = Join-Path $Samples 'zones/*.zone'
            $msg = Join-Path $Samples 'messages/northwind-welcome.eml'
            $list = Join-Path $Samples 'messages/northwind-list-arc.eml'
            $key = Join-Path $Samples 'keys/northwind-demo.pem'
            $tmp = Join-Path ([IO.Path]::GetTempPath()) ('mailauthps-smoke-' + [guid]::NewGuid().ToString('n'))
            $null = New-Item -ItemType Directory $tmp
            # One offline call per cmdlet; each must return at least one object without an error.
            $calls = [ordered]@{
                'Get-SpfRecord'           = { Get-SpfRecord northwind-traders.example -ZoneFile $zones }
                'Test-SpfRecord'          = { Test-SpfRecord northwind-traders.example -ZoneFile $zones }
                'Resolve-SpfRecord'       = { Resolve-SpfRecord northwind-traders.example -ZoneFile $zones }
                'Get-SpfEvaluation'       = { Get-SpfEvaluation -IPAddress 192.0.2.10 -MailFrom bounce@northwind-traders.example -ZoneFile $zones }
                'Get-DkimRecord'          = { Get-DkimRecord northwind-traders.example -Selector demo -ZoneFile $zones }
                'Test-DkimRecord'         = { Test-DkimRecord northwind-traders.example -Selector demo -ZoneFile $zones }
                'Test-DkimSignature'      = { Test-DkimSignature -Path $msg -ZoneFile $zones }
                'Add-DkimSignature'       = { Add-DkimSignature -Path $msg -Domain northwind-traders.example -Selector demo -PrivateKeyPath $key }
                'New-DkimKey'             = { New-DkimKey -Algorithm Ed25519 -Selector smoke -Domain example.com -PrivateKeyPath (Join-Path $tmp 'k.pem') }
                'Get-DmarcRecord'         = { Get-DmarcRecord northwind-traders.example -ZoneFile $zones }
                'Test-DmarcRecord'        = { Test-DmarcRecord northwind-traders.example -ZoneFile $zones }
                'Get-DmarcEvaluation'     = { Get-DmarcEvaluation -Path $msg -ZoneFile $zones }
                'Test-ArcChain'           = { Test-ArcChain -Path $list -ZoneFile $zones }
                'Add-ArcSeal'             = { Add-ArcSeal -Path $msg -Domain northwind-traders.example -Selector demo -PrivateKeyPath $key -AuthenticationResults 'arc=none' -ZoneFile $zones }
                'Get-MtaStsPolicy'        = { Get-MtaStsPolicy northwind-traders.example -ZoneFile $zones }
                'Test-MtaStsPolicy'       = { Test-MtaStsPolicy northwind-traders.example -ZoneFile $zones }
                'Get-TlsRptRecord'        = { Get-TlsRptRecord northwind-traders.example -ZoneFile $zones }
                'Get-BimiRecord'          = { Get-BimiRecord northwind-traders.example -ZoneFile $zones }
                'Test-SmtpTls'            = { Test-SmtpTls northwind-traders.example -ZoneFile $zones }
                'Test-MailDomain'         = { Test-MailDomain northwind-traders.example -ZoneFile $zones }
                'Export-MailDomainReport' = { Test-MailDomain northwind-traders.example -ZoneFile $zones | Export-MailDomainReport -Path (Join-Path $tmp 'r.html') -PassThru }
                'Import-DmarcReport'      = { Get-ChildItem (Join-Path $Samples 'reports') -Recurse -Filter *.xml | Select-Object -First 1 | Import-DmarcReport }
                'Measure-DmarcReport'     = { Get-ChildItem (Join-Path $Samples 'reports') -Recurse -Filter *.xml | Select-Object -First 1 | Import-DmarcReport | Measure-DmarcReport }
                'Import-TlsRptReport'     = { Get-ChildItem (Join-Path $Samples 'reports') -Recurse -Filter *.json | Select-Object -First 1 | Import-TlsRptReport }
            }
            $results = foreach ($name in $module.ExportedCmdlets.Keys | Sort-Object) {
                $ok = $false; $why = $null
                try {
                    if (-not $calls.Contains($name)) { throw 'no smoke call for this cmdlet' }
                    $out = @(& $calls[$name])
                    $ok = $out.Count -gt 0
                    if (-not $ok) { $why = 'no output' }
                }
                catch { $why = $_.Exception.Message }
                $help = Get-Help $name -Full
                $helpOk = [bool]$help.Synopsis -and $help.Synopsis -notmatch '^\s*' + [regex]::Escape($name) + '\s' -and @($help.Examples.Example).Count -ge 2
                [pscustomobject]@{ Cmdlet = $name; Ran = $ok; Help = $helpOk; Error = $why }
            }
            [pscustomobject]@{
                ModuleBase = $module.ModuleBase; Version = "$($module.Version)"
                Cmdlets = @($results); AboutTopics = @((Get-Help about_MailAuthPS*).Name)
            } | ConvertTo-Json -Depth 4 -Compress
            Remove-Item -Recurse -Force $tmp
        }
        finally {
            Uninstall-PSResource -Name MailAuthPS -Version $Version -Scope CurrentUser -ErrorAction SilentlyContinue
        }
    }
    $json = & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -Command $smoke -args $repo, $version, $Samples
    if ($LASTEXITCODE -ne 0) { throw "The install and smoke test failed (exit code $LASTEXITCODE)." }
    $report = ($json | Select-Object -Last 1) | ConvertFrom-Json
    $report | Add-Member Package $nupkg.FullName
    $report | Add-Member PackageBytes $nupkg.Length
    $report | ConvertTo-Json -Depth 4 -Compress
}
finally {
    Unregister-PSResourceRepository -Name $repo -ErrorAction SilentlyContinue
}
