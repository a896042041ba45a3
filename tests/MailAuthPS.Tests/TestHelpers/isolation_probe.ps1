<#
    Run by Isolation.Tests.ps1 in a fresh pwsh, so that each scenario starts with nothing loaded.
    Loads other versions of MimeKit, BouncyCastle and DnsClient as a neighbouring module would
    (Add-Type -Path, the default load context) and MailAuthPS, in the order -Order names, uses
    both, and prints one JSON object with what happened.
      OthersFirst / OursFirst: the module as shipped (its nested module MailAuthPS.Bootstrap.dll
      sets up the load context before the cmdlets are read).
      NoContext*: the control: MailAuthPS.dll and its core loaded straight into the default
      context, as a module without isolation does; shows the conflict the context removes.
#>
param(
    [Parameter(Mandatory)][string]$Manifest,
    [Parameter(Mandatory)][string]$Packages,
    [Parameter(Mandatory)][ValidateSet('OthersFirst', 'OursFirst', 'NoContextOthersFirst', 'NoContextOursFirst')][string]$Order,
    [Parameter(Mandatory)][string]$Server,
    [Parameter(Mandatory)][string]$Keys
)
$ErrorActionPreference = 'Stop'
$result = [ordered]@{ Order = $Order; Steps = [System.Collections.Generic.List[object]]::new() }

function Add-Step([string]$Name, [scriptblock]$Body) {
    try { $value = & $Body; $result.Steps.Add([ordered]@{ Name = $Name; Ok = $true; Value = $value }) }
    catch { $result.Steps.Add([ordered]@{ Name = $Name; Ok = $false; Error = "$($_.Exception.GetType().Name): $($_.Exception.Message)" }) }
}

function Import-Others {
    Add-Type -Path (Join-Path $Packages 'bouncycastle.cryptography/2.4.0/lib/net6.0/BouncyCastle.Cryptography.dll')
    Add-Type -Path (Join-Path $Packages 'mimekit/4.18.0/lib/net8.0/MimeKit.dll')
    Add-Type -Path (Join-Path $Packages 'dnsclient/1.6.1/lib/net5.0/DnsClient.dll')
}

function Use-Others {
    # The neighbour's own types, resolved by name in the session as its scripts would.
    $plain = "From: a@example.com`r`nSubject: neighbour`r`n`r`nbody`r`n"
    $message = [MimeKit.MimeMessage]::Load([IO.MemoryStream]::new([Text.Encoding]::ASCII.GetBytes($plain)))
    $digest = [Org.BouncyCastle.Crypto.Digests.Sha256Digest]::new()
    $abc = [Text.Encoding]::ASCII.GetBytes('abc')
    $digest.BlockUpdate($abc, 0, 3)
    $hash = [byte[]]::new(32)
    $null = $digest.DoFinal($hash, 0)
    $endpoint = [Net.IPEndPoint]::Parse($Server)
    $options = [DnsClient.LookupClientOptions]::new([DnsClient.NameServer[]]@([DnsClient.NameServer]::new($endpoint)))
    $options.UseCache = $false
    $client = [DnsClient.LookupClient]::new($options)
    $answer = $client.Query('probe.example.com', [DnsClient.QueryType]::TXT)
    [ordered]@{
        Subject   = $message.Subject
        Sha256    = [Convert]::ToHexString($hash).ToLowerInvariant()
        Txt       = @($answer.Answers | Where-Object { $_ -is [DnsClient.Protocol.TxtRecord] } | ForEach-Object { $_.Text }) -join ''
        MimeKit   = [Diagnostics.FileVersionInfo]::GetVersionInfo([MimeKit.MimeMessage].Assembly.Location).FileVersion
        Bouncy    = [Diagnostics.FileVersionInfo]::GetVersionInfo([Org.BouncyCastle.Crypto.Digests.Sha256Digest].Assembly.Location).FileVersion
        DnsClient = [DnsClient.LookupClient].Assembly.GetName().Version.ToString()
    }
}

function Import-Ours {
    if ($Order -like 'NoContext*') {
        $stage = Split-Path $Manifest
        $null = [Reflection.Assembly]::LoadFrom((Join-Path $stage 'dependencies/net8.0/MailAuth.dll'))
        Import-Module (Join-Path $stage 'MailAuthPS.dll')
    }
    else { Import-Module $Manifest }
}

function Use-Ours {
    $plain = "From: Alice <alice@example.com>`r`nTo: bob@example.net`r`nSubject: isolation`r`nDate: Mon, 1 Jan 2024 10:00:00 +0000`r`nMessage-ID: <iso@example.com>`r`n`r`nHi Bob.`r`n"
    $rsa = Add-DkimSignature -Message $plain -Domain example.com -Selector rsa2048 -PrivateKeyPath (Join-Path $Keys '2048_testkey.key')
    $both = Add-DkimSignature -Message $rsa.Bytes -Domain example.com -Selector ed -PrivateKeyPath (Join-Path $Keys 'ed25519test.key')
    $verdicts = @(Test-DkimSignature -Message $both.Bytes -Server $Server -DnsTimeoutSec 5)
    $context = [Runtime.Loader.AssemblyLoadContext]::GetLoadContext((Get-Command Test-DkimSignature).ImplementingType.Assembly)
    $coreContext = [Runtime.Loader.AssemblyLoadContext]::All | Where-Object { $_.Assemblies.GetName().Name -contains 'MailAuth' }
    $held = @{}
    foreach ($a in $coreContext.Assemblies) {
        $n = $a.GetName().Name
        if ($n -in 'MimeKit', 'BouncyCastle.Cryptography', 'DnsClient') { $held[$n] = [Diagnostics.FileVersionInfo]::GetVersionInfo($a.Location).FileVersion }
    }
    [ordered]@{
        Results       = @($verdicts | ForEach-Object { "$($_.Algorithm)=$($_.Result)" })
        CmdletContext = $context.Name
        CoreContext   = @($coreContext.Name)
        Held          = $held
    }
}

switch -Wildcard ($Order) {
    '*OthersFirst' {
        Add-Step 'ImportOthers' { Import-Others; 'loaded' }
        Add-Step 'OthersBefore' { Use-Others }
        Add-Step 'ImportOurs' { Import-Ours; 'loaded' }
        Add-Step 'Ours' { Use-Ours }
        Add-Step 'OthersAfter' { Use-Others }
    }
    '*OursFirst' {
        Add-Step 'ImportOurs' { Import-Ours; 'loaded' }
        Add-Step 'OursBefore' { Use-Ours }
        Add-Step 'ImportOthers' { Import-Others; 'loaded' }
        Add-Step 'Others' { Use-Others }
        Add-Step 'Ours' { Use-Ours }
    }
}
$result | ConvertTo-Json -Depth 6 -Compress
