#Requires -Version 7.2
<#
    Test-ArcChain and Add-ArcSeal against the staged module ($env:MAILAUTHPS_MANIFEST), offline over
    the sample zones: the sample list message (samples/README.md says what it must give), the
    sealer's own assessment and the consolidation of Authentication-Results, second hops, broken
    chains, one result or error record per input in input order, output files, -WhatIf, argument
    errors, and the examples of docs/Test-ArcChain.md and docs/Add-ArcSeal.md run as written.
    The cross-checks with other implementations are in ArcSeal.Peers.Tests.ps1.
#>

BeforeAll {
    if (-not $env:MAILAUTHPS_MANIFEST) { throw 'MAILAUTHPS_MANIFEST is not set; run through build.ps1 Test.' }
    Import-Module $env:MAILAUTHPS_MANIFEST -Force
    $Repo = $env:MAILAUTHPS_REPO
    $Zones = Get-ChildItem (Join-Path $Repo 'samples/zones/*.zone')
    $Messages = Join-Path $Repo 'samples/messages'
    $ListMessage = Join-Path $Messages 'northwind-list-arc.eml'
    $Welcome = Join-Path $Messages 'northwind-welcome.eml'
    $Work = Join-Path ([IO.Path]::GetTempPath()) ('mailauthps-arc-cmd-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory $Work
    $Latin1 = [Text.Encoding]::Latin1
    $Seal = @{
        Domain = 'northwind-traders.example'; Selector = 'demo'; ZoneFile = $Zones
        PrivateKeyPath = (Join-Path $Repo 'samples/keys/northwind-demo.pem')
    }
    function Save-Text([string]$Name, [string]$Text) {
        $p = Join-Path $Work $Name
        [IO.File]::WriteAllBytes($p, $Latin1.GetBytes($Text))
        $p
    }
}

AfterAll {
    if ($Work -and (Test-Path -LiteralPath $Work)) { Remove-Item -LiteralPath $Work -Recurse -Force }
}

Describe 'Test-ArcChain' {
    It 'validates the sample list message as samples/README.md says' {
        $r = Test-ArcChain -Path $ListMessage -ZoneFile $Zones
        $r.ChainResult | Should -Be 'pass' -Because $r.ReasonText
        $r.InstanceCount | Should -Be 1
        $r.OldestPass | Should -Be 0
        $r.SealerDomains | Should -Be @('northwind-traders.example')
        $r.Sets[0].AuthServId | Should -Be 'lists.northwind-traders.example'
        $r.Sets[0].ChainValidation | Should -Be 'none'
        $reported = @{}
        foreach ($x in $r.Sets[0].AuthenticationResults.Results) { $reported[$x.Method] = $x.Result }
        $reported.arc | Should -Be 'none'
        $reported.spf | Should -Be 'pass'
        $reported.dkim | Should -Be 'pass'
        $reported.dmarc | Should -Be 'pass'
        $r.AuthenticationResult | Should -Be 'arc=pass header.oldest-pass=0'
        # The list changed the subject and the body, which is what ARC is for: DKIM no longer passes.
        (Test-DkimSignature -Path $ListMessage -ZoneFile $Zones).Reason | Should -Be 'BodyHashMismatch'
    }

    It 'gives none for a message without ARC sets' {
        (Test-ArcChain -Path $Welcome -ZoneFile $Zones).ChainResult | Should -Be 'none'
    }

    It 'gives one result or error per input, in input order' {
        $missing = Join-Path $Work 'missing.eml'
        $out = @(Test-ArcChain -Path $ListMessage, $missing, $Welcome -ZoneFile $Zones -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.ChainResult | Should -Be @('pass', 'none')
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'MessageNotFound,*'
    }

    It 'takes files from Get-ChildItem and message text' {
        $fromPipe = @(Get-ChildItem $Messages -Filter 'northwind-list-arc.eml' | Test-ArcChain -ZoneFile $Zones)
        $fromPipe.ChainResult | Should -Be 'pass'
        $text = [IO.File]::ReadAllBytes($ListMessage)
        (Test-ArcChain -Message $text -ZoneFile $Zones).ChainResult | Should -Be 'pass'
    }

    It 'names the set and field when the body changed after sealing' {
        $text = $Latin1.GetString([IO.File]::ReadAllBytes($ListMessage)).Replace('thank you for opening', 'thank you for closing')
        $r = Test-ArcChain -Path (Save-Text 'edited.eml' $text) -ZoneFile $Zones
        $r.ChainResult | Should -Be 'fail'
        $r.Reason | Should -Be 'MessageSignatureFailed'
        $r.FailedInstance | Should -Be 1
        $r.Sets[0].MessageSignatureReason | Should -Be 'BodyHashMismatch'
    }

    It 'fails the chain when the key cannot be found (RFC 8617 section 5.2.1: every error is final)' {
        $zone = Save-Text 'empty.zone' "`$ORIGIN northwind-traders.example.`n@ 300 IN SOA ns1 hm 1 3600 600 86400 300`n"
        $r = Test-ArcChain -Path $ListMessage -ZoneFile $zone
        $r.ChainResult | Should -Be 'fail'
        $r.Sets[0].MessageSignatureReason | Should -Be 'KeyNotFound'
    }
}

Describe 'Add-ArcSeal' {
    It 'records its own checks (arc, spf, dkim, dmarc) and seals instance 1' {
        $r = Add-ArcSeal -Path $Welcome @Seal -AuthServId mx.example.test -ClientIP 192.0.2.10
        $r.Instance | Should -Be 1
        $r.ChainValidation | Should -Be 'none'
        $aar = $r.AuthenticationResultsHeader -replace '\r\n ', ' '
        # samples/README.md: from 192.0.2.10 SPF, DKIM and DMARC pass for northwind-welcome.eml.
        $aar | Should -Match '^ARC-Authentication-Results: i=1; mx\.example\.test; arc=none smtp\.remote-ip=192\.0\.2\.10;'
        $aar | Should -Match 'spf=pass smtp\.mailfrom=bounce@northwind-traders\.example'
        $aar | Should -Match 'dkim=pass header\.d=northwind-traders\.example'
        $aar | Should -Match 'dmarc=pass'
        $check = Test-ArcChain -Message $r.Bytes -ZoneFile $Zones
        $check.ChainResult | Should -Be 'pass' -Because $check.ReasonText
        $check.Sets[0].AuthenticationResults['spf'].Result | Should -Be 'pass'
    }

    It 'combines the Authentication-Results fields of its authserv-id, in order (RFC 8617 section 4.1.1)' {
        $text = "Authentication-Results: mx.example.test; spf=fail smtp.mailfrom=x@example.test`r`n" +
            "Authentication-Results: other.example; dkim=pass header.d=other.example`r`n" +
            "Authentication-Results: mx.example.test; dkim=none`r`n" + $Latin1.GetString([IO.File]::ReadAllBytes($Welcome))
        $r = Add-ArcSeal -Path (Save-Text 'with-ar.eml' $text) @Seal -AuthServId mx.example.test
        ($r.AuthenticationResultsHeader -replace '\r\n ', ' ') | Should -Be 'ARC-Authentication-Results: i=1; mx.example.test; spf=fail smtp.mailfrom=x@example.test; dkim=none'
    }

    It 'adds a second hop with cv=pass that validates' {
        $out = Join-Path $Work 'hop2.eml'
        Add-ArcSeal -Path $ListMessage @Seal -AuthServId hop2.example.test -AuthenticationResults 'arc=pass' -OutFile $out | Should -BeNullOrEmpty
        $r = Test-ArcChain -Path $out -ZoneFile $Zones
        $r.ChainResult | Should -Be 'pass' -Because $r.ReasonText
        $r.InstanceCount | Should -Be 2
        $r.Sets[1].ChainValidation | Should -Be 'pass'
        $r.OldestPass | Should -Be 0
    }

    It 'seals a broken chain with cv=fail, and then refuses to continue it' {
        $text = $Latin1.GetString([IO.File]::ReadAllBytes($ListMessage)).Replace('thank you for opening', 'thank you for closing')
        $broken = Save-Text 'broken.eml' $text
        $failed = Join-Path $Work 'broken-sealed.eml'
        $r = Add-ArcSeal -Path $broken @Seal -AuthenticationResults 'arc=fail' -OutFile $failed -PassThru
        $r.ChainValidation | Should -Be 'fail'
        $r.Instance | Should -Be 2
        $check = Test-ArcChain -Path $failed -ZoneFile $Zones
        $check.ChainResult | Should -Be 'fail'
        $check.Reason | Should -Be 'ChainMarkedFailed'
        # RFC 8617 section 5.1 step 2: no further seal; the error names it, the next input is still sealed.
        $out = @(Add-ArcSeal -Path $failed, $Welcome @Seal -AuthenticationResults 'arc=none' -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 1
        $out[0].Source | Should -Be $Welcome
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ChainAlreadyFailed,*'
    }

    It 'writes nothing with -WhatIf, and refuses to overwrite without -Force' {
        $out = Join-Path $Work 'whatif.eml'
        Add-ArcSeal -Path $Welcome @Seal -AuthenticationResults 'arc=none' -OutFile $out -WhatIf
        Test-Path -LiteralPath $out | Should -BeFalse
        Set-Content -LiteralPath $out -Value 'keep me'
        Add-ArcSeal -Path $Welcome @Seal -AuthenticationResults 'arc=none' -OutFile $out -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'OutFileExists,*'
        (Get-Content -Raw $out).Trim() | Should -Be 'keep me'
        Add-ArcSeal -Path $Welcome @Seal -AuthenticationResults 'arc=none' -OutFile $out -Force
        (Test-ArcChain -Path $out -ZoneFile $Zones).ChainResult | Should -Be 'pass'
    }

    It 'stops before any message on <Case>' -ForEach @(
        @{ Case = 'given and computed results'; Extra = @{ AuthenticationResults = 'arc=none'; ClientIP = '192.0.2.10' }; Id = 'ResultsGivenAndComputed' }
        @{ Case = 'an ARC header in -Header (RFC 8617 section 4.1.2)'; Extra = @{ Header = @('From', 'ARC-Seal') }; Id = 'InvalidSigningOption' }
        @{ Case = 'a missing key file'; Extra = @{ PrivateKeyPath = 'no-such-key.pem' }; Id = 'PrivateKeyNotFound' }
        @{ Case = 'an authserv-id with a space'; Extra = @{ AuthServId = 'two words' }; Id = 'InvalidSigningOption' }
    ) {
        $params = $Seal.Clone()
        foreach ($k in $Extra.Keys) { $params[$k] = $Extra[$k] }
        { Add-ArcSeal -Path $Welcome @params -ErrorAction Stop } | Should -Throw -ErrorId "$Id,*"
    }
}

Describe 'The examples in the ARC help pages run as written' {
    It 'runs every example of <Page> in a copy of the samples' -ForEach @(
        @{ Page = 'Test-ArcChain' }
        @{ Page = 'Add-ArcSeal' }
    ) {
        $md = Get-Content -Raw (Join-Path $Repo "docs/$Page.md")
        $examples = [regex]::Matches($md, '(?s)### Example \d+:[^\n]*\n```powershell\n(.*?)\n```') | ForEach-Object { $_.Groups[1].Value }
        $examples.Count | Should -BeGreaterOrEqual 2
        $copy = Join-Path $Work "docs-$Page"
        $null = New-Item -ItemType Directory $copy
        Copy-Item -Recurse (Join-Path $Repo 'samples') $copy
        Push-Location $copy
        try {
            $script = [scriptblock]::Create("`$ErrorActionPreference = 'Stop'`n" + ($examples -join "`n"))
            $output = @(. $script)
            if ($Page -eq 'Add-ArcSeal') {
                @($output | Where-Object { $_ -is [MailAuth.Arc.ArcChainResult] }).ChainResult | Should -Be 'pass'
                Test-Path ./sealed.eml | Should -BeTrue
                @(Get-ChildItem ./samples -Filter *.eml).Count | Should -Be 0 -Because '-WhatIf writes nothing'
            }
            else {
                @($output | Where-Object { $_ -is [MailAuth.Arc.ArcChainResult] }).Count | Should -BeGreaterOrEqual 2
            }
        }
        finally {
            Pop-Location
        }
    }
}
