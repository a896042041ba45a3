#Requires -Version 7.2
<#
    The about_ topics shipped in en-US: about_MailAuthPS names every exported cmdlet, and
    about_MailAuthPS_Findings lists every finding of the code's catalogue with its severity,
    reference and remediation (it is generated from the catalogue, so this guards the generator).
#>

BeforeAll {
    if (-not $env:MAILAUTHPS_MANIFEST) { throw 'MAILAUTHPS_MANIFEST is not set; run through build.ps1 Test.' }
    $Module = Import-Module $env:MAILAUTHPS_MANIFEST -Force -PassThru
}

Describe 'about_ help topics' {
    It 'about_MailAuthPS is found by Get-Help and names every exported cmdlet' {
        $text = (Get-Help about_MailAuthPS | Out-String)
        $text | Should -Match 'DNS OPTIONS'
        $text | Should -Match 'DEPENDENCIES'
        foreach ($name in $Module.ExportedCmdlets.Keys) { $text | Should -Match ([regex]::Escape($name)) -Because "about_MailAuthPS should mention $name" }
    }

    It 'about_MailAuthPS_Findings lists every finding of the catalogue with severity, reference and remediation' {
        $text = (Get-Help about_MailAuthPS_Findings | Out-String)
        $catalogue = [MailAuth.Findings.FindingCatalog]::All
        $catalogue.Count | Should -BeGreaterThan 100
        foreach ($f in $catalogue) {
            $text | Should -Match ("(?m)^\s*{0} \({1}\)\s*$" -f [regex]::Escape($f.Id), $f.Severity) -Because "$($f.Id) should be listed"
        }
        ([regex]::Matches($text, '(?m)^\s*Reference: ')).Count | Should -Be $catalogue.Count
        ([regex]::Matches($text, '(?m)^\s*Remediation: ')).Count | Should -Be $catalogue.Count
    }

    It 'documents every finding id defined in the source exactly once, and nothing else' {
        # The ids as written in src/MailAuth (independent of the reflection the generator uses).
        $source = Get-ChildItem -Recurse -Filter '*.cs' (Join-Path $env:MAILAUTHPS_REPO 'src/MailAuth') |
            Select-String -Pattern 'new FindingDefinition\(\s*"([^"]+)"' -AllMatches |
            ForEach-Object { $_.Matches } | ForEach-Object { $_.Groups[1].Value }
        $source.Count | Should -BeGreaterThan 100
        @($source | Group-Object | Where-Object Count -gt 1).Name | Should -BeNullOrEmpty -Because 'an id is defined once'
        # A finding made from a literal id would bypass the catalogue and the topic.
        Get-ChildItem -Recurse -Filter '*.cs' (Join-Path $env:MAILAUTHPS_REPO 'src') |
            Select-String -Pattern 'new Finding\(\s*"' | Should -BeNullOrEmpty

        $text = (Get-Help about_MailAuthPS_Findings | Out-String)
        $documented = [regex]::Matches($text, '(?m)^\s+([A-Z][A-Za-z0-9]*\.[A-Za-z0-9.]+) \((Info|Warning|Error)\)\s*$') | ForEach-Object { $_.Groups[1].Value }
        @($documented | Group-Object | Where-Object Count -gt 1).Name | Should -BeNullOrEmpty -Because 'an id is documented once'
        @($source | Where-Object { $_ -cnotin $documented }) | Should -BeNullOrEmpty -Because 'every id in the code is documented'
        @($documented | Where-Object { $_ -cnotin $source }) | Should -BeNullOrEmpty -Because 'the topic documents no id the code lacks'
    }
}
