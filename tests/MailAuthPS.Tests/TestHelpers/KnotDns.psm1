#Requires -Version 7.2
<#
    Test helpers: a real authoritative DNS server (Knot DNS) serving generated zones on
    127.0.0.1, and a "silent" server that receives queries and never answers.
    Everything binds to loopback only; nothing here touches another host.
#>
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

# Debian package that provides each command, for error messages.
$script:KnotPackages = [ordered]@{ knotd = 'knot'; knotc = 'knot'; kdig = 'knot-dnsutils' }

function Get-KnotCommand {
    # Returns the full path of a Knot program, or throws naming the package to install.
    param([Parameter(Mandatory)][string]$Name)
    $cmd = Get-Command -Name $Name -CommandType Application -ErrorAction Ignore | Select-Object -First 1
    if (-not $cmd) {
        # Debian keeps knotd/knotc in /usr/sbin, which is not on every user's PATH.
        $sbin = Join-Path '/usr/sbin' $Name
        if (Test-Path -LiteralPath $sbin -PathType Leaf) { return $sbin }
        $pkg = $script:KnotPackages[$Name]
        throw "'$Name' was not found. Install the Debian package '$pkg' (apt-get install -y $pkg)."
    }
    $cmd.Source
}

function Test-KnotDnsAvailable {
    <#
    .SYNOPSIS
        $true when knotd, knotc and kdig can all be found.
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param()
    foreach ($name in $script:KnotPackages.Keys) {
        try { $null = Get-KnotCommand -Name $name } catch { return $false }
    }
    $true
}

function New-LoopbackPortPair {
    <#
        Binds a TCP and a UDP socket to the same free port on 127.0.0.1 and returns both,
        still bound. The caller keeps them (silent server) or closes them to hand the port
        to knotd. Port 0 is only ever free for one protocol at a time, so retry on clashes.
    #>
    param([int]$Attempts = 50)
    $loopback = [System.Net.IPAddress]::Loopback
    for ($i = 0; $i -lt $Attempts; $i++) {
        $tcp = [System.Net.Sockets.Socket]::new('InterNetwork', 'Stream', 'Tcp')
        $udp = [System.Net.Sockets.Socket]::new('InterNetwork', 'Dgram', 'Udp')
        try {
            $tcp.Bind([System.Net.IPEndPoint]::new($loopback, 0))
            $port = ([System.Net.IPEndPoint]$tcp.LocalEndPoint).Port
            $udp.Bind([System.Net.IPEndPoint]::new($loopback, $port))
            return [pscustomobject]@{ Port = $port; Tcp = $tcp; Udp = $udp }
        }
        catch [System.Net.Sockets.SocketException] {
            $tcp.Dispose()
            $udp.Dispose()
        }
    }
    throw "No port on 127.0.0.1 was free for both TCP and UDP after $Attempts attempts."
}

function ConvertTo-ZoneCharacterString {
    <#
    .SYNOPSIS
        Quotes one DNS character-string for a master file (RFC 1035 §5.1).
    .DESCRIPTION
        Escapes '"' and '\', and writes every byte outside printable ASCII as \DDD so the
        wire bytes are exactly the UTF-8 of the input. Throws when the string exceeds the
        255-octet limit of a single character-string.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory, ValueFromPipeline)][AllowEmptyString()][string]$Value)
    process {
        $bytes = [System.Text.Encoding]::UTF8.GetBytes($Value)
        if ($bytes.Length -gt 255) {
            throw "A DNS character-string holds at most 255 octets; this one has $($bytes.Length). Split it into several strings."
        }
        $sb = [System.Text.StringBuilder]::new($bytes.Length + 2)
        [void]$sb.Append('"')
        foreach ($b in $bytes) {
            if ($b -eq 0x22 -or $b -eq 0x5C) { [void]$sb.Append('\').Append([char]$b) }
            elseif ($b -ge 0x20 -and $b -le 0x7E) { [void]$sb.Append([char]$b) }
            else { [void]$sb.Append('\').Append($b.ToString('000')) }
        }
        [void]$sb.Append('"')
        $sb.ToString()
    }
}

function Format-ZoneTxtRdata {
    <#
    .SYNOPSIS
        TXT RDATA for a master file: one or more quoted character-strings.
    .DESCRIPTION
        Several strings are wrapped in parentheses over several lines, which is how a
        TXT record longer than 255 octets has to be written.
    .EXAMPLE
        "long TXT $(Format-ZoneTxtRdata -String 'v=spf1 ', 'ip4:192.0.2.1 -all')"
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)][AllowEmptyString()][string[]]$String)
    $quoted = @($String | ConvertTo-ZoneCharacterString)
    if ($quoted.Count -eq 1) { return $quoted[0] }
    "(`n    " + ($quoted -join "`n    ") + "`n)"
}

function New-TestZoneText {
    <#
    .SYNOPSIS
        A complete zone (master file text) for Start-KnotDns: $ORIGIN, $TTL, SOA, NS and
        an in-zone address for the name server, followed by -Body.
    .PARAMETER Apex
        Zone name, e.g. 'spf.test'.
    .PARAMETER Body
        Further records, relative names allowed (e.g. "@ TXT `"v=spf1 -all`"").
    .PARAMETER Ttl
        Default TTL ($TTL) of the zone.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)][string]$Apex,
        [string]$Body = '',
        [int]$Ttl = 300
    )
    $origin = $Apex.Trim().TrimEnd('.').ToLowerInvariant()
    @"
`$ORIGIN $origin.
`$TTL $Ttl
@       IN SOA ns1 hostmaster 1 3600 600 86400 $Ttl
@       IN NS  ns1
ns1     IN A   127.0.0.1
$Body
"@
}

function Start-KnotDns {
    <#
    .SYNOPSIS
        Starts knotd as an authoritative server for the given zones on 127.0.0.1.
    .DESCRIPTION
        Writes the zone files and a knot.conf to the work directory, starts knotd on a
        free port (UDP and TCP), and returns once every zone answers its SOA query over
        UDP and TCP. No DNSSEC, no journal, no zone-file write-back; the control socket
        lives in the work directory. knotd runs as the current user, also when that is root.
    .PARAMETER Zone
        Hashtable: zone apex -> master file text (RFC 1035). See New-TestZoneText.
    .PARAMETER WorkDirectory
        Where config, zones, database and logs go. Default: a new temporary directory,
        removed again by Stop-KnotDns. A given directory is created if missing and kept.
    .PARAMETER StartTimeoutSec
        How long to wait for knotd to answer before giving up.
    .OUTPUTS
        An object with Port, Address, Endpoint ('127.0.0.1:PORT'), WorkDirectory, Process,
        Zones, ConfigPath and LogPath. Pass it to Stop-KnotDns.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][hashtable]$Zone,
        [string]$WorkDirectory,
        [ValidateRange(1, 300)][int]$StartTimeoutSec = 20
    )

    $knotd = Get-KnotCommand -Name knotd
    $kdig = Get-KnotCommand -Name kdig
    if ($Zone.Count -eq 0) { throw 'Start-KnotDns needs at least one zone.' }

    $ownsDirectory = -not $WorkDirectory
    if ($ownsDirectory) {
        $WorkDirectory = Join-Path ([System.IO.Path]::GetTempPath()) ('knotdns-' + [guid]::NewGuid().ToString('N').Substring(0, 12))
    }
    $WorkDirectory = [System.IO.Path]::GetFullPath($WorkDirectory)
    $null = New-Item -ItemType Directory -Path $WorkDirectory -Force
    $socketPath = Join-Path $WorkDirectory 'knot.sock'
    # sun_path is 108 bytes on Linux; knotd fails obscurely on longer paths.
    if ([System.Text.Encoding]::UTF8.GetByteCount($socketPath) -ge 108) {
        throw "Work directory path is too long for a UNIX socket: $socketPath"
    }
    $zoneDirectory = Join-Path $WorkDirectory 'zones'
    $databaseDirectory = Join-Path $WorkDirectory 'db'
    $null = New-Item -ItemType Directory -Path $zoneDirectory, $databaseDirectory -Force

    $apexes = [System.Collections.Generic.List[string]]::new()
    foreach ($key in $Zone.Keys) {
        $apex = ([string]$key).Trim().TrimEnd('.').ToLowerInvariant()
        # Apexes become file names: keep them to plain host-name characters.
        if ($apex -notmatch '^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$') {
            throw "Zone apex '$key' is not a plain DNS name."
        }
        if ($apexes.Contains($apex)) { throw "Zone apex '$apex' is given twice." }
        $apexes.Add($apex)
        $text = ([string]$Zone[$key]) -replace "`r`n", "`n"
        [System.IO.File]::WriteAllText((Join-Path $zoneDirectory "$apex.zone"), $text + "`n", [System.Text.UTF8Encoding]::new($false))
    }

    # Knot defaults to 'root:root' and, in the Debian sample config, to 'knot:knot'.
    # Name the current user explicitly so knotd never switches to an account that cannot
    # read this directory (the temp dir and zone files belong to whoever runs the tests).
    $userName = (& id -un).Trim()
    $groupName = (& id -gn).Trim()

    $configPath = Join-Path $WorkDirectory 'knot.conf'
    $logPath = Join-Path $WorkDirectory 'knotd.log'
    $errPath = Join-Path $WorkDirectory 'knotd.stderr.log'
    $maxAttempts = 3
    for ($attempt = 1; ; $attempt++) {
        $pair = New-LoopbackPortPair
        $port = $pair.Port
        # Release the port just before knotd binds it; a clash is detected and retried below.
        $pair.Tcp.Dispose()
        $pair.Udp.Dispose()

        $zoneLines = ($apexes | ForEach-Object { "  - domain: $_." }) -join "`n"
        $config = @"
# Generated by KnotDns.psm1 for one test run.
server:
    rundir: "$WorkDirectory"
    pidfile: "$WorkDirectory/knotd.pid"
    user: $($userName):$($groupName)
    listen: 127.0.0.1@$port
    udp-workers: 2
    tcp-workers: 2
    background-workers: 1

control:
    listen: "$socketPath"

log:
  - target: stdout
    any: info

database:
    storage: "$databaseDirectory"

template:
  - id: default
    storage: "$zoneDirectory"
    file: "%s.zone"
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: none

zone:
$zoneLines
"@
        [System.IO.File]::WriteAllText($configPath, $config, [System.Text.UTF8Encoding]::new($false))

        $process = Start-Process -FilePath $knotd -ArgumentList @('-c', $configPath) -PassThru `
            -RedirectStandardOutput $logPath -RedirectStandardError $errPath

        $failure = Wait-KnotDnsReady -Process $process -Kdig $kdig -Port $port -Apex $apexes -TimeoutSec $StartTimeoutSec -LogPath $logPath
        if (-not $failure) { break }

        if (-not $process.HasExited) {
            $process.Kill()
            $process.WaitForExit()
        }
        $log = (Get-Content -LiteralPath $logPath, $errPath -Raw -ErrorAction Ignore) -join "`n"
        if ($log -match 'address already in use' -and $attempt -lt $maxAttempts) { continue }
        if ($ownsDirectory) { Remove-Item -LiteralPath $WorkDirectory -Recurse -Force -ErrorAction Ignore }
        throw "knotd did not start ($failure). knotd output:`n$log"
    }

    [pscustomobject]@{
        PSTypeName    = 'KnotDns.Server'
        Address       = '127.0.0.1'
        Port          = $port
        Endpoint      = "127.0.0.1:$port"
        WorkDirectory = $WorkDirectory
        Process       = $process
        Zones         = $apexes.ToArray()
        ConfigPath    = $configPath
        LogPath       = $logPath
        OwnsDirectory = $ownsDirectory
    }
}

function Wait-KnotDnsReady {
    # Returns $null when every zone answers SOA authoritatively over UDP and TCP, else why not.
    param($Process, [string]$Kdig, [int]$Port, [string[]]$Apex, [int]$TimeoutSec, [string]$LogPath)
    $deadline = [datetime]::UtcNow.AddSeconds($TimeoutSec)
    $pending = [System.Collections.Generic.List[string]]::new([string[]]$Apex)
    while ($true) {
        if ($Process.HasExited) { return "knotd exited with code $($Process.ExitCode)" }
        # knotd keeps running when a zone file is broken (that zone answers SERVFAIL),
        # so fail fast on its error lines instead of waiting for the deadline.
        $errors = @(Get-Content -LiteralPath $LogPath -ErrorAction Ignore | Where-Object { $_ -match ' (error|critical): ' })
        if ($errors.Count) { return 'knotd reported errors' }
        foreach ($apex in @($pending)) {
            $ready = $true
            foreach ($transport in '+notcp', '+tcp') {
                $json = & $Kdig "@127.0.0.1" -p $Port $apex SOA $transport +json +retry=0 +timeout=1 2>$null
                if ($LASTEXITCODE -ne 0) { $ready = $false; break }
                $answer = ($json -join "`n") | ConvertFrom-Json
                # Until a zone is loaded knotd answers REFUSED or SERVFAIL.
                if ($answer.RCODE -ne 0 -or $answer.AA -ne 1 -or $answer.ANCOUNT -lt 1) { $ready = $false; break }
            }
            if ($ready) { [void]$pending.Remove($apex) }
        }
        if ($pending.Count -eq 0) { return $null }
        if ([datetime]::UtcNow -gt $deadline) {
            return "no authoritative SOA answer within $TimeoutSec s for: $($pending -join ', ')"
        }
        Start-Sleep -Milliseconds 100
    }
}

function Stop-KnotDns {
    <#
    .SYNOPSIS
        Stops a server from Start-KnotDns and removes its work directory if it created it.
    .PARAMETER Server
        The object Start-KnotDns returned. $null is ignored, so AfterAll can call this
        even when BeforeAll failed half-way.
    .PARAMETER KeepWorkDirectory
        Keep config, zones and logs for inspection.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Position = 0, ValueFromPipeline)][AllowNull()][psobject]$Server,
        [switch]$KeepWorkDirectory
    )
    process {
        if ($null -eq $Server) { return }
        $process = $Server.Process
        if ($process -and -not $process.HasExited) {
            # A clean stop through the private control socket; kill only if that fails.
            $knotc = try { Get-KnotCommand -Name knotc } catch { $null }
            if ($knotc) {
                $null = & $knotc -c $Server.ConfigPath -t 5 stop 2>&1
            }
            if (-not $process.WaitForExit(5000)) {
                $process.Kill()
                $process.WaitForExit()
            }
        }
        if ($Server.OwnsDirectory -and -not $KeepWorkDirectory -and (Test-Path -LiteralPath $Server.WorkDirectory)) {
            Remove-Item -LiteralPath $Server.WorkDirectory -Recurse -Force
        }
    }
}

function Start-SilentUdpServer {
    <#
    .SYNOPSIS
        Binds UDP and TCP on one free 127.0.0.1 port and never answers (timeout tests).
    .DESCRIPTION
        Datagrams are left in the socket's receive buffer and counted on demand; TCP
        connections complete in the kernel backlog but are never accepted, so a client
        that falls back to TCP also waits in vain. Lives in the calling process.
    .OUTPUTS
        An object with Port, Address, Endpoint ('127.0.0.1:PORT'), a GetReceivedCount()
        method (datagrams received so far) and a Stop() method; Stop-SilentUdpServer
        does the same as Stop().
    #>
    [CmdletBinding()]
    param()
    $pair = New-LoopbackPortPair
    $pair.Tcp.Listen(16)
    $server = [pscustomobject]@{
        PSTypeName = 'KnotDns.SilentServer'
        Address    = '127.0.0.1'
        Port       = $pair.Port
        Endpoint   = "127.0.0.1:$($pair.Port)"
        Udp        = $pair.Udp
        Tcp        = $pair.Tcp
        Received   = 0
    }
    $server | Add-Member -MemberType ScriptMethod -Name GetReceivedCount -Value {
        # Drain what has arrived so far; never blocks and never replies.
        $buffer = [byte[]]::new(65535)
        while ($this.Udp.Available -gt 0) {
            [void]$this.Udp.Receive($buffer)
            $this.Received++
        }
        $this.Received
    }
    $server | Add-Member -MemberType ScriptMethod -Name Stop -Value {
        $this.Udp.Dispose()
        $this.Tcp.Dispose()
    }
    $server
}

function Stop-SilentUdpServer {
    <#
    .SYNOPSIS
        Closes the sockets of a server from Start-SilentUdpServer. $null is ignored.
    #>
    [CmdletBinding()]
    param([Parameter(Position = 0, ValueFromPipeline)][AllowNull()][psobject]$Server)
    process {
        if ($null -ne $Server) { $Server.Stop() }
    }
}

function Resolve-KdigTxt {
    <#
    .SYNOPSIS
        Asks a server for the TXT records of a name with kdig and decodes the wire RDATA.
    .DESCRIPTION
        An independent view of what the server publishes, for cross-checking cmdlets:
        the character-strings come from kdig's RDATAHEX, not from any presentation format.
    .OUTPUTS
        One object per TXT record: Name, Ttl, Strings (string[]), Text (joined).
        Nothing for NXDOMAIN or NODATA; throws on other failures.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][psobject]$Server,
        [Parameter(Mandatory)][string]$Name
    )
    $kdig = Get-KnotCommand -Name kdig
    # kdig reports warnings (e.g. "truncated, retrying over TCP") on stderr; keep them apart.
    $output = & $kdig "@$($Server.Address)" -p $Server.Port $Name TXT +json +retry=1 +timeout=2 2>&1
    $json = $output | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] }
    if ($LASTEXITCODE -ne 0) { throw "kdig failed for ${Name}: $($output -join ' ')" }
    $answer = ($json -join "`n") | ConvertFrom-Json
    if ($answer.RCODE -notin 0, 3) { throw "kdig got RCODE $($answer.RCODE) for $Name" }
    $rrs = if ($answer.PSObject.Properties['answerRRs']) { $answer.answerRRs } else { @() }
    foreach ($rr in $rrs) {
        if ($rr.TYPE -ne 16) { continue }
        $bytes = [System.Convert]::FromHexString($rr.RDATAHEX)
        $strings = [System.Collections.Generic.List[string]]::new()
        $i = 0
        while ($i -lt $bytes.Length) {
            $length = $bytes[$i]
            $strings.Add([System.Text.Encoding]::UTF8.GetString($bytes, $i + 1, $length))
            $i += 1 + $length
        }
        [pscustomobject]@{
            Name    = $rr.NAME.TrimEnd('.')
            Ttl     = [int]$rr.TTL
            Strings = $strings.ToArray()
            Text    = -join $strings
        }
    }
}

Export-ModuleMember -Function Start-KnotDns, Stop-KnotDns, Start-SilentUdpServer, Stop-SilentUdpServer,
    Test-KnotDnsAvailable, New-TestZoneText, Format-ZoneTxtRdata, ConvertTo-ZoneCharacterString, Resolve-KdigTxt
