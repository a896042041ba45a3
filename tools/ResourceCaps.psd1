# The module's timeouts and resource caps, for docs/reliability.md (tools/New-ReliabilityReport.ps1).
# ResourceCaps.Tests.ps1 checks every Parameter/DefaultValue pair against the cmdlets, so a changed
# default or a renamed parameter fails a test instead of leaving this table wrong.
@{
    Timeouts = @(
        @{ What = 'one DNS question'; Default = '5 s per attempt, 2 attempts per server (one retry), servers in order; truncated UDP answers are asked again over TCP'
           Parameter = '`-DnsTimeoutSec` (every cmdlet that resolves)'; Outcome = '`temperror` with the reason (timeout, SERVFAIL, REFUSED, refused TCP, unreadable answer, wrong ID or question)' }
        @{ What = 'DNS questions in flight per run'; Default = '64; the wait for a slot does not count against the timeout'
           Parameter = 'none'; Outcome = 'later questions wait' }
        @{ What = 'one SPF evaluation (check_host)'; Default = '20 s (RFC 7208 §4.6.4 asks for a limit)'
           Parameter = 'none'; Outcome = '`temperror`: "the evaluation took longer than 20 seconds (§4.6.4)"' }
        @{ What = 'one domain in Test-MailDomain'; Default = '120 s for all its checks, from when the domain''s turn comes (-ThrottleLimit); waits for a DNS slot count'
           Parameter = '`-TimeBudgetSec`'; Outcome = 'the unfinished areas are `temperror` with finding `MailDomain.TimeBudgetExceeded`; the report is still written' }
        @{ What = 'one HTTPS fetch (MTA-STS policy, BIMI logo and evidence)'; Default = '15 s over connect, TLS, headers and body'
           Parameter = '`-TimeoutSec`'; Outcome = 'fetch status `timeout` and the area''s finding' }
        @{ What = 'one SMTP conversation (Test-SmtpTls, Test-MailDomain -Check SmtpTls)'; Default = '15 s per host'
           Parameter = '`-TimeoutSec`'; Outcome = 'status `unreachable` or `timeout` for that host' }
        @{ What = 'Ctrl+C'; Default = 'the run stops within a second (NothingLost.Tests.ps1: PowerShell.Stop() and SIGINT to a child pwsh); results already written stay written'
           Parameter = 'none'; Outcome = 'the pipeline stops; inputs not yet written give nothing' }
    )
    Caps = @(
        @{ Cap = 'message size'; AppliesTo = 'Test-DkimSignature, Get-DmarcEvaluation, Test-ArcChain, Add-ArcSeal, Add-DkimSignature'; Default = '64 MB'
           Parameter = 'MaxMessageSizeMB'; Cmdlet = 'Test-DkimSignature', 'Get-DmarcEvaluation', 'Test-ArcChain', 'Add-ArcSeal', 'Add-DkimSignature'; DefaultValue = 64
           WhenHit = 'error `MessageTooLarge` (LimitsExceeded) naming the file; the size is checked before the file is read'; Tested = 'ResourceCaps.Tests.ps1' }
        @{ Cap = 'DKIM signatures verified per message'; AppliesTo = 'Test-DkimSignature'; Default = '10'
           Parameter = 'MaxSignatures'; Cmdlet = 'Test-DkimSignature'; DefaultValue = 10
           WhenHit = 'the rest are `neutral`, reason `NotVerified`: "only the first 10 signatures are verified"'; Tested = 'DkimHostileInputTests.cs, ResourceCaps.Tests.ps1' }
        @{ Cap = 'ARC sets per message'; AppliesTo = 'Test-ArcChain, Add-ArcSeal'; Default = '50 (RFC 8617 §4.2.1)'
           Parameter = $null; NoParameter = 'RFC 8617 §4.2.1 allows no more'; WhenHit = 'chain `fail`, reason `TooManySets`; Add-ArcSeal error `ChainTooLong`'; Tested = 'ArcHostileInputTests.cs' }
        @{ Cap = 'decompressed report size'; AppliesTo = 'Import-DmarcReport, Import-TlsRptReport'; Default = '200 MB per file, and 1000:1 once past 1 MB'
           Parameter = 'MaxDecompressedSizeMB'; Cmdlet = 'Import-DmarcReport', 'Import-TlsRptReport'; DefaultValue = 200
           WhenHit = 'error `ReportTooLarge` naming the file and the limit'; Tested = 'ReportSecurityTests.cs, Reports.Tests.ps1' }
        @{ Cap = 'archive entries and attachments per report file'; AppliesTo = 'Import-DmarcReport, Import-TlsRptReport'; Default = '1000'
           Parameter = $null; NoParameter = 'a report file holds one report'; WhenHit = 'error `ReportTooLarge` ("has more than 1000 entries")'; Tested = 'ReportSecurityTests.cs' }
        @{ Cap = 'warnings kept per report'; AppliesTo = 'Import-DmarcReport'; Default = '100'
           Parameter = $null; NoParameter = 'only what is shown is bounded'; WhenHit = 'the rest are counted, not kept'; Tested = 'not tested' }
        @{ Cap = 'PTR questions of -ResolveSourceName'; AppliesTo = 'Measure-DmarcReport'; Default = '1000 (largest sources first)'
           Parameter = 'MaxSourceNameLookups'; Cmdlet = 'Measure-DmarcReport'; DefaultValue = 1000
           WhenHit = 'warning `SourceNameLookupCapReached`; the rest have HostNameStatus `skipped`'; Tested = 'ResourceCaps.Tests.ps1' }
        @{ Cap = 'HTTPS body: MTA-STS policy'; AppliesTo = 'Get-MtaStsPolicy, Test-MtaStsPolicy, Test-MailDomain'; Default = '64 KB (RFC 8461 §3.3)'
           Parameter = $null; NoParameter = 'RFC 8461 §3.3 suggests 64 KB'; WhenHit = 'fetch status `toolarge`, finding `MtaSts.PolicyTooLarge`'; Tested = 'Transport.Integration.Tests.ps1' }
        @{ Cap = 'HTTPS body: BIMI logo, evidence document'; AppliesTo = 'Get-BimiRecord -Fetch, Test-MailDomain'; Default = '1 MB read (32 KB is the SVG limit, finding `Bimi.SvgTooLarge`), 256 KB evidence'
           Parameter = $null; NoParameter = 'the BIMI draft limits the logo to 32 KB'; WhenHit = 'fetch status `toolarge` and the BIMI finding for the fetch'; Tested = 'BimiFindingTests.cs, Transport.Integration.Tests.ps1' }
        @{ Cap = 'DNS answer size'; AppliesTo = 'every cmdlet that resolves'; Default = '65,535 bytes (RFC 1035 §4.2.2 over TCP); a UDP answer that does not fit is truncated and asked again over TCP'
           Parameter = $null; NoParameter = 'the protocol''s own limit'; WhenHit = '`temperror` when the TCP retry fails'; Tested = 'FaultMatrix.Tests.ps1 (truncated)' }
        @{ Cap = 'SPF answer size'; AppliesTo = 'Test-SpfRecord, Resolve-SpfRecord, Test-MailDomain'; Default = '450 octets (RFC 7208 §3.4)'
           Parameter = $null; NoParameter = 'RFC 7208 §3.4'; WhenHit = 'finding `Spf.RecordTooLarge`'; Tested = 'SpfLintTests.cs' }
        @{ Cap = 'CNAME chain'; AppliesTo = 'every cmdlet that resolves'; Default = '8 hops'
           Parameter = $null; NoParameter = 'longer chains are misconfiguration or loops'; WhenHit = '`temperror`: "CNAME chain longer than 8 hops or looping"'; Tested = 'ResourceCaps.Tests.ps1' }
        @{ Cap = 'SPF DNS-querying terms, void lookups'; AppliesTo = 'Get-SpfEvaluation, Test-SpfRecord'; Default = '10 and 2 (RFC 7208 §4.6.4)'
           Parameter = $null; NoParameter = 'RFC 7208 §4.6.4'; WhenHit = '`permerror`; findings `Spf.TooManyDnsLookups`, `Spf.TooManyVoidLookups`'; Tested = 'SpfLintTests.cs, TestSpfRecord.Tests.ps1' }
        @{ Cap = 'SPF include/redirect tree'; AppliesTo = 'Test-SpfRecord, Resolve-SpfRecord'; Default = 'depth 10, 100 distinct questions, 500 records'
           Parameter = $null; NoParameter = 'ten times the RFC''s 10-lookup limit'; WhenHit = 'finding `Spf.WalkIncomplete` naming the limit'; Tested = 'SpfTreeWalkerTests.cs' }
        @{ Cap = 'DMARC tree walk'; AppliesTo = 'Get-DmarcRecord, Test-DmarcRecord, Get-DmarcEvaluation'; Default = '8 questions (RFC 9989 §4.10)'
           Parameter = $null; NoParameter = 'RFC 9989 §4.10'; WhenHit = 'the walk skips names as the RFC says'; Tested = 'DmarcDiscoveryTests.cs' }
        @{ Cap = 'MX hosts resolved'; AppliesTo = 'Test-MailDomain, Test-SmtpTls'; Default = '10'
           Parameter = $null; NoParameter = 'RFC 7208 §4.6.4 takes 10 for SPF too; mail goes to the first that answers'; WhenHit = 'the rest are listed, not resolved'; Tested = 'not tested' }
        @{ Cap = 'DKIM RSA key size'; AppliesTo = 'DKIM and ARC cmdlets'; Default = '16,384 bits'
           Parameter = $null; NoParameter = 'no signer uses larger keys'; WhenHit = 'key refused: "keys over 16384 bits are refused"'; Tested = 'DkimHostileInputTests.cs' }
        @{ Cap = 'zone file'; AppliesTo = '-ZoneFile'; Default = '16 MB, 1,000,000 records'
           Parameter = $null; NoParameter = 'zone files here describe a few domains'; WhenHit = 'error naming the file and line'; Tested = 'ZoneFileParserTests.cs' }
        @{ Cap = 'results waiting in memory'; AppliesTo = 'every pipeline cmdlet'; Default = 'max(64, 4 x -ThrottleLimit)'
           Parameter = 'ThrottleLimit'; Cmdlet = 'Test-MailDomain'; DefaultValue = 16
           WhenHit = 'new inputs wait; output order is kept'; Tested = 'MailDomain.Tests.ps1' }
    )
}
