#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }

<#
    The five integration cmdlets share one base (src/PSGitHubSync/Commands/IntegrationCmdlet.cs and the two classes
    over it): the shared parameters, the collection and de-duplication of integrations, and the run skeleton. Here,
    against the loopback emulator: each cmdlet takes an integration once however often it comes, and each one, run to
    its end, leaves its progress record completed.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module $env:PSGITHUBSYNC_MODULE -Force
    Clear-TestProxyEnvironment
    $script:SavedCredentials = Set-TestCredentialEnvironment
    $script:Emulator = Start-TestEmulator -Config (New-TestEmulatorConfig)

    $folder = Join-Path $TestDrive 'integrations'
    $null = New-Item -ItemType Directory -Path $folder
    Set-Content -Path (Join-Path $folder 'openapi.yaml') -Encoding utf8 -Value "openapi: 3.0.3`ninfo:`n  title: Payments`n  version: '1.0'`npaths:`n  /payments:`n    get:`n      responses:`n        '200':`n          description: ok`n"
    $script:Definitions = Join-Path $folder 'psgithubsync.yml'
    $yaml = "version: 1`ndefaults:`n  github:`n    server: $($script:Emulator.Server)`n  postman:`n    server: $($script:Emulator.Postman)`nintegrations:`n" +
        (New-TestBackupYaml -Name 'payments') +
        "  - name: payments-schema`n    type: schema-sync`n    source: { file: ./openapi.yaml }`n    repository: contoso/api-backups`n    path: api/openapi.yaml`n"
    Set-Content -Path $script:Definitions -Value $yaml -Encoding utf8

    function Invoke-InRunspace {
        <# Runs a command in its own runspace and returns its output, errors and progress records. #>
        param([string] $Script, [object[]] $Arguments = @())
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("param(`$Module, `$Arguments) Import-Module `$Module; $Script").AddArgument($env:PSGITHUBSYNC_MODULE).AddArgument($Arguments)
            $output = $ps.Invoke()
            [pscustomobject]@{ Output = @($output); Errors = @($ps.Streams.Error); Progress = @($ps.Streams.Progress) }
        }
        finally {
            $ps.Dispose()
        }
    }
}

AfterAll {
    if ($script:Emulator) { Stop-TestEmulator $script:Emulator }
    Restore-TestCredentialEnvironment $script:SavedCredentials
}

Describe 'Each integration cmdlet completes its progress record when its run ends' {
    # In this order: the backup makes the history that the history and the restore read.
    It '<Command> (progress id <Id>)' -ForEach @(
        @{ Command = 'Invoke-CollectionBackup'; Id = 4711; Script = 'Invoke-CollectionBackup -Path $Arguments[0]' }
        @{ Command = 'Sync-ApiSchema'; Id = 4712; Script = 'Sync-ApiSchema -Path $Arguments[0]' }
        @{ Command = 'Get-CollectionBackupHistory'; Id = 4713; Script = 'Get-CollectionBackupHistory -Path $Arguments[0]' }
        @{ Command = 'Restore-CollectionBackup'; Id = 4714; Script = 'Get-CollectionBackupHistory -Path $Arguments[0] -First 1 | Restore-CollectionBackup -OutFile (Join-Path $Arguments[1] "restored.json")' }
        @{ Command = 'Test-BackupIntegration'; Id = 4715; Script = 'Test-BackupIntegration -Path $Arguments[0]' }
    ) {
        $run = Invoke-InRunspace -Script $Script -Arguments @($script:Definitions, $TestDrive)
        $run.Errors | Should -BeNullOrEmpty
        $run.Output | Should -Not -BeNullOrEmpty
        $records = @($run.Progress | Where-Object ActivityId -EQ $Id)
        $records.Count | Should -BeGreaterThan 0
        $records[-1].RecordType | Should -Be 'Completed'
    }
}

Describe 'The integration cmdlets share one base' {
    It '<_> derives from PSGitHubSync.Commands.IntegrationCmdlet' -ForEach @('Invoke-CollectionBackup', 'Sync-ApiSchema', 'Test-BackupIntegration', 'Get-CollectionBackupHistory', 'Restore-CollectionBackup') {
        (Get-Command $_).ImplementingType.IsSubclassOf([PSGitHubSync.Commands.IntegrationCmdlet]) | Should -BeTrue
    }

    It 'Test-BackupIntegration checks an integration once when it comes as an object twice and by name and file once more' {
        $byName = [pscustomobject]@{ Name = 'payments'; DefinitionFile = $script:Definitions }
        $run = Invoke-InRunspace -Script '$i = Get-BackupIntegration -Path $Arguments[0] -Name payments; @($i, $i, $Arguments[1]) | Test-BackupIntegration' -Arguments @($script:Definitions, $byName)
        $run.Errors | Should -BeNullOrEmpty
        $run.Output.Count | Should -Be 1
        $run.Output[0].Integration | Should -Be 'payments'
    }

    It 'Get-CollectionBackupHistory and Sync-ApiSchema -WhatIf run an integration piped twice once (after the runs above)' {
        $history = Invoke-InRunspace -Script '$i = Get-BackupIntegration -Path $Arguments[0] -Name payments; @($i, $i) | Get-CollectionBackupHistory' -Arguments @($script:Definitions)
        $history.Errors | Should -BeNullOrEmpty
        @($history.Output | Select-Object -ExpandProperty CommitSha -Unique).Count | Should -Be $history.Output.Count
        $sync = Invoke-InRunspace -Script '$i = Get-BackupIntegration -Path $Arguments[0] -Name payments-schema; @($i, $i) | Sync-ApiSchema -WhatIf' -Arguments @($script:Definitions)
        $sync.Errors | Should -BeNullOrEmpty
        $sync.Output.Count | Should -Be 1
    }
}
