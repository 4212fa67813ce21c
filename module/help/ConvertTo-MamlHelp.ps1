<#
.SYNOPSIS
    Builds a module's MAML help file (for example PSGitHubSync.dll-Help.xml) from
    markdown help sources and the metadata of the built module.

.DESCRIPTION
    ConvertTo-MamlHelp.ps1 imports the built module, and for every cmdlet (and
    function) that the module exports it:

      * reads the parameter metadata from Get-Command: parameter sets, types,
        Mandatory, Position, ValueFromPipeline, ValueFromPipelineByPropertyName,
        aliases, ValidateSet values or enum names, and SupportsWildcards;
      * reads the prose from <SourcePath>/<CommandName>.md;
      * checks that the two agree, and
      * writes one MAML file that Get-Help reads.

    Syntax, types, positions and pipeline behaviour always come from the
    compiled code, never from the markdown, so they cannot go stale. The prose
    is checked so that help stays true. The script FAILS (throws, and so exits
    non-zero under pwsh -File) and writes nothing when:

      * an exported command has no markdown file, or a markdown file documents a
        command that the module does not export;
      * the level-1 heading differs from the command name;
      * SYNOPSIS or DESCRIPTION is missing or empty, or SYNOPSIS has more than
        one paragraph;
      * there are fewer than 2 examples, or an example has no code block or no
        remarks;
      * the markdown documents a parameter that the command does not have (or a
        common parameter);
      * a parameter (other than the common parameters, -WhatIf and -Confirm) is
        not documented or has an empty description;
      * a section is unknown (a typo such as "## PARAMETER"), repeated, or has
        text where a "###" heading is expected, or a code fence is not closed.
      * an include names a file or a section that does not exist, is malformed,
        or stands outside DESCRIPTION, PARAMETERS and NOTES; or a section of an
        included file is included by no page (see INCLUDES).

    All problems of all files are reported together.

    MARKDOWN FORMAT

    One file per command, named <CommandName>.md, UTF-8. Sections are level-2
    headings, in any order; their names are not case-sensitive.

        # Test-GitHubToken

        ## SYNOPSIS
        One paragraph.

        ## DESCRIPTION
        Paragraphs, separated by blank lines.

        ## EXAMPLES

        ### Example 1: Title
        ```powershell
        code
        ```
        Remarks paragraphs.

        ## PARAMETERS

        ### -Token
        Description paragraphs.

        Default value: $env:GITHUB_TOKEN

        ## INPUTS

        ### TypeName
        Description.

        ## OUTPUTS

        ### TypeName
        Description.

        ## NOTES
        Text.

        ## RELATED LINKS
        - [Text](https://example.com/uri)
        - Get-Help

    Details:

      * Paragraphs are separated by blank lines. The lines of an ordinary
        paragraph are joined into one line; a paragraph that contains list
        items ("- ", "* ", "1. "), table rows ("|") or indented lines keeps its
        line breaks. A fenced code block in prose becomes a paragraph of its
        own, verbatim. A "###" (or deeper) heading inside DESCRIPTION or NOTES
        becomes a paragraph of its own. Inline markdown is kept as written.
      * In an example, every fenced code block (``` or ~~~, any info string,
        e.g. ```powershell or ```output) goes, in order, into the example's
        code; all other text becomes its remarks. The heading text is the
        example's title.
      * In PARAMETERS, a line "Default value: <text>" gives the value that
        Get-Help shows as the default (otherwise "None", or "False" for a
        switch); the line is not part of the description. A "### CommonParameters"
        section is allowed and ignored: Get-Help adds its own text. -WhatIf and
        -Confirm get a standard description when the markdown has none.
      * In INPUTS and OUTPUTS each type is a "###" heading; its description
        follows. Use "### None" for none.
      * In RELATED LINKS every line or list item is one link, either
        [Text](uri) or plain text (for example a command name). The first link
        with an http(s) uri is what Get-Help -Online opens.
      * A "## SYNTAX" section (as written by platyPS) is ignored: the syntax is
        generated from the parameter sets of the compiled command. YAML front
        matter at the top of the file is ignored.

    INCLUDES

    Text that several commands share (for example the parameters of one base
    class) is written once, as a "###" section of a markdown file in a
    subfolder of SourcePath (which is not a command page), and included where
    it belongs with a line of its own, in the syntax of Microsoft's docs:

        ### -Token
        [!INCLUDE [-Token](include/IntegrationParameters.md#-token)]

        Text of this command's own, before or after the include.

    The path is relative to SourcePath; the anchor is the one GitHub gives the
    section's heading (lower case, spaces as '-', punctuation other than '-'
    and '_' removed), so the link also works on the page online. The line is
    replaced with the section's lines, as paragraphs of their own, in
    DESCRIPTION, in NOTES and in a parameter's description (where the section
    may also give the "Default value:" line). Includes do not nest.

.PARAMETER SourcePath
    Folder that holds the <CommandName>.md files. Defaults to the folder of
    this script.

.PARAMETER ModulePath
    Path of the built module's manifest (.psd1); a .psm1 or .dll works too. The
    module is imported into the current session, so run this script in a child
    pwsh when the calling session must stay clean.

.PARAMETER OutputPath
    Path of the MAML file to write, for a binary module
    <OutputFolder>/en-US/<AssemblyName>.dll-Help.xml. Missing folders are
    created; an existing file is replaced. Nothing is written when a check
    fails.

.EXAMPLE
    dotnet pwsh -NoProfile -File module/help/ConvertTo-MamlHelp.ps1 -ModulePath out/PSGitHubSync/PSGitHubSync.psd1 -OutputPath out/PSGitHubSync/en-US/PSGitHubSync.dll-Help.xml

    Checks module/help/*.md against the built module and writes its help file.
    The exit code is 0 on success and 1 when a check fails.

.EXAMPLE
    & ./module/help/ConvertTo-MamlHelp.ps1 -SourcePath ./module/help -ModulePath ./out/PSGitHubSync/PSGitHubSync.psd1 -OutputPath ./out/PSGitHubSync/en-US/PSGitHubSync.dll-Help.xml -Verbose

    The same, from a PowerShell prompt, listing each command as it is read.

.OUTPUTS
    System.IO.FileInfo. The help file that was written.

.NOTES
    No dependencies beyond PowerShell itself (platyPS is not needed).
#>
[CmdletBinding(PositionalBinding = $false)]
[OutputType([System.IO.FileInfo])]
param(
    [ValidateNotNullOrEmpty()]
    [string] $SourcePath = $PSScriptRoot,

    [Parameter(Mandatory)]
    [ValidateNotNullOrEmpty()]
    [string] $ModulePath,

    [Parameter(Mandatory)]
    [ValidateNotNullOrEmpty()]
    [string] $OutputPath
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$NsMaml = 'http://schemas.microsoft.com/maml/2004/10'
$NsCommand = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$NsDev = 'http://schemas.microsoft.com/maml/dev/2004/10'
$NsMsHelp = 'http://msdn.microsoft.com/mshelp'
$NsHelpItems = 'http://msh'
$NsXmlns = 'http://www.w3.org/2000/xmlns/'

$KnownSections = @('SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS')

$StandardDescriptions = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}

# Every problem found, as "file:line: message"; reported together at the end.
$Problems = [System.Collections.Generic.List[string]]::new()

function Add-Problem {
    param([string] $File, [int] $Line, [string] $Message)
    $where = if ($Line -gt 0) { '{0}:{1}' -f $File, $Line } else { $File }
    $Problems.Add(('{0}: {1}' -f $where, $Message))
}

#region Markdown reading

function Get-FenceOpening {
    # Returns the opening code fence on $Line (CommonMark rules), or $null.
    param([string] $Line)
    if ($Line -match '^(?<indent> {0,3})(?<fence>`{3,}|~{3,})(?<info>.*)$') {
        if ($Matches.fence[0] -eq '`' -and $Matches.info.Contains('`')) { return $null }
        return [pscustomobject]@{
            Indent = $Matches.indent.Length
            Char   = [string] $Matches.fence[0]
            Length = $Matches.fence.Length
            Info   = $Matches.info.Trim()
        }
    }
    return $null
}

function Test-FenceClosing {
    param($Fence, [string] $Line)
    return $Line -match ('^ {0,3}' + [regex]::Escape($Fence.Char) + '{' + $Fence.Length + ',}\s*$')
}

function Split-MarkdownSection {
    # Splits $Lines at headings of exactly $Level '#' (ignoring code fences).
    # $FirstLine is the file line number of $Lines[0].
    param([string[]] $Lines, [int] $Level, [int] $FirstLine, [string] $File)

    $pattern = '^ {0,3}#{' + $Level + '}(?!#)(?:\s+(?<title>.*?))?(?:\s+#+)?\s*$'
    $preamble = [System.Collections.Generic.List[string]]::new()
    $sections = [System.Collections.Generic.List[object]]::new()
    $current = $null
    $fence = $null
    $fenceLine = 0
    for ($i = 0; $i -lt $Lines.Count; $i++) {
        $line = $Lines[$i]
        if ($null -ne $fence) {
            if (Test-FenceClosing -Fence $fence -Line $line) { $fence = $null }
        }
        elseif ($null -ne ($opening = Get-FenceOpening -Line $line)) {
            $fence = $opening
            $fenceLine = $FirstLine + $i
        }
        elseif ($line -match $pattern) {
            $title = if ($Matches.ContainsKey('title')) { $Matches.title.Trim() } else { '' }
            $current = [pscustomobject]@{
                Title     = $title
                Line      = $FirstLine + $i
                FirstLine = $FirstLine + $i + 1
                Lines     = [System.Collections.Generic.List[string]]::new()
            }
            $sections.Add($current)
            continue
        }
        if ($null -eq $current) { $preamble.Add($line) } else { $current.Lines.Add($line) }
    }
    if ($null -ne $fence -and $Level -eq 1) {
        Add-Problem -File $File -Line $fenceLine -Message 'This code fence is never closed, so the rest of the file is read as code.'
    }
    return [pscustomobject]@{ Preamble = $preamble.ToArray(); Sections = $sections.ToArray() }
}

function Get-MarkdownBlock {
    # Splits $Lines into blocks: Code (a fenced block), Heading, or Text (a
    # run of non-blank lines).
    param([string[]] $Lines)

    $blocks = [System.Collections.Generic.List[object]]::new()
    $text = [System.Collections.Generic.List[string]]::new()
    $i = 0
    while ($i -lt $Lines.Count) {
        $line = $Lines[$i]
        $opening = Get-FenceOpening -Line $line
        if ($null -ne $opening -or $line -match '^\s*$' -or $line -match '^ {0,3}#{1,6}\s') {
            if ($text.Count -gt 0) {
                $blocks.Add([pscustomobject]@{ Kind = 'Text'; Lines = $text.ToArray(); Info = '' })
                $text.Clear()
            }
        }
        if ($null -ne $opening) {
            $code = [System.Collections.Generic.List[string]]::new()
            $i++
            while ($i -lt $Lines.Count -and -not (Test-FenceClosing -Fence $opening -Line $Lines[$i])) {
                # Remove up to the fence's own indentation from each line.
                $code.Add(($Lines[$i] -replace ('^ {0,' + $opening.Indent + '}'), ''))
                $i++
            }
            $blocks.Add([pscustomobject]@{ Kind = 'Code'; Lines = $code.ToArray(); Info = $opening.Info })
        }
        elseif ($line -match '^ {0,3}#{1,6}\s+(?<title>.*?)(?:\s+#+)?\s*$') {
            $blocks.Add([pscustomobject]@{ Kind = 'Heading'; Lines = @($Matches.title); Info = '' })
        }
        elseif ($line -notmatch '^\s*$') {
            $text.Add($line)
        }
        $i++
    }
    if ($text.Count -gt 0) {
        $blocks.Add([pscustomobject]@{ Kind = 'Text'; Lines = $text.ToArray(); Info = '' })
    }
    return $blocks.ToArray()
}

function ConvertTo-Paragraph {
    # One MAML paragraph from one markdown block.
    param($Block)

    switch ($Block.Kind) {
        'Code' { return ($Block.Lines -join "`n").TrimEnd() }
        'Heading' { return $Block.Lines[0] }
    }
    $structured = $false
    foreach ($line in $Block.Lines) {
        if ($line -match '^\s*(?:[-*+]|\d{1,9}[.)])\s' -or $line -match '^\s*\|' -or $line -match '^(?: {4}|\t)') {
            $structured = $true
            break
        }
    }
    if ($structured) {
        return (($Block.Lines | ForEach-Object { $_.TrimEnd() }) -join "`n")
    }
    return (($Block.Lines | ForEach-Object { $_.Trim() }) -join ' ')
}

function ConvertTo-ParagraphList {
    param([string[]] $Lines)
    $paragraphs = [System.Collections.Generic.List[string]]::new()
    foreach ($block in (Get-MarkdownBlock -Lines $Lines)) {
        $paragraph = ConvertTo-Paragraph -Block $block
        if (-not [string]::IsNullOrWhiteSpace($paragraph)) { $paragraphs.Add($paragraph) }
    }
    return , $paragraphs.ToArray()
}

function Test-Blank {
    param([string[]] $Lines)
    foreach ($line in $Lines) { if ($line -notmatch '^\s*$') { return $false } }
    return $true
}

function Read-TypeSection {
    # INPUTS / OUTPUTS: "### TypeName" headings, each with a description.
    param($Section, [string] $File)
    $split = Split-MarkdownSection -Lines $Section.Lines -Level 3 -FirstLine $Section.FirstLine -File $File
    if (-not (Test-Blank -Lines $split.Preamble)) {
        Add-Problem -File $File -Line $Section.Line -Message "$($Section.Title): write each type as a '### TypeName' heading (use '### None' for none)."
    }
    $types = [System.Collections.Generic.List[object]]::new()
    foreach ($sub in $split.Sections) {
        $types.Add([pscustomobject]@{
                TypeName    = $sub.Title.Trim('`')
                Description = ConvertTo-ParagraphList -Lines $sub.Lines
            })
    }
    return , $types.ToArray()
}

function Read-MarkdownHelp {
    # Parses one <CommandName>.md file into a help object.
    param([string] $Path)

    $file = Split-Path -Leaf $Path
    $text = [System.IO.File]::ReadAllText($Path, [System.Text.Encoding]::UTF8)
    $lines = ($text -replace "`r`n?", "`n") -split "`n"
    $firstLine = 1

    # YAML front matter (platyPS writes some) is ignored.
    if ($lines.Count -gt 0 -and $lines[0] -eq '---') {
        for ($i = 1; $i -lt $lines.Count; $i++) {
            if ($lines[$i] -eq '---') {
                $lines = if ($i + 1 -lt $lines.Count) { $lines[($i + 1)..($lines.Count - 1)] } else { @() }
                $firstLine += $i + 1
                break
            }
        }
    }

    $help = [pscustomobject]@{
        File        = $file
        Name        = ''
        Synopsis    = $null
        Description = $null
        Examples    = [System.Collections.Generic.List[object]]::new()
        Parameters  = [ordered]@{}
        Inputs      = @()
        Outputs     = @()
        Notes       = @()
        Links       = [System.Collections.Generic.List[object]]::new()
    }

    $top = Split-MarkdownSection -Lines $lines -Level 1 -FirstLine $firstLine -File $file
    if ($top.Sections.Count -ne 1) {
        Add-Problem -File $file -Line 0 -Message "Expected exactly one level-1 heading ('# CommandName'), found $($top.Sections.Count)."
        if ($top.Sections.Count -eq 0) { return $help }
    }
    if (-not (Test-Blank -Lines $top.Preamble)) {
        Add-Problem -File $file -Line $firstLine -Message "Text before the '# CommandName' heading."
    }
    $h1 = $top.Sections[0]
    $help.Name = $h1.Title

    $body = Split-MarkdownSection -Lines $h1.Lines -Level 2 -FirstLine $h1.FirstLine -File $file
    if (-not (Test-Blank -Lines $body.Preamble)) {
        Add-Problem -File $file -Line $h1.FirstLine -Message "Text between '# $($h1.Title)' and the first '##' section."
    }

    $seen = @{}
    foreach ($section in $body.Sections) {
        $name = ($section.Title -replace '\s+', ' ').ToUpperInvariant()
        if ($KnownSections -notcontains $name) {
            Add-Problem -File $file -Line $section.Line -Message "Unknown section '## $($section.Title)'. Known sections: $($KnownSections -join ', ')."
            continue
        }
        if ($seen.ContainsKey($name)) {
            Add-Problem -File $file -Line $section.Line -Message "Section '## $name' appears more than once."
            continue
        }
        $seen[$name] = $true
        if (@('DESCRIPTION', 'PARAMETERS', 'NOTES') -notcontains $name) {
            $fenced = Get-FencedLine -Lines $section.Lines
            for ($i = 0; $i -lt $section.Lines.Count; $i++) {
                if (-not $fenced[$i] -and $section.Lines[$i] -match $IncludeStart) {
                    Add-Problem -File $file -Line ($section.FirstLine + $i) -Message "Includes are expanded in DESCRIPTION, PARAMETERS and NOTES only, not in $name."
                }
            }
        }

        switch ($name) {
            'SYNTAX' {
                # Generated from the compiled command's parameter sets.
            }
            'SYNOPSIS' {
                $help.Synopsis = ConvertTo-ParagraphList -Lines $section.Lines
                if ($help.Synopsis.Count -gt 1) {
                    Add-Problem -File $file -Line $section.Line -Message 'SYNOPSIS must be a single paragraph.'
                }
            }
            'DESCRIPTION' {
                $help.Description = ConvertTo-ParagraphList -Lines (Expand-HelpInclude -Lines $section.Lines -FirstLine $section.FirstLine -File $file)
            }
            'NOTES' {
                $help.Notes = ConvertTo-ParagraphList -Lines (Expand-HelpInclude -Lines $section.Lines -FirstLine $section.FirstLine -File $file)
            }
            'EXAMPLES' {
                $split = Split-MarkdownSection -Lines $section.Lines -Level 3 -FirstLine $section.FirstLine -File $file
                if (-not (Test-Blank -Lines $split.Preamble)) {
                    Add-Problem -File $file -Line $section.Line -Message "EXAMPLES: text before the first '### Example' heading."
                }
                foreach ($sub in $split.Sections) {
                    $code = [System.Collections.Generic.List[string]]::new()
                    $remarks = [System.Collections.Generic.List[string]]::new()
                    foreach ($block in (Get-MarkdownBlock -Lines $sub.Lines)) {
                        $paragraph = ConvertTo-Paragraph -Block $block
                        if ([string]::IsNullOrWhiteSpace($paragraph)) { continue }
                        if ($block.Kind -eq 'Code') { $code.Add($paragraph) } else { $remarks.Add($paragraph) }
                    }
                    if ([string]::IsNullOrWhiteSpace($sub.Title)) {
                        Add-Problem -File $file -Line $sub.Line -Message 'An example has no title.'
                    }
                    if ($code.Count -eq 0) {
                        Add-Problem -File $file -Line $sub.Line -Message "Example '$($sub.Title)' has no fenced code block."
                    }
                    if ($remarks.Count -eq 0) {
                        Add-Problem -File $file -Line $sub.Line -Message "Example '$($sub.Title)' has no remarks explaining it."
                    }
                    $help.Examples.Add([pscustomobject]@{
                            Title   = $sub.Title
                            Code    = $code -join "`n`n"
                            Remarks = $remarks.ToArray()
                        })
                }
            }
            'PARAMETERS' {
                $split = Split-MarkdownSection -Lines $section.Lines -Level 3 -FirstLine $section.FirstLine -File $file
                if (-not (Test-Blank -Lines $split.Preamble)) {
                    Add-Problem -File $file -Line $section.Line -Message "PARAMETERS: text before the first '### -Name' heading."
                }
                foreach ($sub in $split.Sections) {
                    $parameterName = $sub.Title.Trim('`').TrimStart('-')
                    if ($parameterName -eq 'CommonParameters') { continue }
                    if ($parameterName -notmatch '^\w+$') {
                        Add-Problem -File $file -Line $sub.Line -Message "'### $($sub.Title)' is not a parameter heading ('### -Name')."
                        continue
                    }
                    if ($help.Parameters.Contains($parameterName)) {
                        Add-Problem -File $file -Line $sub.Line -Message "Parameter -$parameterName is documented more than once."
                        continue
                    }
                    # "Default value: x" lines (outside code fences) give the default.
                    $default = $null
                    $descriptionLines = [System.Collections.Generic.List[string]]::new()
                    $fence = $null
                    foreach ($line in (Expand-HelpInclude -Lines $sub.Lines -FirstLine $sub.FirstLine -File $file)) {
                        if ($null -ne $fence) {
                            if (Test-FenceClosing -Fence $fence -Line $line) { $fence = $null }
                        }
                        elseif ($null -ne ($opening = Get-FenceOpening -Line $line)) {
                            $fence = $opening
                        }
                        elseif ($line -match '^\s*(?:\*\*|__)?Default value(?::(?:\*\*|__)?|(?:\*\*|__)?:)\s*(?<value>.+?)\s*$') {
                            $default = $Matches.value -replace '^`(.*)`$', '$1'
                            continue
                        }
                        $descriptionLines.Add($line)
                    }
                    $help.Parameters[$parameterName] = [pscustomobject]@{
                        Name        = $parameterName
                        Line        = $sub.Line
                        Description = ConvertTo-ParagraphList -Lines $descriptionLines.ToArray()
                        Default     = $default
                    }
                }
            }
            'INPUTS' {
                $help.Inputs = Read-TypeSection -Section $section -File $file
            }
            'OUTPUTS' {
                $help.Outputs = Read-TypeSection -Section $section -File $file
            }
            'RELATED LINKS' {
                foreach ($block in (Get-MarkdownBlock -Lines $section.Lines)) {
                    if ($block.Kind -eq 'Code') {
                        Add-Problem -File $file -Line $section.Line -Message 'RELATED LINKS: code blocks are not links.'
                        continue
                    }
                    foreach ($line in $block.Lines) {
                        $item = ($line -replace '^\s*(?:[-*+]|\d{1,9}[.)])\s+', '').Trim()
                        if ($item -match '^\[(?<text>[^\]]*)\]\(\s*<?(?<uri>[^)\s>]*)>?(?:\s+"[^"]*")?\s*\)$') {
                            $help.Links.Add([pscustomobject]@{ Text = $Matches.text; Uri = $Matches.uri })
                        }
                        elseif ($item -match '^<?(?<uri>https?://[^\s>]+)>?$') {
                            $help.Links.Add([pscustomobject]@{ Text = ''; Uri = $Matches.uri })
                        }
                        elseif ($item) {
                            $help.Links.Add([pscustomobject]@{ Text = $item.Trim('`'); Uri = '' })
                        }
                    }
                }
            }
        }
    }
    return $help
}

#endregion

#region Includes

# '[!INCLUDE [text](path#anchor)]' on a line of its own (the include syntax of Microsoft's docs): replaced with the
# '### ' section of the markdown file at path (relative to SourcePath) whose GitHub anchor is #anchor.
$IncludePattern = '^ {0,3}\[!INCLUDE\s*\[(?<text>[^\]]*)\]\(\s*(?<path>[^)#\s]+)(?:#(?<anchor>[^)\s]*))?\s*\)\]\s*$'
$IncludeStart = '^ {0,3}\[!INCLUDE\b'
# Included files, by full path: the file name to report, and its sections by anchor (Title, Line, Lines, Used).
$IncludeFiles = @{}

function Get-HeadingAnchor {
    # The anchor GitHub gives a heading: lower case, punctuation other than '-' and '_' removed, spaces as '-'.
    param([string] $Title)
    return ($Title.Trim().ToLowerInvariant() -replace '[^\p{L}\p{Mn}\p{Nd}\p{Pc} -]', '') -replace ' ', '-'
}

function Read-IncludeFile {
    # The '### ' sections of an included file, read once.
    param([string] $FullPath, [string] $Name)

    if ($IncludeFiles.ContainsKey($FullPath)) { return $IncludeFiles[$FullPath] }
    $text = [System.IO.File]::ReadAllText($FullPath, [System.Text.Encoding]::UTF8)
    $lines = ($text -replace "`r`n?", "`n") -split "`n"
    $split = Split-MarkdownSection -Lines $lines -Level 3 -FirstLine 1 -File $Name
    $sections = [ordered]@{}
    foreach ($sub in $split.Sections) {
        $anchor = Get-HeadingAnchor -Title $sub.Title
        if ($sections.Contains($anchor)) {
            Add-Problem -File $Name -Line $sub.Line -Message "Two sections have the anchor '#$anchor'; an include could not tell them apart."
            continue
        }
        $fenced = Get-FencedLine -Lines $sub.Lines
        for ($i = 0; $i -lt $sub.Lines.Count; $i++) {
            if (-not $fenced[$i] -and $sub.Lines[$i] -match $IncludeStart) {
                Add-Problem -File $Name -Line ($sub.FirstLine + $i) -Message "Section '### $($sub.Title)' includes another section; includes do not nest."
            }
        }
        $sections[$anchor] = [pscustomobject]@{ Title = $sub.Title; Line = $sub.Line; Lines = $sub.Lines.ToArray(); Used = $false }
    }
    $entry = [pscustomobject]@{ Name = $Name; Sections = $sections }
    $IncludeFiles[$FullPath] = $entry
    return $entry
}

function Get-FencedLine {
    # For each of $Lines: $true when it opens, closes or stands inside a code fence (where nothing is expanded).
    param([string[]] $Lines)
    $fenced = [bool[]]::new($Lines.Count)
    $fence = $null
    for ($i = 0; $i -lt $Lines.Count; $i++) {
        if ($null -ne $fence) {
            $fenced[$i] = $true
            if (Test-FenceClosing -Fence $fence -Line $Lines[$i]) { $fence = $null }
        }
        elseif ($null -ne ($fence = Get-FenceOpening -Line $Lines[$i])) {
            $fenced[$i] = $true
        }
    }
    return , $fenced
}

function Expand-HelpInclude {
    # $Lines with every include line replaced by the lines of the section it names (set apart by blank lines, so the
    # section's paragraphs stay paragraphs of their own). A bad include is a problem at its line.
    param([string[]] $Lines, [int] $FirstLine, [string] $File)

    $result = [System.Collections.Generic.List[string]]::new()
    $fenced = Get-FencedLine -Lines $Lines
    for ($i = 0; $i -lt $Lines.Count; $i++) {
        if ($fenced[$i] -or $Lines[$i] -notmatch $IncludeStart) {
            $result.Add($Lines[$i])
            continue
        }
        $section = Resolve-HelpInclude -Line $Lines[$i] -File $File -At ($FirstLine + $i)
        if ($null -ne $section) {
            $result.Add('')
            $result.AddRange([string[]] $section.Lines)
            $result.Add('')
        }
    }
    return , $result.ToArray()
}

function Resolve-HelpInclude {
    # The included section that one include line names, or $null (and a problem) when there is none.
    param([string] $Line, [string] $File, [int] $At)

    if ($Line -notmatch $IncludePattern) {
        Add-Problem -File $File -Line $At -Message "Malformed include '$($Line.Trim())'; write [!INCLUDE [text](include/File.md#anchor)] on a line of its own."
        return $null
    }
    $path = $Matches.path
    $anchor = if ($Matches.ContainsKey('anchor')) { $Matches.anchor.ToLowerInvariant() } else { '' }
    $root = [System.IO.Path]::GetFullPath($resolvedSource).TrimEnd([System.IO.Path]::DirectorySeparatorChar) + [System.IO.Path]::DirectorySeparatorChar
    $full = [System.IO.Path]::GetFullPath((Join-Path $resolvedSource $path))
    if (-not $full.StartsWith($root, [System.StringComparison]::Ordinal) -or -not (Test-Path -LiteralPath $full -PathType Leaf)) {
        Add-Problem -File $File -Line $At -Message "The include names '$path', which is not a file under $resolvedSource."
        return $null
    }
    if (-not $anchor) {
        Add-Problem -File $File -Line $At -Message "The include of '$path' names no section; add its anchor, for example '$path#-token'."
        return $null
    }
    $included = Read-IncludeFile -FullPath $full -Name $path
    if (-not $included.Sections.Contains($anchor)) {
        $known = @($included.Sections.Keys | ForEach-Object { "#$_" }) -join ', '
        Add-Problem -File $File -Line $At -Message "The include names '$path#$anchor', but $path has no '### ' section with that anchor. Its sections are: $known."
        return $null
    }
    $section = $included.Sections[$anchor]
    $section.Used = $true
    return $section
}

function Test-IncludesUsed {
    # A section of an included file that no page includes is stale text: a problem.
    foreach ($included in $IncludeFiles.Values) {
        foreach ($anchor in $included.Sections.Keys) {
            $section = $included.Sections[$anchor]
            if (-not $section.Used) {
                Add-Problem -File $included.Name -Line $section.Line -Message "Section '### $($section.Title)' (#$anchor) is included by no help page; include it or remove it."
            }
        }
    }
}

#endregion

#region Command metadata

function Get-TypeDisplayName {
    # Short (String[], SecureString) or full (System.String[]) name of a type.
    param([type] $Type, [switch] $Full)

    if ($Type.IsArray) {
        $suffix = '[' + (',' * ($Type.GetArrayRank() - 1)) + ']'
        return (Get-TypeDisplayName -Type $Type.GetElementType() -Full:$Full) + $suffix
    }
    $underlying = [Nullable]::GetUnderlyingType($Type)
    if ($null -ne $underlying) { return Get-TypeDisplayName -Type $underlying -Full:$Full }
    $name = $Type.Name
    if ($Type.IsGenericType) {
        $arguments = $Type.GetGenericArguments() | ForEach-Object { Get-TypeDisplayName -Type $_ -Full:$Full }
        $name = ($name -replace '`\d+$', '') + '[' + ($arguments -join ', ') + ']'
    }
    if ($Full -and $Type.Namespace -and -not $Type.IsNested) { return $Type.Namespace + '.' + $name }
    if ($Full -and $Type.IsNested) { return (Get-TypeDisplayName -Type $Type.DeclaringType -Full) + '+' + $name }
    return $name
}

function Get-PipelineInputText {
    # "False", "True (ByValue)", "True (ByPropertyName)", "True (ByValue, ByPropertyName)"...
    param([System.Management.Automation.CommandParameterInfo] $Parameter)
    $kinds = @()
    if ($Parameter.ValueFromPipeline) { $kinds += 'ByValue' }
    if ($Parameter.ValueFromPipelineByPropertyName) { $kinds += 'ByPropertyName' }
    if ($Parameter.ValueFromRemainingArguments) { $kinds += 'FromRemainingArguments' }
    if ($kinds.Count -eq 0) { return 'False' }
    return 'True ({0})' -f ($kinds -join ', ')
}

function Get-CommandParameterModel {
    # Per-command parameter model from Get-Command metadata: one entry per
    # parameter (aggregated over parameter sets) and one list per set.
    param([System.Management.Automation.CommandInfo] $Command)

    $common = [System.Collections.Generic.HashSet[string]]::new([System.StringComparer]::OrdinalIgnoreCase)
    foreach ($n in [System.Management.Automation.Cmdlet]::CommonParameters) { [void] $common.Add($n) }
    foreach ($n in [System.Management.Automation.Cmdlet]::OptionalCommonParameters) {
        if (-not $StandardDescriptions.ContainsKey($n)) { [void] $common.Add($n) }
    }

    $parameters = [ordered]@{}
    $sets = [System.Collections.Generic.List[object]]::new()

    $allSets = @($Command.ParameterSets)
    $orderedSets = @($allSets | Where-Object { $_.IsDefault }) + @($allSets | Where-Object { -not $_.IsDefault })

    foreach ($set in $orderedSets) {
        $entries = [System.Collections.Generic.List[object]]::new()
        $index = 0
        foreach ($p in $set.Parameters) {
            $index++
            if ($common.Contains($p.Name) -or $p.IsDynamic) { continue }
            $type = $p.ParameterType
            $isSwitch = $type -eq [System.Management.Automation.SwitchParameter]
            $validValues = @()
            foreach ($attribute in $p.Attributes) {
                if ($attribute -is [System.Management.Automation.ValidateSetAttribute]) { $validValues = @($attribute.ValidValues) }
            }
            $enumType = [Nullable]::GetUnderlyingType($type)
            if ($null -eq $enumType) { $enumType = if ($type.IsArray) { $type.GetElementType() } else { $type } }
            if ($validValues.Count -eq 0 -and $enumType.IsEnum) { $validValues = [enum]::GetNames($enumType) }
            $wildcards = @($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count -gt 0

            $entry = [pscustomobject]@{
                Name            = $p.Name
                SetName         = $set.Name
                Mandatory       = [bool] $p.IsMandatory
                Position        = if ($p.Position -ge 0) { [string] $p.Position } else { 'named' }
                PipelineInput   = Get-PipelineInputText -Parameter $p
                IsSwitch        = $isSwitch
                TypeName        = Get-TypeDisplayName -Type $type
                TypeFullName    = Get-TypeDisplayName -Type $type -Full
                IsArray         = $type.IsArray
                ValidValues     = $validValues
                Globbing        = $wildcards
                Aliases         = @($p.Aliases)
                IsShouldProcess = $StandardDescriptions.ContainsKey($p.Name)
                Order           = $index
            }
            $entries.Add($entry)

            if (-not $parameters.Contains($p.Name)) {
                $parameters[$p.Name] = [pscustomobject]@{ Name = $p.Name; Entries = [System.Collections.Generic.List[object]]::new() }
            }
            $parameters[$p.Name].Entries.Add($entry)
        }
        # Syntax order: positional by position, then mandatory, then the rest
        # as declared; -WhatIf/-Confirm last.
        $sorted = $entries | Sort-Object -Property @(
            @{ Expression = { [int] $_.IsShouldProcess } },
            @{ Expression = { if ($_.Position -eq 'named') { 1 } else { 0 } } },
            @{ Expression = { if ($_.Position -eq 'named') { 0 } else { [int] $_.Position } } },
            @{ Expression = { [int] (-not $_.Mandatory) } },
            @{ Expression = { $_.Order } }
        )
        $sets.Add([pscustomobject]@{ Name = $set.Name; IsDefault = $set.IsDefault; Parameters = @($sorted) })
    }

    # Aggregate over sets for the PARAMETERS section.
    $aggregated = [ordered]@{}
    foreach ($name in $parameters.Keys) {
        $entries = $parameters[$name].Entries
        $first = $entries[0]

        # Get-Help shows only 'true' or 'false' here: 'true' when the
        # parameter is mandatory in any of its sets (the syntax shows which).
        $required = if (@($entries | Where-Object { $_.Mandatory }).Count) { 'true' } else { 'false' }
        $positionValues = @($entries | ForEach-Object { $_.Position } | Select-Object -Unique)
        $position = if ($positionValues.Count -eq 1) {
            $positionValues[0]
        }
        else {
            ($entries | ForEach-Object { '{0} ({1})' -f $_.Position, $_.SetName }) -join ', '
        }
        # Pipeline input: what any of its sets accepts.
        $pipelineValues = @($entries | ForEach-Object { $_.PipelineInput } | Select-Object -Unique)
        $pipelineInput = if ($pipelineValues.Count -eq 1) {
            $pipelineValues[0]
        }
        else {
            ($entries | ForEach-Object { '{0} ({1})' -f $_.PipelineInput, $_.SetName }) -join ', '
        }

        $aggregated[$name] = [pscustomobject]@{
            Name            = $name
            Required        = $required
            Position        = $position
            PipelineInput   = $pipelineInput
            IsSwitch        = $first.IsSwitch
            TypeName        = $first.TypeName
            TypeFullName    = $first.TypeFullName
            IsArray         = $first.IsArray
            ValidValues     = $first.ValidValues
            Globbing        = $first.Globbing
            Aliases         = $first.Aliases
            IsShouldProcess = $first.IsShouldProcess
        }
    }
    return [pscustomobject]@{ Parameters = $aggregated; Sets = $sets.ToArray() }
}

#endregion

#region MAML writing

function Write-ParagraphList {
    # <prefix:name><maml:para>..</maml:para>...</prefix:name>
    param([System.Xml.XmlWriter] $Writer, [string] $Prefix, [string] $Name, [string] $Namespace, [string[]] $Paragraphs)
    $Writer.WriteStartElement($Prefix, $Name, $Namespace)
    $list = @($Paragraphs | Where-Object { -not [string]::IsNullOrWhiteSpace($_) })
    if ($list.Count -eq 0) { $list = @('') }
    foreach ($paragraph in $list) { $Writer.WriteElementString('maml', 'para', $NsMaml, $paragraph) }
    $Writer.WriteEndElement()
}

function Write-ParameterElement {
    # One <command:parameter>; $InSyntax selects the syntax-item form.
    param(
        [System.Xml.XmlWriter] $Writer,
        [string] $Name,
        [string] $Required,
        [string] $Position,
        [string] $PipelineInput,
        $Info,
        [string[]] $Description,
        [string] $Default,
        [switch] $InSyntax
    )
    $Writer.WriteStartElement('command', 'parameter', $NsCommand)
    $Writer.WriteAttributeString('required', $Required)
    $Writer.WriteAttributeString('variableLength', ([string] $Info.IsArray).ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', ([string] $Info.Globbing).ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $PipelineInput)
    $Writer.WriteAttributeString('position', $Position)
    $aliases = if (@($Info.Aliases).Count) { @($Info.Aliases) -join ', ' } else { 'none' }
    $Writer.WriteAttributeString('aliases', $aliases)

    $Writer.WriteElementString('maml', 'name', $NsMaml, $Name)
    Write-ParagraphList -Writer $Writer -Prefix 'maml' -Name 'description' -Namespace $NsMaml -Paragraphs $Description

    $valueRequired = if ($Info.IsSwitch) { 'false' } else { 'true' }
    if ($InSyntax -and @($Info.ValidValues).Count -gt 0) {
        $Writer.WriteStartElement('command', 'parameterValueGroup', $NsCommand)
        foreach ($value in $Info.ValidValues) {
            $Writer.WriteStartElement('command', 'parameterValue', $NsCommand)
            $Writer.WriteAttributeString('required', 'false')
            $Writer.WriteAttributeString('variableLength', 'false')
            $Writer.WriteString([string] $value)
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }
    elseif (-not ($InSyntax -and $Info.IsSwitch)) {
        $Writer.WriteStartElement('command', 'parameterValue', $NsCommand)
        $Writer.WriteAttributeString('required', $valueRequired)
        $Writer.WriteAttributeString('variableLength', ([string] $Info.IsArray).ToLowerInvariant())
        $Writer.WriteString($Info.TypeName)
        $Writer.WriteEndElement()
    }

    $Writer.WriteStartElement('dev', 'type', $NsDev)
    $Writer.WriteElementString('maml', 'name', $NsMaml, $Info.TypeFullName)
    $Writer.WriteElementString('maml', 'uri', $NsMaml, '')
    $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $NsDev, $Default)
    $Writer.WriteEndElement()
}

function Write-TypeList {
    # command:inputTypes / command:returnValues
    param([System.Xml.XmlWriter] $Writer, [string] $ListName, [string] $ItemName, [object[]] $Types)
    $Writer.WriteStartElement('command', $ListName, $NsCommand)
    foreach ($type in $Types) {
        $Writer.WriteStartElement('command', $ItemName, $NsCommand)
        $Writer.WriteStartElement('dev', 'type', $NsDev)
        $Writer.WriteElementString('maml', 'name', $NsMaml, $type.TypeName)
        $Writer.WriteEndElement()
        Write-ParagraphList -Writer $Writer -Prefix 'maml' -Name 'description' -Namespace $NsMaml -Paragraphs $type.Description
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-CommandHelp {
    param([System.Xml.XmlWriter] $Writer, [System.Management.Automation.CommandInfo] $Command, $Help, $Model)

    $descriptions = @{}
    $defaults = @{}
    foreach ($name in $Model.Parameters.Keys) {
        $info = $Model.Parameters[$name]
        $documented = $null
        foreach ($key in $Help.Parameters.Keys) { if ($key -eq $name) { $documented = $Help.Parameters[$key] } }
        $descriptions[$name] = if ($null -ne $documented -and @($documented.Description).Count) {
            $documented.Description
        }
        elseif ($info.IsShouldProcess) {
            @($StandardDescriptions[$name])
        }
        else { @() }
        $defaults[$name] = if ($null -ne $documented -and $null -ne $documented.Default) {
            $documented.Default
        }
        elseif ($info.IsSwitch) { 'False' }
        else { 'None' }
    }

    $Writer.WriteStartElement('command', 'command', $NsCommand)
    $Writer.WriteAttributeString('xmlns', 'maml', $NsXmlns, $NsMaml)
    $Writer.WriteAttributeString('xmlns', 'command', $NsXmlns, $NsCommand)
    $Writer.WriteAttributeString('xmlns', 'dev', $NsXmlns, $NsDev)
    $Writer.WriteAttributeString('xmlns', 'MSHelp', $NsXmlns, $NsMsHelp)

    # details
    $verb, $noun = $Command.Name -split '-', 2
    $Writer.WriteStartElement('command', 'details', $NsCommand)
    $Writer.WriteElementString('command', 'name', $NsCommand, $Command.Name)
    $Writer.WriteElementString('command', 'verb', $NsCommand, $verb)
    $Writer.WriteElementString('command', 'noun', $NsCommand, $(if ($null -ne $noun) { $noun } else { '' }))
    Write-ParagraphList -Writer $Writer -Prefix 'maml' -Name 'description' -Namespace $NsMaml -Paragraphs $Help.Synopsis
    $Writer.WriteEndElement()

    Write-ParagraphList -Writer $Writer -Prefix 'maml' -Name 'description' -Namespace $NsMaml -Paragraphs $Help.Description

    # syntax: one item per parameter set, the default set first
    $Writer.WriteStartElement('command', 'syntax', $NsCommand)
    foreach ($set in $Model.Sets) {
        $Writer.WriteStartElement('command', 'syntaxItem', $NsCommand)
        $Writer.WriteElementString('maml', 'name', $NsMaml, $Command.Name)
        foreach ($entry in $set.Parameters) {
            Write-ParameterElement -Writer $Writer -Name $entry.Name -Required ([string] $entry.Mandatory).ToLowerInvariant() `
                -Position $entry.Position -PipelineInput $entry.PipelineInput -Info $entry `
                -Description $descriptions[$entry.Name] -Default $defaults[$entry.Name] -InSyntax
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    # parameters: markdown order, then undocumented ones (-WhatIf, -Confirm)
    $order = [System.Collections.Generic.List[string]]::new()
    foreach ($key in $Help.Parameters.Keys) {
        foreach ($name in $Model.Parameters.Keys) { if ($name -eq $key -and -not $order.Contains($name)) { $order.Add($name) } }
    }
    foreach ($name in $Model.Parameters.Keys) { if (-not $order.Contains($name)) { $order.Add($name) } }

    $Writer.WriteStartElement('command', 'parameters', $NsCommand)
    foreach ($name in $order) {
        $info = $Model.Parameters[$name]
        Write-ParameterElement -Writer $Writer -Name $name -Required $info.Required -Position $info.Position `
            -PipelineInput $info.PipelineInput -Info $info -Description $descriptions[$name] -Default $defaults[$name]
    }
    $Writer.WriteEndElement()

    Write-TypeList -Writer $Writer -ListName 'inputTypes' -ItemName 'inputType' -Types $Help.Inputs
    Write-TypeList -Writer $Writer -ListName 'returnValues' -ItemName 'returnValue' -Types $Help.Outputs

    $Writer.WriteStartElement('maml', 'alertSet', $NsMaml)
    $Writer.WriteStartElement('maml', 'alert', $NsMaml)
    $notes = @($Help.Notes)
    if ($notes.Count -eq 0) { $notes = @('') }
    foreach ($paragraph in $notes) { $Writer.WriteElementString('maml', 'para', $NsMaml, $paragraph) }
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'examples', $NsCommand)
    foreach ($example in $Help.Examples) {
        $Writer.WriteStartElement('command', 'example', $NsCommand)
        $Writer.WriteElementString('maml', 'title', $NsMaml, ('---------- {0} ----------' -f $example.Title))
        $Writer.WriteElementString('dev', 'code', $NsDev, $example.Code)
        # The trailing empty paragraph puts a blank line before the next title.
        $Writer.WriteStartElement('dev', 'remarks', $NsDev)
        foreach ($paragraph in @($example.Remarks) + '') { $Writer.WriteElementString('maml', 'para', $NsMaml, $paragraph) }
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $NsCommand)
    foreach ($link in $Help.Links) {
        $Writer.WriteStartElement('maml', 'navigationLink', $NsMaml)
        $Writer.WriteElementString('maml', 'linkText', $NsMaml, $link.Text)
        $Writer.WriteElementString('maml', 'uri', $NsMaml, $link.Uri)
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

#endregion

#region Main

$resolvedSource = (Resolve-Path -LiteralPath $SourcePath).ProviderPath
if (-not (Test-Path -LiteralPath $resolvedSource -PathType Container)) {
    throw "SourcePath '$SourcePath' is not a folder."
}
$resolvedModule = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
$resolvedOutput = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutputPath)

$modules = @(Import-Module -Name $resolvedModule -Force -PassThru -ErrorAction Stop -Verbose:$false)
$moduleName = [System.IO.Path]::GetFileNameWithoutExtension($resolvedModule)
$module = @($modules | Where-Object { $_.Name -eq $moduleName }) + $modules | Select-Object -First 1
Write-Verbose "Imported module $($module.Name) $($module.Version) from $resolvedModule"

$commands = @(
    @($module.ExportedCmdlets.Values) + @($module.ExportedFunctions.Values) |
        Sort-Object -Property Name -Unique
)
if ($commands.Count -eq 0) {
    throw "Module '$($module.Name)' exports no cmdlets or functions."
}

$markdownFiles = @{}
foreach ($item in (Get-ChildItem -LiteralPath $resolvedSource -Filter '*.md' -File)) {
    $markdownFiles[$item.BaseName] = $item
}

$documents = [System.Collections.Generic.List[object]]::new()
foreach ($command in $commands) {
    $mdFile = $null
    foreach ($key in $markdownFiles.Keys) { if ($key -eq $command.Name) { $mdFile = $markdownFiles[$key] } }
    if ($null -eq $mdFile) {
        Add-Problem -File "$($command.Name).md" -Line 0 -Message "Missing: $($module.Name) exports $($command.Name) but '$resolvedSource' has no $($command.Name).md."
        continue
    }
    Write-Verbose "Reading $($mdFile.FullName)"
    $help = Read-MarkdownHelp -Path $mdFile.FullName
    $model = Get-CommandParameterModel -Command $command
    $file = $mdFile.Name

    if ($help.Name -and $help.Name -cne $command.Name) {
        Add-Problem -File $file -Line 1 -Message "The heading '# $($help.Name)' must be the command name '# $($command.Name)'."
    }
    if ($null -eq $help.Synopsis -or @($help.Synopsis).Count -eq 0) {
        Add-Problem -File $file -Line 0 -Message 'SYNOPSIS is missing or empty.'
    }
    if ($null -eq $help.Description -or @($help.Description).Count -eq 0) {
        Add-Problem -File $file -Line 0 -Message 'DESCRIPTION is missing or empty.'
    }
    if ($help.Examples.Count -lt 2) {
        Add-Problem -File $file -Line 0 -Message "EXAMPLES has $($help.Examples.Count) example(s); at least 2 are required."
    }

    $common = @([System.Management.Automation.Cmdlet]::CommonParameters)
    foreach ($documented in $help.Parameters.Values) {
        $match = @($model.Parameters.Keys | Where-Object { $_ -eq $documented.Name })
        if ($common -contains $documented.Name) {
            Add-Problem -File $file -Line $documented.Line -Message "-$($documented.Name) is a common parameter; do not document it (Get-Help adds CommonParameters)."
        }
        elseif ($match.Count -eq 0) {
            Add-Problem -File $file -Line $documented.Line -Message "Documents parameter -$($documented.Name), which $($command.Name) does not have."
        }
        elseif ($match[0] -cne $documented.Name) {
            Add-Problem -File $file -Line $documented.Line -Message "Parameter heading '-$($documented.Name)' must be spelled '-$($match[0])'."
        }
    }
    foreach ($info in $model.Parameters.Values) {
        if ($info.IsShouldProcess) { continue }
        $documented = @($help.Parameters.Values | Where-Object { $_.Name -eq $info.Name })
        if ($documented.Count -eq 0) {
            Add-Problem -File $file -Line 0 -Message "Parameter -$($info.Name) of $($command.Name) is not documented (add '### -$($info.Name)' under '## PARAMETERS')."
        }
        elseif (@($documented[0].Description).Count -eq 0) {
            Add-Problem -File $file -Line $documented[0].Line -Message "Parameter -$($info.Name) has no description."
        }
    }
    $documents.Add([pscustomobject]@{ Command = $command; Help = $help; Model = $model })
}

foreach ($key in $markdownFiles.Keys) {
    if (-not @($commands | Where-Object { $_.Name -eq $key }).Count) {
        Add-Problem -File $markdownFiles[$key].Name -Line 0 -Message "Documents $key, which module $($module.Name) does not export."
    }
}

Test-IncludesUsed

if ($Problems.Count -gt 0) {
    # One line per problem (error views fold a long message into one paragraph).
    foreach ($problem in $Problems) { $Host.UI.WriteErrorLine($problem) }
    throw "Help for module $($module.Name) is not valid: $($Problems.Count) problem(s), listed above. Nothing was written to $resolvedOutput."
}

$outputFolder = Split-Path -Parent $resolvedOutput
if ($outputFolder -and -not (Test-Path -LiteralPath $outputFolder -PathType Container)) {
    $null = New-Item -ItemType Directory -Path $outputFolder -Force
}

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Encoding = [System.Text.UTF8Encoding]::new($true)
$settings.Indent = $true
$settings.IndentChars = '  '
$settings.NewLineChars = "`n"
$settings.NewLineHandling = [System.Xml.NewLineHandling]::Replace

# Write to a temporary file first so that a failure leaves no partial help.
$temporary = $resolvedOutput + '.tmp'
try {
    $writer = [System.Xml.XmlWriter]::Create($temporary, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', $NsHelpItems)
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($document in $documents) {
            Write-CommandHelp -Writer $writer -Command $document.Command -Help $document.Help -Model $document.Model
        }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally {
        $writer.Dispose()
    }

    # Prove the result is well-formed before replacing the old file.
    $check = [System.Xml.XmlDocument]::new()
    $check.Load($temporary)
    Move-Item -LiteralPath $temporary -Destination $resolvedOutput -Force
}
finally {
    if (Test-Path -LiteralPath $temporary) { Remove-Item -LiteralPath $temporary -Force }
}
Write-Verbose "Wrote help for $($documents.Count) command(s) to $resolvedOutput"
Get-Item -LiteralPath $resolvedOutput

#endregion
