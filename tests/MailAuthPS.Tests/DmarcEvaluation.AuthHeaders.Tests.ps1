#Requires -Version 7.2
<#
    Get-DmarcEvaluation on messages built and signed for each DMARC outcome, cross-checked with an
    independent implementation: authheaders (Debian python3-authheaders, authenticate_message, run
    by /usr/bin/python3 through TestHelpers/authheaders_check.py), which checks SPF with pyspf and
    DKIM with dkimpy. Both ask the same Knot DNS server on 127.0.0.1, serving one zone, 'example'.

    Every case states the RFC 9989 verdict; ours must give it. authheaders must give the same
    DMARC result and policy, except where a case documents its different answer (Peer) with the
    RFC section that decides (Why): the test then asserts authheaders' recorded answer, so a change
    on either side is noticed. authheaders implements RFC 7489 (public suffix list, no t=, one DKIM
    signature); our zone keeps every DMARC record at an organizational domain, where the tree walk
    of RFC 9989 §4.10 and the public suffix list of RFC 7489 §3.2 agree.

    Messages are signed with Add-DkimSignature (one RSA key, published under every signing domain).
    Domains have no hyphen: authheaders reads the From domain with the pattern @([a-z0-9.]+).
    authheaders_check.py adds the reserved TLDs (example, invalid, test) as rules to its copy of the
    public suffix list: publicsuffix2 ignores the list's implicit "*" rule and would make 'example'
    the organizational domain of every *.example name (alpha.example and other.example alike).

    Knot or authheaders missing: skipped with a warning locally, failed in CI ($env:CI -eq 'true').
#>

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/KnotDns.psm1') -Force
    $missing = @()
    if (-not (Test-KnotDnsAvailable)) { $missing += 'Knot DNS (Debian knot, knot-dnsutils)' }
    # authheaders is a Debian package for the system python; a pyenv python3 on PATH lacks it.
    if (-not (Test-Path -LiteralPath '/usr/bin/python3') -or
        -not (& { & /usr/bin/python3 -c 'import authheaders, spf' 2>$null; $LASTEXITCODE -eq 0 })) {
        $missing += 'authheaders (Debian python3-authheaders and python3-spf, for /usr/bin/python3)'
    }
    $SkipAuthHeaders = $missing.Count -gt 0 -and $env:CI -ne 'true'
    if ($SkipAuthHeaders) {
        Write-Warning ("Skipping the authheaders cross-check: $($missing -join ' and ') not installed. " +
            'Install with: apt-get install -y --no-install-recommends knot knot-dnsutils python3-authheaders python3-spf')
    }

    $good = '192.0.2.10'        # authorised by every SPF record in the zone
    $stranger = '203.0.113.66'  # authorised by none
    # Id; From (the field value; $null for none) and Headers (more fields, e.g. a second From);
    # Sign: DKIM signing domains, in signing order (the last ends up on top); Ip, MailFrom.
    # Expected (RFC 9989): Result, and for pass/fail Policy (p/sp/np before t=y), Disposition,
    # SpfAligned, DkimAligned; Finding for a bad From. Peer + Why: authheaders' recorded answer.
    $Cases = @(
        # The outcomes (RFC 9989 §5.3.4, §5.3.5).
        @{ Id = 'aligned-spf-only'; From = 'Alice <alice@alpha.example>'; Ip = $good; MailFrom = 'bounce@alpha.example'
            Expected = 'pass'; Policy = 'reject'; Disposition = 'none'; SpfAligned = $true; DkimAligned = $false }
        @{ Id = 'aligned-dkim-only'; From = 'Alice <alice@alpha.example>'; Sign = @('alpha.example'); Ip = $stranger; MailFrom = 'bounce@alpha.example'
            Expected = 'pass'; Policy = 'reject'; Disposition = 'none'; SpfAligned = $false; DkimAligned = $true }
        @{ Id = 'both-aligned'; From = 'Alice <alice@alpha.example>'; Sign = @('alpha.example'); Ip = $good; MailFrom = 'bounce@alpha.example'
            Expected = 'pass'; Policy = 'reject'; Disposition = 'none'; SpfAligned = $true; DkimAligned = $true }
        @{ Id = 'neither'; From = 'Alice <alice@alpha.example>'; Ip = $stranger; MailFrom = 'bounce@alpha.example'
            Expected = 'fail'; Policy = 'reject'; Disposition = 'reject'; SpfAligned = $false; DkimAligned = $false }
        @{ Id = 'other-organization'; From = 'Alice <alice@alpha.example>'; Sign = @('other.example'); Ip = $good; MailFrom = 'bounce@other.example'
            Expected = 'fail'; Policy = 'reject'; Disposition = 'reject'; SpfAligned = $false; DkimAligned = $false }
        # §3.2.10.1: subdomains share the Organizational Domain alpha.example.
        @{ Id = 'subdomain-relaxed'; From = 'Alice <alice@alpha.example>'; Sign = @('mail.alpha.example'); Ip = $good; MailFrom = 'bounce@bounce.alpha.example'
            Expected = 'pass'; Policy = 'reject'; Disposition = 'none'; SpfAligned = $true; DkimAligned = $true }
        # §3.2.10.2: strict alignment needs identical names.
        @{ Id = 'subdomain-strict'; From = 'Alice <alice@strict.example>'; Sign = @('mail.strict.example'); Ip = $good; MailFrom = 'bounce@bounce.strict.example'
            Expected = 'fail'; Policy = 'quarantine'; Disposition = 'quarantine'; SpfAligned = $false; DkimAligned = $false }
        @{ Id = 'identical-strict'; From = 'Alice <alice@strict.example>'; Sign = @('strict.example'); Ip = $good; MailFrom = 'bounce@strict.example'
            Expected = 'pass'; Policy = 'quarantine'; Disposition = 'none'; SpfAligned = $true; DkimAligned = $true }
        # §4.7 and §4.10.1: sp for an existing subdomain, np for one that does not exist (§3.2.13).
        @{ Id = 'existing-subdomain-sp'; From = 'Alice <alice@sub.parent.example>'; Ip = $stranger; MailFrom = 'bounce@other.example'
            Expected = 'fail'; Policy = 'quarantine'; Disposition = 'quarantine'; SpfAligned = $false; DkimAligned = $false }
        @{ Id = 'nonexistent-subdomain-np'; From = 'Alice <alice@nx.parent.example>'; Ip = $stranger; MailFrom = 'bounce@other.example'
            Expected = 'fail'; Policy = 'reject'; Disposition = 'reject'; SpfAligned = $false; DkimAligned = $false
            PslDisposition = 'quarantine'; PslWhy = 'RFC 7489 has no np tag (RFC 9989 §4.7 adds it): RFC 7489 discovery applies sp to every subdomain' }
        # §4.7 t=y: the policy one level lower. authheaders has no disposition; it reports p, as Policy is here.
        @{ Id = 'test-mode'; From = 'Alice <alice@testmode.example>'; Ip = $stranger; MailFrom = 'bounce@other.example'
            Expected = 'fail'; Policy = 'reject'; Disposition = 'quarantine'; SpfAligned = $false; DkimAligned = $false }
        # §5.3.2: no record, no DMARC.
        @{ Id = 'no-policy'; From = 'Alice <alice@nodmarc.example>'; Ip = $stranger; MailFrom = 'bounce@nodmarc.example'; Expected = 'none' }
        # §4.4.1: any aligned signature is enough; the aligned one is under another organization's signature.
        @{ Id = 'aligned-signature-below-another'; From = 'Alice <alice@alpha.example>'; Sign = @('alpha.example', 'other.example'); Ip = $stranger; MailFrom = 'bounce@other.example'
            Expected = 'pass'; Policy = 'reject'; Disposition = 'none'; SpfAligned = $false; DkimAligned = $true
            Peer = 'fail'; Why = 'RFC 9989 §4.4.1: "it is considered to produce a DMARC pass result if any DKIM-Authenticated Identifier aligns"; authheaders verifies only the topmost DKIM-Signature (d=other.example)' }
        # §4.10.1, §5.3.6: a DNS failure is not "no record". Knot answers REFUSED for names outside its zone.
        @{ Id = 'policy-query-refused'; From = 'Alice <alice@unserved.invalid>'; Ip = $stranger; MailFrom = 'bounce@other.example'; Expected = 'temperror'
            Peer = 'none'; Why = 'RFC 9989 §4.10.1 (no DMARC only on "any indication that there is no such record as opposed to a transient DNS error") and §5.3.6 (neither pass nor fail); authheaders reads a REFUSED answer (dnspython NoNameservers) as no record' }
        # §5.3.1: a U-label author domain is converted to an A-label.
        @{ Id = 'idn-author-domain'; From = 'Bücher <info@bücher.example>'; Sign = @('xn--bcher-kva.example'); Ip = $stranger; MailFrom = 'bounce@other.example'
            Expected = 'pass'; Policy = 'reject'; Disposition = 'none'; SpfAligned = $false; DkimAligned = $true; AuthorDomain = 'xn--bcher-kva.example'
            Peer = 'none'; Why = 'RFC 9989 §5.3.1: "If the domain is a U-label, the domain MUST be converted to an A-label"; authheaders reads the domain with @([a-z0-9.]+), takes "b" and finds no policy' }
        # Bad From fields: §5.3.1 "If zero or more than one domain is extracted ... DMARC validation is not possible".
        @{ Id = 'no-from'; From = $null; Ip = $good; MailFrom = 'bounce@alpha.example'; Expected = 'permerror'; Finding = 'DmarcEval.NoFrom'
            Peer = 'crash'; Why = 'RFC 9989 §5.3.1 and §4.2: no author domain, validation is not possible; authheaders raises UnboundLocalError (from_domain) for a message without From' }
        @{ Id = 'two-from-fields'; From = 'Alice <alice@alpha.example>'; Headers = "From: Mallory <mallory@other.example>`r`n"; Ip = $stranger; MailFrom = 'bounce@other.example'
            Expected = 'permerror'; Finding = 'DmarcEval.MultipleFromFields'
            Peer = 'fail'; PeerPolicy = 'reject'; Why = 'RFC 9989 §5.3.1 ("the process terminates"; going on is a MAY) and §11.5; authheaders takes the MAY and evaluates each domain, keeping the strictest failing policy (RFC 7489 §6.6.1)' }
        @{ Id = 'two-domains-in-from'; From = 'alice@alpha.example, mallory@other.example'; Ip = $stranger; MailFrom = 'bounce@other.example'
            Expected = 'permerror'; Finding = 'DmarcEval.MultipleAuthorDomains'
            Peer = 'fail'; PeerPolicy = 'reject'; Why = 'RFC 9989 §5.3.1 and §11.5, as for two From fields: authheaders evaluates both domains and keeps alpha.example''s p=reject' }
        @{ Id = 'unparseable-from'; From = 'not an address'; Ip = $good; MailFrom = 'bounce@alpha.example'; Expected = 'permerror'; Finding = 'DmarcEval.UnparseableFrom'
            Peer = 'crash'; Why = 'RFC 9989 §5.3.1: zero domains, validation is not possible; authheaders raises IndexError for a From without @' }
        @{ Id = 'empty-group-from'; From = 'undisclosed-recipients:;'; Ip = $good; MailFrom = 'bounce@alpha.example'; Expected = 'permerror'; Finding = 'DmarcEval.UnparseableFrom'
            Peer = 'crash'; Why = 'RFC 9989 §5.3.1: an empty group (RFC 6854) holds no domain; authheaders raises IndexError' }
    )
}

Describe 'Get-DmarcEvaluation agrees with authheaders over Knot DNS' -Tag 'Integration', 'Dns', 'Dmarc', 'Peer' -Skip:$SkipAuthHeaders -ForEach @(@{ Cases = $Cases }) {
    BeforeAll {
        if (-not $env:MAILAUTHPS_MANIFEST) {
            throw 'MAILAUTHPS_MANIFEST is not set; it must point at the staged MailAuthPS.psd1 (build.ps1 Build).'
        }
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers/KnotDns.psm1') -Force
        # Only reached with something missing when $env:CI is 'true': fail there, loudly.
        if (-not (Test-KnotDnsAvailable)) {
            throw 'Knot DNS (knotd, knotc, kdig) is required in CI: apt-get install -y --no-install-recommends knot knot-dnsutils'
        }
        & /usr/bin/python3 -c 'import authheaders, spf' 2>$null
        if ($LASTEXITCODE -ne 0) { throw 'authheaders is required in CI: apt-get install -y --no-install-recommends python3-authheaders python3-spf' }
        Import-Module $env:MAILAUTHPS_MANIFEST -Force

        # One RSA key, published under every signing domain with the selector 'sel'.
        $keyPath = Join-Path $TestDrive 'sel.pem'
        $key = New-DkimKey -Domain alpha.example -Selector sel -PrivateKeyPath $keyPath
        $keyTxt = Format-ZoneTxtRdata -String $key.Strings
        $signers = 'alpha.example', 'mail.alpha.example', 'strict.example', 'mail.strict.example', 'other.example', 'xn--bcher-kva.example'
        $keys = ($signers | ForEach-Object { "sel._domainkey.$($_ -replace '\.example$', '') IN TXT $keyTxt" }) -join "`n"
        $spf = '"v=spf1 ip4:192.0.2.0/24 -all"'

        # One zone for the whole test: the tree walk's last question (_dmarc.example) gets NXDOMAIN, not REFUSED.
        $zones = @{
            'example' = New-TestZoneText -Apex 'example' -Body @"
; relaxed (the default), p=reject
_dmarc.alpha          IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@alpha.example"
alpha                 IN TXT $spf
bounce.alpha          IN TXT $spf
alpha                 IN A   192.0.2.1
mail.alpha            IN A   192.0.2.2
; strict for both identifiers, p=quarantine
_dmarc.strict         IN TXT "v=DMARC1; p=quarantine; adkim=s; aspf=s"
strict                IN TXT $spf
bounce.strict         IN TXT $spf
; another organization, authenticating its own mail
_dmarc.other          IN TXT "v=DMARC1; p=none"
other                 IN TXT $spf
; p, sp, np; sub.parent exists, nx.parent does not
_dmarc.parent         IN TXT "v=DMARC1; p=none; sp=quarantine; np=reject"
parent                IN A   192.0.2.3
sub.parent            IN A   192.0.2.4
; test mode
_dmarc.testmode       IN TXT "v=DMARC1; p=reject; t=y"
; no DMARC anywhere
nodmarc               IN TXT $spf
; bücher.example
_dmarc.xn--bcher-kva  IN TXT "v=DMARC1; p=reject"
$keys
"@
        }
        $Knot = Start-KnotDns -Zone $zones
        $Dns = $Knot.Endpoint

        # Build, sign and store each message.
        $Paths = @{}
        foreach ($case in $Cases) {
            $text = "$($case.Headers)" +
                $(if ($null -ne $case.From) { "From: $($case.From)`r`n" } else { '' }) +
                "To: Bob <bob@receiver.test>`r`nSubject: DMARC case $($case.Id)`r`nDate: Mon, 1 Jun 2026 10:00:00 +0000`r`n" +
                "Message-ID: <$($case.Id)@sender.test>`r`nMIME-Version: 1.0`r`nContent-Type: text/plain; charset=utf-8`r`n`r`nHello.`r`n"
            [byte[]]$bytes = [System.Text.Encoding]::UTF8.GetBytes($text)
            foreach ($domain in @($case.Sign | Where-Object { $_ })) {
                $bytes = (Add-DkimSignature -Message $bytes -Domain $domain -Selector sel -PrivateKeyPath $keyPath -ErrorAction Stop).Bytes
            }
            $Paths[$case.Id] = Join-Path $TestDrive "$($case.Id).eml"
            [System.IO.File]::WriteAllBytes($Paths[$case.Id], $bytes)
        }

        # authheaders evaluates every case in one process; results are looked up by Id.
        $helper = Join-Path $PSScriptRoot 'TestHelpers/authheaders_check.py'
        $request = @($Cases | ForEach-Object { [ordered]@{ id = $_.Id; path = $Paths[$_.Id]; ip = $_.Ip; mailfrom = $_.MailFrom; helo = 'mail.sender.test' } }) |
            ConvertTo-Json -AsArray -Depth 3
        $output = $request | & /usr/bin/python3 $helper --server $Dns --timeout 3
        if ($LASTEXITCODE -ne 0) { throw "authheaders_check.py failed with exit code $LASTEXITCODE." }
        $PeerResults = @{}
        foreach ($r in (($output -join "`n") | ConvertFrom-Json)) { $PeerResults[$r.id] = $r }

        # Ours, once per case (the Its look at the same result).
        $Ours = @{}
        foreach ($case in $Cases) {
            $Ours[$case.Id] = Get-DmarcEvaluation -LiteralPath $Paths[$case.Id] -ClientIP $case.Ip -MailFrom $case.MailFrom -Helo 'mail.sender.test' `
                -Server $Dns -DnsTimeoutSec 3 -AuthServId mx.receiver.test -ErrorAction Stop
        }
    }

    AfterAll {
        if ($Knot) { Stop-KnotDns $Knot }
    }

    It '<Id>: gives <Expected> (RFC 9989)' -ForEach $Cases {
        $r = $Ours[$Id]
        $r | Should -HaveCount 1
        $because = "$($r.Reason); $($r.AuthenticationResults)"
        "$($r.Result)" | Should -BeExactly $Expected -Because $because
        if ($_.ContainsKey('Policy')) {
            "$($r.RequestedPolicy)" | Should -BeExactly $Policy -Because $because
            "$($r.Disposition)" | Should -BeExactly $Disposition -Because $because
            $r.SpfAligned | Should -Be $SpfAligned -Because $because
            $r.DkimAligned | Should -Be $DkimAligned -Because $because
        }
        else {
            "$($r.Disposition)" | Should -BeExactly 'none' -Because 'no verdict or no policy means no disposition (RFC 9989 §5.3.2, §5.3.6)'
        }
        if ($_.ContainsKey('AuthorDomain')) { $r.AuthorDomain | Should -BeExactly $AuthorDomain }
        if ($_.ContainsKey('Finding')) {
            $r.AuthorDomain | Should -BeNullOrEmpty
            $f = @($r.Findings | Where-Object Id -EQ $Finding)
            $f | Should -HaveCount 1 -Because "a bad From gives $Finding; findings: $(($r.Findings | ForEach-Object Id) -join ', ')"
            "$($f[0].Severity)" | Should -Be 'Error'
            $f[0].Reference | Should -Match 'RFC 9989 §5\.3\.1'
        }
        $r.AuthenticationResults | Should -Match "^mx\.receiver\.test; .*dmarc=$Expected\b" -Because ($r | Format-List * | Out-String)
        foreach ($domain in @($_.Sign | Where-Object { $_ })) {
            $r.DkimResults.Domain | Should -Contain $domain
            ($r.DkimResults | Where-Object Domain -EQ $domain).Result | Should -Be 'pass' -Because 'every signature here is made by Add-DkimSignature and verifies'
        }
    }

    It '<Id>: authheaders gives the same DMARC result' -ForEach $Cases {
        $theirs = $PeerResults[$Id]
        $theirs | Should -Not -BeNullOrEmpty -Because 'authheaders_check.py answers every case'
        $ours = $Ours[$Id]
        if ($_.ContainsKey('Peer')) {
            # A documented difference: ours follows the RFC ($Why), authheaders still answers as recorded.
            "$($ours.Result)" | Should -BeExactly $Expected
            $theirs.dmarc | Should -BeExactly $Peer -Because "the recorded difference ($Why) should still hold; authheaders said: $($theirs.header) $($theirs.problem)"
            if ($_.ContainsKey('PeerPolicy')) { $theirs.policy | Should -BeExactly $PeerPolicy }
        }
        else {
            $theirs.dmarc | Should -BeExactly "$($ours.Result)" -Because "authheaders: $($theirs.header) $($theirs.problem); ours: $($ours.Reason)"
            if ($_.ContainsKey('Policy')) {
                # authheaders' policy.dmarc is the p, sp or np that applies, before t=y (which it does not know).
                $theirs.policy | Should -BeExactly "$($ours.RequestedPolicy)" -Because $theirs.header
                $theirs.header_from | Should -BeExactly $ours.AuthorDomain
            }
        }
    }

    It '<Id>: authheaders gives the same SPF and topmost DKIM results' -ForEach ($Cases | Where-Object { $_.Peer -ne 'crash' }) {
        $theirs = $PeerResults[$Id]
        $ours = $Ours[$Id]
        # pyspf over the same server; RFC 7208 results.
        $theirs.spf | Should -BeExactly $ours.SpfResult -Because $theirs.header
        $signed = @($_.Sign | Where-Object { $_ })
        if ($signed.Count -gt 0) {
            # dkimpy verifies only the topmost signature: the last one added.
            $theirs.dkim | Should -BeExactly "$($ours.DkimResults[0].Result)" -Because $theirs.header
            $theirs.dkim_d | Should -BeExactly $signed[-1]
            $ours.DkimResults[0].Domain | Should -BeExactly $signed[-1]
        }
    }

    It '<Id>: gives the same verdict with the public suffix list (RFC 7489 discovery, as authheaders)' -ForEach $Cases {
        $psl = Get-DmarcEvaluation -LiteralPath $Paths[$Id] -ClientIP $Ip -MailFrom $MailFrom -Helo 'mail.sender.test' -Server $Dns -DnsTimeoutSec 3 `
            -DiscoveryMode PublicSuffixList -ErrorAction Stop
        "$($psl.Result)" | Should -BeExactly "$($Ours[$Id].Result)" -Because $psl.Reason
        if ($_.ContainsKey('PslDisposition')) { "$($psl.Disposition)" | Should -BeExactly $PslDisposition -Because $PslWhy }
        else { "$($psl.Disposition)" | Should -BeExactly "$($Ours[$Id].Disposition)" }
    }
}
