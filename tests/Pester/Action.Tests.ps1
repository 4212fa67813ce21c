#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }

<#
    The GitHub Action (action.yml) as written: each of its pwsh steps is taken from action.yml - its
    `run` line and its `env`, with the ${{ }} expressions filled in as the runner would - and run in a
    fresh PowerShell whose GITHUB_OUTPUT and GITHUB_STEP_SUMMARY are temporary files. The module is
    installed from a local file-system repository holding the package of build.ps1 -Task Package
    ($env:PSGITHUBSYNC_PACKAGE), into the module folder the actions/cache step keeps; the backups
    run against the emulator.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Package = $env:PSGITHUBSYNC_PACKAGE
    if (-not $Package -or -not (Test-Path $Package)) { throw 'Set PSGITHUBSYNC_PACKAGE to the .nupkg of build.ps1 -Task Package (build.ps1 -Task Test does).' }
    $script:Version = (Import-PowerShellDataFile (Join-Path $RepoRoot 'module/PSGitHubSync.psd1')).ModuleVersion

    # action.yml, read with the YamlDotNet the module bundles (in a fresh process, as JSON).
    $yamlDotNet = Join-Path (Split-Path $env:PSGITHUBSYNC_MODULE) 'dependencies/YamlDotNet.dll'
    $read = Invoke-FreshPwsh -Script @"
Add-Type -Path '$yamlDotNet'
`$document = [YamlDotNet.Serialization.Deserializer]::new().Deserialize([IO.StringReader]::new([IO.File]::ReadAllText('$(Join-Path $RepoRoot 'action.yml')')))
[YamlDotNet.Serialization.SerializerBuilder]::new().JsonCompatible().Build().Serialize(`$document)
"@
    if ($read.ExitCode -ne 0) { throw "Reading action.yml failed: $($read.Error)" }
    $script:Action = $read.Output | ConvertFrom-Json -AsHashtable

    # A runner of our own: a workspace, a temp folder (the cached module folder lives there), an empty profile.
    $script:Runner = Join-Path $TestDrive 'runner'
    $script:Workspace = Join-Path $Runner 'workspace'
    $script:RunnerTemp = Join-Path $Runner 'temp'
    $script:LocalRepository = Join-Path $TestDrive 'local-gallery'
    New-Item -ItemType Directory -Path $Workspace, $RunnerTemp, $LocalRepository, (Join-Path $Runner 'home') -Force | Out-Null
    Copy-Item $Package $LocalRepository

    $script:Emulator = Start-TestEmulator
    $yaml = @"
version: 1
defaults:
  github:
    server: $($Emulator.Server)
    token: env:GITHUB_TOKEN
  postman:
    server: $($Emulator.Postman)
    apiKey: env:POSTMAN_API_KEY
integrations:
$(New-TestBackupYaml -Name payments)
$(New-TestBackupYaml -Name orders -Source '{ workspace: Payments, collection: Orders API }')
$(New-TestBackupYaml -Name orders-on-missing-branch -Branch does-not-exist -Source '{ workspace: Payments, collection: Orders API }' -Extra '    fileName: orders-elsewhere.json')
"@
    [IO.File]::WriteAllText((Join-Path $Workspace 'psgithubsync.yml'), ($yaml -replace "`r`n", "`n"), [Text.UTF8Encoding]::new($false))

    function Invoke-ActionStep {
        <#
            Runs one step of action.yml as the runner would: its env with ${{ }} filled in from $Inputs (else
            the input's default) and $Context, then its `run` text in a fresh pwsh in the workspace.
            Returns the process result with the step's outputs (from GITHUB_OUTPUT) and summary.
        #>
        param([Parameter(Mandatory)] [string] $Id, [hashtable] $Inputs = @{}, [hashtable] $Context = @{})
        $step = @($Action.runs.steps | Where-Object { $_['id'] -eq $Id })[0]
        $values = @{ 'runner.temp' = $RunnerTemp; 'runner.os' = 'Linux' }
        foreach ($name in $Action.inputs.Keys) { $values["inputs.$name"] = if ($Inputs.ContainsKey($name)) { $Inputs[$name] } else { [string] $Action.inputs[$name]['default'] } }
        foreach ($key in $Context.Keys) { $values[$key] = $Context[$key] }
        $expand = {
            param([string] $Text)
            [regex]::Replace($Text, '\$\{\{\s*(?<expression>[^}]+?)\s*\}\}', {
                    param($match)
                    $expression = $match.Groups['expression'].Value
                    if (-not $values.ContainsKey($expression)) { throw "action.yml step '$Id' uses `${{ $expression }}, which this test does not provide." }
                    [string] $values[$expression]
                })
        }
        $output = Join-Path $Runner "output-$Id-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        $summary = Join-Path $Runner "summary-$Id-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        $environment = @{
            GITHUB_ACTION_PATH  = $RepoRoot
            GITHUB_WORKSPACE    = $Workspace
            GITHUB_OUTPUT       = $output
            GITHUB_STEP_SUMMARY = $summary
            RUNNER_TEMP         = $RunnerTemp
            HOME                = Join-Path $Runner 'home'
            XDG_DATA_HOME       = $null
            PSModulePath        = Join-Path $PSHOME 'Modules'
            GITHUB_TOKEN        = Get-TestToken ClassicFull
            POSTMAN_API_KEY     = Get-TestToken PostmanKey
        }
        if ($step.Contains('env')) { foreach ($name in $step['env'].Keys) { $environment[$name] = & $expand $step['env'][$name] } }
        # The runner's pwsh template: stop on errors, run the text, exit with the last exit code.
        $script = "`$ErrorActionPreference = 'stop'`nSet-Location -LiteralPath '$Workspace'`n$($step['run'])`nif ((Test-Path -LiteralPath variable:\LASTEXITCODE)) { exit `$LASTEXITCODE }"
        $result = Invoke-FreshPwsh -Script $script -Environment $environment
        $outputs = @{}
        if (Test-Path $output) {
            $text = Get-Content $output -Raw
            foreach ($m in [regex]::Matches($text, '(?ms)^(?<name>[\w-]+)<<(?<delimiter>\S+)\n(?<value>.*?)\n\k<delimiter>$')) { $outputs[$m.Groups['name'].Value] = $m.Groups['value'].Value }
        }
        $result | Add-Member -NotePropertyName Outputs -NotePropertyValue $outputs
        $result | Add-Member -NotePropertyName Summary -NotePropertyValue $(if (Test-Path $summary) { Get-Content $summary -Raw } else { '' }) -PassThru
    }

    function Get-SummaryRow {
        <# The cells of each row of the summary's first table (without the header and the separator). #>
        param([string] $Summary)
        $lines = @($Summary -split "`n" | Where-Object { $_ -like '|*' })
        foreach ($line in $lines | Select-Object -Skip 2) {
            if ($line -like '| Integration | Error |*') { break }
            , @($line.Trim().Trim('|') -split '(?<!\\)\|' | ForEach-Object Trim)
        }
    }
}

AfterAll {
    if ($script:Emulator) { Stop-TestEmulator $Emulator }
}

Describe 'action.yml' {
    It 'is a composite action whose pwsh steps run action/Invoke-PSGitHubSyncAction.ps1 with the inputs as environment variables' {
        $Action.runs.using | Should -Be 'composite'
        @($Action.inputs.Keys) | Should -Be @('command', 'definitions', 'integrations', 'version', 'repository', 'secret-policy', 'shard')
        $Action.inputs.repository.default | Should -Be 'PSGallery'
        $Action.inputs.command.default | Should -Be 'backup'
        $scriptText = Get-Content (Join-Path $RepoRoot 'action/Invoke-PSGitHubSyncAction.ps1') -Raw
        foreach ($step in $Action.runs.steps | Where-Object { $_.Contains('run') }) {
            $step['shell'] | Should -Be 'pwsh'
            $step['run'] | Should -Match 'action/Invoke-PSGitHubSyncAction\.ps1'
            $step['run'] | Should -Not -Match '\$\{\{' -Because 'inputs reach the script through env, never pasted into its text'
            foreach ($name in $step['env'].Keys) { $scriptText | Should -Match "\`$env:$name\b" -Because "the script reads $name" }
        }
        @($Action.outputs.Keys) | Should -Be @('results', 'failed', 'version')
    }

    It 'caches the module folder per version with actions/cache' {
        $cache = @($Action.runs.steps | Where-Object { $_.Contains('uses') -and $_['uses'] -like 'actions/cache@*' })
        $cache.Count | Should -Be 1
        $cache[0]['with']['key'] | Should -Match '\$\{\{ steps\.resolve\.outputs\.version \}\}'
        $run = @($Action.runs.steps | Where-Object { $_['id'] -eq 'run' })[0]
        $run['env']['PSGITHUBSYNC_ACTION_MODULE_ROOT'] | Should -Be $cache[0]['with']['path']
    }
}

Describe 'The action run as written, installing from a local repository' {
    BeforeAll {
        $script:Resolve = Invoke-ActionStep resolve -Inputs @{ repository = $LocalRepository }
        $script:ResolvedVersion = $Resolve.Outputs['version']
        $script:First = Invoke-ActionStep run -Inputs @{ repository = $LocalRepository } -Context @{ 'steps.resolve.outputs.version' = $ResolvedVersion }
        $script:Second = Invoke-ActionStep run -Inputs @{ repository = $LocalRepository; integrations = 'payments, orders' } -Context @{ 'steps.resolve.outputs.version' = $ResolvedVersion }
    }

    It 'resolves the newest version in the repository' {
        $Resolve.ExitCode | Should -Be 0
        $ResolvedVersion | Should -Be $Version
    }

    It 'installs the module into the cached folder, runs every backup and fails the step for the failed integration' {
        $First.Output | Should -Match "PSGitHubSync $([regex]::Escape($Version)) installed to"
        Test-Path (Join-Path $RunnerTemp "psgithubsync-modules/PSGitHubSync/$Version/PSGitHubSync.psd1") | Should -BeTrue
        $First.ExitCode | Should -Be 1
        $First.Output | Should -Match '::error title=PSGitHubSync orders-on-missing-branch::BranchNotFound'
        $First.Outputs['failed'] | Should -Be '1'
    }

    It 'writes the job summary as a markdown table, one row per integration, and the errors' {
        $First.Summary | Should -Match "### PSGitHubSync $([regex]::Escape($Version)): backup \(Invoke-CollectionBackup\)"
        $First.Summary | Should -Match '\| Integration \| Status \| Repository \| Branch \| Files \| Commit \|'
        $rows = @(Get-SummaryRow $First.Summary)
        $rows.Count | Should -Be 3
        $byName = @{}; foreach ($row in $rows) { $byName[$row[0]] = $row }
        $byName['payments'][1] | Should -Be 'Created'
        $byName['payments'][2] | Should -Be 'contoso/api-backups'
        $byName['payments'][5] | Should -Match '^\[`[0-9a-f]{7}`\]\(.+/commit/[0-9a-f]{40}\)$'
        $byName['orders'][1] | Should -Be 'Created'
        $byName['orders-on-missing-branch'][1] | Should -Be 'Failed'
        $First.Summary | Should -Match '\| orders-on-missing-branch \| `[^`]*BranchNotFound[^`]*` \|'
    }

    It 'sets the results output as JSON with each integration, its status and commit' {
        $json = $First.Outputs['results'] | ConvertFrom-Json
        $json.command | Should -Be 'backup'
        $json.version | Should -Be $Version
        $payments = @($json.results | Where-Object integration -EQ 'payments')
        $payments.Count | Should -Be 1
        $payments[0].status | Should -Be 'Created'
        $payments[0].failed | Should -BeFalse
        $log = Invoke-EmulatorControl $Emulator 'repos/contoso/api-backups/log/main'
        @($log).sha | Should -Contain $payments[0].commit
        @($json.results | Where-Object failed).integration | Should -Be @('orders-on-missing-branch')
        @($json.errors).integration | Should -Contain 'orders-on-missing-branch'
    }

    It 'uses the cached module on the next run, selects integrations by name and passes when all succeed' {
        $Second.Output | Should -Match "PSGitHubSync $([regex]::Escape($Version)) restored from the cache"
        $Second.ExitCode | Should -Be 0
        $Second.Outputs['failed'] | Should -Be '0'
        $rows = @(Get-SummaryRow $Second.Summary)
        @($rows | ForEach-Object { $_[0] }) | Sort-Object | Should -Be @('orders', 'payments')
        @($rows | ForEach-Object { $_[1] }) | Should -Be @('Unchanged', 'Unchanged')
        $Second.Summary | Should -Not -Match '\*\*Errors\*\*'
    }

    It 'passes shard to the cmdlet: the jobs of a matrix run every integration exactly once between them' {
        $all = @(Get-SummaryRow $First.Summary | ForEach-Object { $_[0] }) | Sort-Object
        $shards = foreach ($shard in '1/2', '2/2') {
            $run = Invoke-ActionStep run -Inputs @{ repository = $LocalRepository; shard = $shard } -Context @{ 'steps.resolve.outputs.version' = $ResolvedVersion }
            , @(Get-SummaryRow $run.Summary | ForEach-Object { $_[0] })
        }
        $all.Count | Should -BeGreaterThan 1
        @($shards[0]).Count + @($shards[1]).Count | Should -Be $all.Count
        (@($shards[0]) + @($shards[1]) | Sort-Object) | Should -Be $all
    }

    It 'runs Test-BackupIntegration with command: test and fails on a failed check' {
        $test = Invoke-ActionStep run -Inputs @{ repository = $LocalRepository; command = 'test' } -Context @{ 'steps.resolve.outputs.version' = $ResolvedVersion }
        $test.Summary | Should -Match '\| Integration \| Check \| Status \| Detail \| Fix \|'
        $rows = @(Get-SummaryRow $test.Summary)
        $failed = @($rows | Where-Object { $_[2] -eq 'Failed' })
        @($failed | ForEach-Object { $_[0] }) | Should -Be @('orders-on-missing-branch')
        @($rows | Where-Object { $_[0] -eq 'payments' })[0][2] | Should -Be 'Passed'
        $test.ExitCode | Should -Be 1
        $test.Outputs['failed'] | Should -Be '1'
    }

    It 'refuses an unknown command and a secret policy on a schema sync with an annotation, before running anything' {
        $unknown = Invoke-ActionStep run -Inputs @{ repository = $LocalRepository; command = 'restore' } -Context @{ 'steps.resolve.outputs.version' = $ResolvedVersion }
        $unknown.ExitCode | Should -Be 1
        $unknown.Output | Should -Match "::error title=PSGitHubSync::The command 'restore' is not one of: backup, schema-sync, test\."
        $policy = Invoke-ActionStep run -Inputs @{ repository = $LocalRepository; command = 'schema-sync'; 'secret-policy' = 'keep' } -Context @{ 'steps.resolve.outputs.version' = $ResolvedVersion }
        $policy.ExitCode | Should -Be 1
        $policy.Output | Should -Match "'secret-policy' applies to the backup command only"
    }

    It 'takes a pinned version as is, and fails the run when the repository does not have it' {
        $pinned = Invoke-ActionStep resolve -Inputs @{ repository = $LocalRepository; version = '99.0.0' }
        $pinned.ExitCode | Should -Be 0
        $pinned.Outputs['version'] | Should -Be '99.0.0'
        $missing = Invoke-ActionStep run -Inputs @{ repository = $LocalRepository; version = '99.0.0' } -Context @{ 'steps.resolve.outputs.version' = '99.0.0' }
        $missing.ExitCode | Should -Be 1
        $missing.Output | Should -Match "::error title=PSGitHubSync::PSGitHubSync 99\.0\.0 could not be installed from the repository '$([regex]::Escape($LocalRepository))'"
        Test-Path (Join-Path $RunnerTemp 'psgithubsync-modules/PSGitHubSync/99.0.0') | Should -BeFalse
    }
}
