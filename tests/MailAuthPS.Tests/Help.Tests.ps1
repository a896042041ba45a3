# Help: every exported cmdlet and parameter is documented and Get-Help -Full shows it, and the
# markdown-to-MAML converter (tools/MamlHelp.psm1) writes what PowerShell's help loader reads.
# Runs in a fresh pwsh against the staged module: MAILAUTHPS_MANIFEST is the staged manifest,
# MAILAUTHPS_REPO the repository root.

BeforeDiscovery {
    if (-not $env:MAILAUTHPS_MANIFEST -or -not $env:MAILAUTHPS_REPO) {
        throw 'Set MAILAUTHPS_MANIFEST to the staged MailAuthPS.psd1 and MAILAUTHPS_REPO to the repository root.'
    }
    # Discovery runs before BeforeAll, so the cmdlet list needs its own import.
    $discovered = Import-Module $env:MAILAUTHPS_MANIFEST -Force -PassThru
    $notDocumented = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
    $cmdlets = @($discovered.ExportedCmdlets.Values | Sort-Object Name | ForEach-Object {
            @{
                Name       = $_.Name
                Parameters = @($_.Parameters.Keys | Where-Object { $_ -notin $notDocumented } | Sort-Object)
            }
        })
}

BeforeAll {
    $module = Import-Module $env:MAILAUTHPS_MANIFEST -Force -PassThru
    Import-Module (Join-Path $env:MAILAUTHPS_REPO 'tools/MamlHelp.psm1') -Force
    $docs = Join-Path $env:MAILAUTHPS_REPO 'docs'
    # PowerShell looks for a cmdlet's help beside the assembly that implements it (the root module is a script).
    $helpName = (Split-Path -Leaf (Get-Command -Module MailAuthPS -CommandType Cmdlet | Select-Object -First 1).DLL) + '-Help.xml'
    $fixtures = Join-Path $PSScriptRoot 'TestData/help'

    function Get-HelpText {
        # Help text comes back as objects with a Text property, one per paragraph.
        param($Value)
        (@($Value | ForEach-Object { if ($_ -is [string]) { $_ } else { $_.Text } }) -join "`n").Trim()
    }
    function Get-CompactText {
        param([string] $Text)
        ($Text -replace '\s+', ' ').Trim()
    }
}

Describe 'Staged module help' {
    It 'exports at least one cmdlet to document' {
        $module.ExportedCmdlets.Count | Should -BeGreaterThan 0
    }

    It 'ships its MAML help file in en-US' {
        $helpFile = Join-Path $module.ModuleBase "en-US/$helpName"
        $helpFile | Should -Exist
        $xml = [System.Xml.XmlDocument]::new()
        $xml.Load($helpFile)
        $xml.DocumentElement.LocalName | Should -Be 'helpItems'
        $xml.DocumentElement.GetAttribute('schema') | Should -Be 'maml'
    }

    It 'ships help built from the current docs' {
        # The converter is deterministic, so stale help in the staged module shows as a difference.
        $name = $helpName
        $fresh = Join-Path $TestDrive "fresh/en-US/$name"
        ConvertTo-MamlHelp -Path $docs -OutFile $fresh
        (Get-FileHash $fresh).Hash | Should -Be (Get-FileHash (Join-Path $module.ModuleBase "en-US/$name")).Hash
    }

    It 'has docs that agree with the cmdlets (Test-HelpCoverage)' {
        $problems = @(Test-HelpCoverage -Path $docs -Module $module)
        $problems | Should -BeNullOrEmpty -Because (($problems | ForEach-Object { "$($_.Command) $($_.Problem): $($_.Message)" }) -join '; ')
    }

    Context '<Name>' -ForEach $cmdlets {
        BeforeAll {
            $help = Get-Help -Name $Name -Full
            $page = Join-Path $docs "$Name.md"
        }

        It 'has docs/<Name>.md' {
            $page | Should -Exist
        }

        It 'shows the synopsis from the help file, not the syntax stub' {
            $synopsis = Get-CompactText $help.Synopsis
            $synopsis | Should -Not -BeNullOrEmpty
            # Without help, Get-Help makes the synopsis from the syntax, which starts with the name.
            $synopsis | Should -Not -BeLike "$Name *"
            $xml = [System.Xml.XmlDocument]::new()
            $xml.Load((Join-Path $module.ModuleBase "en-US/$helpName"))
            $node = @($xml.DocumentElement.ChildNodes | Where-Object { $_.LocalName -eq 'command' -and $_.details.name -eq $Name })
            $node.Count | Should -Be 1 -Because "the help file has one entry for $Name"
            $synopsis | Should -BeExactly (Get-CompactText (@($node[0].details.description.para) -join ' '))
        }

        It 'shows a description' {
            Get-HelpText $help.description | Should -Not -BeNullOrEmpty
        }

        It 'shows at least two examples' {
            # Filtered: @($null) would count as one example.
            @($help.examples.example | Where-Object { $_ }).Count | Should -BeGreaterOrEqual 2
        }

        It 'has examples whose code parses and calls <Name>' {
            $n = 0
            foreach ($example in @($help.examples.example | Where-Object { $_ })) {
                $n++
                # Drop a 'PS C:\>' prompt: it would parse as a command and hide mistakes.
                $code = $example.code -replace '(?m)^\s*PS [^>\r\n]*>\s?', ''
                $tokens = $null
                $errors = $null
                $ast = [System.Management.Automation.Language.Parser]::ParseInput($code, [ref] $tokens, [ref] $errors)
                $errors | Should -BeNullOrEmpty -Because "example $n of $Name must parse: $($errors | ForEach-Object Message)"
                $calls = $ast.FindAll({ param($a) $a -is [System.Management.Automation.Language.CommandAst] -and $a.GetCommandName() -eq $Name }, $true)
                @($calls).Count | Should -BeGreaterThan 0 -Because "example $n of $Name should show $Name"
            }
            $n | Should -BeGreaterOrEqual 2
        }

        It 'documents -<_> with a description' -ForEach $Parameters {
            $parameter = @($help.parameters.parameter | Where-Object name -EQ $_)
            $parameter.Count | Should -Be 1 -Because "Get-Help $Name -Full should list -$_ once"
            Get-HelpText $parameter[0].description | Should -Not -BeNullOrEmpty
        }
    }
}

Describe 'ConvertTo-MamlHelp' {
    BeforeAll {
        $outFile = Join-Path $TestDrive 'valid/en-US/MamlFixture.dll-Help.xml'
        ConvertTo-MamlHelp -Path (Join-Path $fixtures 'valid') -OutFile $outFile
        $doc = [System.Xml.XmlDocument]::new()
        $doc.Load($outFile)
        $ns = [System.Xml.XmlNamespaceManager]::new($doc.NameTable)
        $ns.AddNamespace('msh', 'http://msh')
        $ns.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
        $ns.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
        $ns.AddNamespace('dev', 'http://schemas.microsoft.com/maml/dev/2004/10')
        $cmd = $doc.SelectSingleNode('/msh:helpItems/command:command', $ns)

        # The comma stops PowerShell from unrolling a lone XmlElement into its child nodes.
        function Select-Maml {
            param([string] $XPath, $Node = $cmd)
            , @($Node.SelectNodes($XPath, $ns))
        }
        function Get-MamlText {
            param([string] $XPath, $Node = $cmd)
            foreach ($n in (Select-Maml $XPath $Node)) { $n.InnerText }
        }
        # A copy of the valid page changed by $Transform, in its own folder; fails if nothing changed.
        function New-PageVariant {
            param([string] $Case, [scriptblock] $Transform)
            $source = Get-Content -Raw -LiteralPath (Join-Path $fixtures 'valid/Get-MamlFixture.md')
            $changed = & $Transform $source
            $changed | Should -Not -Be $source -Because "the '$Case' variant must differ from the valid page"
            $dir = Join-Path $TestDrive "variant-$Case"
            $null = New-Item -ItemType Directory -Path $dir -Force
            Set-Content -LiteralPath (Join-Path $dir 'Get-MamlFixture.md') -Value $changed -NoNewline
            $dir
        }
    }

    It 'writes UTF-8 without a byte order mark, with an XML declaration' {
        $bytes = [System.IO.File]::ReadAllBytes($outFile)
        $bytes[0] | Should -Be ([byte][char]'<')
        [System.Text.Encoding]::UTF8.GetString($bytes) | Should -BeLike '<?xml version="1.0" encoding="utf-8"?>*'
    }

    It 'writes a helpItems root with schema maml and one command' {
        $doc.DocumentElement.NamespaceURI | Should -Be 'http://msh'
        $doc.DocumentElement.GetAttribute('schema') | Should -Be 'maml'
        (Select-Maml '/msh:helpItems/command:command' $doc).Count | Should -Be 1
    }

    It 'writes details with name, verb, noun and the synopsis' {
        Get-MamlText 'command:details/command:name' | Should -Be 'Get-MamlFixture'
        Get-MamlText 'command:details/command:verb' | Should -Be 'Get'
        Get-MamlText 'command:details/command:noun' | Should -Be 'MamlFixture'
        Get-MamlText 'command:details/maml:description/maml:para' | Should -Be 'Gets a fixture for the MAML converter tests.'
    }

    It 'joins source lines into paragraphs and keeps list items apart' {
        $paras = Get-MamlText 'maml:description/maml:para'
        $paras.Count | Should -Be 4
        $paras[0] | Should -BeExactly 'The Get-MamlFixture command exists only in tests. Its description spans two source lines.'
        $paras[2] | Should -BeExactly '- first list item'
        $paras[3] | Should -BeExactly '- second list item'
    }

    It 'escapes markup for XML and drops markdown escapes' {
        (Get-MamlText 'maml:description/maml:para')[1] | Should -BeExactly "Markup to escape: <tag> & `"quotes`" 'single' [brackets]."
        Get-Content -Raw -LiteralPath $outFile | Should -BeLike '*Markup to escape: &lt;tag&gt; &amp; "quotes"*'
    }

    It 'writes one syntaxItem per parameter set, parameters in syntax order' {
        $items = Select-Maml 'command:syntax/command:syntaxItem'
        $items.Count | Should -Be 2
        (Get-MamlText 'command:parameter/maml:name' $items[0]) -join ',' | Should -Be 'Name,Limit,Mode,Force'
        (Get-MamlText 'command:parameter/maml:name' $items[1]) -join ',' | Should -Be 'Path,Limit,Mode,Force'
        Get-MamlText 'maml:name' $items[1] | Should -Be 'Get-MamlFixture'
    }

    It 'takes parameter attributes from the yaml block of each parameter set' {
        $byName = (Select-Maml 'command:syntax/command:syntaxItem')[0]
        $byPath = (Select-Maml 'command:syntax/command:syntaxItem')[1]
        $name = (Select-Maml 'command:parameter[maml:name="Name"]' $byName)[0]
        $name.GetAttribute('required') | Should -Be 'true'
        $name.GetAttribute('position') | Should -Be '0'
        $name.GetAttribute('pipelineInput') | Should -Be 'True (ByPropertyName, ByValue)'
        $name.GetAttribute('globbing') | Should -Be 'false'
        $name.GetAttribute('aliases') | Should -Be 'FixtureName'
        Get-MamlText 'dev:type/maml:name' $name | Should -Be 'String[]'
        (Select-Maml 'command:parameter[maml:name="Path"]' $byPath)[0].GetAttribute('globbing') | Should -Be 'true'
        (Select-Maml 'command:parameter[maml:name="Limit"]' $byName)[0].GetAttribute('position') | Should -Be '1'
        (Select-Maml 'command:parameter[maml:name="Limit"]' $byPath)[0].GetAttribute('position') | Should -Be 'named'
        (Select-Maml 'command:parameter[maml:name="Mode"]' $byPath)[0].GetAttribute('aliases') | Should -Be 'none'
    }

    It 'gives a switch no value in syntax lines, but a type' {
        $force = (Select-Maml 'command:syntax/command:syntaxItem/command:parameter[maml:name="Force"]')[0]
        (Select-Maml 'command:parameterValue' $force).Count | Should -Be 0
        Get-MamlText 'dev:type/maml:name' $force | Should -Be 'SwitchParameter'
    }

    It 'lists each parameter once with description, default and accepted values' {
        (Get-MamlText 'command:parameters/command:parameter/maml:name') -join ',' | Should -Be 'Name,Path,Limit,Mode,Force'
        $p = 'command:parameters/command:parameter'
        Get-MamlText "$p[maml:name='Name']/maml:description/maml:para" | Should -BeExactly 'The fixture names, with <angle> & ampersand.'
        Get-MamlText "$p[maml:name='Limit']/dev:defaultValue" | Should -Be '10'
        Get-MamlText "$p[maml:name='Name']/dev:defaultValue" | Should -Be 'None'
        (Get-MamlText "$p[maml:name='Mode']/command:parameterValueGroup/command:parameterValue") -join ',' | Should -Be 'Fast,Full'
        Get-MamlText "$p[maml:name='Mode']/command:parameterValue" | Should -Be 'String'
    }

    It 'writes each example with its title, code and remarks' {
        $examples = Select-Maml 'command:examples/command:example'
        $examples.Count | Should -Be 2
        Get-MamlText 'maml:title' $examples[0] | Should -BeLike '*Example 1: Get one fixture by name*'
        Get-MamlText 'dev:code' $examples[0] | Should -BeExactly "# A comment that looks like a markdown heading.`nGet-MamlFixture -Name 'a<b>&c'"
        Get-MamlText 'dev:remarks/maml:para' $examples[0] | Should -Contain 'Gets the fixture named a<b>&c.'
        Get-MamlText 'dev:code' $examples[1] | Should -BeExactly "Get-ChildItem ./fixtures/*.txt |`n    Get-MamlFixture -Limit 3 -Force"
        $remarks = Get-MamlText 'dev:remarks/maml:para' $examples[1]
        $remarks | Should -Contain "Name Size`n---- ----`na    1"
        $remarks | Should -Contain 'Binds -Path from the pipeline by property name.'
    }

    It 'writes inputs, outputs and notes' {
        Get-MamlText 'command:inputTypes/command:inputType/dev:type/maml:name' | Should -Be 'System.String[]'
        Get-MamlText 'command:inputTypes/command:inputType/maml:description/maml:para' | Should -Be 'Fixture names.'
        Get-MamlText 'command:returnValues/command:returnValue/dev:type/maml:name' | Should -Be 'System.Management.Automation.PSObject'
        Get-MamlText 'maml:alertSet/maml:alert/maml:para' | Should -Be 'Fixtures never touch the network.'
    }

    It 'writes related links with the online version first' {
        $links = Select-Maml 'maml:relatedLinks/maml:navigationLink'
        (Get-MamlText 'maml:linkText' $links[0]) | Should -Be 'Online Version:'
        (Get-MamlText 'maml:uri' $links[0]) | Should -Be 'https://example.org/help/Get-MamlFixture'
        (Get-MamlText 'maml:linkText' $links[1]) | Should -Be 'about_MamlFixture'
        (Get-MamlText 'maml:uri' $links[2]) | Should -Be 'https://example.org/maml'
    }

    It 'writes the same bytes every time' {
        $again = Join-Path $TestDrive 'again/MamlFixture.dll-Help.xml'
        ConvertTo-MamlHelp -Path (Join-Path $fixtures 'valid') -OutFile $again
        (Get-FileHash $again).Hash | Should -Be (Get-FileHash $outFile).Hash
    }

    It 'rejects a page with one example, naming the file, and writes nothing' {
        $out = Join-Path $TestDrive 'one-example/MamlFixture.dll-Help.xml'
        { ConvertTo-MamlHelp -Path (Join-Path $fixtures 'one-example') -OutFile $out } |
            Should -Throw -ExpectedMessage '*Get-MamlFixture.md:*1 example(s); at least 2 are required*' -ErrorId 'MamlHelp.InvalidMarkdown,ConvertTo-MamlHelp'
        $out | Should -Not -Exist
    }

    It 'rejects a page <Case>' -ForEach @(
        @{ Case = 'without SYNOPSIS'; Expected = "*no '## SYNOPSIS' section*"; Transform = { param($t) $t -replace '(?s)## SYNOPSIS.*?(?=## SYNTAX)', '' } }
        @{ Case = 'with an empty SYNOPSIS'; Expected = '*SYNOPSIS is empty*'; Transform = { param($t) $t -replace 'Gets a fixture for the MAML converter tests\.', '' } }
        @{ Case = 'without DESCRIPTION'; Expected = "*no '## DESCRIPTION' section*"; Transform = { param($t) $t -replace '(?s)## DESCRIPTION.*?(?=## EXAMPLES)', '' } }
        @{ Case = 'whose yaml lacks Position'; Expected = '*parameter -Path yaml lacks: Position*'; Transform = { param($t) $t -replace '(?s)(### -Path.*?)Position: Named\r?\n', '$1' } }
        @{ Case = 'whose title is not its file name'; Expected = "*title '# Get-Fixture' does not match*"; Transform = { param($t) $t -replace '# Get-MamlFixture', '# Get-Fixture' } }
        @{ Case = 'whose syntax shows an undocumented parameter'; Expected = '*shows -Quiet, which has no ### -Quiet section*'; Transform = { param($t) [regex]::new('\[-Force\]').Replace($t, '[-Force] [-Quiet]', 1) } }
        @{ Case = 'with a parameter without description'; Expected = '*parameter -Force has no description*'; Transform = { param($t) $t -replace 'Reads hidden fixtures too\.', '' } }
        @{ Case = 'with an unknown section'; Expected = "*unknown section '## PARAMETER'*"; Transform = { param($t) $t -replace '## NOTES', '## PARAMETER' } }
        @{ Case = 'with an example that is not powershell'; Expected = '*Example 1 must start with a *powershell code block*'; Transform = { param($t) $t -replace '```powershell\r?\n# A comment', "``````text`n# A comment" } }
        @{ Case = 'with a character XML cannot hold'; Expected = '*hexadecimal value 0x01, is an invalid character*'; Transform = { param($t) $t -replace 'Reads hidden fixtures too\.', "Reads hidden$([char]1)fixtures too." } }
        @{ Case = 'with an unclosed code fence'; Expected = '*code fence is never closed*'; Transform = { param($t) $t -replace '(?s)(Accept wildcard characters: False\r?\n)```(\r?\n\r?\n### CommonParameters)', '$1$2' } }
    ) {
        $dir = New-PageVariant $Case $Transform
        $out = Join-Path $dir 'out/MamlFixture.dll-Help.xml'
        { ConvertTo-MamlHelp -Path $dir -OutFile $out } | Should -Throw -ExpectedMessage ("*Get-MamlFixture.md:*" + $Expected.TrimStart('*'))
        $out | Should -Not -Exist
    }
}

Describe 'MAML read by the PowerShell help loader' {
    BeforeAll {
        # A real binary cmdlet for the fixture page, laid out as a module: <base>/en-US/<dll>-Help.xml.
        $base = Join-Path $TestDrive 'MamlFixture'
        $null = New-Item -ItemType Directory -Path $base -Force
        $dll = Join-Path $base 'MamlFixture.dll'
        Add-Type -TypeDefinition (Get-Content -Raw -LiteralPath (Join-Path $fixtures 'MamlFixtureCommand.cs')) -OutputAssembly $dll -OutputType Library
        ConvertTo-MamlHelp -Path (Join-Path $fixtures 'valid') -OutFile (Join-Path $base 'en-US/MamlFixture.dll-Help.xml')
        $fixtureModule = Import-Module $dll -PassThru -Force
        $help = Get-Help Get-MamlFixture -Full
    }
    AfterAll {
        if ($fixtureModule) { Remove-Module $fixtureModule -Force }
    }

    It 'shows the synopsis and description' {
        $help.Synopsis | Should -BeExactly 'Gets a fixture for the MAML converter tests.'
        Get-HelpText $help.description | Should -BeLike 'The Get-MamlFixture command exists only in tests.*'
    }

    It 'shows both syntax lines' {
        @($help.syntax.syntaxItem).Count | Should -Be 2
        (Get-Help Get-MamlFixture | Out-String -Width 200) | Should -BeLike '*Get-MamlFixture `[-Name`] <String`[`]> `[`[-Limit`] <Int32>`]*'
    }

    It 'shows every parameter with its description and attributes' {
        $p = @($help.parameters.parameter | Where-Object name -EQ 'Name')[0]
        Get-HelpText $p.description | Should -Be 'The fixture names, with <angle> & ampersand.'
        $p.required | Should -Be 'true'
        $p.pipelineInput | Should -Be 'True (ByPropertyName, ByValue)'
        $p.aliases | Should -Be 'FixtureName'
        @($help.parameters.parameter).Count | Should -Be 5
    }

    It 'shows both examples with code and remarks' {
        $examples = @($help.examples.example)
        $examples.Count | Should -Be 2
        $examples[0].code | Should -BeLike '*Get-MamlFixture -Name *'
        Get-HelpText $examples[1].remarks | Should -BeLike '*Binds -Path from the pipeline by property name.*'
    }

    It 'Test-HelpCoverage finds nothing wrong with the matching page' {
        $problems = @(Test-HelpCoverage -Path (Join-Path $fixtures 'valid') -Module $fixtureModule)
        $problems | Should -BeNullOrEmpty -Because (($problems | ForEach-Object Message) -join '; ')
    }

    It 'Test-HelpCoverage reports pages that drift from the cmdlet' {
        $dir = Join-Path $TestDrive 'drift'
        $null = New-Item -ItemType Directory -Path $dir -Force
        $text = Get-Content -Raw -LiteralPath (Join-Path $fixtures 'valid/Get-MamlFixture.md')
        $drift = $text -replace 'Aliases: FixtureName', 'Aliases: Fixture' -replace '### -Force', '### -Forced' -replace '\[-Force\]', '[-Forced]' -replace 'Position: 1', 'Position: 2'
        $drift | Should -Not -Be $text
        Set-Content -LiteralPath (Join-Path $dir 'Get-MamlFixture.md') -Value $drift -NoNewline
        Set-Content -LiteralPath (Join-Path $dir 'Get-Unexported.md') -Value ($text -replace 'Get-MamlFixture', 'Get-Unexported') -NoNewline

        $problems = @(Test-HelpCoverage -Path $dir -Module $fixtureModule)
        $found = @($problems | ForEach-Object { "$($_.Command)|$($_.Problem)|$($_.Message)" })
        $found | Should -Contain 'Get-MamlFixture|MissingParameter|-Force has no ### -Force section'
        $found | Should -Contain 'Get-MamlFixture|UnknownParameter|the page documents -Forced, which Get-MamlFixture does not have'
        $found | Should -Contain "Get-MamlFixture|ParameterMismatch|-Name: Aliases are 'FixtureName', the page says 'Fixture'"
        $found | Should -Contain "Get-MamlFixture|ParameterMismatch|-Limit: in set 'ByName' Position is 1, the page says 2"
        @($problems | Where-Object { $_.Command -eq 'Get-Unexported' -and $_.Problem -eq 'UnknownCommand' }).Count | Should -Be 1
        $problems.Count | Should -Be 5 -Because ($found -join '; ')
    }

    It 'Test-HelpCoverage reports a cmdlet without a page and a page with one example' {
        $empty = Join-Path $TestDrive 'empty-docs'
        $null = New-Item -ItemType Directory -Path $empty -Force
        @(Test-HelpCoverage -Path $empty -Module $fixtureModule).Problem | Should -Be 'MissingPage'
        @(Test-HelpCoverage -Path (Join-Path $fixtures 'one-example') -Module $fixtureModule).Problem | Should -Contain 'TooFewExamples'
    }
}
