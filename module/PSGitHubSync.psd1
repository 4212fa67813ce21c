@{
    RootModule           = 'PSGitHubSync.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '4f6b8d0e-2c1a-4e57-9a3d-7b1f5c9e2a64'
    Author               = 'PSGitHubSync contributors'
    CompanyName          = 'PSGitHubSync'
    Copyright            = '(c) PSGitHubSync contributors. MIT License.'
    Description          = 'Back up Postman collections to GitHub and keep API schemas in sync between GitHub and Postman or disk, on github.com and GitHub Enterprise Server. Declarative (a YAML file in version control), scriptable, safe and cheap on API calls.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Core', 'Desktop')
    DotNetFrameworkVersion = '4.7.2'
    # The output and exception types ([PSGitHubSync.Integration], catch [PSGitHubSync.SyncException]) are usable at once.
    RequiredAssemblies   = @('PSGitHubSync.Model.dll')
    FormatsToProcess     = @('PSGitHubSync.format.ps1xml')
    CmdletsToExport      = @(
        'Get-BackupIntegration'
        'Get-CollectionBackupHistory'
        'Invoke-CollectionBackup'
        'New-BackupIntegration'
        'Restore-CollectionBackup'
        'Sync-ApiSchema'
        'Test-BackupIntegration'
        'Test-GitHubToken'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('GitHub', 'Postman', 'Backup', 'OpenAPI', 'Schema', 'Sync', 'DevOps', 'GitHubEnterprise', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/psgithubsync/PSGitHubSync'
            LicenseUri   = 'https://github.com/psgithubsync/PSGitHubSync/blob/main/LICENSE'
            # Written at build (build.ps1) from the top section of CHANGELOG.md.
            ReleaseNotes = 'See CHANGELOG.md.'
        }
    }
}
