#Requires -Version 7.2
<#
    Add-DkimSignature against the staged module ($env:MAILAUTHPS_MANIFEST): signing files and
    message text with RSA and Ed25519 keys (dkimpy's test keys and fresh ones), verified with
    Test-DkimSignature over zone files; output files, -WhatIf, -Force, errors and their ids; the
    private key never shown; and the examples of docs/Add-DkimSignature.md and docs/New-DkimKey.md
    run as written.
#>

BeforeAll {
    if (-not $env:MAILAUTHPS_MANIFEST) { throw 'MAILAUTHPS_MANIFEST is not set; run through build.ps1 Test.' }
    Import-Module $env:MAILAUTHPS_MANIFEST -Force
    $Repo = $env:MAILAUTHPS_REPO
    $Keys = Join-Path $Repo 'tests/MailAuth.Tests/TestData/dkim/keys'
    $Work = Join-Path ([IO.Path]::GetTempPath()) ('mailauthps-adddkim-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory $Work
    $Fqid = 'MailAuthPS.Commands.AddDkimSignatureCommand'

    # The dkimpy keys, published under example.com in one zone file.
    $Zone = Join-Path $Work 'example.com.zone'
    $records = @{
        rsa1024 = 'test.txt'; rsa2048 = '2048_testkey_wo_markers.pub.txt'; rsa8 = '2048_testkey_PKCS8.key.pub.txt'; ed = 'ed25519test.dns'
    }
    $lines = foreach ($sel in $records.Keys) {
        $value = (Get-Content -Raw (Join-Path $Keys $records[$sel])).Trim()
        $strings = for ($i = 0; $i -lt $value.Length; $i += 200) { '"' + $value.Substring($i, [Math]::Min(200, $value.Length - $i)) + '"' }
        "$sel._domainkey IN TXT $($strings -join ' ')"
    }
    Set-Content -LiteralPath $Zone -Value (@('$ORIGIN example.com.', '@ 300 IN SOA ns1 hostmaster 1 3600 600 86400 300', '@ 300 IN NS ns1') + $lines)
    $Rsa = @{ Domain = 'example.com'; Selector = 'rsa2048'; PrivateKeyPath = (Join-Path $Keys '2048_testkey.key') }
    $Rsa8 = @{ Domain = 'example.com'; Selector = 'rsa8'; PrivateKeyPath = (Join-Path $Keys '2048_testkey_PKCS8.key') }
    $Ed = @{ Domain = 'example.com'; Selector = 'ed'; PrivateKeyPath = (Join-Path $Keys 'ed25519test.key') }

    $Plain = "From: Alice <alice@example.com>`r`nTo: bob@example.net`r`nSubject: Hello  there`r`nDate: Mon, 1 Jan 2024 10:00:00 +0000`r`nMessage-ID: <1@example.com>`r`n`r`nHi Bob,`r`n`r`nsee you.`r`n"
    function New-Message {
        param([string] $Name, [string] $Text = $Plain, [string] $Folder = $Work)
        $path = Join-Path $Folder $Name
        [IO.File]::WriteAllText($path, $Text)
        $path
    }
    function Test-Signed {
        param($Bytes)
        Test-DkimSignature -Message ([byte[]] $Bytes) -ZoneFile $Zone
    }
}

AfterAll {
    Remove-Item -Recurse -Force $Work -ErrorAction Ignore
}

Describe 'Add-DkimSignature: the command' {
    It 'has Path (default), LiteralPath and Message sets, -WhatIf, and a table view' {
        $cmd = Get-Command Add-DkimSignature
        $cmd.DefaultParameterSet | Should -Be 'Path'
        @($cmd.ParameterSets.Name | Sort-Object) | Should -Be @('LiteralPath', 'Message', 'Path')
        $cmd.Parameters.Keys | Should -Contain 'WhatIf'
        $cmd.Parameters['LiteralPath'].Aliases | Should -Be @('PSPath', 'LP', 'FullName')
        $cmd.OutputType.Name | Should -Contain 'MailAuth.Dkim.DkimSignedMessage'
        (Get-FormatData -TypeName 'MailAuth.Dkim.DkimSignedMessage').FormatViewDefinition.Control.GetType().Name | Should -Be 'TableControl'
        $text = Add-DkimSignature -Message $Plain @Ed | Format-Table | Out-String -Width 200
        $text | Should -Match 'Source\s+Domain\s+Selector\s+Algorithm\s+Canonicalization\s+Bytes\s+OutFile'
        $text | Should -Match '\(message\)\s+example\.com\s+ed\s+ed25519-sha256\s+relaxed/relaxed'
    }
}

Describe 'Add-DkimSignature: signing' {
    It 'signs with the <Name> key, and Test-DkimSignature passes it' -ForEach @(
        @{ Name = 'PKCS#1 RSA 2048'; Params = 'Rsa'; Algorithm = 'rsa-sha256' }
        @{ Name = 'PKCS#8 RSA 2048'; Params = 'Rsa8'; Algorithm = 'rsa-sha256' }
        @{ Name = 'dkimpy Ed25519 seed'; Params = 'Ed'; Algorithm = 'ed25519-sha256' }
    ) {
        $p = Get-Variable -ValueOnly $Params
        $r = Add-DkimSignature -Message $Plain @p
        $r.Algorithm | Should -Be $Algorithm
        $r.Header | Should -Match "^DKIM-Signature: v=1; a=$Algorithm; c=relaxed/relaxed; d=example\.com;"
        [Text.Encoding]::UTF8.GetString($r.Bytes) | Should -Be ($r.Header + "`r`n" + $Plain)
        $v = Test-Signed $r.Bytes
        $v.Result | Should -Be 'pass'
    }

    It 'signs files piped from Get-ChildItem, in input order, with their paths as Source' {
        $folder = New-Item -ItemType Directory (Join-Path $Work 'many')
        $files = foreach ($i in 1..5) { New-Message "m$i.eml" -Folder $folder -Text ($Plain -replace 'Hi Bob', "Hi Bob $i") }
        $out = Get-ChildItem $folder -Filter *.eml | Sort-Object Name | Add-DkimSignature @Rsa -ThrottleLimit 3
        $out.Source | Should -Be $files
        foreach ($r in $out) { (Test-Signed $r.Bytes).Result | Should -Be 'pass' }
        (Add-DkimSignature -Path (Join-Path $folder 'm*.eml') @Ed).Count | Should -Be 5
    }

    It 'takes -Message as text or as bytes, keeping 8-bit bytes' {
        $bytes = [Text.Encoding]::UTF8.GetBytes("From: J$([char]0xF6)rg <j@example.com>`r`n`r`n") + [byte[]] (0xE9, 0x0D, 0x0A)
        $r = Add-DkimSignature -Message $bytes @Ed -Canonicalization simple/simple
        $r.Bytes[-3] | Should -Be 0xE9
        (Test-Signed $r.Bytes).Result | Should -Be 'pass'
        { Add-DkimSignature -Message 42 @Ed -ErrorAction Stop } | Should -Throw -ErrorId "InvalidMessage,$Fqid"
    }

    It 'stacks signatures: RSA, then Ed25519 on top, both pass' {
        $rsa = Add-DkimSignature -Message $Plain @Rsa
        $both = Add-DkimSignature -Message $rsa.Bytes @Ed
        $v = Test-Signed $both.Bytes
        $v.Result | Should -Be @('pass', 'pass')
        $v.Algorithm | Should -Be @('ed25519-sha256', 'rsa-sha256')
    }

    It 'writes c=<C> and the signature passes' -ForEach @(
        @{ C = 'relaxed/relaxed'; Expected = 'relaxed/relaxed' }
        @{ C = 'relaxed/simple'; Expected = 'relaxed/simple' }
        @{ C = 'simple/relaxed'; Expected = 'simple/relaxed' }
        @{ C = 'simple/simple'; Expected = 'simple/simple' }
        @{ C = 'Relaxed'; Expected = 'relaxed/simple' }
        @{ C = 'simple'; Expected = 'simple/simple' }
    ) {
        $r = Add-DkimSignature -Message $Plain @Rsa8 -Canonicalization $C
        $r.Canonicalization | Should -Be $Expected
        $v = Test-Signed $r.Bytes
        $v.Result | Should -Be 'pass'
        $v.Canonicalization | Should -Be $Expected
    }

    It 'refuses an unknown canonicalization at binding' {
        { Add-DkimSignature -Message $Plain @Rsa -Canonicalization nofws } | Should -Throw -ErrorId "ParameterArgumentValidationError,$Fqid"
    }

    It 'oversigns From: a second From breaks the signature' {
        $r = Add-DkimSignature -Message $Plain @Ed
        $r.SignedHeaders | Should -Be @('from', 'from', 'subject', 'date', 'to', 'message-id')
        $text = [Text.Encoding]::UTF8.GetString($r.Bytes)
        $evil = [Text.Encoding]::UTF8.GetBytes("From: Mallory <m@example.org>`r`n" + $text)
        (Test-Signed $evil).Reason | Should -Be 'SignatureMismatch'
    }

    It 'signs the -Header list (From always), -Identity, -ExpiresAfter, -Timestamp and -BodyLength' {
        $t = [datetime]::new(2030, 1, 2, 3, 4, 5, [DateTimeKind]::Utc)
        $r = Add-DkimSignature -Message $Plain @Rsa -Header Subject, Date -Identity 'alice@Mail.Example.com' -Timestamp $t -ExpiresAfter (New-TimeSpan -Days 7) -BodyLength
        $r.SignedHeaders | Should -Be @('from', 'from', 'subject', 'date')
        $r.Identity | Should -Be 'alice@mail.example.com'
        $r.Timestamp | Should -Be ([DateTimeOffset] $t)
        $r.Expiration | Should -Be ([DateTimeOffset] $t.AddDays(7))
        $r.BodyLength | Should -Be 21
        $flat = $r.Header -replace "`r`n ", ' '
        $flat | Should -Match 'i=alice@mail\.example\.com; l=21; t=1893553445; x=1894158245; h=from:from:subject:date;'
        $v = Test-DkimSignature -Message $r.Bytes -ZoneFile $Zone -AsOf $t.AddDays(1)
        $v.Result | Should -Be 'pass'
        $v.BodyLength | Should -Be 21
        (Test-DkimSignature -Message $r.Bytes -ZoneFile $Zone -AsOf $t.AddDays(8)).Reason | Should -Be 'SignatureExpired'
    }

    It 'gives the same bytes for the same -Timestamp (RSA PKCS#1 v1.5 and Ed25519 are deterministic)' {
        $t = [datetime]::new(2030, 1, 2, 3, 4, 5, [DateTimeKind]::Utc)
        foreach ($p in $Rsa, $Ed) {
            $a = Add-DkimSignature -Message $Plain @p -Timestamp $t
            $b = Add-DkimSignature -Message $Plain @p -Timestamp $t
            [Convert]::ToBase64String($a.Bytes) | Should -Be ([Convert]::ToBase64String($b.Bytes))
        }
    }

    It 'signs a file with bare LF line endings as CRLF' {
        $path = New-Message 'lf.eml' -Text ($Plain -replace "`r`n", "`n")
        $r = Add-DkimSignature -Path $path @Rsa -Canonicalization simple/simple
        $r.LineEndingsRepaired | Should -BeTrue
        [Text.Encoding]::UTF8.GetString($r.Bytes) | Should -Be ($r.Header + "`r`n" + $Plain)
        (Test-Signed $r.Bytes).Result | Should -Be 'pass'
    }

    It 'warns about an RSA key under 2048 bits' {
        $r = Add-DkimSignature -Message $Plain -Domain example.com -Selector rsa1024 -PrivateKeyPath (Join-Path $Keys 'test.private') -WarningVariable w -WarningAction SilentlyContinue
        $w | Should -Match 'RFC 8301'
        (Test-Signed $r.Bytes).Result | Should -Be 'pass'
    }
}

Describe 'Add-DkimSignature: output files' {
    It '-OutFile writes the signed message and returns nothing; -PassThru returns it with OutFile' {
        $in = New-Message 'out1.eml'
        $target = Join-Path $Work 'out1.signed.eml'
        Add-DkimSignature -Path $in @Ed -OutFile $target | Should -BeNullOrEmpty
        (Test-DkimSignature -Path $target -ZoneFile $Zone).Result | Should -Be 'pass'

        $target2 = Join-Path $Work 'out1.signed2.eml'
        $r = Add-DkimSignature -Path $in @Ed -OutFile $target2 -PassThru
        $r.OutFile | Should -Be $target2
        [IO.File]::ReadAllBytes($target2) | Should -Be $r.Bytes
    }

    It '-OutFile also takes -Message' {
        $target = Join-Path $Work 'from-message.eml'
        Add-DkimSignature -Message $Plain @Rsa -OutFile $target
        (Test-DkimSignature -Path $target -ZoneFile $Zone).Result | Should -Be 'pass'
    }

    It '-WhatIf writes nothing; an existing file needs -Force' {
        $in = New-Message 'out2.eml'
        $target = Join-Path $Work 'out2.signed.eml'
        Add-DkimSignature -Path $in @Rsa -OutFile $target -WhatIf | Should -BeNullOrEmpty
        $target | Should -Not -Exist

        Set-Content -LiteralPath $target -Value 'keep me'
        Add-DkimSignature -Path $in @Rsa -OutFile $target -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be "OutFileExists,$Fqid"
        "$($err[0].CategoryInfo.Category)" | Should -Be 'ResourceExists'
        (Get-Content -Raw $target).Trim() | Should -Be 'keep me'

        Add-DkimSignature -Path $in @Rsa -OutFile $target -Force -WhatIf
        (Get-Content -Raw $target).Trim() | Should -Be 'keep me'
        Add-DkimSignature -Path $in @Rsa -OutFile $target -Force
        (Test-DkimSignature -Path $target -ZoneFile $Zone).Result | Should -Be 'pass'
    }

    It '-OutFile with a second input stops with OutFileTakesOneMessage' {
        $a = New-Message 'one-a.eml'
        $b = New-Message 'one-b.eml'
        { Add-DkimSignature -Path $a, $b @Rsa -OutFile (Join-Path $Work 'one.eml') } | Should -Throw -ErrorId "OutFileTakesOneMessage,$Fqid"
    }

    It '-OutDirectory writes each input under its own name, and signs in place with -Force' {
        $src = New-Item -ItemType Directory (Join-Path $Work 'src')
        $dst = New-Item -ItemType Directory (Join-Path $Work 'dst')
        $null = foreach ($i in 1..3) { New-Message "d$i.eml" -Folder $src }
        Get-ChildItem $src -Filter *.eml | Add-DkimSignature @Rsa -OutDirectory $dst | Should -BeNullOrEmpty
        (Get-ChildItem $dst).Name | Sort-Object | Should -Be @('d1.eml', 'd2.eml', 'd3.eml')

        Get-ChildItem $dst -Filter *.eml | Add-DkimSignature @Ed -OutDirectory $dst -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 3
        $err[0].FullyQualifiedErrorId | Should -Be "OutFileExists,$Fqid"

        $r = Get-ChildItem $dst -Filter *.eml | Add-DkimSignature @Ed -OutDirectory $dst -Force -PassThru
        $r.Count | Should -Be 3
        $v = Get-ChildItem $dst -Filter *.eml | Test-DkimSignature -ZoneFile $Zone
        $v.Count | Should -Be 6
        $v.Result | Sort-Object -Unique | Should -Be 'pass'
    }

    It '-OutDirectory: two inputs with one name give OutFileConflict' {
        $a = New-Item -ItemType Directory (Join-Path $Work 'ca')
        $b = New-Item -ItemType Directory (Join-Path $Work 'cb')
        $dst = New-Item -ItemType Directory (Join-Path $Work 'cdst')
        $null = New-Message 'same.eml' -Folder $a
        $null = New-Message 'same.eml' -Folder $b
        Add-DkimSignature -Path (Join-Path $a 'same.eml'), (Join-Path $b 'same.eml') @Rsa -OutDirectory $dst -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be "OutFileConflict,$Fqid"
        Join-Path $dst 'same.eml' | Should -Exist
    }

    It 'stops with <Id> for <Case>' -ForEach @(
        @{ Case = '-OutFile and -OutDirectory together'; Id = 'OutFileAndOutDirectory'; Extra = { @{ OutFile = (Join-Path $Work 'x.eml'); OutDirectory = $Work } } }
        @{ Case = 'a missing -OutDirectory'; Id = 'OutDirectoryNotFound'; Extra = { @{ OutDirectory = (Join-Path $Work 'nope') } } }
        @{ Case = '-OutDirectory with -Message'; Id = 'OutDirectoryNeedsPath'; Extra = { @{ OutDirectory = $Work; Message = $Plain } } }
    ) {
        $p = & $Extra
        if (-not $p.ContainsKey('Message')) { $p.Path = New-Message "stop-$Id.eml" }
        { Add-DkimSignature @Rsa @p } | Should -Throw -ErrorId "$Id,$Fqid"
    }
}

Describe 'Add-DkimSignature: errors' {
    It 'stops with <Id> for <Case>, naming no key material' -ForEach @(
        @{ Case = 'a missing key file'; Id = 'PrivateKeyNotFound'; Key = 'missing.pem'; Content = $null; Category = 'ObjectNotFound' }
        @{ Case = 'a file that is not a key'; Id = 'InvalidPrivateKey'; Key = 'junk.pem'; Content = 'just some text, no key'; Category = 'InvalidData' }
        @{ Case = 'a public key'; Id = 'InvalidPrivateKey'; Key = 'pub.pem'; Content = "-----BEGIN PUBLIC KEY-----`nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA2DBoRKJN+F4lILMzu3LmKYf3cNJZ`n-----END PUBLIC KEY-----`n"; Category = 'InvalidData' }
        @{ Case = 'a truncated PKCS#8 key'; Id = 'InvalidPrivateKey'; Key = 'trunc.pem'; Content = 'TRUNCATE'; Category = 'InvalidData' }
    ) {
        $path = Join-Path $Work $Key
        if ($Content -eq 'TRUNCATE') {
            $lines = Get-Content (Join-Path $Keys '2048_testkey_PKCS8.key')
            $Content = ($lines[0..5] + $lines[-1]) -join "`n"
        }
        if ($null -ne $Content) { Set-Content -LiteralPath $path -Value $Content }
        $err = $null
        try { Add-DkimSignature -Message $Plain -Domain example.com -Selector s -PrivateKeyPath $path -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be "$Id,$Fqid"
        "$($err.CategoryInfo.Category)" | Should -Be $Category
        if ($Content) {
            foreach ($l in ($Content -split "`n" | Where-Object { $_ -notmatch '^-----' -and $_.Length -ge 16 })) {
                ($err | Out-String) + $err.Exception.ToString() | Should -Not -BeLike "*$($l.Substring(0, 16))*"
            }
        }
    }

    It 'stops with InvalidSigningOption for <Case>' -ForEach @(
        @{ Case = 'an algorithm that does not fit the key'; Extra = @{ Algorithm = 'ed25519-sha256' } }
        @{ Case = 'an identity outside the domain'; Extra = @{ Identity = '@example.org' } }
        @{ Case = 'a selector with a space'; Extra = @{ Selector = 'bad sel' } }
        @{ Case = 'a domain with a space'; Extra = @{ Domain = 'bad domain' } }
        @{ Case = 'a bare number as -ExpiresAfter (ticks)'; Extra = @{ ExpiresAfter = 7 } }
        @{ Case = 'a header name with a colon'; Extra = @{ Header = 'X:Y' } }
    ) {
        $p = $Rsa.Clone()
        foreach ($k in $Extra.Keys) { $p[$k] = $Extra[$k] }
        { Add-DkimSignature -Message $Plain @p } | Should -Throw -ErrorId "InvalidSigningOption,$Fqid"
    }

    It 'reports <Id> for one message and signs the next' -ForEach @(
        @{ Id = 'NoFromHeader'; Text = "To: b@example.net`r`n`r`nhi`r`n"; Category = 'InvalidData' }
        @{ Id = 'MultipleFromHeaders'; Text = "From: a@example.com`r`nFrom: c@example.com`r`n`r`nhi`r`n"; Category = 'InvalidData' }
    ) {
        $bad = New-Message "bad-$Id.eml" -Text $Text
        $good = New-Message "good-$Id.eml"
        $out = Add-DkimSignature -Path $bad, $good @Rsa -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be "$Id,$Fqid"
        "$($err[0].CategoryInfo.Category)" | Should -Be $Category
        $err[0].TargetObject | Should -Be $bad
        @($out).Count | Should -Be 1
        $out.Source | Should -Be $good
    }

    It 'reports MessageNotFound for a missing file or a folder, in input order' {
        $good = New-Message 'good-nf.eml'
        $out = Add-DkimSignature -LiteralPath (Join-Path $Work 'absent.eml'), $Work, $good @Ed -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 2
        $err.FullyQualifiedErrorId | Sort-Object -Unique | Should -Be "MessageNotFound,$Fqid"
        $out.Source | Should -Be $good
    }

    It 'shows no fragment of the key in any stream while signing' {
        $text = (Add-DkimSignature -Message $Plain @Rsa8 -Verbose *>&1 | ForEach-Object { $_ | Format-List * -Force | Out-String -Width 500 }) -join "`n"
        $text += (Add-DkimSignature -Message $Plain @Rsa8 | ConvertTo-Json -Depth 3)
        $keyLines = Get-Content (Join-Path $Keys '2048_testkey_PKCS8.key') | Where-Object { $_ -notmatch '^-----' }
        foreach ($l in $keyLines) { $text.Contains($l.Substring(0, 16)) | Should -BeFalse }
    }
}

Describe 'The examples in the help pages run as written' {
    It 'runs every example of <Page> in order without an error' -ForEach @(
        @{ Page = 'New-DkimKey' }
        @{ Page = 'Add-DkimSignature' }
    ) {
        $md = Get-Content -Raw (Join-Path $Repo "docs/$Page.md")
        $examples = [regex]::Matches($md, '(?s)### Example \d+:[^\n]*\n```powershell\n(.*?)\n```') | ForEach-Object { $_.Groups[1].Value }
        $examples.Count | Should -BeGreaterOrEqual 2
        # Dot-sourced, so that $dir (made by the first example) is here to clean up even when one fails.
        $dir = $null
        $script = [scriptblock]::Create("`$ErrorActionPreference = 'Stop'`n" + ($examples -join "`n"))
        try {
            $output = . $script
            Test-Path -LiteralPath $dir | Should -BeTrue
            if ($Page -eq 'Add-DkimSignature') {
                # Example 2 verifies; example 3 leaves two signatures on every message in signed/.
                @($output | Where-Object { $_ -is [MailAuth.Dkim.DkimSignatureResult] }).Result | Should -Be 'pass'
                $signed = @(Get-ChildItem (Join-Path $dir 'signed') -Filter *.eml | Sort-Object Name)
                $signed.Name | Should -Be @('hello.eml', 'hello.signed.eml')
                # hello.signed.eml already had the Ed25519 signature of example 1.
                foreach ($f in $signed) {
                    $expected = if ($f.Name -eq 'hello.signed.eml') { 3 } else { 2 }
                    ([regex]::Matches((Get-Content -Raw $f.FullName), '(?m)^DKIM-Signature:')).Count | Should -Be $expected
                }
            }
            else {
                @(Get-ChildItem $dir -Filter *.pem).Name | Sort-Object | Should -Be @('contoso.pem', 'ed2026.pem', 'ed2026b.pem', 'fabrikam.pem', 'rsa2026.pem')
                @(Get-Content (Join-Path $dir 'dkim-records.txt')).Count | Should -Be 2
            }
        }
        finally {
            if ($dir) { Remove-Item -Recurse -Force -LiteralPath $dir -ErrorAction Ignore }
        }
    }
}
