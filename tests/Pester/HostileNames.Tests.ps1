#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }

<#
    Names and paths from data, end to end: the BUILT module against the standalone emulator, with
    hostile collection names (300 characters, Windows device names, café in NFC and NFD, / \ : * and
    line breaks, ANSI escapes, emoji). Asserts the committed paths, that the real git CLI clones the
    result on this file system, that commit messages and console streams carry no control characters,
    and that .github needs allowGitHubFolder: true.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module $env:PSGITHUBSYNC_MODULE -Force
    Clear-TestProxyEnvironment
    $env:PSGS_HN_GITHUB_TOKEN = Get-TestToken ClassicFull
    $env:PSGS_HN_POSTMAN_KEY = Get-TestToken PostmanKey
    $script:Esc = [char] 0x1B

    function New-DefinitionFile { New-TestDefinitionFile -EnvironmentPrefix PSGS_HN @args }

    function Add-HostileCollection {
        param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Name, [string] $Workspace = 'Hostile', [string] $Secret)
        $request = [ordered]@{ method = 'GET'; url = 'https://api.example.com/x' }
        if ($Secret) { $request.auth = [ordered]@{ type = 'bearer'; bearer = @([ordered]@{ key = 'token'; value = $Secret; type = 'string' }) } }
        $collection = [ordered]@{
            info = [ordered]@{ name = $Name; schema = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }
            item = @([ordered]@{ name = "get $Name"; request = $request })
        }
        Invoke-EmulatorControl $Emulator "postman/workspaces/$Workspace/collections" -Method Post -Body ($collection | ConvertTo-Json -Depth 20) | Out-Null
    }

    function Get-BranchFile {
        param([Parameter(Mandatory)] $Emulator, [string] $Branch = 'main')
        $files = Invoke-EmulatorControl $Emulator "repos/contoso/api-backups/branches/$Branch/files"
        @($files.PSObject.Properties.Name)
    }

    function Test-ControlFree {
        <# True when the text has no control character other than line feed and tab, and no bidirectional override. #>
        param([AllowEmptyString()] [string] $Text)
        -not ($Text -match '[\x00-\x08\x0B-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]')
    }
}

AfterAll {
    Remove-Item env:PSGS_HN_GITHUB_TOKEN, env:PSGS_HN_POSTMAN_KEY -ErrorAction SilentlyContinue
}

Describe 'Hostile names' {
    Context 'a workspace of collections with hostile names' {
        BeforeAll {
            $config = New-TestEmulatorConfig
            $config.postman.workspaces += @{ name = 'Hostile'; collections = @() }
            $script:E = Start-TestEmulator -Config $config
            $script:Long = 'L' * 300
            $script:Names = @(
                $Long, 'CON', 'NUL', 'COM1', ('caf' + [char] 0xE9), ('cafe' + [char] 0x301), 'a/b\c:d*e', "two`nlines",
                "red$Esc[31mtext$Esc[0m", ('rocket ' + [char]::ConvertFromUtf32(0x1F680)), ('rtl' + [char] 0x202E + 'txt.exe')
            )
            foreach ($name in $Names) { Add-HostileCollection $E $name }
            $script:Defs = New-DefinitionFile $E @'
  - name: hostile
    type: collection-backup
    source: { workspace: Hostile, collection: '*' }
    repository: contoso/api-backups
    directory: hostile
'@
            $script:Output = @(Invoke-CollectionBackup -Path $Defs -Verbose -ErrorVariable runErrors 4>&1 3>&1)
            $script:RunErrors = @($runErrors)
            $script:Paths = @(Get-BranchFile $E | Where-Object { $_ -like 'hostile/*' })
        }
        AfterAll { Stop-TestEmulator $script:E }

        It 'backs up every collection, each to its own file' {
            $RunErrors | Should -BeNullOrEmpty
            $result = @($Output | Where-Object { $_ -is [PSGitHubSync.BackupResult] })
            $result.Count | Should -Be 1
            $result[0].Status | Should -Be 'Created'
            $Paths.Count | Should -Be $Names.Count
        }

        It 'commits the paths the file-name rule gives' {
            $Paths | Should -Contain 'hostile/CON_.postman_collection.json'
            $Paths | Should -Contain 'hostile/NUL_.postman_collection.json'
            $Paths | Should -Contain 'hostile/COM1_.postman_collection.json'
            $Paths | Should -Contain 'hostile/a-b-c-d-e.postman_collection.json'
            $Paths | Should -Contain 'hostile/two-lines.postman_collection.json'
            $Paths | Should -Contain 'hostile/red-[31mtext-[0m.postman_collection.json'
            $Paths | Should -Contain ('hostile/rocket ' + [char]::ConvertFromUtf32(0x1F680) + '.postman_collection.json')
            $Paths | Should -Contain 'hostile/rtl-txt.exe.postman_collection.json'
            $long = @($Paths | Where-Object { $_ -like 'hostile/LLLL*' })
            $long.Count | Should -Be 1
            $long[0] | Should -Match '^hostile/L+~[0-9a-f]{8}\.postman_collection\.json$'
            [Text.Encoding]::UTF8.GetByteCount($long[0].Substring('hostile/'.Length)) | Should -Be 255
        }

        It 'gives café in NFC and NFD one NFC name each, told apart by the Postman id' {
            $cafes = @($Paths | Where-Object { $_.Normalize([Text.NormalizationForm]::FormC) -like ('hostile/caf' + [char] 0xE9 + ' (*).postman_collection.json') })
            $cafes.Count | Should -Be 2
            foreach ($path in $cafes) { $path | Should -BeExactly $path.Normalize([Text.NormalizationForm]::FormC) }
            $Paths | Should -Not -Contain ('hostile/caf' + [char] 0xE9 + '.postman_collection.json')
        }

        It 'writes names every OS can hold: at most 255 bytes, NFC, no device name, no refused character, no two alike on Windows or macOS' {
            $seen = @{}
            foreach ($path in $Paths) {
                $fileName = $path.Substring('hostile/'.Length)
                [Text.Encoding]::UTF8.GetByteCount($fileName) | Should -BeLessOrEqual 255
                $fileName | Should -BeExactly $fileName.Normalize([Text.NormalizationForm]::FormC)
                $fileName | Should -Not -Match '[<>:"\\|?*\x00-\x1F\x7F-\x9F]'
                $fileName | Should -Not -Match '(?i)^(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\.|$)'
                $fileName | Should -Not -Match '[. ]$'
                $key = $fileName.Normalize([Text.NormalizationForm]::FormC).ToUpperInvariant()
                $seen.ContainsKey($key) | Should -BeFalse -Because "$fileName and $($seen[$key]) are one file on Windows and macOS"
                $seen[$key] = $fileName
            }
        }

        It 'leaves a repository the real git CLI checks and clones' {
            $bare = Export-EmulatorRepository $E -Owner contoso -Repository api-backups
            $clone = Join-Path $TestDrive 'clone'
            try {
                & git "--git-dir=$bare" fsck --strict 2>&1 | Out-Null
                $LASTEXITCODE | Should -Be 0
                & git clone --quiet $bare $clone 2>&1 | Out-Null
                $LASTEXITCODE | Should -Be 0 -Because 'a file name over 255 bytes cannot be checked out on ext4'
                @(Get-ChildItem -LiteralPath (Join-Path $clone 'hostile') -File).Count | Should -Be $Names.Count
            }
            finally {
                Remove-Item -LiteralPath $bare, $clone -Recurse -Force -ErrorAction SilentlyContinue
            }
        }

        It 'keeps control characters out of the commit message, escaped visibly' {
            $message = (Get-BranchLog $E)[0].message
            Test-ControlFree $message | Should -BeTrue
            $message | Should -BeLike '*red\x1b`[31mtext\x1b`[0m*'
            $message | Should -BeLike '*rtl\u202etxt.exe*'
            $message | Should -BeLike '*two\x0alines*'
            $message | Should -Not -Match '(?m)^lines'
        }

        It 'keeps ANSI escapes out of verbose and warning text' {
            $verbose = @($Output | Where-Object { $_ -is [Management.Automation.VerboseRecord] } | ForEach-Object Message) -join "`n"
            $verbose | Should -BeLike '*red\x1b`[31mtext*' -Because 'the download of each collection is narrated with its name'
            Test-ControlFree $verbose | Should -BeTrue
        }

        It 'finds the same paths on the next run: nothing changes, nothing is committed' {
            $head = (Get-BranchLog $E)[0].sha
            $again = @(Invoke-CollectionBackup -Path $Defs)
            $again[0].Status | Should -Be 'Unchanged'
            (Get-BranchLog $E)[0].sha | Should -Be $head
        }
    }

    Context 'warnings and errors that name a hostile collection' {
        BeforeAll {
            $config = New-TestEmulatorConfig
            $config.postman.workspaces += @{ name = 'Hostile'; collections = @() }
            $script:E = Start-TestEmulator -Config $config
            Add-HostileCollection $E "leaky$Esc[2J$Esc]0;owned$([char] 7)" -Secret 'sk9f8e7d6c5b4a3LiteralBearerValue7'
        }
        AfterAll { Stop-TestEmulator $script:E }

        It 'shows the name escaped in the secret warning and in the SecretsInCollection error' {
            $defs = New-DefinitionFile $E @'
  - name: leaky
    type: collection-backup
    source: { workspace: Hostile, collection: '*' }
    repository: contoso/api-backups
    secretPolicy: block
'@
            $output = @(Invoke-CollectionBackup -Path $defs -ErrorVariable failures -ErrorAction SilentlyContinue 3>&1)
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'SecretsInCollection*'
            $failures[0].Exception.Message | Should -BeLike '*leaky\x1b`[2J\x1b]0;owned\x07*'
            Test-ControlFree $failures[0].Exception.Message | Should -BeTrue

            [IO.File]::WriteAllText($defs, ([IO.File]::ReadAllText($defs) -replace 'secretPolicy: block', 'secretPolicy: redact'))
            $output = @(Invoke-CollectionBackup -Path $defs 3>&1)
            $warnings = @($output | Where-Object { $_ -is [Management.Automation.WarningRecord] } | ForEach-Object Message) -join "`n"
            $warnings | Should -BeLike '*leaky\x1b`[2J*'
            Test-ControlFree $warnings | Should -BeTrue
        }
    }

    Context 'default views' {
        It 'show names, authors, messages and files from data with control characters escaped' {
            $history = [pscustomobject]@{ PSTypeName = 'PSGitHubSync.CollectionBackupVersion'; Integration = 'i'; Collection = "x$Esc[2J"; Message = "m$Esc]0;t"; Author = "a$([char] 0)b"; CommitSha = '0123456789'; Date = [DateTimeOffset]::UtcNow }
            $restore = [pscustomobject]@{ PSTypeName = 'PSGitHubSync.RestoreResult'; Collection = "evil$Esc[31m" + [char] 0x202E; Status = 'Restored'; CommitSha = '0123456789'; Target = 't' }
            $sync = [pscustomobject]@{ PSTypeName = 'PSGitHubSync.SchemaSyncResult'; Name = 'n'; Files = @("a$Esc[1m.yaml", 'b.yaml') }
            $check = [pscustomobject]@{ PSTypeName = 'PSGitHubSync.IntegrationCheck'; Integration = 'n'; Check = 'Source'; Status = 'Failed'; Detail = "not found: $Esc[5m"; Fix = 'f' }
            # PowerShell passes control characters in data through in every rendering mode; PlainText only keeps its own header colours out.
            $rendering = $PSStyle.OutputRendering
            $PSStyle.OutputRendering = 'PlainText'
            try { $text = ($history, $restore, $sync, $check | ForEach-Object { ($_ | Format-Table | Out-String -Width 200) + ($_ | Format-Table -View Wide | Out-String -Width 200) }) -join "`n" }
            finally { $PSStyle.OutputRendering = $rendering }
            Test-ControlFree $text | Should -BeTrue
            $text | Should -BeLike '*x\x1b`[2J*'
            $text | Should -BeLike '*a\x00b*'
            $text | Should -BeLike '*evil\x1b`[31m\u202e*'
            $text | Should -BeLike '*a\x1b`[1m.yaml, b.yaml*'
            $text | Should -BeLike '*not found: \x1b`[5m*'
        }
    }

    Context '.github and .git' {
        BeforeAll {
            $config = New-TestEmulatorConfig
            $config.postman.workspaces += @{ name = 'Hostile'; collections = @() }
            $script:E = Start-TestEmulator -Config $config
            Add-HostileCollection $E 'workflow'
        }
        AfterAll { Stop-TestEmulator $script:E }

        It 'refuses a backup into .github without allowGitHubFolder, naming the key, its position and the fix' -TestCases @(
            @{ Directory = '.github/workflows' }
            @{ Directory = '.GITHUB/workflows' }
            @{ Directory = '.github./workflows' }
        ) {
            param($Directory)
            $head = (Get-BranchLog $E)[0].sha
            $defs = New-DefinitionFile $E @"
  - name: planted
    type: collection-backup
    source: { workspace: Hostile, collection: workflow }
    repository: contoso/api-backups
    directory: "$Directory"
    fileName: x.yml
"@
            { Invoke-CollectionBackup -Path $defs -ErrorAction Stop } | Should -Throw -ErrorId 'DefinitionFileInvalid*'
            $problem = $Error[0].Exception.Problems | Where-Object ProblemId -EQ 'GitHubFolderNotAllowed'
            $problem | Should -Not -BeNullOrEmpty
            $problem.Line | Should -Be 14
            $problem.Column | Should -Be 16
            $problem.Message | Should -BeLike "*'directory'*allowGitHubFolder: true*"
            (Get-BranchLog $E)[0].sha | Should -Be $head
        }

        It 'writes there with allowGitHubFolder: true' {
            $defs = New-DefinitionFile $E @'
  - name: allowed
    type: collection-backup
    source: { workspace: Hostile, collection: workflow }
    repository: contoso/api-backups
    directory: .github/postman
    allowGitHubFolder: true
'@
            (Get-BackupIntegration -Path $defs).AllowGitHubFolder | Should -BeTrue
            $result = Invoke-CollectionBackup -Path $defs
            $result.Status | Should -Be 'Created'
            Get-BranchFile $E | Should -Contain '.github/postman/workflow.postman_collection.json'
        }

        It 'never writes under .git, whatever the spelling' -TestCases @(
            @{ Directory = '.git/hooks' }
            @{ Directory = '.GIT' }
            @{ Directory = '.git ' }
            @{ Directory = 'git~1' }
            @{ Directory = '.git::$INDEX_ALLOCATION' }
        ) {
            param($Directory)
            $defs = New-DefinitionFile $E @"
  - name: planted
    type: collection-backup
    source: { workspace: Hostile, collection: workflow }
    repository: contoso/api-backups
    directory: "$Directory"
    allowGitHubFolder: true
"@
            { Invoke-CollectionBackup -Path $defs -ErrorAction Stop } | Should -Throw -ErrorId 'DefinitionFileInvalid*'
            @($Error[0].Exception.Problems.ProblemId) | Should -Contain 'PathEscapesRepository'
        }

        It 'New-BackupIntegration -AllowGitHubFolder writes the key; without it the folder is refused' {
            $defs = Join-Path $TestDrive 'new.yml'
            New-BackupIntegration -Path $defs -Name wf -Repository contoso/api-backups -Workspace Hostile -Collection workflow -Directory .github/postman -AllowGitHubFolder
            (Get-Content $defs -Raw) | Should -Match '(?m)^    allowGitHubFolder: true$'
            New-BackupIntegration -Path $defs -Name wf2 -Repository contoso/api-backups -Workspace Hostile -Collection workflow -Directory .github/other -ErrorVariable refused -ErrorAction SilentlyContinue
            $refused[0].FullyQualifiedErrorId | Should -BeLike 'IntegrationInvalid*'
            $refused[0].Exception.Message | Should -BeLike '*GitHubFolderNotAllowed*'
            (Get-Content $defs -Raw) | Should -Not -Match 'wf2'
        }
    }
}
