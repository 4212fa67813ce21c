#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }

<#
    The files under examples/ run as written, against the loopback emulator:
    - scheduled-task/Invoke-ScheduledBackup.ps1 is started the way Task Scheduler and systemd start it
      (pwsh -NoProfile -NonInteractive -File ...), importing PSGitHubSync BY NAME from a module path that holds
      the built module, and its JSON Lines log is checked line by line (a success and an error);
    - the systemd units have the keys they need and start that script with parameters it has;
    - the Windows registration script parses and uses only ScheduledTasks commands and parameters that exist;
    - azure-pipelines.yml parses as YAML, declares the action's inputs, and its step calls
      azure-pipelines/Invoke-PSGitHubSyncStep.ps1 with parameters it has; that script is run as written:
      Install-PSResource from a local PSResource repository (into a private HOME), one shard of a parallel job.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Clear-TestProxyEnvironment
    $script:Examples = Join-Path $PSScriptRoot '../../examples' | Resolve-Path | ForEach-Object Path
    $script:TaskScript = Join-Path $Examples 'scheduled-task/Invoke-ScheduledBackup.ps1'
    $script:StepScript = Join-Path $Examples 'azure-pipelines/Invoke-PSGitHubSyncStep.ps1'
    # The built module's folder (out/PSGitHubSync) sits in out/: that folder goes on PSModulePath, so 'Import-Module PSGitHubSync' finds it.
    $script:ModuleFolder = Split-Path (Split-Path $env:PSGITHUBSYNC_MODULE -Parent) -Parent
    $script:ModuleVersion = (Import-PowerShellDataFile $env:PSGITHUBSYNC_MODULE).ModuleVersion
    $script:Token = Get-TestToken ClassicFull

    function New-ExampleWorld {
        <# Two exported collections and a definitions file: 'payments-backup' can push, 'readonly-backup' cannot (PushDenied). #>
        param([Parameter(Mandatory)] $Emulator, [string] $TokenReference = 'env:PSGS_EXAMPLE_GITHUB_TOKEN')
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N').Substring(0, 12))
        New-Item -ItemType Directory -Path $folder | Out-Null
        foreach ($name in 'payments', 'readonly') {
            $collection = [ordered]@{
                info = [ordered]@{ _postman_id = [guid]::NewGuid().ToString(); name = "$name API"; schema = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }
                item = @([ordered]@{ name = "List $name"; request = [ordered]@{ method = 'GET'; url = "https://api.example.com/$name" } })
            }
            [IO.File]::WriteAllText((Join-Path $folder "$name.json"), ($collection | ConvertTo-Json -Depth 10), [Text.UTF8Encoding]::new($false))
        }
        $text = @"
version: 1
defaults:
  github:
    server: $($Emulator.Server)
    token: $TokenReference
integrations:
  - name: payments-backup
    type: collection-backup
    source: { file: ./payments.json }
    repository: contoso/api-backups
    branch: main
  - name: readonly-backup
    type: collection-backup
    source: { file: ./readonly.json }
    repository: contoso/readonly
    branch: main

"@
        $path = Join-Path $folder 'psgithubsync.yml'
        [IO.File]::WriteAllText($path, $text, [Text.UTF8Encoding]::new($false))
        $path
    }

    function Invoke-ExampleScript {
        <#
            Starts `pwsh -NoProfile -NonInteractive -File <Script> <Arguments>` as a scheduler would, with the built
            module's folder first on PSModulePath, and returns the exit code and output.
        #>
        param([Parameter(Mandatory)] [string] $Script, [string[]] $Arguments = @(), [hashtable] $Environment = @{})
        $all = @{ PSModulePath = $script:ModuleFolder + [IO.Path]::PathSeparator + $env:PSModulePath } + $Environment
        Wait-TestPwsh (Start-TestPwsh -Argument (@('-NoProfile', '-NonInteractive', '-File', $Script) + $Arguments) -Environment $all) -Seconds 300
    }

    function Read-JsonLines {
        param([Parameter(Mandatory)] [string] $Path)
        @(Get-Content -LiteralPath $Path | Where-Object { $_ } | ForEach-Object { $_ | ConvertFrom-Json })
    }

    function Get-ScriptParameterName {
        <# The parameter names a script declares (from its AST). #>
        param([Parameter(Mandatory)] [string] $Path)
        $tokens = $null; $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref] $tokens, [ref] $errors)
        @($ast.ParamBlock.Parameters | ForEach-Object { $_.Name.VariablePath.UserPath })
    }
}

Describe 'examples/scheduled-task/Invoke-ScheduledBackup.ps1, run as the task runs it' {
    BeforeAll {
        $script:E = Start-TestEmulator
        $env:PSGS_EXAMPLE_GITHUB_TOKEN = $Token
    }
    AfterAll {
        Stop-TestEmulator $script:E
        Remove-Item env:PSGS_EXAMPLE_GITHUB_TOKEN -ErrorAction SilentlyContinue
    }

    It 'logs one JSON line per result and per error, with commit SHAs and error ids, and exits 1 when one failed' {
        $definitions = New-ExampleWorld $E
        $log = Join-Path $TestDrive 'logs/nightly/backup.jsonl'   # the folder does not exist yet
        $run = Invoke-ExampleScript $TaskScript -Arguments @('-DefinitionFile', $definitions, '-LogPath', $log)
        $run.ExitCode | Should -Be 1 -Because "$($run.Output)$($run.Error)"

        $lines = Read-JsonLines $log
        $lines[0].kind | Should -Be 'start'
        $lines[1].kind | Should -Be 'module'
        $lines[-1].kind | Should -Be 'end'
        @($lines | Where-Object kind -EQ 'result') | Should -HaveCount 2
        @($lines | Where-Object kind -EQ 'error') | Should -HaveCount 1
        @($lines.run | Select-Object -Unique) | Should -HaveCount 1
        foreach ($line in $lines) { [DateTime]::Parse($line.time, [Globalization.CultureInfo]::InvariantCulture) | Should -BeOfType [DateTime] }
        $lines[0].command | Should -Be 'Invoke-CollectionBackup'
        $lines[0].definitionFile | Should -Be $definitions
        $lines[1].version | Should -Be $ModuleVersion

        $ok = $lines | Where-Object { $_.kind -eq 'result' -and $_.integration -eq 'payments-backup' }
        $ok.status | Should -Be 'Created'
        $ok.repository | Should -Be 'contoso/api-backups'
        $ok.branch | Should -Be 'main'
        $ok.commitSha | Should -Be (Get-BranchHead $E)
        $ok.commitUrl | Should -Match $ok.commitSha
        @($ok.files.path) | Should -Be @('Postman Collections/payments API.postman_collection.json')

        $failed = $lines | Where-Object { $_.kind -eq 'result' -and $_.integration -eq 'readonly-backup' }
        $failed.status | Should -Be 'Failed'
        $failure = $lines | Where-Object kind -EQ 'error'
        $failure.integration | Should -Be 'readonly-backup'
        $failure.errorId | Should -Be 'PushDenied'
        $failure.category | Should -Be 'PermissionDenied'
        $failure.fullyQualifiedErrorId | Should -BeLike 'PushDenied,*'
        $failure.message | Should -Match 'contoso/readonly'

        $lines[-1].results | Should -Be 2
        $lines[-1].errors | Should -Be 1
        $lines[-1].exitCode | Should -Be 1
        # Standard output carries the same lines (the journal of a systemd service).
        @($run.Output -split "`n" | Where-Object { $_.StartsWith('{') }) | Should -HaveCount $lines.Count
        (Get-Content -LiteralPath $log -Raw) | Should -Not -Match ([regex]::Escape($Token))
    }

    It 'appends: a second run adds its own lines (Unchanged, no commit) after the first run''s' {
        $definitions = New-ExampleWorld $E
        $log = Join-Path $TestDrive 'append.jsonl'
        (Invoke-ExampleScript $TaskScript -Arguments @('-DefinitionFile', $definitions, '-LogPath', $log, '-Name', 'payments-backup')).ExitCode | Should -Be 0
        $head = Get-BranchHead $E
        # As a task or unit writes it: one argument '-Name a,b' (pwsh -File does not split it).
        (Invoke-ExampleScript $TaskScript -Arguments @('-DefinitionFile', $definitions, '-LogPath', $log, '-Name', 'payments-backup,payments-*')).ExitCode | Should -Be 0
        $lines = Read-JsonLines $log
        @($lines.run | Select-Object -Unique) | Should -HaveCount 2
        $results = @($lines | Where-Object kind -EQ 'result')
        $results | Should -HaveCount 2
        $results[0].status | Should -BeIn @('Created', 'Updated')
        $results[1].status | Should -Be 'Unchanged'
        $results[1].commitSha | Should -BeNullOrEmpty
        Get-BranchHead $E | Should -Be $head
    }

    It 'takes the tokens from systemd''s $CREDENTIALS_DIRECTORY when the file''s reference does not resolve' {
        $definitions = New-ExampleWorld $E -TokenReference 'env:PSGS_EXAMPLE_NOT_SET'
        $credentials = Join-Path $TestDrive 'credentials'
        New-Item -ItemType Directory -Path $credentials -Force | Out-Null
        [IO.File]::WriteAllText((Join-Path $credentials 'github-token'), "$Token`n")
        $log = Join-Path $TestDrive 'credentials.jsonl'
        $run = Invoke-ExampleScript $TaskScript -Arguments @('-DefinitionFile', $definitions, '-LogPath', $log, '-Name', 'payments-backup') -Environment @{ CREDENTIALS_DIRECTORY = $credentials; PSGS_EXAMPLE_NOT_SET = $null }
        $run.ExitCode | Should -Be 0 -Because "$($run.Output)$($run.Error)"
        $lines = Read-JsonLines $log
        ($lines | Where-Object kind -EQ 'credential').name | Should -Be 'github-token'
        ($lines | Where-Object kind -EQ 'result').status | Should -BeIn @('Created', 'Updated', 'Unchanged')
        (Get-Content -LiteralPath $log -Raw) | Should -Not -Match ([regex]::Escape($Token))
    }

    It 'a run that cannot start at all is an error line and exit code 2 (<Case>)' -TestCases @(
        @{ Case = 'bad -Shard'; Arguments = @('-Shard', '3/2'); ErrorId = 'ShardInvalid' }
        @{ Case = 'definitions file missing'; Arguments = @('-DefinitionFile', '/nonexistent/psgithubsync.yml'); ErrorId = 'DefinitionFileNotFound' }
    ) {
        param($Case, $Arguments, $ErrorId)
        $definitions = New-ExampleWorld $E
        $log = Join-Path $TestDrive "cannot-start-$ErrorId.jsonl"
        $all = @('-DefinitionFile', $definitions, '-LogPath', $log) + $Arguments   # a later -DefinitionFile wins
        if ($Arguments[0] -eq '-DefinitionFile') { $all = @('-LogPath', $log) + $Arguments }
        $run = Invoke-ExampleScript $TaskScript -Arguments $all
        $run.ExitCode | Should -Be 2
        $lines = Read-JsonLines $log
        ($lines | Where-Object kind -EQ 'error').errorId | Should -Be $ErrorId
        $lines[-1].exitCode | Should -Be 2
    }
}

Describe 'examples/scheduled-task: the systemd units and the Windows registration' {
    BeforeAll {
        function Read-Unit {
            <# A systemd unit as section -> key -> list of values (keys may repeat). #>
            param([string] $Path)
            $unit = @{}; $section = $null
            foreach ($line in Get-Content -LiteralPath $Path) {
                if ($line -match '^\s*([#;].*)?$') { continue }
                if ($line -match '^\[(?<name>[^\]]+)\]$') { $section = $Matches.name; $unit[$section] = @{}; continue }
                $line | Should -Match '^[A-Za-z]+=' -Because "every line of $Path is a section, a comment or Key=Value"
                $key, $value = $line -split '=', 2
                if (-not $unit[$section].ContainsKey($key)) { $unit[$section][$key] = [Collections.Generic.List[string]]::new() }
                $unit[$section][$key].Add($value)
            }
            $unit
        }
        $script:Service = Read-Unit (Join-Path $Examples 'scheduled-task/systemd/psgithubsync-backup.service')
        $script:Timer = Read-Unit (Join-Path $Examples 'scheduled-task/systemd/psgithubsync-backup.timer')
    }

    It 'the service is a oneshot run as its own user, with tokens from LoadCredential and the network up' {
        $Service.Keys | Should -Contain 'Unit'
        $Service.Keys | Should -Contain 'Service'
        $Service.Service.Type | Should -Be 'oneshot'
        $Service.Service.User | Should -Not -BeNullOrEmpty
        @($Service.Service.LoadCredential | ForEach-Object { ($_ -split ':', 2)[0] }) | Should -Be @('github-token', 'postman-api-key') -Because 'the names Invoke-ScheduledBackup.ps1 reads from $CREDENTIALS_DIRECTORY'
        $Service.Unit.After | Should -Contain 'network-online.target'
        $Service.Unit.Wants | Should -Contain 'network-online.target'
    }

    It 'ExecStart starts pwsh with the example script and only parameters that script has' {
        $execStart = @($Service.Service.ExecStart)
        $execStart | Should -HaveCount 1
        $words = -split $execStart[0]
        $words[0] | Should -Match '/pwsh$'
        $words | Should -Contain '-NonInteractive'
        $file = $words[[array]::IndexOf($words, '-File') + 1]
        Split-Path $file -Leaf | Should -Be 'Invoke-ScheduledBackup.ps1'
        Test-Path (Join-Path $Examples "scheduled-task/$(Split-Path $file -Leaf)") | Should -BeTrue
        $scriptParameters = Get-ScriptParameterName $TaskScript
        $given = @($words | Select-Object -Skip ([array]::IndexOf($words, '-File') + 2) | Where-Object { $_ -like '-*' } | ForEach-Object { $_.TrimStart('-') })
        $given | Should -Contain 'DefinitionFile'
        $given | Should -Contain 'LogPath'
        foreach ($name in $given) { $scriptParameters | Should -Contain $name }
        # The log goes where the service may write: its LogsDirectory.
        $log = $words[[array]::IndexOf($words, '-LogPath') + 1]
        $log | Should -BeLike "/var/log/$($Service.Service.LogsDirectory)/*"
    }

    It 'the timer starts the service nightly, catches up after downtime, and is enabled by timers.target' {
        $Timer.Timer.OnCalendar | Should -Not -BeNullOrEmpty
        $Timer.Timer.Persistent | Should -Be 'true'
        $Timer.Timer.Unit | Should -Be 'psgithubsync-backup.service'
        $Timer.Install.WantedBy | Should -Be 'timers.target'
    }

    It 'systemd itself accepts both units (systemd-analyze verify, where installed)' {
        $analyze = Get-Command systemd-analyze -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if (-not $analyze) { Set-ItResult -Skipped -Because 'systemd-analyze is not installed here'; return }
        $folder = Join-Path $TestDrive 'units'
        New-Item -ItemType Directory -Path $folder -Force | Out-Null
        Copy-Item (Join-Path $Examples 'scheduled-task/systemd/*') $folder
        $output = & $analyze.Source verify --man=no (Join-Path $folder 'psgithubsync-backup.service') (Join-Path $folder 'psgithubsync-backup.timer') 2>&1 | ForEach-Object { "$_" }
        # pwsh need not be installed where the tests run; anything else systemd says is a mistake in a unit.
        @($output | Where-Object { $_ -and $_ -notmatch 'Command /usr/bin/pwsh is not executable' }) | Should -BeNullOrEmpty
    }

    It 'Register-BackupTask.ps1 parses and uses only ScheduledTasks commands and parameters that exist' {
        $path = Join-Path $Examples 'scheduled-task/Register-BackupTask.ps1'
        $tokens = $null; $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($path, [ref] $tokens, [ref] $errors)
        $errors | Should -HaveCount 0
        # The ScheduledTasks module's commands and their parameters (Windows), as documented; on Windows the real module is asked.
        $scheduledTasks = @{
            'New-ScheduledTaskAction'      = 'Execute', 'Argument', 'WorkingDirectory', 'Id'
            'New-ScheduledTaskTrigger'     = 'Daily', 'Weekly', 'Once', 'AtStartup', 'AtLogOn', 'At', 'DaysInterval', 'WeeksInterval', 'DaysOfWeek', 'RandomDelay', 'RepetitionInterval', 'RepetitionDuration', 'User'
            'New-ScheduledTaskSettingsSet' = 'StartWhenAvailable', 'RunOnlyIfNetworkAvailable', 'MultipleInstances', 'ExecutionTimeLimit', 'RestartCount', 'RestartInterval', 'AllowStartIfOnBatteries', 'DontStopIfGoingOnBatteries', 'Hidden', 'WakeToRun', 'Priority'
            'New-ScheduledTaskPrincipal'   = 'UserId', 'GroupId', 'LogonType', 'RunLevel', 'Id', 'ProcessTokenSidType', 'RequiredPrivilege'
            'Register-ScheduledTask'       = 'TaskName', 'TaskPath', 'Action', 'Trigger', 'Settings', 'Principal', 'Description', 'Force', 'User', 'Password', 'RunLevel', 'InputObject', 'Xml'
            'Get-ScheduledTask'            = 'TaskName', 'TaskPath'
        }
        $commands = $ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true)
        $used = @{}
        foreach ($command in $commands) {
            $name = $command.GetCommandName()
            if (-not $name) { continue }
            $parameters = @($command.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] } | ForEach-Object ParameterName)
            $real = Get-Command $name -ErrorAction SilentlyContinue
            if ($real) {
                if ($name -like '*ScheduledTask*') { $null = Get-Command $name -Syntax }
                foreach ($parameter in $parameters) {
                    ($real.Parameters.Keys + @($real.Parameters.Values.Aliases)) -contains $parameter | Should -BeTrue -Because "$name has a -$parameter parameter"
                }
            }
            else {
                $scheduledTasks.Keys | Should -Contain $name -Because "$name is a PowerShell command here or a ScheduledTasks command on Windows"
                $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
                foreach ($parameter in $parameters) { @($scheduledTasks[$name]) + $common | Should -Contain $parameter -Because "$name has a -$parameter parameter" }
            }
            $used[$name] = $true
        }
        foreach ($name in 'New-ScheduledTaskAction', 'New-ScheduledTaskTrigger', 'New-ScheduledTaskPrincipal', 'New-ScheduledTaskSettingsSet', 'Register-ScheduledTask') { $used.Keys | Should -Contain $name }
        # Splatted: the keys of the hashtable given to Register-ScheduledTask are its parameters too.
        $splat = $ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.AssignmentStatementAst] -and $node.Left.Extent.Text -eq '$register' }, $true)
        $keys = @($splat[0].Right.Expression.KeyValuePairs | ForEach-Object { $_.Item1.Value }) + @($ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.AssignmentStatementAst] -and $node.Left.Extent.Text -like '$register.*' }, $true) | ForEach-Object { $_.Left.Member.Value })
        $keys | Should -Contain 'TaskName'
        foreach ($key in $keys) { $scheduledTasks['Register-ScheduledTask'] | Should -Contain $key }
        # It starts the script that exists beside it, with parameters that script has.
        $scriptParameters = Get-ScriptParameterName $TaskScript
        $arguments = $ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.AssignmentStatementAst] -and $node.Left.Extent.Text -eq '$arguments' }, $true)[0].Right.Extent.Text
        foreach ($match in [regex]::Matches($arguments, "'-(?<name>[A-Za-z]+)'")) {
            if ($match.Groups['name'].Value -in 'NoProfile', 'NonInteractive', 'ExecutionPolicy', 'File') { continue }
            $scriptParameters | Should -Contain $match.Groups['name'].Value
        }
        (Get-ScriptParameterName $path) | Should -Contain 'ScriptPath'
        $ast.ParamBlock.Parameters.Where({ $_.Name.VariablePath.UserPath -eq 'ScriptPath' })[0].DefaultValue.Extent.Text | Should -Match 'Invoke-ScheduledBackup\.ps1'
    }
}

Describe 'examples/azure-pipelines.yml and its step script' {
    BeforeAll {
        # YAML -> JSON with the module's own YamlDotNet, in a fresh process (this one may hold another YamlDotNet).
        $yamlDll = Join-Path (Split-Path $env:PSGITHUBSYNC_MODULE -Parent) 'dependencies/YamlDotNet.dll'
        $pipelinePath = Join-Path $Examples 'azure-pipelines.yml'
        $convert = Invoke-FreshPwsh -Script @"
Add-Type -Path '$yamlDll'
`$reader = [IO.StringReader]::new([IO.File]::ReadAllText('$pipelinePath'))
`$graph = [YamlDotNet.Serialization.DeserializerBuilder]::new().Build().Deserialize(`$reader)
`$serializer = [YamlDotNet.Serialization.SerializerBuilder]::new().JsonCompatible().Build()
[Console]::Out.Write(`$serializer.Serialize(`$graph))
"@
        $convert.ExitCode | Should -Be 0 -Because $convert.Error
        $script:Pipeline = $convert.Output | ConvertFrom-Json -AsHashtable
        $script:PipelineText = Get-Content -LiteralPath $pipelinePath -Raw
    }

    It 'declares the action''s inputs as template parameters, and uses only those' {
        $declared = @($Pipeline.parameters | ForEach-Object { $_.name })
        foreach ($name in 'definitionsPath', 'names', 'command', 'moduleVersion', 'repository', 'secretPolicy', 'shard', 'parallel') { $declared | Should -Contain $name }
        ($Pipeline.parameters | Where-Object name -EQ 'command').values | Should -Be @('backup', 'schema-sync', 'test')
        foreach ($match in [regex]::Matches($PipelineText, '\$\{\{[^}]*?parameters\.(?<name>\w+)')) { $declared | Should -Contain $match.Groups['name'].Value }
    }

    It 'runs parallel jobs and calls the step script that exists, with parameters it has' {
        $PipelineText | Should -Match 'strategy:\s+parallel: \$\{\{ parameters\.parallel \}\}'
        $job = $Pipeline.jobs[0]
        $step = @($job.steps | Where-Object { $_.ContainsKey('task') -and $_.task -like 'PowerShell@*' })
        $step | Should -HaveCount 1
        $step[0].inputs.pwsh | Should -Be 'true'
        $step[0].inputs.targetType | Should -Be 'filePath'
        $step[0].inputs.filePath | Should -Be '$(Build.SourcesDirectory)/${{ parameters.scriptPath }}'
        $default = ($Pipeline.parameters | Where-Object name -EQ 'scriptPath').default
        Test-Path (Join-Path (Split-Path $Examples -Parent) $default) | Should -BeTrue
        (Join-Path (Split-Path $Examples -Parent) $default | Resolve-Path).Path | Should -Be (Resolve-Path $StepScript).Path
        # The arguments line is PowerShell (macros and template expressions stand for quoted text) naming parameters of the script.
        $arguments = $step[0].inputs.arguments -replace '\$\{\{[^}]+\}\}', 'x' -replace '\$\([^)]+\)', 'x'
        $tokens = $null; $errors = $null
        $null = [System.Management.Automation.Language.Parser]::ParseInput("& script $arguments", [ref] $tokens, [ref] $errors)
        $errors | Should -HaveCount 0
        $scriptParameters = Get-ScriptParameterName $StepScript
        $given = @($tokens | Where-Object Kind -EQ 'Parameter' | ForEach-Object { $_.ParameterName })
        $given | Should -Contain 'DefinitionsPath'
        $given | Should -Contain 'Shard'
        foreach ($name in $given) { $scriptParameters | Should -Contain $name }
        $step[0].env.GITHUB_TOKEN | Should -Be '$(GitHubToken)'
        $step[0].env.POSTMAN_API_KEY | Should -Be '$(PostmanApiKey)'
    }

    Context 'the step script, as the pipeline runs it' {
        BeforeAll {
            $script:E = Start-TestEmulator
            $script:AgentHome = Join-Path $TestDrive 'agent-home'
            New-Item -ItemType Directory -Path $AgentHome | Out-Null
            # The agent's environment: its own HOME (so the PSResource settings and CurrentUser modules are private to this
            # test), no PSGitHubSync on PSModulePath, the secret variables mapped as the template maps them.
            $script:AgentEnvironment = @{
                HOME = $AgentHome; XDG_DATA_HOME = $null; XDG_CONFIG_HOME = $null; XDG_CACHE_HOME = $null
                PSModulePath = $null
                GITHUB_TOKEN = $Token   # env: GITHUB_TOKEN: $(GitHubToken)
                BUILD_ARTIFACTSTAGINGDIRECTORY = (Join-Path $TestDrive 'staging')
            }
            New-Item -ItemType Directory -Path $AgentEnvironment.BUILD_ARTIFACTSTAGINGDIRECTORY | Out-Null
            # A local PSResource repository holding the built module, as a private feed would.
            $script:Feed = Join-Path $TestDrive 'feed'
            New-Item -ItemType Directory -Path $Feed | Out-Null
            $publish = Invoke-FreshPwsh -Environment $AgentEnvironment -Script @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name PublishFeed -Uri '$Feed' -Trusted
Publish-PSResource -Path '$(Split-Path $env:PSGITHUBSYNC_MODULE -Parent)' -Repository PublishFeed
Unregister-PSResourceRepository -Name PublishFeed
"@
            $publish.ExitCode | Should -Be 0 -Because $publish.Error
            $script:Definitions = New-ExampleWorld $E -TokenReference 'env:GITHUB_TOKEN'

            function Invoke-Step {
                <#
                    Runs the pipeline's step as Azure DevOps' PowerShell@2 task runs it: the YAML's own 'arguments' line, with
                    the template expressions and macros filled in, after ". '<filePath>'" in a wrapper script that ends with
                    the script's exit code; the job's position among the parallel jobs and the mapped secret in the environment.
                #>
                param([int] $Position, [int] $Total)
                $values = @{ definitionsPath = (Split-Path $Definitions -Leaf); names = ''; command = 'backup'; moduleVersion = $ModuleVersion
                    repository = 'ContosoFeed'; repositoryUri = $Feed; secretPolicy = 'redact'; shard = '' }
                $step = @($Pipeline.jobs[0].steps | Where-Object { $_.ContainsKey('task') })[0]
                $arguments = [regex]::Replace($step.inputs.arguments, '\$\{\{ parameters\.(?<name>\w+) \}\}', { param($m) $values[$m.Groups['name'].Value] })
                $arguments = $arguments.Replace('$(Build.SourcesDirectory)', (Split-Path $Definitions -Parent))
                $environment = $AgentEnvironment.Clone()
                $environment.SYSTEM_JOBPOSITIONINPHASE = $Position
                $environment.SYSTEM_TOTALJOBSINPHASE = $Total
                # PowerShell@2 (errorActionPreference: stop, ignoreLASTEXITCODE: false) wraps the script like this.
                Invoke-FreshPwsh -Environment $environment -Seconds 300 -Script @"
`$ErrorActionPreference = 'Stop'
. '$StepScript' $arguments
if ((Test-Path -LiteralPath variable:\LASTEXITCODE)) { exit `$LASTEXITCODE }
"@
            }
        }
        AfterAll { Stop-TestEmulator $script:E }

        It 'job 2 of 2: installs the module with Install-PSResource, runs its shard (the pushable integration) and succeeds' {
            $run = Invoke-Step -Position 2 -Total 2
            $run.ExitCode | Should -Be 0 -Because "$($run.Output)$($run.Error)"
            $run.Output | Should -Match 'Installing PSGitHubSync'
            Test-Path (Join-Path $AgentHome ".local/share/powershell/Modules/PSGitHubSync/$ModuleVersion/PSGitHubSync.psd1") | Should -BeTrue -Because 'Install-PSResource put it in the agent user''s module folder'
            $log = Join-Path $AgentEnvironment.BUILD_ARTIFACTSTAGINGDIRECTORY 'psgithubsync-2-of-2.jsonl'
            $lines = Read-JsonLines $log
            $lines[0].shard | Should -Be '2/2'
            $result = @($lines | Where-Object kind -EQ 'result')
            @($result.integration) | Should -Be @('payments-backup')
            $result[0].commitSha | Should -Be (Get-BranchHead $E)
            $run.Output | Should -Not -Match 'task.logissue type=error'
            $run.Output | Should -Match ([regex]::Escape("##vso[task.uploadsummary]$([IO.Path]::ChangeExtension($log, '.md'))"))
            $run.Output | Should -Match ([regex]::Escape("##vso[artifact.upload artifactname=psgithubsync-2-of-2]$log"))
            (Get-Content ([IO.Path]::ChangeExtension($log, '.md')) -Raw) | Should -Match "\| payments-backup \| Created \| $($result[0].commitSha.Substring(0, 7)) \|"
        }

        It 'job 1 of 2: the module is already installed; its integration fails, which is an Azure DevOps error and exit code 1' {
            $run = Invoke-Step -Position 1 -Total 2
            $run.ExitCode | Should -Be 1
            $run.Output | Should -Not -Match 'Installing PSGitHubSync'
            $lines = Read-JsonLines (Join-Path $AgentEnvironment.BUILD_ARTIFACTSTAGINGDIRECTORY 'psgithubsync-1-of-2.jsonl')
            @(($lines | Where-Object kind -EQ 'result').integration) | Should -Be @('readonly-backup')
            ($lines | Where-Object kind -EQ 'error').errorId | Should -Be 'PushDenied'
            $issue = @($run.Output -split "`n" | Where-Object { $_ -like '##vso`[task.logissue type=error*' })
            $issue | Should -HaveCount 1
            $issue[0] | Should -Match '^##vso\[task\.logissue type=error;code=PushDenied\]readonly-backup: '
            $run.Output | Should -Not -Match ([regex]::Escape($Token))
        }
    }
}
