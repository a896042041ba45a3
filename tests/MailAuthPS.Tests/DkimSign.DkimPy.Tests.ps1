#Requires -Version 7.2
<#
    Add-DkimSignature and Test-DkimSignature cross-checked with an independent implementation:
    dkimpy (Debian python3-dkim, run by /usr/bin/python3 through TestHelpers/dkimpy_verify.py,
    which serves the key records through dkimpy's dnsfunc hook: nothing touches DNS).

    A generated corpus (plain, multipart, 8-bit, long lines, odd whitespace, bare LF, empty and
    missing bodies, odd header names; 240 messages) is signed both ways:
      forward: Add-DkimSignature signs (RSA or Ed25519, every canonicalization, some stacked),
               dkimpy and Test-DkimSignature verify;
      reverse: dkimpy signs the same way, Test-DkimSignature and dkimpy verify.
    Each signed message is also mutated (a body byte, a signed header, whitespace in a header,
    whitespace in the body). For every signature of every message both verifiers must give the
    result RFC 6376 §3.4 predicts: whitespace changes pass only under relaxed canonicalization.

    dkimpy missing: skipped with a warning locally, failed in CI ($env:CI -eq 'true').
#>

BeforeDiscovery {
    $SkipDkimPy = $false
    if (-not (Test-Path -LiteralPath '/usr/bin/python3') -or
        -not (& { & /usr/bin/python3 -c 'import dkim, nacl' 2>$null; $LASTEXITCODE -eq 0 })) {
        $SkipDkimPy = $env:CI -ne 'true'
        if ($SkipDkimPy) {
            Write-Warning ('Skipping the dkimpy cross-check: dkimpy (Debian python3-dkim, with python3-nacl) is not installed for /usr/bin/python3. ' +
                'Install with: apt-get install -y --no-install-recommends python3-dkim')
        }
    }
    $Directions = @('forward', 'reverse')
    $Mutations = @('none', 'body-byte', 'signed-header', 'header-whitespace', 'body-whitespace')
}

BeforeAll {
    if (-not $env:MAILAUTHPS_MANIFEST) { throw 'MAILAUTHPS_MANIFEST is not set; run through build.ps1 Test.' }
    # Only reached with dkimpy missing when $env:CI is 'true': fail there, loudly.
    & /usr/bin/python3 -c 'import dkim, nacl' 2>$null
    if ($LASTEXITCODE -ne 0) { throw 'dkimpy is required in CI: apt-get install -y --no-install-recommends python3-dkim' }
    Import-Module $env:MAILAUTHPS_MANIFEST -Force
    $Repo = $env:MAILAUTHPS_REPO
    $Keys = Join-Path $Repo 'tests/MailAuth.Tests/TestData/dkim/keys'
    $Helper = Join-Path $PSScriptRoot 'TestHelpers/dkimpy_verify.py'
    $Work = Join-Path ([IO.Path]::GetTempPath()) ('mailauthps-dkimpy-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory $Work
    $Latin1 = [Text.Encoding]::Latin1

    # Keys: ours signs with the PKCS#8 RSA key, dkimpy with the PKCS#1 one; both use the Ed25519 seed.
    $Signers = @{
        forward = @{
            rsa = @{ Selector = 'rsa8'; KeyPath = (Join-Path $Keys '2048_testkey_PKCS8.key'); Algorithm = 'rsa-sha256' }
            ed  = @{ Selector = 'ed'; KeyPath = (Join-Path $Keys 'ed25519test.key'); Algorithm = 'ed25519-sha256' }
        }
        reverse = @{
            rsa = @{ Selector = 'rsa'; KeyPath = (Join-Path $Keys '2048_testkey.key'); Algorithm = 'rsa-sha256' }
            ed  = @{ Selector = 'ed'; KeyPath = (Join-Path $Keys 'ed25519test.key'); Algorithm = 'ed25519-sha256' }
        }
    }
    $Records = [ordered]@{
        'rsa8._domainkey.example.com' = (Get-Content -Raw (Join-Path $Keys '2048_testkey_PKCS8.key.pub.txt')).Trim()
        'rsa._domainkey.example.com'  = (Get-Content -Raw (Join-Path $Keys '2048_testkey_wo_markers.pub.txt')).Trim()
        'ed._domainkey.example.com'   = (Get-Content -Raw (Join-Path $Keys 'ed25519test.dns')).Trim()
    }
    $Zone = Join-Path $Work 'example.com.zone'
    $zoneLines = foreach ($name in $Records.Keys) {
        $v = $Records[$name]
        $strings = for ($i = 0; $i -lt $v.Length; $i += 250) { '"' + $v.Substring($i, [Math]::Min(250, $v.Length - $i)) + '"' }
        "$name. 300 IN TXT $($strings -join ' ')"
    }
    Set-Content -LiteralPath $Zone -Value (@('example.com. 300 IN SOA ns1.example.com. hostmaster.example.com. 1 3600 600 86400 300', 'example.com. 300 IN NS ns1.example.com.') + $zoneLines)

    function Invoke-DkimPy {
        param([string] $Mode, $Job)
        $json = $Job | ConvertTo-Json -Depth 6 -Compress
        $out = $json | & /usr/bin/python3 $Helper $Mode
        if ($LASTEXITCODE -ne 0) { throw "dkimpy_verify.py $Mode failed (exit $LASTEXITCODE)" }
        $out | ConvertFrom-Json -Depth 6 -NoEnumerate
    }

    #region corpus
    $rng = [System.Random]::new(20260101)
    $words = -split 'the quick brown fox jumps over lazy dog invoice meeting agenda quarterly report lunch project update please review attached budget thanks regards tomorrow deadline server migration mailbox policy'
    function Get-Words([int] $n) { (1..$n | ForEach-Object { $words[$rng.Next($words.Count)] }) -join ' ' }
    function Get-Utf8Latin1([string] $s) { $Latin1.GetString([Text.Encoding]::UTF8.GetBytes($s)) }
    function New-MessageText {
        # Headers are raw lines (folding included); the text is Latin-1 so every byte value survives.
        param([string[]] $Headers, [string] $Body, [string] $Eol = "`r`n", [switch] $NoSeparator)
        $h = ($Headers | ForEach-Object { $_ -replace "`r?`n", $Eol }) -join $Eol
        if ($NoSeparator) { return $h + $Eol }
        $h + $Eol + $Eol + ($Body -replace "`r?`n", $Eol)
    }
    function Get-BaseHeader([int] $i) {
        @(
            "From: Sender $i <sender$i@example.com>"
            "To: Recipient <rcpt$i@example.net>"
            "Subject: $(Get-Words (1 + $rng.Next(8)))"
            "Date: Mon, $(1 + $i % 28) Jan 2024 10:$('{0:d2}' -f ($i % 60)):00 +0000"
            "Message-ID: <$i.$($rng.Next())@example.com>"
        )
    }

    $corpus = [System.Collections.Generic.List[object]]::new()
    function Add-Corpus([string] $Kind, [string] $Text, [switch] $NoBody) {
        $corpus.Add([pscustomobject]@{ Id = ('{0:d3}-{1}' -f $corpus.Count, $Kind); Kind = $Kind; Text = $Text; NoBody = [bool] $NoBody })
    }

    for ($i = 0; $i -lt 40; $i++) {
        $lines = 1..(1 + $rng.Next(30)) | ForEach-Object { Get-Words (1 + $rng.Next(14)) }
        Add-Corpus 'plain' (New-MessageText (Get-BaseHeader $i) (($lines -join "`n") + "`n"))
    }
    for ($i = 0; $i -lt 25; $i++) {
        $b = "b$i-$($rng.Next())"
        $body = "This is a multi-part message in MIME format.`n`n--$b`nContent-Type: text/plain; charset=us-ascii`n`n$(Get-Words 12)`n`n--$b`nContent-Type: text/html; charset=us-ascii`n`n<html><body><p>$(Get-Words 12)</p></body></html>`n`n--$b--`n"
        Add-Corpus 'multipart-alternative' (New-MessageText ((Get-BaseHeader $i) + 'MIME-Version: 1.0' + "Content-Type: multipart/alternative;`n boundary=`"$b`"") $body)
    }
    for ($i = 0; $i -lt 25; $i++) {
        $b = "mixed$i"
        $bytes = [byte[]]::new(200 + $rng.Next(3000)); $rng.NextBytes($bytes)
        $b64 = [Convert]::ToBase64String($bytes, 'InsertLineBreaks') -replace "`r`n", "`n"
        $body = "--$b`nContent-Type: text/plain`n`n$(Get-Words 20)`n--$b`nContent-Type: application/octet-stream; name=`"data$i.bin`"`nContent-Transfer-Encoding: base64`nContent-Disposition: attachment; filename=`"data$i.bin`"`n`n$b64`n--$b--`n"
        Add-Corpus 'multipart-mixed' (New-MessageText ((Get-BaseHeader $i) + 'MIME-Version: 1.0' + "Content-Type: multipart/mixed; boundary=`"$b`"") $body)
    }
    $utf = @('Grüße aus Köln', 'Ωμέγα δοκιμή', 'Привет, мир', '日本語のメール', 'naïve café — déjà vu', 'emoji 🎉 party')
    for ($i = 0; $i -lt 25; $i++) {
        $s = $utf[$i % $utf.Count]
        $h = (Get-BaseHeader $i) | ForEach-Object { if ($_ -like 'Subject:*') { Get-Utf8Latin1 "Subject: $s $i" } elseif ($_ -like 'From:*') { Get-Utf8Latin1 "From: Jörg $i <joerg$i@example.com>" } else { $_ } }
        $body = Get-Utf8Latin1 ("$s`n" + (Get-Words 10) + "`n$s $s`n")
        Add-Corpus 'utf8' (New-MessageText ($h + 'MIME-Version: 1.0' + 'Content-Type: text/plain; charset=utf-8' + 'Content-Transfer-Encoding: 8bit') $body)
    }
    for ($i = 0; $i -lt 10; $i++) {
        # Windows-1252 / Latin-1 bytes that are not UTF-8.
        $body = "Caf$([char]0xE9) cr$([char]0xE8)me br$([char]0xFB)l$([char]0xE9)e $([char]0x80) $([char]0x93)quoted$([char]0x94)`n$(Get-Words 6)`n"
        Add-Corpus 'latin1' (New-MessageText ((Get-BaseHeader $i) + 'Content-Type: text/plain; charset=windows-1252' + 'Content-Transfer-Encoding: 8bit') $body)
    }
    for ($i = 0; $i -lt 20; $i++) {
        $long = (Get-Words 200).Substring(0, 900 + $rng.Next(98))
        $refs = (1..(20 + $rng.Next(20)) | ForEach-Object { "<ref$_.$i@example.com>" }) -join ' '
        $to = 'To: ' + ((1..(8 + $rng.Next(10)) | ForEach-Object { "user$_ <user$_@example.net>" }) -join ",`n`t")
        $h = (Get-BaseHeader $i) | Where-Object { $_ -notlike 'To:*' }
        Add-Corpus 'long-lines' (New-MessageText ($h + $to + "References: $refs") "$long`n$(Get-Words 5)`n$long$long`n")
    }
    for ($i = 0; $i -lt 30; $i++) {
        $variants = @(
            "trailing spaces  `n`tleading tab`nmiddle    spaces`there`n",
            "line`n   `n`t`n  `nafter whitespace-only lines`n",
            "text`n`n`n`n`n",
            "  indented`n`t`tdouble tab   `n end with space `n",
            "a`tb`t`tc  d   e`n"
        )
        $hv = @(
            "Subject:   spaced    subject   ",
            "Subject:`ttabbed`tsubject",
            "Subject: folded`n  over`n`tthree lines",
            "Subject:nospace",
            "Subject: trailing tab`t"
        )
        $h = (Get-BaseHeader $i) | Where-Object { $_ -notlike 'Subject:*' }
        $h = @($h) + $hv[$i % $hv.Count] + 'X-Empty:' + "X-Spaces:    lots     of   space    "
        Add-Corpus 'odd-whitespace' (New-MessageText $h $variants[$i % $variants.Count])
    }
    for ($i = 0; $i -lt 25; $i++) {
        $kinds = @('plain', 'odd-whitespace', 'multipart-alternative', 'utf8', 'long-lines')
        $src = $corpus | Where-Object Kind -eq $kinds[$i % $kinds.Count] | Select-Object -Index ($i % 5)
        Add-Corpus 'bare-lf' ($src.Text -replace "`r`n", "`n")
    }
    for ($i = 0; $i -lt 15; $i++) {
        $h = Get-BaseHeader $i
        switch ($i % 5) {
            0 { Add-Corpus 'empty-body' (New-MessageText $h '') }
            1 { Add-Corpus 'no-body' (New-MessageText $h '' -NoSeparator) -NoBody }
            2 { Add-Corpus 'no-final-newline' (New-MessageText $h "last line without newline $i") }
            3 { Add-Corpus 'blank-body' (New-MessageText $h "`n`n`n") }
            4 { Add-Corpus 'single-dot' (New-MessageText $h ".`n..`n") }
        }
    }
    for ($i = 0; $i -lt 25; $i++) {
        $h = switch ($i % 5) {
            0 { "from: lower$i@example.com", "subject: lower-case names", "to: x@example.net" }
            1 { "FROM: UPPER$i@EXAMPLE.COM", "SUBJECT: UPPER CASE NAMES", "TO: X@EXAMPLE.NET", "MESSAGE-ID: <U$i@EXAMPLE.COM>" }
            2 { "Received: from a by b; Mon, 1 Jan 2024 10:00:00 +0000", "Received: from c by d; Mon, 1 Jan 2024 09:59:00 +0000", "From: dup$i@example.com", "To: one@example.net", "To: two@example.net", "Subject: duplicate To" }
            3 { "From: list$i@example.com", "Subject: [list] $(Get-Words 3)", "List-Id: <list.example.com>", "List-Unsubscribe: <mailto:unsub@example.com>", "List-Unsubscribe-Post: List-Unsubscribe=One-Click", "Reply-To: list@example.com", "Sender: list-bounces@example.com", "Precedence: list" }
            4 { "Return-Path: <bounce$i@example.com>", "X-Mailer: generator", "From: `"Quoted, Name`" <q$i@example.com>", "Cc: a@example.net, b@example.net", "Subject: =?utf-8?q?encoded_word_=C3=A9?=", "In-Reply-To: <p$i@example.com>", "References: <p$i@example.com>", "Keywords: k" }
        }
        Add-Corpus 'header-names' (New-MessageText $h "$(Get-Words 8)`n")
    }

    $CorpusDir = New-Item -ItemType Directory (Join-Path $Work 'corpus')
    foreach ($m in $corpus) {
        $m | Add-Member Path (Join-Path $CorpusDir "$($m.Id).eml")
        [IO.File]::WriteAllBytes($m.Path, $Latin1.GetBytes($m.Text))
    }
    $Corpus = $corpus
    #endregion

    #region signing plans: key and canonicalization rotate; every 8th message gets a second signature
    $canons = 'relaxed/relaxed', 'relaxed/simple', 'simple/relaxed', 'simple/simple'
    for ($i = 0; $i -lt $Corpus.Count; $i++) {
        $first = @{ Key = @('rsa', 'ed')[$i % 2]; C = $canons[[Math]::Floor($i / 2) % 4] }
        $plan = @($first)
        if ($i % 8 -eq 3) { $plan += @{ Key = @('ed', 'rsa')[$i % 2]; C = $canons[($i + 1) % 4] } }
        $Corpus[$i] | Add-Member Plan $plan
    }
    #endregion

    #region mutations on Latin-1 text
    function Get-BodyStart([string] $Text) {
        $m = [regex]::Match($Text, "\r?\n\r?\n")
        if ($m.Success) { $m.Index + $m.Length } else { -1 }
    }
    function Invoke-Mutation {
        param([string] $Text, [string] $Mutation)
        $start = Get-BodyStart $Text
        $eol = if ($Text -match "\r\n") { "`r`n" } else { "`n" }
        switch ($Mutation) {
            'body-byte' {
                $m = [regex]::Match($Text.Substring($start), '[A-Za-z]')
                if (-not $m.Success) { return $Text + "x$eol" }
                $at = $start + $m.Index
                $c = $Text[$at]
                $flipped = if ([char]::IsUpper($c)) { [char]::ToLowerInvariant($c) } else { [char]::ToUpperInvariant($c) }
                return $Text.Substring(0, $at) + $flipped + $Text.Substring($at + 1)
            }
            'signed-header' { return ([regex]'(?im)^(subject:[^\r\n]*)').Replace($Text, '$1!', 1) }
            'header-whitespace' { return ([regex]'(?im)^(subject):').Replace($Text, "`$1: `t", 1) }
            'body-whitespace' {
                $m = [regex]::Match($Text.Substring($start), "\r?\n")
                if (-not $m.Success) { return $Text + " $eol" }
                $at = $start + $m.Index
                return $Text.Substring(0, $at) + " `t" + $Text.Substring($at)
            }
            default { return $Text }
        }
    }
    # RFC 6376 §3.4: whitespace changes survive only relaxed canonicalization of that part.
    function Get-Expected([string] $Mutation, [string] $C) {
        $h, $b = $C -split '/'
        switch ($Mutation) {
            'none' { $true }
            'header-whitespace' { $h -eq 'relaxed' }
            'body-whitespace' { $b -eq 'relaxed' }
            default { $false }
        }
    }
    #endregion

    #region forward: Add-DkimSignature signs
    $fwd = New-Item -ItemType Directory (Join-Path $Work 'forward')
    foreach ($layer in 0, 1) {
        $groups = $Corpus | Where-Object { $_.Plan.Count -gt $layer } | Group-Object { "$($_.Plan[$layer].Key)|$($_.Plan[$layer].C)" }
        foreach ($g in $groups) {
            $key, $c = $g.Name -split '\|'
            $s = $Signers.forward[$key]
            $inputs = if ($layer -eq 0) { $g.Group.Path } else { $g.Group | ForEach-Object { Join-Path $fwd "$($_.Id).eml" } }
            $inputs | Add-DkimSignature -Domain example.com -Selector $s.Selector -PrivateKeyPath $s.KeyPath -Canonicalization $c -OutDirectory $fwd -Force -ErrorAction Stop
        }
    }
    #endregion

    #region reverse: dkimpy signs
    $rev = New-Item -ItemType Directory (Join-Path $Work 'reverse')
    foreach ($layer in 0, 1) {
        $jobs = foreach ($m in ($Corpus | Where-Object { $_.Plan.Count -gt $layer })) {
            $s = $Signers.reverse[$m.Plan[$layer].Key]
            $out = Join-Path $rev "$($m.Id).eml"
            @{ id = $m.Id; path = $(if ($layer -eq 0) { $m.Path } else { $out }); out = $out; domain = 'example.com'; selector = $s.Selector
                key_path = $s.KeyPath; algorithm = $s.Algorithm; canonicalization = $m.Plan[$layer].C }
        }
        $signed = Invoke-DkimPy sign @{ messages = @($jobs) }
        $failed = @($signed | Where-Object error)
        if ($failed) { throw "dkimpy could not sign: $(($failed | ForEach-Object { "$($_.id): $($_.error)" }) -join '; ')" }
    }
    #endregion

    #region mutate, then verify everything with both verifiers
    $Cases = [System.Collections.Generic.List[object]]::new()
    foreach ($direction in 'forward', 'reverse') {
        $dir = Join-Path $Work $direction
        foreach ($m in $Corpus) {
            $text = $Latin1.GetString([IO.File]::ReadAllBytes((Join-Path $dir "$($m.Id).eml")))
            foreach ($mutation in 'none', 'body-byte', 'signed-header', 'header-whitespace', 'body-whitespace') {
                if ($m.NoBody -and $mutation -like 'body-*') { continue }
                $path = Join-Path $dir "$($m.Id).$mutation.mut"
                [IO.File]::WriteAllBytes($path, $Latin1.GetBytes((Invoke-Mutation $text $mutation)))
                # Signatures are listed topmost first: the last one added comes first.
                $plan = @($m.Plan)
                [array]::Reverse($plan)
                $Cases.Add([pscustomobject]@{ Direction = $direction; Id = $m.Id; Kind = $m.Kind; Mutation = $mutation; Path = $path; Plan = $plan
                        Expected = @($plan | ForEach-Object { Get-Expected $mutation $_.C }); Ours = $null; DkimPy = $null; DkimPyErrors = $null })
            }
        }
    }
    $byPath = @{}
    foreach ($c in $Cases) { $byPath[$c.Path] = $c }
    foreach ($r in (Test-DkimSignature -LiteralPath $Cases.Path -ZoneFile $Zone -ErrorAction Stop)) {
        $c = $byPath[$r.Source]
        $c.Ours = @($c.Ours) + ($r.Result -eq 'pass') | Where-Object { $null -ne $_ }
    }
    $py = Invoke-DkimPy verify @{ records = $Records; messages = @($Cases | ForEach-Object { @{ id = $_.Path; path = $_.Path } }) }
    foreach ($r in $py) {
        $byPath[$r.id].DkimPy = @($r.results)
        $byPath[$r.id].DkimPyErrors = @($r.errors)
    }

    function Format-Case($c) { "$($c.Direction) $($c.Id) $($c.Mutation) [$(($c.Plan | ForEach-Object { "$($_.Key) $($_.C)" }) -join ', ')]: expected $($c.Expected -join ','), ours $($c.Ours -join ','), dkimpy $($c.DkimPy -join ',') $($c.DkimPyErrors -join ' | ')" }
    #endregion
}

AfterAll {
    if ($Cases) {
        # The agreement table, for the log: per direction, mutation and canonicalization of each signature.
        $rows = foreach ($c in $Cases) {
            for ($k = 0; $k -lt $c.Expected.Count; $k++) {
                [pscustomobject]@{
                    Direction = $c.Direction; Mutation = $c.Mutation; C = $c.Plan[$k].C; Expected = $c.Expected[$k]
                    Ours = $c.Ours[$k]; DkimPy = $c.DkimPy[$k]
                }
            }
        }
        $table = $rows | Group-Object Direction, Mutation, C | ForEach-Object {
            $g = $_.Group
            [pscustomobject]@{
                Direction = $g[0].Direction; Mutation = $g[0].Mutation; C = $g[0].C; Signatures = $g.Count
                Expected = $(if ($g[0].Expected) { 'pass' } else { 'fail' })
                OursPass = @($g | Where-Object Ours).Count; DkimPyPass = @($g | Where-Object DkimPy).Count
                Agree = @($g | Where-Object { $_.Ours -eq $_.DkimPy }).Count
            }
        }
        Write-Host ($table | Format-Table -AutoSize | Out-String -Width 200)
        $results = Join-Path $Repo 'out/test-results'
        if (Test-Path -LiteralPath $results) { $table | Export-Csv -LiteralPath (Join-Path $results 'dkimpy-agreement.csv') -NoTypeInformation }
    }
    if ($Work) { Remove-Item -Recurse -Force $Work -ErrorAction Ignore }
}

Describe 'DKIM signing agrees with dkimpy' -Tag 'Peer', 'Dkim' -Skip:$SkipDkimPy {
    It 'has a varied corpus of at least 200 messages' {
        $Corpus.Count | Should -BeGreaterOrEqual 200
        foreach ($k in 'plain', 'multipart-alternative', 'multipart-mixed', 'utf8', 'latin1', 'long-lines', 'odd-whitespace', 'bare-lf', 'empty-body', 'no-body', 'header-names') {
            @($Corpus | Where-Object Kind -eq $k).Count | Should -BeGreaterThan 0 -Because "the corpus has $k messages"
        }
        @($Corpus | Where-Object { $_.Plan.Count -eq 2 }).Count | Should -BeGreaterOrEqual 25
        @($Cases | Where-Object { $_.Mutation -eq 'none' }).Count | Should -Be (2 * $Corpus.Count)
    }

    It 'every <Direction> signature is checked by both verifiers' -ForEach @(@{ Direction = 'forward' }, @{ Direction = 'reverse' }) {
        $bad = @($Cases | Where-Object { $_.Direction -eq $Direction -and ($_.Ours.Count -ne $_.Plan.Count -or $_.DkimPy.Count -ne $_.Plan.Count) })
        $bad | Should -BeNullOrEmpty -Because (($bad | Select-Object -First 5 | ForEach-Object { Format-Case $_ }) -join "`n")
    }

    Context '<Direction>' -ForEach @(foreach ($d in $Directions) { @{ Direction = $d; Mutations = $Mutations } }) {
        It '<_>: both verifiers give the RFC 6376 result for every signature' -ForEach $Mutations {
            $mutation = $_
            $set = @($Cases | Where-Object { $_.Direction -eq $Direction -and $_.Mutation -eq $mutation })
            $set.Count | Should -BeGreaterThan 190
            $wrong = @($set | Where-Object { ($_.Ours -join ',') -ne ($_.Expected -join ',') -or ($_.DkimPy -join ',') -ne ($_.Expected -join ',') })
            $wrong | Should -BeNullOrEmpty -Because ("$($wrong.Count) of $($set.Count) differ:`n" + (($wrong | Select-Object -First 8 | ForEach-Object { Format-Case $_ }) -join "`n"))
        }
    }
}
