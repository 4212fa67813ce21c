#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }

<#
    What a person sees: pipeline binding as the help describes it, the default views at 80 and
    120 columns, one-line ToString()s, and errors a scheduled-task log can use. No network.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module $env:PSGITHUBSYNC_MODULE -Force

    $script:ThreeIntegrations = @'
version: 1
integrations:
  - name: payments-api
    type: collection-backup
    source: { workspace: Payments, collection: Payments API }
    repository: contoso/api-backups
    fileName: payments-api.json
  - name: orders-api
    type: collection-backup
    source: { workspace: Orders, collection: Orders API }
    repository: contoso/api-backups
    fileName: orders-api.json
  - name: payments-schema
    type: schema-sync
    source: { file: ./api/openapi.yaml }
    repository: contoso/payments
    path: api/openapi.yaml
'@
}

Describe 'Pipeline binding by property name, as the help says' {
    BeforeAll {
        $script:Folder = New-TestFolder
        $script:Defs = Join-Path $Folder 'psgithubsync.yml'
        Set-Content -Path $Defs -Value $ThreeIntegrations -Encoding utf8NoBOM
    }

    It 'Import-Csv rows with Name and DefinitionFile select only the integrations they name (Get-BackupIntegration example 6)' {
        $csv = Join-Path $Folder 'selected.csv'
        Get-BackupIntegration -Path $Defs -Name 'payments*' | Select-Object -Property Name, DefinitionFile | Export-Csv -Path $csv -NoTypeInformation
        $selected = @(Import-Csv -Path $csv | Get-BackupIntegration)
        $selected.Name | Should -Be @('payments-api', 'payments-schema')
    }

    It 'piped integrations bind Name and DefinitionFile: each returns itself once' {
        $again = @(Get-BackupIntegration -Path $Defs -Type collection-backup | Get-BackupIntegration)
        $again.Name | Should -Be @('payments-api', 'orders-api')
    }

    It 'a piped definitions file (Get-ChildItem) returns all its integrations: its own Name is not taken for an integration name' {
        $all = @(Get-ChildItem -Path $Defs | Get-BackupIntegration -ErrorVariable errors -ErrorAction SilentlyContinue)
        $errors | Should -BeNullOrEmpty
        $all.Name | Should -Be @('payments-api', 'orders-api', 'payments-schema')
    }

    It 'a piped row naming no integration writes IntegrationNotFound for that row only' {
        $rows = @([pscustomobject]@{ Name = 'orders-api'; DefinitionFile = $Defs }, [pscustomobject]@{ Name = 'nope'; DefinitionFile = $Defs })
        $found = @($rows | Get-BackupIntegration -ErrorVariable errors -ErrorAction SilentlyContinue)
        $found.Name | Should -Be @('orders-api')
        $errors.FullyQualifiedErrorId | Should -Be 'IntegrationNotFound,PSGitHubSync.Commands.GetBackupIntegrationCommand'
    }
}

Describe 'A broken definitions file in a scheduled task' {
    BeforeAll {
        $script:Folder = New-TestFolder
        $script:Broken = Join-Path $Folder 'psgithubsync.yml'
        # The commonest mistake: a misspelt key (line 7, column 7). One problem, not also a missing 'collection'.
        Set-Content -Path $Broken -Encoding utf8NoBOM -Value "version: 1`nintegrations:`n  - name: payments-api`n    type: collection-backup`n    source:`n      workspace: Payments`n      colection: Payments API`n    repository: contoso/api-backups"
    }

    It 'run by the shipped task script (pwsh -File Invoke-ScheduledBackup.ps1 > log): one error line with file:line:column, no stack trace' {
        $log = Join-Path $Folder 'backup.jsonl'
        $stdout = Join-Path $Folder 'stdout.log'
        $taskScript = Join-Path $PSScriptRoot '../../examples/scheduled-task/Invoke-ScheduledBackup.ps1'
        # The module is found by name, as on a machine where it is installed.
        $moduleFolder = Split-Path (Split-Path $env:PSGITHUBSYNC_MODULE -Parent) -Parent
        $run = Wait-TestPwsh (Start-TestPwsh -Argument @('-NoProfile', '-NonInteractive', '-File', $taskScript, '-DefinitionFile', $Broken, '-LogPath', $log) `
                -Environment @{ PSModulePath = $moduleFolder + [IO.Path]::PathSeparator + $env:PSModulePath }) -Seconds 300
        Set-Content -Path $stdout -Value $run.Output
        $run.ExitCode | Should -Be 2 -Because 'nothing could run from a broken definitions file'
        ($run.Output + $run.Error) | Should -Not -Match '(?m)^\s+at \S+'
        $errors = @(Get-Content -Path $log | Where-Object { $_.Trim() } | ConvertFrom-Json | Where-Object kind -EQ 'error')
        $errors.Count | Should -Be 1
        $errors[0].errorId | Should -Be 'DefinitionFileInvalid'
        $errors[0].message | Should -Match ('^' + [regex]::Escape("${Broken}:7:7: ") + ".*'colection'.*Did you mean 'collection'\?.*\[UnknownKey\]")
        @($errors[0].message -split '\r?\n').Count | Should -Be 1
        $errors[0].message | Should -Not -Match 'Exception|StackTrace|\.cs:line'
    }

    It 'every running cmdlet reports it as a non-terminating DefinitionFileInvalid error, with a PSGitHubSync.DefinitionException' -ForEach @(
        @{ Command = 'Get-BackupIntegration'; Arguments = @{} }
        @{ Command = 'Invoke-CollectionBackup'; Arguments = @{} }
        @{ Command = 'Sync-ApiSchema'; Arguments = @{} }
        @{ Command = 'Get-CollectionBackupHistory'; Arguments = @{} }
        @{ Command = 'Restore-CollectionBackup'; Arguments = @{ Name = 'payments-api'; CommitSha = 'abcd123'; OutFile = 'restored.json' } }
    ) {
        $arguments = $Arguments
        $output = @(& $Command -Path $Broken @arguments -ErrorVariable errors -ErrorAction SilentlyContinue)
        $goesOn = $true
        $goesOn | Should -BeTrue
        $output.Count | Should -Be 0
        @($errors).Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'DefinitionFileInvalid,*'
        $errors[0].Exception | Should -BeOfType ([PSGitHubSync.DefinitionException])
        $errors[0].Exception | Should -BeOfType ([PSGitHubSync.SyncException])
        $errors[0].Exception.ErrorId | Should -Be 'DefinitionFileInvalid'
        $errors[0].Exception.Message | Should -BeLike "${Broken}:7:7: *"
        @($errors[0].Exception.Message -split '\r?\n').Count | Should -Be 1
    }

    It 'catch [PSGitHubSync.SyncException] catches it with -ErrorAction Stop; a missing file is a DefinitionException too' {
        $caught = $null
        try { Get-BackupIntegration -Path $Broken -ErrorAction Stop } catch [PSGitHubSync.SyncException] { $caught = $_ }
        $caught.Exception.GetType().Name | Should -Be 'DefinitionFileException'
        $caught = $null
        try { Get-BackupIntegration -Path (Join-Path $Folder 'missing.yml') -ErrorAction Stop } catch [PSGitHubSync.DefinitionException] { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike 'DefinitionFileNotFound,*'
    }
}

Describe 'Cmdlet metadata: online help, confirmation, completion' {
    It '<_> has a HelpUri to its page in the repository, and its help''s first link is the same page' -ForEach @(
        'Get-BackupIntegration', 'Get-CollectionBackupHistory', 'Invoke-CollectionBackup', 'New-BackupIntegration',
        'Restore-CollectionBackup', 'Sync-ApiSchema', 'Test-BackupIntegration', 'Test-GitHubToken'
    ) {
        $uri = "https://github.com/psgithubsync/PSGitHubSync/blob/main/module/help/$_.md"
        (Get-Command $_).HelpUri | Should -Be $uri
        @((Get-Help $_).relatedLinks.navigationLink)[0].uri | Should -Be $uri
    }

    It 'Restore-CollectionBackup has ConfirmImpact High: -ToPostman asks before replacing a Postman collection' {
        $attribute = (Get-Command Restore-CollectionBackup).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $attribute.ConfirmImpact | Should -Be 'High'
        $attribute.SupportsShouldProcess | Should -BeTrue
    }

    It '-Collection of history and restore completes collection names from the definitions file (and an export''s own name)' {
        $folder = New-TestFolder
        $export = Join-Path $folder 'orders.postman_collection.json'
        Set-Content -Path $export -Encoding utf8NoBOM -Value '{ "info": { "name": "Orders Export", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" }, "item": [] }'
        $defs = Join-Path $folder 'psgithubsync.yml'
        Set-Content -Path $defs -Encoding utf8NoBOM -Value @"
version: 1
integrations:
  - name: payments
    type: collection-backup
    source: { workspace: Payments, collection: Payments API }
    repository: contoso/api-backups
  - name: everything
    type: collection-backup
    source: { workspace: Payments, collection: '*' }
    repository: contoso/api-backups
    directory: all
  - name: orders
    type: collection-backup
    source: { file: ./orders.postman_collection.json }
    repository: contoso/api-backups
"@
        foreach ($command in 'Get-CollectionBackupHistory', 'Restore-CollectionBackup') {
            $line = "$command -Path '$defs' -Collection "
            $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
            $completions.ListItemText | Should -Be @('Orders Export', 'Payments API') -Because "$command completes collection names, not file names"
            $completions[1].CompletionText | Should -Be "'Payments API'"
            $line = "$command -Path '$defs' -Name orders -Collection "
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.ListItemText | Should -Be @('Orders Export')
        }
    }
}

Describe 'Default views at 80 and 120 columns, a Wide view, and one-line ToString()' {
    BeforeDiscovery {
        # Per output type: an object as a run returns it, the column headers of the default view, and values a person
        # needs to act that must be shown whole. Built by type name so that discovery does not need the module.
        $script:Views = @(
            @{ Type = 'BackupResult'; Headers = @('Name', 'Status', 'Commit', 'Files', 'Secrets', 'Repository'); Values = @('payments-api', 'Updated', '9b03e77', 'contoso/api-backups') }
            @{ Type = 'Integration'; Headers = @('Name', 'Type', 'Repository', 'Source'); Values = @('payments-schema', 'schema-sync', 'contoso/api-backups', './api/openapi.yaml') }
            @{ Type = 'TokenInfo'; Headers = @('Login', 'Type', 'Valid', 'Missing', 'Expires', 'Push', 'Repository'); Values = @('octocat', 'Classic', 'False', 'user', '2027-01-31', 'contoso/api-backups') }
            @{ Type = 'IntegrationCheck'; Headers = @('Integration', 'Check', 'Status', 'Detail / Fix'); Values = @('payments-api', 'Branch', 'Failed', 'BranchNotFound', "Fix: Create it from the default branch, or set 'branch:' to a branch that exists.") }
            @{ Type = 'SchemaSyncResult'; Headers = @('Name', 'Direction', 'Commit', 'Files', 'Release', 'Repository'); Values = @('payments-schema', 'Pushed', '1a2b3c4', 'v1.2.0', 'contoso/payments') }
            @{ Type = 'CollectionBackupVersion'; Headers = @('Collection', 'Commit', 'Date', 'Author', 'Message'); Values = @('Payments API', '9b03e77', '2026-', 'PSGitHubSync') }
            @{ Type = 'RestoreResult'; Headers = @('Collection', 'Status', 'Commit', 'Target'); Values = @('Payments API', 'Restored', '9b03e77') }
        )
    }

    BeforeAll {
        $sha = '9b03e77f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f'
        $folder = Join-Path ([IO.Path]::GetTempPath()) 'config'
        $script:Samples = @{
            BackupResult            = [PSGitHubSync.BackupResult] @{
                Name = 'payments-api'; Source = 'Payments/Payments API'; Repository = 'contoso/api-backups'; Branch = 'main'
                Path = 'Postman Collections/payments-api.json'; Status = 'Updated'; CommitSha = $sha; SecretsFound = 2; Bytes = 48213
                Files = [PSGitHubSync.BackupFile[]] @(
                    [PSGitHubSync.BackupFile] @{ Path = 'Postman Collections/payments-api.json'; Name = 'Payments API'; Status = 'Updated'; Bytes = 40000 }
                    [PSGitHubSync.BackupFile] @{ Path = 'Postman Collections/Production.postman_environment.json'; Name = 'Production'; Status = 'Created'; Bytes = 8213 }
                )
            }
            Integration             = [PSGitHubSync.Integration] @{
                Name = 'payments-schema'; Type = 'schema-sync'; Repository = 'contoso/api-backups'; SchemaPath = 'api/openapi.yaml'
                DefinitionFile = (Join-Path $folder 'psgithubsync.yml'); Source = [PSGitHubSync.IntegrationSource] @{ File = (Join-Path $folder 'api/openapi.yaml') }
            }
            TokenInfo               = [PSGitHubSync.TokenInfo] @{
                Server = 'https://github.com'; Login = 'octocat'; TokenType = 'Classic'; Scopes = [string[]] @('repo'); RequiredScopes = [string[]] @('repo', 'user')
                MissingScopes = [string[]] @('user'); ExpiresAt = [DateTimeOffset]::new(2027, 1, 31, 12, 0, 0, [TimeSpan]::Zero); Repository = 'contoso/api-backups'; CanRead = $true; CanPush = $true; IsValid = $false
            }
            IntegrationCheck        = [PSGitHubSync.IntegrationCheck] @{
                Integration = 'payments-api'; Check = 'Branch'; Status = 'Failed'; ErrorId = 'BranchNotFound'
                Detail = "The branch 'release' does not exist in contoso/api-backups (BranchNotFound)."; Fix = "Create it from the default branch, or set 'branch:' to a branch that exists."
            }
            SchemaSyncResult        = [PSGitHubSync.SchemaSyncResult] @{
                Name = 'payments-schema'; Direction = 'Pushed'; Files = [string[]] @('openapi.yaml', 'components/schemas.yaml'); CommitSha = '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b'
                Release = 'v1.2.0'; Repository = 'contoso/payments'; Branch = 'develop'; Path = 'api'
            }
            CollectionBackupVersion = [PSGitHubSync.CollectionBackupVersion] @{
                Integration = 'payments-api'; Collection = 'Payments API'; Path = 'Postman Collections/payments-api.json'; CommitSha = $sha
                Date = [DateTimeOffset]::new(2026, 3, 2, 2, 0, 7, [TimeSpan]::Zero); Message = 'Back up Payments API: 2 requests changed'; Author = 'PSGitHubSync'
                Repository = 'contoso/api-backups'; Branch = 'main'
            }
            RestoreResult           = [PSGitHubSync.RestoreResult] @{ Collection = 'Payments API'; CommitSha = $sha; Target = '/home/ops/payments-api.previous.postman_collection.json'; Status = 'Restored' }
        }
    }

    Context 'the default <Type> view' -ForEach $Views {
    It 'at <_> columns shows every header whole and the values to act on' -ForEach @(80, 120) {
        $width = $_
        $sample = $Samples[$Type]
        $text = ($sample, $sample) | Out-String -Width $width
        $lines = @($text -split '\r?\n' | Where-Object { $_.Trim() })
        $header = $lines[0]
        foreach ($name in $Headers) { $header | Should -Match "(^|\s)$([regex]::Escape($name))(\s|$)" -Because "the $name column is in the $width-column table, its header not broken" }
        $lines[1] | Should -Match '^[\s-]+$' -Because 'the second line underlines the headers'
        foreach ($line in $lines) { $line.TrimEnd().Length | Should -BeLessOrEqual $width }
        $body = ($lines | Select-Object -Skip 2) -join "`n"
        # A wrapping last column (IntegrationCheck's Detail / Fix) continues on the next lines: read it whole.
        $lastStart = $header.IndexOf($Headers[-1])
        $last = ($lines | Select-Object -Skip 2 | ForEach-Object { if ($_.Length -gt $lastStart) { $_.Substring($lastStart) } }) -join ''
        foreach ($value in $Values) { ($body + "`n" + $last) | Should -Match ([regex]::Escape($value)) -Because "$value is shown at $width columns" }
        # No header is printed one letter a line: every line of the table is a header, its underline, or a row.
        ($lines | Where-Object { $_.Trim().Length -eq 1 }) | Should -BeNullOrEmpty
    }
    }

    It 'Format-Table -View Wide shows the <Type> in more detail, and Format-List every property' -ForEach $Views {
        $sample = $Samples[$Type]
        $wide = $sample | Format-Table -View Wide | Out-String -Width 250
        @($wide -split '\r?\n' | Where-Object { $_.Trim() })[0].Split(' ', [StringSplitOptions]::RemoveEmptyEntries).Count | Should -BeGreaterThan $Headers.Count
        $list = $sample | Format-List | Out-String -Width 120
        foreach ($property in $sample.PSObject.Properties.Name) { $list | Should -Match "(?m)^$property\s*:" }
    }

    It '<Type>.ToString() says what it is in one line' -ForEach $Views {
        $text = $Samples[$Type].ToString()
        $text | Should -Not -Match '^PSGitHubSync\.'
        $text | Should -Not -Match '\r|\n'
        $text | Should -Match ([regex]::Escape($Values[0]))
    }
}

Describe 'about topics' {
    It 'Get-Help about_PSGitHubSync works after Import-Module, in a fresh process' {
        $run = Invoke-FreshPwsh -Script @"
Import-Module '$env:PSGITHUBSYNC_MODULE'
(Get-Help about_PSGitHubSync | Out-String -Width 200)
'#####'
(Get-Help about_PSGitHubSync_Troubleshooting | Out-String -Width 200)
"@
        $run.ExitCode | Should -Be 0
        $definitions, $troubleshooting = $run.Output -split '#####'
        $definitions | Should -Match 'TOPIC\s+about_PSGitHubSync\b'
        $definitions | Should -Match 'secretPolicy'
        $troubleshooting | Should -Match 'about_PSGitHubSync_Troubleshooting'
        $troubleshooting | Should -Match 'Test-BackupIntegration'
    }

    It 'about_PSGitHubSync documents every key the definitions loader accepts, and its defaults' {
        $null = Get-BackupIntegration -Path (Join-Path $TestDrive 'none.yml') -ErrorAction SilentlyContinue   # loads the engine
        $engine = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'PSGitHubSync.Engine' } | Select-Object -First 1
        $loader = $engine.GetType('PSGitHubSync.Engine.Definitions.DefinitionKeys', $true)
        $topic = Get-Content -Raw -Path (Join-Path (Split-Path $env:PSGITHUBSYNC_MODULE) 'en-US/about_PSGitHubSync.help.txt')
        $fields = $loader.GetFields([Reflection.BindingFlags] 'NonPublic, Static') | Where-Object { $_.FieldType -eq [string[]] }
        $fields.Name | Should -Contain 'IntegrationKeys'
        foreach ($field in $fields) {
            foreach ($key in $field.GetValue($null)) {
                # Keys start a line of the key lists; values (formats, policies) are named in the text.
                $pattern = if ($field.Name -like '*Keys') { "(?m)^\s+$([regex]::Escape($key))\b" } else { "\b$([regex]::Escape($key))\b" }
                $topic | Should -Match $pattern -Because "'$key' ($($field.Name)) is a key or value of the definitions format"
            }
        }
        $defaults = [PSGitHubSync.Integration]::new()
        foreach ($value in $defaults.Server, $defaults.Token, $defaults.PostmanServer, $defaults.PostmanApiKey, $defaults.Committer.Name, $defaults.Committer.Email, [PSGitHubSync.Integration]::DefaultDirectory) {
            $topic | Should -Match ([regex]::Escape($value))
        }
        $topic | Should -Match 'redact\s+The default'
    }

    It 'the troubleshooting topic maps every check of Test-BackupIntegration' {
        $topic = Get-Content -Raw -Path (Join-Path (Split-Path $env:PSGITHUBSYNC_MODULE) 'en-US/about_PSGitHubSync_Troubleshooting.help.txt')
        foreach ($check in [PSGitHubSync.IntegrationCheckName]::InOrder) { $topic | Should -Match "(?m)^\s+.*\s$check\s" -Because "the $check check is in the table" }
    }
}
