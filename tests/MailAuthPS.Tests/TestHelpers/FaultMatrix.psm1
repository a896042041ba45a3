<#
    Fixtures for FaultMatrix.Tests.ps1: one domain per DNS fault under fault.test, each with the
    same complete mail setup (MX, SPF, DMARC, DKIM key, MTA-STS, TLS-RPT, BIMI, a PTR), so that a
    cmdlet run for <fault>.fault.test meets that fault on every question it asks, and a run for
    healthy.fault.test shows what the answer is without one.
#>

# Fault name -> dns_fault_proxy.py mode. delay-long outlasts both attempts of a 1 s timeout;
# delay-retry answers each attempt after it timed out but while the retry is waiting, so a late
# answer to the first attempt must not be taken for the second's; delay-short is well inside one.
$script:Faults = [ordered]@{
    'healthy'     = $null
    'drop'        = 'drop'
    'delay-long'  = 'delay:3000'
    'delay-retry' = 'delay:1500'
    'delay-short' = 'delay:200'
    'servfail'    = 'servfail'
    'refused'     = 'refuse'
    'truncated'   = 'truncate'
    'badid'       = 'badid'
    'badname'     = 'badname'
    'garbage'     = 'garbage'
}

function Get-FaultMatrixFault { $script:Faults }

function Get-FaultMatrixSourceIP {
    # One report source address per fault, for the PTR questions of Measure-DmarcReport.
    param([Parameter(Mandatory)][string]$Fault)
    $i = [array]::IndexOf(@($script:Faults.Keys), $Fault)
    "192.0.2.$(10 + $i)"
}

function Get-FaultMatrixProxyFault {
    # MODE=SUFFIX arguments for Start-DnsFaultProxy: the fault domain and its PTR name.
    foreach ($f in $script:Faults.Keys) {
        $mode = $script:Faults[$f]
        if (-not $mode) { continue }
        "$mode=$f.fault.test"
        $ip = (Get-FaultMatrixSourceIP $f).Split('.')
        "$mode=$($ip[3]).$($ip[2]).$($ip[1]).$($ip[0]).in-addr.arpa"
    }
}

function New-FaultMatrixZone {
    <#
    .SYNOPSIS
        Zone texts (apex -> text) for Start-KnotDns: fault.test and 2.0.192.in-addr.arpa.
    #>
    param([Parameter(Mandatory)][string]$DkimRecord)
    $sb = [System.Text.StringBuilder]::new()
    $dkim = ($DkimRecord -split '(.{1,200})' | Where-Object { $_ } | ForEach-Object { '"' + $_ + '"' }) -join ' '
    foreach ($f in $script:Faults.Keys) {
        $d = "$f.fault.test."
        $null = $sb.AppendLine("$d IN MX 10 mx.$d")
        # 127.0.0.3: nothing listens there, so a probe or fetch is refused at once and stays local.
        $null = $sb.AppendLine("mx.$d IN A 127.0.0.3")
        $null = $sb.AppendLine("$d IN TXT `"v=spf1 ip4:192.0.2.0/24 -all`"")
        $null = $sb.AppendLine("_dmarc.$d IN TXT `"v=DMARC1; p=reject; rua=mailto:dmarc@$f.fault.test`"")
        $null = $sb.AppendLine("sel._domainkey.$d IN TXT ( $dkim )")
        $null = $sb.AppendLine("_mta-sts.$d IN TXT `"v=STSv1; id=2026112801`"")
        $null = $sb.AppendLine("mta-sts.$d IN A 127.0.0.3")
        $null = $sb.AppendLine("_smtp._tls.$d IN TXT `"v=TLSRPTv1; rua=mailto:tls@$f.fault.test`"")
        $null = $sb.AppendLine("default._bimi.$d IN TXT `"v=BIMI1; l=https://$f.fault.test/logo.svg`"")
    }
    $ptr = [System.Text.StringBuilder]::new()
    foreach ($f in $script:Faults.Keys) {
        $last = (Get-FaultMatrixSourceIP $f).Split('.')[3]
        $null = $ptr.AppendLine("$last IN PTR mx.$f.fault.test.")
    }
    @{
        # 'test' too: the DMARC tree walk asks _dmarc.test, which must be NXDOMAIN, not REFUSED.
        'test'                 = (New-TestZoneText -Apex 'test')
        'fault.test'           = (New-TestZoneText -Apex 'fault.test' -Body $sb.ToString())
        '2.0.192.in-addr.arpa' = (New-TestZoneText -Apex '2.0.192.in-addr.arpa' -Body $ptr.ToString())
    }
}

function New-FaultMatrixMessage {
    <#
    .SYNOPSIS
        A plain message from user@DOMAIN (CRLF), for signing and sealing.
    #>
    param([Parameter(Mandatory)][string]$Domain)
    ("From: User <user@$Domain>", "To: someone@example.net", "Subject: fault matrix", "Date: Sat, 28 Nov 2026 07:00:00 +0000",
     "Message-ID: <$([guid]::NewGuid().ToString('n'))@$Domain>", '', 'Hello.', '') -join "`r`n"
}

function New-FaultMatrixDmarcReport {
    <#
    .SYNOPSIS
        A DMARC aggregate report (RFC 7489 appendix C form) with one failing record from SOURCEIP.
    #>
    param([Parameter(Mandatory)][string]$SourceIP, [string]$Domain = 'healthy.fault.test')
@"
<?xml version="1.0" encoding="UTF-8"?>
<feedback>
  <report_metadata><org_name>reporter.example</org_name><email>r@reporter.example</email>
    <report_id>fm-$SourceIP</report_id><date_range><begin>1795651200</begin><end>1795737599</end></date_range></report_metadata>
  <policy_published><domain>$Domain</domain><adkim>r</adkim><aspf>r</aspf><p>reject</p><sp>reject</sp><pct>100</pct></policy_published>
  <record>
    <row><source_ip>$SourceIP</source_ip><count>3</count>
      <policy_evaluated><disposition>reject</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row>
    <identifiers><header_from>$Domain</header_from></identifiers>
    <auth_results><spf><domain>$Domain</domain><result>fail</result></spf></auth_results>
  </record>
</feedback>
"@
}


function Get-FaultMatrixCell {
    <#
    .SYNOPSIS
        The cmdlets that resolve names, each as a script run for one fault domain ($D, with $C the
        context: Server, Timeout, Work, Key), a script that reduces its output ($O) to the word the
        matrix shows, the word expected without a fault (from how New-FaultMatrixZone built the
        zone) and the word expected under every fault, with the rule that says so.
    #>
    $dns = '-Server $C.Server -DnsTimeoutSec $C.Timeout'
    $t = 'RFC 7208 §2.6.6'
    @(
        @{ Cmdlet = 'Get-SpfRecord';       Healthy = 'found'; Fault = 'temperror'; Rule = 'RFC 7208 §4.4'
           Run = "Get-SpfRecord `$D $dns"; Status = '$O.Status' }
        @{ Cmdlet = 'Test-SpfRecord';      Healthy = 'found'; Fault = 'temperror'; Rule = 'RFC 7208 §4.4'
           Run = "Test-SpfRecord `$D $dns"; Status = '$O.Status' }
        @{ Cmdlet = 'Resolve-SpfRecord';   Healthy = 'found'; Fault = 'temperror'; Rule = 'RFC 7208 §4.4'
           Run = "Resolve-SpfRecord `$D $dns"; Status = '$O.Status' }
        # 192.0.2.10 is inside the record's ip4:192.0.2.0/24.
        @{ Cmdlet = 'Get-SpfEvaluation';   Healthy = 'pass'; Fault = 'temperror'; Rule = 'RFC 7208 §4.4, §2.6.6'
           Run = "Get-SpfEvaluation 192.0.2.10 user@`$D $dns"; Status = '$O.Result' }
        @{ Cmdlet = 'Get-DkimRecord';      Healthy = 'found'; Fault = 'temperror'; Rule = 'RFC 6376 §6.1.2'
           Run = "Get-DkimRecord `$D sel $dns"; Status = '$O.Status' }
        @{ Cmdlet = 'Test-DkimRecord';     Healthy = 'found'; Fault = 'temperror'; Rule = 'RFC 6376 §6.1.2'
           Run = "Test-DkimRecord `$D sel $dns"; Status = '$O.Status' }
        @{ Cmdlet = 'Test-DkimSignature';  Healthy = 'pass'; Fault = 'temperror'; Rule = 'RFC 6376 §6.1.2, RFC 8601 §2.7.1'
           Run = "Test-DkimSignature (Join-Path `$C.Work `"signed-`$D.eml`") $dns"; Status = '$O.Result' }
        @{ Cmdlet = 'Get-DmarcRecord';     Healthy = 'found'; Fault = 'temperror'; Rule = 'RFC 9989 §4.10'
           Run = "Get-DmarcRecord `$D $dns"; Status = '$O.Status' }
        @{ Cmdlet = 'Test-DmarcRecord';    Healthy = 'found'; Fault = 'temperror'; Rule = 'RFC 9989 §4.10'
           Run = "Test-DmarcRecord `$D $dns"; Status = '$O.Status' }
        # SPF passes aligned and the author domain's own signature verifies.
        @{ Cmdlet = 'Get-DmarcEvaluation'; Healthy = 'pass'; Fault = 'temperror'; Rule = 'RFC 9989 §5.3'
           Run = "Get-DmarcEvaluation (Join-Path `$C.Work `"signed-`$D.eml`") -ClientIP 192.0.2.10 -MailFrom user@`$D $dns"; Status = '$O.Result' }
        # ARC has no temperror: a DNS failure fails the chain; the set keeps the DKIM-style reason.
        @{ Cmdlet = 'Test-ArcChain';       Healthy = 'pass ams=pass'; Fault = 'fail ams=temperror'; Rule = 'RFC 8617 §5.2.1'
           Run = "Test-ArcChain (Join-Path `$C.Work `"sealed-`$D.eml`") $dns"
           Status = '"$($O.ChainResult) " + ([regex]::Match("$($O.Sets[0])", "ams=\S+").Value)' }
        # The sealer's own checks of the message (SPF for -MailFrom, DKIM, DMARC) go into its AAR.
        @{ Cmdlet = 'Add-ArcSeal';         Healthy = 'spf=pass dkim=pass dmarc=pass'; Fault = 'spf=temperror dkim=temperror dmarc=temperror'; Rule = 'RFC 8617 §5.1, RFC 8601 §2.7'
           Run = "Add-ArcSeal (Join-Path `$C.Work `"signed-`$D.eml`") -Domain healthy.fault.test -Selector sel -PrivateKeyPath `$C.Key -AuthServId mx.healthy.fault.test -ClientIP 192.0.2.10 -MailFrom user@`$D $dns"
           Status = '([regex]::Matches($O.AuthenticationResultsHeader, "\b(spf|dkim|dmarc)=\w+") | ForEach-Object Value) -join " "' }
        @{ Cmdlet = 'Get-MtaStsPolicy';    Healthy = 'found'; Fault = 'temperror'; Rule = 'RFC 8461 §3.1, §5'
           Run = "Get-MtaStsPolicy `$D -TimeoutSec 2 $dns"; Status = '$O.Status' }
        @{ Cmdlet = 'Test-MtaStsPolicy';   Healthy = 'found'; Fault = 'temperror'; Rule = 'RFC 8461 §3.1, §5'
           Run = "Test-MtaStsPolicy `$D -TimeoutSec 2 $dns"; Status = '$O.Status' }
        @{ Cmdlet = 'Get-TlsRptRecord';    Healthy = 'found'; Fault = 'temperror'; Rule = 'RFC 8460 §3'
           Run = "Get-TlsRptRecord `$D $dns"; Status = '$O.Status' }
        @{ Cmdlet = 'Get-BimiRecord';      Healthy = 'found'; Fault = 'temperror'; Rule = 'BIMI draft-10 §7.2'
           Run = "Get-BimiRecord `$D $dns"; Status = '$O.Status' }
        # The MX host resolves to 127.0.0.3, where nothing listens.
        @{ Cmdlet = 'Test-SmtpTls';        Healthy = 'unreachable'; Fault = 'temperror'; Rule = 'RFC 5321 §5.1, RFC 7672 §2.2'
           Run = "Test-SmtpTls `$D -TimeoutSec 2 $dns"; Status = '$O.Status' }
        @{ Cmdlet = 'Test-MailDomain';     Healthy = 'pass'; Fault = 'temperror'; Rule = 'docs/scoring.md'
           Run = "Test-MailDomain `$D -Check Mx,Spf,Dmarc,Dkim -DkimSelector sel $dns"; Status = '$O.Status' }
        @{ Cmdlet = 'Measure-DmarcReport'; Healthy = 'found'; Fault = 'temperror'; Rule = 'RFC 1035 §3.5'
           Run = "Import-DmarcReport (Join-Path `$C.Work `"report-`$D.xml`") | Measure-DmarcReport -ResolveSourceName $dns"
           Status = '$O.BySourceIP[0].HostNameStatus' }
    )
}

function Invoke-FaultMatrix {
    <#
    .SYNOPSIS
        Runs every cell (cmdlet x fault) in its own call, several at a time, and returns one record per
        cell: what the call wrote, its error records, a terminating error if any, and its time.
    #>
    param(
        [Parameter(Mandatory)][string]$Manifest,
        [Parameter(Mandatory)][hashtable]$Context,
        [int]$ThrottleLimit = 6
    )
    $jobs = foreach ($cell in Get-FaultMatrixCell) {
        foreach ($fault in $script:Faults.Keys) {
            [pscustomobject]@{ Cell = $cell; Fault = $fault }
        }
    }
    $jobs | ForEach-Object -ThrottleLimit $ThrottleLimit -Parallel {
        $cell = $_.Cell
        Import-Module $using:Manifest
        $C = $using:Context
        $D = "$($_.Fault).fault.test"
        $errors = [System.Collections.Generic.List[string]]::new()
        $statuses = [System.Collections.Generic.List[string]]::new()
        $terminating = $null
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        $out = @()
        try {
            $ErrorActionPreference = 'Continue'
            $all = @(& ([scriptblock]::Create($cell.Run)) 2>&1 3>$null)
            $out = @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
            foreach ($e in $all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) { $errors.Add($e.FullyQualifiedErrorId) }
        }
        catch { $terminating = "$($_.FullyQualifiedErrorId): $_" }
        $sw.Stop()
        foreach ($O in $out) { $statuses.Add([string](& ([scriptblock]::Create($cell.Status)))) }
        $expected = if ($_.Fault -in 'healthy', 'delay-short') { $cell.Healthy } else { $cell.Fault }
        [pscustomobject]@{
            Cmdlet      = $cell.Cmdlet
            Fault       = $_.Fault
            Expected    = $expected
            Rule        = $cell.Rule
            Status      = if ($statuses.Count -eq 1) { $statuses[0] } else { $statuses -join ' | ' }
            Outputs     = $out.Count
            Errors      = @($errors)
            Terminating = $terminating
            ElapsedMs   = [int]$sw.ElapsedMilliseconds
        }
    }
}

Export-ModuleMember -Function Get-FaultMatrixFault, Get-FaultMatrixSourceIP, Get-FaultMatrixProxyFault, New-FaultMatrixZone, New-FaultMatrixMessage, New-FaultMatrixDmarcReport, Get-FaultMatrixCell, Invoke-FaultMatrix
