#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }

# New-BackupIntegration -Validate: the online checks run before the file is written, against the emulator.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module $env:PSGITHUBSYNC_MODULE -Force
    $script:Emulator = Start-TestEmulator
    $script:SavedToken = $env:PSGS_VALIDATE_TOKEN
    $env:PSGS_VALIDATE_TOKEN = Get-TestToken ClassicFull
    $env:PSGS_VALIDATE_KEY = Get-TestToken PostmanKey

    function New-ValidateFile {
        $path = Join-Path $TestDrive ("validate-{0}.yml" -f [guid]::NewGuid().ToString('N').Substring(0, 8))
        @"
version: 1
# Servers: the loopback emulator.
defaults:
  github:
    server: $($script:Emulator.Server)
    token: env:PSGS_VALIDATE_TOKEN
  postman:
    server: $($script:Emulator.Postman)
    apiKey: env:PSGS_VALIDATE_KEY

integrations:
"@ | Set-Content -Path $path -Encoding utf8NoBOM
        $path
    }
}

AfterAll {
    if ($script:Emulator) { Stop-TestEmulator $script:Emulator }
    Remove-Item env:PSGS_VALIDATE_TOKEN, env:PSGS_VALIDATE_KEY -ErrorAction SilentlyContinue
}

Describe 'New-BackupIntegration -Validate' {
    It 'adds an integration whose token, repository, branch and collection check out' {
        $path = New-ValidateFile
        $result = New-BackupIntegration -Path $path -Name payments -Repository contoso/api-backups -Workspace Payments -Collection 'Payments API' -Validate
        $result.Name | Should -Be 'payments'
        (Get-BackupIntegration -Path $path).Name | Should -Be @('payments')
    }

    It 'refuses a missing branch with BranchNotFound and leaves the file unchanged' {
        $path = New-ValidateFile
        $before = [IO.File]::ReadAllBytes($path)
        $errors = $null
        New-BackupIntegration -Path $path -Name payments -Repository contoso/api-backups -Workspace Payments -Collection 'Payments API' -Branch no-such-branch -Validate -ErrorVariable errors -ErrorAction SilentlyContinue |
            Should -BeNullOrEmpty
        @($errors.FullyQualifiedErrorId) | Should -Contain 'BranchNotFound,PSGitHubSync.Commands.NewBackupIntegrationCommand'
        [IO.File]::ReadAllBytes($path) | Should -Be $before
    }

    It 'refuses a collection that is not in the workspace and a token that cannot push' {
        $path = New-ValidateFile
        $before = [IO.File]::ReadAllBytes($path)
        $errors = $null
        New-BackupIntegration -Path $path -Name wrong -Repository contoso/readonly -Workspace Payments -Collection 'No Such Collection' -Validate -ErrorVariable errors -ErrorAction SilentlyContinue |
            Should -BeNullOrEmpty
        $ids = @($errors.FullyQualifiedErrorId)
        $ids | Should -Contain 'CollectionNotFound,PSGitHubSync.Commands.NewBackupIntegrationCommand'
        $ids | Should -Contain 'PushDenied,PSGitHubSync.Commands.NewBackupIntegrationCommand'
        [IO.File]::ReadAllBytes($path) | Should -Be $before
    }

    It 'reads a secret: token reference through SecretManagement, as the running cmdlets do' {
        $path = New-ValidateFile
        # A stand-in for SecretManagement's Get-Secret with a vault that holds the token.
        function global:Get-Secret { param($Name, $Vault) if ($Vault -eq 'CorpVault' -and $Name -eq 'GitHubToken') { $env:PSGS_VALIDATE_TOKEN } }
        try {
            $result = New-BackupIntegration -Path $path -Name vaulted -Repository contoso/api-backups -Workspace Payments -Collection 'Payments API' -Server $script:Emulator.Server -TokenReference secret:CorpVault/GitHubToken -Validate
        }
        finally { Remove-Item function:global:Get-Secret }
        $result.Name | Should -Be 'vaulted'
        (Get-BackupIntegration -Path $path -Name vaulted).Token | Should -Be 'secret:CorpVault/GitHubToken'
    }

    It 'never writes the token or the key anywhere' {
        $path = New-ValidateFile
        $all = New-BackupIntegration -Path $path -Name leaky -Repository contoso/api-backups -Workspace Payments -Collection '*' -Validate -Verbose *>&1 | Out-String -Width 400
        $all + [IO.File]::ReadAllText($path) | Should -Not -Match ([regex]::Escape((Get-TestToken ClassicFull)))
        $all + [IO.File]::ReadAllText($path) | Should -Not -Match ([regex]::Escape((Get-TestToken PostmanKey)))
    }
}
