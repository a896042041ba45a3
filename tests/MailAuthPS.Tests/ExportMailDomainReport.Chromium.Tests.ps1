#Requires -Version 7.2
<#
    The HTML report of Export-MailDomainReport opened in headless Chromium (Debian package
    'chromium', installed by build.ps1 Test): it loads with no console messages at all (script
    errors, refused Content-Security-Policy sources and failed loads are all logged there), its
    script ran (the sort script marks the table), the summary and the domain sections are in the
    DOM, hostile record texts from a zone file stay text, and a screenshot is kept in
    out/report-screenshot.png. A second page, a copy with the policy removed and two scripts added,
    proves the console check sees a real script error, and that clicking a heading sorts the table.
    Two Chromium launches in all: it is slow to start.
#>

BeforeDiscovery {
    $Chromium = Get-Command chromium -CommandType Application -ErrorAction Ignore | Select-Object -First 1
    if (-not $Chromium -and $env:CI -eq 'true') { throw 'chromium is missing; build.ps1 Test installs it (tools/TestPrerequisites.ps1).' }
}

BeforeAll {
    if (-not $env:MAILAUTHPS_MANIFEST) { throw 'MAILAUTHPS_MANIFEST is not set; run through build.ps1 Test.' }
    Import-Module $env:MAILAUTHPS_MANIFEST -Force
    $Repo = $env:MAILAUTHPS_REPO
    $Work = Join-Path ([IO.Path]::GetTempPath()) ('mailauthps-chromium-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory $Work
    $Screenshot = Join-Path $Repo 'out/report-screenshot.png'
    $Chromium = (Get-Command chromium -CommandType Application -ErrorAction Ignore | Select-Object -First 1).Source

    # A domain whose records carry markup: the linters quote them in findings.
    $hostileZone = Join-Path $Work 'hostile-records.example.zone'
    Set-Content -LiteralPath $hostileZone -Value @(
        '$ORIGIN hostile-records.example.', '$TTL 300', '@ IN SOA ns1 hostmaster 1 3600 600 86400 300', '@ IN NS ns1',
        '@ IN MX 10 mx1', 'mx1 IN A 192.0.2.25',
        '@ IN TXT "v=spf1 include:<img/src=x/onerror=document.title=1> -all"',
        '_dmarc IN TXT "v=DMARC1; p=<script>document.title=2</script>"')
    $zones = @(Get-ChildItem (Join-Path $Repo 'samples/zones') -Filter *.zone).FullName + $hostileZone
    $Domains = @(@(Import-Csv (Join-Path $Repo 'samples/domains.csv')).DomainName + 'hostile-records.example')
    $Reports = @($Domains | Test-MailDomain -ZoneFile $zones)
    $Page = Join-Path $Work 'report.html'
    $Reports | Export-MailDomainReport -Path $Page -Title 'Chromium test report'

    function Invoke-Chromium {
        # One headless launch: the DOM after the scripts ran (--dump-dom), the console messages
        # (--enable-logging=stderr logs each as a CONSOLE line), and optionally a screenshot.
        param([string] $Path, [string] $ScreenshotPath)
        $profileDir = Join-Path $Work ('profile-' + [guid]::NewGuid().ToString('n'))
        $arguments = @('--headless', '--disable-gpu', '--enable-logging=stderr', '--v=0', "--user-data-dir=$profileDir",
            '--no-first-run', '--no-default-browser-check', '--disable-extensions', '--disable-background-networking',
            '--window-size=1280,2400')
        # Chromium's sandbox refuses to run as root.
        if ((& id -u) -eq '0') { $arguments += '--no-sandbox' }
        if ($ScreenshotPath) { $arguments += "--screenshot=$ScreenshotPath" }
        $arguments += '--dump-dom', ([Uri]::new($Path)).AbsoluteUri
        $out = Join-Path $Work ('dom-' + [guid]::NewGuid().ToString('n') + '.html')
        $err = "$out.stderr"
        & timeout 120 $Chromium @arguments > $out 2> $err
        [pscustomobject]@{
            ExitCode = $LASTEXITCODE
            Dom      = Get-Content -Raw -LiteralPath $out
            Console  = @(Get-Content -LiteralPath $err | Where-Object { $_ -match ':CONSOLE[:(]' })
            Stderr   = Get-Content -Raw -LiteralPath $err
        }
    }
}

AfterAll {
    Remove-Item -Recurse -Force $Work -ErrorAction Ignore
}

Describe 'The HTML report in headless Chromium' -Skip:(-not $Chromium) {
    BeforeAll {
        Remove-Item -LiteralPath $Screenshot -ErrorAction Ignore
        $null = New-Item -ItemType Directory -Force (Split-Path $Screenshot)
        $Run = Invoke-Chromium -Path $Page -ScreenshotPath $Screenshot
    }

    It 'loads with no console messages' {
        $Run.ExitCode | Should -Be 0 -Because $Run.Stderr
        $Run.Console | Should -BeNullOrEmpty
    }

    It 'ran its script: the sort buttons are in and the table is marked ready' {
        $Run.Dom | Should -Match '<table id="domains" class="sortable" data-sortable="ready">'
        ([regex]::Matches($Run.Dom, '<th scope="col"><button type="button">')).Count | Should -BeGreaterOrEqual 8
    }

    It 'has the summary with both charts and a section per domain' {
        $Run.Dom | Should -Match '<section id="summary">'
        $Run.Dom | Should -Match '<svg id="grade-chart"'
        $Run.Dom | Should -Match '<svg id="findings-chart"'
        foreach ($d in $Domains) { $Run.Dom | Should -Match ([regex]::Escape("<section class=""domain status-") + '\w+' + [regex]::Escape(""" id=""domain-$d""")) }
        ([regex]::Matches($Run.Dom, '<section class="domain ')).Count | Should -Be $Domains.Count
    }

    It 'keeps hostile record texts as text' {
        $Run.Dom | Should -Match '<title>Chromium test report</title>' -Because 'the injected scripts would have changed the title'
        $Run.Dom | Should -Not -Match '<img'
        $Run.Dom | Should -Match ([regex]::Escape('include:&lt;img/src=x/onerror=document.title=1&gt;'))
        ([regex]::Matches($Run.Dom, '<script')).Count | Should -Be 1
    }

    It 'writes a screenshot for people to look at' {
        $Screenshot | Should -Exist
        $bytes = [IO.File]::ReadAllBytes($Screenshot)
        $bytes[0..7] | Should -Be @(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A) -Because 'it is a PNG'
        # IHDR width, big-endian at offset 16.
        [int]$bytes[16] * 16777216 + [int]$bytes[17] * 65536 + [int]$bytes[18] * 256 + [int]$bytes[19] | Should -Be 1280
        $bytes.Length | Should -BeGreaterThan 20000 -Because 'a blank page would compress to almost nothing'
    }
}

Describe 'The console check sees script errors' -Skip:(-not $Chromium) {
    It 'reports the error of a broken script added to a copy, and a click on Score sorts the table' {
        $html = Get-Content -Raw -LiteralPath $Page
        # The policy would refuse the added scripts; without it they run as any inline script does.
        $html = $html -replace '<meta http-equiv="Content-Security-Policy"[^>]*>', ''
        $probe = @'
<script>
document.querySelector('#domains thead th:nth-child(3) button').click();
document.body.setAttribute('data-scores', Array.prototype.map.call(document.querySelectorAll('#domains tbody td.score'), function (c) { return c.getAttribute('data-sort'); }).join(','));
</script>
<script>window.mailAuthNoSuchFunction();</script>
'@
        $html = $html.Replace('</body>', $probe + '</body>')
        $copy = Join-Path $Work 'broken.html'
        Set-Content -LiteralPath $copy -Value $html -NoNewline
        $run = Invoke-Chromium -Path $copy

        $run.Console | Should -Not -BeNullOrEmpty
        @($run.Console -match 'Uncaught TypeError.*mailAuthNoSuchFunction').Count | Should -Be 1 -Because ($run.Console -join "`n")
        @($run.Console).Count | Should -Be 1 -Because 'the sort click itself raised nothing'

        $run.Dom -match 'data-scores="([^"]*)"' | Should -BeTrue
        $sorted = @($Reports | ForEach-Object { if ($null -eq $_.Score) { -1 } else { $_.Score } } | Sort-Object)
        @($Matches[1] -split ',' | ForEach-Object { [int]$_ }) | Should -Be $sorted
        $run.Dom | Should -Match '<th scope="col" aria-sort="ascending"><button type="button">Score</button></th>'
    }
}
