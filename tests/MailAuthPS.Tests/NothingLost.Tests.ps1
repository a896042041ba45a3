#Requires -Version 7.2
<#
    Nothing lost: a pipeline of many inputs under DNS faults gives exactly one result or one error
    record per input, in input order (domains, and message files); and stopping a run (what Ctrl+C
    does: PowerShell.Stop() calls the same StopProcessing) ends it within a second while the results
    already passed down the pipeline stay written. Knot DNS behind TestHelpers/dns_fault_proxy.py,
    both on 127.0.0.1, with the zone of FaultMatrix.Tests.ps1.
#>

BeforeDiscovery {
    $SkipKnot = -not (& { Import-Module (Join-Path $PSScriptRoot 'TestHelpers/KnotDns.psm1') -Force; Test-KnotDnsAvailable })
    if ($SkipKnot -and $env:CI -eq 'true') { $SkipKnot = $false }
}

BeforeAll {
    if (-not $env:MAILAUTHPS_MANIFEST) { throw 'MAILAUTHPS_MANIFEST is not set; run through build.ps1 Test.' }
    Import-Module $env:MAILAUTHPS_MANIFEST -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/KnotDns.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/AuditScale.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/FaultMatrix.psm1') -Force
    $Work = Join-Path ([IO.Path]::GetTempPath()) ('mailauthps-lost-' + [guid]::NewGuid().ToString('n').Substring(0, 12))
    $null = New-Item -ItemType Directory $Work
    $Faults = @((Get-FaultMatrixFault).Keys)
}

AfterAll {
    if ($Work -and (Test-Path -LiteralPath $Work)) { Remove-Item -LiteralPath $Work -Recurse -Force }
}

Describe 'Nothing lost under DNS faults' -Skip:$SkipKnot {
    AfterAll {
        if ($Proxy) { $null = Stop-DnsFaultProxy -Proxy $Proxy }
        if ($Knot) { Stop-KnotDns -Server $Knot }
    }

    BeforeAll {
        $key = New-DkimKey -Domain healthy.fault.test -Selector sel -PrivateKeyPath (Join-Path $Work 'sel.pem')
        $Knot = Start-KnotDns -Zone (New-FaultMatrixZone -DkimRecord $key.RecordValue) -StartTimeoutSec 60
        $Proxy = Start-DnsFaultProxy -UpstreamPort $Knot.Port -StatsPath (Join-Path $Work 'stats.json') -Fault @(Get-FaultMatrixProxyFault)
    }

    It 'Test-MailDomain: 150 domains over every fault, with invalid names among them, give one report or error each, in order' {
        $inputs = for ($i = 0; $i -lt 150; $i++) {
            if ($i % 25 -eq 13) { "not a domain $i!" } else { "d$i.$($Faults[$i % $Faults.Count]).fault.test" }
        }
        $all = @($inputs | Test-MailDomain -Check Mx, Spf, Dmarc, Dkim -DkimSelector sel -Server $Proxy.Endpoint -DnsTimeoutSec 1 -ErrorAction Continue 2>&1)
        $all.Count | Should -Be $inputs.Count
        for ($i = 0; $i -lt $inputs.Count; $i++) {
            $item = $all[$i]
            if ($inputs[$i] -like 'not a domain*') {
                $item | Should -BeOfType [System.Management.Automation.ErrorRecord]
                $item.TargetObject | Should -Be $inputs[$i]
                continue
            }
            $item.Domain | Should -Be $inputs[$i] -Because "position $i"
            $fault = $inputs[$i].Split('.')[1]
            # The d<i> names do not exist: NXDOMAIN when DNS works, temperror when it does not.
            if ($fault -in 'healthy', 'delay-short') { "$($item.Status)" | Should -Not -Be 'temperror' -Because $inputs[$i] }
            else { "$($item.Status)" | Should -Be 'temperror' -Because $inputs[$i] }
        }
    }

    It 'Test-DkimSignature: 60 message files over every fault, with missing files among them, give one result or error each, in order' {
        $paths = for ($i = 0; $i -lt 60; $i++) {
            $fault = $Faults[$i % $Faults.Count]
            $p = Join-Path $Work "m$i-$fault.eml"
            if ($i % 15 -eq 4) { $p; continue }   # never written: an error in its place
            $plain = Join-Path $Work "plain$i.eml"
            Set-Content -LiteralPath $plain -Value (New-FaultMatrixMessage -Domain "$fault.fault.test") -NoNewline
            Add-DkimSignature -Path $plain -Domain "$fault.fault.test" -Selector sel -PrivateKeyPath (Join-Path $Work 'sel.pem') -OutFile $p
            $p
        }
        $all = @(Test-DkimSignature -LiteralPath $paths -Server $Proxy.Endpoint -DnsTimeoutSec 1 -ErrorAction Continue 2>&1)
        $all.Count | Should -Be $paths.Count
        for ($i = 0; $i -lt $paths.Count; $i++) {
            if ($i % 15 -eq 4) {
                $all[$i] | Should -BeOfType [System.Management.Automation.ErrorRecord]
                "$($all[$i].TargetObject)" | Should -BeLike "*m$i-*.eml"
                continue
            }
            $all[$i].Source | Should -Be $paths[$i]
            $fault = $Faults[$i % $Faults.Count]
            $expected = if ($fault -in 'healthy', 'delay-short') { 'pass' } else { 'temperror' }
            "$($all[$i].Result)" | Should -Be $expected -Because $paths[$i]
        }
    }

    It 'stopping a run (Ctrl+C) ends it within a second; the results already written stay written' {
        # Eight domains that answer at once, then forty that never do (5 s x 2 attempts each).
        $fast = 1..8 | ForEach-Object { "f$_.healthy.fault.test" }
        $slow = 1..40 | ForEach-Object { "s$_.drop.fault.test" }
        $file = Join-Path $Work 'written.txt'
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
                param($Manifest, $Server, $Domains, $File)
                Import-Module $Manifest
                $Domains | Test-MailDomain -Check Mx, Spf, Dmarc -Server $Server -DnsTimeoutSec 5 -ThrottleLimit 4 |
                    ForEach-Object { Add-Content -LiteralPath $File -Value $_.Domain }
            }).AddArgument($env:MAILAUTHPS_MANIFEST).AddArgument($Proxy.Endpoint).AddArgument(@($fast + $slow)).AddArgument($file)
        # Many pool threads make the pool start queued work out of order, which once let the slow
        # domains take every throttle slot before a fast one asked (its result, and all after it,
        # then waited behind them). A fresh process has few threads; an earlier run may leave many.
        $minWorkers, $minIo = 0, 0
        [Threading.ThreadPool]::GetMinThreads([ref]$minWorkers, [ref]$minIo)
        $null = [Threading.ThreadPool]::SetMinThreads(64, $minIo)
        $handle = $ps.BeginInvoke()
        try {
            $deadline = [datetime]::UtcNow.AddSeconds(60)
            while (@(Get-Content -LiteralPath $file -ErrorAction Ignore).Count -lt $fast.Count -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            # Let the slow domains get well into their waits.
            Start-Sleep -Milliseconds 700
            $ps.InvocationStateInfo.State | Should -Be 'Running'
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $sw.Stop()
            Write-Host "stop took $($sw.ElapsedMilliseconds) ms"
            $sw.ElapsedMilliseconds | Should -BeLessThan 1000
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $written = @(Get-Content -LiteralPath $file)
            $written | Should -Be $fast -Because 'the fast domains were written, in input order, and nothing after them'
            Start-Sleep -Milliseconds 500
            @(Get-Content -LiteralPath $file).Count | Should -Be $fast.Count -Because 'nothing is written after the stop'
        }
        finally { $ps.Dispose(); $null = [Threading.ThreadPool]::SetMinThreads($minWorkers, $minIo) }
    }

    It 'Ctrl+C (SIGINT) to a pwsh running an audit ends the process within a second or two; the results already written stay written' {
        $fast = 1..6 | ForEach-Object { "g$_.healthy.fault.test" }
        $slow = 1..30 | ForEach-Object { "t$_.drop.fault.test" }
        $file = Join-Path $Work 'sigint.txt'
        $script = Join-Path $Work 'sigint.ps1'
        Set-Content -LiteralPath $script -Value @"
Import-Module '$env:MAILAUTHPS_MANIFEST'
'$($fast + $slow -join "','")' | Test-MailDomain -Check Mx, Spf, Dmarc -Server $($Proxy.Endpoint) -DnsTimeoutSec 5 -ThrottleLimit 4 |
    ForEach-Object { Add-Content -LiteralPath '$file' -Value `$_.Domain }
Add-Content -LiteralPath '$file' -Value 'finished'
"@
        # pwsh leaves SIGINT alone when it starts with SIGINT ignored (a background job); reset it
        # first, as a terminal would have it. The global-tool pwsh is a dll run by dotnet.
        # Run as this process runs: the pwsh apphost as is, or dotnet with pwsh.dll (dotnet pwsh).
        $self = (Get-Process -Id $PID).Path
        $pwsh = if ([IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') { @($self, "$PSHOME/pwsh.dll") } else { @($self) }
        $argv = @($pwsh) + @('-NoProfile', '-NonInteractive', '-File', $script)
        $launcher = "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])"
        $psi = [System.Diagnostics.ProcessStartInfo]::new('/usr/bin/python3')
        foreach ($a in @('-c', $launcher) + $argv) { $psi.ArgumentList.Add([string]$a) }
        $psi.UseShellExecute = $false
        $child = [System.Diagnostics.Process]::Start($psi)
        try {
            $deadline = [datetime]::UtcNow.AddSeconds(90)
            while (@(Get-Content -LiteralPath $file -ErrorAction Ignore).Count -lt $fast.Count -and [datetime]::UtcNow -lt $deadline -and -not $child.HasExited) { Start-Sleep -Milliseconds 50 }
            Start-Sleep -Milliseconds 700
            $child.HasExited | Should -BeFalse
            $sw = [Diagnostics.Stopwatch]::StartNew()
            & kill -INT $child.Id
            $exited = $child.WaitForExit(5000)
            $sw.Stop()
            Write-Host "SIGINT to exit: $($sw.ElapsedMilliseconds) ms"
            $exited | Should -BeTrue
            # The pipeline stops within a second; process shutdown comes on top.
            $sw.ElapsedMilliseconds | Should -BeLessThan 2000
            @(Get-Content -LiteralPath $file) | Should -Be $fast -Because 'what was written stays, in input order, and the script did not run on'
        }
        finally { if (-not $child.HasExited) { $child.Kill() } }
    }
}
