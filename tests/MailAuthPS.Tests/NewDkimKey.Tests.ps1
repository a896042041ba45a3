#Requires -Version 7.2
<#
    New-DkimKey against the staged module ($env:MAILAUTHPS_MANIFEST): files written (PEM PKCS#8,
    mode 0600 on Unix), -WhatIf, -Force, errors, the record returned, and that the private key
    never reaches any output stream.
#>

BeforeAll {
    if (-not $env:MAILAUTHPS_MANIFEST) { throw 'MAILAUTHPS_MANIFEST is not set; run through build.ps1 Test.' }
    Import-Module $env:MAILAUTHPS_MANIFEST -Force
    $Work = Join-Path ([IO.Path]::GetTempPath()) ('mailauthps-newdkimkey-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory $Work

    # Every 16-character run of the key file's base64: none may appear in any output.
    function Get-KeyFragment {
        param([string] $Path)
        $lines = Get-Content -LiteralPath $Path | Where-Object { $_ -notmatch '^-----' -and $_.Length -ge 16 }
        foreach ($l in $lines) { for ($i = 0; $i + 16 -le $l.Length; $i += 8) { $l.Substring($i, 16) } }
    }
    # All six streams of a script block, as text.
    function Get-AllStreamText {
        param([scriptblock] $Script)
        $InformationPreference = 'Continue'
        $VerbosePreference = 'Continue'
        $DebugPreference = 'Continue'
        $WarningPreference = 'Continue'
        (& $Script *>&1 | ForEach-Object { $_ | Format-List * -Force | Out-String -Width 500; "$_" }) -join "`n"
    }
    function New-ZoneFile {
        param([string] $Apex, [string[]] $Lines)
        $path = Join-Path $Work "$Apex-$([guid]::NewGuid().ToString('n')).zone"
        Set-Content -LiteralPath $path -Value (@("`$ORIGIN $Apex.", "@ 300 IN SOA ns1 hostmaster 1 3600 600 86400 300", "@ 300 IN NS ns1") + $Lines)
        $path
    }
}

AfterAll {
    Remove-Item -Recurse -Force $Work -ErrorAction Ignore
}

Describe 'New-DkimKey: the command' {
    It 'supports -WhatIf and -Confirm, declares its output type and has a view' {
        $cmd = Get-Command New-DkimKey
        $cmd.Parameters.Keys | Should -Contain 'WhatIf'
        $cmd.Parameters.Keys | Should -Contain 'Confirm'
        $cmd.OutputType.Name | Should -Contain 'MailAuth.Dkim.DkimSigningKeyInfo'
        (Get-FormatData -TypeName 'MailAuth.Dkim.DkimSigningKeyInfo').FormatViewDefinition.Control.GetType().Name | Should -Be 'ListControl'
        $cmd.Parameters['Algorithm'].Attributes.ValidValues | Should -Be @('Rsa2048', 'Rsa3072', 'Rsa4096', 'Ed25519')
        $cmd.Parameters['Domain'].ParameterSets['__AllParameterSets'].Position | Should -Be 0
        $cmd.Parameters['Selector'].ParameterSets['__AllParameterSets'].Position | Should -Be 1
    }
}

Describe 'New-DkimKey: keys and records' {
    It 'makes an <Algorithm> key: a PKCS#8 file and the record to publish' -ForEach @(
        @{ Algorithm = 'Rsa2048'; Bits = 2048; Type = 'rsa'; A = 'rsa-sha256'; Strings = 2 }
        @{ Algorithm = 'Rsa3072'; Bits = 3072; Type = 'rsa'; A = 'rsa-sha256'; Strings = 3 }
        @{ Algorithm = 'Rsa4096'; Bits = 4096; Type = 'rsa'; A = 'rsa-sha256'; Strings = 3 }
        @{ Algorithm = 'Ed25519'; Bits = 256; Type = 'ed25519'; A = 'ed25519-sha256'; Strings = 1 }
    ) {
        $path = Join-Path $Work "$Algorithm.pem"
        $r = New-DkimKey -Domain Contoso.Example. -Selector "s$Algorithm" -PrivateKeyPath $path -Algorithm $Algorithm

        $r.Name | Should -Be "s$Algorithm._domainkey.contoso.example"
        $r.Domain | Should -Be 'contoso.example'
        $r.Algorithm | Should -Be $A
        $r.KeyType | Should -Be $Type
        $r.KeySize | Should -Be $Bits
        $r.PrivateKeyPath | Should -Be $path
        $r.RecordValue | Should -Match "^v=DKIM1; k=$Type; p=[A-Za-z0-9+/]+=*$"
        $r.Strings.Count | Should -Be $Strings
        $r.Strings | ForEach-Object { $_.Length | Should -BeLessOrEqual 255 }
        -join $r.Strings | Should -Be $r.RecordValue
        $r.ZoneFileLine | Should -Be ("s$Algorithm._domainkey.contoso.example. 3600 IN TXT " + (($r.Strings | ForEach-Object { "`"$_`"" }) -join ' '))
        $text = Get-Content -Raw -LiteralPath $path
        $text | Should -Match '^-----BEGIN PRIVATE KEY-----\n'
        $text | Should -Match '\n-----END PRIVATE KEY-----\n$'
    }

    It 'writes the key file with mode 0600 on Unix' -Skip:$IsWindows {
        $path = Join-Path $Work 'mode.pem'
        $null = New-DkimKey contoso.example mode -PrivateKeyPath $path -Algorithm Ed25519
        [System.IO.File]::GetUnixFileMode($path) | Should -Be ([System.IO.UnixFileMode]'UserRead, UserWrite')
        (& stat -c '%a' $path) | Should -Be '600'
    }

    It 'keeps mode 0600 when -Force replaces a world-readable file' -Skip:$IsWindows {
        $path = Join-Path $Work 'open.pem'
        Set-Content -LiteralPath $path -Value 'old'
        & chmod 666 $path
        $null = New-DkimKey contoso.example open -PrivateKeyPath $path -Algorithm Ed25519 -Force
        (& stat -c '%a' $path) | Should -Be '600'
    }

    It 'makes a key that Add-DkimSignature signs with and Test-DkimSignature verifies through the zone file line' {
        $path = Join-Path $Work 'roundtrip.pem'
        $r = New-DkimKey contoso.example rt -PrivateKeyPath $path -Algorithm Rsa2048
        $zone = New-ZoneFile 'contoso.example' @($r.ZoneFileLine)
        $signed = Add-DkimSignature -Message "From: a@contoso.example`r`nSubject: hi`r`n`r`nbody`r`n" -Domain contoso.example -Selector rt -PrivateKeyPath $path
        $v = Test-DkimSignature -Message $signed.Bytes -ZoneFile $zone
        $v.Result | Should -Be 'pass'
        $v.KeySize | Should -Be 2048
    }

    It 'binds Domain, Selector, PrivateKeyPath and Algorithm from piped objects' {
        $rows = @(
            [pscustomobject]@{ Domain = 'contoso.example'; Selector = 'p1'; PrivateKeyPath = (Join-Path $Work 'p1.pem'); Algorithm = 'Ed25519' }
            [pscustomobject]@{ Domain = 'fabrikam.example'; Selector = 'p2'; PrivateKeyPath = (Join-Path $Work 'p2.pem'); Algorithm = 'Ed25519' }
        )
        $r = $rows | New-DkimKey
        $r.Name | Should -Be @('p1._domainkey.contoso.example', 'p2._domainkey.fabrikam.example')
        Join-Path $Work 'p2.pem' | Should -Exist
    }

    It 'resolves a relative -PrivateKeyPath against the current location' {
        Push-Location $Work
        try {
            $r = New-DkimKey contoso.example rel -PrivateKeyPath ./rel.pem -Algorithm Ed25519
            $r.PrivateKeyPath | Should -Be (Join-Path $Work 'rel.pem')
            Join-Path $Work 'rel.pem' | Should -Exist
        }
        finally { Pop-Location }
    }
}

Describe 'New-DkimKey: -WhatIf, -Force and errors' {
    It '-WhatIf writes nothing and returns nothing' {
        $path = Join-Path $Work 'whatif.pem'
        $out = New-DkimKey contoso.example wi -PrivateKeyPath $path -WhatIf
        $out | Should -BeNullOrEmpty
        $path | Should -Not -Exist
    }

    It 'refuses to overwrite without -Force, and replaces the key with it' {
        $path = Join-Path $Work 'exists.pem'
        $first = New-DkimKey contoso.example ex -PrivateKeyPath $path -Algorithm Ed25519
        $before = Get-Content -Raw $path

        $out = New-DkimKey contoso.example ex -PrivateKeyPath $path -Algorithm Ed25519 -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'PrivateKeyFileExists,MailAuthPS.Commands.NewDkimKeyCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        Get-Content -Raw $path | Should -Be $before

        $null = New-DkimKey contoso.example ex -PrivateKeyPath $path -Algorithm Ed25519 -WhatIf -Force
        Get-Content -Raw $path | Should -Be $before

        $second = New-DkimKey contoso.example ex -PrivateKeyPath $path -Algorithm Ed25519 -Force
        Get-Content -Raw $path | Should -Not -Be $before
        $second.RecordValue | Should -Not -Be $first.RecordValue
    }

    It 'reports <Id> and goes on with the next input' -ForEach @(
        @{ Id = 'InvalidDomainName'; Domain = 'not a domain'; Selector = 's'; File = 'x1.pem'; Category = 'InvalidArgument' }
        @{ Id = 'InvalidSelector'; Domain = 'contoso.example'; Selector = 'bad selector'; File = 'x2.pem'; Category = 'InvalidArgument' }
        @{ Id = 'PrivateKeyFolderNotFound'; Domain = 'contoso.example'; Selector = 's'; File = 'no/such/folder/x3.pem'; Category = 'ObjectNotFound' }
        @{ Id = 'PrivateKeyPathIsFolder'; Domain = 'contoso.example'; Selector = 's'; File = '.'; Category = 'InvalidArgument' }
    ) {
        $rows = @(
            [pscustomobject]@{ Domain = $Domain; Selector = $Selector; PrivateKeyPath = (Join-Path $Work $File) }
            [pscustomobject]@{ Domain = 'contoso.example'; Selector = 'after'; PrivateKeyPath = (Join-Path $Work "after-$Id.pem"); Algorithm = 'Ed25519' }
        )
        $out = $rows | New-DkimKey -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be "$Id,MailAuthPS.Commands.NewDkimKeyCommand"
        "$($err[0].CategoryInfo.Category)" | Should -Be $Category
        @($out).Count | Should -Be 1
        $out.Selector | Should -Be 'after'
    }

    It 'rejects an unknown -Algorithm at binding' {
        { New-DkimKey contoso.example s -PrivateKeyPath (Join-Path $Work 'dsa.pem') -Algorithm Dsa1024 } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,MailAuthPS.Commands.NewDkimKeyCommand'
    }
}

Describe 'New-DkimKey: the private key never reaches an output stream' {
    It 'writes no fragment of the <Algorithm> key to any stream, in any view' -ForEach @(
        @{ Algorithm = 'Rsa2048' }
        @{ Algorithm = 'Ed25519' }
    ) {
        $path = Join-Path $Work "secret-$Algorithm.pem"
        $text = Get-AllStreamText { New-DkimKey contoso.example "sec$Algorithm" -PrivateKeyPath $path -Algorithm $Algorithm -Verbose }
        $text += Get-AllStreamText { New-DkimKey contoso.example "sec$Algorithm" -PrivateKeyPath $path -Algorithm $Algorithm -Verbose -ErrorAction Continue }
        $text | Should -Match "sec$Algorithm\._domainkey"
        $fragments = @(Get-KeyFragment $path)
        $fragments.Count | Should -BeGreaterThan 0
        foreach ($f in $fragments) { $text.Contains($f) | Should -BeFalse -Because "the key fragment $($f.Substring(0, 4))... must not be shown" }
        $obj = New-DkimKey contoso.example "sec2$Algorithm" -PrivateKeyPath "$path.2" -Algorithm $Algorithm
        $json = $obj | ConvertTo-Json -Depth 5
        foreach ($f in @(Get-KeyFragment "$path.2")) { $json.Contains($f) | Should -BeFalse }
    }
}
