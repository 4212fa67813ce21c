#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }

<#
    -Shard k/n on the running cmdlets, with the BUILT module ($env:PSGITHUBSYNC_MODULE) against the
    loopback emulator: every integration runs in exactly one shard, a bad value is ShardInvalid before
    anything runs, and two shards running at once as two processes on the same repository and branch
    both land, on a fast-forward history (the race handling of the commit).

    Which shard a name falls in is fixed by the hash (pinned in the xunit ShardTests):
      n = 2: 1 = alpha, echo, foxtrot     2 = bravo, charlie, delta
      n = 3: 1 = alpha, echo, foxtrot     2 = charlie                  3 = bravo, delta
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module $env:PSGITHUBSYNC_MODULE -Force
    Clear-TestProxyEnvironment
    $env:PSGS_SHARD_GITHUB_TOKEN = Get-TestToken ClassicFull
    $env:PSGS_SHARD_POSTMAN_KEY = Get-TestToken PostmanKey
    $script:Names = 'alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'

    function New-ShardWorld {
        <# A folder with one exported collection per name and a definitions file backing each up to its own folder of contoso/api-backups main. #>
        param([Parameter(Mandatory)] $Emulator)
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N').Substring(0, 12))
        New-Item -ItemType Directory -Path $folder | Out-Null
        $entries = foreach ($name in $script:Names) {
            $collection = [ordered]@{
                info = [ordered]@{ _postman_id = [guid]::NewGuid().ToString(); name = "$name API"; schema = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }
                item = @([ordered]@{ name = "Get $name"; request = [ordered]@{ method = 'GET'; url = "https://api.example.com/$name" } })
            }
            [IO.File]::WriteAllText((Join-Path $folder "$name.json"), ($collection | ConvertTo-Json -Depth 10), [Text.UTF8Encoding]::new($false))
            "  - name: $name`n    type: collection-backup`n    source: { file: ./$name.json }`n    repository: contoso/api-backups`n    branch: main`n    directory: shards/$name`n"
        }
        $text = "version: 1`ndefaults:`n  github:`n    server: $($Emulator.Server)`n    token: env:PSGS_SHARD_GITHUB_TOKEN`n  postman:`n    server: $($Emulator.Postman)`n    apiKey: env:PSGS_SHARD_POSTMAN_KEY`nintegrations:`n" + ($entries -join '')
        $path = Join-Path $folder 'psgithubsync.yml'
        [IO.File]::WriteAllText($path, $text, [Text.UTF8Encoding]::new($false))
        $path
    }

    function Get-BranchPath {
        param([Parameter(Mandatory)] $Emulator)
        @((Invoke-EmulatorControl $Emulator 'repos/contoso/api-backups/branches/main/files').PSObject.Properties.Name)
    }

    function Start-ShardProcess {
        <#
            A fresh PowerShell that imports the module, says it is ready, waits for $Go to exist, runs
            Invoke-CollectionBackup -Shard $Shard and writes its results and verbose text to $ResultPath as JSON.
        #>
        param([string] $Definitions, [string] $Shard, [string] $Ready, [string] $Go, [string] $ResultPath)
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$env:PSGITHUBSYNC_MODULE'
Set-Content -Path '$Ready' -Value ready
while (-not (Test-Path '$Go')) { Start-Sleep -Milliseconds 5 }
`$output = Invoke-CollectionBackup -Path '$Definitions' -Shard '$Shard' -Verbose 4>&1 -ErrorVariable failures
[ordered]@{
    results = @(`$output | Where-Object { `$_ -is [PSGitHubSync.BackupResult] } | ForEach-Object { [ordered]@{ name = `$_.Name; status = [string] `$_.Status; commitSha = `$_.CommitSha } })
    verbose = @(`$output | Where-Object { `$_ -is [Management.Automation.VerboseRecord] } | ForEach-Object Message)
    errors  = @(`$failures | ForEach-Object { `$_.FullyQualifiedErrorId })
} | ConvertTo-Json -Depth 5 | Set-Content -Path '$ResultPath' -Encoding utf8
"@
        $scriptPath = Join-Path $TestDrive ("shard-{0}.ps1" -f [guid]::NewGuid().ToString('N'))
        Set-Content -Path $scriptPath -Value $script -Encoding utf8
        Start-TestPwsh -Argument @('-NoProfile', '-NonInteractive', '-File', $scriptPath) | Add-Member -NotePropertyName ResultPath -NotePropertyValue $ResultPath -PassThru
    }
}

Describe '-Shard k/n' {
    BeforeAll { $script:E = Start-TestEmulator }
    AfterAll { Stop-TestEmulator $script:E }

    It '<Command> refuses <Value> with ShardInvalid before anything runs, naming the fix' -TestCases @(
        @{ Command = 'Invoke-CollectionBackup'; Value = '4/3'; Expected = 'from 1 to 3' }
        @{ Command = 'Invoke-CollectionBackup'; Value = 'two'; Expected = 'k/n' }
        @{ Command = 'Sync-ApiSchema'; Value = '0/2'; Expected = 'from 1 to 2' }
        @{ Command = 'Test-BackupIntegration'; Value = '1/0'; Expected = 'number of jobs' }
        @{ Command = 'Test-BackupIntegration'; Value = '1-3'; Expected = 'System.JobPositionInPhase' }
    ) {
        param($Command, $Value, $Expected)
        $definitions = New-ShardWorld $E
        Invoke-EmulatorControl $E 'statistics' -Method Delete | Out-Null
        $failure = $null
        try { & $Command -Path $definitions -Shard $Value -ErrorAction Stop | Out-Null } catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        $failure.FullyQualifiedErrorId | Should -BeLike 'ShardInvalid,*'
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure.TargetObject | Should -Be $Value
        $failure.Exception.Message | Should -BeLike "*$Expected*"
        (Invoke-EmulatorControl $E 'statistics').totalRequests | Should -Be 0 -Because 'nothing runs with a bad -Shard'
    }

    It 'Invoke-CollectionBackup -WhatIf: the three shards of 3 run every integration exactly once, each saying how many' {
        $definitions = New-ShardWorld $E
        $byShard = @{}
        foreach ($k in 1..3) {
            $output = Invoke-CollectionBackup -Path $definitions -Shard "$k/3" -WhatIf -Verbose 4>&1
            $byShard[$k] = @($output | Where-Object { $_ -is [PSGitHubSync.BackupResult] } | ForEach-Object Name)
            $verbose = @($output | Where-Object { $_ -is [Management.Automation.VerboseRecord] } | ForEach-Object Message) -join "`n"
            $verbose | Should -Match ([regex]::Escape("Shard $k/3 runs $($byShard[$k].Count) of the 6 selected integration(s)"))
        }
        $byShard[1] | Should -Be @('alpha', 'echo', 'foxtrot')
        $byShard[2] | Should -Be @('charlie')
        $byShard[3] | Should -Be @('bravo', 'delta')
        @($byShard.Values | ForEach-Object { $_ }) | Sort-Object | Should -Be ($script:Names | Sort-Object)
    }

    It 'a shard takes its share of what -Name selected; a shard with nothing to run succeeds quietly' {
        $definitions = New-ShardWorld $E
        $output = Invoke-CollectionBackup -Path $definitions -Name 'alpha', 'bravo', 'charlie' -Shard 3/3 -WhatIf -Verbose 4>&1
        @($output | Where-Object { $_ -is [PSGitHubSync.BackupResult] } | ForEach-Object Name) | Should -Be @('bravo')
        (@($output | Where-Object { $_ -is [Management.Automation.VerboseRecord] } | ForEach-Object Message) -join "`n") | Should -Match 'Shard 3/3 runs 1 of the 3 selected integration\(s\): bravo\.'

        Invoke-EmulatorControl $E 'statistics' -Method Delete | Out-Null
        $none = Invoke-CollectionBackup -Path $definitions -Name 'charlie' -Shard 1/3 -Verbose 4>&1 -ErrorVariable failures
        @($none | Where-Object { $_ -is [PSGitHubSync.BackupResult] }) | Should -HaveCount 0
        $failures | Should -HaveCount 0
        (@($none | ForEach-Object Message) -join "`n") | Should -Match 'Shard 1/3 runs 0 of the 1 selected'
        (Invoke-EmulatorControl $E 'statistics').totalRequests | Should -Be 0
    }

    It 'Get-BackupIntegration -Shard lists what each shard of 3 runs' {
        $definitions = New-ShardWorld $E
        @(Get-BackupIntegration -Path $definitions -Shard 1/3 | ForEach-Object Name) | Should -Be @('alpha', 'echo', 'foxtrot')
        @(Get-BackupIntegration -Path $definitions -Shard 3/3 -Name 'b*', 'd*' | ForEach-Object Name) | Should -Be @('bravo', 'delta')
        { Get-BackupIntegration -Path $definitions -Shard 1/x } | Should -Throw -ErrorId 'ShardInvalid,PSGitHubSync.Commands.GetBackupIntegrationCommand'
    }

    It 'Test-BackupIntegration and Sync-ApiSchema take the same shares (piped integrations too)' {
        $definitions = New-ShardWorld $E
        @(Test-BackupIntegration -Path $definitions -Shard 2/2 | ForEach-Object Integration) | Should -Be @('bravo', 'charlie', 'delta')
        @(Get-BackupIntegration -Path $definitions | Test-BackupIntegration -Shard 1/2 | ForEach-Object Integration) | Should -Be @('alpha', 'echo', 'foxtrot')
        $verbose = Sync-ApiSchema -Path $definitions -Shard 1/2 -Verbose 4>&1 -ErrorVariable failures
        $failures | Should -HaveCount 0 -Because 'a file without schema-sync integrations selects none (and the shard none of them)'
        @($verbose | Where-Object { $_ -is [PSGitHubSync.SchemaSyncResult] }) | Should -HaveCount 0
    }
}

Describe 'two shards running at once on one repository and branch' {
    BeforeAll {
        $script:E = Start-TestEmulator
        # Slow answers (the same for both processes) keep both runs between reading the head and moving it at the same time.
        Invoke-EmulatorControl $E 'latency' -Method Post -Body @{ milliseconds = 150 } | Out-Null
    }
    AfterAll { Stop-TestEmulator $script:E }

    It 'both shards'' files are on the branch, each run made one commit, and the history is a fast-forward line' {
        $definitions = New-ShardWorld $E
        $before = (Get-BranchLog $E)[0].sha
        Invoke-EmulatorControl $E 'statistics' -Method Delete | Out-Null

        $go = Join-Path $TestDrive ("go-{0}" -f [guid]::NewGuid().ToString('N'))
        $runs = foreach ($k in 1, 2) {
            Start-ShardProcess -Definitions $definitions -Shard "$k/2" -Ready (Join-Path $TestDrive "ready-$k-$(Split-Path $go -Leaf)") -Go $go -ResultPath (Join-Path $TestDrive "result-$k-$(Split-Path $go -Leaf).json")
        }
        $readyFiles = foreach ($k in 1, 2) { Join-Path $TestDrive "ready-$k-$(Split-Path $go -Leaf)" }
        $deadline = [DateTime]::UtcNow.AddSeconds(90)
        while (@($readyFiles | Where-Object { -not (Test-Path $_) }).Count -gt 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
        Set-Content -Path $go -Value go    # both start their backup now
        foreach ($run in $runs) {
            $finished = Wait-TestPwsh $run
            $finished.ExitCode | Should -Be 0 -Because $finished.Error
        }
        $shard1, $shard2 = foreach ($run in $runs) { Get-Content $run.ResultPath -Raw | ConvertFrom-Json }

        @($shard1.results.name) | Should -Be @('alpha', 'echo', 'foxtrot')
        @($shard2.results.name) | Should -Be @('bravo', 'charlie', 'delta')
        @($shard1.errors) + @($shard2.errors) | Should -HaveCount 0
        @($shard1.results.status) + @($shard2.results.status) | Should -Be @('Created', 'Created', 'Created', 'Created', 'Created', 'Created')

        # Both commits are on main, one on top of the other, on top of what was there: nothing was forced over.
        $log = Get-BranchLog $E
        $commit1 = @($shard1.results.commitSha | Select-Object -Unique)
        $commit2 = @($shard2.results.commitSha | Select-Object -Unique)
        $commit1 | Should -HaveCount 1 -Because 'one commit per repository and branch per run'
        $commit2 | Should -HaveCount 1
        $top = @($log[0].sha, $log[1].sha)
        $top | Should -Contain $commit1[0]
        $top | Should -Contain $commit2[0]
        @($log[0].parents) | Should -Be @($log[1].sha)
        @($log[1].parents) | Should -Be @($before)

        $paths = Get-BranchPath $E
        foreach ($name in $script:Names) { $paths | Should -Contain "shards/$name/$name API.postman_collection.json" }
        # The state file written last kept what the other shard recorded.
        $state = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String((Invoke-EmulatorControl $E 'repos/contoso/api-backups/branches/main/files').'.psgithubsync/backup-state.json'))
        foreach ($name in $script:Names) { $state | Should -Match ([regex]::Escape("shards/$name/")) }

        # They did race: the run that moved the branch second found it moved and rebuilt its commit on the new head.
        $statistics = Invoke-EmulatorControl $E 'statistics'
        $statistics.requestsByEndpoint.'PATCH /repos/{owner}/{repo}/git/refs/{ref}' | Should -BeGreaterThan 2 -Because 'one fast-forward was refused and retried'
        ((@($shard1.verbose) + @($shard2.verbose)) -join "`n") | Should -Match 'moved while committing'
    }
}
