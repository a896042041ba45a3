#Requires -Version 7.2
<#
    Test helpers for the transport checks: a test CA and server certificates made with openssl,
    nginx serving HTTPS on 127.0.0.1:443, Postfix with STARTTLS on 127.0.0.1:25 (and more ports),
    and a tiny SMTP listener that breaks the TLS handshake on purpose. Every server runs from a
    configuration in a work directory and binds to loopback only; nothing here touches another host.
    Binding ports 443 and 25 needs root (the tests run as root on the build machines).
#>
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

function Find-TransportTool {
    # The full path of a program, also from sbin folders that a non-root PATH often omits.
    param([Parameter(Mandatory)][string]$Name)
    $cmd = Get-Command -Name $Name -CommandType Application -ErrorAction Ignore | Select-Object -First 1
    if ($cmd) { return $cmd.Source }
    foreach ($dir in '/usr/sbin', '/sbin', '/usr/local/sbin') {
        $p = Join-Path $dir $Name
        if (Test-Path -LiteralPath $p -PathType Leaf) { return $p }
    }
    $null
}

function Test-TransportServersAvailable {
    <#
    .SYNOPSIS
        $true when openssl, nginx, postfix and python3 are installed and the process may bind ports below 1024.
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param()
    foreach ($tool in 'openssl', 'nginx', 'postfix', 'python3') {
        if (-not (Find-TransportTool $tool)) { return $false }
    }
    (& id -u) -eq '0'
}

function Invoke-OpenSsl {
    param([Parameter(Mandatory)][string[]]$Arguments)
    $openssl = Find-TransportTool openssl
    $out = & $openssl @Arguments 2>&1
    if ($LASTEXITCODE -ne 0) { throw "openssl $($Arguments -join ' ') failed: $($out -join "`n")" }
    $out | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] }
}

function New-TestPki {
    <#
    .SYNOPSIS
        Makes a test CA (EC P-256) in -Directory and returns an object for New-TestCertificate.
    .OUTPUTS
        Directory, CaCertificate (PEM path), CaKey, Config (for 'openssl ca').
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)][string]$Directory)
    $dir = Join-Path $Directory 'pki'
    $null = New-Item -ItemType Directory -Force -Path $dir, (Join-Path $dir 'newcerts')
    Set-Content -LiteralPath (Join-Path $dir 'index.txt') -Value $null -NoNewline
    Set-Content -LiteralPath (Join-Path $dir 'serial') -Value '1000'
    $config = Join-Path $dir 'ca.cnf'
    Set-Content -LiteralPath $config -Value @"
[ ca ]
default_ca = testca
[ testca ]
dir = $dir
database = `$dir/index.txt
new_certs_dir = `$dir/newcerts
serial = `$dir/serial
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
[ anything ]
commonName = supplied
organizationName = optional
"@
    $caKey = Join-Path $dir 'ca.key'
    $caCert = Join-Path $dir 'ca.crt'
    Invoke-OpenSsl @('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', $caKey, '-out', $caCert,
        '-days', '30', '-subj', '/O=MailAuthPS tests/CN=MailAuthPS Test CA', '-addext', 'basicConstraints=critical,CA:TRUE',
        '-addext', 'keyUsage=critical,keyCertSign,cRLSign') | Out-Null
    [pscustomobject]@{ Directory = $dir; CaCertificate = $caCert; CaKey = $caKey; Config = $config }
}

function New-TestCertificate {
    <#
    .SYNOPSIS
        A server certificate for -DnsName, issued by the test CA (or self-signed with -SelfSigned).
    .PARAMETER NotBefore
        Start of validity (UTC); default one day ago.
    .PARAMETER NotAfter
        End of validity (UTC); default in 20 days.
    .PARAMETER Extension
        Extra lines for the openssl extension section (e.g. a logotype extension).
    .OUTPUTS
        Name, Key, Certificate (leaf PEM), Chain (leaf + CA PEM).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][psobject]$Pki,
        [Parameter(Mandatory)][string]$Name,
        [Parameter(Mandatory)][string[]]$DnsName,
        [datetime]$NotBefore = [datetime]::UtcNow.AddDays(-1),
        [datetime]$NotAfter = [datetime]::UtcNow.AddDays(20),
        [string[]]$Extension = @(),
        [string]$ExtendedKeyUsage = 'serverAuth',
        [switch]$SelfSigned
    )
    $dir = $Pki.Directory
    $key = Join-Path $dir "$Name.key"
    $csr = Join-Path $dir "$Name.csr"
    $crt = Join-Path $dir "$Name.crt"
    $chain = Join-Path $dir "$Name.chain.pem"
    $ext = Join-Path $dir "$Name.ext"
    $san = ($DnsName | ForEach-Object { "DNS:$_" }) -join ','
    Set-Content -LiteralPath $ext -Value (@('[ v3 ]', "subjectAltName = $san", 'basicConstraints = CA:FALSE',
            'keyUsage = critical,digitalSignature,keyEncipherment', "extendedKeyUsage = $ExtendedKeyUsage") + $Extension)
    Invoke-OpenSsl @('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', $key, '-out', $csr,
        '-subj', "/O=MailAuthPS tests/CN=$($DnsName[0])") | Out-Null
    $start = $NotBefore.ToUniversalTime().ToString('yyyyMMddHHmmss') + 'Z'
    $end = $NotAfter.ToUniversalTime().ToString('yyyyMMddHHmmss') + 'Z'
    if ($SelfSigned) {
        Invoke-OpenSsl @('ca', '-batch', '-config', $Pki.Config, '-selfsign', '-keyfile', $key, '-in', $csr, '-out', $crt,
            '-startdate', $start, '-enddate', $end, '-extfile', $ext, '-extensions', 'v3', '-notext') | Out-Null
        Copy-Item -LiteralPath $crt -Destination $chain
    }
    else {
        Invoke-OpenSsl @('ca', '-batch', '-config', $Pki.Config, '-cert', $Pki.CaCertificate, '-keyfile', $Pki.CaKey, '-in', $csr, '-out', $crt,
            '-startdate', $start, '-enddate', $end, '-extfile', $ext, '-extensions', 'v3', '-notext') | Out-Null
        Set-Content -LiteralPath $chain -Value ((Get-Content -Raw -LiteralPath $crt) + (Get-Content -Raw -LiteralPath $Pki.CaCertificate)) -NoNewline
    }
    [pscustomobject]@{ Name = $Name; Key = $key; Certificate = $crt; Chain = $chain }
}

function Get-TlsaData {
    <#
    .SYNOPSIS
        TLSA association data for a PEM certificate, computed by openssl (independent of the module).
    .PARAMETER Selector
        0 full certificate, 1 SubjectPublicKeyInfo.
    .PARAMETER MatchingType
        0 exact, 1 SHA-256, 2 SHA-512.
    .OUTPUTS
        Lower-case hexadecimal.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)][string]$Certificate, [ValidateSet(0, 1)][int]$Selector, [ValidateSet(0, 1, 2)][int]$MatchingType)
    $der = [System.IO.Path]::GetTempFileName()
    try {
        if ($Selector -eq 0) {
            Invoke-OpenSsl @('x509', '-in', $Certificate, '-outform', 'DER', '-out', $der) | Out-Null
        }
        else {
            $pub = "$der.pub"
            Invoke-OpenSsl @('x509', '-in', $Certificate, '-noout', '-pubkey', '-out', $pub) | Out-Null
            Invoke-OpenSsl @('pkey', '-pubin', '-in', $pub, '-outform', 'DER', '-out', $der) | Out-Null
            Remove-Item -LiteralPath $pub
        }
        if ($MatchingType -eq 0) {
            return [System.Convert]::ToHexString([System.IO.File]::ReadAllBytes($der)).ToLowerInvariant()
        }
        $alg = @{ 1 = '-sha256'; 2 = '-sha512' }[$MatchingType]
        $line = Invoke-OpenSsl @('dgst', $alg, '-r', $der)
        (($line -join '') -split ' ')[0].ToLowerInvariant()
    }
    finally {
        Remove-Item -LiteralPath $der -ErrorAction Ignore
    }
}

function Wait-TcpPort {
    # Returns when 127.0.0.1:Port accepts a connection; throws after the timeout.
    param([int]$Port, [int]$TimeoutSec = 15, $Process, [string]$What)
    $deadline = [datetime]::UtcNow.AddSeconds($TimeoutSec)
    while ($true) {
        $client = [System.Net.Sockets.TcpClient]::new()
        try {
            $client.Connect('127.0.0.1', $Port)
            return
        }
        catch [System.Net.Sockets.SocketException] { }
        finally { $client.Dispose() }
        if ($Process -and $Process.HasExited) { throw "$What exited with code $($Process.ExitCode) before listening on port $Port." }
        if ([datetime]::UtcNow -gt $deadline) { throw "$What did not listen on 127.0.0.1:$Port within $TimeoutSec s." }
        Start-Sleep -Milliseconds 100
    }
}

function Assert-TcpPortFree {
    # A server already on the port (a system nginx or Postfix) would answer in place of the test's own.
    param([int[]]$Port, [string]$What)
    foreach ($p in $Port) {
        $client = [System.Net.Sockets.TcpClient]::new()
        try {
            $client.Connect('127.0.0.1', $p)
            throw "127.0.0.1:$p is already in use, so the test's $What cannot listen there. Stop the program on that port (a system service? 'ss -ltnp sport = :$p')."
        }
        catch [System.Net.Sockets.SocketException] { }
        finally { $client.Dispose() }
    }
}

function Start-TestNginx {
    <#
    .SYNOPSIS
        Starts nginx on 127.0.0.1:443 with the given server blocks (text inside http { }).
    .PARAMETER ServerBlock
        nginx 'server { ... }' blocks; each must 'listen 127.0.0.1:443 ssl;'.
    .OUTPUTS
        Process, Directory, ErrorLog. Pass it to Stop-TestNginx.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)][string]$Directory, [Parameter(Mandatory)][string[]]$ServerBlock)
    $nginx = Find-TransportTool nginx
    Assert-TcpPortFree -Port 443 -What 'nginx'
    $dir = Join-Path $Directory 'nginx'
    $null = New-Item -ItemType Directory -Force -Path $dir, (Join-Path $dir 'tmp'), (Join-Path $dir 'logs')
    $conf = Join-Path $dir 'nginx.conf'
    $errorLog = Join-Path $dir 'logs/error.log'
    Set-Content -LiteralPath $conf -Value @"
# Generated by TransportServers.psm1 for one test run.
daemon off;
master_process on;
worker_processes 1;
user root;
pid $dir/nginx.pid;
error_log $errorLog warn;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    default_type application/octet-stream;
    types { text/plain txt; image/svg+xml svg; application/x-pem-file pem; }
$($ServerBlock -join "`n")
}
"@
    $out = Join-Path $dir 'logs/stdout.log'
    $process = Start-Process -FilePath $nginx -ArgumentList @('-p', $dir, '-c', $conf, '-e', $errorLog) -PassThru `
        -RedirectStandardOutput $out -RedirectStandardError (Join-Path $dir 'logs/stderr.log')
    try { Wait-TcpPort -Port 443 -Process $process -What 'nginx' }
    catch {
        $log = Get-Content -Raw -LiteralPath $errorLog, (Join-Path $dir 'logs/stderr.log') -ErrorAction Ignore
        if (-not $process.HasExited) { $process.Kill() }
        throw "$_`n$log"
    }
    [pscustomobject]@{ Process = $process; Directory = $dir; ErrorLog = $errorLog }
}

function Stop-TestNginx {
    <# .SYNOPSIS Stops an nginx from Start-TestNginx (its own process tree only). $null is ignored. #>
    [CmdletBinding()]
    param([Parameter(Position = 0)][AllowNull()][psobject]$Server)
    if ($null -eq $Server -or $Server.Process.HasExited) { return }
    $Server.Process.Kill($true)
    $null = $Server.Process.WaitForExit(5000)
}

function Start-TestPostfix {
    <#
    .SYNOPSIS
        Starts a private Postfix instance (config, queue and data in -Directory) with smtpd listeners on 127.0.0.1.
    .PARAMETER Listener
        Hashtable: port -> extra '-o name=value' settings (string[]) for that smtpd. The instance-wide
        certificate is -Chain/-Key; a listener can override smtpd_tls_chain_files or smtpd_tls_security_level.
    .OUTPUTS
        ConfigDirectory, Ports. Pass it to Stop-TestPostfix.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][string]$Directory,
        [Parameter(Mandatory)][string]$Key,
        [Parameter(Mandatory)][string]$Chain,
        [Parameter(Mandatory)][hashtable]$Listener,
        [string]$HostName = 'mx.tls.test'
    )
    $postfix = Find-TransportTool postfix
    Assert-TcpPortFree -Port ([int[]]@($Listener.Keys)) -What 'Postfix'
    $dir = Join-Path $Directory 'postfix'
    $config = Join-Path $dir 'etc'
    $queue = Join-Path $dir 'queue'
    $data = Join-Path $dir 'data'
    $null = New-Item -ItemType Directory -Force -Path $config, $queue, $data
    # Postfix insists that these belong to its own accounts.
    & chown postfix $data
    # One file holding key then certificates, the form smtpd_tls_chain_files accepts.
    $bundle = Join-Path $config 'server.pem'
    Set-Content -LiteralPath $bundle -Value ((Get-Content -Raw -LiteralPath $Key) + (Get-Content -Raw -LiteralPath $Chain)) -NoNewline
    Set-Content -LiteralPath (Join-Path $config 'main.cf') -Value @"
# Generated by TransportServers.psm1 for one test run: receives nothing, relays nothing.
compatibility_level = 3.6
queue_directory = $queue
data_directory = $data
myhostname = $HostName
mydestination =
relay_domains =
mynetworks = 127.0.0.0/8
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
smtpd_relay_restrictions = reject
smtpd_recipient_restrictions = reject
smtpd_tls_security_level = may
smtpd_tls_chain_files = $bundle
smtpd_tls_loglevel = 0
maillog_file_prefixes = $dir
maillog_file = $dir/maillog
alias_maps =
alias_database =
smtpd_banner = `$myhostname ESMTP MailAuthPS test
"@
    $lines = foreach ($port in $Listener.Keys | Sort-Object) {
        $opts = @($Listener[$port]) | ForEach-Object { "  -o $_" }
        "127.0.0.1:$port inet n - n - - smtpd"
        $opts
    }
    # Only what an smtpd needs; no delivery agents run.
    Set-Content -LiteralPath (Join-Path $config 'master.cf') -Value (@($lines) + @(
            'pickup    unix  n       -       n       60      1       pickup',
            'cleanup   unix  n       -       n       -       0       cleanup',
            'qmgr      unix  n       -       n       300     1       qmgr',
            'tlsmgr    unix  -       -       n       1000?   1       tlsmgr',
            'rewrite   unix  -       -       n       -       -       trivial-rewrite',
            'bounce    unix  -       -       n       -       0       bounce',
            'defer     unix  -       -       n       -       0       bounce',
            'trace     unix  -       -       n       -       0       bounce',
            'verify    unix  -       -       n       -       1       verify',
            'flush     unix  n       -       n       1000?   0       flush',
            'proxymap  unix  -       -       n       -       -       proxymap',
            'anvil     unix  -       -       n       -       1       anvil',
            'scache    unix  -       -       n       -       1       scache',
            'postlog   unix-dgram n  -       n       -       1       postlogd'
        ))
    $out = & $postfix -c $config start 2>&1
    if ($LASTEXITCODE -ne 0) { throw "postfix start failed: $($out -join "`n")" }
    $server = [pscustomobject]@{ ConfigDirectory = $config; Directory = $dir; Ports = @($Listener.Keys) }
    try {
        foreach ($port in $Listener.Keys) { Wait-TcpPort -Port $port -What 'postfix' }
    }
    catch {
        Stop-TestPostfix $server
        throw "$_`n$(Get-Content -Raw -LiteralPath (Join-Path $dir 'maillog') -ErrorAction Ignore)"
    }
    $server
}

function Stop-TestPostfix {
    <# .SYNOPSIS Stops a Postfix instance from Start-TestPostfix through its own configuration. $null is ignored. #>
    [CmdletBinding()]
    param([Parameter(Position = 0)][AllowNull()][psobject]$Server)
    if ($null -eq $Server) { return }
    $postfix = Find-TransportTool postfix
    $null = & $postfix -c $Server.ConfigDirectory stop 2>&1
}

function Start-BrokenTlsSmtp {
    <#
    .SYNOPSIS
        A tiny SMTP listener on 127.0.0.1:-Port (python3) that offers STARTTLS, accepts it, then sends
        plain text instead of a TLS handshake.
    .OUTPUTS
        The python process; stop it with Stop-Process -Id.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)][int]$Port, [Parameter(Mandatory)][string]$Directory)
    $script = Join-Path $Directory 'broken_tls_smtp.py'
    Set-Content -LiteralPath $script -Value @"
import socket
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', $Port))
s.listen(8)
while True:
    c, _ = s.accept()
    try:
        f = c.makefile('rb')
        c.sendall(b'220 broken.tls.test ESMTP\r\n')
        f.readline()
        c.sendall(b'250-broken.tls.test\r\n250-PIPELINING\r\n250 STARTTLS\r\n')
        f.readline()
        c.sendall(b'220 2.0.0 Ready to start TLS\r\n')
        c.sendall(b'this is not a TLS handshake\r\n' * 4)
        c.close()
    except OSError:
        pass
"@
    $python = Find-TransportTool python3
    Assert-TcpPortFree -Port $Port -What 'STARTTLS listener'
    $process = Start-Process -FilePath $python -ArgumentList @($script) -PassThru
    Wait-TcpPort -Port $Port -Process $process -What 'the broken STARTTLS listener'
    $process
}

Export-ModuleMember -Function Test-TransportServersAvailable, Find-TransportTool, Invoke-OpenSsl, New-TestPki, New-TestCertificate,
    Get-TlsaData, Start-TestNginx, Stop-TestNginx, Start-TestPostfix, Stop-TestPostfix, Start-BrokenTlsSmtp, Wait-TcpPort
