#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }

<#
    What a person sees: pipeline binding as the help describes it, the default views at 80 and
    120 columns, one-line ToString()s, and errors a scheduled-task log can use. No network.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module $env:PSGITHUBSYNC_MODULE -Force

    function New-TestFolder {
        $path = Join-Path $TestDrive ([guid]::NewGuid().ToString('N').Substring(0, 12))
        New-Item -ItemType Directory -Path $path | Out-Null
        $path
    }

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
