#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }

<#
    The parameters the integration cmdlets share (their base classes) have their help written once, in
    module/help/include/IntegrationParameters.md, and included by ConvertTo-MamlHelp.ps1 where a page says
    [!INCLUDE [-Token](include/IntegrationParameters.md#-token)]. Here: every cmdlet's built help carries the shared
    text (expanded, not the include line), and a build with a bad include fails, saying where and why.
#>

BeforeDiscovery {
    # Which shared sections each cmdlet's help includes, by the parameter that shows them.
    $script:Cases = @(
        foreach ($command in 'Invoke-CollectionBackup', 'Sync-ApiSchema', 'Test-BackupIntegration', 'Get-CollectionBackupHistory', 'Restore-CollectionBackup') {
            $shared = switch ($command) {
                'Restore-CollectionBackup' { 'Token', 'Credential', 'PostmanApiKey' }
                'Get-CollectionBackupHistory' { 'Name', 'Path', 'InputObject', 'Token', 'Credential' }
                default { 'Name', 'Path', 'InputObject', 'Token', 'Credential', 'PostmanApiKey', 'Shard' }
            }
            foreach ($parameter in $shared) { @{ Command = $command; Parameter = $parameter } }
        }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module $env:PSGITHUBSYNC_MODULE -Force
    $script:HelpSource = Join-Path $PSScriptRoot '../../module/help'
    $script:Generator = Join-Path $script:HelpSource 'ConvertTo-MamlHelp.ps1'

    function Get-SharedSection {
        <# The text of one '### <heading>' section of the include file, its lines joined as the generator joins them. #>
        param([string] $Heading)
        $text = (Get-Content -Raw (Join-Path $script:HelpSource 'include/IntegrationParameters.md')) -replace "`r`n", "`n"
        $match = [regex]::Match($text, '(?ms)^### ' + [regex]::Escape($Heading) + '\n(?<body>.*?)(?=^### |\z)')
        if (-not $match.Success) { throw "The include file has no '### $Heading' section." }
        ($match.Groups['body'].Value.Trim() -split '\n' | ForEach-Object { $_.Trim() }) -join ' '
    }

    function Get-ParameterHelpText {
        param([string] $Command, [string] $Parameter)
        (@((Get-Help $Command -Parameter $Parameter).description | ForEach-Object { $_.Text }) -join "`n")
    }
}

Describe 'Shared parameter help, written once and included' {
    It '<Command> -<Parameter> carries the shared text of include/IntegrationParameters.md' -ForEach $script:Cases {
        $shared = Get-SharedSection -Heading "-$Parameter"
        $text = Get-ParameterHelpText -Command $Command -Parameter $Parameter
        $text | Should -Not -Match 'INCLUDE'
        $paragraphs = @($text -split "`n")
        $paragraphs | Should -Contain $shared
    }

    It '<_> -Path says what a definitions file with problems does' -ForEach @('Invoke-CollectionBackup', 'Sync-ApiSchema', 'Get-CollectionBackupHistory') {
        @((Get-ParameterHelpText -Command $_ -Parameter Path) -split "`n") | Should -Contain (Get-SharedSection -Heading 'A definitions file with problems')
    }

    It 'each cmdlet keeps what is its own beside the shared text' {
        Get-ParameterHelpText -Command Restore-CollectionBackup -Parameter PostmanApiKey | Should -Match 'Only -ToPostman uses it'
        Get-ParameterHelpText -Command Sync-ApiSchema -Parameter Name | Should -Match 'every schema-sync integration'
        Get-ParameterHelpText -Command Test-BackupIntegration -Parameter Path | Should -Match 'failed Definition check'
    }
}

Describe 'A bad include fails the help build, naming the page, the line and the fix' {
    BeforeAll {
        $script:Source = Join-Path ([IO.Path]::GetTempPath()) ("psgithubsync-help-{0}" -f [guid]::NewGuid())
        Copy-Item -Recurse $script:HelpSource $script:Source
        $invoke = Join-Path $script:Source 'Invoke-CollectionBackup.md'
        (Get-Content -Raw $invoke).Replace('IntegrationParameters.md#-token)]', 'IntegrationParameters.md#-tokn)]') | Set-Content -NoNewline $invoke
        $sync = Join-Path $script:Source 'Sync-ApiSchema.md'
        (Get-Content -Raw $sync).Replace('(include/IntegrationParameters.md#-token)]', '(include/Missing.md#-token)]') | Set-Content -NoNewline $sync
        Add-Content (Join-Path $script:Source 'include/IntegrationParameters.md') "`n### -Unused`nText no page includes.`n"
        $script:TypoLine = (Select-String -Path $invoke -Pattern '#-tokn\)\]$').LineNumber
        $script:MissingLine = (Select-String -Path $sync -Pattern 'Missing\.md#-token\)\]$').LineNumber
        $script:Output = Join-Path $script:Source 'out/PSGitHubSync.dll-Help.xml'
        $script:Run = Invoke-FreshPwsh -Script "& '$script:Generator' -SourcePath '$script:Source' -ModulePath '$env:PSGITHUBSYNC_MODULE' -OutputPath '$script:Output'"
        $script:Text = $script:Run.Output + $script:Run.Error
    }

    AfterAll {
        Remove-Item -Recurse -Force $script:Source -ErrorAction SilentlyContinue
    }

    It 'exits non-zero and writes no help file' {
        $script:Run.ExitCode | Should -Not -Be 0
        Test-Path $script:Output | Should -BeFalse
        $script:Text | Should -Match 'Help for module PSGitHubSync is not valid: \d+ problem'
    }

    It 'names an unknown section with the page and line, and lists the sections there are' {
        $script:Text | Should -Match ([regex]::Escape("Invoke-CollectionBackup.md:$($script:TypoLine): The include names 'include/IntegrationParameters.md#-tokn'"))
        $script:Text | Should -Match 'Its sections are: #-name, #-path, #a-definitions-file-with-problems, #-inputobject, #-token'
    }

    It 'names an include file that does not exist' {
        $script:Text | Should -Match ([regex]::Escape("Sync-ApiSchema.md:$($script:MissingLine): The include names 'include/Missing.md', which is not a file under"))
    }

    It 'names a shared section that no page includes' {
        $script:Text | Should -Match ([regex]::Escape("include/IntegrationParameters.md:"))
        $script:Text | Should -Match "Section '### -Unused' \(#-unused\) is included by no help page"
    }
}
