#Requires -Version 7.2
<#
    Add-ArcSeal and Test-ArcChain cross-checked with independent implementations, which get the key
    records through their own hooks (our cmdlets read the same records from a zone file):
      RSA:     dkimpy (Debian python3-dkim, /usr/bin/python3, TestHelpers/dkimpy_arc.py);
      Ed25519: mailauth (npm, pinned in TestHelpers/mailauth/package-lock.json, mailauth_arc.js),
               because dkimpy's ARC code accepts only rsa-sha256.

      forward: Add-ArcSeal seals one, two and three hops (RSA, Ed25519); dkimpy and Test-ArcChain validate.
      reverse: dkimpy seals one, two and three hops; Test-ArcChain and dkimpy validate.
      mixed:   dkimpy seals hop 1, Add-ArcSeal hop 2, and the other way round.
    After a change to a signed header field or to the body both must say fail (RFC 8617 §5.2 steps
    4 and 6); after adding an unsigned header field both must still say pass.

    A peer missing: skipped with a warning locally, failed in CI ($env:CI -eq 'true').
#>

BeforeDiscovery {
    $SkipDkimPy = $false
    if (-not (Test-Path -LiteralPath '/usr/bin/python3') -or
        -not (& { & /usr/bin/python3 -c 'import dkim, nacl, authres' 2>$null; $LASTEXITCODE -eq 0 }) -or
        -not (Get-Command node -ErrorAction Ignore) -or
        -not (Test-Path (Join-Path $PSScriptRoot 'TestHelpers/mailauth/node_modules/mailauth'))) {
        $SkipDkimPy = $env:CI -ne 'true'
        if ($SkipDkimPy) {
            Write-Warning ('Skipping the ARC cross-check: it needs python3-dkim (with python3-nacl and python3-authres) for /usr/bin/python3, ' +
                'node, and npm ci in tests/MailAuthPS.Tests/TestHelpers/mailauth (build.ps1 Test does both).')
        }
    }
    $Cases = foreach ($direction in 'forward', 'reverse', 'mixed') {
        foreach ($alg in 'rsa', 'ed') {
            foreach ($hops in 1, 2, 3) {
                if ($direction -eq 'mixed' -and $hops -ne 2) { continue }
                @{ Direction = $direction; Alg = $alg; Hops = $hops }
            }
        }
    }
    $Mutations = @('body', 'signed-header', 'unsigned-header')
}

BeforeAll {
    if (-not $env:MAILAUTHPS_MANIFEST) { throw 'MAILAUTHPS_MANIFEST is not set; run through build.ps1 Test.' }
    & /usr/bin/python3 -c 'import dkim, nacl, authres' 2>$null
    if ($LASTEXITCODE -ne 0) { throw 'dkimpy is required in CI: apt-get install -y --no-install-recommends python3-dkim' }
    $MailAuthJs = Join-Path $PSScriptRoot 'TestHelpers/mailauth/mailauth_arc.js'
    if (-not (Test-Path (Join-Path $PSScriptRoot 'TestHelpers/mailauth/node_modules/mailauth'))) { throw 'mailauth is required in CI: build.ps1 Test runs npm ci for it.' }
    Import-Module $env:MAILAUTHPS_MANIFEST -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/KnotDns.psm1') -Force
    $Repo = $env:MAILAUTHPS_REPO
    $Keys = Join-Path $Repo 'tests/MailAuth.Tests/TestData/dkim/keys'
    $Helper = Join-Path $PSScriptRoot 'TestHelpers/dkimpy_arc.py'
    $Work = Join-Path ([IO.Path]::GetTempPath()) ('mailauthps-arc-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory $Work
    $Latin1 = [Text.Encoding]::Latin1
    $Asof = [datetime]'2026-11-28T12:00:00Z'

    # Ours seals with the PKCS#8 RSA key, dkimpy with the PKCS#1 one; both use the Ed25519 seed.
    $Keyset = @{
        ours = @{ rsa = @{ Selector = 'rsa8'; Key = (Join-Path $Keys '2048_testkey_PKCS8.key'); Algorithm = 'rsa-sha256' }
                  ed  = @{ Selector = 'ed'; Key = (Join-Path $Keys 'ed25519test.key'); Algorithm = 'ed25519-sha256' } }
        peer = @{ rsa = @{ Selector = 'rsa'; Key = (Join-Path $Keys '2048_testkey.key'); Algorithm = 'rsa-sha256' }
                  ed  = @{ Selector = 'ed'; Key = (Join-Path $Keys 'ed25519test.key'); Algorithm = 'ed25519-sha256' } }
    }
    $Records = [ordered]@{
        'rsa8._domainkey.example.com' = (Get-Content -Raw (Join-Path $Keys '2048_testkey_PKCS8.key.pub.txt')).Trim()
        'rsa._domainkey.example.com'  = (Get-Content -Raw (Join-Path $Keys '2048_testkey_wo_markers.pub.txt')).Trim()
        'ed._domainkey.example.com'   = 'v=DKIM1; ' + (Get-Content -Raw (Join-Path $Keys 'ed25519test.dns')).Trim()
    }
    $body = ($Records.GetEnumerator() | ForEach-Object {
            $v = $_.Value
            $parts = for ($i = 0; $i -lt $v.Length; $i += 200) { $v.Substring($i, [Math]::Min(200, $v.Length - $i)) }
            '{0}. IN TXT {1}' -f $_.Key, (Format-ZoneTxtRdata -String $parts)
        }) -join "`n"
    $ZoneFile = Join-Path $Work 'example.com.zone'
    Set-Content -LiteralPath $ZoneFile -Value (New-TestZoneText -Apex 'example.com' -Body $body)

    $Base = ("From: Alice <alice@example.com>`r`nTo: list@lists.example.com`r`nSubject: ARC cross-check`r`n" +
        "Date: Sat, 28 Nov 2026 10:00:00 +0000`r`nMessage-ID: <arc-xcheck@example.com>`r`nMIME-Version: 1.0`r`n" +
        "Content-Type: text/plain; charset=utf-8`r`n`r`nHello list,`r`n  a line with  spaces.`r`n`r`n")
    $SignedNames = @('from', 'to', 'subject', 'date', 'message-id')

    # The peer for an algorithm: dkimpy for RSA, mailauth for Ed25519.
    function Invoke-PeerArc([string]$Alg, [string]$Command, [hashtable]$Job) {
        $Job.records = $Records
        $json = $Job | ConvertTo-Json -Depth 6
        $out = if ($Alg -eq 'ed') { $json | & node $MailAuthJs $Command } else { $json | & /usr/bin/python3 $Helper $Command }
        if ($LASTEXITCODE -ne 0) { throw "the $Alg peer failed to $Command" }
        $out | ConvertFrom-Json
    }

    function Test-WithPeer([string]$Path, [string]$Alg) {
        (Invoke-PeerArc $Alg verify @{ messages = @(@{ id = 'm'; path = $Path }) })[0]
    }

    # One hop by either sealer; returns the new file. dkimpy takes cv from arc= in an
    # Authentication-Results field of its srv_id, which is added from our own validation.
    function Add-Hop([string]$Path, [string]$Sealer, [string]$Alg, [int]$Hop) {
        $out = Join-Path $Work ("{0}-{1}.eml" -f [IO.Path]::GetFileNameWithoutExtension($Path), "$Sealer$Alg$Hop")
        $k = $Keyset[$Sealer][$Alg]
        $ts = [datetime]::new(2026, 11, 28, 10, $Hop, 0, [DateTimeKind]::Utc)
        if ($Sealer -eq 'ours') {
            Add-ArcSeal -LiteralPath $Path -Domain example.com -Selector $k.Selector -PrivateKeyPath $k.Key `
                -AuthServId "hop$Hop.example.com" -AuthenticationResults "spf=pass smtp.mailfrom=example.com" `
                -Header $SignedNames -Timestamp $ts -AsOf $Asof -ZoneFile $ZoneFile -OutFile $out | Out-Null
        }
        else {
            # dkimpy takes cv from arc= in an Authentication-Results of its srv_id; mailauth validates itself.
            $cv = (Test-ArcChain -LiteralPath $Path -ZoneFile $ZoneFile -AsOf $Asof).ChainResult
            $withAr = Join-Path $Work ("ar-$Sealer$Alg$Hop-" + [IO.Path]::GetFileName($Path))
            [IO.File]::WriteAllBytes($withAr, $Latin1.GetBytes("Authentication-Results: hop$Hop.example.com; arc=$cv; spf=pass smtp.mailfrom=example.com`r`n" + $Latin1.GetString([IO.File]::ReadAllBytes($Path))))
            $r = Invoke-PeerArc $Alg seal @{ messages = @(@{ id = 'm'; path = $withAr; out = $out; domain = 'example.com'; selector = $k.Selector
                        key_path = $k.Key; algorithm = $k.Algorithm; srv_id = "hop$Hop.example.com"; timestamp = [DateTimeOffset]::new($ts).ToUnixTimeSeconds(); headers = $SignedNames }) }
            if ($r[0].error) { throw "the $Alg peer could not seal: $($r[0].error)" }
        }
        $out
    }

    function New-Chain([string]$Direction, [string]$Alg, [int]$Hops, [string]$Name) {
        $path = Join-Path $Work "$Name.eml"
        [IO.File]::WriteAllBytes($path, $Latin1.GetBytes($Base))
        for ($hop = 1; $hop -le $Hops; $hop++) {
            $sealer = switch ($Direction) { 'forward' { 'ours' } 'reverse' { 'peer' } 'mixed' { if ($hop % 2) { 'peer' } else { 'ours' } } }
            $path = Add-Hop $path $sealer $Alg $hop
        }
        $path
    }
}

AfterAll {
    if ($Work -and (Test-Path -LiteralPath $Work)) { Remove-Item -LiteralPath $Work -Recurse -Force }
}

Describe 'ARC chains agree with dkimpy (RSA) and mailauth (Ed25519)' -Skip:$SkipDkimPy {
    It '<Direction> <Alg> with <Hops> hop(s): both validate pass' -ForEach $Cases {
        $path = New-Chain $Direction $Alg $Hops "$Direction-$Alg-$Hops"
        $ours = Test-ArcChain -LiteralPath $path -ZoneFile $ZoneFile -AsOf $Asof
        $ours.ChainResult | Should -Be 'pass' -Because $ours.ReasonText
        $ours.InstanceCount | Should -Be $Hops
        $ours.OldestPass | Should -Be 0
        @($ours.Sets | Where-Object SealAlgorithm -ne $Keyset.ours[$Alg].Algorithm).Count | Should -Be 0
        $peer = Test-WithPeer $path $Alg
        $peer.cv | Should -Be 'pass' -Because $peer.reason
    }

    It '<Mutation> after <Hops> <Alg> hop(s) sealed by <Direction>: both agree' -ForEach @(
        foreach ($m in $Mutations) { foreach ($d in 'forward', 'reverse') { foreach ($a in 'rsa', 'ed') { foreach ($h in 1, 2) { @{ Mutation = $m; Direction = $d; Alg = $a; Hops = $h } } } } }
    ) {
        $path = New-Chain $Direction $Alg $Hops "mut-$Mutation-$Direction-$Alg-$Hops"
        $text = $Latin1.GetString([IO.File]::ReadAllBytes($path))
        $text = switch ($Mutation) {
            'body' { $text.Replace('Hello list,', 'Hello list!') }
            'signed-header' { $text.Replace('Subject: ARC cross-check', 'Subject: ARC cross-check (edited)') }
            'unsigned-header' { "X-Scanned: yes`r`n" + $text }
        }
        $mutated = Join-Path $Work "mutated-$Mutation-$Direction-$Alg-$Hops.eml"
        [IO.File]::WriteAllBytes($mutated, $Latin1.GetBytes($text))
        $want = if ($Mutation -eq 'unsigned-header') { 'pass' } else { 'fail' }
        $ours = Test-ArcChain -LiteralPath $mutated -ZoneFile $ZoneFile -AsOf $Asof
        $ours.ChainResult | Should -Be $want -Because $ours.ReasonText
        if ($want -eq 'fail') {
            $ours.Reason | Should -Be 'MessageSignatureFailed'
            $ours.Sets[-1].MessageSignatureReason | Should -Be $(if ($Mutation -eq 'body') { 'BodyHashMismatch' } else { 'SignatureMismatch' })
        }
        (Test-WithPeer $mutated $Alg).cv | Should -Be $want
    }

    It 'a changed AAR of an earlier hop breaks that seal for both' {
        $path = New-Chain 'forward' 'rsa' 2 'aar-edit'
        $text = $Latin1.GetString([IO.File]::ReadAllBytes($path))
        $text = $text -replace '(ARC-Authentication-Results: i=1; hop1\.example\.com;\s+)spf=pass', '${1}spf=fail'
        $text | Should -Match 'hop1\.example\.com;\s+spf=fail'
        $mutated = Join-Path $Work 'aar-edit-mutated.eml'
        [IO.File]::WriteAllBytes($mutated, $Latin1.GetBytes($text))
        $ours = Test-ArcChain -LiteralPath $mutated -ZoneFile $ZoneFile -AsOf $Asof
        $ours.ChainResult | Should -Be 'fail'
        $ours.Reason | Should -Be 'SealFailed'
        $ours.FailedInstance | Should -Be 2
        (Test-WithPeer $mutated 'rsa').cv | Should -Be 'fail'
    }
}
