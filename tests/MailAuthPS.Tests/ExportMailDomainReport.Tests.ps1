#Requires -Version 7.2
<#
    Export-MailDomainReport against the staged module ($env:MAILAUTHPS_MANIFEST), over the sample
    inventory audited offline: every format (chosen by extension or -Format), -PerFinding, -Force,
    -WhatIf, -PassThru, errors and their ids, input that is not a report, and the examples of
    docs/Export-MailDomainReport.md run as written. The files are read back with PowerShell's own
    Import-Csv and ConvertFrom-Json and compared with the report objects.
#>

BeforeAll {
    if (-not $env:MAILAUTHPS_MANIFEST) { throw 'MAILAUTHPS_MANIFEST is not set; run through build.ps1 Test.' }
    Import-Module $env:MAILAUTHPS_MANIFEST -Force
    $Repo = $env:MAILAUTHPS_REPO
    $Zones = Join-Path $Repo 'samples/zones/*.zone'
    $Work = Join-Path ([IO.Path]::GetTempPath()) ('mailauthps-export-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory $Work
    $Fqid = 'MailAuthPS.Commands.ExportMailDomainReportCommand'
    $Reports = @(Import-Csv (Join-Path $Repo 'samples/domains.csv') | Test-MailDomain -ZoneFile $Zones)
    $Domains = @(Import-Csv (Join-Path $Repo 'samples/domains.csv')).DomainName
}

AfterAll {
    Remove-Item -Recurse -Force $Work -ErrorAction Ignore
}

Describe 'Export-MailDomainReport: the command' {
    It 'takes pipeline input, supports -WhatIf and declares FileInfo output' {
        $cmd = Get-Command Export-MailDomainReport
        $cmd.Parameters['InputObject'].Attributes.Where({ $_ -is [Parameter] }).ValueFromPipeline | Should -BeTrue
        $cmd.Parameters.Keys | Should -Contain 'WhatIf'
        $cmd.Parameters['Format'].Attributes.Where({ $_ -is [ValidateSet] }).ValidValues | Should -Be @('Html', 'Csv', 'Json', 'Markdown')
        $cmd.OutputType.Name | Should -Contain 'System.IO.FileInfo'
    }

    It 'audited the whole sample inventory' {
        $Reports.Count | Should -Be 25
        $Reports.Domain | Should -Be $Domains
    }
}

Describe 'Export-MailDomainReport: formats' {
    It 'writes HTML for .html, with a section and a row per domain' {
        $file = $Reports | Export-MailDomainReport -Path (Join-Path $Work 'r.html') -PassThru
        $file | Should -BeOfType [IO.FileInfo]
        $file.FullName | Should -Be (Join-Path $Work 'r.html')
        $html = Get-Content -Raw $file.FullName
        $html | Should -Match '^<!DOCTYPE html>'
        $html | Should -Match 'id="summary"'
        foreach ($d in $Domains) { $html | Should -Match ([regex]::Escape("id=""domain-$d"" data-domain=""$d""")) }
        ([regex]::Matches($html, '<section class="domain ')).Count | Should -Be 25
        # No resource from anywhere: URLs may appear as text (remediations name policy URLs), never as a source.
        $html | Should -Not -Match '(?i)(src|href|action|srcset)\s*=\s*["'']?\s*(https?:)?//'
        $html | Should -Not -Match '(?i)url\(|@import|<link\b|<script[^>]*\bsrc'
        [IO.File]::ReadAllBytes($file.FullName)[0] | Should -Be ([byte][char]'<') -Because 'HTML is UTF-8 without a byte order mark'
    }

    It 'writes CSV for .csv: one row per domain, read back with Import-Csv' {
        $path = Join-Path $Work 'r.csv'
        $Reports | Export-MailDomainReport -Path $path
        [IO.File]::ReadAllBytes($path)[0..2] | Should -Be @(0xEF, 0xBB, 0xBF) -Because 'Excel reads UTF-8 CSV by its byte order mark'
        $rows = @(Import-Csv $path)
        $rows.Count | Should -Be 25
        for ($i = 0; $i -lt 25; $i++) {
            $r = $Reports[$i]
            $rows[$i].Domain | Should -Be $r.Domain
            $rows[$i].Status | Should -Be "$($r.Status)"
            $rows[$i].Score | Should -Be "$($r.Score)"
            $rows[$i].Grade | Should -Be "$($r.Grade)"
            foreach ($a in $r.Areas) {
                $rows[$i]."$($a.Name)Status" | Should -Be "$($a.Status)"
                $rows[$i]."$($a.Name)Score" | Should -Be "$($a.Score)"
            }
            $rows[$i].Errors | Should -Be "$(@($r.Findings | Where-Object Severity -eq 'Error').Count)"
            $rows[$i].Warnings | Should -Be "$(@($r.Findings | Where-Object Severity -eq 'Warning').Count)"
        }
        ($rows | Where-Object Domain -eq 'tailspin-toys.example').TopFindings | Should -Match 'Spf\.'
    }

    It 'writes CSV with -PerFinding: one row per finding' {
        $path = Join-Path $Work 'f.csv'
        $Reports | Export-MailDomainReport -Path $path -PerFinding
        $rows = @(Import-Csv $path)
        $expected = @(foreach ($r in $Reports) { foreach ($a in $r.Areas) { foreach ($f in $a.Findings) { [pscustomobject]@{ D = $r.Domain; A = $a.Name; F = $f } } } })
        $rows.Count | Should -Be $expected.Count
        $rows.Count | Should -BeGreaterThan 25
        @($rows[0].PSObject.Properties.Name) | Should -Be @('Domain', 'Area', 'Severity', 'Id', 'Message', 'Reference', 'Remediation')
        for ($i = 0; $i -lt $rows.Count; $i++) {
            $rows[$i].Domain | Should -Be $expected[$i].D
            $rows[$i].Area | Should -Be $expected[$i].A
            $rows[$i].Id | Should -Be $expected[$i].F.Id
            $rows[$i].Severity | Should -Be "$($expected[$i].F.Severity)"
            $rows[$i].Remediation.TrimStart("'") | Should -Be $expected[$i].F.Remediation
        }
    }

    It 'writes JSON for .json, read back with ConvertFrom-Json' {
        $path = Join-Path $Work 'r.json'
        $Reports | Export-MailDomainReport -Path $path -Title 'Q3 audit'
        $doc = Get-Content -Raw $path | ConvertFrom-Json
        $doc.title | Should -Be 'Q3 audit'
        $doc.domains.Count | Should -Be 25
        $doc.domains.domain | Should -Be $Domains
        for ($i = 0; $i -lt 25; $i++) {
            $doc.domains[$i].score | Should -Be $Reports[$i].Score
            $doc.domains[$i].status | Should -BeExactly "$($Reports[$i].Status)"
            # Summed per area: member access over empty arrays would yield a null.
            ($doc.domains[$i].areas | ForEach-Object { @($_.findings).Count } | Measure-Object -Sum).Sum | Should -Be @($Reports[$i].Findings).Count
        }
        $w = $doc.domains | Where-Object domain -eq 'woodgrove-bank.example'
        ($w.areas | Where-Object name -eq 'Spf').result.record | Should -Be $Reports.Where({ $_.Domain -eq 'woodgrove-bank.example' })[0].Spf.Record
        @($doc.domains.areas.findings.severity | Sort-Object -Unique) | Should -BeIn @('error', 'warning', 'info')
    }

    It 'writes Markdown for .md, a section per domain' {
        $path = Join-Path $Work 'r.md'
        $Reports | Export-MailDomainReport -Path $path -Title 'Audit'
        $md = Get-Content -Raw $path
        $md | Should -Match '^# Audit'
        foreach ($d in $Domains) { $md | Should -Match ("(?m)^## " + [regex]::Escape($d) + '$') }
    }

    It '-Format wins over the extension' {
        $path = Join-Path $Work 'report.txt'
        $Reports | Export-MailDomainReport -Path $path -Format Json
        (Get-Content -Raw $path | ConvertFrom-Json).domains.Count | Should -Be 25
    }

    It 'takes the reports through -InputObject as well' {
        $path = Join-Path $Work 'param.csv'
        Export-MailDomainReport -InputObject $Reports -Path $path
        @(Import-Csv $path).Count | Should -Be 25
    }
}

Describe 'Export-MailDomainReport: files, -Force, -WhatIf and errors' {
    It 'refuses to overwrite a file without -Force, before any input is read' {
        $path = Join-Path $Work 'exists.html'
        Set-Content -LiteralPath $path -Value 'keep me'
        { $Reports | Export-MailDomainReport -Path $path -ErrorAction Stop } | Should -Throw -ErrorId "OutFileExists,$Fqid"
        Get-Content -Raw $path | Should -Be "keep me$([Environment]::NewLine)"
        $Reports | Export-MailDomainReport -Path $path -Force
        Get-Content -Raw $path | Should -Match '^<!DOCTYPE html>'
    }

    It 'writes nothing with -WhatIf' {
        $path = Join-Path $Work 'whatif.html'
        $out = $Reports | Export-MailDomainReport -Path $path -WhatIf -PassThru
        $out | Should -BeNullOrEmpty
        Test-Path $path | Should -BeFalse
    }

    It 'stops with <Id> for <Case>' -ForEach @(
        @{ Case = 'an extension it cannot read'; Id = 'FormatNotInferred'; Params = @{ Path = 'report.xlsx' } }
        @{ Case = '-PerFinding without CSV'; Id = 'PerFindingNeedsCsv'; Params = @{ Path = 'x.html'; PerFinding = $true } }
        @{ Case = 'a folder that does not exist'; Id = 'OutDirectoryNotFound'; Params = @{ Path = 'no-such-folder/x.html' } }
        @{ Case = 'a folder as the file'; Id = 'OutFileIsFolder'; Params = @{ Path = '.'; Format = 'Html' } }
    ) {
        $p = $Params.Clone()
        $p.Path = Join-Path $Work $p.Path
        { $Reports | Export-MailDomainReport @p -ErrorAction Stop } | Should -Throw -ErrorId "$Id,$Fqid"
    }

    It 'writes an error per object that is not a report and exports the rest' {
        $path = Join-Path $Work 'mixed.json'
        $out = $Reports[0], 'contoso.com', 42, $Reports[1] | Export-MailDomainReport -Path $path -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err.Count | Should -Be 2
        $err.FullyQualifiedErrorId | Should -Be @("InputNotMailDomainReport,$Fqid", "InputNotMailDomainReport,$Fqid")
        $err[0].CategoryInfo.Category | Should -Be 'InvalidType'
        $err[0].TargetObject | Should -Be 'contoso.com'
        $err[1].TargetObject | Should -Be 42
        (Get-Content -Raw $path | ConvertFrom-Json).domains.domain | Should -Be @($Reports[0].Domain, $Reports[1].Domain)
    }

    It 'writes a report of no domains when nothing arrives' {
        $path = Join-Path $Work 'empty.csv'
        @() | Export-MailDomainReport -Path $path
        (Get-Content -Raw $path).TrimStart([char]0xFEFF) | Should -Be "Domain,Status,Score,Grade,Profile,Errors,Warnings,Infos,TopFindings`r`n"
    }
}

Describe 'The examples in docs/Export-MailDomainReport.md run as written' {
    It 'runs every offline example in a copy of the samples' {
        $md = Get-Content -Raw (Join-Path $Repo 'docs/Export-MailDomainReport.md')
        $examples = @([regex]::Matches($md, '(?s)### Example \d+:[^\n]*\n```powershell\n(.*?)\n```') | ForEach-Object { $_.Groups[1].Value })
        $examples.Count | Should -BeGreaterOrEqual 3
        # Get-AcceptedDomain needs an Exchange Online session; that example is shown, not run.
        $offline = @($examples | Where-Object { $_ -notmatch 'Get-AcceptedDomain' })
        $offline.Count | Should -Be ($examples.Count - 1)
        $copy = Join-Path $Work 'docs'
        $null = New-Item -ItemType Directory $copy
        Copy-Item -Recurse (Join-Path $Repo 'samples') $copy
        Push-Location $copy
        try {
            $null = . ([scriptblock]::Create("`$ErrorActionPreference = 'Stop'`n" + ($offline -join "`n")))
            Get-Content -Raw ./report.html | Should -Match 'id="summary"'
            @(Import-Csv ./findings.csv).Count | Should -BeGreaterThan 25
            (Get-Content -Raw ./report.json | ConvertFrom-Json).domains.Count | Should -Be 25
            Get-Content -Raw ./failing.md | Should -Match '(?m)^## tailspin-toys\.example$'
        }
        finally {
            Pop-Location
        }
    }
}
