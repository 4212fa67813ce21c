#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }

<#
    Installing like everyone else: the package of `build.ps1 -Task Package` ($env:PSGITHUBSYNC_PACKAGE)
    is published to a file-system PSResource repository, installed with Install-PSResource into an
    empty module path by a fresh PowerShell, and used by name from another fresh PowerShell: help,
    and a real backup on the emulator. The fresh processes get their own XDG_DATA_HOME / LOCALAPPDATA,
    so PSResourceGet's repository list and the CurrentUser module folder are temporary: nothing of
    this machine's PowerShell set-up is used or changed.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $script:Package = $env:PSGITHUBSYNC_PACKAGE
    if (-not $Package -or -not (Test-Path $Package)) { throw 'Set PSGITHUBSYNC_PACKAGE to the .nupkg of build.ps1 -Task Package (build.ps1 -Task Test does).' }
    $script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Version = (Import-PowerShellDataFile (Join-Path $RepoRoot 'module/PSGitHubSync.psd1')).ModuleVersion

    # One empty user profile for the fresh processes: its ~/.local/share holds PSResourceGet's repository
    # list and the CurrentUser modules (PowerShell adds that folder to PSModulePath by itself); PSModulePath
    # names nothing else but PowerShell's own modules.
    $script:ProfileRoot = Join-Path $TestDrive 'home'
    $script:RepositoryFolder = Join-Path $TestDrive 'local-gallery'
    New-Item -ItemType Directory -Path $ProfileRoot, $RepositoryFolder -Force | Out-Null
    $script:UserEnvironment = @{
        HOME                = $ProfileRoot
        XDG_DATA_HOME       = $null
        XDG_CONFIG_HOME     = $null
        XDG_CACHE_HOME      = $null
        PSModulePath        = (Join-Path $PSHOME 'Modules')
        PSGITHUBSYNC_MODULE = $null
        GITHUB_TOKEN        = $null
    }

    function Invoke-AsUser {
        <# A fresh PowerShell with the temporary profile; returns its result and the JSON it printed last. #>
        param([Parameter(Mandatory)] [string] $Script, [hashtable] $Environment = @{})
        $all = $UserEnvironment.Clone()
        foreach ($key in $Environment.Keys) { $all[$key] = $Environment[$key] }
        $run = Invoke-FreshPwsh -Script $Script -Environment $all
        $json = ($run.Output -split "`n" | Where-Object { $_ -like '{*' } | Select-Object -Last 1)
        $run | Add-Member -NotePropertyName Json -NotePropertyValue $(if ($json) { $json | ConvertFrom-Json } else { $null }) -PassThru
    }

    $script:Emulator = Start-TestEmulator
    $script:Install = Invoke-AsUser @"
`$ErrorActionPreference = 'Stop'
Import-Module Microsoft.PowerShell.PSResourceGet
Register-PSResourceRepository -Name LocalGallery -Uri '$RepositoryFolder' -Trusted
Publish-PSResource -NupkgPath '$Package' -Repository LocalGallery
`$found = Find-PSResource -Name PSGitHubSync -Repository LocalGallery
Install-PSResource -Name PSGitHubSync -Repository LocalGallery -Scope CurrentUser -Version '$Version'
`$installed = Get-InstalledPSResource -Name PSGitHubSync -Scope CurrentUser
@{ Found = [string] `$found.Version; Installed = [string] `$installed.Version; InstalledLocation = `$installed.InstalledLocation; Repositories = @(Get-PSResourceRepository | ForEach-Object Name) } | ConvertTo-Json -Compress
"@
    # Where Install-PSResource -Scope CurrentUser put it: inside the temporary profile (on Windows, Documents).
    $script:ModulePath = $Install.Json.InstalledLocation
}

AfterAll {
    if ($script:Emulator) { Stop-TestEmulator $Emulator }
}

Describe 'Install-PSResource PSGitHubSync from a repository' {
    It 'publishes the package to a file-system repository and installs it into the empty user module path' {
        $Install.Error | Should -BeNullOrEmpty
        $Install.ExitCode | Should -Be 0
        $Install.Json.Found | Should -Be $Version
        $Install.Json.Installed | Should -Be $Version
        @(Get-ChildItem $RepositoryFolder -Filter *.nupkg).Name | Should -Be @("PSGitHubSync.$Version.nupkg")
        if (-not $IsWindows) { $ModulePath | Should -BeLike (Join-Path $ProfileRoot '*') }
        Test-Path (Join-Path $ModulePath "PSGitHubSync/$Version/PSGitHubSync.psd1") | Should -BeTrue
        # The temporary profile kept this machine's repository list out of it (and the other way round).
        $Install.Json.Repositories | Should -Contain 'LocalGallery'
    }

    It 'carries LICENSE and THIRD-PARTY-NOTICES.txt naming every bundled assembly with its licence' {
        $installed = Join-Path $ModulePath "PSGitHubSync/$Version"
        Get-Content (Join-Path $installed 'LICENSE') -Raw | Should -Match '^MIT License'
        $notices = Get-Content (Join-Path $installed 'THIRD-PARTY-NOTICES.txt') -Raw
        $bundled = Get-ChildItem (Join-Path $installed 'dependencies') -Filter *.dll | Where-Object Name -NotLike 'PSGitHubSync.*'
        $bundled.Count | Should -BeGreaterThan 10
        foreach ($dll in $bundled) {
            $notices | Should -Match "\(([^)]*, )?$([regex]::Escape($dll.Name))(, [^)]*)?\)\s+Licence:   MIT" -Because "$($dll.Name) is bundled"
        }
        $notices | Should -Match 'Octokit/\d+\.\d+\.\d+'
        $notices | Should -Match 'YamlDotNet/\d+\.\d+\.\d+'
        $notices | Should -Match 'Permission is hereby granted'
    }

    It 'has the manifest fields the Gallery shows: project, licence, release notes from CHANGELOG.md, tags, explicit exports' {
        $manifest = Import-PowerShellDataFile (Join-Path $ModulePath "PSGitHubSync/$Version/PSGitHubSync.psd1")
        $manifest.ModuleVersion | Should -Be $Version
        $manifest.PrivateData.PSData.ProjectUri | Should -Match '^https://github\.com/'
        $manifest.PrivateData.PSData.LicenseUri | Should -Be ($manifest.PrivateData.PSData.ProjectUri + '/blob/main/LICENSE')
        $manifest.PrivateData.PSData.Tags | Should -Contain 'Postman'
        $manifest.PrivateData.PSData.Tags | Should -Contain 'PSEdition_Core'
        $changelog = Get-Content (Join-Path $RepoRoot 'CHANGELOG.md') -Raw
        $changelog | Should -Match "(?m)^## $([regex]::Escape($Version))\s*$"
        $manifest.PrivateData.PSData.ReleaseNotes | Should -Not -BeNullOrEmpty
        $changelog.Replace("`r`n", "`n").Contains($manifest.PrivateData.PSData.ReleaseNotes) | Should -BeTrue -Because 'the release notes are the top section of CHANGELOG.md'
        $manifest.PrivateData.PSData.ReleaseNotes | Should -Match '^First release\.'   # the section's text, not its heading
        $manifest.CmdletsToExport | Should -Not -Contain '*'
        $manifest.CmdletsToExport | Should -Contain 'Invoke-CollectionBackup'
        @($manifest.FunctionsToExport).Count | Should -Be 0
        @($manifest.AliasesToExport).Count | Should -Be 0
    }

    It 'ships PDBs that name no folder of the build machine' {
        $installed = Join-Path $ModulePath "PSGitHubSync/$Version"
        $pdbs = @(Get-ChildItem $installed -Recurse -Filter 'PSGitHubSync*.pdb')
        $pdbs.Count | Should -Be 3
        foreach ($pdb in $pdbs) {
            $stream = [IO.File]::OpenRead($pdb.FullName)
            try {
                $provider = [Reflection.Metadata.MetadataReaderProvider]::FromPortablePdbStream($stream)
                $reader = $provider.GetMetadataReader()
                $documents = @(foreach ($handle in $reader.Documents) { $reader.GetString($reader.GetDocument($handle).Name) })
                $documents.Count | Should -BeGreaterThan 0
                $documents | Where-Object { -not $_.StartsWith('/_/') } | Should -BeNullOrEmpty -Because "$($pdb.Name) names its sources as /_/... (PathMap)"
                $provider.Dispose()
            }
            finally { $stream.Dispose() }
            $bytes = [IO.File]::ReadAllBytes($pdb.FullName)
            ([Text.Encoding]::UTF8.GetString($bytes) + [Text.Encoding]::Unicode.GetString($bytes)).Contains($RepoRoot) | Should -BeFalse
        }
    }
}

Describe 'The installed module, by name, in a fresh process' {
    BeforeAll {
        $folder = Join-Path $TestDrive 'work'
        New-Item -ItemType Directory -Path $folder -Force | Out-Null
        $definitions = New-TestDefinitionFile $Emulator (New-TestBackupYaml -Name installed-payments) -Folder $folder -EnvironmentPrefix PSGS_INSTALL

        $script:Use = Invoke-AsUser -Environment @{ PSGS_INSTALL_GITHUB_TOKEN = (Get-TestToken ClassicFull); PSGS_INSTALL_POSTMAN_KEY = (Get-TestToken PostmanKey) } @"
`$ErrorActionPreference = 'Stop'
Import-Module PSGitHubSync
`$module = Get-Module PSGitHubSync
`$help = Get-Help Invoke-CollectionBackup -Full
`$helpText = `$help | Out-String -Width 200
`$results = @(Invoke-CollectionBackup -Path '$definitions')
@{
    ModuleBase = `$module.ModuleBase
    Version = [string] `$module.Version
    Commands = @(`$module.ExportedCmdlets.Keys)
    Synopsis = [string] `$help.Synopsis
    Examples = @(`$help.examples.example).Count
    HelpText = `$helpText
    Results = @(`$results | ForEach-Object { @{ Name = `$_.Name; Status = [string] `$_.Status; CommitSha = `$_.CommitSha } })
} | ConvertTo-Json -Compress -Depth 5
"@
    }

    It 'imports PSGitHubSync by name from the installed folder' {
        $Use.Error | Should -BeNullOrEmpty
        $Use.ExitCode | Should -Be 0
        $Use.Json.ModuleBase | Should -Be (Join-Path $ModulePath "PSGitHubSync/$Version")
        $Use.Json.Version | Should -Be $Version
        $Use.Json.Commands | Should -Contain 'Invoke-CollectionBackup'
        $Use.Json.Commands | Should -Contain 'Test-GitHubToken'
    }

    It 'has full help for Invoke-CollectionBackup (synopsis, parameters, examples)' {
        $Use.Json.Synopsis | Should -Not -BeNullOrEmpty
        $Use.Json.Synopsis | Should -Not -Match '^\s*Invoke-CollectionBackup \['   # not the syntax PowerShell makes up without help
        $Use.Json.Examples | Should -BeGreaterThan 0
        $Use.Json.HelpText | Should -Match '-Path <String>'
        $Use.Json.HelpText | Should -Match 'EXAMPLE 1|Example 1'
    }

    It 'backs up a collection to the emulator' {
        $result = @($Use.Json.Results)
        $result.Count | Should -Be 1
        $result[0].Name | Should -Be 'installed-payments'
        $result[0].Status | Should -Be 'Created'
        $result[0].CommitSha | Should -Match '^[0-9a-f]{40}$'
        $log = Invoke-EmulatorControl $Emulator 'repos/contoso/api-backups/log/main'
        $log = @($log)   # (the JSON array comes back as one object: @() around the call would nest it)
        $log[0].sha | Should -Be $result[0].CommitSha
        $files = Invoke-EmulatorControl $Emulator 'repos/contoso/api-backups/branches/main/files'
        $files.PSObject.Properties.Name | Should -Contain 'Postman Collections/Payments API.postman_collection.json'
        $backup = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($files.'Postman Collections/Payments API.postman_collection.json')) | ConvertFrom-Json
        $backup.info.name | Should -Be 'Payments API'
    }
}

Describe 'Install-Module (PowerShellGet v2) installs the same package' {
    It 'finds and installs PSGitHubSync from a v2 file-share repository into the user module folder' {
        $v2Home = Join-Path $TestDrive 'home-v2'
        $v2Repository = Join-Path $TestDrive 'v2-share'
        New-Item -ItemType Directory -Path $v2Home, $v2Repository -Force | Out-Null
        Copy-Item $Package $v2Repository
        $run = Invoke-FreshPwsh -Environment @{ HOME = $v2Home; XDG_DATA_HOME = $null; PSModulePath = (Join-Path $PSHOME 'Modules'); PSGITHUBSYNC_MODULE = $null } -Script @"
`$ErrorActionPreference = 'Stop'
Import-Module PowerShellGet -MinimumVersion 2.2
Register-PSRepository -Name LocalV2 -SourceLocation '$v2Repository' -InstallationPolicy Trusted
Install-Module PSGitHubSync -Repository LocalV2 -Scope CurrentUser -RequiredVersion '$Version'
Remove-Module PowerShellGet, PackageManagement -ErrorAction SilentlyContinue
Import-Module PSGitHubSync
`$module = Get-Module PSGitHubSync
@{ Version = [string] `$module.Version; ModuleBase = `$module.ModuleBase; Cmdlets = `$module.ExportedCmdlets.Count } | ConvertTo-Json -Compress
"@
        $run.Error | Should -BeNullOrEmpty
        $run.ExitCode | Should -Be 0
        $json = ($run.Output -split "`n" | Where-Object { $_ -like '{*' } | Select-Object -Last 1) | ConvertFrom-Json
        $json.Version | Should -Be $Version
        if (-not $IsWindows) { $json.ModuleBase | Should -BeLike (Join-Path $v2Home '*') }
        $json.Cmdlets | Should -Be @((Import-PowerShellDataFile (Join-Path $RepoRoot 'module/PSGitHubSync.psd1')).CmdletsToExport).Count
    }
}
