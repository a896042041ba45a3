# Writes about_MailAuthPS_Findings.help.txt from the core's finding catalogue, so the list of
# finding ids, severities, references and remediations cannot drift from the code. Run by
# build.ps1 in a fresh pwsh (the core assembly stays out of the build's own session).
param(
    [Parameter(Mandatory)][string]$CoreAssembly,
    [Parameter(Mandatory)][string]$OutFile
)
$ErrorActionPreference = 'Stop'
Add-Type -Path $CoreAssembly
$all = [MailAuth.Findings.FindingCatalog]::All | Sort-Object Id

function Format-Wrapped([string]$Text, [int]$Indent, [int]$Width = 100) {
    # Plain-text help is read in a console: wrap at word boundaries under the given indent.
    $pad = ' ' * $Indent
    $line = ''
    foreach ($word in ($Text -split '\s+' | Where-Object { $_ })) {
        if ($line.Length -and ($pad.Length + $line.Length + 1 + $word.Length) -gt $Width) { "$pad$line"; $line = $word }
        else { $line = if ($line) { "$line $word" } else { $word } }
    }
    if ($line) { "$pad$line" }
}

$lines = [System.Collections.Generic.List[string]]::new()
$lines.Add('TOPIC')
$lines.Add('    about_MailAuthPS_Findings')
$lines.Add('')
$lines.Add('SHORT DESCRIPTION')
$lines.Add('    Every finding MailAuthPS reports: its id, severity, the rule it comes from, and what to change.')
$lines.Add('')
$lines.Add('LONG DESCRIPTION')
foreach ($l in (Format-Wrapped -Indent 4 -Text ("Results carry Findings: objects with Id, Severity (Info, Warning, Error), Message (naming the " +
            "offending value), Reference (the RFC section or document) and Remediation. Ids are stable and never reused, so " +
            "scripts can filter on them. This list is generated from the module's code when it is built; it has " +
            "$($all.Count) findings, grouped by area (the part of the id before the first dot)."))) { $lines.Add($l) }
$lines.Add('')
$lines.Add('    Filter findings by id or severity, for example:')
$lines.Add('')
$lines.Add("        Test-MailDomain example.com | Select-Object -ExpandProperty Findings | Where-Object Severity -eq 'Error'")
$lines.Add("        Test-SpfRecord example.com | Where-Object { `$_.Findings.Id -contains 'Spf.TooManyDnsLookups' }")
foreach ($group in ($all | Group-Object { $_.Id.Split('.')[0] })) {
    $lines.Add('')
    $lines.Add("  $($group.Name.ToUpperInvariant())")
    foreach ($f in $group.Group) {
        $lines.Add('')
        $lines.Add("    $($f.Id) ($($f.Severity))")
        foreach ($l in (Format-Wrapped -Indent 8 -Text $f.Summary)) { $lines.Add($l) }
        foreach ($l in (Format-Wrapped -Indent 8 -Text "Reference: $($f.Reference)")) { $lines.Add($l) }
        foreach ($l in (Format-Wrapped -Indent 8 -Text "Remediation: $($f.Remediation)")) { $lines.Add($l) }
    }
}
$lines.Add('')
$lines.Add('SEE ALSO')
$lines.Add('    about_MailAuthPS')
$lines.Add('    Test-MailDomain')
$lines.Add('')
$lines.Add('KEYWORDS')
$lines.Add('    MailAuthPS, findings, SPF, DKIM, DMARC, ARC, MTA-STS, TLS-RPT, BIMI')
Set-Content -Path $OutFile -Value ($lines -join [Environment]::NewLine) -Encoding utf8NoBOM
