#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }

<#
    Sync-ApiSchema end to end: the BUILT module ($env:PSGITHUBSYNC_MODULE) against the standalone
    GitHub + Postman emulator (Start-TestEmulator), with definitions files and local schemas in
    $TestDrive. The repository side is checked through the emulator's control endpoints and its REST
    API; the Postman side through the Postman control endpoints. Each Context has its own emulator;
    the tests inside a context run in order and build on one another.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module $env:PSGITHUBSYNC_MODULE -Force
    Clear-TestProxyEnvironment

    $script:CommandId = 'PSGitHubSync.Commands.SyncApiSchemaCommand'
    $script:PaymentsApiId = '5e0a1b2c-3d4e-4f60-8a7b-9c0d1e2f3a4b'
    $env:PSGS_SAS_GITHUB_TOKEN = Get-TestToken ClassicFull
    $env:PSGS_SAS_POSTMAN_KEY = Get-TestToken PostmanKey

    function Start-SchemaEmulator {
        <# The standard world plus a Postman API with a single-file schema. #>
        $config = New-TestEmulatorConfig
        $config.postman.workspaces[0].apis = @(
            @{ id = $script:PaymentsApiId; name = 'Payments API'; schemaType = 'openapi:3'; files = @(@{ path = 'openapi.yaml'; content = (Get-OpenApi '1.0') }) }
        )
        Start-TestEmulator -Config $config
    }

    function New-SchemaDefinitionFile { New-TestDefinitionFile -EnvironmentPrefix PSGS_SAS @args }

    function New-SchemaYaml {
        param([string] $Name = 'payments-schema', [string] $Source = '{ file: ./openapi.yaml }', [string] $Path = 'api/openapi.yaml', [string] $Extra = '')
        "  - name: $Name`n    type: schema-sync`n    source: $Source`n    repository: contoso/api-backups`n    path: $Path`n    branch: main`n$Extra"
    }

    function Invoke-GitHub {
        <# The emulated GitHub REST API with the test token. #>
        param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Path, [string] $Method = 'GET', $Body)
        $parameters = @{
            Uri     = $Emulator.GitHub + $Path.TrimStart('/')
            Method  = $Method
            Headers = @{ Authorization = 'token ' + (Get-TestToken ClassicFull) }
            NoProxy = $true
        }
        if ($null -ne $Body) { $parameters.Body = $Body | ConvertTo-Json -Depth 10; $parameters.ContentType = 'application/json' }
        Invoke-RestMethod @parameters
    }

    function Get-RepositoryText {
        <# A file on main as UTF-8 text, or $null. #>
        param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Path)
        $files = Invoke-EmulatorControl $Emulator 'repos/contoso/api-backups/branches/main/files'
        $property = $files.PSObject.Properties[$Path]
        if ($property) { [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($property.Value)) }
    }

    function Set-RepositoryFile {
        <# Someone else commits a file to main through the contents API; returns the new head. #>
        param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [string] $Text)
        $body = @{ message = "Edit $Path"; content = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($Text)); branch = 'main'; committer = @{ name = 'Someone Else'; email = 'someone@example.com' } }
        try { $body.sha = (Invoke-GitHub $Emulator "repos/contoso/api-backups/contents/$($Path)?ref=main").sha } catch { }
        (Invoke-GitHub $Emulator "repos/contoso/api-backups/contents/$Path" -Method Put -Body $body).commit.sha
    }

    function Get-StateRef {
        <# The commit refs/psgithubsync/schema-sync/NAME points at, or $null. #>
        param([Parameter(Mandatory)] $Emulator, [string] $Name = 'payments-schema')
        try { (Invoke-GitHub $Emulator "repos/contoso/api-backups/git/ref/psgithubsync/schema-sync/$Name").object.sha } catch { $null }
    }

    function Get-PostmanFile {
        param([Parameter(Mandatory)] $Emulator)
        $files = Invoke-EmulatorControl $Emulator "postman/apis/$($script:PaymentsApiId)/files"
        $result = @{}
        foreach ($property in $files.PSObject.Properties) { $result[$property.Name] = $property.Value }
        $result
    }
}

Describe 'Sync-ApiSchema' {
    Context 'push, in sync, pull' {
        BeforeAll {
            $script:Emulator = Start-SchemaEmulator
            $script:Folder = New-TestFolder
            $script:File = New-SchemaDefinitionFile $Emulator (New-SchemaYaml) $Folder
            $script:Local = Join-Path $Folder 'openapi.yaml'
            Write-Utf8 $Local (Get-OpenApi '1.0')
        }
        AfterAll { Stop-TestEmulator $script:Emulator }

        It 'pushes a new local schema in one commit and records the base in the state ref' {
            $before = Get-BranchHead $Emulator
            $result = Sync-ApiSchema -Path $File -Name payments-schema
            $result | Should -BeOfType 'PSGitHubSync.SchemaSyncResult'
            $result.Name | Should -Be 'payments-schema'
            "$($result.Direction)" | Should -Be 'Pushed'
            $result.Files | Should -Be @('openapi.yaml')
            $result.RemoteCommit | Should -Be $before
            $result.LocalVersion | Should -Match '^[0-9a-f]{12}$'
            $log = Get-BranchLog $Emulator
            $log[0].sha | Should -Be $result.CommitSha
            $log[0].parents | Should -Be @($before)
            Get-RepositoryText $Emulator 'api/openapi.yaml' | Should -BeExactly (Get-OpenApi '1.0')
            Get-StateRef $Emulator | Should -Be $result.CommitSha
        }

        It 'is in sync on the next run and commits nothing' {
            $head = Get-BranchHead $Emulator
            $result = Sync-ApiSchema -Path $File
            "$($result.Direction)" | Should -Be 'InSync'
            $result.CommitSha | Should -Be $head
            Get-BranchHead $Emulator | Should -Be $head
        }

        It 'pulls a change made in the repository and narrates the decision with -Verbose, never the token' {
            $head = Set-RepositoryFile $Emulator 'api/openapi.yaml' (Get-OpenApi '2.0')
            $verbose = Sync-ApiSchema -Path $File -Verbose 4>&1
            $result = $verbose | Where-Object { $_ -is [PSGitHubSync.SchemaSyncResult] }
            "$($result.Direction)" | Should -Be 'Pulled'
            [IO.File]::ReadAllText($Local) | Should -BeExactly (Get-OpenApi '2.0')
            Get-StateRef $Emulator | Should -Be $head
            $text = ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) -join "`n"
            $text | Should -Match 'repository changed since the last sync'
            $text | Should -Match 'Pulled'
            $text | Should -Not -Match ([regex]::Escape((Get-TestToken ClassicFull)))
        }

        It 'has a default table view for 80 columns (Name, Direction, Commit, Files, Release, Repository) and a Wide view' {
            $formatData = Get-FormatData -TypeName 'PSGitHubSync.SchemaSyncResult'
            $formatData | Should -Not -BeNullOrEmpty
            $formatData.FormatViewDefinition[0].Control | Should -BeOfType 'System.Management.Automation.TableControl'
            Write-Utf8 $Local (Get-OpenApi '2.1')
            $result = Sync-ApiSchema -Path $File
            $lines = @(($result | Out-String -Width 80) -split '\r?\n' | Where-Object { $_.Trim() })
            $lines[0] | Should -Match '^Name\s+Direction\s+Commit\s+Files\s+Release\s+Repository\s*$'
            $lines[2] | Should -Match ('^payments-schema\s+Pushed\s+' + $result.CommitSha.Substring(0, 7) + '\s+1\s+contoso/api-backups\s*$')
            $wide = @(($result | Format-Table -View Wide | Out-String -Width 300) -split '\r?\n' | Where-Object { $_.Trim() })
            $wide[0] | Should -Match '^Name\s+Direction\s+Repository\s+Branch\s+Path\s+Files\s+Commit\s+Release\s+ReleaseUrl\s*$'
            $wide[2] | Should -Match ('^payments-schema\s+Pushed\s+contoso/api-backups\s+main\s+api/openapi\.yaml\s+openapi\.yaml\s+' + $result.CommitSha.Substring(0, 7) + '\s*$')
        }
    }

    Context 'conflicts and -Prefer' {
        BeforeAll {
            $script:Emulator = Start-SchemaEmulator
            $script:Folder = New-TestFolder
            $script:File = New-SchemaDefinitionFile $Emulator (New-SchemaYaml) $Folder
            $script:Local = Join-Path $Folder 'openapi.yaml'
            Write-Utf8 $Local (Get-OpenApi '1.0')
            $null = Sync-ApiSchema -Path $File
            $script:Base = Get-StateRef $Emulator
        }
        AfterAll { Stop-TestEmulator $script:Emulator }

        It 'reports SchemaSyncConflict with the integration as target and writes nothing on either side' {
            $head = Set-RepositoryFile $Emulator 'api/openapi.yaml' (Get-OpenApi '2.0')
            Write-Utf8 $Local (Get-OpenApi '1.1')
            $localBytes = [IO.File]::ReadAllBytes($Local)

            $result = Sync-ApiSchema -Path $File -ErrorVariable failures -ErrorAction SilentlyContinue

            "$($result.Direction)" | Should -Be 'Conflict'
            $result.Files | Should -Be @('openapi.yaml')
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be "SchemaSyncConflict,$CommandId"
            $failures[0].CategoryInfo.Category | Should -Be 'WriteError'
            $failures[0].TargetObject | Should -BeOfType 'PSGitHubSync.Integration'
            $failures[0].TargetObject.Name | Should -Be 'payments-schema'
            $failures[0].Exception.Message | Should -Match 'api/openapi\.yaml'
            $failures[0].Exception.Message | Should -Match $head.Substring(0, 7)
            $failures[0].Exception.Message | Should -Match $Base.Substring(0, 7)
            $failures[0].Exception.Message | Should -Match 'Nothing was written on either side'
            Get-BranchHead $Emulator | Should -Be $head
            Get-StateRef $Emulator | Should -Be $Base
            [IO.File]::ReadAllBytes($Local) | Should -Be $localBytes
        }

        It 'sets $? to $false and stops with -ErrorAction Stop' {
            { Sync-ApiSchema -Path $File -ErrorAction Stop } | Should -Throw -ErrorId "SchemaSyncConflict,$CommandId"
        }

        It '-WhatIf with -Prefer Local writes nothing and says WouldPush' {
            $head = Get-BranchHead $Emulator
            $result = Sync-ApiSchema -Path $File -Prefer Local -WhatIf
            "$($result.Direction)" | Should -Be 'WouldPush'
            Get-BranchHead $Emulator | Should -Be $head
            Get-StateRef $Emulator | Should -Be $Base
        }

        It '-Prefer Local commits the local side on top of the other change' {
            $head = Get-BranchHead $Emulator
            $result = Sync-ApiSchema -Path $File -Prefer Local
            "$($result.Direction)" | Should -Be 'Pushed'
            (Get-BranchLog $Emulator)[0].parents | Should -Be @($head)
            Get-RepositoryText $Emulator 'api/openapi.yaml' | Should -BeExactly (Get-OpenApi '1.1')
            Get-StateRef $Emulator | Should -Be $result.CommitSha
        }

        It '-Prefer Remote writes the repository side over a local change' {
            $head = Set-RepositoryFile $Emulator 'api/openapi.yaml' (Get-OpenApi '3.0')
            Write-Utf8 $Local (Get-OpenApi '1.2')
            $result = Sync-ApiSchema -Path $File -Prefer Remote
            "$($result.Direction)" | Should -Be 'Pulled'
            [IO.File]::ReadAllText($Local) | Should -BeExactly (Get-OpenApi '3.0')
            Get-BranchHead $Emulator | Should -Be $head
            Get-StateRef $Emulator | Should -Be $head
        }
    }

    Context '-WhatIf' {
        BeforeAll {
            $script:Emulator = Start-SchemaEmulator
            $script:Folder = New-TestFolder
            $script:File = New-SchemaDefinitionFile $Emulator (New-SchemaYaml) $Folder
            $script:Local = Join-Path $Folder 'openapi.yaml'
        }
        AfterAll { Stop-TestEmulator $script:Emulator }

        It 'reports WouldPush for a push and writes nothing, not even the state ref' {
            Write-Utf8 $Local (Get-OpenApi '1.0')
            $head = Get-BranchHead $Emulator
            $result = Sync-ApiSchema -Path $File -WhatIf -Release v1.0.0
            "$($result.Direction)" | Should -Be 'WouldPush'
            $result.CommitSha | Should -BeNullOrEmpty
            Get-BranchHead $Emulator | Should -Be $head
            Get-StateRef $Emulator | Should -BeNullOrEmpty
            { Invoke-GitHub $Emulator 'repos/contoso/api-backups/git/ref/tags/v1.0.0' } | Should -Throw
        }

        It 'reports WouldPull for a pull and leaves the local file alone' {
            Remove-Item $Local
            Set-RepositoryFile $Emulator 'api/openapi.yaml' (Get-OpenApi '2.0') | Out-Null
            $result = Sync-ApiSchema -Path $File -WhatIf
            "$($result.Direction)" | Should -Be 'WouldPull'
            Test-Path $Local | Should -BeFalse
            Get-StateRef $Emulator | Should -BeNullOrEmpty
        }
    }

    Context '-Release' {
        BeforeAll {
            $script:Emulator = Start-SchemaEmulator
            $script:Folder = New-TestFolder
            $script:File = New-SchemaDefinitionFile $Emulator (New-SchemaYaml) $Folder
            $script:Local = Join-Path $Folder 'openapi.yaml'
            Write-Utf8 $Local (Get-OpenApi '1.2')
        }
        AfterAll { Stop-TestEmulator $script:Emulator }

        It 'creates an annotated tag on the synced commit and a GitHub release with the notes' {
            $result = Sync-ApiSchema -Path $File -Release v1.2.0 -ReleaseNotes 'Adds refunds.'
            "$($result.Direction)" | Should -Be 'Pushed'
            $result.Release | Should -Be 'v1.2.0'
            $result.ReleaseUrl | Should -Match 'v1\.2\.0'
            $ref = Invoke-GitHub $Emulator 'repos/contoso/api-backups/git/ref/tags/v1.2.0'
            $ref.object.type | Should -Be 'tag'
            $tag = Invoke-GitHub $Emulator "repos/contoso/api-backups/git/tags/$($ref.object.sha)"
            $tag.object.sha | Should -Be $result.CommitSha
            $release = Invoke-GitHub $Emulator 'repos/contoso/api-backups/releases/tags/v1.2.0'
            $release.body | Should -Be 'Adds refunds.'
            $release.tag_name | Should -Be 'v1.2.0'
        }

        It 'tags a run that is already in sync' {
            $head = Get-BranchHead $Emulator
            $result = Sync-ApiSchema -Path $File -Release v1.2.1
            "$($result.Direction)" | Should -Be 'InSync'
            $result.Release | Should -Be 'v1.2.1'
            $ref = Invoke-GitHub $Emulator 'repos/contoso/api-backups/git/ref/tags/v1.2.1'
            (Invoke-GitHub $Emulator "repos/contoso/api-backups/git/tags/$($ref.object.sha)").object.sha | Should -Be $head
        }

        It 'refuses an existing tag on another commit with ReleaseTagExists and pushes nothing' {
            Write-Utf8 $Local (Get-OpenApi '1.3')
            $head = Get-BranchHead $Emulator
            $result = Sync-ApiSchema -Path $File -Release v1.2.0 -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures[0].FullyQualifiedErrorId | Should -Be "ReleaseTagExists,$CommandId"
            $failures[0].CategoryInfo.Category | Should -Be 'ResourceExists'
            $failures[0].TargetObject.Name | Should -Be 'payments-schema'
            "$($result.Direction)" | Should -Be 'Failed'
            Get-BranchHead $Emulator | Should -Be $head
        }

        It 'refuses -ReleaseNotes without -Release' {
            { Sync-ApiSchema -Path $File -ReleaseNotes 'orphan notes' } | Should -Throw -ErrorId "ReleaseNotesWithoutRelease,$CommandId"
        }
    }

    Context 'invalid schemas, the Postman side, the pipeline and help' {
        BeforeAll {
            $script:Emulator = Start-SchemaEmulator
            $script:Folder = New-TestFolder
            $yaml = (New-SchemaYaml -Name 'graph-schema' -Source '{ file: ./schema.graphql }' -Path 'graph/schema.graphql') +
                (New-SchemaYaml -Name 'payments-postman' -Source '{ postman: { workspace: Payments, api: Payments API } }' -Path 'postman/payments.yaml') +
                "  - name: payments-backup`n    type: collection-backup`n    source: { workspace: Payments, collection: Payments API }`n    repository: contoso/api-backups`n"
            $script:File = New-SchemaDefinitionFile $Emulator $yaml $Folder
        }
        AfterAll { Stop-TestEmulator $script:Emulator }

        It 'refuses an invalid GraphQL schema with InvalidSchema, its location, and commits nothing' {
            Write-Utf8 (Join-Path $Folder 'schema.graphql') "type Query {`n  payment(id: ID!): Payment`n  broken(: Int`n}`n"
            $head = Get-BranchHead $Emulator
            $result = Sync-ApiSchema -Path $File -Name graph-schema -ErrorVariable failures -ErrorAction SilentlyContinue
            "$($result.Direction)" | Should -Be 'Failed'
            $failures[0].FullyQualifiedErrorId | Should -Be "InvalidSchema,$CommandId"
            $failures[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $failures[0].TargetObject.Name | Should -Be 'graph-schema'
            $failures[0].Exception.Message | Should -Match 'schema\.graphql:3:10'
            Get-BranchHead $Emulator | Should -Be $head
            Get-RepositoryText $Emulator 'graph/schema.graphql' | Should -BeNullOrEmpty
        }

        It 'runs the schema-sync integrations piped from Get-BackupIntegration and skips the backup' {
            Write-Utf8 (Join-Path $Folder 'schema.graphql') "type Query {`n  payment(id: ID!): String`n}`n"
            $results = @(Get-BackupIntegration -Path $File | Sync-ApiSchema)
            $results.Count | Should -Be 2
            $results.Name | Should -Be @('graph-schema', 'payments-postman')
            ($results | ForEach-Object { "$($_.Direction)" }) | Should -Be @('Pushed', 'Pushed')
            Get-RepositoryText $Emulator 'postman/payments.yaml' | Should -BeExactly (Get-OpenApi '1.0')
            Get-RepositoryText $Emulator 'graph/schema.graphql' | Should -Match 'payment\(id: ID!\): String'
        }

        It 'pulls a repository change into the Postman API' {
            Set-RepositoryFile $Emulator 'postman/payments.yaml' (Get-OpenApi '2.0') | Out-Null
            $result = Get-BackupIntegration -Path $File -Name payments-postman | Sync-ApiSchema
            "$($result.Direction)" | Should -Be 'Pulled'
            $files = Get-PostmanFile $Emulator
            @($files.Keys) | Should -Be @('openapi.yaml')
            $files['openapi.yaml'] | Should -BeExactly (Get-OpenApi '2.0')
        }

        It 'still knows the last synced state in a fresh process on an empty disk (an ephemeral CI runner)' {
            $runner = New-TestFolder
            $file = New-SchemaDefinitionFile $Emulator (New-SchemaYaml -Name 'graph-schema' -Source '{ file: ./schema.graphql }' -Path 'graph/schema.graphql') $runner
            Write-Utf8 (Join-Path $runner 'schema.graphql') "type Query {`n  payment(id: ID!): String`n  refunds: [String]`n}`n"
            $script = @"
Import-Module '$($env:PSGITHUBSYNC_MODULE)'
`$result = Sync-ApiSchema -Path '$file' -ErrorAction Stop
'DIRECTION:' + `$result.Direction
"@
            $child = Invoke-FreshPwsh -Script $script -Environment @{ PSGS_SAS_GITHUB_TOKEN = (Get-TestToken ClassicFull); PSGS_SAS_POSTMAN_KEY = (Get-TestToken PostmanKey) }
            $child.ExitCode | Should -Be 0 -Because $child.Error
            $child.Output | Should -Match 'DIRECTION:Pushed'       # not a conflict: the base came from the repository
            Get-RepositoryText $Emulator 'graph/schema.graphql' | Should -Match 'refunds'
            @(Get-ChildItem $runner -Recurse -File -Force).Name | Sort-Object | Should -Be @('psgithubsync.yml', 'schema.graphql')
        }

        It 'has help with examples and every parameter described' {
            $help = Get-Help Sync-ApiSchema -Full
            $help.Synopsis | Should -Match 'both directions'
            @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
            ($help.Description.Text -join "`n") | Should -Match 'refs/psgithubsync/schema-sync/NAME'
            foreach ($name in 'Name', 'Path', 'InputObject', 'Prefer', 'Release', 'ReleaseNotes', 'Message', 'Token', 'Credential', 'PostmanApiKey') {
                $parameter = $help.Parameters.Parameter | Where-Object Name -EQ $name
                ($parameter.Description.Text -join '') | Should -Not -BeNullOrEmpty -Because "-$name is documented"
            }
        }
    }

    Context 'a self-referencing schema and a broken one among three integrations' {
        # The schemas are the repository's own fixtures (tests/fixtures/schemas), written for this issue.
        BeforeAll {
            $script:Emulator = Start-SchemaEmulator
            $script:Folder = New-TestFolder
            $script:Fixtures = Join-Path $PSScriptRoot '../fixtures/schemas'
            foreach ($name in 'first', 'middle', 'last') { New-Item -ItemType Directory -Path (Join-Path $Folder $name) | Out-Null }
            Write-Utf8 (Join-Path $Folder 'first/openapi.yaml') (Get-OpenApi '1.0')
            Write-Utf8 (Join-Path $Folder 'last/openapi.yaml') (Get-OpenApi '3.0')
            $yaml = (New-SchemaYaml -Name 'first-schema' -Source '{ file: ./first/openapi.yaml }' -Path 'first/openapi.yaml') +
                (New-SchemaYaml -Name 'middle-schema' -Source '{ file: ./middle/openapi.yaml }' -Path 'middle/openapi.yaml') +
                (New-SchemaYaml -Name 'last-schema' -Source '{ file: ./last/openapi.yaml }' -Path 'last/openapi.yaml')
            $script:File = New-SchemaDefinitionFile $Emulator $yaml $Folder
        }
        AfterAll { Stop-TestEmulator $script:Emulator }

        It 'syncs all three when the middle schema''s $ref names its own file, each result written as its integration finishes' {
            Copy-Item (Join-Path $Fixtures 'self-reference-30/openapi.yaml') (Join-Path $Folder 'middle/openapi.yaml')
            $records = @(Sync-ApiSchema -Path $File -Verbose 4>&1)
            $results = @($records | Where-Object { $_ -is [PSGitHubSync.SchemaSyncResult] })
            $results.Name | Should -Be @('first-schema', 'middle-schema', 'last-schema')
            ($results | ForEach-Object { "$($_.Direction)" }) | Should -Be @('Pushed', 'Pushed', 'Pushed')
            Get-RepositoryText $Emulator 'middle/openapi.yaml' | Should -BeExactly ([IO.File]::ReadAllText((Join-Path $Fixtures 'self-reference-30/openapi.yaml')))
            # Streamed: the first result comes before anything is said about the last integration.
            $firstResult = [array]::IndexOf($records, $results[0])
            $aboutLast = @(0..($records.Count - 1) | Where-Object { $records[$_] -is [System.Management.Automation.VerboseRecord] -and $records[$_].Message -match "'last-schema'" })
            $aboutLast.Count | Should -BeGreaterThan 0
            $firstResult | Should -BeLessThan $aboutLast[0]
        }

        It 'refuses only the middle one with InvalidSchema when its $ref names nothing; the other two sync' {
            Write-Utf8 (Join-Path $Folder 'first/openapi.yaml') (Get-OpenApi '1.1')
            Write-Utf8 (Join-Path $Folder 'last/openapi.yaml') (Get-OpenApi '3.1')
            Copy-Item (Join-Path $Fixtures 'missing-ref-target/openapi.yaml') (Join-Path $Folder 'middle/openapi.yaml') -Force
            $middleBefore = Get-RepositoryText $Emulator 'middle/openapi.yaml'
            $results = @(Sync-ApiSchema -Path $File -ErrorVariable failures -ErrorAction SilentlyContinue)
            $results.Name | Should -Be @('first-schema', 'middle-schema', 'last-schema')
            ($results | ForEach-Object { "$($_.Direction)" }) | Should -Be @('Pushed', 'Failed', 'Pushed')
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be "InvalidSchema,$CommandId"
            $failures[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $failures[0].TargetObject.Name | Should -Be 'middle-schema'
            $failures[0].Exception.Message | Should -Match 'openapi\.yaml:11:\d+: The \$ref ''#/components/schemas/Order'''
            Get-RepositoryText $Emulator 'middle/openapi.yaml' | Should -BeExactly $middleBefore
            Get-RepositoryText $Emulator 'first/openapi.yaml' | Should -BeExactly (Get-OpenApi '1.1')
            Get-RepositoryText $Emulator 'last/openapi.yaml' | Should -BeExactly (Get-OpenApi '3.1')
        }
    }
}
