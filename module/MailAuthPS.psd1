@{
    RootModule           = 'MailAuthPS.dll'
    # Imported first (nested modules come before the root): puts the core where the cmdlets find it.
    NestedModules        = @('MailAuthPS.Bootstrap.dll')
    ModuleVersion        = '{{Version}}'
    GUID                 = '6f0b8a3e-2c4d-4e57-9a1b-3d5c7e9f1a24'
    Author               = 'MailAuthPS contributors'
    CompanyName          = 'MailAuthPS'
    Copyright            = '(c) MailAuthPS contributors. MIT licence.'
    Description          = 'E-mail authentication toolkit: SPF, DKIM, DMARC, ARC, MTA-STS, TLS-RPT, BIMI checks, evaluation and report analysis as typed objects.'
    CompatiblePSEditions = @('Desktop', 'Core')
    PowerShellVersion    = '5.1'
    FormatsToProcess     = @('MailAuthPS.Format.ps1xml')
    CmdletsToExport      = @({{Cmdlets}})
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    FileList             = @({{FileList}})
    PrivateData          = @{
        PSData = @{
            Tags         = @('SPF', 'DKIM', 'DMARC', 'ARC', 'MTA-STS', 'TLS-RPT', 'BIMI', 'DANE', 'Email', 'DNS', 'Exchange', 'Microsoft365', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://www.powershellgallery.com/packages/MailAuthPS'
            ReleaseNotes = 'First release: SPF, DKIM (RSA and Ed25519), DMARC (RFC 9989), ARC validation and sealing, MTA-STS, TLS-RPT, BIMI, STARTTLS and DANE checks, DMARC and TLS-RPT report import, and Test-MailDomain audits with HTML, CSV, JSON and Markdown reports.'
        }
    }
}
