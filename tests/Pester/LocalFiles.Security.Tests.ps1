#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }

<#
    Local files are data, never a way out (issue 11, local files): the BUILT module ($env:PSGITHUBSYNC_MODULE)
    against the standalone emulator. Links are never followed when reading or writing (LocalPathIsLink), links
    and submodules in a repository are never written locally, replaced files keep their mode, and input that is
    not text gets the error that names it (InvalidCollection, DefinitionFileInvalid).
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module $env:PSGITHUBSYNC_MODULE -Force
    Clear-TestProxyEnvironment
    $script:SyncId = 'PSGitHubSync.Commands.SyncApiSchemaCommand'
    $script:RestoreId = 'PSGitHubSync.Commands.RestoreCollectionBackupCommand'
    $script:BackupId = 'PSGitHubSync.Commands.InvokeCollectionBackupCommand'
    $script:GetId = 'PSGitHubSync.Commands.GetBackupIntegrationCommand'
    $script:Token = Get-TestToken ClassicFull
    $env:PSGS_LFS_GITHUB_TOKEN = $script:Token
    $env:PSGS_LFS_POSTMAN_KEY = Get-TestToken PostmanKey
    $script:Private = [IO.UnixFileMode]'UserRead, UserWrite'

    function New-DefinitionFile([object] $Emulator, [string] $Folder, [string] $Integrations) {
        New-TestDefinitionFile $Emulator $Integrations -Folder $Folder -EnvironmentPrefix PSGS_LFS
    }

    function New-SchemaYaml {
        param([string] $Name = 'schema', [string] $Source = './api', [string] $Path = 'specs/api')
        "  - name: $Name`n    type: schema-sync`n    source: { file: $Source }`n    repository: contoso/api-backups`n    path: $Path`n    branch: main`n"
    }

    function Get-Collection {
        <# A Postman collection v2.1 named $Name with $Items as its item array (JSON text). #>
        param([string] $Name = 'Deep', [Parameter(Mandatory)] [string] $Items)
        '{"info":{"name":"' + $Name + '","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"item":' + $Items + '}'
    }
}

Describe 'Local files are data, never a way out' {
    BeforeAll { $script:Emulator = Start-TestEmulator }
    AfterAll { Stop-TestEmulator $script:Emulator }

    It 'refuses a schema folder with links to /proc/self/environ and to a private file: the token is in no stream, file or repository object' -Skip:(-not $IsLinux) {
        # A pull request adds two links to the schema folder; CI runs the sync with the token in its environment.
        $folder = New-TestFolder
        Write-Utf8 (Join-Path $folder 'api/openapi.yaml') (Get-OpenApi)
        $secretFile = Join-Path (New-TestFolder) 'token.txt'
        Write-Utf8 $secretFile "GITHUB_TOKEN=$Token`n"
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $folder 'api/environ.txt') -Target '/proc/self/environ'
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $folder 'api/notes.txt') -Target $secretFile
        $definitions = New-DefinitionFile $Emulator $folder (New-SchemaYaml)
        $transcript = Join-Path (New-TestFolder) 'transcript.txt'
        $before = Get-BranchHead $Emulator
        $filesBefore = @(Get-ChildItem $folder -Recurse -Force | ForEach-Object FullName | Sort-Object)

        # A fresh process, so that /proc/self/environ really holds the token.
        $run = Invoke-FreshPwsh -Environment @{ PSGS_LFS_GITHUB_TOKEN = $Token; PSGS_LFS_POSTMAN_KEY = (Get-TestToken PostmanKey); PSGS_DEFS = $definitions; PSGS_TRANSCRIPT = $transcript } -Script @"
Import-Module '$($env:PSGITHUBSYNC_MODULE)'
Start-Transcript -Path `$env:PSGS_TRANSCRIPT | Out-Null
Sync-ApiSchema -Path `$env:PSGS_DEFS -Verbose *>&1 | Out-String -Width 4096
`$Error | Format-List * -Force | Out-String -Width 4096
`$Error | ForEach-Object { `$_.Exception.ToString() }
'FQID=' + ((`$Error | ForEach-Object FullyQualifiedErrorId) -join ';')
Stop-Transcript | Out-Null
"@
        $run.Output | Should -Match ([regex]::Escape("FQID=LocalPathIsLink,$SyncId"))
        $run.Output | Should -Match 'environ\.txt'
        $everything = $run.Output + $run.Error + (Get-Content $transcript -Raw)
        $everything | Should -Not -Match ([regex]::Escape($Token))
        (Get-BranchHead $Emulator) | Should -Be $before                              # nothing pushed
        Get-RepositoryObjectText $Emulator | Should -Not -Match ([regex]::Escape($Token))
        @(Get-ChildItem $folder -Recurse -Force | ForEach-Object FullName | Sort-Object) | Should -Be $filesBefore   # nothing written
    }

    It 'refuses a single schema file that is a link, naming it, and pushes nothing' {
        $folder = New-TestFolder
        $elsewhere = Join-Path (New-TestFolder) 'private.yaml'
        Write-Utf8 $elsewhere (Get-OpenApi)
        $link = Join-Path $folder 'openapi.yaml'
        $null = New-Item -ItemType SymbolicLink -Path $link -Target $elsewhere
        $definitions = New-DefinitionFile $Emulator $folder (New-SchemaYaml -Name single -Source './openapi.yaml' -Path 'specs/single.yaml')
        $before = Get-BranchHead $Emulator

        $result = Sync-ApiSchema -Path $definitions -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be "LocalPathIsLink,$SyncId"
        "$($failures[0].CategoryInfo.Category)" | Should -Be 'SecurityError'
        $failures[0].Exception.Message | Should -BeLike "*$link*"
        "$($result.Direction)" | Should -Be 'Failed'
        (Get-BranchHead $Emulator) | Should -Be $before
    }

    It 'keeps 0600 on a single schema file it pulls over' -Skip:$IsWindows {
        $folder = New-TestFolder
        $local = Join-Path $folder 'openapi.yaml'
        Write-Utf8 $local (Get-OpenApi '1.0')
        $definitions = New-DefinitionFile $Emulator $folder (New-SchemaYaml -Name private-schema -Source './openapi.yaml' -Path 'specs/private.yaml')
        "$((Sync-ApiSchema -Path $definitions).Direction)" | Should -Be 'Pushed'
        [IO.File]::SetUnixFileMode($local, $Private)
        $body = @{ message = 'Edit'; content = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes((Get-OpenApi '2.0'))); branch = 'main' }
        $headers = @{ Authorization = "token $Token" }
        $body.sha = (Invoke-RestMethod -Uri ($Emulator.GitHub + 'repos/contoso/api-backups/contents/specs/private.yaml?ref=main') -Headers $headers -NoProxy).sha
        $null = Invoke-RestMethod -Method Put -Uri ($Emulator.GitHub + 'repos/contoso/api-backups/contents/specs/private.yaml') -Headers $headers -Body ($body | ConvertTo-Json) -ContentType 'application/json' -NoProxy

        "$((Sync-ApiSchema -Path $definitions).Direction)" | Should -Be 'Pulled'

        [IO.File]::ReadAllText($local) | Should -Be (Get-OpenApi '2.0')
        [IO.File]::GetUnixFileMode($local) | Should -Be $Private
    }

    It 'never writes a symbolic link or submodule from the repository: skipped with a warning naming each, the rest is pulled' {
        $folder = New-TestFolder
        $definitions = New-DefinitionFile $Emulator $folder (New-SchemaYaml -Name hostile -Source './hostile' -Path 'specs/hostile')
        $headers = @{ Authorization = "token $Token" }
        $body = @{ message = 'Add the schema'; content = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes((Get-OpenApi))); branch = 'main' }
        $null = Invoke-RestMethod -Method Put -Uri ($Emulator.GitHub + 'repos/contoso/api-backups/contents/specs/hostile/openapi.yaml') -Headers $headers -Body ($body | ConvertTo-Json) -ContentType 'application/json' -NoProxy
        $null = Invoke-EmulatorControl $Emulator 'repos/contoso/api-backups/tree-entries' -Method Post -Body @{ branch = 'main'; path = 'specs/hostile/environ.yaml'; mode = '120000'; target = '/proc/self/environ' }
        $null = Invoke-EmulatorControl $Emulator 'repos/contoso/api-backups/tree-entries' -Method Post -Body @{ branch = 'main'; path = 'specs/hostile/up'; mode = '120000'; target = '../../..' }
        $null = Invoke-EmulatorControl $Emulator 'repos/contoso/api-backups/tree-entries' -Method Post -Body @{ branch = 'main'; path = 'specs/hostile/vendor'; mode = '160000'; sha = 'a' * 40 }

        $result = Sync-ApiSchema -Path $definitions -WarningVariable warnings -WarningAction SilentlyContinue

        "$($result.Direction)" | Should -Be 'Pulled'
        @(Get-ChildItem (Join-Path $folder 'hostile') -Recurse -Force | ForEach-Object Name) | Should -Be @('openapi.yaml')
        @(Get-ChildItem (Join-Path $folder 'hostile') -Recurse -Force | Where-Object LinkType) | Should -BeNullOrEmpty
        ($warnings -join "`n") | Should -Match 'specs/hostile/environ\.yaml .* symbolic link'
        ($warnings -join "`n") | Should -Match 'specs/hostile/up .* symbolic link'
        ($warnings -join "`n") | Should -Match 'specs/hostile/vendor .* submodule'
    }

    It 'Test-BackupIntegration fails the Source check of a linked export with LocalPathIsLink and the fix' {
        $folder = New-TestFolder
        $export = Join-Path (New-TestFolder) 'orders.json'
        Write-Utf8 $export (Get-Collection -Name 'Orders' -Items '[]')
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $folder 'orders.json') -Target $export
        $definitions = New-DefinitionFile $Emulator $folder (New-TestBackupYaml -Name linked -Source '{ file: ./orders.json }')

        $line = Test-BackupIntegration -Path $definitions -ErrorVariable failures -ErrorAction SilentlyContinue

        $line.Check | Should -Be 'Source'
        "$($line.Status)" | Should -Be 'Failed'
        $line.ErrorId | Should -Be 'LocalPathIsLink'
        $line.Detail | Should -BeLike "*$(Join-Path $folder 'orders.json')*"
        $line.Fix | Should -Match 'Replace the link'
        $failures[0].FullyQualifiedErrorId | Should -Be 'LocalPathIsLink,PSGitHubSync.Commands.TestBackupIntegrationCommand'
    }

    It 'Restore-CollectionBackup never writes through a link, even with -Force, and keeps 0600 on a file it replaces' {
        $folder = New-TestFolder
        $definitions = New-DefinitionFile $Emulator $folder (New-TestBackupYaml -Name orders -Source '{ workspace: Payments, collection: Orders API }')
        $null = Invoke-CollectionBackup -Path $definitions
        $version = Get-CollectionBackupHistory -Path $definitions -Collection 'Orders API' | Select-Object -First 1
        $profilePath = Join-Path (New-TestFolder) 'profile.ps1'
        Write-Utf8 $profilePath "# mine`n"
        $link = Join-Path $folder 'orders.json'
        $null = New-Item -ItemType SymbolicLink -Path $link -Target $profilePath

        $result = $version | Restore-CollectionBackup -OutFile $link -Force -ErrorVariable failures -ErrorAction SilentlyContinue

        $result | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be "LocalPathIsLink,$RestoreId"
        $failures[0].TargetObject | Should -Be $link
        [IO.File]::ReadAllText($profilePath) | Should -Be "# mine`n"
        (Get-Item $link).LinkType | Should -Be 'SymbolicLink'

        if (-not $IsWindows) {
            $outFile = Join-Path $folder 'private.json'
            Write-Utf8 $outFile 'old'
            [IO.File]::SetUnixFileMode($outFile, $Private)
            "$(($version | Restore-CollectionBackup -OutFile $outFile -Force).Status)" | Should -Be 'Restored'
            [IO.File]::ReadAllText($outFile) | Should -Not -Be 'old'
            [IO.File]::GetUnixFileMode($outFile) | Should -Be $Private
        }
    }

    It 'backs up a collection nested 100 folders deep, and an export that is not UTF-8 is InvalidCollection naming the byte offset' {
        $folder = New-TestFolder
        $items = '[{"name":"leaf","request":{"method":"GET","url":"https://example.com"}}]'
        foreach ($i in 1..100) { $items = '[{"name":"folder ' + $i + '","item":' + $items + '}]' }
        Write-Utf8 (Join-Path $folder 'deep.json') (Get-Collection -Items $items)
        [IO.File]::WriteAllBytes((Join-Path $folder 'latin1.json'), [Text.Encoding]::Latin1.GetBytes((Get-Collection -Name 'Latin' -Items '[{"name":"café","request":{"method":"GET","url":"https://example.com"}}]')))
        $definitions = New-DefinitionFile $Emulator $folder ((New-TestBackupYaml -Name deep -Source '{ file: ./deep.json }') + (New-TestBackupYaml -Name latin -Source '{ file: ./latin1.json }'))

        $results = Invoke-CollectionBackup -Path $definitions -ErrorVariable failures -ErrorAction SilentlyContinue

        "$(($results | Where-Object Name -EQ deep).Status)" | Should -Be 'Created'
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be "InvalidCollection,$BackupId"
        $failures[0].Exception.Message | Should -Match 'byte offset \d+ \(line 1, column \d+\) byte 0xE9'
    }

    It 'refuses a definitions file in Latin-1 with DefinitionFileInvalid naming file and line, and reads one in UTF-16 with a byte order mark' {
        $folder = New-TestFolder
        $text = "version: 1`n# café`nintegrations:`n  - name: orders`n    type: collection-backup`n    source: { workspace: Payments, collection: Orders API }`n    repository: contoso/api-backups`n"
        $latin = Join-Path $folder 'latin1.yml'
        [IO.File]::WriteAllBytes($latin, [Text.Encoding]::Latin1.GetBytes($text))
        $utf16 = Join-Path $folder 'utf16.yml'
        [IO.File]::WriteAllText($utf16, $text, [Text.UnicodeEncoding]::new($false, $true))   # what Windows PowerShell 5.1's Out-File writes

        $output = @(Get-BackupIntegration -Path $latin -ErrorVariable errors -ErrorAction SilentlyContinue)
        $output.Count | Should -Be 0 -Because 'nothing is read from a file with errors'
        @($errors).Count | Should -Be 1
        $record = $errors[0]
        $record.FullyQualifiedErrorId | Should -Be "DefinitionFileInvalid,$GetId"
        $record.Exception.Message | Should -BeLike "*latin1.yml:2:*InvalidEncoding*"
        $record.Exception.Message | Should -Not -Match "`u{FFFD}"
        (Get-BackupIntegration -Path $utf16).Name | Should -Be 'orders'
    }
}
