#Requires -Version 7.2
<#
    The staged module as a user meets it: manifest, loading, formatting, pipeline binding,
    input order, errors and cancellation. Offline: answers come from zone files or a silent
    listener on 127.0.0.1. Runs against $env:MAILAUTHPS_MANIFEST.
#>

BeforeAll {
    if (-not $env:MAILAUTHPS_MANIFEST) { throw 'MAILAUTHPS_MANIFEST is not set; run through build.ps1 Test.' }
    Import-Module $env:MAILAUTHPS_MANIFEST -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/KnotDns.psm1') -Force
    $Repo = $env:MAILAUTHPS_REPO
    $Zones = Join-Path $Repo 'samples/zones/*.zone'
    $Work = Join-Path ([IO.Path]::GetTempPath()) ("mailauthps-module-" + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory $Work | Out-Null
}

AfterAll {
    Remove-Item -Recurse -Force $Work -ErrorAction Ignore
}

Describe 'Staged module' {
    It 'exports exactly the cmdlets declared in the sources' {
        $declared = Get-ChildItem (Join-Path $Repo 'src/MailAuthPS/Commands') -Filter *.cs | ForEach-Object {
            foreach ($m in [regex]::Matches((Get-Content -Raw $_.FullName), '\[Cmdlet\(\s*Verbs\w+\.(\w+)\s*,\s*"(\w+)"')) { "$($m.Groups[1].Value)-$($m.Groups[2].Value)" }
        }
        $exported = (Get-Module MailAuthPS).ExportedCmdlets.Keys
        ($exported | Sort-Object) | Should -Be ($declared | Sort-Object)
    }

    It 'has a manifest for both editions with no wildcard exports' {
        $m = Import-PowerShellDataFile $env:MAILAUTHPS_MANIFEST
        $m.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $m.PowerShellVersion | Should -Be '5.1'
        $m.CmdletsToExport | Should -Not -Contain '*'
        $m.FunctionsToExport | Should -BeNullOrEmpty
    }

    It 'keeps third-party assemblies out of the module folder' {
        $root = Split-Path $env:MAILAUTHPS_MANIFEST
        (Get-ChildItem $root -Filter *.dll).Name | Sort-Object | Should -Be @('MailAuthPS.Bootstrap.dll', 'MailAuthPS.dll')
        Test-Path (Join-Path $root 'dependencies/net8.0/DnsClient.dll') | Should -BeTrue
        Test-Path (Join-Path $root 'dependencies/netstandard2.0/DnsClient.dll') | Should -BeTrue
    }

    It 'loads the core built for .NET 8 on PowerShell 7' {
        Get-SpfRecord litware-books.example -ZoneFile $Zones | Out-Null
        $core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'MailAuth' }
        $core.Location | Should -BeLike '*dependencies*net8.0*MailAuth.dll'
    }

    It 'declares its output type' {
        (Get-Command Get-SpfRecord).OutputType.Name | Should -Contain 'MailAuth.Spf.SpfRecordResult'
    }

    It 'has a default table view for the result, its terms and findings' {
        foreach ($type in 'MailAuth.Spf.SpfRecordResult', 'MailAuth.Spf.SpfTerm', 'MailAuth.Findings.Finding') {
            (Get-FormatData -TypeName $type).FormatViewDefinition.Control.GetType().Name | Should -Be 'TableControl' -Because $type
        }
        $text = Get-SpfRecord tailspin-toys.example -ZoneFile $Zones | Format-Table | Out-String -Width 200
        $text | Should -Match 'Domain\s+Status\s+Findings\s+Record'
        $text | Should -Match 'tailspin-toys\.example\s+permerror\s+1\s+v=spf1'
    }
}

Describe 'Get-SpfRecord over the sample zones' {
    # Expected statuses come from samples/README.md, derived there from RFC 7208 by hand.
    It 'gives <Domain> status <Status>' -ForEach @(
        @{ Domain = 'northwind-traders.example'; Status = 'found' }
        @{ Domain = 'adventure-works.example'; Status = 'none' }
        @{ Domain = 'adatum-logistics.example'; Status = 'permerror' }
        @{ Domain = 'tailspin-toys.example'; Status = 'permerror' }
        @{ Domain = 'wingtip-outfitters.example'; Status = 'permerror' }
        @{ Domain = 'fineart-school.test'; Status = 'permerror' }
        @{ Domain = 'woodgrove-bank.example'; Status = 'found' }
        @{ Domain = 'humongous-insurance.example'; Status = 'found' }
        @{ Domain = 'lucerne-publishing.example'; Status = 'found' }
    ) {
        (Get-SpfRecord -Domain $Domain -ZoneFile $Zones).Status | Should -Be $Status
    }

    It 'joins a record cut mid-word without adding spaces' {
        $r = Get-SpfRecord humongous-insurance.example -ZoneFile $Zones
        $r.Strings.Count | Should -BeGreaterThan 1
        $r.Record | Should -Match 'include:_spf\.mailhost-provider\.example'
        $r.Terms.Name | Should -Contain 'include'
    }

    It 'names the offending term of a syntax error' {
        $r = Get-SpfRecord tailspin-toys.example -ZoneFile $Zones
        $r.Findings.Id | Should -Contain 'Spf.SyntaxError'
        $r.Findings.Message -join ' ' | Should -Match 'ip4:192\.0\.2\.300'
    }

    It 'binds every row of the sample CSV by property name and keeps input order' {
        $rows = Import-Csv (Join-Path $Repo 'samples/domains.csv')
        $results = $rows | Get-SpfRecord -ZoneFile $Zones
        $results.Domain | Should -Be $rows.DomainName
    }

    It 'binds strings and DomainName objects from the pipeline' {
        $a = 'litware-books.example', 'fabrikam-parked.example' | Get-SpfRecord -ZoneFile $Zones
        $a.Domain | Should -Be @('litware-books.example', 'fabrikam-parked.example')
        $b = [pscustomobject]@{ DomainName = 'litware-books.example' } | Get-SpfRecord -ZoneFile $Zones
        $b.Record | Should -Match ' \+all$'
        $c = [pscustomobject]@{ Name = 'fabrikam-parked.example' } | Get-SpfRecord -ZoneFile $Zones
        $c.Record | Should -Be 'v=spf1 -all'
    }

    It 'normalises case, trailing dot, a leading *. and spaces' {
        (Get-SpfRecord '  *.LITWARE-Books.Example.  ' -ZoneFile $Zones).Domain | Should -Be 'litware-books.example'
    }

    It 'treats a name outside every zone file as nonexistent when offline' {
        (Get-SpfRecord nowhere.invalid -ZoneFile $Zones).Status | Should -Be 'none'
    }
}

Describe 'Errors' {
    It 'writes InvalidDomainName for a bad input in its place and goes on' {
        $out = 'litware-books.example', 'bad..name', 'fabrikam-parked.example' |
            Get-SpfRecord -ZoneFile $Zones -ErrorVariable errs -ErrorAction SilentlyContinue
        $out.Domain | Should -Be @('litware-books.example', 'fabrikam-parked.example')
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidDomainName,MailAuthPS.Commands.GetSpfRecordCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errs[0].TargetObject | Should -Be 'bad..name'
    }

    It 'stops with ZoneFileNotFound when no zone file matches' {
        { Get-SpfRecord a.example -ZoneFile (Join-Path $Work 'missing-*.zone') -ErrorAction Stop } |
            Should -Throw -ErrorId 'ZoneFileNotFound,MailAuthPS.Commands.GetSpfRecordCommand'
    }

    It 'stops with InvalidZoneFile naming the file and line of a broken zone' {
        $bad = Join-Path $Work 'bad.zone'
        Set-Content $bad "`$ORIGIN bad.example.`n@ 300 IN SOA ns hostmaster 1 2 3 4 5`n@ 300 IN A 192.0.2.999`n"
        $err = { Get-SpfRecord bad.example -ZoneFile $bad -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidZoneFile,MailAuthPS.Commands.GetSpfRecordCommand' -PassThru
        $err.Exception.Message | Should -Match 'bad\.zone:3'
    }

    It 'stops with InvalidDnsServer for a server that is not an address' {
        { Get-SpfRecord a.example -Server 'dns.example' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidDnsServer,MailAuthPS.Commands.GetSpfRecordCommand'
    }
}

Describe 'Concurrency and cancellation' {
    It 'returns 300 inputs in input order with a small throttle' {
        $names = 1..300 | ForEach-Object { 'd{0}.order.example' -f (301 - $_) }
        $zone = Join-Path $Work 'order.zone'
        $lines = @('$ORIGIN order.example.', '$TTL 300', '@ IN SOA ns hostmaster 1 3600 600 86400 300', '@ IN NS ns', 'ns IN A 192.0.2.1')
        $lines += 1..300 | ForEach-Object { 'd{0} IN TXT "v=spf1 ip4:192.0.2.{1} -all"' -f $_, ($_ % 250) }
        Set-Content $zone $lines
        $out = $names | Get-SpfRecord -ZoneFile $zone -ThrottleLimit 3
        $out.Domain | Should -Be $names
        $out[0].Record | Should -Be ('v=spf1 ip4:192.0.2.{0} -all' -f (300 % 250))
    }

    It 'stops promptly when the pipeline is stopped during a slow query' {
        $silent = Start-SilentUdpServer
        try {
            $ps = [powershell]::Create()
            $null = $ps.AddScript("Import-Module '$env:MAILAUTHPS_MANIFEST'; Get-SpfRecord a.example, b.example -Server $($silent.Endpoint) -DnsTimeoutSec 30")
            $async = $ps.BeginInvoke()
            # Wait until the query is on the wire, so the stop interrupts real work.
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while ($silent.GetReceivedCount() -eq 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            $silent.GetReceivedCount() | Should -BeGreaterThan 0
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Stop()
            # Unstopped, two attempts of 30 s would run; a stop that waited for them would take a minute.
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 10
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally {
            $silent.Stop()
            if ($ps) { $ps.Dispose() }
        }
    }
}
