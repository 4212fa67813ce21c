#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }

<#
    Invoke-CollectionBackup end to end: the BUILT module ($env:PSGITHUBSYNC_MODULE) against the
    standalone GitHub + Postman emulator (Start-TestEmulator), with definitions files in $TestDrive.
    What reached GitHub is checked through the emulator's control endpoints (statistics, log, files)
    and with the real git CLI on exported repositories. Each Context has its own emulator, so the
    contexts do not depend on one another; the tests inside a context run in order.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module $env:PSGITHUBSYNC_MODULE -Force
    Clear-TestProxyEnvironment

    $script:CommandId = 'PSGitHubSync.Commands.InvokeCollectionBackupCommand'
    $script:Placeholder = '<redacted by PSGitHubSync: secret value of '''
    # A literal bearer token in a collection: not one of the test tokens, so a leak check cannot confuse the two.
    $script:SecretValue = 'sk9f8e7d6c5b4a3LiteralBearerValue7'
    $script:WrongPostmanKey = 'PMAK-' + '0000aaaa1111bbbb2222cccc' + '-' + '3333dddd4444eeee5555ffff6666aaaa77'

    # The definitions files reference these (names of our own, so other tests' GITHUB_TOKEN is left alone).
    $env:PSGS_ICB_GITHUB_TOKEN = Get-TestToken ClassicFull
    $env:PSGS_ICB_POSTMAN_KEY = Get-TestToken PostmanKey

    function New-DefinitionFile { New-TestDefinitionFile -EnvironmentPrefix PSGS_ICB @args }

    function Write-TestCollection {
        <# Writes a small valid v2.1 collection file; -BearerToken puts a literal token into the first request's auth. #>
        param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [string] $Name, [string[]] $Requests = @('Get thing'), [string] $BearerToken)
        $items = for ($i = 0; $i -lt $Requests.Count; $i++) {
            $request = [ordered]@{ method = 'GET'; url = "https://api.example.com/things/$i" }
            if ($BearerToken -and $i -eq 0) { $request.auth = [ordered]@{ type = 'bearer'; bearer = @([ordered]@{ key = 'token'; value = $BearerToken; type = 'string' }) } }
            [ordered]@{ name = $Requests[$i]; id = ('0b6f7c1e-1111-4222-8333-{0:d12}' -f ($i + 1)); request = $request }
        }
        $collection = [ordered]@{
            info = [ordered]@{ _postman_id = '0b6f7c1e-1111-4222-8333-944455556666'; name = $Name; schema = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }
            item = @($items)
        }
        [IO.File]::WriteAllText($Path, ($collection | ConvertTo-Json -Depth 20), [Text.UTF8Encoding]::new($false))
    }

    function Get-BranchFile {
        <# Every file on the branch as path -> UTF-8 text. #>
        param([Parameter(Mandatory)] $Emulator, [string] $Repository = 'contoso/api-backups', [string] $Branch = 'main')
        $files = Invoke-EmulatorControl $Emulator "repos/$Repository/branches/$Branch/files"
        $result = @{}
        foreach ($property in $files.PSObject.Properties) { $result[$property.Name] = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($property.Value)) }
        $result
    }

    function Reset-EmulatorCounter {
        param([Parameter(Mandatory)] $Emulator)
        Invoke-EmulatorControl $Emulator 'statistics' -Method Delete | Out-Null
        Invoke-EmulatorControl $Emulator 'postman/requests' -Method Delete | Out-Null
    }

    function Get-EmulatorStatistic {
        param([Parameter(Mandatory)] $Emulator)
        Invoke-EmulatorControl $Emulator 'statistics'
    }

    function Get-PostmanRoute {
        <# The Postman request counters since the last reset, as a hashtable route -> count. #>
        param([Parameter(Mandatory)] $Emulator)
        $routes = @{}
        $answer = Invoke-EmulatorControl $Emulator 'postman/requests'
        if ($answer.routes) { foreach ($property in $answer.routes.PSObject.Properties) { $routes[$property.Name] = $property.Value } }
        $routes
    }

    function Edit-PostmanCollection {
        <# A user's edit "in Postman": reads the collection through the control endpoint, changes it, puts it back (updatedAt moves on). #>
        param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [scriptblock] $Change, [string] $Workspace = 'Payments')
        $listed = Invoke-EmulatorControl $Emulator "postman/workspaces/$Workspace/collections"
        $summary = @($listed) | Where-Object name -EQ $Name | Select-Object -First 1
        if (-not $summary) { throw "No collection '$Name' in the emulator's workspace '$Workspace'." }
        $collection = Invoke-EmulatorControl $Emulator "postman/collections/$($summary.id)"
        if ($collection.PSObject.Properties['collection']) { $collection = $collection.collection }
        & $Change $collection
        Invoke-EmulatorControl $Emulator "postman/collections/$($summary.id)" -Method Put -Body ($collection | ConvertTo-Json -Depth 50) | Out-Null
    }

    function Add-PostmanRequest {
        param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Collection, [Parameter(Mandatory)] [string] $Request, [string] $Method = 'POST')
        Edit-PostmanCollection $Emulator $Collection {
            param($c)
            $c.item = @($c.item) + [pscustomobject]@{ name = $Request; request = [pscustomobject]@{ method = $Method; url = '{{baseUrl}}/orders/:id/' + ($Request -replace '\W', '').ToLowerInvariant() } }
        }.GetNewClosure()
    }

    function Split-Output {
        <# Separates what `... 4>&1 3>&1` produced into results, verbose and warning text. #>
        param([object[]] $Output)
        [pscustomobject]@{
            Results  = @($Output | Where-Object { $_ -is [PSGitHubSync.BackupResult] })
            Verbose  = (@($Output | Where-Object { $_ -is [Management.Automation.VerboseRecord] } | ForEach-Object Message) -join "`n")
            Warnings = (@($Output | Where-Object { $_ -is [Management.Automation.WarningRecord] } | ForEach-Object Message) -join "`n")
        }
    }

    function Invoke-Git {
        <# Invoke-Git <bare repository> <git arguments...>: runs the real git CLI; returns exit code and output. #>
        # A simple function (no param block), so that arguments such as --format=%s reach git as they are.
        $gitDir, $arguments = $args
        $output = & git "--git-dir=$gitDir" @arguments 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = (@($output | ForEach-Object { "$_" }) -join "`n"); Lines = @($output | ForEach-Object { "$_" }) }
    }

    function Assert-NothingCommitted {
        param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Head)
        Get-BranchHead $Emulator | Should -Be $Head -Because 'nothing may be written to GitHub'
        (Get-EmulatorStatistic $Emulator).commitsCreated | Should -Be 0
        (Get-EmulatorStatistic $Emulator).contentCreatingRequests | Should -Be 0
    }
}

AfterAll {
    Remove-Item env:PSGS_ICB_GITHUB_TOKEN, env:PSGS_ICB_POSTMAN_KEY -ErrorAction SilentlyContinue
}

Describe 'Invoke-CollectionBackup' {
    Context 'a Postman workspace, run after run' {
        BeforeAll {
            $script:E = Start-TestEmulator
            $script:Defs = New-DefinitionFile $E @'
  - name: payments-workspace
    type: collection-backup
    source: { workspace: Payments, collection: '*' }
    repository: contoso/api-backups
'@
            $script:InitialHead = Get-BranchHead $E
        }
        AfterAll { Stop-TestEmulator $script:E }

        It 'first run: Created in ONE commit that names the collections, with a changelog body, in a repository git accepts' {
            Reset-EmulatorCounter $E
            $script:First = @(Invoke-CollectionBackup -Path $Defs)
            $First.Count | Should -Be 1
            $First[0].Status | Should -Be 'Created'
            (Get-EmulatorStatistic $E).commitsCreated | Should -Be 1

            $bare = Export-EmulatorRepository $E -Owner contoso -Repository api-backups
            try {
                $subjects = (Invoke-Git $bare log --format=%s main).Lines
                $subjects.Count | Should -Be 2
                $subjects[0] | Should -Match '^Back up '
                $subjects[0] | Should -Match 'Payments API'
                $subjects[0] | Should -Match 'Orders API'
                $subjects[1] | Should -Be 'Initial commit'
                (Invoke-Git $bare rev-parse main).Output | Should -Be $First[0].CommitSha
                (Invoke-Git $bare rev-parse main~1).Output | Should -Be $InitialHead

                $show = Invoke-Git $bare show --stat=300 '--format=%an <%ae>%n%B' main
                $show.ExitCode | Should -Be 0
                $show.Output | Should -Match 'PSGitHubSync <psgithubsync@users\.noreply\.github\.com>'
                $show.Output | Should -Match 'Payments API \(Postman Collections/Payments API\.postman_collection\.json\): new'
                $show.Output | Should -Match '(?m)^  \+ POST Payments/Create payment$'
                $show.Output | Should -Match '(?m)^  \+ POST Refunds/Refund payment$'
                $show.Output | Should -Match '(?m)^  \+ DELETE Cancel order$'
                $show.Output | Should -Match 'Postman Collections/Orders API\.postman_collection\.json \s*\|'
                $show.Output | Should -Match 'Postman Collections/Payments API\.postman_collection\.json \s*\|'
                $show.Output | Should -Match '\.psgithubsync/backup-state\.json \s*\|'
                $show.Output | Should -Match '3 files changed'

                $fsck = Invoke-Git $bare fsck --strict
                $fsck.ExitCode | Should -Be 0 -Because $fsck.Output

                # The file is the normalized collection: tabs, LF, final newline, no volatile metadata.
                $file = (Invoke-Git $bare show 'main:Postman Collections/Orders API.postman_collection.json').Output
                $file | Should -Match '"name": "Orders API"'
                $file | Should -Not -Match 'updatedAt|lastUpdatedBy|"uid"'
            }
            finally {
                Remove-Item $bare -Recurse -Force -ErrorAction SilentlyContinue
            }
        }

        It 'returns a PSGitHubSync.BackupResult with status, commit, commit URL on the configured server and files' {
            $result = $First[0]
            $result.GetType().FullName | Should -Be 'PSGitHubSync.BackupResult'
            $result -is [PSGitHubSync.BackupResult] | Should -BeTrue
            $result.Name | Should -Be 'payments-workspace'
            $result.Repository | Should -Be 'contoso/api-backups'
            $result.Branch | Should -Be 'main'
            $result.CommitSha | Should -Match '^[0-9a-f]{40}$'
            $result.CommitSha | Should -Be (Get-BranchHead $E)
            $result.CommitUrl | Should -Be "$($E.Server)/contoso/api-backups/commit/$($result.CommitSha)"
            @($result.Files).Count | Should -Be 2
            @($result.Files.Path | Sort-Object) | Should -Be @('Postman Collections/Orders API.postman_collection.json', 'Postman Collections/Payments API.postman_collection.json')
            @($result.Files.Status | Select-Object -Unique) | Should -Be @('Created')
            @($result.Files | Where-Object Bytes -LE 0).Count | Should -Be 0
            $result.Bytes | Should -Be (($result.Files | Measure-Object Bytes -Sum).Sum)
            $result.Changes | Should -Contain 'Payments API: + POST Payments/Create payment'
            $result.Changes | Should -Contain 'Orders API: + GET List orders'
            $result.SecretsFound | Should -Be 0
        }

        It 'renders the default table view at 80 columns (Name, Status, Commit, Files, Secrets, Repository) and the Wide view with Branch and Path' {
            $table = $First | Format-Table | Out-String -Width 80
            $table | Should -Match '(?m)^Name\s+Status\s+Commit\s+Files\s+Secrets\s+Repository\b'
            $table | Should -Match ('payments-workspace\s+Created\s+' + $First[0].CommitSha.Substring(0, 7) + '\s+\d+\s+0\s+contoso/api-backups')
            # The default output (no explicit Format-Table) uses the same view.
            ($First | Out-String -Width 80) | Should -Match '(?m)^Name\s+Status\s+Commit\s+Files\s+Secrets\s+Repository\b'
            $wide = $First | Format-Table -View Wide | Out-String -Width 300
            $wide | Should -Match '(?m)^Name\s+Status\s+Repository\s+Branch\s+Path\b'
            $wide | Should -Match 'payments-workspace\s+Created\s+contoso/api-backups\s+main\s+Postman Collections'
        }

        It 'second run: Unchanged, at most 2 GitHub requests, no commit, no collection downloaded from Postman' {
            Reset-EmulatorCounter $E
            $head = Get-BranchHead $E
            $result = @(Invoke-CollectionBackup -Path $Defs)
            $result.Count | Should -Be 1
            $result[0].Status | Should -Be 'Unchanged'
            $result[0].CommitSha | Should -BeNullOrEmpty
            @($result[0].Files.Status | Select-Object -Unique) | Should -Be @('Unchanged')

            $statistics = Get-EmulatorStatistic $E
            $statistics.totalRequests | Should -BeLessOrEqual 2
            $statistics.commitsCreated | Should -Be 0
            $statistics.contentCreatingRequests | Should -Be 0
            $routes = Get-PostmanRoute $E
            $routes.Keys | Should -Not -Contain 'GET /collections/{collectionId}'
            $routes['GET /collections'] | Should -Be 1
            Get-BranchHead $E | Should -Be $head
        }

        It 'a collection edited in Postman: Updated, exactly one commit, only that collection downloaded, a changelog line' {
            Add-PostmanRequest $E -Collection 'Orders API' -Request 'Ship order'
            $head = Get-BranchHead $E
            Reset-EmulatorCounter $E
            $result = @(Invoke-CollectionBackup -Path $Defs)

            $result[0].Status | Should -Be 'Updated'
            ($result[0].Files | Where-Object Name -EQ 'Orders API').Status | Should -Be 'Updated'
            ($result[0].Files | Where-Object Name -EQ 'Payments API').Status | Should -Be 'Unchanged'
            $result[0].Changes | Should -Be @('Orders API: + POST Ship order')

            $statistics = Get-EmulatorStatistic $E
            $statistics.commitsCreated | Should -Be 1
            $statistics.totalRequests | Should -BeLessOrEqual 5
            (Get-PostmanRoute $E)['GET /collections/{collectionId}'] | Should -Be 1

            $log = Get-BranchLog $E
            $log[0].sha | Should -Be $result[0].CommitSha
            @($log[0].parents) | Should -Be @($head)
            $subject, $body = $log[0].message -split "`n", 2
            $subject | Should -Be 'Back up Orders API'
            $body | Should -Match '(?m)^Orders API \(Postman Collections/Orders API\.postman_collection\.json\)$'
            $body | Should -Match '(?m)^  \+ POST Ship order$'
            $body | Should -Not -Match 'Payments API'
            (Get-BranchFile $E)['Postman Collections/Orders API.postman_collection.json'] | Should -Match '"name": "Ship order"'
        }

        It '-WhatIf compares and reports WouldUpdate, and writes nothing' {
            Add-PostmanRequest $E -Collection 'Orders API' -Request 'Split order'
            $head = Get-BranchHead $E
            Reset-EmulatorCounter $E
            $result = @(Invoke-CollectionBackup -Path $Defs -WhatIf)
            $result[0].Status | Should -Be 'WouldUpdate'
            $result[0].CommitSha | Should -BeNullOrEmpty
            ($result[0].Files | Where-Object Name -EQ 'Orders API').Status | Should -Be 'WouldUpdate'
            Assert-NothingCommitted $E $head
            (Get-BranchFile $E)['Postman Collections/Orders API.postman_collection.json'] | Should -Not -Match 'Split order'
        }

        It '-Confirm:$false commits without asking, even where $ConfirmPreference would ask; without it nothing is committed' {
            # A host-less runspace cannot prompt: a ShouldProcess that asks fails there instead of hanging the test.
            $head = Get-BranchHead $E
            Reset-EmulatorCounter $E
            $shell = [powershell]::Create()
            try {
                $null = $shell.AddScript({
                        param($Module, $Path)
                        Import-Module $Module
                        $ConfirmPreference = 'Low'
                        Invoke-CollectionBackup -Path $Path
                    }).AddArgument($env:PSGITHUBSYNC_MODULE).AddArgument($Defs)
                $asked = @($shell.Invoke())
                @($shell.Streams.Error.FullyQualifiedErrorId) | Should -Contain "HostFunctionNotImplemented,$CommandId" -Because 'ShouldProcess asked for confirmation'
                @($asked | Where-Object { $_.Status -eq 'Updated' }).Count | Should -Be 0
                Assert-NothingCommitted $E $head
            }
            finally { $shell.Dispose() }

            $shell = [powershell]::Create()
            try {
                $null = $shell.AddScript({
                        param($Module, $Path)
                        Import-Module $Module
                        $ConfirmPreference = 'Low'
                        Invoke-CollectionBackup -Path $Path -Confirm:$false
                    }).AddArgument($env:PSGITHUBSYNC_MODULE).AddArgument($Defs)
                $result = @($shell.Invoke())
                $shell.Streams.Error | Should -BeNullOrEmpty
                $result.Count | Should -Be 1
                $result[0].Status | Should -Be 'Updated'
                $result[0].Changes | Should -Be @('Orders API: + POST Split order')
                (Get-EmulatorStatistic $E).commitsCreated | Should -Be 1
                Get-BranchHead $E | Should -Be $result[0].CommitSha
            }
            finally { $shell.Dispose() }
        }

        It '-Message replaces the subject and keeps the changelog body' {
            Add-PostmanRequest $E -Collection 'Payments API' -Request 'Capture payment'
            $result = @(Invoke-CollectionBackup -Path $Defs -Message 'Nightly backup of the payments collections')
            $result[0].Status | Should -Be 'Updated'
            $message = (Get-BranchLog $E)[0].message
            ($message -split "`n")[0] | Should -Be 'Nightly backup of the payments collections'
            $message | Should -Match '(?m)^  \+ POST Capture payment$'
        }

        It '-WhatIf on a collection never backed up reports WouldCreate and writes nothing' {
            $defs = New-DefinitionFile $E @'
  - name: preview
    type: collection-backup
    source: { workspace: Payments, collection: Orders API }
    repository: contoso/api-backups
    directory: Preview
'@
            $head = Get-BranchHead $E
            Reset-EmulatorCounter $E
            $result = @(Invoke-CollectionBackup -Path $defs -WhatIf)
            $result[0].Status | Should -Be 'WouldCreate'
            $result[0].Files[0].Status | Should -Be 'WouldCreate'
            $result[0].Files[0].Path | Should -Be 'Preview/Orders API.postman_collection.json'
            Assert-NothingCommitted $E $head
            (Get-BranchFile $E).Keys | Should -Not -Contain 'Preview/Orders API.postman_collection.json'
        }

        It '-WhatIf on a collection never backed up names the branch it would commit to' {
            # No 'branch:' and no backup in the repository yet: the default branch is asked for. -WhatIf only reads.
            $defs = New-DefinitionFile $E @'
  - name: preview
    type: collection-backup
    source: { workspace: Payments, collection: Orders API }
    repository: contoso/readonly
'@
            $result = Invoke-CollectionBackup -Path $defs -WhatIf
            $result.Status | Should -Be 'WouldCreate'
            $result.Branch | Should -Be 'main'
        }
    }

    Context 'a backup follows collections: bad ones fail alone, renames, deletions, whole accounts' {
        BeforeAll {
            $config = New-TestEmulatorConfig
            function New-InlineCollection([string] $Name, [hashtable] $Extra = @{}) {
                $request = [ordered]@{ name = "Get $Name"; request = [ordered]@{ method = 'GET'; url = "https://api.example.com/$($Name.ToLowerInvariant() -replace '\W', '-')"; description = "Reads $Name. " + ('Lorem ipsum dolor sit amet. ' * 20) } }
                foreach ($key in $Extra.Keys) { $request[$key] = $Extra[$key] }
                @{ collection = [ordered]@{ info = [ordered]@{ name = $Name; schema = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }; item = @($request) } }
            }
            $config.postman.workspaces = @(
                @{
                    name        = 'Five'
                    collections = @(
                        New-InlineCollection 'Alpha'
                        New-InlineCollection 'Bravo'
                        New-InlineCollection 'Charlie'
                        @{ name = 'Broken'; raw = '<html><body>502 Bad Gateway</body></html>' }
                    )
                }
                @{ name = 'Second'; collections = @(New-InlineCollection 'Zulu') }
            )
            $script:E = Start-TestEmulator -Config $config
            # A saved response's cookie without domain and path: a schema deviation Postman itself produces.
            $deviant = (New-InlineCollection 'Deviant' @{ response = @([ordered]@{ name = 'ok'; code = 200; cookie = @(@{ name = 'session'; value = '1' }) }) }).collection
            $null = Invoke-EmulatorControl $E 'postman/workspaces/Five/collections' -Method Post -Body ($deviant | ConvertTo-Json -Depth 30)
            $script:Defs = New-DefinitionFile $E @'
  - name: five
    type: collection-backup
    source: { workspace: Five, collection: '*' }
    repository: contoso/api-backups
  - name: everything
    type: collection-backup
    source: { workspace: '*', collection: '*' }
    repository: contoso/api-backups
    directory: Account
'@
            function Get-FiveCollection([string] $Name) { @(Invoke-EmulatorControl $E 'postman/workspaces/Five/collections') | ForEach-Object { $_ } | Where-Object name -EQ $Name }
        }
        AfterAll { Stop-TestEmulator $script:E }

        It 'five collections, one not JSON and one with a schema deviation: one commit with four files, one InvalidCollection error, a warning for the deviation' {
            $head = Get-BranchHead $E
            Reset-EmulatorCounter $E
            $errors = $null; $warnings = $null
            $result = Invoke-CollectionBackup -Path $Defs -Name five -ErrorVariable errors -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue
            @($errors).Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -Be "InvalidCollection,$CommandId"
            $errors[0].TargetObject.Name | Should -Be 'five'
            $errors[0].Exception.Message | Should -Match "'Broken' \(id $((Get-FiveCollection 'Broken').id)\)"
            @($warnings | Where-Object { $_ -match "'Deviant'" -and $_ -match [regex]::Escape('item[0].response[0].cookie[0]') }).Count | Should -Be 1
            $result.Status | Should -Be 'Created'
            $result.BackedUp | Should -Be 4
            $result.FailedCount | Should -Be 1
            $result.Warnings | Should -Be 1
            (Get-EmulatorStatistic $E).commitsCreated | Should -Be 1
            $log = Get-BranchLog $E
            @($log[0].parents) | Should -Be @($head)
            $changes = @(Invoke-EmulatorControl $E "repos/contoso/api-backups/commits/$($log[0].sha)/changes") | ForEach-Object { $_ }
            @($changes | Where-Object path -Like 'Postman Collections/*' | Select-Object -ExpandProperty path | Sort-Object) |
                Should -Be @('Postman Collections/Alpha.postman_collection.json', 'Postman Collections/Bravo.postman_collection.json', 'Postman Collections/Charlie.postman_collection.json', 'Postman Collections/Deviant.postman_collection.json')
        }

        It 'a collection renamed in Postman is renamed in git: git log --follow over the new name reaches the first backup' {
            $firstBackup = (Get-BranchLog $E)[0].sha
            $alpha = Get-FiveCollection 'Alpha'
            $content = Invoke-EmulatorControl $E "postman/collections/$($alpha.id)"
            $content.info.name = 'Alpha Renamed'
            $null = Invoke-EmulatorControl $E "postman/collections/$($alpha.id)" -Method Put -Body ($content | ConvertTo-Json -Depth 30)
            Reset-EmulatorCounter $E
            $result = Invoke-CollectionBackup -Path $Defs -Name five -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $renamed = $result.Files | Where-Object Status -EQ 'Renamed'
            $renamed.Path | Should -Be 'Postman Collections/Alpha Renamed.postman_collection.json'
            $renamed.PreviousPath | Should -Be 'Postman Collections/Alpha.postman_collection.json'
            (Get-EmulatorStatistic $E).commitsCreated | Should -Be 1

            $bare = Export-EmulatorRepository $E -Owner contoso -Repository api-backups
            try {
                $status = (Invoke-Git $bare show --name-status --format= -M main).Lines
                @($status | Where-Object { $_ -match '^R\d+\tPostman Collections/Alpha\.postman_collection\.json\tPostman Collections/Alpha Renamed\.postman_collection\.json$' }).Count | Should -Be 1
                $followed = (Invoke-Git $bare log --follow --format=%H main '--' 'Postman Collections/Alpha Renamed.postman_collection.json').Lines
                $followed | Should -Contain $firstBackup
                $followed.Count | Should -Be 2
            }
            finally { Remove-Item $bare -Recurse -Force -ErrorAction SilentlyContinue }

            $history = @(Get-CollectionBackupHistory -Path $Defs -Name five -Collection 'Alpha')
            $history.Count | Should -Be 2
            $history[0].Names | Should -Be @('Alpha Renamed', 'Alpha')
            $history[1].NameAtCommit | Should -Be 'Alpha'
            $history[1].CommitSha | Should -Be $firstBackup
        }

        It 'a collection deleted in Postman is reported Orphaned and kept; -Prune removes it in one commit' {
            $bravo = Get-FiveCollection 'Bravo'
            $null = Invoke-EmulatorControl $E "postman/collections/$($bravo.id)" -Method Delete
            $head = Get-BranchHead $E
            $warnings = $null
            $kept = Invoke-CollectionBackup -Path $Defs -Name five -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue
            ($kept.Files | Where-Object Name -EQ 'Bravo').Status | Should -Be 'Orphaned'
            $kept.Orphaned | Should -Be 1
            Get-BranchHead $E | Should -Be $head
            (Get-BranchFile $E).Keys | Should -Contain 'Postman Collections/Bravo.postman_collection.json'
            @($warnings | Where-Object { $_ -match 'Bravo' -and $_ -match '-Prune' }).Count | Should -Be 1

            Reset-EmulatorCounter $E
            $pruned = Invoke-CollectionBackup -Path $Defs -Name five -Prune -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            ($pruned.Files | Where-Object Name -EQ 'Bravo').Status | Should -Be 'Removed'
            (Get-EmulatorStatistic $E).commitsCreated | Should -Be 1
            @((Get-BranchLog $E)[0].parents) | Should -Be @($head)
            (Get-BranchFile $E).Keys | Should -Not -Contain 'Postman Collections/Bravo.postman_collection.json'
        }

        It "workspace '*' backs up two workspaces into two folders in one commit, and a name with a line break is backed up" {
            $null = Invoke-EmulatorControl $E 'postman/workspaces/Second/collections' -Method Post -Body ((New-InlineCollection "Two`nLines").collection | ConvertTo-Json -Depth 30)
            $head = Get-BranchHead $E
            Reset-EmulatorCounter $E
            $errors = $null
            $result = Invoke-CollectionBackup -Path $Defs -Name everything -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            @($errors | Where-Object FullyQualifiedErrorId -Like 'InvalidCollection*').Count | Should -Be 1   # Five's broken one, on its own
            (Get-EmulatorStatistic $E).commitsCreated | Should -Be 1
            @((Get-BranchLog $E)[0].parents) | Should -Be @($head)
            $files = (Get-BranchFile $E).Keys
            $files | Should -Contain 'Account/Five/Charlie.postman_collection.json'
            $files | Should -Contain 'Account/Second/Zulu.postman_collection.json'
            $files | Should -Contain 'Account/Second/Two-Lines.postman_collection.json'
            ($result.Files | Where-Object Name -EQ "Two`nLines").Status | Should -Be 'Created'
        }
    }

    Context 'secret policies' {
        BeforeAll {
            $script:E = Start-TestEmulator
            $folder = New-TestFolder
            Write-TestCollection -Path (Join-Path $folder 'secret.json') -Name 'Secret API' -Requests 'Get thing', 'List things' -BearerToken $SecretValue
            $script:Defs = New-DefinitionFile $E -Folder $folder @'
  - name: secret-block
    type: collection-backup
    source: { file: ./secret.json }
    repository: contoso/api-backups
    directory: blocked
  - name: secret-redact
    type: collection-backup
    source: { file: ./secret.json }
    repository: contoso/api-backups
    directory: redacted
  - name: secret-warn
    type: collection-backup
    source: { file: ./secret.json }
    repository: contoso/api-backups
    directory: warned
    secretPolicy: keep
  - name: secret-default
    type: collection-backup
    source: { file: ./secret.json }
    repository: contoso/api-backups
    directory: default-policy
  - name: secret-file-policy
    type: collection-backup
    source: { file: ./secret.json }
    repository: contoso/api-backups
    directory: file-policy
    secretPolicy: block
'@
            $script:SecretPath = '$.item[0].request.auth.bearer[0].value'
        }
        AfterAll { Stop-TestEmulator $script:E }

        It '-SecretPolicy Block: SecretsInCollection on the integration, nothing committed, $? is $false' {
            $head = Get-BranchHead $E
            Reset-EmulatorCounter $E
            $errors = $null
            $result = Invoke-CollectionBackup -Path $Defs -Name secret-block -SecretPolicy Block -ErrorVariable errors -ErrorAction SilentlyContinue
            $succeeded = $?
            $succeeded | Should -BeFalse
            @($errors).Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -Be "SecretsInCollection,$CommandId"
            $errors[0].CategoryInfo.Category | Should -Be 'SecurityError'
            $errors[0].TargetObject.GetType().FullName | Should -Be 'PSGitHubSync.Integration'
            $errors[0].TargetObject.Name | Should -Be 'secret-block'
            $errors[0].Exception.Message | Should -Match ([regex]::Escape($SecretPath))
            $errors[0].Exception.Message | Should -Match 'Redact'
            $errors[0].Exception.Message.Contains($SecretValue) | Should -BeFalse
            $result.Status | Should -Be 'Failed'
            Assert-NothingCommitted $E $head
        }

        It '-SecretPolicy Redact: the committed file has the placeholder instead of the value' {
            $warnings = $null
            $result = Invoke-CollectionBackup -Path $Defs -Name secret-redact -SecretPolicy Redact -WarningVariable warnings -WarningAction SilentlyContinue
            $result.Status | Should -Be 'Created'
            $result.SecretsFound | Should -Be 1
            ($warnings -join "`n") | Should -Match ([regex]::Escape($SecretPath))
            $file = (Get-BranchFile $E)['redacted/Secret API.postman_collection.json']
            $file | Should -Not -BeNullOrEmpty
            $file.Contains($Placeholder) | Should -BeTrue
            $file.Contains($SecretValue) | Should -BeFalse
            $file | Should -Match '"name": "List things"'
        }

        It 'no secretPolicy at all: Redact is the default, the value never reaches the repository' {
            $warnings = $null
            $result = Invoke-CollectionBackup -Path $Defs -Name secret-default -WarningVariable warnings -WarningAction SilentlyContinue
            $result.Status | Should -Be 'Created'
            $result.SecretsFound | Should -Be 1
            ($warnings -join "`n") | Should -Match "'secret-default'.*$([regex]::Escape($SecretPath))"
            $file = (Get-BranchFile $E)['default-policy/Secret API.postman_collection.json']
            $file.Contains($Placeholder) | Should -BeTrue
            $file.Contains($SecretValue) | Should -BeFalse
        }

        It 'Keep (secretPolicy: keep, and -SecretPolicy Warn, its alias): a warning names the integration and the JSON path, never the value' {
            $warnings = $null
            $result = Invoke-CollectionBackup -Path $Defs -Name secret-warn -WarningVariable warnings -WarningAction SilentlyContinue
            $result.Status | Should -Be 'Created'
            $result.SecretsFound | Should -Be 1
            @($warnings).Count | Should -Be 1
            $warnings[0].Message | Should -Match "'secret-warn'"
            $warnings[0].Message | Should -Match ([regex]::Escape($SecretPath))
            $warnings[0].Message.Contains($SecretValue) | Should -BeFalse
            # Keep commits the collection as it is.
            (Get-BranchFile $E)['warned/Secret API.postman_collection.json'].Contains($SecretValue) | Should -BeTrue

            $warnings = $null
            $result = Invoke-CollectionBackup -Path $Defs -Name secret-file-policy -SecretPolicy Warn -WhatIf -WarningVariable warnings -WarningAction SilentlyContinue
            $result.Status | Should -Be 'WouldCreate'
            ($warnings -join "`n") | Should -Match "'secret-file-policy'.*$([regex]::Escape($SecretPath))"
        }

        It 'the integration''s own secretPolicy applies without -SecretPolicy, and -SecretPolicy wins over it' {
            $errors = $null
            $result = Invoke-CollectionBackup -Path $Defs -Name secret-file-policy -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors[0].FullyQualifiedErrorId | Should -Be "SecretsInCollection,$CommandId"
            $result.Status | Should -Be 'Failed'

            $result = Invoke-CollectionBackup -Path $Defs -Name secret-file-policy -SecretPolicy Redact -WarningAction SilentlyContinue
            $result.Status | Should -Be 'Created'
            (Get-BranchFile $E)['file-policy/Secret API.postman_collection.json'].Contains($Placeholder) | Should -BeTrue
        }
    }

    Context 'invalid input and failures' {
        BeforeAll {
            $script:E = Start-TestEmulator
            $folder = New-TestFolder
            # Not a collection: 'item' must be the array of requests and folders (a mere schema deviation would be backed up).
            [IO.File]::WriteAllText((Join-Path $folder 'invalid.json'), '{"info":{"name":"Broken","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"item":{"name":"x","request":{"method":"GET","url":"https://x"}}}')
            Write-TestCollection -Path (Join-Path $folder 'good.json') -Name 'Good API' -Requests 'Get good'
            $script:Defs = New-DefinitionFile $E -Folder $folder @'
  - name: broken
    type: collection-backup
    source: { file: ./invalid.json }
    repository: contoso/api-backups
    directory: broken
  - name: good
    type: collection-backup
    source: { file: ./good.json }
    repository: contoso/api-backups
    directory: good
  - name: missing-branch
    type: collection-backup
    source: { file: ./good.json }
    repository: contoso/api-backups
    directory: good
    branch: does-not-exist
  - name: read-only
    type: collection-backup
    source: { file: ./good.json }
    repository: contoso/api-backups
    directory: read-only
  - name: nowhere
    type: collection-backup
    source: { workspace: No Such Workspace, collection: '*' }
    repository: contoso/api-backups
    directory: nowhere
  - name: orders
    type: collection-backup
    source: { workspace: Payments, collection: Orders API }
    repository: contoso/api-backups
    directory: orders
  - name: unset-token
    type: collection-backup
    source: { file: ./good.json }
    repository: contoso/api-backups
    directory: credential
    github: { token: env:PSGS_ICB_NOT_SET }
'@
        }
        AfterAll { Stop-TestEmulator $script:E }

        It 'an invalid collection file: InvalidCollection with the JSON path, nothing of it committed, the other integration commits (one commit)' {
            $head = Get-BranchHead $E
            Reset-EmulatorCounter $E
            $errors = $null
            $results = @(Invoke-CollectionBackup -Path $Defs -Name broken, good -ErrorVariable errors -ErrorAction SilentlyContinue)
            $succeeded = $?
            $succeeded | Should -BeFalse
            @($errors).Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -Be "InvalidCollection,$CommandId"
            $errors[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $errors[0].TargetObject.Name | Should -Be 'broken'
            $errors[0].Exception.Message | Should -Match ([regex]::Escape("at `$: 'item' is an object"))

            ($results | Where-Object Name -EQ 'broken').Status | Should -Be 'Failed'
            $good = $results | Where-Object Name -EQ 'good'
            $good.Status | Should -Be 'Created'
            (Get-EmulatorStatistic $E).commitsCreated | Should -Be 1
            $log = Get-BranchLog $E
            $log[0].sha | Should -Be $good.CommitSha
            @($log[0].parents) | Should -Be @($head)
            $files = Get-BranchFile $E
            $files.Keys | Should -Contain 'good/Good API.postman_collection.json'
            @($files.Keys | Where-Object { $_ -like 'broken/*' }) | Should -BeNullOrEmpty
            $files['.psgithubsync/backup-state.json'] | Should -Not -Match '"integration": "broken"'
            $log[0].message | Should -Not -Match 'Broken'
        }

        It 'a missing branch: BranchNotFound with the git command that creates it; nothing committed' {
            $head = Get-BranchHead $E
            Reset-EmulatorCounter $E
            $errors = $null
            $result = Invoke-CollectionBackup -Path $Defs -Name missing-branch -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors[0].FullyQualifiedErrorId | Should -Be "BranchNotFound,$CommandId"
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errors[0].TargetObject.Name | Should -Be 'missing-branch'
            $errors[0].Exception.Message | Should -Match ([regex]::Escape('git push origin HEAD:refs/heads/does-not-exist'))
            $result.Status | Should -Be 'Failed'
            Assert-NothingCommitted $E $head
            @((Invoke-EmulatorControl $E 'statistics').requestsByEndpoint.PSObject.Properties.Name | Where-Object { $_ -like 'POST *' -or $_ -like 'PATCH *' }) | Should -BeNullOrEmpty
        }

        It 'a read-only token (-Token): PushDenied, nothing committed' {
            $head = Get-BranchHead $E
            Reset-EmulatorCounter $E
            $errors = $null
            $result = Invoke-CollectionBackup -Path $Defs -Name read-only -Token (ConvertTo-TestSecureString (Get-TestToken FineGrainedRead)) -ErrorVariable errors -ErrorAction SilentlyContinue
            $succeeded = $?
            $succeeded | Should -BeFalse
            $errors[0].FullyQualifiedErrorId | Should -Be "PushDenied,$CommandId"
            $errors[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
            $errors[0].TargetObject.Name | Should -Be 'read-only'
            $errors[0].Exception.Message | Should -Match 'Contents: Read and write'
            $result.Status | Should -Be 'Failed'
            Get-BranchHead $E | Should -Be $head
            (Get-EmulatorStatistic $E).commitsCreated | Should -Be 0
        }

        It 'an unknown workspace: WorkspaceNotFound, naming the workspaces the key sees' {
            $errors = $null
            $result = Invoke-CollectionBackup -Path $Defs -Name nowhere -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors[0].FullyQualifiedErrorId | Should -Be "WorkspaceNotFound,$CommandId"
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errors[0].TargetObject.Name | Should -Be 'nowhere'
            $errors[0].Exception.Message | Should -Match "'No Such Workspace'"
            $errors[0].Exception.Message | Should -Match 'Payments'
            $result.Status | Should -Be 'Failed'
        }

        It 'a wrong Postman API key (-PostmanApiKey): ApiKeyInvalid, without the key in the message' {
            $head = Get-BranchHead $E
            Reset-EmulatorCounter $E
            $errors = $null
            $result = Invoke-CollectionBackup -Path $Defs -Name orders -PostmanApiKey (ConvertTo-TestSecureString $WrongPostmanKey) -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors[0].FullyQualifiedErrorId | Should -Be "ApiKeyInvalid,$CommandId"
            $errors[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
            $errors[0].TargetObject.Name | Should -Be 'orders'
            $errors[0].Exception.Message | Should -Match 'API keys'
            $errors[0].Exception.Message.Contains($WrongPostmanKey) | Should -BeFalse
            $result.Status | Should -Be 'Failed'
            Assert-NothingCommitted $E $head
        }

        It 'each integration fails or succeeds on its own within one run' {
            Reset-EmulatorCounter $E
            $errors = $null
            $results = @(Invoke-CollectionBackup -Path $Defs -Name nowhere, orders, missing-branch -ErrorVariable errors -ErrorAction SilentlyContinue)
            # One result per integration, in the definitions file's order.
            $results.Name | Should -Be @('missing-branch', 'nowhere', 'orders')
            $results.Status | Should -Be @('Failed', 'Failed', 'Created')
            @($errors.FullyQualifiedErrorId | Sort-Object) | Should -Be @("BranchNotFound,$CommandId", "WorkspaceNotFound,$CommandId")
            (Get-EmulatorStatistic $E).commitsCreated | Should -Be 1
        }

        It '-Credential''s password is the token and wins over the file''s reference (read only for the integrations that run)' {
            $errors = $null
            $result = Invoke-CollectionBackup -Path $Defs -Name unset-token -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors[0].FullyQualifiedErrorId | Should -Be "SecretNotFound,$CommandId"
            $errors[0].TargetObject.Name | Should -Be 'unset-token'
            $errors[0].Exception.Message | Should -Match 'PSGS_ICB_NOT_SET'
            $result.Status | Should -Be 'Failed'

            $credential = [pscredential]::new('ignored', (ConvertTo-TestSecureString (Get-TestToken ClassicFull)))
            $result = Invoke-CollectionBackup -Path $Defs -Name unset-token -Credential $credential
            $result.Status | Should -Be 'Created'
            $result.CommitSha | Should -Be (Get-BranchHead $E)
        }
    }

    Context 'transient failures, races and rate limits' {
        BeforeAll {
            $script:E = Start-TestEmulator
            $script:Folder = New-TestFolder
            $script:Defs = New-DefinitionFile $E -Folder $Folder @'
  - name: faulty
    type: collection-backup
    source: { file: ./faulty.json }
    repository: contoso/api-backups
    directory: faults
'@
            $script:Version = 0
        }
        AfterAll { Stop-TestEmulator $script:E }
        BeforeEach {
            # Every test has a change to commit: a new request in the exported collection.
            $script:Version++
            Write-TestCollection -Path (Join-Path $Folder 'faulty.json') -Name 'Faulty API' -Requests "Request $Version"
            Reset-EmulatorCounter $E
        }
        AfterEach { Invoke-EmulatorControl $E 'faults' -Method Delete | Out-Null }

        It 'a push racing ours on main: both commits stay in history, ours on top of "Someone Else"''s' {
            $before = Get-BranchHead $E
            Invoke-EmulatorControl $E 'race' -Method Post -Body @{ owner = 'contoso'; repo = 'api-backups'; branch = 'main'; path = 'race.txt' } | Out-Null
            $output = Split-Output (Invoke-CollectionBackup -Path $Defs -Verbose 4>&1)
            $result = $output.Results[0]
            $result.Status | Should -Be 'Created'

            $log = Get-BranchLog $E
            $log[0].sha | Should -Be $result.CommitSha
            $log[0].authorName | Should -Be 'PSGitHubSync'
            $log[1].authorName | Should -Be 'Someone Else'
            @($log[0].parents) | Should -Be @($log[1].sha)
            @($log[1].parents) | Should -Be @($before)
            $files = Get-BranchFile $E
            $files.Keys | Should -Contain 'race.txt' -Because 'the commit was rebuilt on the new head, not forced over it'
            $files.Keys | Should -Contain 'faults/Faulty API.postman_collection.json'
            $log.Count | Should -Be 3 -Because 'the history is: ours, theirs, the initial commit'
            # The first attempt's commit object was never referenced (the fast-forward was refused); the branch took the second.
            $statistics = Get-EmulatorStatistic $E
            $statistics.requestsByEndpoint.'POST /repos/{owner}/{repo}/git/commits' | Should -Be 2
            $statistics.requestsByEndpoint.'PATCH /repos/{owner}/{repo}/git/refs/{ref}' | Should -Be 2
            $output.Verbose | Should -Match 'moved'
        }

        It '3 x 502 on POST git/trees: retried with narrated waits, then committed' {
            Invoke-EmulatorControl $E 'faults' -Method Post -Body @{ method = 'POST'; pathPattern = '/repos/*/git/trees'; count = 3; status = 502 } | Out-Null
            $output = Split-Output (Invoke-CollectionBackup -Path $Defs -Verbose 4>&1)
            $output.Results[0].Status | Should -Be 'Updated'
            $output.Results[0].CommitSha | Should -Be (Get-BranchHead $E)
            (Get-EmulatorStatistic $E).commitsCreated | Should -Be 1
            ([regex]::Matches($output.Verbose, 'git/trees answered 502; waiting')).Count | Should -Be 3
        }

        It 'a secondary rate limit with retry-after 1: waits (narrated) and succeeds' {
            Invoke-EmulatorControl $E 'rate-limit/secondary' -Method Post -Body @{ retryAfterSeconds = 1; count = 1 } | Out-Null
            $output = Split-Output (Invoke-CollectionBackup -Path $Defs -Verbose 4>&1)
            $output.Results[0].Status | Should -Be 'Updated'
            (Get-EmulatorStatistic $E).commitsCreated | Should -Be 1
            $output.Verbose | Should -Match 'secondary rate limit was reached; waiting 1 s'
        }

        It 'a primary rate limit that resets in an hour: RateLimited at once, saying when to run again; nothing written' {
            $head = Get-BranchHead $E
            Invoke-EmulatorControl $E 'rate-limit/primary' -Method Post -Body @{ resetInSeconds = 3600; count = 1 } | Out-Null
            $errors = $null
            Reset-EmulatorCounter $E
            $result = Invoke-CollectionBackup -Path $Defs -ErrorVariable errors -ErrorAction SilentlyContinue
            $succeeded = $?
            $succeeded | Should -BeFalse
            (Get-EmulatorStatistic $E).totalRequests | Should -Be 1 -Because 'an hour is too long to wait: no retry, no further request'
            $errors[0].FullyQualifiedErrorId | Should -Be "RateLimited,$CommandId"
            $errors[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
            $errors[0].TargetObject.Name | Should -Be 'faulty'
            $errors[0].Exception.Message | Should -Match 'Run again after'
            $result.Status | Should -Be 'Failed'
            Assert-NothingCommitted $E $head
        }
    }

    Context 'pipeline input and integration names' {
        BeforeAll {
            $script:E = Start-TestEmulator
            $script:Defs = New-DefinitionFile $E @'
  - name: pay-api
    type: collection-backup
    source: { workspace: Payments, collection: Payments API }
    repository: contoso/api-backups
    directory: piped
  - name: pay-orders
    type: collection-backup
    source: { workspace: Payments, collection: Orders API }
    repository: contoso/api-backups
    directory: piped
  - name: solo
    type: collection-backup
    source: { workspace: Payments, collection: Orders API }
    repository: contoso/api-backups
    directory: solo
  - name: pay-schema
    type: schema-sync
    source: { file: ./openapi.yaml }
    repository: contoso/api-backups
    path: api/openapi.yaml
'@
        }
        AfterAll { Stop-TestEmulator $script:E }

        It 'Get-BackupIntegration | Invoke-CollectionBackup runs them together: one commit for two integrations on one branch; schema sync ignored' {
            Reset-EmulatorCounter $E
            $results = @(Get-BackupIntegration -Path $Defs -Name 'pay-*' | Invoke-CollectionBackup)
            $results.Name | Should -Be @('pay-api', 'pay-orders')
            $results.Status | Should -Be @('Created', 'Created')
            $results[0].CommitSha | Should -Not -BeNullOrEmpty
            $results[1].CommitSha | Should -Be $results[0].CommitSha
            (Get-EmulatorStatistic $E).commitsCreated | Should -Be 1
            $subject = ((Get-BranchLog $E)[0].message -split "`n")[0]
            $subject | Should -Match 'Payments API'
            $subject | Should -Match 'Orders API'
        }

        It 'says, with -Verbose, which piped integrations it skips because of their type' {
            $verbose = @(Get-BackupIntegration -Path $Defs -Name 'pay-*' | Invoke-CollectionBackup -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] })
            ($verbose.Message -join "`n") | Should -Match "'pay-schema' is a schema-sync integration; Invoke-CollectionBackup runs collection-backup integrations only\."
        }

        It 'binds Name and DefinitionFile by property name' {
            $results = @([pscustomobject]@{ Name = 'solo'; DefinitionFile = $Defs } | Invoke-CollectionBackup)
            $results.Count | Should -Be 1
            $results[0].Name | Should -Be 'solo'
            $results[0].Status | Should -Be 'Created'
            $results[0].Path | Should -Be 'solo/Orders API.postman_collection.json'
        }

        It '-Interval takes any TimeSpan from 1 second to 1 day, compared as time (10:00:00 and 23:00:00 bind)' {
            foreach ($interval in '00:00:01', '10:00:00', '23:00:00', '1.00:00:00') {
                $results = @(Invoke-CollectionBackup -Path $Defs -Name solo -Interval $interval)
                $results.Status | Should -Be @('Unchanged') -Because "-Interval $interval is in range"
            }
            { Invoke-CollectionBackup -Path $Defs -Name solo -Interval 1.00:00:01 } | Should -Throw -ErrorId "ParameterArgumentValidationError,$CommandId"
            { Invoke-CollectionBackup -Path $Defs -Name solo -Interval 0 } | Should -Throw -ErrorId "ParameterArgumentValidationError,$CommandId"
        }

        It 'a secret: reference whose vault cannot be read (locked) is SecretNotFound for that integration; the others still run' {
            $folder = New-TestFolder
            $defs = New-DefinitionFile $E @"
  - name: locked
    type: collection-backup
    source: { workspace: Payments, collection: Orders API }
    repository: contoso/readonly
    directory: locked
    github: { server: $($E.Server), token: secret:LockedVault/GitHubToken }
  - name: open
    type: collection-backup
    source: { workspace: Payments, collection: Orders API }
    repository: contoso/api-backups
    directory: solo
"@ -Folder $folder
            # A stand-in for SecretManagement's Get-Secret on a locked SecretStore.
            function global:Get-Secret { param($Name, $Vault) throw 'A valid password is required to access the Microsoft.PowerShell.SecretStore vault.' }
            try {
                $errors = $null
                $results = @(Invoke-CollectionBackup -Path $defs -ErrorVariable errors -ErrorAction SilentlyContinue)
            }
            finally { Remove-Item function:global:Get-Secret }
            @($errors).Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -Be "SecretNotFound,$CommandId"
            $errors[0].TargetObject.Name | Should -Be 'locked'
            $errors[0].Exception.Message | Should -Match 'secret:LockedVault/GitHubToken could not be read: A valid password is required'
            ($results | Where-Object Name -eq 'open').Status | Should -BeIn @('Created', 'Unchanged')
        }

        It '-Name takes wildcards (case-insensitive) and runs only collection backups' {
            $results = @(Invoke-CollectionBackup -Path $Defs -Name 'PAY-*')
            $results.Name | Should -Be @('pay-api', 'pay-orders')
            $results.Status | Should -Be @('Unchanged', 'Unchanged')
        }

        It 'an unknown plain name is IntegrationNotFound, listing the names; the others still run' {
            $errors = $null
            $results = @(Invoke-CollectionBackup -Path $Defs -Name 'no-such-backup', 'solo' -ErrorVariable errors -ErrorAction SilentlyContinue)
            $succeeded = $?
            $succeeded | Should -BeFalse
            @($errors).Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -Be "IntegrationNotFound,$CommandId"
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errors[0].Exception.Message | Should -Match 'no-such-backup'
            $errors[0].Exception.Message | Should -Match 'pay-api'
            $results.Name | Should -Be @('solo')
        }

        It 'completes -Name with Tab from the file named by -Path' {
            $line = "Invoke-CollectionBackup -Path '$Defs' -Name pay-"
            $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
            @($completions.CompletionText) | Should -Contain 'pay-api'
            @($completions.CompletionText) | Should -Contain 'pay-orders'
            @($completions.CompletionText) | Should -Not -Contain 'solo'

            $line = "Invoke-CollectionBackup -Path '$Defs' -Name "
            $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
            @($completions.CompletionText) | Should -Contain 'solo'
        }

        It 'completes -Name only with collection-backup integrations (the ones it can run)' {
            $line = "Invoke-CollectionBackup -Path '$Defs' -Name pay-"
            $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
            @($completions.CompletionText) | Should -Contain 'pay-api'
            @($completions.CompletionText) | Should -Not -Contain 'pay-schema'
            foreach ($command in 'Get-CollectionBackupHistory', 'Restore-CollectionBackup') {
                $line = "$command -Path '$Defs' -Name pay-"
                $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
                @($completions.CompletionText) | Should -Contain 'pay-api' -Because "$command works on backups"
                @($completions.CompletionText) | Should -Not -Contain 'pay-schema' -Because "$command cannot use a schema sync"
            }
        }
    }

    Context 'secrets never leak' {
        BeforeAll {
            $script:E = Start-TestEmulator
            $script:Defs = New-DefinitionFile $E @'
  - name: workspace-with-environments
    type: collection-backup
    source: { workspace: Payments, collection: '*', environments: true }
    repository: contoso/api-backups
'@
        }
        AfterAll { Stop-TestEmulator $script:E }

        It 'no token or API key in any stream, error or committed file, whether given through env: references or -Token/-PostmanApiKey' {
            $script = @'
$ErrorActionPreference = 'Continue'
$ProgressPreference = 'SilentlyContinue'
Import-Module $env:PSGITHUBSYNC_MODULE
$definitions = $env:TEST_DEFINITIONS
function Show([string] $Title, [scriptblock] $Run) {
    "=== $Title"
    & $Run *>&1 | Out-String -Width 500
    "=== end"
}
# 1. A successful backup (a commit), tokens through the file's env: references, with -Verbose and -Debug.
Show 'env references, verbose, debug' { Invoke-CollectionBackup -Path $definitions -Verbose -Debug | Format-List * }
# 2. Tokens through -Token and -PostmanApiKey, with -Verbose and -Debug.
$token = ConvertTo-SecureString -AsPlainText -Force -String $env:TEST_GITHUB_TOKEN
$key = ConvertTo-SecureString -AsPlainText -Force -String $env:TEST_POSTMAN_KEY
Show 'parameters, verbose, debug' { Invoke-CollectionBackup -Path $definitions -Token $token -PostmanApiKey $key -Verbose -Debug | Format-List * }
# 3. Failing: a wrong Postman key, through the parameter and through the env: reference.
$wrong = ConvertTo-SecureString -AsPlainText -Force -String $env:TEST_WRONG_KEY
Show 'wrong key parameter' { Invoke-CollectionBackup -Path $definitions -PostmanApiKey $wrong -Verbose -Debug }
$env:PSGS_ICB_POSTMAN_KEY = $env:TEST_WRONG_KEY
Show 'wrong key reference' { Invoke-CollectionBackup -Path $definitions -Verbose -Debug }
# 4. Failing: a GitHub token GitHub does not know.
$invalid = ConvertTo-SecureString -AsPlainText -Force -String $env:TEST_INVALID_TOKEN
Show 'invalid token' { Invoke-CollectionBackup -Path $definitions -Token $invalid -PostmanApiKey $key -Verbose -Debug }
"=== errors ($($Error.Count))"
$Error | ForEach-Object {
    $_ | Format-List * -Force | Out-String -Width 500
    $_.Exception | Format-List * -Force | Out-String -Width 500
    if ($_.Exception.InnerException) { $_.Exception.InnerException | Format-List * -Force | Out-String -Width 500 }
    $_.TargetObject | Format-List * -Force | Out-String -Width 500
}
'@
            $environment = @{
                PSGITHUBSYNC_MODULE   = $env:PSGITHUBSYNC_MODULE
                TEST_DEFINITIONS      = $Defs
                PSGS_ICB_GITHUB_TOKEN = Get-TestToken ClassicFull
                PSGS_ICB_POSTMAN_KEY  = Get-TestToken PostmanKey
                TEST_GITHUB_TOKEN     = Get-TestToken ClassicFull
                TEST_POSTMAN_KEY      = Get-TestToken PostmanKey
                TEST_WRONG_KEY        = $WrongPostmanKey
                TEST_INVALID_TOKEN    = Get-TestToken Invalid
            }
            $run = Invoke-FreshPwsh -Script $script -Environment $environment
            $all = $run.Output + "`n" + $run.Error

            # The runs really happened and really narrated their requests.
            $all | Should -Match 'Status\s+: Created'
            $all | Should -Match 'Status\s+: Unchanged'
            $all | Should -Match 'GET http://127\.0\.0\.1:\d+/api/v3/repos/contoso/api-backups'
            $all | Should -Match 'GET http://127\.0\.0\.1:\d+/postman/'
            $all | Should -Match 'POST http://127\.0\.0\.1:\d+/api/v3/repos/contoso/api-backups/git/trees'
            $all | Should -Match 'Connecting to http://127\.0\.0\.1:\d+/api/v3/ through'   # a debug message
            $all | Should -Match 'ApiKeyInvalid'
            $all | Should -Match 'TokenInvalid'

            $secrets = @(Get-AllTestTokens) + $WrongPostmanKey
            foreach ($secret in $secrets) {
                $all.Contains($secret) | Should -BeFalse -Because "no stream may show a token or key (…$($secret.Substring($secret.Length - 4)))"
                # Nor a recognisable part of it (anything after the prefix, 16 characters at a time).
                $body = $secret -replace '^(ghp_|ghs_|gho_|github_pat_|PMAK-)', ''
                for ($i = 0; $i + 16 -le $body.Length; $i += 8) {
                    $part = $body.Substring($i, 16)
                    if (($part.ToCharArray() | Select-Object -Unique).Count -lt 4) { continue }
                    $all.Contains($part) | Should -BeFalse -Because "no stream may show part of a token ('$part')"
                }
            }

            # Nor is any of them (or the environment's secret value) in any object committed to the repository.
            $bare = Export-EmulatorRepository $E -Owner contoso -Repository api-backups
            try {
                $paths = (Invoke-Git $bare ls-tree -r --name-only main).Lines
                $paths | Should -Contain 'Postman Collections/Production.postman_environment.json'
                $objects = Invoke-Git $bare cat-file --batch-all-objects --batch
                $objects.ExitCode | Should -Be 0
                $objects.Output | Should -Match 'Back up '
                foreach ($secret in $secrets + 'prod-secret-value-never-written') {
                    $objects.Output.Contains($secret) | Should -BeFalse -Because 'no token, key or secret value may be committed'
                }
                foreach ($path in $paths) {
                    $text = (Invoke-Git $bare show "main:$path").Output
                    foreach ($secret in $secrets) { $text.Contains($secret) | Should -BeFalse -Because "$path must not hold a token" }
                }
            }
            finally {
                Remove-Item $bare -Recurse -Force -ErrorAction SilentlyContinue
            }
        }
    }

    Context '-Watch' {
        BeforeAll {
            $script:E = Start-TestEmulator
            $script:Folder = New-TestFolder
            $script:Defs = New-DefinitionFile $E -Folder $Folder @'
  - name: watched
    type: collection-backup
    source: { workspace: Payments, collection: Orders API }
    repository: contoso/api-backups
    directory: watched
'@
        }
        AfterAll { Stop-TestEmulator $script:E }

        It 'keeps running and backs up a collection edited while it watches (then is killed)' {
            $resultsFile = Join-Path $Folder 'watch-results.txt'
            $scriptFile = Join-Path $Folder 'watch.ps1'
            Set-Content -Path $scriptFile -Encoding utf8 -Value @'
Import-Module $env:PSGITHUBSYNC_MODULE
Invoke-CollectionBackup -Path $env:TEST_DEFINITIONS -Watch -Interval (New-TimeSpan -Seconds 1) |
    ForEach-Object { Add-Content -Path $env:TEST_RESULTS -Value ('RESULT:{0}:{1}:{2}' -f $_.Name, $_.Status, $_.CommitSha) }
'@
            $start = [Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
            foreach ($argument in @(Get-PwshStartArgument) + @('-NoProfile', '-NonInteractive', '-File', $scriptFile)) { $start.ArgumentList.Add($argument) }
            $start.Environment['PSGITHUBSYNC_MODULE'] = $env:PSGITHUBSYNC_MODULE
            $start.Environment['TEST_DEFINITIONS'] = $Defs
            $start.Environment['TEST_RESULTS'] = $resultsFile
            $start.Environment['PSGS_ICB_GITHUB_TOKEN'] = Get-TestToken ClassicFull
            $start.Environment['PSGS_ICB_POSTMAN_KEY'] = Get-TestToken PostmanKey
            $start.RedirectStandardOutput = $true
            $start.RedirectStandardError = $true
            $start.UseShellExecute = $false

            function Wait-Until([scriptblock] $Condition, [int] $Seconds, [string] $What) {
                $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
                while (-not (& $Condition)) {
                    if ($process.HasExited) { throw "The watching process exited ($($process.ExitCode)) before $What. $($stderr.Result)" }
                    if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out after $Seconds s waiting for $What." }
                    Start-Sleep -Milliseconds 200
                }
            }

            $process = [Diagnostics.Process]::Start($start)
            $stdout = $process.StandardOutput.ReadToEndAsync()
            $stderr = $process.StandardError.ReadToEndAsync()
            try {
                # Its first round backs the collection up; then it watches.
                Wait-Until { @(Get-BranchLog $E | Where-Object authorName -EQ 'PSGitHubSync').Count -ge 1 } 60 'the first backup'
                Wait-Until { (Test-Path $resultsFile) -and (Get-Content $resultsFile -Raw) -match 'RESULT:watched:Created' } 30 'the first result'

                Add-PostmanRequest $E -Collection 'Orders API' -Request 'Ship order'
                Wait-Until { @(Get-BranchLog $E | Where-Object { $_.message -match 'Ship order' }).Count -ge 1 } 60 'the backup of the edit'
                Wait-Until { (Get-Content $resultsFile -Raw) -match 'RESULT:watched:Updated' } 30 'the second result'
            }
            finally {
                if (-not $process.HasExited) { $process.Kill($true) }
                $null = $process.WaitForExit(10000)
            }
            $process.HasExited | Should -BeTrue

            $log = @(Get-BranchLog $E | Where-Object authorName -EQ 'PSGitHubSync')
            $log.Count | Should -Be 2 -Because 'one backup at the start and one for the edit; unchanged rounds commit nothing'
            $log[0].message | Should -Match '(?m)^  \+ POST Ship order$'
            $lines = @(Get-Content $resultsFile)
            $lines.Count | Should -Be 2 -Because 'unchanged rounds write no result'
            $lines[0] | Should -Match '^RESULT:watched:Created:[0-9a-f]{40}$'
            $lines[1] | Should -Be "RESULT:watched:Updated:$($log[0].sha)"
            (Get-BranchFile $E)['watched/Orders API.postman_collection.json'] | Should -Match '"name": "Ship order"'
        }

        It 'backs up an exported file as soon as it changes (not at the next interval), and stops at once when stopped, as Ctrl+C does; a run that ends completes its progress' {
            $file = Join-Path (New-TestFolder) 'orders-export.json'
            Write-TestCollection -Path $file -Name 'Exported Orders' -Requests @('List orders')
            $defs = New-DefinitionFile $E -Folder (New-TestFolder) @"
  - name: exported
    type: collection-backup
    source: { file: $file }
    repository: contoso/api-backups
    directory: exported
"@
            $ps = [powershell]::Create()
            try {
                # An hour between checks: only the file watcher can pick the edit up in time.
                $null = $ps.AddScript('param($Module, $Defs) Import-Module $Module; Invoke-CollectionBackup -Path $Defs -Watch -Interval 01:00:00').
                    AddArgument($env:PSGITHUBSYNC_MODULE).AddArgument($defs)
                $inputItems = [Management.Automation.PSDataCollection[psobject]]::new()
                $inputItems.Complete()
                $output = [Management.Automation.PSDataCollection[psobject]]::new()
                $null = $ps.BeginInvoke($inputItems, $output)
                function Wait-Output([int] $Count, [string] $What) {
                    $deadline = [DateTime]::UtcNow.AddSeconds(60)
                    while ($output.Count -lt $Count) {
                        if ($ps.InvocationStateInfo.State -notin 'Running', 'NotStarted') { throw "The watch ended ($($ps.InvocationStateInfo.State)) before $What. $($ps.Streams.Error | Out-String)" }
                        if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out waiting for $What." }
                        Start-Sleep -Milliseconds 200
                    }
                }
                Wait-Output 1 'the first backup'
                Start-Sleep -Milliseconds 500   # the watcher is set up after the first round's results
                Write-TestCollection -Path $file -Name 'Exported Orders' -Requests @('List orders', 'Cancel order')
                Wait-Output 2 'the backup of the edited file'

                $ps.Stop()

                $ps.InvocationStateInfo.State | Should -Be 'Stopped'
                @($output | ForEach-Object { [string] $_.Status }) | Should -Be @('Created', 'Updated')
                (Get-BranchLog $E)[0].message | Should -Match '(?m)^  \+ GET Cancel order$'
            }
            finally {
                $ps.Dispose()
            }

            # A run that ends on its own completes its progress record (a stopped pipeline can write nothing more).
            Write-TestCollection -Path $file -Name 'Exported Orders' -Requests @('List orders', 'Cancel order', 'Ship order')
            $once = [powershell]::Create()
            try {
                $null = $once.AddScript('param($Module, $Defs) Import-Module $Module; Invoke-CollectionBackup -Path $Defs').AddArgument($env:PSGITHUBSYNC_MODULE).AddArgument($defs)
                $results = $once.Invoke()
                [string] $results[0].Status | Should -Be 'Updated'
                $progress = @($once.Streams.Progress | Where-Object ActivityId -EQ 4711)
                $progress.Count | Should -BeGreaterThan 1
                $progress[-1].RecordType | Should -Be 'Completed'
            }
            finally {
                $once.Dispose()
            }
        }
    }

    Context 'help' {
        It 'has full help: synopsis, description, at least 2 examples and every parameter described' {
            $help = Get-Help Invoke-CollectionBackup -Full
            $help.Synopsis | Should -Not -Match 'Invoke-CollectionBackup\s*\['
            ($help.description | Out-String).Trim() | Should -Not -BeNullOrEmpty
            @($help.examples.example).Count | Should -BeGreaterOrEqual 2
            foreach ($example in $help.examples.example) { ($example.code | Out-String).Trim() | Should -Not -BeNullOrEmpty }
            $common = [Management.Automation.PSCmdlet]::CommonParameters + [Management.Automation.PSCmdlet]::OptionalCommonParameters
            $names = @((Get-Command Invoke-CollectionBackup).Parameters.Keys | Where-Object { $_ -notin $common }) + 'WhatIf', 'Confirm'
            $names | Should -Contain 'Watch'
            $names | Should -Contain 'Shard'
            $names | Should -Contain 'Prune'
            $names.Count | Should -Be 14
            foreach ($name in $names) {
                $parameterHelp = $help.parameters.parameter | Where-Object name -EQ $name
                $parameterHelp | Should -Not -BeNullOrEmpty -Because "-$name needs help"
                ($parameterHelp.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$name needs a description"
                (Get-Help Invoke-CollectionBackup -Parameter $name).description | Out-String | Should -Not -BeNullOrEmpty
            }
            ($help | Out-String -Width 300) | Should -Match 'WouldCreate'
        }
    }
}
