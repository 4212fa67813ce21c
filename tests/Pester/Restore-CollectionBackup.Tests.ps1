#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }

<#
    Get-CollectionBackupHistory and Restore-CollectionBackup end to end: the BUILT module
    ($env:PSGITHUBSYNC_MODULE) against the standalone GitHub + Postman emulator. Two backups
    (the second after an edit in Postman), then the history piped into restore: to a file (bytes
    equal to the committed file, read with the real git CLI) and into Postman. The tests inside
    the context run in order.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module $env:PSGITHUBSYNC_MODULE -Force
    Clear-TestProxyEnvironment
    $script:RestoreId = 'PSGitHubSync.Commands.RestoreCollectionBackupCommand'
    $script:HistoryId = 'PSGitHubSync.Commands.GetCollectionBackupHistoryCommand'
    $script:OrdersPath = 'Postman Collections/Orders API.postman_collection.json'
    $env:PSGS_RCB_GITHUB_TOKEN = Get-TestToken ClassicFull
    $env:PSGS_RCB_POSTMAN_KEY = Get-TestToken PostmanKey

    function Get-OrdersSummary {
        param([Parameter(Mandatory)] $Emulator)
        $listed = Invoke-EmulatorControl $Emulator 'postman/workspaces/Payments/collections'
        @($listed) | Where-Object name -EQ 'Orders API' | Select-Object -First 1   # (@() around the call would nest the array)
    }

    function Get-OrdersItemName {
        <# The top-level item names of Orders API as Postman serves it now. #>
        param([Parameter(Mandatory)] $Emulator)
        $collection = Invoke-EmulatorControl $Emulator "postman/collections/$((Get-OrdersSummary $Emulator).id)"
        if ($collection.PSObject.Properties['collection']) { $collection = $collection.collection }
        @($collection.item | ForEach-Object name)
    }

    function Get-CommittedBytes {
        <# A file as committed at $Sha, read with the real git CLI from an export of the emulated repository. #>
        param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Sha, [Parameter(Mandatory)] [string] $Path)
        $bare = Export-EmulatorRepository $Emulator -Owner contoso -Repository api-backups
        try {
            # Raw bytes from git's stdout (PowerShell's pipeline would decode them as text).
            $start = [Diagnostics.ProcessStartInfo]::new('git')
            foreach ($argument in @("--git-dir=$bare", 'show', "${Sha}:$Path")) { $start.ArgumentList.Add($argument) }
            $start.RedirectStandardOutput = $true
            $start.UseShellExecute = $false
            $process = [Diagnostics.Process]::Start($start)
            $buffer = [IO.MemoryStream]::new()
            $process.StandardOutput.BaseStream.CopyTo($buffer)
            $process.WaitForExit()
            $process.ExitCode | Should -Be 0
            , $buffer.ToArray()
        }
        finally {
            Remove-Item $bare -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}

AfterAll {
    Remove-Item env:PSGS_RCB_GITHUB_TOKEN, env:PSGS_RCB_POSTMAN_KEY -ErrorAction SilentlyContinue
}

Describe 'Get-CollectionBackupHistory and Restore-CollectionBackup' {
    BeforeAll {
        $script:E = Start-TestEmulator
        $script:Defs = New-TestDefinitionFile $E -EnvironmentPrefix PSGS_RCB @'
  - name: payments
    type: collection-backup
    source: { workspace: Payments, collection: '*' }
    repository: contoso/api-backups
'@

        # Backup 1, then "Ship order" added to Orders API in Postman, then backup 2.
        $script:First = (Invoke-CollectionBackup -Path $Defs -ErrorAction Stop).CommitSha
        $summary = Get-OrdersSummary $E
        $collection = Invoke-EmulatorControl $E "postman/collections/$($summary.id)"
        if ($collection.PSObject.Properties['collection']) { $collection = $collection.collection }
        $collection.item = @($collection.item) + [pscustomobject]@{ name = 'Ship order'; request = [pscustomobject]@{ method = 'POST'; url = '{{baseUrl}}/orders/:id/shipments' } }
        Invoke-EmulatorControl $E "postman/collections/$($summary.id)" -Method Put -Body ($collection | ConvertTo-Json -Depth 50) | Out-Null
        $script:Second = (Invoke-CollectionBackup -Path $Defs -ErrorAction Stop).CommitSha
    }
    AfterAll { Stop-TestEmulator $script:E }

    It 'the setup made two different backup commits' {
        $First | Should -Match '^[0-9a-f]{40}$'
        $Second | Should -Match '^[0-9a-f]{40}$'
        $Second | Should -Not -Be $First
        Get-OrdersItemName $E | Should -Contain 'Ship order'
    }

    It 'lists the two versions of Orders API, newest first, as CollectionBackupVersion objects' {
        $versions = @(Get-CollectionBackupHistory -Path $Defs -Name payments -Collection 'Orders API')
        $versions.Count | Should -Be 2
        $versions[0].GetType().FullName | Should -Be 'PSGitHubSync.CollectionBackupVersion'
        $versions.CommitSha | Should -Be @($Second, $First)
        $versions[0].Path | Should -Be $OrdersPath
        $versions[0].Integration | Should -Be 'payments'
        $versions[0].Branch | Should -Be 'main'
        $versions[0].Message | Should -Be 'Back up Orders API'
        $versions[0].CommitUrl | Should -BeLike "*contoso/api-backups/commit/$Second"
        # The default view is a table with a short commit.
        ($versions | Out-String) | Should -Match ([regex]::Escape($Second.Substring(0, 7)))
        (Get-FormatData -TypeName PSGitHubSync.CollectionBackupVersion) | Should -Not -BeNullOrEmpty
    }

    It 'takes integrations from Get-BackupIntegration and limits with -First' {
        $versions = @(Get-BackupIntegration -Path $Defs | Get-CollectionBackupHistory -First 1)
        ($versions | Where-Object Collection -EQ 'Orders API').CommitSha | Should -Be $Second
        ($versions | Where-Object Collection -EQ 'Payments API').CommitSha | Should -Be $First
        $versions.Count | Should -Be 2
    }

    It '-WhatIf writes no file and does not touch Postman' {
        $out = Join-Path $TestDrive 'whatif.json'
        $before = Get-OrdersItemName $E
        $results = @(Get-CollectionBackupHistory -Path $Defs -Collection 'Orders API' | Select-Object -Last 1 | Restore-CollectionBackup -OutFile $out -WhatIf)
        $results += @(Get-CollectionBackupHistory -Path $Defs -Collection 'Orders API' | Select-Object -Last 1 | Restore-CollectionBackup -ToPostman -WhatIf)
        $results.Status | Should -Be @('WouldRestore', 'WouldRestore')
        Test-Path $out | Should -BeFalse
        Get-OrdersItemName $E | Should -Be $before
        Get-OrdersItemName $E | Should -Contain 'Ship order'
    }

    It 'history piped into restore writes the first version: the bytes of the first committed file' {
        $out = Join-Path $TestDrive 'orders-first.json'
        $result = Get-CollectionBackupHistory -Path $Defs -Collection 'Orders API' | Select-Object -Last 1 | Restore-CollectionBackup -OutFile $out
        $result.GetType().FullName | Should -Be 'PSGitHubSync.RestoreResult'
        $result.Status | Should -Be 'Restored'
        $result.CommitSha | Should -Be $First
        $result.Target | Should -Be $out
        $expected = Get-CommittedBytes $E $First $OrdersPath
        $actual = [IO.File]::ReadAllBytes($out)
        [Convert]::ToBase64String($actual) | Should -Be ([Convert]::ToBase64String($expected))
        [Text.Encoding]::UTF8.GetString($actual) | Should -Not -Match 'Ship order'
    }

    It '-OutFile without -Force refuses an existing file (FileExists), -Force replaces it' {
        $out = Join-Path $TestDrive 'existing.json'
        Set-Content -Path $out -Value 'keep me' -NoNewline
        $version = Get-CollectionBackupHistory -Path $Defs -Collection 'Orders API' | Select-Object -Last 1
        $result = $version | Restore-CollectionBackup -OutFile $out -ErrorVariable failures -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be "FileExists,$RestoreId"
        $failures[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        Get-Content -Path $out -Raw | Should -Be 'keep me'
        # also under -WhatIf: the refusal comes first
        $version | Restore-CollectionBackup -OutFile $out -WhatIf -ErrorVariable whatIfFailures -ErrorAction SilentlyContinue | Out-Null
        $whatIfFailures[0].FullyQualifiedErrorId | Should -Be "FileExists,$RestoreId"

        ($version | Restore-CollectionBackup -OutFile $out -Force).Status | Should -Be 'Restored'
        Get-Content -Path $out -Raw | Should -Match '"name": "Orders API"'
    }

    It '-ToPostman asks before replacing a Postman collection (ConfirmImpact High); -OutFile does not ask' {
        $before = Get-OrdersItemName $E
        $out = Join-Path $TestDrive 'no-prompt.json'
        # A non-interactive process cannot answer a prompt: asking shows as an error there, and nothing is replaced.
        $run = Invoke-FreshPwsh -Environment @{ PSGS_RCB_GITHUB_TOKEN = (Get-TestToken ClassicFull); PSGS_RCB_POSTMAN_KEY = (Get-TestToken PostmanKey) } -Script @"
Import-Module '$env:PSGITHUBSYNC_MODULE'
`$version = Get-CollectionBackupHistory -Path '$Defs' -Collection 'Orders API' | Select-Object -Last 1
`$toFile = `$version | Restore-CollectionBackup -OutFile '$out'
"file: `$(`$toFile.Status)"
try { `$version | Restore-CollectionBackup -ToPostman -ErrorAction Stop; 'postman: no prompt' } catch { "postman: asked (`$(`$_.Exception.GetType().Name)) `$(`$_.Exception.Message)" }
"@
        $run.Output | Should -Match 'file: Restored'
        $run.Output | Should -Match 'postman: asked .*NonInteractive'
        Get-OrdersItemName $E | Should -Be $before -Because 'nothing was replaced without an answer'
    }

    It 'restores into Postman: the old items come back, in the same collection' {
        $id = (Get-OrdersSummary $E).id
        $result = Get-CollectionBackupHistory -Path $Defs -Collection 'Orders API' | Select-Object -Last 1 | Restore-CollectionBackup -ToPostman -Confirm:$false
        $result.Status | Should -Be 'Restored'
        $result.Created | Should -BeFalse
        $result.Target | Should -BeLike 'Postman: *'
        (Get-OrdersSummary $E).id | Should -Be $id
        Get-OrdersItemName $E | Should -Not -Contain 'Ship order'
        Get-OrdersItemName $E | Should -Contain 'Cancel order'
    }

    It 'restores by -Name, -Collection and a short -CommitSha' {
        $out = Join-Path $TestDrive 'by-name.json'
        $result = Restore-CollectionBackup -Path $Defs -Name payments -Collection 'Orders API' -CommitSha $Second.Substring(0, 8) -OutFile $out
        $result.CommitSha | Should -Be $Second
        Get-Content $out -Raw | Should -Match 'Ship order'
    }

    It 'reports errors by id: CommitNotFound, CollectionNotInBackup' {
        $out = Join-Path $TestDrive 'never.json'
        Restore-CollectionBackup -Path $Defs -Name payments -Collection 'Orders API' -CommitSha ('0' * 40) -OutFile $out -ErrorVariable e1 -ErrorAction SilentlyContinue | Out-Null
        $e1[0].FullyQualifiedErrorId | Should -Be "CommitNotFound,$RestoreId"
        $e1[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'

        Restore-CollectionBackup -Path $Defs -Name payments -Collection 'No such collection' -CommitSha $First -OutFile $out -ErrorVariable e2 -ErrorAction SilentlyContinue | Out-Null
        $e2[0].FullyQualifiedErrorId | Should -Be "CollectionNotInBackup,$RestoreId"

        Get-CollectionBackupHistory -Path $Defs -Collection 'No such*' -ErrorVariable e3 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e3[0].FullyQualifiedErrorId | Should -Be "CollectionNotInBackup,$HistoryId"

        # A version object made by hand carries no integration definition.
        [PSGitHubSync.CollectionBackupVersion] @{ Integration = 'payments'; Collection = 'Orders API'; CommitSha = $First } |
            Restore-CollectionBackup -OutFile $out -ErrorVariable e4 -ErrorAction SilentlyContinue | Out-Null
        $e4[0].FullyQualifiedErrorId | Should -Be "VersionWithoutDefinition,$RestoreId"
        $e4[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        Test-Path $out | Should -BeFalse
    }

    It 'never shows a token or API key in output, verbose text or errors' {
        $out = Join-Path $TestDrive 'verbose.json'
        $history = @(Get-CollectionBackupHistory -Path $Defs -Collection 'Orders API' -Verbose 4>&1)
        $all = @($history) + @($history | Where-Object { $_ -is [PSGitHubSync.CollectionBackupVersion] } | Select-Object -Last 1 | Restore-CollectionBackup -OutFile $out -Verbose 4>&1)
        $all += Restore-CollectionBackup -Path $Defs -Name payments -CommitSha ('0' * 40) -OutFile $out -Verbose -ErrorAction SilentlyContinue 2>&1 4>&1
        $text = ($all | ForEach-Object { if ($_ -is [Management.Automation.ErrorRecord]) { $_.Exception.Message } else { $_ | Out-String } }) -join "`n"
        $text | Should -Match 'GET http://127\.0\.0\.1' -Because 'the requests were narrated, so the check covers them'
        foreach ($secret in Get-AllTestTokens) { $text | Should -Not -Match ([regex]::Escape($secret)) }
    }
}
