# The offline demo: the sample inventory audited as an administrator would, a table on screen and
# the HTML report written beside the staged module.
param(
    [Parameter(Mandatory)][string]$Manifest,
    [Parameter(Mandatory)][string]$Samples,
    [Parameter(Mandatory)][string]$OutDirectory
)
$ErrorActionPreference = 'Stop'
Import-Module $Manifest
$zones = Join-Path $Samples 'zones/*.zone'

# One shared resolver and cache for the whole run; zone files alone are offline, so MTA-STS
# policies are not fetched and no server is probed (SmtpTls and Jmap are not asked for here).
$reports = Import-Csv (Join-Path $Samples 'domains.csv') | Test-MailDomain -ZoneFile $zones

$rows = foreach ($r in $reports) {
    $dmarc = $r.Dmarc
    $sts = $r['MtaSts'].Result
    $bimi = $r['Bimi'].Result
    [pscustomobject]@{
        Domain    = $r.Domain
        Grade     = $r.Grade
        Score     = $r.Score
        SPF       = $r.Spf.Status
        DMARC     = if ($dmarc.Status -eq 'found') { "p=$($dmarc.EffectivePolicy)" } else { "$($dmarc.Status)" }
        DKIM      = (@($r.Dkim | Where-Object Status -eq 'found') | ForEach-Object Selector) -join ','
        'MTA-STS' = if ($sts.Status -eq 'found') { "id=$($sts.Policy.Id)" } elseif ($sts.Status -ne 'none') { "$($sts.Status)" }
        'TLS-RPT' = if ($r['TlsRpt'].Result.Status -ne 'none') { "$($r['TlsRpt'].Result.Status)" }
        BIMI      = if ($bimi.Status -eq 'found') { if ($bimi.DmarcEligible) { 'eligible' } else { 'not eligible' } } elseif ($bimi.Status -ne 'none') { "$($bimi.Status)" }
        Errors    = @($r.Findings | Where-Object Severity -eq 'Error').Count
        Warnings  = @($r.Findings | Where-Object Severity -eq 'Warning').Count
    }
}
# Wider than a default console so no column is cut off; the terminal wraps what it must.
$rows | Format-Table -AutoSize | Out-String -Width 250 | Out-Host
'MTA-STS policies and BIMI logos are not fetched: the demo is offline (zone files only) and no sample host serves them.' | Out-Host
'With network access, Test-MailDomain fetches MTA-STS policies over HTTPS; Get-BimiRecord -Fetch checks logos.' | Out-Host
'{0} domains; grades: {1}' -f $rows.Count, (($reports | Group-Object Grade | Sort-Object Name | ForEach-Object { "$($_.Count) $($_.Name)" }) -join ', ') | Out-Host

"`nErrors and warnings, by domain:" | Out-Host
foreach ($r in $reports) {
    $shown = @($r.Findings | Where-Object Severity -ne 'Info')
    if ($shown.Count -eq 0) { continue }
    "`n$($r.Domain)" | Out-Host
    foreach ($f in $shown) { '  {0,-7} {1}: {2}' -f $f.Severity, $f.Id, $f.Message | Out-Host }
}

$null = New-Item -ItemType Directory -Force $OutDirectory
$html = Join-Path $OutDirectory 'demo-report.html'
$reports | Export-MailDomainReport -Path $html -Title 'Sample inventory (offline demo)' -Force
"`nThe HTML report: $html" | Out-Host
