#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }

BeforeDiscovery {
    # The test cases below are built from YAML during discovery.
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module $env:PSGITHUBSYNC_MODULE -Force
    Clear-TestProxyEnvironment
    $script:SavedCredentials = Set-TestCredentialEnvironment

    # The world of these tests: a repository in every state a check tells apart, and a collection that
    # lives only in a second workspace.
    $config = New-TestEmulatorConfig
    $config.repositories = @(
        @{ owner = 'contoso'; name = 'api-backups'; private = $true; defaultBranch = 'main'; collaborators = @{ octocat = 'admin' }; branches = @('develop', 'release'); protectedBranches = @('release') }
        @{ owner = 'contoso'; name = 'readonly'; private = $true; defaultBranch = 'main'; collaborators = @{ octocat = 'read' } }
        @{ owner = 'contoso'; name = 'empty'; private = $true; empty = $true; defaultBranch = 'main'; collaborators = @{ octocat = 'admin' } }
        @{ owner = 'contoso'; name = 'archived'; private = $true; archived = $true; defaultBranch = 'main'; collaborators = @{ octocat = 'admin' } }
    )
    $config.postman.workspaces += @{
        name        = 'Sandbox'
        collections = @(@{ info = @{ name = 'Legacy API'; schema = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }; item = @() })
    }
    $script:Emulator = Start-TestEmulator -Config $config
    $script:Repositories = 'api-backups', 'readonly', 'empty', 'archived'
    $script:CommandId = 'PSGitHubSync.Commands.TestBackupIntegrationCommand'

    function New-DefinitionsFile {
        param([string] $Integrations = (New-TestBackupYaml), [string] $Server = $script:Emulator.Server, [string] $FileName = "defs-$([guid]::NewGuid().ToString('N')).yml")
        $path = Join-Path $TestDrive $FileName
        $text = "version: 1`ndefaults:`n  github:`n    server: $Server`n  postman:`n    server: $($script:Emulator.Postman)`nintegrations:`n$Integrations"
        Set-Content -Path $path -Value $text -Encoding utf8
        $path
    }

    function Invoke-Check {
        <# Runs Test-BackupIntegration -Detailed; returns the checks (by name), the errors and $?. #>
        param([hashtable] $Parameters)
        $errors = $null
        $checks = @(Test-BackupIntegration -Detailed -ErrorVariable errors -ErrorAction SilentlyContinue @Parameters)
        $succeeded = $?
        $byName = @{}
        foreach ($check in $checks) { $byName[$check.Check] = $check }
        [pscustomobject]@{ Checks = $checks; ByName = $byName; Errors = @($errors); Succeeded = $succeeded }
    }

    function Get-RepositoryState {
        <# Every ref SHA of every emulated repository, and the hash of every file of a bare export of it. #>
        $headers = @{ Authorization = 'Bearer ' + (Get-TestToken ClassicFull) }
        $state = [ordered]@{}
        foreach ($name in $script:Repositories) {
            try {
                $refs = Invoke-RestMethod -Uri "$($script:Emulator.Enterprise)repos/contoso/$name/git/refs" -Headers $headers -NoProxy
                foreach ($ref in @($refs)) { $state["$name $($ref.ref)"] = $ref.object.sha }
            }
            catch {
                if ($_.Exception.Response.StatusCode.value__ -ne 409) { throw }   # 409: an empty repository has no refs
                $state["$name (no refs)"] = 'empty'
            }
            $export = Export-EmulatorRepository $script:Emulator 'contoso' $name
            try {
                foreach ($file in Get-ChildItem $export -Recurse -File | Sort-Object FullName) {
                    $state["$name $([IO.Path]::GetRelativePath($export, $file.FullName))"] = (Get-FileHash $file.FullName -Algorithm SHA256).Hash
                }
            }
            finally { Remove-Item $export -Recurse -Force -ErrorAction SilentlyContinue }
        }
        $state
    }

    function Get-ClosedPort {
        $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $port
    }

    $script:StateBefore = Get-RepositoryState
}

AfterAll {
    if ($script:Emulator) { Stop-TestEmulator $script:Emulator }
    Restore-TestCredentialEnvironment $script:SavedCredentials
}

Describe 'Test-BackupIntegration' {
    Context 'a working setup' {
        It 'passes every check, in order, with no error' {
            $result = Invoke-Check @{ Path = (New-DefinitionsFile) }
            $result.Checks.Check | Should -Be @('Definition', 'Server', 'Token', 'Scopes', 'Repository', 'Branch', 'Permission', 'Source')
            $result.Checks | ForEach-Object { $_ | Should -BeOfType 'PSGitHubSync.IntegrationCheck' }
            $result.Checks.Status | Select-Object -Unique | Should -Be 'Passed'
            $result.Checks.Integration | Select-Object -Unique | Should -Be 'payments'
            $result.Errors | Should -BeNullOrEmpty
            $result.Succeeded | Should -BeTrue
            $result.ByName.Server.Detail | Should -Match 'GitHub Enterprise Server \d+\.\d+'
            $result.ByName.Token.Detail | Should -Match 'classic personal access token of octocat, from env:GITHUB_TOKEN'
            $result.ByName.Branch.Detail | Should -Match "'main', the repository's default branch \(no 'branch:' is configured\)"
        }

        It 'shows one line per integration by default: all passed, or the first failure and its fix' {
            $path = New-DefinitionsFile -Integrations ((New-TestBackupYaml -Name good) + (New-TestBackupYaml -Name wrong-branch -Branch backups -Source '{ workspace: Payments, collection: Orders API }'))
            $lines = @(Test-BackupIntegration -Path $path -ErrorAction SilentlyContinue)
            $lines.Count | Should -Be 2
            $lines[0].Integration | Should -Be 'good'
            $lines[0].Check | Should -Be 'All'
            $lines[0].Status | Should -Be 'Passed'
            $lines[0].Checks.Count | Should -Be 8
            $lines[1].Integration | Should -Be 'wrong-branch'
            $lines[1].Check | Should -Be 'Branch'
            $lines[1].Status | Should -Be 'Failed'
            $lines[1].Fix | Should -Match 'git push origin [0-9a-f]{40}:refs/heads/backups'
            ($lines[1].Checks | Where-Object Check -eq 'Permission').Status | Should -Be 'Skipped'
        }

        It 'has a default table view with Integration, Check, Status and Detail / Fix' {
            $text = Test-BackupIntegration -Path (New-DefinitionsFile) -Detailed | Out-String -Width 300
            $text | Should -Match 'Integration\s+Check\s+Status\s+Detail / Fix'
            $text | Should -Not -Match 'DefinitionFile|ErrorId'
            $text | Should -Match 'payments\s+Permission\s+Passed'
        }

        It 'takes integrations from Get-BackupIntegration, -Name with wildcards, and -Token over the file''s reference' {
            $path = New-DefinitionsFile -Integrations ((New-TestBackupYaml -Name pay-one) + (New-TestBackupYaml -Name pay-two -Branch develop -Source '{ workspace: Payments, collection: Orders API }') + (New-TestBackupYaml -Name other -Source '{ file: ./missing.json }'))
            $piped = @(Get-BackupIntegration -Path $path -Name 'pay-*' | Test-BackupIntegration -Token (ConvertTo-TestSecureString (Get-TestToken FineGrained)) -Detailed -ErrorAction SilentlyContinue)
            $piped.Count | Should -Be 16
            ($piped.Integration | Select-Object -Unique) | Should -Be @('pay-one', 'pay-two')
            ($piped | Where-Object Check -eq 'Token')[0].Detail | Should -Match 'fine-grained personal access token of octocat, passed with -Token or -Credential'

            $byName = @(Test-BackupIntegration -Path $path -Name 'pay-t*' -Detailed)
            ($byName.Integration | Select-Object -Unique) | Should -Be 'pay-two'
        }

        It 'reports a name that matches nothing as IntegrationNotFound' {
            $record = $null
            $null = Test-BackupIntegration -Path (New-DefinitionsFile) -Name nothing-like-it -ErrorVariable record -ErrorAction SilentlyContinue
            $record[0].FullyQualifiedErrorId | Should -Be "IntegrationNotFound,$CommandId"
        }
    }

    Context 'each broken setup gives its own outcome and a fix that names the remedy' {
        BeforeAll {
            $script:Main = (Invoke-RestMethod -Uri "$($Emulator.Enterprise)repos/contoso/api-backups/branches/main" -Headers @{ Authorization = 'Bearer ' + (Get-TestToken ClassicFull) } -NoProxy).commit.sha
        }

        It '<Check> <Status>: <Title>' -ForEach @(
            @{ Title = 'a token reference that resolves to nothing'; Yaml = (New-TestBackupYaml -Extra "    github: { token: env:PSGITHUBSYNC_TEST_UNSET_TOKEN }`n"); Token = $null
                Check = 'Token'; Status = 'Failed'; ErrorId = 'TokenMissing'; Fix = 'Set the environment variable PSGITHUBSYNC_TEST_UNSET_TOKEN'; Detail = 'env:PSGITHUBSYNC_TEST_UNSET_TOKEN' }
            @{ Title = 'a token the server refuses'; Yaml = (New-TestBackupYaml); Token = 'Invalid'
                Check = 'Token'; Status = 'Failed'; ErrorId = 'TokenInvalid'; Fix = 'Create a new token'; Detail = '401 Bad credentials' }
            @{ Title = 'a token that expires within 14 days'; Yaml = (New-TestBackupYaml); Token = 'FineGrained'
                Check = 'Token'; Status = 'Warning'; ErrorId = $null; Fix = 'Renew it before then'; Detail = 'expires on .*, in [45] days' }
            @{ Title = 'a classic token without the user scope, for a backup'; Yaml = (New-TestBackupYaml); Token = 'ClassicRepoOnly'
                Check = 'Scopes'; Status = 'Failed'; ErrorId = 'MissingTokenScope'; Fix = "tick 'user'"; Detail = "'user' is missing" }
            @{ Title = 'a fine-grained token has no scopes: the permission check replaces it'; Yaml = (New-TestBackupYaml); Token = 'FineGrained'
                Check = 'Scopes'; Status = 'Skipped'; ErrorId = $null; Fix = $null; Detail = "Permission check below tests this token's own repository permissions instead" }
            @{ Title = 'a repository that does not exist'; Yaml = (New-TestBackupYaml -Repository contoso/no-such-repo); Token = $null
                Check = 'Repository'; Status = 'Failed'; ErrorId = 'RepositoryNotFound'; Fix = 'Check the owner and name'; Detail = 'does not exist, it is private and this token has no access to it, or the owner is wrong' }
            @{ Title = 'an archived repository'; Yaml = (New-TestBackupYaml -Repository contoso/archived); Token = $null
                Check = 'Repository'; Status = 'Failed'; ErrorId = 'PushDenied'; Fix = 'Unarchive it'; Detail = 'archived' }
            @{ Title = 'an empty repository, which the first backup initializes'; Yaml = (New-TestBackupYaml -Repository contoso/empty); Token = $null
                Check = 'Repository'; Status = 'Warning'; ErrorId = $null; Fix = 'Invoke-CollectionBackup initializes the repository'; Detail = 'The first backup creates its first commit' }
            @{ Title = 'a branch that does not exist'; Yaml = (New-TestBackupYaml -Branch backups); Token = $null
                Check = 'Branch'; Status = 'Failed'; ErrorId = 'BranchNotFound'; Fix = 'git push origin MAIN:refs/heads/backups'; Detail = "'backups' does not exist in contoso/api-backups \(it has: develop, main, release\)" }
            @{ Title = 'a user who may only read'; Yaml = (New-TestBackupYaml -Repository contoso/readonly); Token = $null
                Check = 'Permission'; Status = 'Failed'; ErrorId = 'PushDenied'; Fix = 'Write role'; Detail = 'permissions.push = false' }
            @{ Title = 'a fine-grained token with read-only contents'; Yaml = (New-TestBackupYaml); Token = 'FineGrainedRead'
                Check = 'Permission'; Status = 'Failed'; ErrorId = 'PushDenied'; Fix = "'Contents' to 'Read and write'"; Detail = 'refused to store a test blob' }
            @{ Title = 'a protected branch that refuses direct pushes'; Yaml = (New-TestBackupYaml -Branch release); Token = $null
                Check = 'Permission'; Status = 'Failed'; ErrorId = 'PushDenied'; Fix = "set 'branch:' in the definitions file"; Detail = "'release' is a protected branch" }
            @{ Title = 'a workspace the API key does not see'; Yaml = (New-TestBackupYaml -Source '{ workspace: Payment, collection: Payments API }'); Token = $null
                Check = 'Source'; Status = 'Failed'; ErrorId = 'WorkspaceNotFound'; Fix = "Correct 'workspace:'"; Detail = "the key sees: 'Payments', 'Sandbox'" }
            @{ Title = 'a collection that is in another workspace only'; Yaml = (New-TestBackupYaml -Source '{ workspace: Payments, collection: Legacy API }'); Token = $null
                Check = 'Source'; Status = 'Failed'; ErrorId = 'CollectionNotFound'; Fix = "Set 'workspace:' to 'Sandbox'"; Detail = "not in the workspace 'Payments'.*but it is in 'Sandbox'" }
            @{ Title = 'a collection file that does not exist'; Yaml = (New-TestBackupYaml -Source '{ file: ./exports/missing.json }'); Token = $null
                Check = 'Source'; Status = 'Failed'; ErrorId = 'SourceFileNotFound'; Fix = 'Export > Collection v2.1'; Detail = 'missing\.json does not exist' }
        ) {
            $parameters = @{ Path = (New-DefinitionsFile -Integrations $Yaml) }
            if ($Token) { $parameters.Token = ConvertTo-TestSecureString (Get-TestToken $Token) }
            $result = Invoke-Check $parameters

            $found = $result.ByName[$Check]
            $found.Status | Should -Be $Status
            $found.Detail | Should -Match $Detail
            if ($Fix) { $found.Fix | Should -Match ([regex]::Escape($Fix).Replace('MAIN', $script:Main)) } else { $found.Fix | Should -BeNullOrEmpty }
            $mine = @($result.Errors | Where-Object { $_.Exception.Message -match "the $Check check failed" })
            if ($Status -eq 'Failed') {
                $found.ErrorId | Should -Be $ErrorId
                $mine.Count | Should -Be 1
                $mine[0].FullyQualifiedErrorId | Should -Be "$ErrorId,$CommandId"
                $mine[0].TargetObject | Should -BeOfType 'PSGitHubSync.Integration'
                $mine[0].TargetObject.Name | Should -Be 'payments'
                $mine[0].Exception.Message | Should -Match ([regex]::Escape($found.Fix))
                $result.Succeeded | Should -BeFalse
            }
            else {
                $mine | Should -BeNullOrEmpty
            }
        }

        It 'Definition Failed: a definitions file with problems lists file:line:column, and is not a terminating error' {
            $path = New-DefinitionsFile -Integrations ((New-TestBackupYaml) + "    brnach: main`n")
            $reached = $false
            try { $null = Test-BackupIntegration -Path $path -ErrorAction SilentlyContinue; $reached = $true } catch { }
            $reached | Should -BeTrue -Because 'a file with problems is reported as checks, not as a terminating error'
            $result = Invoke-Check @{ Path = $path }
            $result.Checks.Count | Should -Be 8
            $result.ByName.Definition.Status | Should -Be 'Failed'
            $result.ByName.Definition.Integration | Should -Be 'payments'
            $result.ByName.Definition.Detail | Should -Match ([regex]::Escape($path) + ':12:5: .*brnach')
            $result.ByName.Definition.Fix | Should -Match 'Correct each problem at the file, line and column shown'
            @($result.Checks | Where-Object Status -eq 'Skipped').Count | Should -Be 7
            $result.Errors[0].FullyQualifiedErrorId | Should -Be "DefinitionFileInvalid,$CommandId"
            $result.Succeeded | Should -BeFalse
        }

        It 'Definition Failed: a definitions file that does not exist' {
            $missing = Join-Path $TestDrive 'nowhere/psgithubsync.yml'
            $result = Invoke-Check @{ Path = $missing }
            $result.Checks.Count | Should -Be 8
            $result.ByName.Definition.Status | Should -Be 'Failed'
            $result.ByName.Definition.Integration | Should -Be 'psgithubsync.yml'
            $result.ByName.Definition.Detail | Should -Match ([regex]::Escape($missing) + ' does not exist')
            $result.ByName.Definition.Fix | Should -Match 'Pass -Path .*New-BackupIntegration'
            $result.Errors[0].FullyQualifiedErrorId | Should -Be "DefinitionFileNotFound,$CommandId"
        }

        It 'Definition Failed: a custom domain written with http:// in the file' {
            $result = Invoke-Check @{ Path = (New-DefinitionsFile -Server 'http://github.contoso.com') }
            $result.ByName.Definition.Status | Should -Be 'Failed'
            $result.ByName.Definition.Detail | Should -Match 'https://'
        }

        It 'Server Failed: a custom domain given with http:// (an edited object) is refused before anything is sent' {
            $integration = Get-BackupIntegration -Path (New-DefinitionsFile)
            $integration.Server = 'http://github.contoso.com'
            Clear-EmulatorRequest $Emulator
            $result = Invoke-Check @{ InputObject = $integration }
            $result.ByName.Server.Status | Should -Be 'Failed'
            $result.ByName.Server.ErrorId | Should -Be 'InsecureServer'
            $result.ByName.Server.Fix | Should -Match ([regex]::Escape("'github: server: https://github.contoso.com'"))
            $result.Errors[0].FullyQualifiedErrorId | Should -Be "InsecureServer,$CommandId"
            $result.Errors[0].CategoryInfo.Category | Should -Be 'SecurityError'
            $result.ByName.Token.Status | Should -Be 'Skipped'
            @(Get-EmulatorRequest $Emulator | Where-Object { $_.path -like '*/meta' -or $_.path -like '*/user' }).Count | Should -Be 0
        }

        It 'Server Failed: a TLS failure says how to trust the certificate authority' {
            $port = ([uri] $Emulator.GitHub).Port
            $result = Invoke-Check @{ Path = (New-DefinitionsFile -Server "https://127.0.0.1:$port") }
            $result.ByName.Server.Status | Should -Be 'Failed'
            $result.ByName.Server.Detail | Should -Match '^No trusted TLS connection to 127\.0\.0\.1'
            $result.ByName.Server.Fix | Should -Match 'trusted root store'
            $result.Errors[0].FullyQualifiedErrorId | Should -Be "ServerUnreachable,$CommandId"
            $result.Errors[0].CategoryInfo.Category | Should -Be 'SecurityError'
        }

        It 'Server Failed: an unreachable server names the proxy variables and the firewall allow-list' {
            $port = Get-ClosedPort
            $result = Invoke-Check @{ Path = (New-DefinitionsFile -Server "http://127.0.0.1:$port") }
            $result.ByName.Server.Status | Should -Be 'Failed'
            $result.ByName.Server.Fix | Should -Match 'set HTTPS_PROXY and HTTP_PROXY'
            $result.ByName.Server.Fix | Should -Match "allow-list entry for HTTPS \(TCP $port\) to 127\.0\.0\.1:$port"
            $result.Errors[0].CategoryInfo.Category | Should -Be 'ConnectionError'
            foreach ($name in 'Token', 'Scopes', 'Repository', 'Branch', 'Permission') { $result.ByName[$name].Status | Should -Be 'Skipped' }
            $result.ByName.Source.Status | Should -Be 'Passed'
        }

        It 'Server Failed: a server that answers but is not GitHub' {
            $httpServer = Start-TestHttpListener
            $listener = $httpServer.Listener; $port = $httpServer.Port
            $serve = [powershell]::Create().AddScript({
                    param($listener)
                    while ($listener.IsListening) {
                        try { $context = $listener.GetContext() } catch { break }
                        $bytes = [Text.Encoding]::UTF8.GetBytes('<html><body>Welcome to nginx!</body></html>')
                        $context.Response.ContentType = 'text/html'
                        $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
                        $context.Response.Close()
                    }
                }).AddArgument($listener)
            $handle = $serve.BeginInvoke()
            try {
                $result = Invoke-Check @{ Path = (New-DefinitionsFile -Server "http://127.0.0.1:$port") }
                $result.ByName.Server.Status | Should -Be 'Failed'
                $result.ByName.Server.Detail | Should -Match 'it is not a GitHub API \(HTTP 200, text/html'
                $result.ByName.Server.Fix | Should -Match 'the address users browse to'
                $result.ByName.Token.Status | Should -Be 'Skipped'
            }
            finally {
                $listener.Stop()
                $null = $serve.EndInvoke($handle)
                $serve.Dispose()
            }
        }

        It 'Source Failed: a Postman API key that Postman refuses' {
            $result = Invoke-Check @{ Path = (New-DefinitionsFile); PostmanApiKey = (ConvertTo-TestSecureString 'PMAK-00000000000000000000beef-0000000000000000000000000000000000') }
            $result.ByName.Source.Status | Should -Be 'Failed'
            $result.ByName.Source.Fix | Should -Match 'Settings > API keys'
            $result.Errors[0].FullyQualifiedErrorId | Should -Be "ApiKeyInvalid,$CommandId"
        }

        It 'Source Failed: a collection file that is not a Postman collection' {
            Set-Content -Path (Join-Path $TestDrive 'broken.json') -Value '{ "info": { "name": "x" }, "item": 5 }'
            $result = Invoke-Check @{ Path = (New-DefinitionsFile -Integrations (New-TestBackupYaml -Source '{ file: ./broken.json }')) }
            $result.ByName.Source.Status | Should -Be 'Failed'
            $result.ByName.Source.Fix | Should -Match 'Export the collection again'
            $result.Errors[0].FullyQualifiedErrorId | Should -Be "InvalidCollection,$CommandId"
        }

        It 'stops at the first failure with -ErrorAction Stop' {
            { Test-BackupIntegration -Path (New-DefinitionsFile -Integrations (New-TestBackupYaml -Branch backups)) -ErrorAction Stop } |
                Should -Throw -ErrorId "BranchNotFound,$CommandId"
        }
    }

    Context 'proxies' {
        BeforeAll {
            $script:AuthProxied = Start-TestEmulator -Proxy -ProxyCredential 'proxyuser:proxy-pass-1'
        }
        AfterAll {
            Stop-TestEmulator $script:AuthProxied
            foreach ($name in 'HTTP_PROXY', 'HTTPS_PROXY') { Remove-Item "env:$name" -ErrorAction SilentlyContinue }
        }

        It 'Server Failed: a proxy that wants credentials gets its own fix' {
            try {
                $env:HTTP_PROXY = $AuthProxied.Proxy
                $result = Invoke-Check @{ Path = (New-DefinitionsFile) }
            }
            finally { Remove-Item env:HTTP_PROXY }
            $result.ByName.Server.Status | Should -Be 'Failed'
            $result.ByName.Server.Detail | Should -Match '407 Proxy Authentication Required'
            $result.ByName.Server.Fix | Should -Match 'HTTPS_PROXY and HTTP_PROXY to http://user:password@proxy:port'
            $result.Errors[0].FullyQualifiedErrorId | Should -Be "ProxyAuthenticationRequired,$CommandId"
            (Get-EmulatorProxyCount $AuthProxied).authenticationFailures | Should -BeGreaterThan 0
        }

        It 'Server Failed: a proxy that refuses the destination is told apart, with the allow-list and NO_PROXY' {
            try {
                $env:HTTPS_PROXY = $AuthProxied.Proxy -replace '^http://', 'http://proxyuser:proxy-pass-1@'
                $result = Invoke-Check @{ Path = (New-DefinitionsFile -Server 'https://github.contoso.test') }
            }
            finally { Remove-Item env:HTTPS_PROXY }
            $result.ByName.Server.Status | Should -Be 'Failed'
            $result.ByName.Server.Detail | Should -Match 'refused to connect to github\.contoso\.test'
            $result.ByName.Server.Fix | Should -Match 'allow HTTPS to github\.contoso\.test'
            $result.ByName.Server.Fix | Should -Match 'NO_PROXY'
            ($result.Checks | Out-String -Width 400) | Should -Not -Match 'proxy-pass-1'
        }

        It 'passes through a proxy whose credentials are in HTTP_PROXY' {
            try {
                $env:HTTP_PROXY = $AuthProxied.Proxy -replace '^http://', 'http://proxyuser:proxy-pass-1@'
                $before = (Get-EmulatorProxyCount $AuthProxied).requestCount
                $result = Invoke-Check @{ Path = (New-DefinitionsFile) }
            }
            finally { Remove-Item env:HTTP_PROXY }
            $result.Checks.Status | Select-Object -Unique | Should -Be 'Passed'
            $result.ByName.Server.Detail | Should -Match 'through proxy from environment'
            (Get-EmulatorProxyCount $AuthProxied).requestCount | Should -BeGreaterThan $before
        }
    }

    Context 'secrets' {
        It 'never shows a token or API key in any stream, with -Verbose and -Debug, in success and failure' {
            $path = New-DefinitionsFile -Integrations ((New-TestBackupYaml -Name ok) + (New-TestBackupYaml -Name probe -Branch develop -Extra "    github: { token: env:TOKEN_FineGrainedRead }`n"))
            $script = @"
`$ErrorActionPreference = 'Continue'
`$DebugPreference = 'Continue'
`$VerbosePreference = 'Continue'
Import-Module '$env:PSGITHUBSYNC_MODULE'
Test-BackupIntegration -Path '$path' -Detailed *>&1 | Format-List * | Out-String -Width 400
Test-BackupIntegration -Path '$path' -Token (ConvertTo-SecureString -AsPlainText -Force -String `$env:TOKEN_Invalid) *>&1 | Format-List * | Out-String -Width 400
Test-BackupIntegration -Path '$path' -PostmanApiKey (ConvertTo-SecureString -AsPlainText -Force -String `$env:TOKEN_Invalid) *>&1 | Out-String -Width 400
`$Error | ForEach-Object { `$_ | Format-List * -Force | Out-String -Width 400; `$_.Exception | Format-List * -Force | Out-String -Width 400 }
"@
            $environment = @{ GITHUB_TOKEN = (Get-TestToken ClassicFull); POSTMAN_API_KEY = (Get-TestToken PostmanKey); TOKEN_FineGrainedRead = (Get-TestToken FineGrainedRead); TOKEN_Invalid = (Get-TestToken Invalid) }
            $result = Invoke-FreshPwsh -Script $script -Environment $environment
            $all = $result.Output + $result.Error
            $all | Should -Match 'GET http://127\.0\.0\.1:\d+/api/v3/user'    # verbose narration really ran
            $all | Should -Match 'TokenInvalid'
            $all | Should -Match 'PushDenied'
            foreach ($secret in (Get-AllTestTokens)) {
                $all.Contains($secret) | Should -BeFalse -Because 'a token or API key must never be written to any stream'
            }
        }
    }

    Context 'help' {
        It 'has real help with examples and every parameter described' {
            $help = Get-Help Test-BackupIntegration -Full
            $help.Synopsis | Should -Match 'troubleshooting checklist'
            @($help.examples.example).Count | Should -BeGreaterOrEqual 2
            foreach ($name in 'Name', 'Path', 'InputObject', 'Detailed', 'Token', 'Credential', 'PostmanApiKey') {
                ((Get-Help Test-BackupIntegration -Parameter $name).description | Out-String).Trim() | Should -Not -BeNullOrEmpty
            }
        }
    }

    Context 'nothing was written' {
        It 'left every emulated repository byte-for-byte unchanged (refs and objects), after every check above' {
            $after = Get-RepositoryState
            $after.Keys.Count | Should -Be $StateBefore.Keys.Count
            @($after.Keys | Where-Object { $_ -like 'api-backups refs/heads/*' }).Count | Should -Be 3
            foreach ($key in $StateBefore.Keys) { $after[$key] | Should -Be $StateBefore[$key] -Because "$key must not change" }
            (Invoke-EmulatorControl $Emulator 'statistics').commitsCreated | Should -Be 0
        }
    }
}
