#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }

<#
    Every example of every help page (module/help/*.md), extracted from the markdown and run AS
    WRITTEN against the loopback emulator, with an assertion of what the example's text says it
    does. The table $Specs below has one entry per example ('<Command> #<n>'): the setup that makes
    the example's world (a definitions file where the example expects one, tokens in the
    environment variables it reads), and the assertion. An example without an entry fails, so a
    new example needs its assertion. Examples that need what a test cannot have (a real vault, a
    real GitHub Enterprise Server or proxy, an interactive prompt, a command that runs until
    Ctrl+C) are skipped with the reason in the test name.

    Windows paths work as written: a PowerShell drive C: is mapped to a fresh sandbox folder for
    each example, so 'Set-Location C:\repos\api-backup-config' lands in the sandbox.
#>

BeforeDiscovery {
    function Get-HelpExample {
        <# Each '### Example N: title' of each help page: its first powershell code block, and its first output block. #>
        foreach ($file in Get-ChildItem (Join-Path $PSScriptRoot '../../module/help') -Filter '*.md' | Sort-Object Name) {
            $command = $file.BaseName
            $lines = Get-Content -LiteralPath $file.FullName
            $current = $null
            $fence = $null
            $block = $null
            foreach ($line in $lines) {
                if ($null -eq $fence -and $line -match '^## ' -and $current) { $current; $current = $null; continue }
                if ($null -eq $fence -and $line -match '^### Example (?<n>\d+): (?<title>.+)$') {
                    if ($current) { $current }
                    $current = @{ Command = $command; Number = [int] $Matches.n; Title = $Matches.title.Trim(); Code = $null; Output = $null; Yaml = $null }
                    continue
                }
                if (-not $current) { continue }
                if ($null -eq $fence -and $line -match '^```(?<lang>\w*)\s*$') { $fence = $Matches.lang; $block = [Collections.Generic.List[string]]::new(); continue }
                if ($null -ne $fence -and $line -eq '```') {
                    $text = $block -join "`n"
                    if ($fence -eq 'powershell' -and $null -eq $current.Code) { $current.Code = $text }
                    elseif ($fence -eq 'output' -and $null -eq $current.Output) { $current.Output = $text }
                    elseif ($fence -eq 'yaml' -and $null -eq $current.Yaml) { $current.Yaml = $text }
                    $fence = $null
                    continue
                }
                if ($null -ne $fence) { $block.Add($line) }
            }
            if ($current) { $current }
        }
    }
    $script:Examples = @(Get-HelpExample | ForEach-Object { $_.Id = "$($_.Command) #$($_.Number)"; $_ })

    # Why an example cannot run here. Everything else must have an entry in $Specs (BeforeAll).
    $script:SkipReasons = @{
        'Get-BackupIntegration #7'    = 'needs a real SecretManagement vault (Get-Secret)'
        'Invoke-CollectionBackup #1'  = 'needs a real SecretManagement vault (Get-Secret)'
        'Invoke-CollectionBackup #7'  = 'runs until Ctrl+C (-Watch)'
        'Invoke-CollectionBackup #8'  = 'a GitHub Actions workflow: the action''s script runs as written in Action.Tests.ps1, and -Shard in Shard.Tests.ps1'
        'Sync-ApiSchema #6'           = 'a GitHub Actions workflow: the action''s script runs as written in Action.Tests.ps1'
        'New-BackupIntegration #10'   = 'needs a real SecretManagement vault (Get-Secret)'
        'Restore-CollectionBackup #3' = "names a commit (9b03e77) of the reader's own backup repository"
        'Test-BackupIntegration #5'   = 'needs a real SecretManagement vault (Get-Secret)'
        'Test-GitHubToken #2'         = 'needs a real vault and a real GitHub Enterprise Server (github.contoso.com)'
        'Test-GitHubToken #4'         = 'needs a real proxy (proxy.contoso.com) and an interactive prompt (Get-Credential)'
        'Test-GitHubToken #5'         = 'needs a real GitHub Enterprise Server (github.contoso.com)'
        'Test-GitHubToken #6'         = 'needs an interactive prompt (Get-Credential) and a real GitHub Enterprise Server'
        'Test-GitHubToken #7'         = 'needs a real GitHub Enterprise Server (github.contoso.com)'
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module $env:PSGITHUBSYNC_MODULE -Force
    Clear-TestProxyEnvironment
    # 'Import-Module PSGitHubSync' by name, as the examples write it, finds the built module.
    $env:PSModulePath = (Split-Path (Split-Path $env:PSGITHUBSYNC_MODULE)) + [IO.Path]::PathSeparator + $env:PSModulePath
    $script:SavedEnvironment = @{ GITHUB_TOKEN = $env:GITHUB_TOKEN; POSTMAN_API_KEY = $env:POSTMAN_API_KEY }

    $config = New-TestEmulatorConfig
    $config.repositories += @(
        @{ owner = 'contoso'; name = 'payments'; private = $true; defaultBranch = 'main'; branches = @('develop'); collaborators = @{ octocat = 'admin' } }
        @{ owner = 'platform'; name = 'ad-schema'; private = $true; defaultBranch = 'main'; collaborators = @{ octocat = 'admin' } }
        @{ owner = 'contoso'; name = 'api-schemas'; private = $true; defaultBranch = 'main'; collaborators = @{ octocat = 'admin' } }
    )
    $config.postman.workspaces[0].apis = @(
        @{ id = '5e0a1b2c-3d4e-4f60-8a7b-9c0d1e2f3a4b'; name = 'Payments API'; schemaType = 'openapi:3'; files = @(@{ path = 'openapi.yaml'; content = "openapi: 3.0.3`ninfo:`n  title: Payments`n  version: '1.0'`npaths:`n  /payments:`n    get:`n      responses:`n        '200':`n          description: ok`n" }) }
    )
    $script:E = Start-TestEmulator -Config $config
    $script:Full = Get-TestToken ClassicFull
    $script:Key = Get-TestToken PostmanKey

    function Write-TextFile {
        <# Writes UTF-8 without BOM at a PowerShell path (C:\... works), creating folders. #>
        param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [AllowEmptyString()] [string] $Text)
        $full = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
        $null = New-Item -ItemType Directory -Path (Split-Path $full) -Force
        [IO.File]::WriteAllText($full, ($Text -replace "`r`n", "`n"), [Text.UTF8Encoding]::new($false))
        $full
    }

    function Write-Definitions {
        <# A definitions file on the emulator's servers with tokens from env:, and the given integration entries. #>
        param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [string] $Integrations)
        Write-TextFile -Path $Path -Text ("version: 1`ndefaults:`n  github:`n    server: $($E.Server)`n    token: env:GITHUB_TOKEN`n  postman:`n    server: $($E.Postman)`n    apiKey: env:POSTMAN_API_KEY`nintegrations:`n" + $Integrations.TrimEnd() + "`n")
    }

    $script:Standard = @'
  - name: payments-api
    type: collection-backup
    source: { workspace: Payments, collection: Payments API }
    repository: contoso/api-backups
    fileName: payments-api.json
  - name: payments-all
    type: collection-backup
    source: { workspace: Payments, collection: '*' }
    repository: contoso/api-backups
    directory: Payments
  - name: payments-schema
    type: schema-sync
    source: { file: ./api/openapi.yaml }
    repository: contoso/payments
    path: api/openapi.yaml
    branch: develop
  - name: hr-schema
    type: schema-sync
    source: { postman: { workspace: HR, api: Employees API } }
    repository: platform/hr-api
    path: schema
'@

    $script:History = @'
  - name: payments
    type: collection-backup
    source: { workspace: Payments, collection: Payments API }
    repository: contoso/api-backups
    directory: history
'@

    function Get-PaymentsCollection {
        $listed = Invoke-EmulatorControl $E 'postman/workspaces/Payments/collections'
        $summary = @($listed) | Where-Object name -EQ 'Payments API' | Select-Object -First 1
        $collection = Invoke-EmulatorControl $E "postman/collections/$($summary.id)"
        if ($collection.PSObject.Properties['collection']) { $collection = $collection.collection }
        [pscustomobject]@{ Id = $summary.id; Collection = $collection }
    }

    # History for Get-CollectionBackupHistory and Restore-CollectionBackup: two backups of the Payments workspace,
    # the second after "PSGitHubSync help example request" was added to Payments API in Postman.
    $script:HistoryFolder = Join-Path $TestDrive 'history'
    $env:GITHUB_TOKEN = $Full
    $env:POSTMAN_API_KEY = $Key
    $historyDefs = Write-Definitions -Path (Join-Path $HistoryFolder 'psgithubsync.yml') -Integrations $History
    $script:FirstBackup = (Invoke-CollectionBackup -Path $historyDefs -ErrorAction Stop -WarningAction SilentlyContinue).CommitSha
    $payments = Get-PaymentsCollection
    $payments.Collection.item = @($payments.Collection.item) + [pscustomobject]@{ name = 'PSGitHubSync help example request'; request = [pscustomobject]@{ method = 'POST'; url = '{{baseUrl}}/payments/:id/refunds' } }
    Invoke-EmulatorControl $E "postman/collections/$($payments.Id)" -Method Put -Body ($payments.Collection | ConvertTo-Json -Depth 50) | Out-Null
    $script:SecondBackup = (Invoke-CollectionBackup -Path $historyDefs -ErrorAction Stop -WarningAction SilentlyContinue).CommitSha

    function Get-BranchHead { param([string] $Repository = 'contoso/api-backups', [string] $Branch = 'main')
        (Invoke-RestMethod -Uri "$($E.Server)/api/v3/repos/$Repository/git/ref/heads/$Branch" -Headers @{ Authorization = "token $Full" } -NoProxy).object.sha
    }

    # One entry per example: Setup (runs in the example's sandbox, the current location) and Assert ($Run: Output,
    # Errors, Warnings, Verbose, Information, Text = the output as the console shows it at 80 columns, Thrown).
    $script:Specs = @{
        'Get-BackupIntegration #1'       = @{
            Setup  = { Write-Definitions 'C:\repos\api-backup-config\psgithubsync.yml' $Standard | Out-Null; Write-TextFile 'C:\repos\api-backup-config\api\openapi.yaml' (Get-OpenApi) | Out-Null }
            Assert = {
                $Run.Output.Name | Should -Be @('payments-api', 'payments-all', 'payments-schema', 'hr-schema')
                $Run.Text | Should -Match 'Name\s+Type\s+Repository\s+Source'
                $Run.Text | Should -Match 'payments-schema\s+schema-sync\s+contoso/payments\s+\./api/openapi\.yaml'
            }
        }
        'Get-BackupIntegration #2'       = @{
            Setup  = { Write-Definitions '.\psgithubsync.yml' $Standard | Out-Null }
            Assert = {
                $Run.Text | Should -Match 'SecretPolicy\s+: redact'
                $Run.Text | Should -Match 'Token\s+: env:GITHUB_TOKEN'
                $Run.Text | Should -Match 'Location\s+: '
                $Run.Errors | Should -BeNullOrEmpty
            }
        }
        'Get-BackupIntegration #3'       = @{
            Setup  = { Write-Definitions '.\config\psgithubsync.yml' $Standard | Out-Null }
            Assert = {
                $Run.Output.Name | Should -Be @('payments-api', 'payments-all')
                @($Run.Errors).Count | Should -Be 1
                $Run.Errors[0].FullyQualifiedErrorId | Should -BeLike 'IntegrationNotFound,*'
                $Run.Errors[0].Exception.Message | Should -Match 'payments-api, payments-all'
            }
        }
        'Get-BackupIntegration #4'       = @{
            Setup  = { Write-Definitions '.\psgithubsync.yml' $Standard | Out-Null }
            Assert = {
                $Run.Thrown | Should -BeNullOrEmpty
                ($Run.Information | ForEach-Object { "$_" }) | Should -Contain 'psgithubsync.yml is valid.'
            }
        }
        'Get-BackupIntegration #5'       = @{
            Setup  = {
                Write-Definitions '.\psgithubsync.yml' @'
  - name: escapes
    type: collection-backup
    source: { workspace: W, collection: E }
    repository: contoso/api-backups
    directory: ../outside
  - name: orders-api
    type: collection-backup
    source: { workspace: W, collection: Orders }
    repository: contoso/api-backups
    fileName: orders.json
  - name: orders-copy
    type: collection-backup
    source: { workspace: W2, collection: Orders }
    repository: contoso/api-backups
    fileName: orders.json
'@ | Out-Null
            }
            Assert = {
                $Run.Thrown | Should -BeNullOrEmpty -Because 'the catch block handles DefinitionFileInvalid'
                $Run.Text | Should -Match 'Line\s+Column\s+ProblemId\s+Message'
                $Run.Text | Should -Match 'PathEscapesRepository'
                $Run.Text | Should -Match 'DuplicateTarget'
            }
        }
        'Get-BackupIntegration #6'       = @{
            Setup  = { Write-Definitions '.\psgithubsync.yml' $Standard | Out-Null }
            Assert = {
                Test-Path '.\selected.csv' | Should -BeTrue
                $Run.Output.Name | Should -Be @('payments-api', 'payments-all', 'payments-schema') -Because 'each CSV row returns only the integration it names, once'
            }
        }
        'Get-BackupIntegration #8'       = @{
            Setup  = {
                Write-Definitions 'C:\repos\a\psgithubsync.yml' $Standard | Out-Null
                Write-Definitions 'C:\repos\b\c\psgithubsync.yml' "  - name: orders-api`n    type: collection-backup`n    source: { workspace: Orders, collection: Orders API }`n    repository: contoso/api-backups`n    fileName: orders.json`n" | Out-Null
            }
            Assert = {
                $rows = @($Run.Text -split '\r?\n' | Where-Object { $_ -match '^\s*\d+\s+\S' })
                $rows[0] | Should -Match '^\s*3\s+contoso/api-backups$'
                $rows.Count | Should -Be 3
            }
        }
        'Get-CollectionBackupHistory #1' = @{
            Setup  = { Copy-Item (Join-Path $HistoryFolder 'psgithubsync.yml') . }
            Assert = {
                $Run.Output | ForEach-Object { $_ | Should -BeOfType ([PSGitHubSync.CollectionBackupVersion]) }
                @($Run.Output | Where-Object Collection -EQ 'Payments API').CommitSha | Should -Be @($SecondBackup, $FirstBackup)
                $Run.Text | Should -Match 'Collection\s+Commit\s+Date\s+Author\s+Message'
            }
        }
        'Get-CollectionBackupHistory #2' = @{
            Setup  = { Copy-Item (Join-Path $HistoryFolder 'psgithubsync.yml') . }
            Assert = {
                ([regex]::Matches($Run.Text, 'Collection : Payments API')).Count | Should -Be 2
                $Run.Text | Should -Match "CommitSha\s+: $SecondBackup"
                $Run.Text | Should -Match 'CommitUrl\s+: .*/commit/'
            }
        }
        'Get-CollectionBackupHistory #3' = @{
            Setup  = { Copy-Item (Join-Path $HistoryFolder 'psgithubsync.yml') . }
            Assert = {
                $Run.Output.Status | Should -Be 'Restored'
                $Run.Output.CommitSha | Should -Be $FirstBackup
                $text = Get-Content -Raw './payments-before.postman_collection.json'
                $text | Should -Match '"name": "Payments API"'
                $text | Should -Not -Match 'PSGitHubSync help example request' -Because 'the version before the last one has no refunds yet'
            }
        }
        'Invoke-CollectionBackup #2'     = @{
            Setup  = { Write-Definitions 'C:\Integrations\psgithubsync.yml' "  - name: whatif-api`n    type: collection-backup`n    source: { workspace: Payments, collection: Payments API }`n    repository: contoso/api-backups`n    directory: whatif`n" | Out-Null; $script:HeadBefore = Get-BranchHead }
            Assert = {
                $Run.Output.Status | Should -Be 'WouldCreate'
                Get-BranchHead | Should -Be $HeadBefore -Because 'nothing is written to GitHub'
            }
        }
        'Invoke-CollectionBackup #3'     = @{
            Setup  = { Write-Definitions '.\psgithubsync.yml' "  - name: payments-api`n    type: collection-backup`n    source: { workspace: Payments, collection: Payments API }`n    repository: contoso/api-backups`n    directory: redact-example`n    secretPolicy: keep`n" | Out-Null }
            Assert = {
                $Run.Errors | Should -BeNullOrEmpty
                $Run.Output.Status | Should -Be 'Created'
                @($Run.Verbose).Count | Should -BeGreaterThan 0 -Because '-Verbose shows each request'
            }
        }
        'Invoke-CollectionBackup #4'     = @{
            FreshProcess = $true
            Setup        = {
                $null = New-Item -ItemType Directory 'C:\Logs' -Force   # the task's log folder exists
                Write-Definitions 'C:\Integrations\psgithubsync.yml' "  - name: nightly-ok`n    type: collection-backup`n    source: { workspace: Payments, collection: Payments API }`n    repository: contoso/api-backups`n    directory: nightly`n  - name: nightly-missing-branch`n    type: collection-backup`n    source: { workspace: Payments, collection: Orders API }`n    repository: contoso/api-backups`n    branch: no-such-branch`n" | Out-Null
            }
            Assert       = {
                $Run.ExitCode | Should -Be 1 -Because 'the task shows as failed'
                $lines = @(Get-Content 'C:\Logs\postman-backup.jsonl' | ConvertFrom-Json)
                $because = "the log is:`n$($lines | ConvertTo-Json -Compress)`nand the run wrote:`n$($Run.Text)"
                $ok = @($lines | Where-Object { $_.kind -eq 'result' -and $_.integration -eq 'nightly-ok' })
                $ok.Count | Should -Be 1 -Because $because
                $ok[0].status | Should -Be 'Created'
                $ok[0].commitSha | Should -Match '^[0-9a-f]{40}$'
                $failures = @($lines | Where-Object kind -eq 'error')
                $failures.Count | Should -Be 1 -Because $because
                $failures[0].errorId | Should -Be 'BranchNotFound'
                $failures[0].message | Should -Match 'no-such-branch'
            }
        }
        'Invoke-CollectionBackup #6'     = @{
            Setup  = {
                Write-Definitions '.\psgithubsync.yml' "  - name: whole-account`n    type: collection-backup`n    source: { workspace: '*', collection: '*', environments: true }`n    repository: contoso/api-backups`n    directory: account`n" | Out-Null
                # A collection of its own (the other examples use the workspace's), backed up, then deleted in Postman: -Prune removes it.
                $added = Invoke-EmulatorControl $E 'postman/workspaces/Payments/collections' -Method Post -Body '{ "info": { "name": "Short lived", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" }, "item": [] }'
                $script:FirstAccountBackup = Invoke-CollectionBackup -Path '.\psgithubsync.yml' -Name whole-account -ErrorAction Stop -WarningAction SilentlyContinue
                Invoke-EmulatorControl $E "postman/collections/$($added.id)" -Method Delete | Out-Null
                $script:GonePath = 'account/Payments/Short lived.postman_collection.json'
            }
            Assert = {
                $Run.Errors | Should -BeNullOrEmpty
                $FirstAccountBackup.Files.Path | Should -Match '^account/Payments/' -Because 'each workspace has its own folder under the directory'
                $removed = @($Run.Output | Where-Object Status -EQ 'Removed')
                $removed.Path | Should -Be @($GonePath)
                $tree = Invoke-RestMethod -Uri "$($E.Server)/api/v3/repos/contoso/api-backups/git/trees/main?recursive=1" -Headers @{ Authorization = "token $Full" } -NoProxy
                $tree.tree.path | Should -Not -Contain $GonePath
            }
        }
        'Invoke-CollectionBackup #5'     = @{
            Setup  = { Write-Definitions '.\psgithubsync.yml' "  - name: payments-one`n    type: collection-backup`n    source: { workspace: Payments, collection: Payments API }`n    repository: contoso/api-backups`n    directory: piped`n  - name: payments-two`n    type: collection-backup`n    source: { workspace: Payments, collection: Orders API }`n    repository: contoso/api-backups`n    directory: piped`n" | Out-Null }
            Assert = {
                $Run.Output.Name | Should -Be @('payments-one', 'payments-two')
                $Run.Output.Status | Should -Be @('Created', 'Created')
                $Run.Output[0].CommitSha | Should -Be $Run.Output[1].CommitSha -Because 'one commit per repository and branch'
                $commit = Invoke-RestMethod -Uri "$($E.Server)/api/v3/repos/contoso/api-backups/git/commits/$($Run.Output[0].CommitSha)" -Headers @{ Authorization = "token $Full" } -NoProxy
                $commit.message | Should -BeLike 'Nightly backup of the payments collections*'
            }
        }
        'New-BackupIntegration #1'       = @{
            Setup  = { $null = New-Item -ItemType Directory 'C:\repos\api-backup-config' -Force }
            Assert = {
                $Run.Output[0].Name | Should -Be 'payments-api'
                $Run.Text | Should -Match 'payments-api\s+collection-backup\s+contoso/api-backups\s+Payments/Payments API'
                $Run.Text | Should -Match '(?m)^\s+collection: Payments API$'
            }
        }
        'New-BackupIntegration #2'       = @{
            Assert = {
                $file = Get-Content -Raw .\psgithubsync.yml
                $file | Should -Match "collection: '\*'|collection: ""\*"""
                $file | Should -Match 'environments: true'
                $file | Should -Match 'directory: Payments workspace'
                $file | Should -Match 'branch: backups'
            }
        }
        'New-BackupIntegration #3'       = @{
            Assert = {
                $Run.Text | Should -Match 'Server\s+: https://github.contoso.com'
                $Run.Text | Should -Match 'Token\s+: secret:CorpVault/GheBackupToken'
                $Run.Text | Should -Match 'Repository : platform/hr-backups'
            }
        }
        'New-BackupIntegration #4'       = @{
            Setup  = { Write-TextFile 'C:\repos\payments-service\api\openapi.yaml' (Get-OpenApi) | Out-Null }
            Assert = {
                $file = Get-Content -Raw 'C:\repos\payments-service\psgithubsync.yml'
                $file | Should -Match 'file: \./api'
                $file | Should -Match 'path: api'
                $file | Should -Match 'format: openapi'
                $Run.Output.Source.File | Should -Be $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath('C:\repos\payments-service\api')
            }
        }
        'New-BackupIntegration #5'       = @{
            Assert = {
                $file = Get-Content -Raw .\psgithubsync.yml
                $file | Should -Match 'workspace: HR'
                $file | Should -Match 'api: Employees API'
                $file | Should -Match 'path: schema/employees.yaml'
                $Run.Output.Type | Should -Be 'schema-sync'
            }
        }
        'New-BackupIntegration #6'       = @{
            Setup  = { Write-TextFile './exports/legacy.postman_collection.json' '{ "info": { "name": "Legacy", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" }, "item": [] }' | Out-Null }
            Assert = {
                $file = Get-Content -Raw .\psgithubsync.yml
                $file | Should -Match 'file: \./exports/legacy\.postman_collection\.json'
                $file | Should -Match 'fileName: legacy\.json'
                $file | Should -Match 'branch: archive'
            }
        }
        'New-BackupIntegration #7'       = @{
            Setup  = { param($Example) Write-TextFile '.\psgithubsync.yml' ((($Example.Yaml -split "`n") | Select-Object -Skip 1) -join "`n") | Out-Null }
            Assert = { param($Example) ($Run.Output -join "`n") | Should -Be $Example.Output -Because 'the file is as the example shows it' }
        }
        'New-BackupIntegration #8'       = @{
            Setup  = { Write-Definitions '.\psgithubsync.yml' "  - name: payments-api`n    type: collection-backup`n    source: { workspace: Payments, collection: Payments API }`n    repository: contoso/api-backups`n" | Out-Null }
            Assert = {
                @($Run.Output).Count | Should -Be 1 -Because '-WhatIf returns nothing'
                $Run.Output[0].Branch | Should -Be 'backups'
                (Get-Content -Raw .\psgithubsync.yml) | Should -Match 'branch: backups'
            }
        }
        'New-BackupIntegration #9'       = @{
            Setup  = { Write-TextFile '.\collections.csv' "Name,Repository,Workspace,Collection,Branch`npayments-api,contoso/api-backups,Payments,Payments API,main`norders-api,contoso/api-backups,Orders,Orders API,main`nhr-api,platform/hr-backups,HR,Employees API,main`n" | Out-Null }
            Assert = {
                $Run.Output.Name | Should -Be @('payments-api', 'orders-api', 'hr-api')
                (Get-BackupIntegration -Path .\psgithubsync.yml).Name | Should -Be @('payments-api', 'orders-api', 'hr-api')
            }
        }
        'Restore-CollectionBackup #1'    = @{
            Setup  = { Copy-Item (Join-Path $HistoryFolder 'psgithubsync.yml') . }
            Assert = {
                $Run.Output.Status | Should -Be 'Restored'
                $Run.Text | Should -Match 'Collection\s+Status\s+Commit\s+Target'
                (Get-Content -Raw './payments-api.previous.postman_collection.json') | Should -Not -Match 'PSGitHubSync help example request'
            }
        }
        'Restore-CollectionBackup #2'    = @{
            # The example answers Yes at the prompt; here nobody can, so confirmation is answered by $ConfirmPreference.
            Setup  = { Copy-Item (Join-Path $HistoryFolder 'psgithubsync.yml') .; $ConfirmPreference = 'None' }
            Assert = {
                $Run.Output.Status | Should -Be @('WouldRestore', 'Restored')
                @((Get-PaymentsCollection).Collection.item.name) | Should -Not -Contain 'PSGitHubSync help example request' -Because 'the change is undone in Postman'
            }
        }
        'Restore-CollectionBackup #4'    = @{
            Setup  = { Copy-Item (Join-Path $HistoryFolder 'psgithubsync.yml') .; $sha = $FirstBackup; Write-TextFile './restored.json' '{}' | Out-Null }
            Assert = {
                $Run.Thrown | Should -BeNullOrEmpty
                ($Run.Warnings | ForEach-Object Message) | Should -Contain './restored.json exists; add -Force to replace it.'
            }
        }
        'Sync-ApiSchema #1'              = @{
            Setup  = { Write-Definitions '.\psgithubsync.yml' "  - name: payments-schema`n    type: schema-sync`n    source: { file: ./api/openapi.yaml }`n    repository: contoso/payments`n    path: api/openapi.yaml`n    branch: develop`n" | Out-Null; Write-TextFile './api/openapi.yaml' (Get-OpenApi '1.0') | Out-Null }
            Assert = {
                $Run.Errors | Should -BeNullOrEmpty
                $Run.Output.Direction | Should -Be 'Pushed'
                $Run.Output.CommitSha | Should -Be (Get-BranchHead 'contoso/payments' 'develop')
            }
        }
        'Sync-ApiSchema #2'              = @{
            Setup  = {
                Write-Definitions '.\psgithubsync.yml' "  - name: payments-schema`n    type: schema-sync`n    source: { file: ./api/openapi.yaml }`n    repository: contoso/payments`n    path: api/openapi.yaml`n    branch: develop`n" | Out-Null
                Write-TextFile './api/openapi.yaml' (Get-OpenApi '2.0') | Out-Null
                $script:HeadBefore = Get-BranchHead 'contoso/payments' 'develop'
            }
            Assert = {
                $Run.Output.Direction | Should -Be 'WouldPush'
                @($Run.Verbose).Count | Should -BeGreaterThan 0
                Get-BranchHead 'contoso/payments' 'develop' | Should -Be $HeadBefore -Because 'nothing is written'
            }
        }
        'Sync-ApiSchema #3'              = @{
            Setup  = {
                # A conflict: synced once, then changed on disk here and, by another integration, in the repository.
                $raml = { param($title) "#%RAML 1.0`ntitle: $title`nversion: v1`n/invoices:`n  get:`n    responses:`n      200:`n        body:`n          application/json:`n" }
                Write-Definitions '.\psgithubsync.yml' "  - name: billing-raml`n    type: schema-sync`n    source: { file: ./billing/api.raml }`n    repository: contoso/api-schemas`n    path: billing/api.raml`n" | Out-Null
                Write-TextFile './billing/api.raml' (& $raml 'Billing') | Out-Null
                (Sync-ApiSchema -Name billing-raml -ErrorAction Stop).Direction | Should -Be 'Pushed'
                Write-TextFile './billing/api.raml' (& $raml 'Billing edited here') | Out-Null
                Write-Definitions './other/psgithubsync.yml' "  - name: billing-elsewhere`n    type: schema-sync`n    source: { file: ./api.raml }`n    repository: contoso/api-schemas`n    path: billing/api.raml`n" | Out-Null
                Write-TextFile './other/api.raml' (& $raml 'Billing edited in the repository') | Out-Null
                (Sync-ApiSchema -Path './other/psgithubsync.yml' -Prefer Local -ErrorAction Stop).Direction | Should -Be 'Pushed'
                # Without -Prefer the conflict writes nothing.
                $conflict = Sync-ApiSchema -Name billing-raml -ErrorAction SilentlyContinue -ErrorVariable conflictErrors
                $conflict.Direction | Should -Be 'Conflict'
                $conflictErrors[0].FullyQualifiedErrorId | Should -BeLike 'SchemaSyncConflict,*'
            }
            Assert = {
                $Run.Errors | Should -BeNullOrEmpty
                $Run.Output.Direction | Should -Be 'Pulled' -Because 'the repository wins'
                Get-Content -Raw './billing/api.raml' | Should -Match 'title: Billing edited in the repository'
            }
        }
        'Sync-ApiSchema #4'              = @{
            Setup  = { Write-Definitions '.\psgithubsync.yml' "  - name: payments-postman`n    type: schema-sync`n    source: { postman: { workspace: Payments, api: Payments API } }`n    repository: contoso/payments`n    path: postman/openapi.yaml`n" | Out-Null }
            Assert = {
                $Run.Errors | Should -BeNullOrEmpty
                $Run.Output.Release | Should -Be 'v1.2.0'
                $Run.Output.ReleaseUrl | Should -Match 'releases/tag/v1\.2\.0$'
                $release = Invoke-RestMethod -Uri "$($E.Server)/api/v3/repos/contoso/payments/releases/tags/v1.2.0" -Headers @{ Authorization = "token $Full" } -NoProxy
                $release.body | Should -Be 'Adds refunds.'
            }
        }
        'Sync-ApiSchema #5'              = @{
            Setup  = {
                Write-Definitions '.\psgithubsync.yml' "  - name: orders-schema`n    type: schema-sync`n    source: { file: ./orders.yaml }`n    repository: contoso/payments`n    path: orders/openapi.yaml`n  - name: orders-api`n    type: collection-backup`n    source: { workspace: Payments, collection: Orders API }`n    repository: contoso/api-backups`n" | Out-Null
                Write-TextFile './orders.yaml' (Get-OpenApi '3.0') | Out-Null
            }
            Assert = {
                $results.Name | Should -Be @('orders-schema') -Because "only the '*-schema' integrations are piped"
                $results.Direction | Should -Be 'Pushed'
                $conflicts | Should -BeNullOrEmpty
                $Run.Warnings | Should -BeNullOrEmpty
            }
        }
        'Test-BackupIntegration #1'      = @{
            Setup  = { Write-Definitions '.\psgithubsync.yml' "  - name: payments-api`n    type: collection-backup`n    source: { workspace: Payments, collection: Payments API }`n    repository: contoso/api-backups`n  - name: orders-api`n    type: collection-backup`n    source: { workspace: Payments, collection: Orders API }`n    repository: contoso/api-backups`n    branch: backups`n" | Out-Null }
            Assert = {
                $Run.Output.Integration | Should -Be @('payments-api', 'orders-api')
                $Run.Output.Status | Should -Be @('Passed', 'Failed')
                $Run.Output[1].Check | Should -Be 'Branch'
                $Run.Errors.FullyQualifiedErrorId | Should -BeLike 'BranchNotFound,*'
                $Run.Text | Should -Match 'orders-api\s+Branch\s+Failed'
            }
        }
        'Test-BackupIntegration #2'      = @{
            Setup  = { Write-Definitions '.\psgithubsync.yml' "  - name: payments-api`n    type: collection-backup`n    source: { workspace: Payments, collection: Payments API }`n    repository: contoso/api-backups`n" | Out-Null }
            Assert = {
                $Run.Output.Check | Should -Be @('Definition', 'Server', 'Token', 'Scopes', 'Repository', 'Branch', 'Permission', 'Source')
                $Run.Output.Status | Should -Not -Contain 'Failed'
            }
        }
        'Test-BackupIntegration #3'      = @{
            Setup  = { Write-Definitions './backups/psgithubsync.yml' "  - name: checked-then-run`n    type: collection-backup`n    source: { workspace: Payments, collection: Payments API }`n    repository: contoso/api-backups`n    directory: checked`n" | Out-Null }
            Assert = {
                $Run.Thrown | Should -BeNullOrEmpty
                $Run.Output.Status | Should -Be 'Created' -Because 'the checks passed, so the backup ran'
            }
        }
        'Test-BackupIntegration #4'      = @{
            Setup  = { Write-Definitions '.\psgithubsync.yml' "  - name: payments-api`n    type: collection-backup`n    source: { workspace: Payments, collection: Payments API }`n    repository: contoso/api-backups`n  - name: orders-api`n    type: collection-backup`n    source: { workspace: Payments, collection: Orders API }`n    repository: contoso/api-backups`n    branch: backups`n" | Out-Null }
            Assert = {
                $Run.Text | Should -Match 'Integration : orders-api'
                $Run.Text | Should -Match 'Check\s+: Branch'
                $Run.Text | Should -Match 'Status\s+: Failed'
                $Run.Text | Should -Match 'Fix\s+: '
                $Run.Text | Should -Not -Match 'Status\s+: Passed'
            }
        }
        'Test-BackupIntegration #6'      = @{
            Setup  = { Write-Definitions '.\psgithubsync.yml' "  - name: orders-api`n    type: collection-backup`n    source: { workspace: Payments, collection: Orders API }`n    repository: contoso/api-backups`n    branch: backups`n" | Out-Null }
            Assert = {
                @($failures).Count | Should -Be 1
                ($Run.Warnings | ForEach-Object Message) | Should -Match "branch 'backups'"
                @($checks).Count | Should -Be 8
            }
        }
        'Sync-ApiSchema #7'              = @{
            Setup  = {
                # The example's own integration (root: names the root document), over a folder with two candidate roots.
                Write-Definitions '.\psgithubsync.yml' $Example.Yaml | Out-Null
                Write-TextFile './petstore-separate/spec/swagger.yaml' "swagger: '2.0'`ninfo: { title: Petstore, version: '1.0' }`npaths:`n  /pets:`n    get:`n      operationId: findPets`n      responses:`n        '200': { description: pets, schema: { type: array, items: { `$ref: 'Pet.yaml' } } }`n        default: { description: error, schema: { `$ref: '../common/Error.yaml' } }`n  /pets/{id}:`n    get:`n      operationId: findPets`n      parameters: [ { name: id, in: path, required: true, type: string } ]`n      responses:`n        '200': { description: a pet, schema: { `$ref: 'Pet.yaml' } }`n" | Out-Null
                Write-TextFile './petstore-separate/spec/Pet.yaml' "type: object`nrequired: [name]`nproperties:`n  name: { type: string }`n" | Out-Null
                Write-TextFile './petstore-separate/common/Error.yaml' "type: object`nproperties:`n  message: { type: string }`n" | Out-Null
                Write-TextFile './petstore-separate/legacy/swagger.yaml' "swagger: '2.0'`ninfo: { title: Old petstore, version: '0.9' }`npaths: {}`n" | Out-Null
            }
            Assert = {
                $Run.Errors | Should -BeNullOrEmpty
                $result.Direction | Should -Be 'Pushed'
                @($result.Warnings) -join "`n" | Should -Match "operationId 'findPets'"
                $tree = Invoke-RestMethod -Uri "$($E.Server)/api/v3/repos/contoso/api-schemas/git/trees/main?recursive=1" -Headers @{ Authorization = "token $Full" } -NoProxy
                $tree.tree.path | Should -Contain 'petstore/spec/swagger.yaml'
                $tree.tree.path | Should -Contain 'petstore/common/Error.yaml'
            }
        }
        'Sync-ApiSchema #8'              = @{
            FreshProcess = $true
            CodeFromYaml = $true
            Setup        = {
                $null = New-Item -ItemType Directory './tools' -Force
                $null = New-Item -ItemType SymbolicLink -Path './tools/PSGitHubSync' -Target (Split-Path $env:PSGITHUBSYNC_MODULE)
                Write-Definitions '.\psgithubsync.yml' "  - name: payments-postman`n    type: schema-sync`n    source: { postman: { workspace: Payments, api: Payments API } }`n    repository: contoso/api-schemas`n    path: api`n" | Out-Null
            }
            Assert       = {
                $Run.ExitCode | Should -Be 0
                $Run.Text | Should -Match 'payments-postman\s+(Pushed|Pulled|InSync)'
            }
        }
        'Test-GitHubToken #1'            = @{
            Setup  = { $PSDefaultParameterValues['Test-GitHubToken:Server'] = $E.Server }
            Assert = {
                $Run.Text | Should -Match 'Login\s+: octocat'
                $Run.Text | Should -Match 'TokenType\s+: Classic'
                $Run.Text | Should -Match 'MissingScopes\s+: \{\}'
                $Run.Text | Should -Match 'IsValid\s+: True'
            }
        }
        'Test-GitHubToken #3'            = @{
            Setup  = { $PSDefaultParameterValues['Test-GitHubToken:Server'] = $E.Server }
            Assert = { $Run.Thrown | Should -BeNullOrEmpty -Because 'the token in GITHUB_TOKEN can push to platform/ad-schema' }
        }
        'Test-GitHubToken #8'            = @{
            Setup  = { $PSDefaultParameterValues['Test-GitHubToken:Server'] = $E.Server }
            Assert = {
                $Run.Output.MissingScopes | Should -Be @('read:org')
                $Run.Output.IsValid | Should -BeFalse
            }
        }
    }

    function Invoke-HelpExample {
        <# Runs the example's code as written in the caller's scope, and sorts what it wrote by stream. #>
        param([Parameter(Mandatory)] [string] $Code)
        $records = [Collections.Generic.List[object]]::new()
        $thrown = $null
        $before = @(Get-Variable -Scope 0 | ForEach-Object Name) + 'before', 'records', 'thrown'
        try {
            . ([scriptblock]::Create($Code)) *>&1 | ForEach-Object { $records.Add($_) }
        }
        catch { $thrown = $_ }
        # The example's own variables ($results, $checks, ...) go to the test, which asserts on them.
        foreach ($variable in Get-Variable -Scope 0 | Where-Object Name -NotIn $before) { Set-Variable -Name $variable.Name -Value $variable.Value -Scope 1 }
        $output = @($records | Where-Object { $_ -isnot [Management.Automation.ErrorRecord] -and $_ -isnot [Management.Automation.WarningRecord] -and $_ -isnot [Management.Automation.VerboseRecord] -and $_ -isnot [Management.Automation.InformationRecord] -and $_ -isnot [Management.Automation.DebugRecord] })
        [pscustomobject]@{
            Output      = $output
            Errors      = @($records | Where-Object { $_ -is [Management.Automation.ErrorRecord] })
            Warnings    = @($records | Where-Object { $_ -is [Management.Automation.WarningRecord] })
            Verbose     = @($records | Where-Object { $_ -is [Management.Automation.VerboseRecord] })
            Information = @($records | Where-Object { $_ -is [Management.Automation.InformationRecord] })
            Text        = ($output | Out-String -Width 80)
            Thrown      = $thrown
            ExitCode    = $null
        }
    }
}

AfterAll {
    if ($script:E) { Stop-TestEmulator $script:E }
    $env:GITHUB_TOKEN = $SavedEnvironment.GITHUB_TOKEN
    $env:POSTMAN_API_KEY = $SavedEnvironment.POSTMAN_API_KEY
    Remove-PSDrive -Name C -ErrorAction SilentlyContinue
}

Describe 'Help examples run as written' {
    It 'the help has examples to run' {
        $Examples.Count | Should -BeGreaterThan 40
    }

    foreach ($example in $Examples) {
        $skip = $SkipReasons[$example.Id]
        $name = "$($example.Id): $($example.Title)" + $(if ($skip) { " [skipped: $skip]" })
        It $name -Skip:([bool] $skip) -TestCases @(@{ Example = $example }) {
            $spec = $Specs[$Example.Id]
            $spec | Should -Not -BeNullOrEmpty -Because "every help example needs an entry in `$Specs of HelpExamples.Tests.ps1 (or a skip reason): $($Example.Id)"

            $sandbox = Join-Path $TestDrive ("{0}-{1}" -f $Example.Command, $Example.Number)
            $null = New-Item -ItemType Directory -Path $sandbox -Force
            Remove-PSDrive -Name C -ErrorAction SilentlyContinue
            $null = New-PSDrive -Name C -PSProvider FileSystem -Root $sandbox -Scope Global
            $env:GITHUB_TOKEN = $Full
            $env:POSTMAN_API_KEY = $Key
            Push-Location $sandbox
            try {
                if ($spec.Setup) { . $spec.Setup $Example }
                $code = $Example.Code
                if ($spec.CodeFromYaml) {
                    # A CI step: the script of the YAML's 'run: |' or 'pwsh: |' block, dedented.
                    $yaml = $Example.Yaml -split "`n"
                    $start = @(0..($yaml.Count - 1) | Where-Object { $yaml[$_] -match '(run|pwsh): \|\s*$' })[0]
                    $indent = ($yaml[$start + 1] -replace '^(\s*).*$', '$1').Length
                    $code = (@($yaml[($start + 1)..($yaml.Count - 1)] | ForEach-Object { $_ }) | Where-Object { $_.Trim() } |
                            ForEach-Object -Begin { $inside = $true } -Process { if ($inside -and ($_.Length - $_.TrimStart().Length) -ge $indent) { $_.Substring($indent) } else { $inside = $false } }) -join "`n"
                }
                $code | Should -Not -BeNullOrEmpty -Because 'an example has a powershell code block (or a CI step with a script)'
                if ($spec.FreshProcess) {
                    # A script run by pwsh -File (it may 'exit'): the same C: drive and environment, then the code as written.
                    $prelude = "New-PSDrive -Name C -PSProvider FileSystem -Root '$sandbox' -Scope Global | Out-Null`nSet-Location '$sandbox'`n`$env:PSModulePath = '$($env:PSModulePath -replace "'", "''")'`n"
                    $fresh = Invoke-FreshPwsh -Script ($prelude + $code) -Environment @{ GITHUB_TOKEN = $Full; POSTMAN_API_KEY = $Key }
                    $Run = [pscustomobject]@{ Output = @($fresh.Output); Errors = @(); Warnings = @(); Verbose = @(); Information = @(); Text = $fresh.Output + $fresh.Error; Thrown = $null; ExitCode = $fresh.ExitCode }
                }
                else {
                    $Run = Invoke-HelpExample -Code $code
                }
                . $spec.Assert $Example
            }
            finally {
                Pop-Location
                $PSDefaultParameterValues.Remove('Test-GitHubToken:Server')
            }
        }
    }
}
