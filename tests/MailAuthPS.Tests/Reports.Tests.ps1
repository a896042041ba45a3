#Requires -Version 7.2
<#
    Import-DmarcReport, Measure-DmarcReport and Import-TlsRptReport as a user meets them: paths,
    wildcards, Get-ChildItem, -Recurse, an error record per bad file with the rest going on, and the
    sums of Measure-DmarcReport. Expected numbers are read off the sample files (samples/reports/README.md),
    not from the module's output.
#>

BeforeAll {
    Import-Module $env:MAILAUTHPS_MANIFEST -Force
    $Repo = $env:MAILAUTHPS_REPO
    $Samples = Join-Path $Repo 'samples/reports'
    $Zones = Join-Path $Repo 'samples/zones/*.zone'
    $TestData = Join-Path $Repo 'tests/MailAuth.Tests/TestData/reports'
    $Work = Join-Path ([IO.Path]::GetTempPath()) ("mailauthps-reports-" + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory $Work | Out-Null
    $Inbox = Join-Path $Samples 'inbox-provider.example!northwind-traders.example!1748736000!1748822399.xml'
}

AfterAll { Remove-Item -Recurse -Force $Work -ErrorAction Ignore }

Describe 'Import-DmarcReport' {
    It 'reads a folder: aggregate reports from .xml, .xml.gz and a zip in an .eml, and a failure report; TLS reports skipped' {
        $r = @(Import-DmarcReport -Path $Samples)
        $r.Count | Should -Be 4
        @($r | Where-Object { $_ -is [MailAuth.Reports.DmarcAggregateReport] }).Count | Should -Be 3
        @($r | Where-Object { $_ -is [MailAuth.Reports.DmarcFailureReport] }).Count | Should -Be 1
        ($r | Where-Object ReportId -EQ 'ip-20250602-northwind').SourceEntry | Should -BeLike '*.zip/*.xml'
    }

    It 'reads one file by wildcard and sums counts, not rows' {
        $r = Import-DmarcReport -Path (Join-Path $Samples 'inbox-provider.example!*.xml')
        $r.RecordCount | Should -Be 5
        $r.MessageCount | Should -Be (120 + 45 + 30 + 12 + 3)
        $r.Begin | Should -Be ([datetime]::new(2025, 6, 1, 0, 0, 0, [DateTimeKind]::Utc))
        $r.Begin.Kind | Should -Be 'Utc'
        $r.Policy.Policy | Should -Be 'reject'
        $r.Records[2].EnvelopeFrom | Should -Be 'bounce.newsletter-cloud.example'
    }

    It 'binds files from Get-ChildItem through PSPath, names with ! and [ included' {
        $odd = Join-Path $Work 'odd [name]!.xml'
        Copy-Item -LiteralPath $Inbox -Destination $odd
        $r = Get-ChildItem -LiteralPath $odd | Import-DmarcReport
        $r.ReportId | Should -Be 'ip-20250601-northwind'
        $r.Source | Should -Be $odd
    }

    It 'reads subfolders only with -Recurse' {
        $nested = Join-Path $Work 'nested/deeper'
        New-Item -ItemType Directory $nested -Force | Out-Null
        Copy-Item -LiteralPath $Inbox -Destination (Join-Path $nested 'a.xml')
        @(Import-DmarcReport -LiteralPath (Join-Path $Work 'nested')).Count | Should -Be 0
        @(Import-DmarcReport -LiteralPath (Join-Path $Work 'nested') -Recurse).Count | Should -Be 1
    }

    It 'writes an error record naming each bad file and goes on with the others' {
        $broken = Join-Path $Work 'broken.xml'
        Set-Content -LiteralPath $broken -Value '<feedback><report_metadata>'
        $empty = Join-Path $TestData 'parsedmarc/empty.xml'
        $out = Import-DmarcReport -LiteralPath $empty, $broken, $Inbox, (Join-Path $Work 'missing.xml') -ErrorVariable errs -ErrorAction SilentlyContinue
        @($out).Count | Should -Be 1
        $out.ReportId | Should -Be 'ip-20250601-northwind'
        $errs.Count | Should -Be 3
        $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidReport,MailAuthPS.Commands.ImportDmarcReportCommand'
        $errs[0].TargetObject | Should -Be $empty
        "$($errs[0])" | Should -BeLike "*empty.xml*is empty*"
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $errs[1].FullyQualifiedErrorId | Should -Be 'InvalidReport,MailAuthPS.Commands.ImportDmarcReportCommand'
        "$($errs[1])" | Should -BeLike "*broken.xml*"
        $errs[2].FullyQualifiedErrorId | Should -Be 'ReportNotFound,MailAuthPS.Commands.ImportDmarcReportCommand'
    }

    It 'refuses a gzip bomb with ReportTooLarge and goes on' {
        $bomb = Join-Path $Work 'bomb.xml.gz'
        $fs = [IO.File]::Create($bomb)
        $gz = [IO.Compression.GZipStream]::new($fs, [IO.Compression.CompressionLevel]::SmallestSize)
        $zeros = [byte[]]::new(1MB)
        foreach ($i in 1..12) { $gz.Write($zeros, 0, $zeros.Length) }
        $gz.Dispose(); $fs.Dispose()
        $out = Import-DmarcReport -LiteralPath $bomb, $Inbox -MaxDecompressedSizeMB 10 -ErrorVariable errs -ErrorAction SilentlyContinue
        $out.ReportId | Should -Be 'ip-20250601-northwind'
        $errs[0].FullyQualifiedErrorId | Should -Be 'ReportTooLarge,MailAuthPS.Commands.ImportDmarcReportCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
    }

    It 'parses every parsedmarc aggregate sample, refuses empty.xml, and reads failure samples as failure reports' {
        $agg = @(Import-DmarcReport -Path (Join-Path $TestData 'parsedmarc/aggregate'), (Join-Path $TestData 'parsedmarc/aggregate_invalid') -ErrorVariable errs)
        $errs.Count | Should -Be 0
        $agg.Count | Should -Be 19
        $fail = @(Import-DmarcReport -Path (Join-Path $TestData 'parsedmarc/failure'))
        $fail.Count | Should -Be 5
        $fail | ForEach-Object { $_ | Should -BeOfType ([MailAuth.Reports.DmarcFailureReport]) }
    }

    It 'shows aggregate reports and records as tables' {
        $text = Import-DmarcReport -Path $Inbox | Format-Table | Out-String -Width 200
        $text | Should -Match 'Inbox Provider\s+northwind-traders.example\s+2025-06-01'
        $rows = (Import-DmarcReport -Path $Inbox).Records | Format-Table | Out-String -Width 200
        $rows | Should -Match '198\.51\.100\.70\s+30\s+reject\s+fail\s+fail'
    }
}

Describe 'Import-DmarcReport on a 100 MB report' {
    It 'has a peak working set well under the report''s size (measured in fresh processes)' {
        # A report of 100 MB: one record per source IP, like a large receiver's.
        $big = Join-Path $Work 'big.xml'
        $w = [IO.StreamWriter]::new($big, $false, [Text.UTF8Encoding]::new($false), 1MB)
        $w.Write("<?xml version=`"1.0`"?>`n<feedback><report_metadata><org_name>r.example</org_name><email>a@r.example</email><report_id>big</report_id><date_range><begin>1700000000</begin><end>1700086399</end></date_range></report_metadata><policy_published><domain>contoso.example</domain><p>none</p></policy_published>`n")
        $n = 0; $messages = 0
        while ($w.BaseStream.Length -lt 100MB) {
            $count = 1 + ($n % 7); $messages += $count
            $ip = '10.{0}.{1}.{2}' -f (($n -shr 16) -band 255), (($n -shr 8) -band 255), ($n -band 255)
            $w.Write("  <record>`n    <row>`n      <source_ip>$ip</source_ip>`n      <count>$count</count>`n      <policy_evaluated>`n        <disposition>none</disposition>`n        <dkim>pass</dkim>`n        <spf>fail</spf>`n      </policy_evaluated>`n    </row>`n    <identifiers>`n      <header_from>contoso.example</header_from>`n      <envelope_from>bounce.esp.example</envelope_from>`n    </identifiers>`n    <auth_results>`n      <dkim>`n        <domain>contoso.example</domain>`n        <selector>s1</selector>`n        <result>pass</result>`n      </dkim>`n      <spf>`n        <domain>bounce.esp.example</domain>`n        <scope>mfrom</scope>`n        <result>pass</result>`n      </spf>`n    </auth_results>`n  </record>`n")
            $n++
        }
        $w.Write("</feedback>`n")
        $w.Dispose()
        $size = (Get-Item $big).Length

        # The same command on a small report and on the big one, each in a new pwsh; VmHWM is the peak resident set.
        $pwsh = Join-Path $PSHOME 'pwsh'
        $measure = {
            param($File)
            $cmd = "Import-Module '$env:MAILAUTHPS_MANIFEST'; `$r = Import-DmarcReport -LiteralPath '$File'; " +
                "`$hwm = [long]((Get-Content /proc/self/status | Where-Object { `$_ -match '^VmHWM' }) -replace '\D', ''); '{0} {1}' -f `$r.MessageCount, (`$hwm * 1KB)"
            $line = & $pwsh -NoProfile -NonInteractive -Command $cmd
            $messageCount, $peak = "$line".Trim() -split ' '
            [pscustomobject]@{ Messages = [long]$messageCount; Peak = [long]$peak }
        }
        $small = & $measure $Inbox
        $large = & $measure $big
        $small.Peak | Should -BeGreaterThan 10MB
        $large.Peak | Should -BeGreaterThan 10MB
        $small.Messages | Should -Be 210
        $large.Messages | Should -Be $messages
        $growth = $large.Peak - $small.Peak
        Write-Host ("    100 MB report: {0:N0} bytes, {1:N0} records; peak working set {2:N0} MB against {3:N0} MB for a small report ({4:N0} MB more)" -f $size, $n, ($large.Peak / 1MB), ($small.Peak / 1MB), ($growth / 1MB))
        $growth | Should -BeLessThan ($size / 2) -Because 'the report is streamed, so memory holds the records (compact), never the document'
    }
}

Describe 'Measure-DmarcReport' {
    BeforeAll {
        $reports = Import-DmarcReport -Path $Samples
    }

    It 'sums messages by count across reports, pass and fail by alignment' {
        $s = $reports | Measure-DmarcReport
        $s.ReportCount | Should -Be 3
        $s.FailureReportCount | Should -Be 1
        # inbox 06-01: 120+45+30+12+3; webmail 06-01: 300+40+25; inbox 06-02: 95+8
        $s.MessageCount | Should -Be 678
        $s.DmarcPass | Should -Be (120 + 45 + 300 + 40 + 95)
        $s.DmarcFail | Should -Be (30 + 12 + 3 + 25 + 8)
        $s.Rejected | Should -Be 78
        ($s.ByReporter | Where-Object Name -EQ 'Inbox Provider').MessageCount | Should -Be 313
        ($s.BySourceIP | Where-Object Name -EQ '192.0.2.10').MessageCount | Should -Be 515
        $s.TopFailingSources[0].Name | Should -Be '198.51.100.70'
        $s.TopFailingSources[0].DmarcFail | Should -Be 55
        $s.TopFailingSources[0].Hint | Should -Match 'newsletter-cloud.example'
        $s.TopFailingSources[1].Hint | Should -Match 'not in the SPF record of northwind-traders.example'
    }

    It 'resolves source names through -ZoneFile' {
        $s = $reports | Measure-DmarcReport -ResolveSourceName -ZoneFile $Zones
        ($s.BySourceIP | Where-Object Name -EQ '203.0.113.30').HostName | Should -Be 'smtp-out.margies-travel.example'
        ($s.BySourceIP | Where-Object Name -EQ '192.0.2.10').HostName | Should -BeNullOrEmpty
    }

    It 'writes one row per group with -GroupBy' {
        $rows = @($reports | Measure-DmarcReport -GroupBy Date)
        $rows.Name | Should -Be @('2025-06-01', '2025-06-02')
        $rows[1].MessageCount | Should -Be 103
        $byIp = @($reports | Measure-DmarcReport -GroupBy SourceIP)
        $byIp.Count | Should -Be 6
        $byIp[0].Name | Should -Be '192.0.2.10'
        ($byIp | Format-Table | Out-String) | Should -Match 'SourceIP\s+192\.0\.2\.10\s+515'
    }
}

Describe 'Import-TlsRptReport' {
    It 'reads .json and .json.gz from a folder, skipping DMARC reports' {
        $r = @(Import-TlsRptReport -Path $Samples | Sort-Object OrganizationName)
        $r.Count | Should -Be 2
        $r[0].OrganizationName | Should -Be 'Inbox Provider'
        $r[0].SuccessfulSessionCount | Should -Be 230
        $r[1].FailedSessionCount | Should -Be 4
        $r[1].Policies[0].FailureDetails[0].ResultType | Should -Be 'certificate-expired'
    }

    It 'reads the report from an .eml and writes an error for a DMARC file named directly' {
        $eml = Join-Path $TestData 'tlsrpt/mail-auth/rpt01.eml'
        $out = Import-TlsRptReport -LiteralPath $Inbox, $eml -ErrorVariable errs -ErrorAction SilentlyContinue
        $out.OrganizationName | Should -Be 'Company-X'
        $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidReport,MailAuthPS.Commands.ImportTlsRptReportCommand'
    }
}

Describe 'Report help examples' {
    # The examples run as written from the repository root.
    It 'runs every example of <_>' -ForEach 'Import-DmarcReport', 'Measure-DmarcReport', 'Import-TlsRptReport' {
        Push-Location $Repo
        try {
            foreach ($example in (Get-Help $_ -Full).examples.example) {
                $code = $example.code
                { $null = & ([scriptblock]::Create($code)) 2>$null } | Should -Not -Throw -Because $code
            }
        }
        finally { Pop-Location }
    }
}
