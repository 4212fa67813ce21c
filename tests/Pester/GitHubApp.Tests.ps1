#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }

<#
    GitHub App authentication end to end: the BUILT module against the standalone emulator, which knows
    the app's public key, verifies its JWTs and issues installation tokens. The app's private key is
    generated here (never a fixture) and kept in a file the definitions file references.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module $env:PSGITHUBSYNC_MODULE -Force
    Clear-TestProxyEnvironment
    $env:PSGS_APP_POSTMAN_KEY = Get-TestToken PostmanKey
    # No token anywhere: the app is the only way in.
    $env:PSGS_APP_NO_TOKEN = $null

    $script:Key = [Security.Cryptography.RSA]::Create(2048)
    $script:OtherKey = [Security.Cryptography.RSA]::Create(2048)
    $script:KeyPem = $Key.ExportRSAPrivateKeyPem()            # what GitHub hands out (PKCS#1)
    $script:OtherPem = $OtherKey.ExportPkcs8PrivateKeyPem()   # a key of another app (PKCS#8)

    function New-AppEmulator {
        param([string] $Account = 'contoso', [string] $Contents = 'write')
        $config = New-TestEmulatorConfig
        $config.apps = @(@{ id = 4242; slug = 'contoso-backup'; publicKey = $script:Key.ExportSubjectPublicKeyInfoPem() })
        $config.installations = @(@{ id = 9001; appId = 4242; account = $Account; permissions = @{ contents = $Contents; metadata = 'read' } })
        Start-TestEmulator -Config $config
    }

    function New-AppDefinitionFile {
        <# A folder with app.pem and psgithubsync.yml whose defaults name the app (no token). #>
        param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Pem, [Parameter(Mandatory)] [string] $Integrations)
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N').Substring(0, 12))
        New-Item -ItemType Directory -Path $folder | Out-Null
        [IO.File]::WriteAllText((Join-Path $folder 'app.pem'), $Pem, [Text.UTF8Encoding]::new($false))
        $text = "version: 1`ndefaults:`n  github:`n    server: $($Emulator.Server)`n    app: { id: 4242, privateKey: file:app.pem }`n  postman:`n    server: $($Emulator.Postman)`n    apiKey: env:PSGS_APP_POSTMAN_KEY`nintegrations:`n$($Integrations.TrimEnd())`n"
        $path = Join-Path $folder 'psgithubsync.yml'
        [IO.File]::WriteAllText($path, $text, [Text.UTF8Encoding]::new($false))
        $path
    }

    function Get-AppToken {
        <# The installation tokens the emulator issued (the JSON array arrives as one object: unrolled here). #>
        param([Parameter(Mandatory)] $Emulator)
        @((Invoke-EmulatorControl $Emulator 'app-tokens') | ForEach-Object { [string] $_ })
    }

    function Assert-NoSecret {
        <# Neither the key (whole or any line of it) nor any issued installation token appears in $Text. #>
        param([Parameter(Mandatory)] [AllowEmptyString()] [string] $Text, [Parameter(Mandatory)] $Emulator, [string[]] $Pem = @($script:KeyPem, $script:OtherPem))
        foreach ($pemText in $Pem) {
            foreach ($line in $pemText -split "`n" | Where-Object { $_ -and $_ -notmatch '^-----' }) {
                $Text.Contains($line.Trim()) | Should -BeFalse -Because 'no line of the private key may appear'
            }
        }
        $tokens = @(Get-AppToken $Emulator)
        $tokens.Count | Should -BeGreaterThan 0 -Because 'the check needs the tokens that were issued'
        $tokens | ForEach-Object { $_ | Should -Match '^ghs_[A-Za-z0-9]{36}$' }
        foreach ($token in $tokens) {
            $Text.Contains($token) | Should -BeFalse -Because 'no installation token may appear'
            $Text.Contains($token.Substring(4, 16)) | Should -BeFalse -Because 'no part of an installation token may appear'
        }
    }
}

Describe 'GitHub App authentication' {
    Context 'an app installed on the owner with contents write' {
        BeforeAll {
            $script:E = New-AppEmulator
        }
        AfterAll { Stop-TestEmulator $script:E }

        It 'backs up as the app: one installation lookup, one token, one commit, nothing secret in any stream' {
            $definitions = New-AppDefinitionFile $E $KeyPem (New-TestBackupYaml -Source "{ workspace: Payments, collection: '*' }")
            $all = Invoke-CollectionBackup -Path $definitions -Verbose -Debug -ErrorVariable failures *>&1 | Out-String -Width 500
            $failures | Should -BeNullOrEmpty
            $all | Should -Match 'Status\s+: Created|Created'
            $requests = @(Get-EmulatorRequest $E)
            @($requests | Where-Object { $_.method -eq 'GET' -and $_.path -eq '/repos/contoso/api-backups/installation' }).Count | Should -Be 1
            @($requests | Where-Object { $_.method -eq 'POST' -and $_.path -eq '/app/installations/9001/access_tokens' }).Count | Should -Be 1
            @($requests | Where-Object { $_.method -eq 'POST' -and $_.path -like '/repos/contoso/api-backups/git/commits' }).Count | Should -Be 1
            @(Get-AppToken $E).Count | Should -Be 1
            Assert-NoSecret -Text $all -Emulator $E
            # No committer in the file: the commit belongs to the app's bot account, not to a person or to PSGitHubSync.
            $head = Invoke-EmulatorControl $E 'repos/contoso/api-backups/log/main' | ForEach-Object { $_ } | Select-Object -First 1
            $head.authorName | Should -Be 'contoso-backup[bot]'
            $head.committerName | Should -Be 'contoso-backup[bot]'
            $head.committerEmail | Should -Be '40004242+contoso-backup[bot]@users.noreply.github.com'
        }

        It 'commits as the committer the definitions file names, when it names one' {
            $definitions = New-AppDefinitionFile $E $KeyPem (New-TestBackupYaml -Name named -Source "{ workspace: Payments, collection: '*' }" -Extra "    directory: named-committer`n")
            $text = [IO.File]::ReadAllText($definitions).Replace("integrations:`n", "  committer: { name: Backup Robot, email: robot@contoso.example }`nintegrations:`n")
            [IO.File]::WriteAllText($definitions, $text, [Text.UTF8Encoding]::new($false))
            $result = Invoke-CollectionBackup -Path $definitions -ErrorVariable failures -WarningAction SilentlyContinue
            $failures | Should -BeNullOrEmpty
            $result.Status | Should -Be 'Created'
            $head = Invoke-EmulatorControl $E 'repos/contoso/api-backups/log/main' | ForEach-Object { $_ } | Select-Object -First 1
            $head.sha | Should -Be $result.CommitSha
            $head.committerName | Should -Be 'Backup Robot'
            $head.authorEmail | Should -Be 'robot@contoso.example'
        }

        It 'syncs a schema as the app' {
            $definitions = New-AppDefinitionFile $E $KeyPem "  - name: payments-schema`n    type: schema-sync`n    source: { file: ./openapi.yaml }`n    repository: contoso/api-backups`n    path: api/openapi.yaml`n    branch: main`n"
            $openApi = "openapi: 3.0.3`ninfo:`n  title: Payments`n  version: '1.0'`npaths:`n  /payments:`n    get:`n      responses:`n        '200':`n          description: ok`n"
            [IO.File]::WriteAllText((Join-Path (Split-Path $definitions) 'openapi.yaml'), $openApi, [Text.UTF8Encoding]::new($false))
            $all = Sync-ApiSchema -Path $definitions -Verbose -ErrorVariable failures *>&1 | Out-String -Width 500
            $failures | Should -BeNullOrEmpty
            $files = Invoke-EmulatorControl $E 'repos/contoso/api-backups/branches/main/files'
            $property = $files.PSObject.Properties['api/openapi.yaml']
            $property | Should -Not -BeNullOrEmpty -Because 'the schema was committed by the app'
            [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($property.Value)) | Should -Match 'title: Payments'
            Assert-NoSecret -Text $all -Emulator $E
        }

        It 'Test-BackupIntegration passes every GitHub check for the installed app' {
            $definitions = New-AppDefinitionFile $E $KeyPem (New-TestBackupYaml -Source "{ workspace: Payments, collection: '*' }")
            $checks = @(Test-BackupIntegration -Path $definitions -Detailed)
            ($checks | Where-Object Check -eq 'Token').Status | Should -Be 'Passed'
            ($checks | Where-Object Check -eq 'Token').Detail | Should -Match 'GitHub App 4242'
            ($checks | Where-Object Check -eq 'Permission').Status | Should -Be 'Passed'
        }

        It 'Test-GitHubToken -AppId -PrivateKey reports the app, installation, permissions, repositories and expiry' {
            $key = ConvertTo-SecureString -AsPlainText -Force -String $KeyPem
            $info = Test-GitHubToken -Server $E.Server -AppId 4242 -PrivateKey $key -Repository contoso/api-backups
            $info.TokenType | Should -Be 'App'
            $info.AppId | Should -Be '4242'
            $info.InstallationId | Should -Be 9001
            $info.Permissions['contents'] | Should -Be 'write'
            $info.Repositories | Should -Be @('contoso/api-backups')
            $info.ExpiresAt | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddMinutes(50))
            $info.CanPush | Should -BeTrue
            $info.IsValid | Should -BeTrue

            $other = ConvertTo-SecureString -AsPlainText -Force -String $OtherPem
            $all = Test-GitHubToken -Server $E.Server -AppId 4242 -PrivateKey $other -Repository contoso/api-backups -ErrorVariable failures -ErrorAction SilentlyContinue *>&1 | Out-String -Width 500
            $failures[0].FullyQualifiedErrorId | Should -Match '^TokenInvalid,'
            Test-GitHubToken -Server $E.Server -AppId 4242 -PrivateKey $other -Repository contoso/api-backups -Quiet | Should -BeFalse
            Assert-NoSecret -Text ($all + ($failures | Format-List * -Force | Out-String -Width 500)) -Emulator $E
        }

        It 'a key of another app is TokenInvalid, and neither key shows' {
            $definitions = New-AppDefinitionFile $E $OtherPem (New-TestBackupYaml -Source "{ workspace: Payments, collection: '*' }")
            $all = Invoke-CollectionBackup -Path $definitions -Verbose -Debug -ErrorVariable failures -ErrorAction SilentlyContinue *>&1 | Out-String -Width 500
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Match '^TokenInvalid,'
            $failures[0].Exception.Message | Should -Match 'private key is not this app'
            Assert-NoSecret -Text ($all + ($failures | Format-List * -Force | Out-String -Width 500)) -Emulator $E
        }

        It 'a literal key in the definitions file is refused without echoing it' {
            $indented = ($KeyPem.TrimEnd() -split "`n" | ForEach-Object { '        ' + $_ }) -join "`n"
            $folder = Join-Path $TestDrive 'literal'
            New-Item -ItemType Directory -Path $folder -Force | Out-Null
            $path = Join-Path $folder 'psgithubsync.yml'
            [IO.File]::WriteAllText($path, "version: 1`ndefaults:`n  github:`n    app:`n      id: 4242`n      privateKey: |`n$indented`nintegrations:`n$(New-TestBackupYaml)", [Text.UTF8Encoding]::new($false))
            $all = Invoke-CollectionBackup -Path $path -ErrorVariable failures -ErrorAction SilentlyContinue *>&1 | Out-String -Width 500
            $failures[0].FullyQualifiedErrorId | Should -Match '^DefinitionFileInvalid,'
            ($failures[0].Exception.Message + $all) | Should -Match 'LiteralTokenNotAllowed'
            Assert-NoSecret -Text ($all + ($failures | Format-List * -Force | Out-String -Width 500)) -Emulator $E -Pem $KeyPem
        }
    }

    Context 'a -Watch run outlives its installation token' {
        BeforeAll {
            # Tokens live 7 minutes here; the server's clock is then moved 8 minutes on (JWTs, valid 10, still pass).
            $config = New-TestEmulatorConfig
            $config.apps = @(@{ id = 4242; slug = 'contoso-backup'; publicKey = $script:Key.ExportSubjectPublicKeyInfoPem() })
            $config.installations = @(@{ id = 9001; appId = 4242; account = 'contoso'; tokenLifetimeSeconds = 420 })
            $script:W = Start-TestEmulator -Config $config
        }
        AfterAll { Stop-TestEmulator $script:W }

        It 'renews the expired token and backs up the next change without a failure' {
            $definitions = New-AppDefinitionFile $W $KeyPem (New-TestBackupYaml -Name 'watched' -Source '{ workspace: Payments, collection: Orders API }' -Extra "    directory: watched`n")
            $folder = Split-Path $definitions
            $resultsFile = Join-Path $folder 'results.txt'
            $scriptFile = Join-Path $folder 'watch.ps1'
            Set-Content -Path $scriptFile -Encoding utf8 -Value @'
Import-Module $env:PSGITHUBSYNC_MODULE
Invoke-CollectionBackup -Path $env:TEST_DEFINITIONS -Watch -Interval (New-TimeSpan -Seconds 1) -Verbose 4>&1 |
    ForEach-Object { if ($_ -is [PSGitHubSync.BackupResult]) { Add-Content -Path $env:TEST_RESULTS -Value ('RESULT:{0}:{1}' -f $_.Name, $_.Status) } else { "$_" } }
'@
            $started = Start-TestPwsh -Argument @('-NoProfile', '-NonInteractive', '-File', $scriptFile) -Environment @{
                PSGITHUBSYNC_MODULE = $env:PSGITHUBSYNC_MODULE; TEST_DEFINITIONS = $definitions; TEST_RESULTS = $resultsFile; PSGS_APP_POSTMAN_KEY = (Get-TestToken PostmanKey)
            }
            function Wait-Until([scriptblock] $Condition, [string] $What) {
                $deadline = [DateTime]::UtcNow.AddSeconds(60)
                while (-not (& $Condition)) {
                    if ($started.Process.HasExited) { throw "The watching process exited before $What. $($started.Error.Result)" }
                    if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out waiting for $What." }
                    Start-Sleep -Milliseconds 200
                }
            }
            try {
                Wait-Until { (Test-Path $resultsFile) -and (Get-Content $resultsFile -Raw) -match 'RESULT:watched:Created' } 'the first backup'
                Invoke-EmulatorControl $W 'clock' -Method Post -Body @{ advanceSeconds = 480 } | Out-Null
                $listed = Invoke-EmulatorControl $W 'postman/workspaces/Payments/collections'
                $summary = @($listed) | Where-Object name -EQ 'Orders API' | Select-Object -First 1
                $collection = Invoke-EmulatorControl $W "postman/collections/$($summary.id)"
                if ($collection.PSObject.Properties['collection']) { $collection = $collection.collection }
                $collection.item = @($collection.item) + [pscustomobject]@{ name = 'Ship order'; request = [pscustomobject]@{ method = 'POST'; url = 'https://api.example.com/ship' } }
                Invoke-EmulatorControl $W "postman/collections/$($summary.id)" -Method Put -Body ($collection | ConvertTo-Json -Depth 50) | Out-Null
                Wait-Until { (Get-Content $resultsFile -Raw) -match 'RESULT:watched:Updated' } 'the backup after the token expired'
            }
            finally {
                if (-not $started.Process.HasExited) { $started.Process.Kill($true) }
                $null = $started.Process.WaitForExit(10000)
            }
            $output = $started.Output.Result + $started.Error.Result
            $output | Should -Not -Match 'TokenInvalid|Bad credentials.*failed|Exception'
            @(Get-Content $resultsFile) | Should -Be @('RESULT:watched:Created', 'RESULT:watched:Updated')
            @(Get-AppToken $W).Count | Should -Be 2 -Because 'one token for the first round (kept for the unchanged rounds), one after the expired one was refused'
            Assert-NoSecret -Text $output -Emulator $W
        }
    }

    Context 'an app that cannot do what a backup needs' {
        It 'not installed on the owner: GitHubAppNotInstalled, saying where to install it' {
            $emulator = New-AppEmulator -Account 'fabrikam'
            try {
                $definitions = New-AppDefinitionFile $emulator $KeyPem (New-TestBackupYaml -Source "{ workspace: Payments, collection: '*' }")
                Invoke-CollectionBackup -Path $definitions -ErrorVariable failures -ErrorAction SilentlyContinue | Out-Null
                $failures[0].FullyQualifiedErrorId | Should -Match '^GitHubAppNotInstalled,'
                $failures[0].Exception.Message | Should -Match 'Install it on contoso'
                $token = @(Test-BackupIntegration -Path $definitions -Detailed -ErrorAction SilentlyContinue) | Where-Object Check -eq 'Token'
                $token.Status | Should -Be 'Failed'
                $token.ErrorId | Should -Be 'GitHubAppNotInstalled'
                $token.Fix | Should -Match "Install the app on 'contoso'"
            }
            finally { Stop-TestEmulator $emulator }
        }

        It 'installed with contents read only: PushDenied naming the missing permission' {
            $emulator = New-AppEmulator -Contents 'read'
            try {
                $definitions = New-AppDefinitionFile $emulator $KeyPem (New-TestBackupYaml -Source "{ workspace: Payments, collection: '*' }")
                $all = Invoke-CollectionBackup -Path $definitions -ErrorVariable failures -ErrorAction SilentlyContinue *>&1 | Out-String -Width 500
                $failures[0].FullyQualifiedErrorId | Should -Match '^PushDenied,'
                $failures[0].Exception.Message | Should -Match "Contents: Read and write"
                Assert-NoSecret -Text $all -Emulator $emulator
            }
            finally { Stop-TestEmulator $emulator }
        }
    }
}
