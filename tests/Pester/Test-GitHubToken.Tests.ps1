#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module $env:PSGITHUBSYNC_MODULE -Force
    Clear-TestProxyEnvironment
    $script:Emulator = Start-TestEmulator
    $script:Server = $Emulator.Server

    function Test-Token {
        param([string] $Name, [hashtable] $Parameters = @{})
        Test-GitHubToken -Token (ConvertTo-TestSecureString (Get-TestToken $Name)) -Server $script:Server @Parameters
    }
}

AfterAll {
    if ($script:Emulator) { Stop-TestEmulator $script:Emulator }
}

Describe 'Test-GitHubToken' {
    Context 'token types' {
        It 'reports a classic token with repo and user as valid for backup' {
            $info = Test-Token ClassicFull
            $info | Should -BeOfType 'PSGitHubSync.TokenInfo'
            $info.TokenType | Should -Be 'Classic'
            $info.Login | Should -Be 'octocat'
            $info.Scopes | Should -Contain 'repo'
            $info.Scopes | Should -Contain 'user'
            $info.RequiredScopes | Should -Be @('repo', 'user')
            $info.MissingScopes | Should -BeNullOrEmpty
            $info.IsValid | Should -BeTrue
            $info.ExpiresAt | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddDays(50))
            $info.RateLimit.Limit | Should -Be 5000
            $info.RateLimit.Remaining | Should -BeLessThan 5000
        }

        It 'reports a fine-grained token: no scopes, validity rests on the repository check, expiry within 14 days noted' {
            $info = Test-Token FineGrained
            $info.TokenType | Should -Be 'FineGrained'
            $info.Scopes | Should -BeNullOrEmpty
            $info.MissingScopes | Should -BeNullOrEmpty
            ($info.Notes -join "`n") | Should -Match 'no OAuth scopes; validity rests on the repository check'
            ($info.Notes -join "`n") | Should -Match 'expires on'
            $info.ExpiresAt | Should -BeLessThan ([DateTimeOffset]::UtcNow.AddDays(6))
        }

        It 'reports a GitHub App installation token without a login' {
            $info = Test-Token App -Parameters @{ Repository = 'contoso/api-backups' }
            $info.TokenType | Should -Be 'App'
            $info.Login | Should -BeNullOrEmpty
            $info.CanRead | Should -BeTrue
            ($info.Notes -join "`n") | Should -Match 'App installation tokens have no OAuth scopes'
        }

        It 'reports an OAuth app token' {
            $info = Test-Token OAuth
            $info.TokenType | Should -Be 'OAuth'
            $info.IsValid | Should -BeTrue
        }
    }

    Context 'scopes' {
        It 'names the missing user scope for backup and says how to add it' {
            $info = Test-Token ClassicRepoOnly
            $info.MissingScopes | Should -Be @('user')
            $info.IsValid | Should -BeFalse
            ($info.Notes -join "`n") | Should -Match "lacks the scope\(s\) user.*add them"
        }

        It 'accepts repo alone for schema sync' {
            (Test-Token ClassicRepoOnly -Parameters @{ For = 'SchemaSync' }).IsValid | Should -BeTrue
        }

        It 'honours -RequiredScope, with nested scopes covered by their parent' {
            $info = Test-Token ClassicFull -Parameters @{ RequiredScope = 'read:user', 'public_repo', 'admin:org' }
            $info.MissingScopes | Should -Be @('admin:org')
        }
    }

    Context 'repository access' {
        It 'confirms read and push on a repository the token may write' {
            $info = Test-Token ClassicFull -Parameters @{ Repository = 'contoso/api-backups' }
            $info.Repository | Should -Be 'contoso/api-backups'
            $info.CanRead | Should -BeTrue
            $info.CanPush | Should -BeTrue
            $info.IsValid | Should -BeTrue
        }

        It 'is not valid for backup on a repository the user can only read' {
            $info = Test-Token ClassicFull -Parameters @{ Repository = 'contoso/readonly' }
            $info.CanRead | Should -BeTrue
            $info.CanPush | Should -BeFalse
            $info.IsValid | Should -BeFalse
            ($info.Notes -join "`n") | Should -Match 'cannot push'
        }

        It 'explains a repository the token cannot see (private, no repo scope)' {
            $info = Test-Token ClassicNoRepo -Parameters @{ Repository = 'contoso/api-backups'; RequiredScope = 'read:user' }
            $info.CanRead | Should -BeFalse
            $info.IsValid | Should -BeFalse
            ($info.Notes -join "`n") | Should -Match "was not found .* or this token cannot see it"
        }

        It 'warns that a fine-grained token''s push permission reflects the user''s role' {
            $info = Test-Token FineGrainedRead -Parameters @{ Repository = 'contoso/api-backups' }
            $info.CanPush | Should -BeTrue
            ($info.Notes -join "`n") | Should -Match "reflects the user's role"
        }

        It 'refuses a repository that is not owner/name' {
            { Test-Token ClassicFull -Parameters @{ Repository = 'not a repo'; ErrorAction = 'Stop' } } |
                Should -Throw -ErrorId 'RepositoryNameInvalid,PSGitHubSync.Commands.TestGitHubTokenCommand'
        }
    }

    Context 'servers' {
        It 'uses the GitHub Enterprise Server API path for a custom domain' {
            Clear-EmulatorRequest $Emulator
            $info = Test-Token ClassicFull
            $info.ApiUrl | Should -Be ($Emulator.Enterprise)
            $info.ServerVersion | Should -Not -BeNullOrEmpty
            @(Get-EmulatorRequest $Emulator | Where-Object { $_.path -eq '/user' }).Count | Should -Be 1
        }

        It 'accepts the API address itself (…/api/v3)' {
            $info = Test-GitHubToken -Token (ConvertTo-TestSecureString (Get-TestToken ClassicFull)) -Server $Emulator.Enterprise
            $info.ApiUrl | Should -Be $Emulator.Enterprise
            $info.IsValid | Should -BeTrue
        }

        It 'refuses plain http to a non-loopback server without sending anything' {
            $record = $null
            Test-GitHubToken -Token (ConvertTo-TestSecureString (Get-TestToken ClassicFull)) -Server 'http://github.contoso.com' -ErrorVariable record -ErrorAction SilentlyContinue
            $record[0].FullyQualifiedErrorId | Should -Be 'InsecureServer,PSGitHubSync.Commands.TestGitHubTokenCommand'
            $record[0].CategoryInfo.Category | Should -Be 'SecurityError'
            $record[0].Exception.Message | Should -Match 'https://'
        }

        It 'reports an unreachable server with a proxy and firewall hint' {
            $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
            $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
            $record = $null
            Test-GitHubToken -Token (ConvertTo-TestSecureString (Get-TestToken ClassicFull)) -Server "http://127.0.0.1:$port" -ErrorVariable record -ErrorAction SilentlyContinue
            $record[0].FullyQualifiedErrorId | Should -Be 'ServerUnreachable,PSGitHubSync.Commands.TestGitHubTokenCommand'
            $record[0].CategoryInfo.Category | Should -Be 'ConnectionError'
            $record[0].Exception.Message | Should -Match 'HTTPS_PROXY'
            $record[0].Exception.Message | Should -Match 'firewall'
        }

        It 'reports a server that answers but is not GitHub' {
            $httpServer = Start-TestHttpListener
            $listener = $httpServer.Listener; $port = $httpServer.Port
            try {
                $serve = [powershell]::Create().AddScript({
                        param($listener)
                        $context = $listener.GetContext()
                        $bytes = [Text.Encoding]::UTF8.GetBytes('<html><body>Welcome to nginx!</body></html>')
                        $context.Response.ContentType = 'text/html'
                        $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
                        $context.Response.Close()
                    }).AddArgument($listener)
                $handle = $serve.BeginInvoke()
                $record = $null
                Test-GitHubToken -Token (ConvertTo-TestSecureString (Get-TestToken ClassicFull)) -Server "http://127.0.0.1:$port" -ErrorVariable record -ErrorAction SilentlyContinue
                $record[0].FullyQualifiedErrorId | Should -Be 'ServerUnreachable,PSGitHubSync.Commands.TestGitHubTokenCommand'
                $record[0].Exception.Message | Should -Match 'not a GitHub API'
                $null = $serve.EndInvoke($handle)
            }
            finally {
                $listener.Stop()
            }
        }
    }

    Context 'errors and -Quiet' {
        It 'reports a bad token as TokenInvalid (AuthenticationError)' {
            $record = $null
            $result = Test-GitHubToken -Token (ConvertTo-TestSecureString (Get-TestToken Invalid)) -Server $Server -ErrorVariable record -ErrorAction SilentlyContinue
            $result | Should -BeNullOrEmpty
            $record[0].FullyQualifiedErrorId | Should -Be 'TokenInvalid,PSGitHubSync.Commands.TestGitHubTokenCommand'
            $record[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
            $record[0].TargetObject | Should -Be "$Server/"
            $record[0].Exception.Message | Should -Match 'Create a new token'
        }

        It 'reports a missing token as TokenMissing' {
            $saved = $env:GITHUB_TOKEN
            try {
                Remove-Item env:GITHUB_TOKEN -ErrorAction SilentlyContinue
                { Test-GitHubToken -Server $Server -ErrorAction Stop } | Should -Throw -ErrorId 'TokenMissing,PSGitHubSync.Commands.TestGitHubTokenCommand'
            }
            finally { $env:GITHUB_TOKEN = $saved }
        }

        It 'reads the token from GITHUB_TOKEN by default' {
            $saved = $env:GITHUB_TOKEN
            try {
                $env:GITHUB_TOKEN = Get-TestToken OAuth
                (Test-GitHubToken -Server $Server).TokenType | Should -Be 'OAuth'
            }
            finally { $env:GITHUB_TOKEN = $saved }
        }

        It 'takes the token from -Credential' {
            $credential = [pscredential]::new('ignored', (ConvertTo-TestSecureString (Get-TestToken ClassicFull)))
            (Test-GitHubToken -Credential $credential -Server $Server).Login | Should -Be 'octocat'
        }

        It '-Quiet returns $true for a valid token and $false, with no error, otherwise' {
            Test-Token ClassicFull -Parameters @{ Quiet = $true } | Should -BeExactly $true
            $record = $null
            Test-Token Invalid -Parameters @{ Quiet = $true; ErrorVariable = 'record' } | Should -BeExactly $false
            Test-Token ClassicRepoOnly -Parameters @{ Quiet = $true } | Should -BeExactly $false
            $record | Should -BeNullOrEmpty
        }
    }

    Context 'pipeline input' {
        It 'takes Server and Repository by property name, one result per input' {
            $token = ConvertTo-TestSecureString (Get-TestToken ClassicFull)
            $results = @(
                [pscustomobject]@{ Server = $Server; Repository = 'contoso/api-backups' }
                [pscustomobject]@{ Server = $Server; Repository = 'contoso/readonly' }
            ) | Test-GitHubToken -Token $token
            $results.Count | Should -Be 2
            $results[0].Repository | Should -Be 'contoso/api-backups'
            $results[0].CanPush | Should -BeTrue
            $results[1].Repository | Should -Be 'contoso/readonly'
            $results[1].CanPush | Should -BeFalse
        }
    }

    Context 'proxies' {
        BeforeAll {
            $script:Proxied = Start-TestEmulator -Proxy
            $script:AuthProxied = Start-TestEmulator -Proxy -ProxyCredential 'proxyuser:proxy-pass-1'
        }
        AfterAll {
            Stop-TestEmulator $script:Proxied
            Stop-TestEmulator $script:AuthProxied
        }

        It 'sends requests through -Proxy' {
            $before = (Get-EmulatorProxyCount $Proxied).requestCount
            $info = Test-GitHubToken -Token (ConvertTo-TestSecureString (Get-TestToken ClassicFull)) -Server $Proxied.Server -Proxy $Proxied.Proxy
            $info.IsValid | Should -BeTrue
            (Get-EmulatorProxyCount $Proxied).requestCount | Should -BeGreaterThan $before
        }

        It 'reports a proxy that demands credentials, and passes with -ProxyCredential' {
            $record = $null
            Test-GitHubToken -Token (ConvertTo-TestSecureString (Get-TestToken ClassicFull)) -Server $AuthProxied.Server -Proxy $AuthProxied.Proxy -ErrorVariable record -ErrorAction SilentlyContinue
            $record[0].FullyQualifiedErrorId | Should -Be 'ProxyAuthenticationRequired,PSGitHubSync.Commands.TestGitHubTokenCommand'
            $record[0].Exception.Message | Should -Match 'ProxyCredential'

            $credential = [pscredential]::new('proxyuser', (ConvertTo-TestSecureString 'proxy-pass-1'))
            $info = Test-GitHubToken -Token (ConvertTo-TestSecureString (Get-TestToken ClassicFull)) -Server $AuthProxied.Server -Proxy $AuthProxied.Proxy -ProxyCredential $credential
            $info.IsValid | Should -BeTrue
            (Get-EmulatorProxyCount $AuthProxied).authenticationFailures | Should -BeGreaterThan 0
        }

        It 'uses HTTP_PROXY from the environment (with credentials in the address) and honours NO_PROXY' {
            $before = (Get-EmulatorProxyCount $AuthProxied).requestCount
            $proxyWithCredentials = $AuthProxied.Proxy -replace '^http://', 'http://proxyuser:proxy-pass-1@'
            $script = @"
Import-Module '$env:PSGITHUBSYNC_MODULE'
`$info = Test-GitHubToken -Server '$($AuthProxied.Server)'
'VIA-PROXY:' + `$info.IsValid
"@
            $result = Invoke-FreshPwsh -Script $script -Environment @{ HTTP_PROXY = $proxyWithCredentials; GITHUB_TOKEN = (Get-TestToken ClassicFull); NO_PROXY = $null }
            $result.Output | Should -Match 'VIA-PROXY:True'
            $afterProxy = (Get-EmulatorProxyCount $AuthProxied).requestCount
            $afterProxy | Should -BeGreaterThan $before

            $result = Invoke-FreshPwsh -Script $script -Environment @{ HTTP_PROXY = $proxyWithCredentials; GITHUB_TOKEN = (Get-TestToken ClassicFull); NO_PROXY = '127.0.0.1' }
            $result.Output | Should -Match 'VIA-PROXY:True'
            (Get-EmulatorProxyCount $AuthProxied).requestCount | Should -Be $afterProxy
        }
    }

    Context 'secrets' {
        It 'never shows the token in any stream, in success or failure, with -Verbose and -Debug' {
            $tokens = Get-AllTestTokens
            $script = @"
`$ErrorActionPreference = 'Continue'
`$DebugPreference = 'Continue'
Import-Module '$env:PSGITHUBSYNC_MODULE'
foreach (`$name in 'ClassicFull', 'FineGrained', 'App', 'Invalid') {
    `$token = ConvertTo-SecureString -AsPlainText -Force -String ([Environment]::GetEnvironmentVariable("TOKEN_`$name"))
    Test-GitHubToken -Token `$token -Server '$Server' -Repository contoso/api-backups -Verbose -Debug *>&1 | Out-String -Width 400
    Test-GitHubToken -Token `$token -Server '$Server' -Repository contoso/api-backups | Format-List * | Out-String -Width 400
}
`$env:GITHUB_TOKEN = `$env:TOKEN_ClassicFull
Test-GitHubToken -Server 'http://127.0.0.1:1' -Verbose *>&1 | Out-String -Width 400
`$Error | ForEach-Object { `$_ | Format-List * -Force | Out-String -Width 400; `$_.Exception | Format-List * -Force | Out-String -Width 400 }
"@
            $environment = @{}
            foreach ($name in 'ClassicFull', 'FineGrained', 'App', 'Invalid') { $environment["TOKEN_$name"] = Get-TestToken $name }
            $result = Invoke-FreshPwsh -Script $script -Environment $environment
            $all = $result.Output + $result.Error
            $all | Should -Match 'GET http://127\.0\.0\.1:\d+/api/v3/user'   # verbose narration really ran
            $all | Should -Match 'TokenInvalid'
            foreach ($token in $tokens) {
                $all.Contains($token) | Should -BeFalse -Because 'a token must never be written to any stream'
            }
        }
    }
}

Describe 'PSGitHubSync module' {
    It 'has a valid manifest that exports exactly its cmdlets' {
        $manifest = Test-ModuleManifest $env:PSGITHUBSYNC_MODULE
        $manifest.CompatiblePSEditions | Should -Be @('Core', 'Desktop')
        $exported = (Get-Command -Module PSGitHubSync).Name | Sort-Object
        $exported | Should -Be (@($manifest.ExportedCmdlets.Keys) | Sort-Object)
    }

    It 'has full help for every cmdlet, generated from markdown' {
        foreach ($command in Get-Command -Module PSGitHubSync) {
            $help = Get-Help $command.Name -Full
            $help.Synopsis | Should -Not -BeNullOrEmpty
            $help.Synopsis | Should -Not -Match ([regex]::Escape($command.Name) + '\s*\[')   # not the auto-generated syntax
            ($help.description | Out-String).Trim() | Should -Not -BeNullOrEmpty
            @($help.examples.example).Count | Should -BeGreaterOrEqual 2
            foreach ($parameter in $command.Parameters.Values | Where-Object { $_.Name -notin [System.Management.Automation.PSCmdlet]::CommonParameters -and $_.Name -notin [System.Management.Automation.PSCmdlet]::OptionalCommonParameters }) {
                $parameterHelp = Get-Help $command.Name -Parameter $parameter.Name
                ($parameterHelp.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) of $($command.Name) needs a description"
            }
        }
    }

    It 'loads its engine and dependencies in their own load context, next to an older YamlDotNet already in the session' {
        $oldYaml = $env:PSGITHUBSYNC_OLD_YAMLDOTNET
        Test-Path $oldYaml | Should -BeTrue
        $script = @"
Add-Type -Path '$oldYaml'
Import-Module '$env:PSGITHUBSYNC_MODULE'
`$info = Test-GitHubToken -Token (ConvertTo-SecureString -AsPlainText -Force -String `$env:TEST_TOKEN) -Server '$Server'
'LOGIN:' + `$info.Login
`$engine = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'PSGitHubSync.Engine' }
'ENGINE-CONTEXT:' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$engine).GetType().Name
'MODEL-CONTEXT:' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext([PSGitHubSync.TokenInfo].Assembly).GetType().Name
foreach (`$assembly in [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -in 'YamlDotNet', 'Octokit' }) {
    'LOADED:' + `$assembly.GetName().Name + ':' + `$assembly.GetName().Version + ':' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$assembly).GetType().Name
}
"@
        $result = Invoke-FreshPwsh -Script $script -Environment @{ TEST_TOKEN = (Get-TestToken ClassicFull) }
        $result.Output | Should -Match 'LOGIN:octocat'
        $result.Output | Should -Match 'ENGINE-CONTEXT:DependencyLoadContext'
        $result.Output | Should -Match 'MODEL-CONTEXT:DefaultAssemblyLoadContext'   # the object types stay nameable from scripts
        $result.Output | Should -Match 'LOADED:YamlDotNet:11\.0\.0\.0:DefaultAssemblyLoadContext'
        $result.Output | Should -Match 'LOADED:Octokit:14\.0\.0\.0:DependencyLoadContext'
    }
}
