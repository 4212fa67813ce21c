#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }

<#
    Get-BackupIntegration and New-BackupIntegration, end to end against the BUILT module, with
    definitions files in $TestDrive. No network: neither cmdlet talks to GitHub or Postman.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module $env:PSGITHUBSYNC_MODULE -Force

    $script:GetId = 'PSGitHubSync.Commands.GetBackupIntegrationCommand'
    $script:NewId = 'PSGitHubSync.Commands.NewBackupIntegrationCommand'
    $script:Latin1 = [Text.Encoding]::Latin1   # one char per byte: string offsets are byte offsets

    function Write-DefinitionFile {
        <# Writes $Text exactly (UTF-8, no BOM; LF unless the text has CRLF) and returns the full path. #>
        param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [string] $Text, [switch] $Bom)
        $bytes = [Text.UTF8Encoding]::new($false).GetBytes($Text)
        if ($Bom) { $bytes = [byte[]] (@(0xEF, 0xBB, 0xBF) + $bytes) }
        $parent = Split-Path -Parent $Path
        if (-not (Test-Path $parent)) { New-Item -ItemType Directory -Path $parent | Out-Null }
        [IO.File]::WriteAllBytes($Path, $bytes)
        $Path
    }

    function ConvertTo-Lf { param([string] $Text) $Text -replace "`r`n", "`n" }

    function Get-ByteText { param([string] $Path) $script:Latin1.GetString([IO.File]::ReadAllBytes($Path)) }

    function Test-OnlyInserted {
        <#
            True when $After is $Before with exactly $Inserted put in at one place and every other
            byte unchanged (the texts are byte strings, see Get-ByteText).
        #>
        param([string] $Before, [string] $After, [string] $Inserted)
        if ($After.Length -ne $Before.Length + $Inserted.Length) { return $false }
        for ($k = 0; $k -le $Before.Length; $k++) {
            if ($After.Substring(0, $k) -cne $Before.Substring(0, $k)) { return $false }
            if ($After.Substring($k, $Inserted.Length) -ceq $Inserted -and $After.Substring($k + $Inserted.Length) -ceq $Before.Substring($k)) {
                return $true
            }
        }
        $false
    }

    # Several integrations, most keys left to their defaults.
    $script:Sample = ConvertTo-Lf @'
version: 1
integrations:
  - name: payments-api
    type: collection-backup
    source:
      workspace: Payments
      collection: Payments API
    repository: contoso/api-backups
  - name: payments-schema
    type: schema-sync
    source:
      file: ./api/openapi.yaml
    repository: contoso/payments
    path: api/openapi.yaml
    branch: develop
  - name: orders-api
    type: collection-backup
    source: { workspace: Orders, collection: Orders API }
    repository: contoso/api-backups
    directory: Orders
    fileName: orders.json
    branch: main
  - name: hr-schema
    type: schema-sync
    source:
      postman: { workspace: HR, api: Employees API }
    repository: platform/hr-api
    path: schema
    format: openapi
    github:
      server: https://github.contoso.com
      token: secret:CorpVault/GheToken
'@
}

Describe 'Get-BackupIntegration' {
    BeforeAll {
        $script:Folder = New-TestFolder
        $script:File = Write-DefinitionFile -Path (Join-Path $Folder 'psgithubsync.yml') -Text $Sample
    }

    Context 'defaults and values' {
        It 'returns every integration, in file order, as PSGitHubSync.Integration with every default applied' {
            $all = @(Get-BackupIntegration -Path $File)
            $all.Name | Should -Be @('payments-api', 'payments-schema', 'orders-api', 'hr-schema')
            $all[0].GetType().FullName | Should -Be 'PSGitHubSync.Integration'
            $all[0].PSObject.TypeNames[0] | Should -Be 'PSGitHubSync.Integration'

            $backup = $all[0]
            $backup.Type | Should -Be 'collection-backup'
            $backup.Repository | Should -Be 'contoso/api-backups'
            $backup.Source.Workspace | Should -Be 'Payments'
            $backup.Source.Collection | Should -Be 'Payments API'
            $backup.Source.Environments | Should -BeFalse
            $backup.Directory | Should -Be 'Postman Collections'
            $backup.FileName | Should -BeNullOrEmpty
            $backup.Branch | Should -BeNullOrEmpty
            $backup.Server | Should -Be 'https://github.com'
            $backup.Token | Should -Be 'env:GITHUB_TOKEN'
            $backup.PostmanServer | Should -Be 'https://api.getpostman.com'
            $backup.PostmanApiKey | Should -Be 'env:POSTMAN_API_KEY'
            $backup.Committer.Name | Should -Be 'PSGitHubSync'
            $backup.Committer.Email | Should -Be 'psgithubsync@users.noreply.github.com'
            $backup.SecretPolicy | Should -Be 'redact'
            $backup.DefinitionFile | Should -Be $File
            $backup.Line | Should -Be 3
            $backup.Column | Should -Be 5
            $backup.Location | Should -Be "${File}:3:5"

            $schema = $all[1]
            $schema.Type | Should -Be 'schema-sync'
            $schema.SchemaPath | Should -Be 'api/openapi.yaml'
            $schema.Branch | Should -Be 'develop'
            $schema.Format | Should -BeNullOrEmpty
            $schema.Directory | Should -BeNullOrEmpty

            $all[2].Directory | Should -Be 'Orders'
            $all[2].FileName | Should -Be 'orders.json'

            $enterprise = $all[3]
            $enterprise.Server | Should -Be 'https://github.contoso.com'
            $enterprise.Token | Should -Be 'secret:CorpVault/GheToken'
            $enterprise.Format | Should -Be 'openapi'
            $enterprise.Source.PostmanWorkspace | Should -Be 'HR'
            $enterprise.Source.PostmanApi | Should -Be 'Employees API'
            "$($enterprise.Source)" | Should -Be 'postman:HR/Employees API'
        }

        It 'applies the file''s defaults block, and an integration''s own blocks override it key by key' {
            $path = Write-DefinitionFile -Path (Join-Path (New-TestFolder) 'defaults.yml') -Text (ConvertTo-Lf @'
version: 1
defaults:
  github:
    server: https://github.contoso.com
    token: env:CONTOSO_TOKEN
  postman:
    apiKey: file:./postman.key
  committer: { name: Backup Bot, email: bot@contoso.com }
  secretPolicy: redact
integrations:
  - name: inherits
    type: collection-backup
    source: { workspace: W, collection: C }
    repository: contoso/a
  - name: overrides
    type: collection-backup
    source: { workspace: W, collection: D }
    repository: contoso/a
    secretPolicy: block
    github:
      server: https://github.com
    committer:
      email: other@contoso.com
'@)
            $inherits, $overrides = Get-BackupIntegration -Path $path
            $inherits.Server | Should -Be 'https://github.contoso.com'
            $inherits.Token | Should -Be 'env:CONTOSO_TOKEN'
            $inherits.PostmanApiKey | Should -Be 'file:./postman.key'
            "$($inherits.Committer)" | Should -Be 'Backup Bot <bot@contoso.com>'
            $inherits.SecretPolicy | Should -Be 'redact'

            $overrides.Server | Should -Be 'https://github.com'
            $overrides.Token | Should -Be 'env:CONTOSO_TOKEN' -Because 'only the server was overridden'
            $overrides.Committer.Name | Should -Be 'Backup Bot'
            $overrides.Committer.Email | Should -Be 'other@contoso.com'
            $overrides.SecretPolicy | Should -Be 'block'
        }

        It 'resolves a relative source.file against the definitions file''s folder, not the current location' {
            $elsewhere = New-TestFolder
            Push-Location $elsewhere
            try {
                $schema = Get-BackupIntegration -Path $File -Name payments-schema
            }
            finally { Pop-Location }
            $schema.Source.File | Should -Be ([IO.Path]::GetFullPath((Join-Path $Folder 'api/openapi.yaml')))
            $schema.Source.File | Should -Not -BeLike "$elsewhere*"
        }
    }

    Context 'selection' {
        It '-Name takes wildcards, ignoring case' {
            (Get-BackupIntegration -Path $File -Name 'PAY*').Name | Should -Be @('payments-api', 'payments-schema')
            (Get-BackupIntegration -Path $File -Name '*-schema', 'Orders-API').Name | Should -Be @('payments-schema', 'orders-api', 'hr-schema')
        }

        It '-Type returns only integrations of that type' {
            (Get-BackupIntegration -Path $File -Type schema-sync).Name | Should -Be @('payments-schema', 'hr-schema')
            (Get-BackupIntegration -Path $File -Type collection-backup -Name '*api').Name | Should -Be @('payments-api', 'orders-api')
        }

        It 'a wildcard that matches nothing returns nothing, without an error' {
            $errors = $null
            $result = Get-BackupIntegration -Path $File -Name 'nothing*' -ErrorVariable errors
            $result | Should -BeNullOrEmpty
            $errors | Should -BeNullOrEmpty
        }

        It 'a name that matches nothing is a non-terminating IntegrationNotFound error that lists the names' {
            $errors = $null
            $result = @(Get-BackupIntegration -Path $File -Name 'nope', 'orders-api' -ErrorVariable errors -ErrorAction SilentlyContinue)
            $result.Name | Should -Be @('orders-api') -Because 'the other names are still returned'
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -Be "IntegrationNotFound,$GetId"
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errors[0].TargetObject | Should -Be 'nope'
            $errors[0].Exception.Message | Should -Match "No integration named 'nope'"
            $errors[0].Exception.Message | Should -Match 'payments-api, payments-schema, orders-api, hr-schema'
        }

        It 'a name that exists only with another -Type is IntegrationNotFound' {
            { Get-BackupIntegration -Path $File -Name orders-api -Type schema-sync -ErrorAction Stop } |
                Should -Throw -ErrorId "IntegrationNotFound,$GetId"
        }
    }

    Context 'the file''s location' {
        It '-Path defaults to ./psgithubsync.yml in the current PowerShell location' {
            [Environment]::CurrentDirectory | Should -Not -Be $Folder -Because 'the PowerShell location, not the process directory, must count'
            Push-Location $Folder
            try {
                $all = @(Get-BackupIntegration)
            }
            finally { Pop-Location }
            $all.Count | Should -Be 4
            $all[0].DefinitionFile | Should -Be $File
        }

        It 'resolves a relative -Path against the PowerShell location' {
            Push-Location (Split-Path -Parent $Folder)
            try {
                $all = @(Get-BackupIntegration -Path (Join-Path (Split-Path -Leaf $Folder) 'psgithubsync.yml'))
            }
            finally { Pop-Location }
            $all.Count | Should -Be 4
            $all[0].DefinitionFile | Should -Be $File
        }

        It 'a missing file is a non-terminating DefinitionFileNotFound error that names the full path' {
            $empty = New-TestFolder
            Push-Location $empty
            try {
                $output = @(Get-BackupIntegration -ErrorAction SilentlyContinue -ErrorVariable errors)
                $after = $true   # not terminating: the script goes on
            }
            finally { Pop-Location }
            $output.Count | Should -Be 0
            $after | Should -BeTrue
            $record = @($errors)[0]
            $record.FullyQualifiedErrorId | Should -Be "DefinitionFileNotFound,$GetId"
            $record.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $record.Exception.Message | Should -BeLike "*$(Join-Path $empty 'psgithubsync.yml')*"
            $record.Exception.Message | Should -Match 'New-BackupIntegration'
        }
    }

    Context 'an invalid file' {
        BeforeAll {
            $script:LiteralToken = 'ghp_' + 'Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G5h6J7k8'
            $script:BadFile = Write-DefinitionFile -Path (Join-Path (New-TestFolder) 'bad.yml') -Text (ConvertTo-Lf @"
version: 1
integrations:
  - name: good
    type: collection-backup
    source: { workspace: W, collection: C }
    repository: contoso/x
    colour: blue
  - name: leaky
    type: collection-backup
    source: { workspace: W, collection: D }
    repository: contoso/x
    github:
      token: $LiteralToken
  - name: escapes
    type: collection-backup
    source: { workspace: W, collection: E }
    repository: contoso/x
    directory: ../outside
  - name: first
    type: collection-backup
    source: { workspace: W, collection: F }
    repository: contoso/x
    fileName: same.json
  - name: second
    type: collection-backup
    source: { workspace: W2, collection: G }
    repository: contoso/x
    fileName: same.json
"@)
        }

        It 'is a non-terminating DefinitionFileInvalid error (silenced by -ErrorAction SilentlyContinue) and returns nothing' {
            $output = [Collections.Generic.List[object]]::new()
            Get-BackupIntegration -Path $BadFile -ErrorAction SilentlyContinue -ErrorVariable errors | ForEach-Object { $output.Add($_) }
            $errors.Count | Should -Be 1
            $record = $errors[0]
            $record.FullyQualifiedErrorId | Should -Be "DefinitionFileInvalid,$GetId"
            $record.Exception | Should -BeOfType ([PSGitHubSync.DefinitionException])
            $output.Count | Should -Be 0 -Because 'a file with problems yields no integration, not even the valid ones'
            $record.CategoryInfo.Category | Should -Be 'InvalidData'
            $record.TargetObject | Should -Be $BadFile
        }

        It 'lists every problem with file:line:column and its problem id, in file order' {
            $record = { Get-BackupIntegration -Path $BadFile -ErrorAction Stop } | Should -Throw -PassThru
            $message = $record.Exception.Message
            $message | Should -Match "^The definitions file $([regex]::Escape($BadFile)) has 4 problems"
            $lines = @($message -split '\r?\n' | Select-Object -Skip 1 | ForEach-Object { $_.Trim() })
            $lines.Count | Should -Be 4
            $lines[0] | Should -BeLike "${BadFile}:7:5: 'colour' is not a key of an integration.* ``[UnknownKey``]"
            $lines[1] | Should -BeLike "${BadFile}:13:14: * ``[LiteralTokenNotAllowed``]"
            $lines[2] | Should -BeLike "${BadFile}:18:16: *'../outside'* ``[PathEscapesRepository``]"
            $lines[3] | Should -BeLike "${BadFile}:24:5: 'second' writes contoso/x 'Postman Collections/same.json', which 'first' (line 19) writes too* ``[DuplicateTarget``]"
        }

        It 'gives the problems as objects, and never repeats the literal token' {
            $record = { Get-BackupIntegration -Path $BadFile -ErrorAction Stop } | Should -Throw -PassThru
            $problems = @($record.Exception.Problems)
            $problems.ProblemId | Should -Be @('UnknownKey', 'LiteralTokenNotAllowed', 'PathEscapesRepository', 'DuplicateTarget')
            $problems.Line | Should -Be @(7, 13, 18, 24)
            $problems.Column | Should -Be @(5, 14, 16, 5)
            $problems[0].File | Should -Be $BadFile
            ($record | Format-List * -Force | Out-String) + $record.Exception.Message | Should -Not -Match ([regex]::Escape($LiteralToken))
        }

        It 'reports a file that is not YAML, and one without a version' {
            $folder = New-TestFolder
            $syntax = Write-DefinitionFile -Path (Join-Path $folder 'syntax.yml') -Text "version: 1`nintegrations:`n  - name: a`n    type: [unclosed`n"
            $record = { Get-BackupIntegration -Path $syntax -ErrorAction Stop } | Should -Throw -ErrorId "DefinitionFileInvalid,$GetId" -PassThru
            @($record.Exception.Problems).ProblemId | Should -Be @('YamlSyntax')
            $record.Exception.Message | Should -Match ([regex]::Escape("${syntax}:") + '\d+:\d+: .*\[YamlSyntax\]')

            $noVersion = Write-DefinitionFile -Path (Join-Path $folder 'noversion.yml') -Text "integrations: []`n"
            $record = { Get-BackupIntegration -Path $noVersion -ErrorAction Stop } | Should -Throw -ErrorId "DefinitionFileInvalid,$GetId" -PassThru
            $record.Exception.Message | Should -Match ([regex]::Escape("${noVersion}:1:1: ") + ".*'version: 1'.*\[UnsupportedVersion\]")
        }
    }

    Context 'pipeline, completion and formatting' {
        It 'binds a piped DefinitionFile property to -Path (from another location)' {
            $elsewhere = New-TestFolder
            Push-Location $elsewhere   # no psgithubsync.yml here: the file must come from DefinitionFile
            try {
                $again = @([pscustomobject]@{ DefinitionFile = $File } | Get-BackupIntegration -Name '*schema')
            }
            finally { Pop-Location }
            $again.Name | Should -Be @('payments-schema', 'hr-schema')
            $again[0].GetType().FullName | Should -Be 'PSGitHubSync.Integration'
            $again[0].DefinitionFile | Should -Be $File
        }

        It 'reads files piped from Get-ChildItem (their path binds to -Path, their name is not taken for -Name)' {
            $elsewhere = New-TestFolder
            Push-Location $elsewhere
            try {
                $again = @(Get-Item -LiteralPath $File | Get-BackupIntegration)
            }
            finally { Pop-Location }
            $again.Name | Should -Be @('payments-api', 'payments-schema', 'orders-api', 'hr-schema')
        }

        It 'tab-completes -Name from the file given by -Path' {
            $line = "Get-BackupIntegration -Path '$File' -Name pay"
            $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            @($result.CompletionMatches.CompletionText) | Should -Be @('payments-api', 'payments-schema')
            $result.CompletionMatches[0].ResultType | Should -Be 'ParameterValue'
        }

        It 'tab-completes -Name from ./psgithubsync.yml, and from a relative -Path, in the PowerShell location' {
            Push-Location $Folder
            try {
                $line = 'Get-BackupIntegration -Name '
                $all = TabExpansion2 -inputScript $line -cursorColumn $line.Length
                $line = 'New-BackupIntegration -Path ./psgithubsync.yml -Name h'
                $new = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            }
            finally { Pop-Location }
            @($all.CompletionMatches.CompletionText) | Should -Be @('hr-schema', 'orders-api', 'payments-api', 'payments-schema')
            @($new.CompletionMatches.CompletionText) | Should -Be @('hr-schema')
        }

        It 'has a default table view for 80 columns (Name, Type, Repository, Source) and a Wide view with Branch, Target and Server' {
            $formatData = Get-FormatData -TypeName 'PSGitHubSync.Integration'
            $formatData | Should -Not -BeNullOrEmpty
            $formatData.FormatViewDefinition[0].Control | Should -BeOfType 'System.Management.Automation.TableControl'

            $default = @((Get-BackupIntegration -Path $File | Out-String -Width 80) -split '\r?\n' | Where-Object { $_.Trim() })
            $default[0] | Should -Match '^Name\s+Type\s+Repository\s+Source\s*$'
            $default[2] | Should -Match '^payments-api\s+collection-backup\s+contoso/api-backups\s+Payments/Payments API\s*$'
            $default[3] | Should -Match '^payments-schema\s+schema-sync\s+contoso/payments\s+\./api/openapi\.yaml\s*$'

            $text = Get-BackupIntegration -Path $File | Format-Table -View Wide | Out-String -Width 300
            $lines = @($text -split '\r?\n' | Where-Object { $_.Trim() })
            $lines[0] | Should -Match '^Name\s+Type\s+Source\s+Repository\s+Branch\s+Target\s+Server\s*$'
            $lines[1] | Should -Match '^-{4}\s+-{4}\s+-{6}\s+-{10}\s+-{6}\s+-{6}\s+-{6}\s*$'
            $lines.Count | Should -Be 6
            $lines[2] | Should -Match '^payments-api\s+collection-backup\s+Payments/Payments API\s+contoso/api-backups\s+\(default\)\s+Postman Collections/<collection>\.postman_collection\.json\s+https://github\.com\s*$'
            $lines[3] | Should -Match '^payments-schema\s+schema-sync\s+\./api/openapi\.yaml\s+contoso/payments\s+develop\s+api/openapi\.yaml\s+https://github\.com\s*$'
            $lines[4] | Should -Match '^orders-api\s+collection-backup\s+Orders/Orders API\s+contoso/api-backups\s+main\s+Orders/orders\.json\s+https://github\.com\s*$'
            $lines[5] | Should -Match '^hr-schema\s+schema-sync\s+postman:HR/Employees API\s+platform/hr-api\s+\(default\)\s+schema\s+https://github\.contoso\.com\s*$'
        }
    }
}

Describe 'New-BackupIntegration' {
    Context 'creating and appending' {
        It 'creates a missing file (and folder) with version: 1 and returns the integration as read back' {
            $path = Join-Path (New-TestFolder) 'new/psgithubsync.yml'
            $result = @(New-BackupIntegration -Name payments-api -Repository contoso/api-backups -Workspace Payments -Collection 'Payments API' -Path $path)
            $result.Count | Should -Be 1
            $result[0].GetType().FullName | Should -Be 'PSGitHubSync.Integration'
            $result[0].PSObject.TypeNames[0] | Should -Be 'PSGitHubSync.Integration'
            $result[0].Name | Should -Be 'payments-api'
            $result[0].Directory | Should -Be 'Postman Collections' -Because 'the output has the defaults applied'
            $result[0].DefinitionFile | Should -Be $path
            [IO.File]::ReadAllText($path) | Should -BeExactly (ConvertTo-Lf @'
version: 1

integrations:
  - name: payments-api
    type: collection-backup
    source:
      workspace: Payments
      collection: Payments API
    repository: contoso/api-backups

'@)
            (Get-BackupIntegration -Path $path).Name | Should -Be 'payments-api'
            @(Get-ChildItem -Path (Split-Path $path) -Force).Name | Should -Be @('psgithubsync.yml') -Because 'the atomic write leaves no temporary file'
        }

        It 'appends to a commented file, keeping every original byte and inserting only the new block' {
            $path = Write-DefinitionFile -Path (Join-Path (New-TestFolder) 'psgithubsync.yml') -Text (ConvertTo-Lf @'
# Contoso API backups -- owned by the platform team
version: 1   # format version

defaults:
  github:
    token: env:CONTOSO_GH   # CI secret
  committer: { name: Backup Bot, email: bot@contoso.com }

integrations:
  # Payments, nightly
  - name: payments-api
    type: "collection-backup"
    source: { workspace: Payments, collection: 'Payments API' }
    repository: contoso/api-backups

  - name: orders-api
    type: collection-backup
    source:
      workspace: Orders
      collection: Orders API
    repository: contoso/api-backups
    fileName: orders.json     # short name

# end of file
'@)
            $before = Get-ByteText $path
            $result = New-BackupIntegration -Name billing -Repository contoso/api-backups -Workspace Billing -Collection 'Billing API' -Path $path
            $after = Get-ByteText $path
            $block = ConvertTo-Lf @'

  - name: billing
    type: collection-backup
    source:
      workspace: Billing
      collection: Billing API
    repository: contoso/api-backups

'@
            # The new block, with a blank line before it because the items are separated by blank lines.
            $block | Should -Match '^\n  - name: billing\n[\s\S]*contoso/api-backups\n$'
            Test-OnlyInserted -Before $before -After $after -Inserted $block | Should -BeTrue
            $after.IndexOf('  - name: billing') | Should -BeGreaterThan $after.IndexOf('fileName: orders.json') -Because 'it goes after the last integration'
            $after.IndexOf('  - name: billing') | Should -BeLessThan $after.IndexOf('# end of file')
            (Get-BackupIntegration -Path $path).Name | Should -Be @('payments-api', 'orders-api', 'billing')
            $result.Token | Should -Be 'env:CONTOSO_GH' -Because 'the new integration takes the file''s defaults'
        }

        It 'keeps CRLF line endings, a BOM and a missing final newline' {
            $path = Write-DefinitionFile -Bom -Path (Join-Path (New-TestFolder) 'crlf.yml') -Text (
                "# top`r`nversion: 1`r`nintegrations:`r`n- name: a`r`n  type: collection-backup`r`n  source: {workspace: W, collection: C}`r`n  repository: contoso/x   # last line")
            $before = Get-ByteText $path
            New-BackupIntegration -Name b -Repository contoso/x -Workspace W -Collection D -Path $path | Out-Null
            $after = Get-ByteText $path
            $after.Substring(0, 3) | Should -BeExactly ([string]::new([char[]] (0xEF, 0xBB, 0xBF))) -Because 'the BOM is kept'
            $after.StartsWith($before) | Should -BeTrue -Because 'every original byte stays in place'
            $after.Substring($before.Length) | Should -BeExactly "`r`n- name: b`r`n  type: collection-backup`r`n  source:`r`n    workspace: W`r`n    collection: D`r`n  repository: contoso/x`r`n"
            (Get-BackupIntegration -Path $path).Name | Should -Be @('a', 'b')
        }

        It 'resolves a relative -Path against the PowerShell location' {
            $folder = New-TestFolder
            Push-Location $folder
            try {
                New-BackupIntegration -Name a -Repository contoso/x -Workspace W -Collection C -Path 'sub/defs.yml' | Out-Null
                New-BackupIntegration -Name b -Repository contoso/x -Workspace W -Collection D | Out-Null
            }
            finally { Pop-Location }
            Test-Path (Join-Path $folder 'sub/defs.yml') | Should -BeTrue
            Test-Path (Join-Path $folder 'psgithubsync.yml') | Should -BeTrue -Because '-Path defaults to ./psgithubsync.yml'
            (Get-BackupIntegration -Path (Join-Path $folder 'psgithubsync.yml')).Name | Should -Be 'b'
        }
    }

    Context 'duplicates, -Force and -WhatIf' {
        BeforeEach {
            $script:Path = Write-DefinitionFile -Path (Join-Path (New-TestFolder) 'psgithubsync.yml') -Text (ConvertTo-Lf @'
version: 1
integrations:
  # first
  - name: alpha
    type: collection-backup
    source: { workspace: W, collection: A }
    repository: contoso/x
  # second
  - name: beta
    type: collection-backup
    source: { workspace: W, collection: B }
    repository: contoso/x
    fileName: beta.json
  # third
  - name: gamma
    type: collection-backup
    source: { workspace: W, collection: G }
    repository: contoso/x
'@)
            $script:Before = Get-ByteText $Path
        }

        It 'refuses a name that exists (ignoring case) with IntegrationExists, returns nothing and leaves the file unchanged' {
            $errors = $null
            $result = New-BackupIntegration -Name BETA -Repository contoso/x -Workspace W -Collection Other -Path $Path -ErrorVariable errors -ErrorAction SilentlyContinue
            $result | Should -BeNullOrEmpty
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -Be "IntegrationExists,$NewId"
            $errors[0].CategoryInfo.Category | Should -Be 'ResourceExists'
            $errors[0].Exception.Message | Should -Match '\(line 9\).*-Force'
            Get-ByteText $Path | Should -BeExactly $Before
        }

        It '-Force replaces the integration where it stands and changes nothing else' {
            $result = New-BackupIntegration -Name beta -Repository contoso/x -Workspace W -Collection B -Branch develop -Path $Path -Force
            $result.Branch | Should -Be 'develop'
            $result.FileName | Should -BeNullOrEmpty -Because 'the entry is replaced as a whole'
            $after = Get-ByteText $Path
            $start = $Before.IndexOf('  - name: beta')
            $end = $Before.IndexOf('  # third')
            $after.Substring(0, $start) | Should -BeExactly $Before.Substring(0, $start)
            $after.EndsWith($Before.Substring($end)) | Should -BeTrue
            $after.Substring($start, $after.Length - $start - ($Before.Length - $end)) | Should -BeExactly (ConvertTo-Lf @'
  - name: beta
    type: collection-backup
    source:
      workspace: W
      collection: B
    repository: contoso/x
    branch: develop

'@)
            (Get-BackupIntegration -Path $Path).Name | Should -Be @('alpha', 'beta', 'gamma')
        }

        It '-WhatIf writes nothing to an existing file and returns nothing' {
            $result = New-BackupIntegration -Name delta -Repository contoso/x -Workspace W -Collection D -Path $Path -WhatIf
            $result | Should -BeNullOrEmpty
            Get-ByteText $Path | Should -BeExactly $Before
            $result = New-BackupIntegration -Name beta -Repository contoso/x -Workspace W -Collection B -Branch develop -Path $Path -Force -WhatIf
            $result | Should -BeNullOrEmpty
            Get-ByteText $Path | Should -BeExactly $Before
        }

        It '-WhatIf does not create a missing file or folder' {
            $folder = Join-Path (New-TestFolder) 'not-yet'
            $missing = Join-Path $folder 'psgithubsync.yml'
            New-BackupIntegration -Name delta -Repository contoso/x -Workspace W -Collection D -Path $missing -WhatIf | Should -BeNullOrEmpty
            Test-Path $missing | Should -BeFalse
            Test-Path $folder | Should -BeFalse
        }

        It '-WhatIf says what it would do (create, add, replace)' {
            $missing = Join-Path (New-TestFolder) 'absent.yml'
            $script = @"
Import-Module '$env:PSGITHUBSYNC_MODULE'
New-BackupIntegration -Name delta -Repository contoso/x -Workspace W -Collection D -Path '$missing' -WhatIf
New-BackupIntegration -Name delta -Repository contoso/x -Workspace W -Collection D -Path '$Path' -WhatIf
New-BackupIntegration -Name beta -Repository contoso/x -Workspace W -Collection B -Path '$Path' -Force -WhatIf
"@
            $result = Invoke-FreshPwsh -Script $script
            $result.Output | Should -Match ([regex]::Escape("What if: Performing the operation `"Create the definitions file with the integration`" on target `"delta in $missing`""))
            $result.Output | Should -Match ([regex]::Escape("What if: Performing the operation `"Add the integration`" on target `"delta in $Path`""))
            $result.Output | Should -Match ([regex]::Escape("What if: Performing the operation `"Replace the integration`" on target `"beta in $Path`""))
            Test-Path $missing | Should -BeFalse
            Get-ByteText $Path | Should -BeExactly $Before
        }
    }

    Context 'the four parameter sets' {
        BeforeEach {
            $script:Folder = New-TestFolder
            $script:Path = Join-Path $Folder 'psgithubsync.yml'
        }

        It 'has the parameter sets PostmanCollection (default), CollectionFile, SchemaFile and PostmanSchema' {
            $command = Get-Command New-BackupIntegration
            $command.DefaultParameterSet | Should -Be 'PostmanCollection'
            @($command.ParameterSets.Name | Sort-Object) | Should -Be @('CollectionFile', 'PostmanCollection', 'PostmanSchema', 'SchemaFile')
        }

        It 'PostmanCollection: a whole workspace with its environments (-Collection ''*'' -Environments)' {
            $result = New-BackupIntegration -Name payments-workspace -Repository contoso/api-backups -Workspace Payments -Collection '*' -Environments -Directory 'Payments workspace' -Branch backups -Path $Path
            $result.Type | Should -Be 'collection-backup'
            $result.Source.Workspace | Should -Be 'Payments'
            $result.Source.Collection | Should -Be '*'
            $result.Source.IsWildcard | Should -BeTrue
            $result.Source.Environments | Should -BeTrue
            $result.Directory | Should -Be 'Payments workspace'
            $result.Branch | Should -Be 'backups'
            $text = [IO.File]::ReadAllText($Path)
            $text | Should -Match '(?m)^      collection: "\*"$'
            $text | Should -Match '(?m)^      environments: true$'
            $text | Should -Match '(?m)^    directory: Payments workspace$'
        }

        It 'CollectionFile: a relative -CollectionFile means the current location and is written relative to the definitions file''s folder' {
            Push-Location $Folder
            try {
                $result = New-BackupIntegration -Name legacy -Repository contoso/api-backups -CollectionFile ./exports/legacy.postman_collection.json -FileName legacy.json -Directory Archive -Path $Path
            }
            finally { Pop-Location }
            $result.Type | Should -Be 'collection-backup'
            $result.Source.File | Should -Be ([IO.Path]::GetFullPath((Join-Path $Folder 'exports/legacy.postman_collection.json')))
            $result.Source.Workspace | Should -BeNullOrEmpty
            $result.FileName | Should -Be 'legacy.json'
            $result.Directory | Should -Be 'Archive'
            [IO.File]::ReadAllText($Path) | Should -Match '(?m)^      file: \./exports/legacy\.postman_collection\.json$'
        }

        It 'CollectionFile: from another location, the path is rewritten relative to the definitions file' {
            $elsewhere = New-TestFolder
            New-Item -ItemType Directory -Path (Join-Path $elsewhere 'exports') | Out-Null
            Push-Location (Join-Path $elsewhere 'exports')
            try {
                $result = New-BackupIntegration -Name moved -Repository contoso/api-backups -CollectionFile ./moved.json -Path $Path
            }
            finally { Pop-Location }
            $result.Source.File | Should -Be ([IO.Path]::GetFullPath((Join-Path $elsewhere 'exports/moved.json')))
            [IO.File]::ReadAllText($Path) | Should -Match '(?m)^      file: \.\./[^/]+/exports/moved\.json$'
        }

        It 'SchemaFile: -SchemaFile -SchemaPath -Format, the format written in lower case' {
            Push-Location $Folder
            try {
                $result = New-BackupIntegration -Name payments-schema -Repository contoso/payments -SchemaFile ./api -SchemaPath api -Format OpenAPI -Branch develop -Path $Path
            }
            finally { Pop-Location }
            $result.Type | Should -Be 'schema-sync'
            $result.Source.File | Should -Be ([IO.Path]::GetFullPath((Join-Path $Folder 'api')))
            $result.SchemaPath | Should -Be 'api'
            $result.Format | Should -Be 'openapi'
            $result.Directory | Should -BeNullOrEmpty
            $text = [IO.File]::ReadAllText($Path)
            $text | Should -Match '(?m)^    type: schema-sync$'
            $text | Should -Match '(?m)^    path: api$'
            $text | Should -Match '(?m)^    format: openapi$'
        }

        It 'PostmanSchema: -PostmanWorkspace -PostmanApi -SchemaPath' {
            $result = New-BackupIntegration -Name hr-schema -Repository platform/hr-api -PostmanWorkspace HR -PostmanApi 'Employees API' -SchemaPath schema/employees.yaml -Path $Path
            $result.Type | Should -Be 'schema-sync'
            $result.Source.PostmanWorkspace | Should -Be 'HR'
            $result.Source.PostmanApi | Should -Be 'Employees API'
            $result.Source.File | Should -BeNullOrEmpty
            $result.SchemaPath | Should -Be 'schema/employees.yaml'
            $result.Format | Should -BeNullOrEmpty
            [IO.File]::ReadAllText($Path) | Should -Match '(?m)^      postman:\n        workspace: HR\n        api: Employees API$'
        }

        It 'writes -Server and a secret: -TokenReference into the integration''s own github block' {
            $result = New-BackupIntegration -Name hr-api -Repository platform/hr-backups -Workspace HR -Collection 'Employees API' -Server https://github.contoso.com -TokenReference secret:CorpVault/GheToken -Path $Path
            $result.Server | Should -Be 'https://github.contoso.com'
            $result.Token | Should -Be 'secret:CorpVault/GheToken'
            $other = New-BackupIntegration -Name other -Repository contoso/x -Workspace W -Collection C -Path $Path
            $other.Server | Should -Be 'https://github.com' -Because 'the github block belongs to hr-api only'
            $other.Token | Should -Be 'env:GITHUB_TOKEN'
            [IO.File]::ReadAllText($Path) | Should -Match '(?m)^    github:\n      server: "?https://github\.contoso\.com"?\n      token: "?secret:CorpVault/GheToken"?$'
        }

        It 'refuses parameters of two parameter sets' {
            { New-BackupIntegration -Name x -Repository contoso/x -CollectionFile ./a.json -Environments -Path $Path } |
                Should -Throw -ErrorId 'AmbiguousParameterSet,PSGitHubSync.Commands.NewBackupIntegrationCommand'
            { New-BackupIntegration -Name x -Repository contoso/x -SchemaFile ./api -SchemaPath api -PostmanApi A -Path $Path } |
                Should -Throw -ErrorId 'AmbiguousParameterSet,PSGitHubSync.Commands.NewBackupIntegrationCommand'
            Test-Path $Path | Should -BeFalse
        }

        It 'takes Name, Repository, Workspace, Collection and Branch from piped objects (Import-Csv)' {
            $rows = @'
Name,Repository,Workspace,Collection,Branch
orders,contoso/x,Shop,Orders,main
billing,contoso/x,Shop,Billing,develop
'@ | ConvertFrom-Csv
            $result = @($rows | New-BackupIntegration -Path $Path)
            $result.Name | Should -Be @('orders', 'billing')
            $result.Branch | Should -Be @('main', 'develop')
            (Get-BackupIntegration -Path $Path).Source.Collection | Should -Be @('Orders', 'Billing')
        }
    }

    Context 'refusing invalid results' {
        BeforeEach {
            $script:Path = Write-DefinitionFile -Path (Join-Path (New-TestFolder) 'psgithubsync.yml') -Text (ConvertTo-Lf @'
version: 1
integrations:
  - name: alpha
    type: collection-backup
    source: { workspace: W, collection: A }
    repository: contoso/x
    fileName: shared.json
'@)
            $script:Before = Get-ByteText $Path
        }

        It 'refuses a literal token as -TokenReference, without writing it anywhere' {
            $token = 'ghp_' + 'Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2'
            $errors = $null
            $result = New-BackupIntegration -Name leaky -Repository contoso/x -Workspace W -Collection L -TokenReference $token -Path $Path -ErrorVariable errors -ErrorAction SilentlyContinue
            $result | Should -BeNullOrEmpty
            $errors[0].FullyQualifiedErrorId | Should -Be "IntegrationInvalid,$NewId"
            @($errors[0].Exception.Problems).ProblemId | Should -Be @('LiteralTokenNotAllowed')
            $errors[0].Exception.Message | Should -Match ("'leaky' was not added to " + [regex]::Escape($Path) + ', which is unchanged: .*\[LiteralTokenNotAllowed\]')
            ($errors[0] | Format-List * -Force | Out-String) + $errors[0].Exception.Message | Should -Not -Match $token
            Get-ByteText $Path | Should -BeExactly $Before
        }

        It 'refuses an integration that would write the same repository file as another (DuplicateTarget)' {
            $errors = $null
            New-BackupIntegration -Name beta -Repository contoso/x -Workspace W -Collection B -FileName shared.json -Path $Path -ErrorVariable errors -ErrorAction SilentlyContinue |
                Should -BeNullOrEmpty
            $errors[0].FullyQualifiedErrorId | Should -Be "IntegrationInvalid,$NewId"
            @($errors[0].Exception.Problems).ProblemId | Should -Be @('DuplicateTarget')
            $errors[0].Exception.Message | Should -Match "'beta' writes contoso/x 'Postman Collections/shared\.json', which 'alpha' \(line 3\) writes too"
            Get-ByteText $Path | Should -BeExactly $Before
        }

        It 'refuses a path that escapes the repository (PathEscapesRepository)' {
            $errors = $null
            New-BackupIntegration -Name s -Repository contoso/x -SchemaFile ./api -SchemaPath ../api -Path $Path -ErrorVariable errors -ErrorAction SilentlyContinue |
                Should -BeNullOrEmpty
            @($errors[0].Exception.Problems).ProblemId | Should -Be @('PathEscapesRepository')
            Get-ByteText $Path | Should -BeExactly $Before
        }

        It 'refuses to edit a file that already has problems' {
            $bad = Write-DefinitionFile -Path (Join-Path (New-TestFolder) 'bad.yml') -Text "version: 1`nintegrations:`n  - name: a`n    type: collection-backup`n    source: { workspace: W, collection: C }`n    repository: contoso/x`n    colour: blue`n"
            $badBefore = Get-ByteText $bad
            $errors = $null
            New-BackupIntegration -Name b -Repository contoso/x -Workspace W -Collection D -Path $bad -ErrorVariable errors -ErrorAction SilentlyContinue |
                Should -BeNullOrEmpty
            $errors[0].FullyQualifiedErrorId | Should -Be "DefinitionFileInvalid,$NewId"
            $errors[0].Exception.Message | Should -Match ([regex]::Escape("${bad}:7:5: 'colour'") + '.*\[UnknownKey\]')
            Get-ByteText $bad | Should -BeExactly $badBefore
        }

        It 'refuses an invalid -Name before reading the file' {
            { New-BackupIntegration -Name 'has space' -Repository contoso/x -Workspace W -Collection C -Path $Path } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,PSGitHubSync.Commands.NewBackupIntegrationCommand'
            Get-ByteText $Path | Should -BeExactly $Before
        }
    }
}

Describe 'Dependency isolation' {
    It 'reads definitions with its own YamlDotNet while an older YamlDotNet is loaded in the session' {
        $oldYaml = $env:PSGITHUBSYNC_OLD_YAMLDOTNET
        $oldYaml | Should -Not -BeNullOrEmpty -Because 'PSGITHUBSYNC_OLD_YAMLDOTNET names YamlDotNet 11.2.1'
        Test-Path $oldYaml | Should -BeTrue
        $shipped = Join-Path (Split-Path -Parent $env:PSGITHUBSYNC_MODULE) 'dependencies/YamlDotNet.dll'
        $shippedVersion = [Reflection.AssemblyName]::GetAssemblyName($shipped).Version
        $shippedVersion | Should -Be ([version] '18.0.0.0')

        $file = Write-DefinitionFile -Path (Join-Path (New-TestFolder) 'psgithubsync.yml') -Text $Sample
        $script = @"
Add-Type -Path '$oldYaml'
Import-Module '$env:PSGITHUBSYNC_MODULE'
'NAMES:' + ((Get-BackupIntegration -Path '$file').Name -join ',')
foreach (`$assembly in [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -in 'YamlDotNet', 'PSGitHubSync.Engine' }) {
    'LOADED:' + `$assembly.GetName().Name + ':' + `$assembly.GetName().Version + ':' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$assembly).GetType().Name
}
'SESSION-YAML:' + [YamlDotNet.Serialization.SerializerBuilder].Assembly.GetName().Version
'OLD-WORKS:' + ([YamlDotNet.Serialization.SerializerBuilder]::new().Build().Serialize(@{ key = 'value' })).Trim()
"@
        $result = Invoke-FreshPwsh -Script $script
        $result.Error | Should -BeNullOrEmpty
        $result.Output | Should -Match 'NAMES:payments-api,payments-schema,orders-api,hr-schema'
        $result.Output | Should -Match 'LOADED:YamlDotNet:11\.0\.0\.0:DefaultAssemblyLoadContext'
        $result.Output | Should -Match ('LOADED:YamlDotNet:' + [regex]::Escape("$shippedVersion") + ':DependencyLoadContext')
        $result.Output | Should -Match 'LOADED:PSGitHubSync\.Engine:[\d.]+:DependencyLoadContext'
        $result.Output | Should -Match 'SESSION-YAML:11\.0\.0\.0'
        $result.Output | Should -Match 'OLD-WORKS:key: value'
    }
}
