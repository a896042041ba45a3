<#
    The audit-at-scale scenario, shared by MailDomain.Scale.Tests.ps1 and bench/Invoke-Benchmarks.ps1:
    a generated zone of N mail domains with varied records (New-AuditScaleZone), served by Knot on
    127.0.0.1 behind dns_fault_proxy.py (which counts every question and can fail chosen names).
#>

$script:Key = 'v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo='

function Get-AuditScaleDomain {
    # d00001.scale.test ... in order.
    param([Parameter(Mandatory)][int]$Count)
    foreach ($i in 1..$Count) { 'd{0:D5}.scale.test' -f $i }
}

function Get-AuditScaleExpectation {
    <#
    .SYNOPSIS
        What New-AuditScaleZone published for domain number $Index, so tests can check the audit
        against the zone's construction rather than against the module's own output.
    #>
    param([Parameter(Mandatory)][int]$Index)
    [pscustomobject]@{
        Spf   = if ($Index % 13 -eq 0) { 'none' } elseif ($Index % 17 -eq 0) { 'permerror' } else { 'found' }
        Dmarc = if ($Index % 11 -eq 0) { 'missing' } else { @('reject', 'quarantine', 'none')[$Index % 3] }
        Dkim  = $Index % 5 -ne 0
    }
}

function New-AuditScaleZone {
    <#
    .SYNOPSIS
        Zone text for scale.test: a shared provider (MX host, SPF include) and $Count domains whose
        records vary by number: SPF missing for every 13th, two SPF records (permerror) for every 17th,
        DMARC missing for every 11th and p= cycling reject/quarantine/none, selector1 DKIM key missing
        for every 5th.
    #>
    param([Parameter(Mandatory)][int]$Count)
    $sb = [System.Text.StringBuilder]::new()
    $null = $sb.AppendLine('$ORIGIN scale.test.').AppendLine('$TTL 3600')
    $null = $sb.AppendLine('@ IN SOA ns1 hostmaster 1 3600 600 86400 3600').AppendLine('@ IN NS ns1').AppendLine('ns1 IN A 127.0.0.1')
    $null = $sb.AppendLine('mx1.provider IN A 192.0.2.25').AppendLine('mx2.provider IN A 192.0.2.26')
    $null = $sb.AppendLine('_spf.provider IN TXT "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -all"')
    foreach ($i in 1..$Count) {
        $d = 'd{0:D5}' -f $i
        $e = Get-AuditScaleExpectation -Index $i
        $null = $sb.AppendLine("$d IN MX 10 mx1.provider").AppendLine("$d IN MX 20 mx2.provider")
        if ($e.Spf -ne 'none') { $null = $sb.AppendLine("$d IN TXT `"v=spf1 include:_spf.provider.scale.test -all`"") }
        if ($e.Spf -eq 'permerror') { $null = $sb.AppendLine("$d IN TXT `"v=spf1 ~all`"") }
        if ($e.Dmarc -ne 'missing') { $null = $sb.AppendLine("_dmarc.$d IN TXT `"v=DMARC1; p=$($e.Dmarc); rua=mailto:dmarc@$d.scale.test`"") }
        if ($e.Dkim) { $null = $sb.AppendLine("selector1._domainkey.$d IN TXT `"$script:Key`"") }
    }
    $sb.ToString()
}

function Start-DnsFaultProxy {
    <#
    .SYNOPSIS
        Starts dns_fault_proxy.py on a free port in front of -UpstreamPort; returns Port, Process, StatsPath.
        The port is free for UDP and TCP, so a TCP retry after truncation is refused.
    #>
    param(
        [Parameter(Mandatory)][int]$UpstreamPort,
        [Parameter(Mandatory)][string]$StatsPath,
        [string[]]$ServFail = @(),
        [string[]]$Drop = @(),
        [string[]]$Refuse = @(),
        # MODE=SUFFIX pairs, see dns_fault_proxy.py (delay:MS, truncate, badid, badname, garbage...).
        [string[]]$Fault = @()
    )
    for ($try = 0; ; $try++) {
        $listener = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
        $port = $listener.Client.LocalEndPoint.Port
        $tcp = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, $port)
        try { $tcp.Start(); $tcp.Stop(); $listener.Dispose(); break }
        catch { $listener.Dispose(); if ($try -ge 20) { throw } }
    }
    $script = Join-Path $PSScriptRoot 'dns_fault_proxy.py'
    $argList = @($script, '--listen', $port, '--upstream', $UpstreamPort, '--stats', $StatsPath)
    if ($ServFail) { $argList += @('--servfail') + $ServFail }
    if ($Drop) { $argList += @('--drop') + $Drop }
    if ($Refuse) { $argList += @('--refuse') + $Refuse }
    foreach ($f in $Fault) { $argList += @('--fault', $f) }
    $psi = [System.Diagnostics.ProcessStartInfo]::new('/usr/bin/python3')
    foreach ($a in $argList) { $psi.ArgumentList.Add([string]$a) }
    $psi.RedirectStandardOutput = $true
    $psi.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($psi)
    $line = $process.StandardOutput.ReadLine()
    if ($line -ne 'ready') { throw "dns_fault_proxy.py did not start: $line" }
    [pscustomobject]@{ Port = $port; Process = $process; StatsPath = $StatsPath; Endpoint = "127.0.0.1:$port" }
}

function Stop-DnsFaultProxy {
    <#
    .SYNOPSIS
        Stops the proxy (SIGTERM, so it writes its counts) and returns the counts: "name TYPE" -> questions.
    #>
    param([Parameter(Mandatory)][psobject]$Proxy)
    if (-not $Proxy.Process.HasExited) {
        & kill -TERM $Proxy.Process.Id
        if (-not $Proxy.Process.WaitForExit(10000)) { $Proxy.Process.Kill() }
    }
    if (Test-Path -LiteralPath $Proxy.StatsPath) { Get-Content -Raw $Proxy.StatsPath | ConvertFrom-Json -AsHashtable } else { @{} }
}

Export-ModuleMember -Function Get-AuditScaleDomain, Get-AuditScaleExpectation, New-AuditScaleZone, Start-DnsFaultProxy, Stop-DnsFaultProxy
