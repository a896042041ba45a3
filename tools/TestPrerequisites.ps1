<#
    Test prerequisites: the real components the integration tests start themselves.
    Dot-sourced by build.ps1; its Test task calls Install-TestPrerequisite first.
#>

# Debian package -> commands it provides. The tests need every command; add a package
# here (e.g. nginx, postfix, python3-dkim) when a test starts using it. A package that
# provides a Python module rather than a command is listed as 'python3:<module>': it must
# import in Debian's /usr/bin/python3 (a pyenv python3 earlier on PATH lacks apt's modules).
$TestPrerequisitePackages = [ordered]@{
    'knot'          = @('knotd', 'knotc')
    'knot-dnsutils' = @('kdig')
    'python3-spf'   = @('python3:spf')
    'python3-dkim'  = @('python3:dkim')
    'python3-authheaders' = @('python3:authheaders')
    'python3-authres' = @('python3:authres')
    'nodejs'        = @('node')
    'npm'           = @('npm')
    # Headless browser that opens the HTML report of Export-MailDomainReport.
    'chromium'      = @('chromium')
    # The transport tests: a test CA and TLSA data (openssl), MTA-STS/BIMI over HTTPS (nginx),
    # STARTTLS on port 25 (postfix), and a listener that breaks TLS on purpose (python3).
    'openssl'       = @('openssl')
    'nginx'         = @('nginx')
    'postfix'       = @('postfix')
    'python3'       = @('python3')
}

# npm packages the tests run as peers, each folder with a package.json and package-lock.json
# (exact versions). Installed with 'npm ci' when their node_modules folder is missing.
$TestPrerequisiteNpmFolders = @('tests/MailAuthPS.Tests/TestHelpers/mailauth')

function Install-TestNpmPeer {
    <#
    .SYNOPSIS
        Installs the pinned npm peers of the tests (npm ci) where node_modules is missing.
    .PARAMETER Root
        The repository root.
    #>
    [CmdletBinding()]
    [OutputType([void])]
    param([Parameter(Mandatory)][string]$Root)
    foreach ($folder in $TestPrerequisiteNpmFolders) {
        $path = Join-Path $Root $folder
        if (Test-Path -LiteralPath (Join-Path $path 'node_modules')) { continue }
        Write-Host "npm ci in $folder" -ForegroundColor Cyan
        & npm ci --no-audit --no-fund --loglevel=error --prefix $path
        if ($LASTEXITCODE -ne 0) { throw "npm ci failed in $folder (exit code $LASTEXITCODE)." }
    }
}

# apt-get update runs at most once per session, however often this is called.
$TestPrerequisiteState = @{ AptUpdated = $false }

function Test-TestPrerequisiteCommand {
    # $true when a command is on PATH or in an sbin folder (non-root PATHs often omit those),
    # or, for 'python3:<module>', when /usr/bin/python3 can import the module.
    param([Parameter(Mandatory)][string]$Name)
    if ($Name -match '^python3:([A-Za-z_][A-Za-z0-9_.]*)$') {
        if (-not (Test-Path -LiteralPath '/usr/bin/python3' -PathType Leaf)) { return $false }
        & /usr/bin/python3 -c "import $($Matches[1])" 2>$null
        return $LASTEXITCODE -eq 0
    }
    if (Get-Command -Name $Name -CommandType Application -ErrorAction Ignore) { return $true }
    foreach ($dir in '/usr/sbin', '/sbin', '/usr/local/sbin') {
        if (Test-Path -LiteralPath (Join-Path $dir $Name) -PathType Leaf) { return $true }
    }
    $false
}

function Install-TestPrerequisite {
    <#
    .SYNOPSIS
        Makes sure the programs the integration tests run are installed.
    .DESCRIPTION
        Checks every command of every package in -Package. Missing ones are installed with
        apt-get when running as root on Debian (apt-get update runs once per session);
        otherwise this throws, naming the packages and the command that installs them.
        Returns nothing on success.
    .PARAMETER Package
        Debian package name -> command names it provides. Defaults to
        $TestPrerequisitePackages.
    #>
    [CmdletBinding()]
    [OutputType([void])]
    param(
        [System.Collections.IDictionary]$Package = $TestPrerequisitePackages
    )

    $missing = @(foreach ($name in $Package.Keys) {
            $absent = @($Package[$name] | Where-Object { -not (Test-TestPrerequisiteCommand -Name $_) })
            if ($absent.Count) { [pscustomobject]@{ Package = $name; Commands = $absent } }
        })
    if ($missing.Count -eq 0) { return }

    $packages = @($missing.Package)
    $aptCommand = "apt-get install -y --no-install-recommends $($packages -join ' ')"
    $detail = ($missing | ForEach-Object { "$($_.Package) ($($_.Commands -join ', '))" }) -join '; '

    $isDebian = $IsLinux -and (Test-Path -LiteralPath '/etc/debian_version') -and
        (Get-Command -Name apt-get -CommandType Application -ErrorAction Ignore)
    if (-not $isDebian) {
        throw "The integration tests need programs that are missing: $detail. They come from these Debian packages; install the equivalent for this system."
    }
    $isRoot = (& id -u) -eq '0'
    if (-not $isRoot) {
        throw "The integration tests need programs that are missing: $detail. Install them as root: $aptCommand"
    }

    # apt-get must never stop to ask a question in a build.
    $previousFrontend = $env:DEBIAN_FRONTEND
    $env:DEBIAN_FRONTEND = 'noninteractive'
    try {
        if (-not $TestPrerequisiteState.AptUpdated) {
            Write-Host 'Test prerequisites: apt-get update'
            & apt-get update
            if ($LASTEXITCODE -ne 0) { throw "apt-get update failed with exit code $LASTEXITCODE." }
            $TestPrerequisiteState.AptUpdated = $true
        }
        Write-Host "Test prerequisites: $aptCommand"
        # Installing nginx or postfix would start them as system services on ports 80 and 25, where
        # the tests start their own; a policy-rc.d that refuses keeps them stopped (Debian policy).
        $policy = '/usr/sbin/policy-rc.d'
        $ownPolicy = -not (Test-Path -LiteralPath $policy)
        if ($ownPolicy) {
            Set-Content -LiteralPath $policy -Value "#!/bin/sh`n# Written by MailAuthPS tools/TestPrerequisites.ps1 during apt-get install; removed after.`nexit 101"
            & chmod 755 $policy
        }
        try {
            & apt-get install -y --no-install-recommends @packages
            if ($LASTEXITCODE -ne 0) { throw "'$aptCommand' failed with exit code $LASTEXITCODE." }
        }
        finally {
            if ($ownPolicy) { Remove-Item -LiteralPath $policy -Force -ErrorAction Ignore }
        }
    }
    finally {
        $env:DEBIAN_FRONTEND = $previousFrontend
    }

    # A package can install yet not provide the command this table expects.
    $stillMissing = @(foreach ($entry in $missing) {
            $entry.Commands | Where-Object { -not (Test-TestPrerequisiteCommand -Name $_) }
        })
    if ($stillMissing.Count) {
        throw "Installed $($packages -join ', ') but these commands are still missing: $($stillMissing -join ', ')."
    }
}
