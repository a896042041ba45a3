#Requires -Version 7.2
<#
    Test-DkimSignature as a user meets it: files from Get-ChildItem, -Message, -AsOf, errors.
    Expected results come from the vectors' sources (mail-auth verifies its vector 005 at
    2022-11-07 17:54:24 UTC; its x= is 24 hours later) and from samples/README.md.
#>

BeforeAll {
    Import-Module $env:MAILAUTHPS_MANIFEST -Force
    $Repo = $env:MAILAUTHPS_REPO
    $Zones = Join-Path $Repo 'samples/zones/*.zone'
    $Work = Join-Path ([IO.Path]::GetTempPath()) ("mailauthps-dkimsig-" + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory $Work | Out-Null

    # mail-auth vector 005: DNS lines, an empty line, then the message (LF endings).
    $lines = Get-Content (Join-Path $Repo 'tests/MailAuth.Tests/TestData/dkim/vectors/mail-auth/005.txt')
    $blank = [array]::IndexOf($lines, '')
    $zone = foreach ($l in $lines[0..($blank - 1)]) {
        $name, $value = $l -split ' ', 2
        $chunks = for ($i = 0; $i -lt $value.Length; $i += 255) { '"' + $value.Substring($i, [Math]::Min(255, $value.Length - $i)) + '"' }
        "$name. 300 IN TXT $($chunks -join ' ')"
    }
    $VectorZone = Join-Path $Work 'vector.zone'
    Set-Content $VectorZone $zone
    $Vector = Join-Path $Work '005.eml'
    Set-Content $Vector ($lines[($blank + 1)..($lines.Count - 1)] -join "`n") -NoNewline
}

AfterAll { Remove-Item -Recurse -Force $Work -ErrorAction Ignore }

Describe 'Test-DkimSignature' {
    It 'verifies the signed sample message piped from Get-ChildItem' {
        $r = Get-ChildItem (Join-Path $Repo 'samples/messages/northwind-welcome.eml') | Test-DkimSignature -ZoneFile $Zones
        $r.Result | Should -Be 'pass'
        $r.Domain | Should -Be 'northwind-traders.example'
        $r.Selector | Should -Be 'demo'
        $r.Source | Should -BeLike '*northwind-welcome.eml'
        $r.AuthenticationResult | Should -BeLike 'dkim=pass header.d=northwind-traders.example header.s=demo'
    }

    It 'gives none for an unsigned message' {
        (Test-DkimSignature -LiteralPath (Join-Path $Repo 'samples/messages/northwind-spoofed.eml') -ZoneFile $Zones).Result | Should -Be 'none'
    }

    It 'enforces x=: vector 005 is expired now and passes as of the day it was checked' {
        $now = Test-DkimSignature -Path $Vector -ZoneFile $VectorZone
        ($now.Result, $now.Reason) | Should -Be @('policy', 'SignatureExpired')
        (Test-DkimSignature -Path $Vector -ZoneFile $VectorZone -AsOf 2022-11-07).Result | Should -Be 'pass'
        (Test-DkimSignature -Path $Vector -ZoneFile $VectorZone -AsOf ([datetime]'2022-11-09T00:00:00Z').ToUniversalTime()).Reason | Should -Be 'SignatureExpired'
    }

    It 'takes the message as a string or as bytes' {
        $path = Join-Path $Repo 'samples/messages/northwind-welcome.eml'
        (Test-DkimSignature -Message ([IO.File]::ReadAllBytes($path)) -ZoneFile $Zones).Result | Should -Be 'pass'
        (Test-DkimSignature -Message (Get-Content -Raw $path) -ZoneFile $Zones).Result | Should -Be 'pass'
    }

    It 'says the body changed when one body byte is altered' {
        $bytes = [IO.File]::ReadAllBytes((Join-Path $Repo 'samples/messages/northwind-welcome.eml'))
        $bytes[$bytes.Length - 5] = $bytes[$bytes.Length - 5] -bxor 1
        $r = Test-DkimSignature -Message $bytes -ZoneFile $Zones
        ($r.Result, $r.Reason) | Should -Be @('fail', 'BodyHashMismatch')
    }

    It 'writes MessageNotFound for a missing file and goes on' {
        $out = Test-DkimSignature -Path (Join-Path $Work 'missing.eml'), $Vector -ZoneFile $VectorZone -AsOf 2022-11-07 -ErrorVariable errs -ErrorAction SilentlyContinue
        $out.Result | Should -Be 'pass'
        $errs[0].FullyQualifiedErrorId | Should -Be 'MessageNotFound,MailAuthPS.Commands.TestDkimSignatureCommand'
    }
}

Describe 'Get-DmarcEvaluation -AsOf' {
    It 'verifies DKIM as of the given day, like Test-DkimSignature' {
        $now = Get-DmarcEvaluation -Path $Vector -ZoneFile $VectorZone -SpfResult 'none:topicbox.com'
        $now.Dkim[0].Reason | Should -Be 'SignatureExpired'
        $then = Get-DmarcEvaluation -Path $Vector -ZoneFile $VectorZone -SpfResult 'none:topicbox.com' -AsOf 2022-11-07
        $then.Dkim[0].Result | Should -Be 'pass'
    }
}
