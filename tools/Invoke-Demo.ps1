# The offline demo: the sample inventory through the module, as an administrator would run it.
param(
    [Parameter(Mandatory)][string]$Manifest,
    [Parameter(Mandatory)][string]$Samples
)
$ErrorActionPreference = 'Stop'
Import-Module $Manifest
$zones = Join-Path $Samples 'zones/*.zone'
$domains = Import-Csv (Join-Path $Samples 'domains.csv')
$available = (Get-Module MailAuthPS).ExportedCmdlets.Keys

# One lint per domain; the checks that exist so far join the table as columns.
# DKIM selectors cannot be listed from DNS: Get-DkimRecord probes common selector names.
$spf = $domains | Test-SpfRecord -ZoneFile $zones
$dmarc = if ('Test-DmarcRecord' -in $available) { $domains | Test-DmarcRecord -ZoneFile $zones } else { @() }
$dkim = if ('Test-DkimRecord' -in $available) { $domains | Test-DkimRecord -ZoneFile $zones } else { @() }
# Transport and brand: DNS only. Zone files alone are offline, so MTA-STS policies and BIMI logos are not fetched.
$sts = if ('Test-MtaStsPolicy' -in $available) { $domains | Test-MtaStsPolicy -ZoneFile $zones } else { @() }
$rpt = if ('Get-TlsRptRecord' -in $available) { $domains | Get-TlsRptRecord -ZoneFile $zones } else { @() }
$bimi = if ('Get-BimiRecord' -in $available) { $domains | Get-BimiRecord -ZoneFile $zones } else { @() }

$byDomain = [ordered]@{}
$rows = for ($i = 0; $i -lt $domains.Count; $i++) {
    $d = $spf[$i].Domain
    $keys = @($dkim | Where-Object { $_.Domain -eq $d -and $_.Status -eq 'found' })
    $mtaSts = @($sts | Where-Object Domain -eq $d)
    $tlsRpt = @($rpt | Where-Object Domain -eq $d)
    $brand = @($bimi | Where-Object Domain -eq $d)
    $findings = @($spf[$i].Findings) + @($dmarc | Where-Object Domain -eq $d | ForEach-Object Findings) + @($keys | ForEach-Object Findings) +
        @($mtaSts | ForEach-Object Findings) + @($tlsRpt | ForEach-Object Findings) + @($brand | ForEach-Object Findings)
    $byDomain[$d] = $findings
    [pscustomobject]@{
        Domain   = $d
        SPF      = $spf[$i].Status
        Lookups  = $spf[$i].DnsLookupCount
        DMARC    = ($dmarc | Where-Object Domain -eq $d | ForEach-Object { if ($_.Status -eq 'found') { "p=$($_.EffectivePolicy)" } else { "$($_.Status)" } }) -join ''
        DKIM     = ($keys | ForEach-Object { $_.Selector }) -join ","
        'MTA-STS' = ($mtaSts | ForEach-Object { if ($_.Status -eq 'found') { "id=$($_.Policy.Id)" } elseif ($_.Status -ne 'none') { "$($_.Status)" } }) -join ''
        'TLS-RPT' = ($tlsRpt | ForEach-Object { if ($_.Status -ne 'none') { "$($_.Status)" } }) -join ''
        BIMI     = ($brand | ForEach-Object { if ($_.Status -eq 'found') { if ($_.DmarcEligible) { 'eligible' } else { 'not eligible' } } elseif ($_.Status -ne 'none') { "$($_.Status)" } }) -join ''
        Errors   = @($findings | Where-Object Severity -eq 'Error').Count
        Warnings = @($findings | Where-Object Severity -eq 'Warning').Count
    }
}
# Wider than a default console so no column is cut off; the terminal wraps what it must.
$rows | Format-Table -AutoSize | Out-String -Width 200 | Out-Host
if ($sts) {
    'MTA-STS policies and BIMI logos are not fetched: the demo is offline (zone files only) and no sample host serves them.' | Out-Host
    'With network access, Get-MtaStsPolicy and Get-BimiRecord -Fetch fetch them over HTTPS.' | Out-Host
}
'{0} domains; SPF: {1}' -f $rows.Count, (($spf | Group-Object Status | Sort-Object Name | ForEach-Object { "$($_.Count) $($_.Name)" }) -join ', ') | Out-Host

"`nErrors and warnings, by domain:" | Out-Host
foreach ($d in $byDomain.Keys) {
    $shown = @($byDomain[$d] | Where-Object Severity -ne 'Info')
    if ($shown.Count -eq 0) { continue }
    "`n$d" | Out-Host
    foreach ($f in $shown) { '  {0,-7} {1}: {2}' -f $f.Severity, $f.Id, $f.Message | Out-Host }
}
