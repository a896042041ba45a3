# Turns platyPS (schema 2.0.0) markdown into MAML help without platyPS, and checks that a
# module's cmdlets and parameters are documented. Dependency-free so the build can always run it.
Set-StrictMode -Version 3.0

$script:KnownSections = @('SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS')
$script:RequiredSections = @('SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS')
$script:YamlKeys = @('Type', 'Parameter Sets', 'Aliases', 'Required', 'Position', 'Default value', 'Accept pipeline input', 'Accept wildcard characters')
$script:FrontMatterKeys = @('external help file', 'Module Name', 'online version', 'schema')
$script:MinExamples = 2
$script:CodeSpan = [regex]::new('(?<fence>`+)(?<text>.+?)\k<fence>', 'Compiled')
$script:AllYamlKeys = [System.Collections.Generic.HashSet[string]]::new([string[]] ($script:YamlKeys + 'Accepted values', 'Applicable'), [System.StringComparer]::Ordinal)
$script:NsMaml = 'http://schemas.microsoft.com/maml/2004/10'
$script:NsCommand = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$script:NsDev = 'http://schemas.microsoft.com/maml/dev/2004/10'
$script:NsMsHelp = 'http://msdn.microsoft.com/mshelp'
$script:NsMsh = 'http://msh'

#region Markdown reading

function Add-PageError {
    param($Context, [int] $Line, [string] $Code, [string] $Message)
    $Context.Errors.Add([pscustomobject]@{
            File    = $Context.DisplayPath
            Line    = $Line
            Code    = $Code
            Message = $Message
        })
}

# Splits lines into headings, fenced blocks and paragraphs. Fences are recognised first so
# that a '# comment' inside a PowerShell example is never mistaken for a heading.
function Split-MarkdownBlock {
    param([string[]] $Lines, [int] $FirstLineNumber, $Context)

    $blocks = [System.Collections.Generic.List[object]]::new()
    $para = $null
    $i = 0
    while ($i -lt $Lines.Count) {
        $line = $Lines[$i]
        $lineNo = $FirstLineNumber + $i
        if ($line -match '^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)') {
            if ($para) { $blocks.Add($para); $para = $null }
            $fence = $Matches[1]
            $lang = $Matches[2].ToLowerInvariant()
            $closer = '^ {0,3}' + [regex]::Escape($fence.Substring(0, 1)) + '{' + $fence.Length + ',}\s*$'
            $body = [System.Collections.Generic.List[string]]::new()
            $closed = $false
            $i++
            while ($i -lt $Lines.Count) {
                if ($Lines[$i] -match $closer) { $closed = $true; break }
                $body.Add($Lines[$i])
                $i++
            }
            if (-not $closed) {
                Add-PageError $Context $lineNo 'MalformedPage' 'code fence is never closed'
            }
            $blocks.Add([pscustomobject]@{ Kind = 'Fence'; Lang = $lang; Lines = $body.ToArray(); Line = $lineNo; Text = '' })
            $i++
            continue
        }
        if ($line -match '^(#{1,6})\s+(.*?)\s*$') {
            if ($para) { $blocks.Add($para); $para = $null }
            $blocks.Add([pscustomobject]@{ Kind = 'Heading'; Level = $Matches[1].Length; Text = $Matches[2]; Line = $lineNo })
        }
        elseif ($line -match '^\s*$') {
            if ($para) { $blocks.Add($para); $para = $null }
        }
        else {
            # Each list item becomes its own paragraph: Get-Help re-wraps paragraph text.
            if ($para -and $line -match '^ {0,3}([-*+]|\d+[.)])\s+') { $blocks.Add($para); $para = $null }
            if (-not $para) {
                $para = [pscustomobject]@{ Kind = 'Para'; Lines = [System.Collections.Generic.List[string]]::new(); Line = $lineNo; Text = '' }
            }
            $para.Lines.Add($line.Trim())
        }
        $i++
    }
    if ($para) { $blocks.Add($para) }
    foreach ($b in $blocks) {
        if ($b.Kind -eq 'Para') { $b.Text = ConvertFrom-InlineMarkdown ($b.Lines -join ' ') }
        elseif ($b.Kind -eq 'Fence') { $b.Text = $b.Lines -join "`n" }
    }
    , $blocks
}

# Get-Help shows plain text: drop code-span backticks, keep link text (and absolute URLs),
# undo backslash escapes such as \< that platyPS writes. Plain -replace: a scriptblock
# match evaluator costs milliseconds a call.
function ConvertFrom-InlineMarkdown {
    param([string] $Text)
    if ($Text.IndexOfAny([char[]] '`[*\\') -lt 0) { return $Text }
    $out = [System.Text.StringBuilder]::new()
    $at = 0
    foreach ($m in $script:CodeSpan.Matches($Text)) {
        $null = $out.Append((ConvertFrom-MarkdownProse $Text.Substring($at, $m.Index - $at))).Append($m.Groups['text'].Value.Trim())
        $at = $m.Index + $m.Length
    }
    $null = $out.Append((ConvertFrom-MarkdownProse $Text.Substring($at)))
    $out.ToString()
}

function ConvertFrom-MarkdownProse {
    param([string] $Text)
    $Text -replace '\[([^\]]*)\]\((https?://[^)\s]*)\)', '$1 ($2)' -replace '\[([^\]]*)\]\([^)\s]*\)', '$1' -replace '\*\*([^*]+)\*\*', '$1' -replace '\\([!-/:-@\[-`{-~])', '$1'
}

function ConvertTo-ParagraphList {
    # Prose sections: paragraphs as text, fenced blocks verbatim, headings not allowed.
    param($Blocks, $Context, [string] $Section)
    $paras = [System.Collections.Generic.List[string]]::new()
    foreach ($b in $Blocks) {
        if ($b.Kind -eq 'Heading') {
            Add-PageError $Context $b.Line 'MalformedPage' "unexpected heading '$($b.Text)' in $Section"
        }
        elseif ($b.Text.Trim().Length -gt 0) { $paras.Add($b.Text) }
    }
    , $paras
}

function Read-ParameterYaml {
    param($Fence, $Context, [string] $ParameterName)
    $values = @{}
    $n = $Fence.Line
    foreach ($raw in $Fence.Lines) {
        $n++
        if ($raw -match '^\s*$') { continue }
        if ($raw -notmatch '^([A-Za-z][A-Za-z ]*?):\s*(.*?)\s*$') {
            Add-PageError $Context $n 'MalformedPage' "parameter -$ParameterName has a yaml line that is not 'Key: value': '$raw'"
            continue
        }
        $key = $Matches[1]
        $value = $Matches[2]
        if (-not $script:AllYamlKeys.Contains($key)) {
            Add-PageError $Context $n 'MalformedPage' "parameter -$ParameterName has an unknown yaml key '$key'"
            continue
        }
        if ($values.ContainsKey($key)) {
            Add-PageError $Context $n 'MalformedPage' "parameter -$ParameterName repeats the yaml key '$key'"
        }
        $values[$key] = $value
    }
    $missing = @(foreach ($k in $script:YamlKeys) { if (-not $values.ContainsKey($k)) { $k } })
    if ($missing.Count -gt 0) {
        Add-PageError $Context $Fence.Line 'MalformedPage' "parameter -$ParameterName yaml lacks: $($missing -join ', ')"
        return $null
    }

    # The leading comma keeps an empty or one-item list an array under strict mode.
    $split = { param($s) , @(foreach ($part in ($s -split ',')) { if ($part.Trim()) { $part.Trim() } }) }
    $bool = {
        param($key)
        switch -Regex ($values[$key]) {
            '^(?i)true$' { return $true }
            '^(?i)false$' { return $false }
            default { Add-PageError $Context $Fence.Line 'MalformedPage' "parameter -$ParameterName '${key}: $($values[$key])' must be True or False"; return $false }
        }
    }
    if ($values['Type'].Length -eq 0) {
        Add-PageError $Context $Fence.Line 'MalformedPage' "parameter -$ParameterName has an empty Type"
    }
    $position = $values['Position']
    if ($position -match '^(?i)named$') { $position = 'named' }
    elseif ($position -notmatch '^\d+$') {
        Add-PageError $Context $Fence.Line 'MalformedPage' "parameter -$ParameterName 'Position: $position' must be a number or Named"
    }
    $pipeline = $values['Accept pipeline input']
    $kinds = @()
    if ($pipeline -match '^(?i)(True|False)(?:\s*\((.*)\))?$') {
        $kinds = & $split $Matches[2]
        $bad = @(foreach ($k in $kinds) { if ($k -cnotin 'ByValue', 'ByPropertyName', 'FromRemainingArguments') { $k } })
        if ($bad.Count -gt 0 -or (($Matches[1] -eq 'True') -ne ($kinds.Count -gt 0))) {
            Add-PageError $Context $Fence.Line 'MalformedPage' "parameter -$ParameterName 'Accept pipeline input: $pipeline' must be False or True (ByValue, ByPropertyName)"
        }
    }
    else {
        Add-PageError $Context $Fence.Line 'MalformedPage' "parameter -$ParameterName 'Accept pipeline input: $pipeline' must be False or True (ByValue, ByPropertyName)"
    }
    $sets = & $split $values['Parameter Sets']
    if ($sets.Count -eq 0) {
        Add-PageError $Context $Fence.Line 'MalformedPage' "parameter -$ParameterName has no Parameter Sets (use '(All)')"
    }
    $accepted = @()
    if ($values.ContainsKey('Accepted values')) { $accepted = & $split $values['Accepted values'] }

    [pscustomobject]@{
        Type           = $values['Type']
        AllSets        = ($sets.Count -eq 1 -and $sets[0] -eq '(All)')
        Sets           = $sets
        Aliases        = & $split $values['Aliases']
        Required       = & $bool 'Required'
        Position       = $position
        DefaultValue   = $(if ($values['Default value']) { $values['Default value'] } else { 'None' })
        PipelineInput  = $pipeline
        PipelineKinds  = $kinds
        Globbing       = & $bool 'Accept wildcard characters'
        AcceptedValues = $accepted
        Line           = $Fence.Line
    }
}

# Reads one page. Always returns the page as far as it could be read, plus every problem
# found, so that one build run reports them all.
function Read-HelpPage {
    param([string] $FullPath, [string] $DisplayPath)

    $ctx = [pscustomobject]@{ DisplayPath = $DisplayPath; Errors = [System.Collections.Generic.List[object]]::new() }
    $name = [System.IO.Path]::GetFileNameWithoutExtension($FullPath)
    $page = [pscustomobject]@{
        Name        = $name
        File        = $DisplayPath
        FrontMatter = @{}
        Synopsis    = [System.Collections.Generic.List[string]]::new()
        Description = [System.Collections.Generic.List[string]]::new()
        Syntax      = [System.Collections.Generic.List[object]]::new()
        Examples    = [System.Collections.Generic.List[object]]::new()
        Parameters  = [System.Collections.Generic.List[object]]::new()
        Inputs      = [System.Collections.Generic.List[object]]::new()
        Outputs     = [System.Collections.Generic.List[object]]::new()
        Notes       = [System.Collections.Generic.List[string]]::new()
        Links       = [System.Collections.Generic.List[object]]::new()
        Errors      = $ctx.Errors
    }

    $lines = [System.IO.File]::ReadAllText($FullPath, [System.Text.Encoding]::UTF8) -split '\r?\n'
    $bodyStart = 0
    if ($lines[0].Trim() -ne '---') {
        Add-PageError $ctx 1 'MalformedPage' "the page does not start with '---' YAML front matter"
    }
    else {
        $end = -1
        for ($k = 1; $k -lt $lines.Count; $k++) { if ($lines[$k].Trim() -eq '---') { $end = $k; break } }
        if ($end -lt 0) {
            Add-PageError $ctx 1 'MalformedPage' 'the YAML front matter is never closed with ---'
            $end = 0
        }
        for ($k = 1; $k -lt $end; $k++) {
            if ($lines[$k] -match '^\s*$') { continue }
            if ($lines[$k] -match '^([^:]+):\s*(.*?)\s*$') {
                $page.FrontMatter[$Matches[1].Trim()] = $Matches[2].Trim().Trim('"', "'")
            }
            else {
                Add-PageError $ctx ($k + 1) 'MalformedPage' "front matter line is not 'key: value': '$($lines[$k])'"
            }
        }
        foreach ($key in $script:FrontMatterKeys) {
            if (-not $page.FrontMatter.ContainsKey($key)) { Add-PageError $ctx 1 'MalformedPage' "front matter lacks '$key'" }
        }
        if ($page.FrontMatter.ContainsKey('schema') -and $page.FrontMatter['schema'] -ne '2.0.0') {
            Add-PageError $ctx 1 'MalformedPage' "front matter 'schema: $($page.FrontMatter['schema'])' is not 2.0.0"
        }
        $bodyStart = $end + 1
    }

    $blocks = [System.Collections.Generic.List[object]]::new()
    if ($bodyStart -lt $lines.Count) {
        $blocks = Split-MarkdownBlock -Lines $lines[$bodyStart..($lines.Count - 1)] -FirstLineNumber ($bodyStart + 1) -Context $ctx
    }

    # '# Verb-Noun', then '## SECTION' headings, each owning the blocks up to the next one.
    $sections = [ordered]@{}
    $sectionLine = @{}
    $current = $null
    $sawTitle = $false
    foreach ($b in $blocks) {
        if ($b.Kind -eq 'Heading' -and $b.Level -eq 1) {
            if ($sawTitle) { Add-PageError $ctx $b.Line 'MalformedPage' "second top-level heading '$($b.Text)'" }
            elseif ($b.Text -cne $name) { Add-PageError $ctx $b.Line 'MalformedPage' "title '# $($b.Text)' does not match the file name '$name.md'" }
            $sawTitle = $true
            $current = $null
            continue
        }
        if ($b.Kind -eq 'Heading' -and $b.Level -eq 2) {
            $title = $b.Text.ToUpperInvariant()
            if ($title -notin $script:KnownSections) {
                Add-PageError $ctx $b.Line 'MalformedPage' "unknown section '## $($b.Text)'"
                $current = $null
            }
            elseif ($sections.Contains($title)) {
                Add-PageError $ctx $b.Line 'MalformedPage' "section '## $title' appears twice"
                $current = $null
            }
            else {
                $current = [System.Collections.Generic.List[object]]::new()
                $sections[$title] = $current
                $sectionLine[$title] = $b.Line
            }
            continue
        }
        if ($null -eq $current) {
            if ($sawTitle -and $sections.Count -eq 0) {
                Add-PageError $ctx $b.Line 'MalformedPage' 'content between the title and the first ## section'
            }
            elseif (-not $sawTitle) {
                Add-PageError $ctx $b.Line 'MalformedPage' "content before the '# $name' title"
            }
            continue
        }
        $current.Add($b)
    }
    if (-not $sawTitle) { Add-PageError $ctx ($bodyStart + 1) 'MalformedPage' "the page has no '# $name' title" }
    foreach ($s in $script:RequiredSections) {
        if (-not $sections.Contains($s)) {
            $code = switch ($s) { 'SYNOPSIS' { 'MissingSynopsis' } 'DESCRIPTION' { 'MissingDescription' } 'EXAMPLES' { 'TooFewExamples' } default { 'MalformedPage' } }
            Add-PageError $ctx 1 $code "the page has no '## $s' section"
        }
    }

    if ($sections.Contains('SYNOPSIS')) {
        $page.Synopsis.AddRange((ConvertTo-ParagraphList $sections['SYNOPSIS'] $ctx 'SYNOPSIS'))
        if ($page.Synopsis.Count -eq 0) { Add-PageError $ctx $sectionLine['SYNOPSIS'] 'MissingSynopsis' 'SYNOPSIS is empty' }
    }
    if ($sections.Contains('DESCRIPTION')) {
        $page.Description.AddRange((ConvertTo-ParagraphList $sections['DESCRIPTION'] $ctx 'DESCRIPTION'))
        if ($page.Description.Count -eq 0) { Add-PageError $ctx $sectionLine['DESCRIPTION'] 'MissingDescription' 'DESCRIPTION is empty' }
    }
    if ($sections.Contains('NOTES')) {
        $page.Notes.AddRange((ConvertTo-ParagraphList $sections['NOTES'] $ctx 'NOTES'))
    }
    if ($sections.Contains('SYNTAX')) { Read-SyntaxSection $sections['SYNTAX'] $sectionLine['SYNTAX'] $page $ctx }
    if ($sections.Contains('EXAMPLES')) { Read-ExampleSection $sections['EXAMPLES'] $sectionLine['EXAMPLES'] $page $ctx }
    if ($sections.Contains('PARAMETERS')) { Read-ParameterSection $sections['PARAMETERS'] $page $ctx }
    if ($sections.Contains('INPUTS')) { Read-TypeSection $sections['INPUTS'] 'INPUTS' $page.Inputs $ctx }
    if ($sections.Contains('OUTPUTS')) { Read-TypeSection $sections['OUTPUTS'] 'OUTPUTS' $page.Outputs $ctx }
    if ($sections.Contains('RELATED LINKS')) { Read-LinkSection $sections['RELATED LINKS'] $page $ctx }
    if ($sections.Contains('SYNTAX') -and $sections.Contains('PARAMETERS')) { Test-SyntaxAgainstParameter $page $ctx }
    $page
}

function Read-SyntaxSection {
    param($Blocks, [int] $SectionLine, $Page, $Context)
    $set = $null
    foreach ($b in $Blocks) {
        if ($b.Kind -eq 'Heading' -and $b.Level -eq 3) {
            if ($b.Text -notmatch '^(?<name>[^\s()]+)(?<default>\s+\(Default\))?$') {
                Add-PageError $Context $b.Line 'MalformedPage' "syntax heading '### $($b.Text)' is not 'ParameterSetName' or 'ParameterSetName (Default)'"
            }
            $set = [pscustomobject]@{ Name = $b.Text -replace '\s+\(Default\)$'; IsDefault = $b.Text -match '\(Default\)$'; Text = $null; Parameters = @(); Line = $b.Line }
            $Page.Syntax.Add($set)
        }
        elseif ($b.Kind -eq 'Fence') {
            if (-not $set -and $Page.Syntax.Count -eq 0) {
                # A cmdlet without named parameter sets: platyPS may omit the heading.
                $set = [pscustomobject]@{ Name = '__AllParameterSets'; IsDefault = $false; Text = $null; Parameters = @(); Line = $b.Line }
                $Page.Syntax.Add($set)
            }
            if (-not $set -or $null -ne $set.Text) {
                Add-PageError $Context $b.Line 'MalformedPage' 'syntax code block without its own ### parameter set heading'
                continue
            }
            $set.Text = ($b.Lines -join ' ').Trim()
            if ($set.Text -notmatch ('^' + [regex]::Escape($Page.Name) + '(\s|$)')) {
                Add-PageError $Context $b.Line 'MalformedPage' "syntax for '$($set.Name)' does not start with $($Page.Name)"
            }
            $set.Parameters = @(foreach ($m in [regex]::Matches($set.Text, '(?<=[\[\s])-([A-Za-z_][A-Za-z0-9_]*)')) { $m.Groups[1].Value })
        }
        else {
            Add-PageError $Context $b.Line 'MalformedPage' 'SYNTAX holds only ### parameter set headings and code blocks'
        }
    }
    if ($Page.Syntax.Count -eq 0) { Add-PageError $Context $SectionLine 'MalformedPage' 'SYNTAX has no syntax block' }
    foreach ($s in $Page.Syntax) {
        if ($null -eq $s.Text) { Add-PageError $Context $s.Line 'MalformedPage' "parameter set '$($s.Name)' has no syntax code block" }
    }
    $seen = [System.Collections.Generic.HashSet[string]]::new()
    foreach ($s in $Page.Syntax) {
        if (-not $seen.Add($s.Name)) { Add-PageError $Context $s.Line 'MalformedPage' "parameter set '$($s.Name)' appears twice in SYNTAX" }
    }
    if ($Page.Syntax.Where({ $_.IsDefault }).Count -gt 1) { Add-PageError $Context $SectionLine 'MalformedPage' 'more than one parameter set is marked (Default)' }
}

function Read-ExampleSection {
    param($Blocks, [int] $SectionLine, $Page, $Context)
    $ex = $null
    foreach ($b in $Blocks) {
        if ($b.Kind -eq 'Heading') {
            if ($b.Level -ne 3 -or $b.Text -notmatch '^Example (\d+):\s*(\S.*)$') {
                Add-PageError $Context $b.Line 'MalformedPage' "example heading '$($b.Text)' is not '### Example N: title'"
                $ex = $null
                continue
            }
            $ex = [pscustomobject]@{
                Number  = [int] $Matches[1]
                Title   = ConvertFrom-InlineMarkdown $Matches[2]
                Code    = [System.Collections.Generic.List[string]]::new()
                Remarks = [System.Collections.Generic.List[string]]::new()
                InCode  = $true
                Line    = $b.Line
            }
            if ($ex.Number -ne $Page.Examples.Count + 1) {
                Add-PageError $Context $b.Line 'MalformedPage' "example numbered $($ex.Number) where $($Page.Examples.Count + 1) was expected"
            }
            $Page.Examples.Add($ex)
            continue
        }
        if (-not $ex) {
            Add-PageError $Context $b.Line 'MalformedPage' "EXAMPLES content outside a '### Example N: title'"
            continue
        }
        if ($b.Kind -eq 'Fence' -and $ex.InCode -and $b.Lang -eq 'powershell') {
            $ex.Code.Add($b.Text)
            continue
        }
        if ($ex.Code.Count -eq 0 -and $ex.InCode) {
            Add-PageError $Context $b.Line 'MalformedPage' "Example $($ex.Number) must start with a ``````powershell code block"
        }
        # Paragraphs and later code blocks (sample output) are remarks.
        $ex.InCode = $false
        if ($b.Text.Trim().Length -gt 0) { $ex.Remarks.Add($b.Text) }
    }
    foreach ($e in $Page.Examples) {
        if (($e.Code -join '').Trim().Length -eq 0) { Add-PageError $Context $e.Line 'MalformedPage' "Example $($e.Number) has no code" }
    }
    if ($Page.Examples.Count -lt $script:MinExamples) {
        Add-PageError $Context $SectionLine 'TooFewExamples' "the page has $($Page.Examples.Count) example(s); at least $script:MinExamples are required"
    }
}

function Read-ParameterSection {
    param($Blocks, $Page, $Context)
    $p = $null
    $inCommon = $false
    foreach ($b in $Blocks) {
        if ($b.Kind -eq 'Heading') {
            $p = $null
            $inCommon = $false
            if ($b.Level -eq 3 -and $b.Text -eq 'CommonParameters') { $inCommon = $true; continue }
            if ($b.Level -ne 3 -or $b.Text -notmatch '^-([A-Za-z_][A-Za-z0-9_]*)$') {
                Add-PageError $Context $b.Line 'MalformedPage' "parameter heading '$($b.Text)' is not '### -Name'"
                continue
            }
            $name = $Matches[1]
            if (Find-PageParameter $Page $name) {
                Add-PageError $Context $b.Line 'MalformedPage' "parameter -$name is documented twice"
            }
            $p = [pscustomobject]@{
                Name        = $name
                Description = [System.Collections.Generic.List[string]]::new()
                Yaml        = [System.Collections.Generic.List[object]]::new()
                Line        = $b.Line
            }
            $Page.Parameters.Add($p)
            continue
        }
        if ($inCommon) { continue }
        if (-not $p) {
            Add-PageError $Context $b.Line 'MalformedPage' "PARAMETERS content outside a '### -Name' section"
            continue
        }
        if ($b.Kind -eq 'Fence' -and $b.Lang -eq 'yaml') {
            $y = Read-ParameterYaml $b $Context $p.Name
            if ($y) { $p.Yaml.Add($y) }
        }
        elseif ($p.Yaml.Count -gt 0) {
            Add-PageError $Context $b.Line 'MalformedPage' "parameter -$($p.Name): text after its yaml block (description goes first)"
        }
        elseif ($b.Kind -eq 'Fence') {
            Add-PageError $Context $b.Line 'MalformedPage' "parameter -$($p.Name): code block that is not ``````yaml"
        }
        elseif ($b.Text.Trim().Length -gt 0) {
            $p.Description.Add($b.Text)
        }
    }
    foreach ($p in $Page.Parameters) {
        if ($p.Description.Count -eq 0) { Add-PageError $Context $p.Line 'MissingParameterDescription' "parameter -$($p.Name) has no description" }
        if ($p.Yaml.Count -eq 0) { Add-PageError $Context $p.Line 'MalformedPage' "parameter -$($p.Name) has no ``````yaml block" }
    }
}

function Read-TypeSection {
    param($Blocks, [string] $Section, $Items, $Context)
    $item = $null
    foreach ($b in $Blocks) {
        if ($b.Kind -eq 'Heading' -and $b.Level -eq 3) {
            $item = [pscustomobject]@{ Type = ConvertFrom-InlineMarkdown $b.Text; Description = [System.Collections.Generic.List[string]]::new() }
            $Items.Add($item)
        }
        elseif ($b.Kind -eq 'Heading' -or -not $item) {
            Add-PageError $Context $b.Line 'MalformedPage' "$Section holds '### TypeName' headings, each followed by its description"
        }
        elseif ($b.Text.Trim().Length -gt 0) {
            $item.Description.Add($b.Text)
        }
    }
}

function Read-LinkSection {
    param($Blocks, $Page, $Context)
    foreach ($b in $Blocks) {
        if ($b.Kind -ne 'Para') {
            Add-PageError $Context $b.Line 'MalformedPage' 'RELATED LINKS holds only [text](uri) lines'
            continue
        }
        $n = $b.Line
        foreach ($l in $b.Lines) {
            if ($l -match '^(?:[-*+]\s+)?\[([^\]]+)\]\(([^)\s]*)\)$') {
                $Page.Links.Add([pscustomobject]@{ Text = $Matches[1]; Uri = $Matches[2] })
            }
            else {
                Add-PageError $Context $n 'MalformedPage' "related link '$l' is not [text](uri)"
            }
            $n++
        }
    }
}

# Which yaml block describes a parameter in a given parameter set.
function Get-ParameterYamlForSet {
    param($Parameter, [string] $SetName)
    # The comma keeps a one-item result an array (a lone [pscustomobject] has no Count in strict mode).
    , @(foreach ($y in $Parameter.Yaml) { if ($y.AllSets -or $y.Sets -contains $SetName) { $y } })
}

function Find-PageParameter {
    param($Page, [string] $Name)
    foreach ($p in $Page.Parameters) { if ($p.Name -eq $Name) { return $p } }
}

function Test-SyntaxAgainstParameter {
    param($Page, $Context)
    $setNames = @(foreach ($s in $Page.Syntax) { $s.Name })
    foreach ($p in $Page.Parameters) {
        foreach ($y in $p.Yaml) {
            if ($y.AllSets) { continue }
            foreach ($s in $y.Sets) {
                if ($s -notin $setNames) { Add-PageError $Context $y.Line 'MalformedPage' "parameter -$($p.Name) names parameter set '$s', which SYNTAX does not have" }
            }
        }
        foreach ($s in $setNames) {
            if ((Get-ParameterYamlForSet $p $s).Count -gt 1) { Add-PageError $Context $p.Line 'MalformedPage' "parameter -$($p.Name) has more than one yaml block for parameter set '$s'" }
        }
    }
    foreach ($s in $Page.Syntax) {
        if ($null -eq $s.Text) { continue }
        foreach ($name in $s.Parameters) {
            $p = Find-PageParameter $Page $name
            if (-not $p) {
                Add-PageError $Context $s.Line 'MissingParameter' "syntax '$($s.Name)' shows -$name, which has no ### -$name section"
            }
            elseif ((Get-ParameterYamlForSet $p $s.Name).Count -eq 0 -and $p.Yaml.Count -gt 0) {
                Add-PageError $Context $s.Line 'MalformedPage' "syntax '$($s.Name)' shows -$name, but its yaml does not list that parameter set"
            }
        }
        foreach ($p in $Page.Parameters) {
            if ((Get-ParameterYamlForSet $p $s.Name).Count -gt 0 -and $p.Name -notin $s.Parameters) {
                Add-PageError $Context $p.Line 'MalformedPage' "parameter -$($p.Name) is in parameter set '$($s.Name)' but its syntax block does not show it"
            }
        }
    }
}

# Reads every page under a docs folder. Files that are not cmdlet pages (README.md,
# about_*.md, a platyPS module page, and prose pages named in lower case such as
# performance.md or scoring.md) are skipped; any other name is an error.
function Read-HelpFolder {
    param([string] $FullPath, [string] $DisplayPath)
    $pages = [System.Collections.Generic.List[object]]::new()
    $other = [System.Collections.Generic.List[object]]::new()
    foreach ($f in (Get-ChildItem -LiteralPath $FullPath -Filter '*.md' -File | Sort-Object Name)) {
        $display = Join-Path $DisplayPath $f.Name
        if ($f.BaseName -match '^[A-Za-z]+-[A-Za-z0-9]+$') {
            $pages.Add((Read-HelpPage -FullPath $f.FullName -DisplayPath $display))
        }
        elseif ($f.Name -eq 'README.md' -or $f.BaseName -like 'about_*' -or $f.BaseName -cmatch '^[a-z][a-z0-9-]*$' -or (Select-String -LiteralPath $f.FullName -Pattern '^Module Guid:' -Quiet)) {
            continue
        }
        else {
            $other.Add([pscustomobject]@{ File = $display; Line = 1; Code = 'MalformedPage'; Message = "file name '$($f.Name)' is not Verb-Noun.md" })
        }
    }
    [pscustomobject]@{ Pages = $pages; Errors = $other }
}

#endregion

#region MAML writing

function Write-Paragraph {
    param([System.Xml.XmlWriter] $Writer, [string] $Prefix, [string] $LocalName, [string] $Namespace, $Paragraphs)
    $Writer.WriteStartElement($Prefix, $LocalName, $Namespace)
    foreach ($t in $Paragraphs) { $Writer.WriteElementString('maml', 'para', $script:NsMaml, $t) }
    $Writer.WriteEndElement()
}

function Write-MamlParameter {
    param([System.Xml.XmlWriter] $Writer, $Parameter, $Yaml, [bool] $InSyntax)
    $w = $Writer
    $isSwitch = $Yaml.Type -match '^(System\.Management\.Automation\.)?SwitchParameter$|^switch$'
    $w.WriteStartElement('command', 'parameter', $script:NsCommand)
    $w.WriteAttributeString('required', $Yaml.Required.ToString().ToLowerInvariant())
    $w.WriteAttributeString('variableLength', 'true')
    $w.WriteAttributeString('globbing', $Yaml.Globbing.ToString().ToLowerInvariant())
    $w.WriteAttributeString('pipelineInput', $Yaml.PipelineInput)
    $w.WriteAttributeString('position', $Yaml.Position)
    $w.WriteAttributeString('aliases', $(if ($Yaml.Aliases.Count) { $Yaml.Aliases -join ', ' } else { 'none' }))
    $w.WriteElementString('maml', 'name', $script:NsMaml, $Parameter.Name)
    Write-Paragraph $w 'maml' 'description' $script:NsMaml $Parameter.Description
    if ($Yaml.AcceptedValues.Count -gt 0) {
        $w.WriteStartElement('command', 'parameterValueGroup', $script:NsCommand)
        foreach ($v in $Yaml.AcceptedValues) {
            $w.WriteStartElement('command', 'parameterValue', $script:NsCommand)
            $w.WriteAttributeString('required', 'false')
            $w.WriteAttributeString('command', 'variableLength', $script:NsCommand, 'false')
            $w.WriteString($v)
            $w.WriteEndElement()
        }
        $w.WriteEndElement()
    }
    # A switch in a syntax line takes no value: without this Get-Help would show [-Force <SwitchParameter>].
    if (-not ($isSwitch -and $InSyntax)) {
        $w.WriteStartElement('command', 'parameterValue', $script:NsCommand)
        $w.WriteAttributeString('required', $(if ($isSwitch) { 'false' } else { 'true' }))
        $w.WriteAttributeString('variableLength', 'false')
        $w.WriteString($Yaml.Type)
        $w.WriteEndElement()
    }
    $w.WriteStartElement('dev', 'type', $script:NsDev)
    $w.WriteElementString('maml', 'name', $script:NsMaml, $Yaml.Type)
    $w.WriteElementString('maml', 'uri', $script:NsMaml, '')
    $w.WriteEndElement()
    $w.WriteElementString('dev', 'defaultValue', $script:NsDev, $Yaml.DefaultValue)
    $w.WriteEndElement()
}

function Write-MamlTypeList {
    param([System.Xml.XmlWriter] $Writer, [string] $ListName, [string] $ItemName, $Items)
    if ($Items.Count -eq 0) { return }
    $Writer.WriteStartElement('command', $ListName, $script:NsCommand)
    foreach ($i in $Items) {
        $Writer.WriteStartElement('command', $ItemName, $script:NsCommand)
        $Writer.WriteStartElement('dev', 'type', $script:NsDev)
        $Writer.WriteElementString('maml', 'name', $script:NsMaml, $i.Type)
        $Writer.WriteEndElement()
        Write-Paragraph $Writer 'maml' 'description' $script:NsMaml $i.Description
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-MamlCommand {
    param([System.Xml.XmlWriter] $Writer, $Page)
    $w = $Writer
    $w.WriteStartElement('command', 'command', $script:NsCommand)
    $w.WriteAttributeString('xmlns', 'maml', $null, $script:NsMaml)
    $w.WriteAttributeString('xmlns', 'dev', $null, $script:NsDev)
    $w.WriteAttributeString('xmlns', 'MSHelp', $null, $script:NsMsHelp)

    $verb, $noun = $Page.Name -split '-', 2
    $w.WriteStartElement('command', 'details', $script:NsCommand)
    $w.WriteElementString('command', 'name', $script:NsCommand, $Page.Name)
    $w.WriteElementString('command', 'verb', $script:NsCommand, $verb)
    $w.WriteElementString('command', 'noun', $script:NsCommand, $noun)
    Write-Paragraph $w 'maml' 'description' $script:NsMaml $Page.Synopsis
    $w.WriteEndElement()

    Write-Paragraph $w 'maml' 'description' $script:NsMaml $Page.Description

    $w.WriteStartElement('command', 'syntax', $script:NsCommand)
    foreach ($s in $Page.Syntax) {
        $w.WriteStartElement('command', 'syntaxItem', $script:NsCommand)
        $w.WriteElementString('maml', 'name', $script:NsMaml, $Page.Name)
        foreach ($name in $s.Parameters) {
            $p = Find-PageParameter $Page $name
            Write-MamlParameter $w $p (Get-ParameterYamlForSet $p $s.Name)[0] $true
        }
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    # The parameter list shows each parameter once, as its first yaml block describes it.
    $w.WriteStartElement('command', 'parameters', $script:NsCommand)
    foreach ($p in $Page.Parameters) { Write-MamlParameter $w $p $p.Yaml[0] $false }
    $w.WriteEndElement()

    Write-MamlTypeList $w 'inputTypes' 'inputType' $Page.Inputs
    Write-MamlTypeList $w 'returnValues' 'returnValue' $Page.Outputs

    if ($Page.Notes.Count -gt 0) {
        $w.WriteStartElement('maml', 'alertSet', $script:NsMaml)
        Write-Paragraph $w 'maml' 'alert' $script:NsMaml $Page.Notes
        $w.WriteEndElement()
    }

    $w.WriteStartElement('command', 'examples', $script:NsCommand)
    foreach ($e in $Page.Examples) {
        $w.WriteStartElement('command', 'example', $script:NsCommand)
        $w.WriteElementString('maml', 'title', $script:NsMaml, "--------- Example $($e.Number): $($e.Title) ---------")
        $w.WriteElementString('dev', 'code', $script:NsDev, ($e.Code -join "`n`n"))
        # The trailing empty paragraph puts a blank line before the next example's title.
        Write-Paragraph $w 'dev' 'remarks' $script:NsDev (@($e.Remarks) + '')
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('maml', 'relatedLinks', $script:NsMaml)
    $links = @($Page.Links)
    # Get-Help -Online opens the first absolute link, so the online version goes first.
    $online = $Page.FrontMatter['online version']
    if ($online) { $links = @([pscustomobject]@{ Text = 'Online Version:'; Uri = $online }) + $links }
    foreach ($l in $links) {
        $w.WriteStartElement('maml', 'navigationLink', $script:NsMaml)
        $w.WriteElementString('maml', 'linkText', $script:NsMaml, $l.Text)
        $w.WriteElementString('maml', 'uri', $script:NsMaml, $(if ($l.Uri -match '^https?://') { $l.Uri } else { '' }))
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteEndElement()
}

function Format-PageError {
    param($Errors)
    ($Errors | Sort-Object File, Line -Stable | ForEach-Object { "$($_.File):$($_.Line): $($_.Message)" }) -join [Environment]::NewLine
}

#endregion

function ConvertTo-MamlHelp {
    <#
    .SYNOPSIS
    Converts platyPS (schema 2.0.0) cmdlet pages to one MAML help file.
    .DESCRIPTION
    Reads every Verb-Noun.md in -Path and writes the MAML file that Get-Help loads for a binary
    module (<ModuleBase>/en-US/<cmdlet assembly>-Help.xml). Any malformed page (no synopsis or
    description, fewer than two examples, bad structure) stops the conversion with an error that
    lists every problem as file:line: message; nothing is written then.
    .EXAMPLE
    ConvertTo-MamlHelp -Path docs -OutFile out/MailAuthPS/0.1.0/en-US/MailAuthPS.dll-Help.xml
    #>
    [CmdletBinding()]
    [OutputType([System.IO.FileInfo])]
    param(
        # Folder holding the Verb-Noun.md pages.
        [Parameter(Mandatory, Position = 0)]
        [string] $Path,

        # MAML file to write; its name must match each page's 'external help file'.
        [Parameter(Mandatory, Position = 1)]
        [string] $OutFile,

        # Writes the FileInfo of the MAML file to the pipeline.
        [switch] $PassThru
    )

    $folder = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($Path)
    if (-not (Test-Path -LiteralPath $folder -PathType Container)) {
        $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                [System.IO.DirectoryNotFoundException]::new("Help folder '$Path' does not exist."),
                'MamlHelp.FolderNotFound', [System.Management.Automation.ErrorCategory]::ObjectNotFound, $Path))
    }
    $target = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($OutFile)
    $helpFileName = [System.IO.Path]::GetFileName($target)

    $read = Read-HelpFolder -FullPath $folder -DisplayPath $Path
    $errors = [System.Collections.Generic.List[object]]::new()
    $errors.AddRange($read.Errors)
    $moduleNames = @{}
    foreach ($page in $read.Pages) {
        $errors.AddRange($page.Errors)
        $ext = $page.FrontMatter['external help file']
        if ($ext -and $ext -ne $helpFileName) {
            $errors.Add([pscustomobject]@{ File = $page.File; Line = 1; Code = 'MalformedPage'; Message = "'external help file: $ext' is not the file being written ($helpFileName)" })
        }
        if ($page.FrontMatter['Module Name']) { $moduleNames[$page.FrontMatter['Module Name']] = $page.File }
    }
    if ($moduleNames.Count -gt 1) {
        $errors.Add([pscustomobject]@{ File = $Path; Line = 0; Code = 'MalformedPage'; Message = "pages name different modules: $(@($moduleNames.Keys | Sort-Object) -join ', ')" })
    }
    if ($read.Pages.Count -eq 0 -and $errors.Count -eq 0) {
        $errors.Add([pscustomobject]@{ File = $Path; Line = 0; Code = 'MalformedPage'; Message = 'no Verb-Noun.md pages found' })
    }
    if ($errors.Count -gt 0) {
        $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                [System.IO.InvalidDataException]::new("Cannot build MAML help from '$Path':" + [Environment]::NewLine + (Format-PageError $errors)),
                'MamlHelp.InvalidMarkdown', [System.Management.Automation.ErrorCategory]::InvalidData, $Path))
    }

    $settings = [System.Xml.XmlWriterSettings]::new()
    $settings.Encoding = [System.Text.UTF8Encoding]::new($false)
    $settings.Indent = $true
    $settings.IndentChars = '  '
    $settings.NewLineChars = "`n"
    $settings.NewLineHandling = [System.Xml.NewLineHandling]::Replace
    $buffer = [System.IO.MemoryStream]::new()
    $w = [System.Xml.XmlWriter]::Create($buffer, $settings)
    $current = $null
    try {
        $w.WriteStartDocument()
        $w.WriteStartElement('helpItems', $script:NsMsh)
        $w.WriteAttributeString('schema', 'maml')
        # Ordinal order keeps the file byte-identical from run to run.
        foreach ($page in ($read.Pages | Sort-Object { $_.Name } -CaseSensitive)) {
            $current = $page
            Write-MamlCommand $w $page
        }
        $w.WriteEndElement()
        $w.WriteEndDocument()
        $w.Flush()
    }
    catch [System.ArgumentException] {
        # XmlWriter rejects characters XML cannot carry (control characters, lone surrogates).
        $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                [System.IO.InvalidDataException]::new("Cannot build MAML help: $($current.File): $($_.Exception.Message)", $_.Exception),
                'MamlHelp.InvalidCharacter', [System.Management.Automation.ErrorCategory]::InvalidData, $current.File))
    }
    finally {
        $w.Dispose()
    }

    $dir = [System.IO.Path]::GetDirectoryName($target)
    if ($dir -and -not (Test-Path -LiteralPath $dir)) { $null = New-Item -ItemType Directory -Path $dir -Force }
    [System.IO.File]::WriteAllBytes($target, $buffer.ToArray())
    Write-Verbose "Wrote help for $($read.Pages.Count) command(s) to $target"
    if ($PassThru) { Get-Item -LiteralPath $target }
}

function Test-HelpCoverage {
    <#
    .SYNOPSIS
    Lists what the help pages fail to document about a module's cmdlets.
    .DESCRIPTION
    Compares the Verb-Noun.md pages in -Path with the cmdlets a module exports and returns one
    object per problem (Command, Problem, Message, File): a cmdlet without a page, a page for a
    command that is not exported, a parameter without a section or a section for a parameter that
    does not exist, a page that is malformed or has fewer than two examples, and yaml that
    disagrees with the cmdlet (type, aliases, parameter sets, required, position, pipeline input,
    wildcards). No output means the help is complete.
    .EXAMPLE
    Test-HelpCoverage -Path docs -Module (Import-Module ./out/MailAuthPS/0.1.0/MailAuthPS.psd1 -PassThru)
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        # Folder holding the Verb-Noun.md pages.
        [Parameter(Mandatory, Position = 0)]
        [string] $Path,

        # A PSModuleInfo, or the name or manifest path of a module (imported if not loaded).
        [Parameter(Mandatory, Position = 1)]
        [object] $Module
    )

    $mod = $null
    if ($Module -is [System.Management.Automation.PSModuleInfo]) { $mod = $Module }
    else {
        $isPath = ([string] $Module).IndexOfAny([char[]] '/\') -ge 0
        if (-not $isPath) { $mod = Get-Module -Name ([string] $Module) | Select-Object -First 1 }
        if (-not $mod) { $mod = Import-Module -Name ([string] $Module) -PassThru -ErrorAction Stop | Select-Object -First 1 }
    }
    $folder = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($Path)
    if (-not (Test-Path -LiteralPath $folder -PathType Container)) {
        $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                [System.IO.DirectoryNotFoundException]::new("Help folder '$Path' does not exist."),
                'MamlHelp.FolderNotFound', [System.Management.Automation.ErrorCategory]::ObjectNotFound, $Path))
    }

    $problem = {
        param($Command, $Kind, $Message, $File)
        [pscustomobject]@{ PSTypeName = 'MamlHelp.Problem'; Command = $Command; Problem = $Kind; Message = $Message; File = $File }
    }
    $read = Read-HelpFolder -FullPath $folder -DisplayPath $Path
    foreach ($e in $read.Errors) { & $problem $null $e.Code $e.Message $e.File }
    $pages = @{}
    foreach ($p in $read.Pages) { $pages[$p.Name] = $p }

    $skip = [System.Collections.Generic.HashSet[string]]::new([System.StringComparer]::OrdinalIgnoreCase)
    foreach ($n in [System.Management.Automation.Cmdlet]::CommonParameters) { $null = $skip.Add($n) }
    foreach ($n in [System.Management.Automation.Cmdlet]::OptionalCommonParameters) { $null = $skip.Add($n) }

    $cmdlets = @($mod.ExportedCmdlets.Values | Sort-Object Name)
    foreach ($cmd in $cmdlets) {
        $page = $pages[$cmd.Name]
        if (-not $page) {
            & $problem $cmd.Name 'MissingPage' "$($cmd.Name) has no page $(Join-Path $Path "$($cmd.Name).md")" $null
            continue
        }
        if ($page.Name -cne $cmd.Name) {
            & $problem $cmd.Name 'MalformedPage' "page $($page.File) is not spelt $($cmd.Name).md" $page.File
        }
        foreach ($e in $page.Errors) { & $problem $cmd.Name $e.Code "$($e.File):$($e.Line): $($e.Message)" $page.File }
        $moduleName = $page.FrontMatter['Module Name']
        if ($moduleName -and $moduleName -ne $mod.Name) {
            & $problem $cmd.Name 'MalformedPage' "'Module Name: $moduleName' is not $($mod.Name)" $page.File
        }

        $cmdSets = @($cmd.ParameterSets | ForEach-Object Name)
        $docSets = @($page.Syntax | ForEach-Object Name)
        foreach ($s in $cmdSets) { if ($s -notin $docSets) { & $problem $cmd.Name 'SyntaxMismatch' "parameter set '$s' has no ### $s syntax block" $page.File } }
        foreach ($s in $docSets) { if ($s -notin $cmdSets) { & $problem $cmd.Name 'SyntaxMismatch' "SYNTAX shows parameter set '$s', which $($cmd.Name) does not have" $page.File } }
        $docDefault = @($page.Syntax | Where-Object IsDefault | ForEach-Object Name)
        if ($cmdSets.Count -gt 1 -and $cmd.DefaultParameterSet -and ($docDefault -join ',') -ne $cmd.DefaultParameterSet) {
            & $problem $cmd.Name 'SyntaxMismatch' "the default parameter set is '$($cmd.DefaultParameterSet)'; SYNTAX marks '$($docDefault -join ',')' (Default)" $page.File
        }

        foreach ($meta in $cmd.Parameters.Values) {
            if ($skip.Contains($meta.Name)) { continue }
            $doc = Find-PageParameter $page $meta.Name
            if (-not $doc) {
                & $problem $cmd.Name 'MissingParameter' "-$($meta.Name) has no ### -$($meta.Name) section" $page.File
                continue
            }
            if ($doc.Yaml.Count -gt 0) {
                foreach ($m in (Compare-ParameterYaml $meta $doc $cmdSets)) { & $problem $cmd.Name 'ParameterMismatch' "-$($meta.Name): $m" $page.File }
            }
        }
        foreach ($doc in $page.Parameters) {
            if (-not $cmd.Parameters.ContainsKey($doc.Name)) {
                & $problem $cmd.Name 'UnknownParameter' "the page documents -$($doc.Name), which $($cmd.Name) does not have" $page.File
            }
            elseif ($cmd.Parameters[$doc.Name].Name -cne $doc.Name) {
                & $problem $cmd.Name 'ParameterMismatch' "the page spells -$($doc.Name); the cmdlet spells -$($cmd.Parameters[$doc.Name].Name)" $page.File
            }
        }
    }
    $names = @($cmdlets | ForEach-Object Name)
    foreach ($page in $read.Pages) {
        if ($page.Name -notin $names) {
            & $problem $page.Name 'UnknownCommand' "$($page.File) documents $($page.Name), which module $($mod.Name) does not export" $page.File
        }
    }
}

# What the yaml says that the cmdlet's metadata contradicts; default values cannot be read
# from metadata, so they are not compared.
function Compare-ParameterYaml {
    param([System.Management.Automation.ParameterMetadata] $Meta, $Doc, [string[]] $CommandSets)
    $type = $Meta.ParameterType
    $typeNames = @($type.Name, $type.FullName)
    $under = [Nullable]::GetUnderlyingType($type)
    if ($under) { $typeNames += @($under.Name, $under.FullName, "Nullable``1[$($under.Name)]") }
    if ($Meta.SwitchParameter) { $typeNames += 'switch' }
    $first = $Doc.Yaml[0]
    foreach ($y in $Doc.Yaml) {
        if ($y.Type -notin $typeNames) { "Type is $($type.Name), the page says $($y.Type)" }
    }
    $aliases = @($Meta.Aliases | Sort-Object)
    $docAliases = @($first.Aliases | Sort-Object)
    if (($aliases -join ', ') -ne ($docAliases -join ', ')) { "Aliases are '$($aliases -join ', ')', the page says '$($docAliases -join ', ')'" }
    $wild = @($Meta.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count -gt 0
    if ($first.Globbing -ne $wild) { "Accept wildcard characters is $wild, the page says $($first.Globbing)" }

    $metaSets = @($Meta.ParameterSets.Keys)
    $inSets = if ($metaSets -contains '__AllParameterSets') { $CommandSets } else { $metaSets }
    foreach ($s in $inSets) {
        $setMeta = if ($Meta.ParameterSets.ContainsKey($s)) { $Meta.ParameterSets[$s] } else { $Meta.ParameterSets['__AllParameterSets'] }
        $y = Get-ParameterYamlForSet $Doc $s
        if ($y.Count -eq 0) { "is in parameter set '$s', which its yaml does not list"; continue }
        $y = $y[0]
        if ($y.Required -ne $setMeta.IsMandatory) { "in set '$s' Required is $($setMeta.IsMandatory), the page says $($y.Required)" }
        $pos = if ($setMeta.Position -eq [int]::MinValue) { 'named' } else { [string] $setMeta.Position }
        if ($y.Position -ne $pos) { "in set '$s' Position is $pos, the page says $($y.Position)" }
        $kinds = @()
        if ($setMeta.ValueFromPipeline) { $kinds += 'ByValue' }
        if ($setMeta.ValueFromPipelineByPropertyName) { $kinds += 'ByPropertyName' }
        if ($setMeta.ValueFromRemainingArguments) { $kinds += 'FromRemainingArguments' }
        if ((@($kinds | Sort-Object) -join ',') -ne (@($y.PipelineKinds | Sort-Object) -join ',')) {
            "in set '$s' Accept pipeline input is $(if ($kinds) { "True ($($kinds -join ', '))" } else { 'False' }), the page says $($y.PipelineInput)"
        }
    }
    foreach ($y in $Doc.Yaml) {
        if ($y.AllSets) { continue }
        foreach ($s in $y.Sets) { if ($s -notin $inSets) { "the page puts it in parameter set '$s', where the cmdlet does not have it" } }
    }
}

Export-ModuleMember -Function ConvertTo-MamlHelp, Test-HelpCoverage
