<#
    Shared by the Pester tests and the demo: start and stop the loopback emulator as its own
    process, run code in a fresh PowerShell process, and the sample tokens and repositories.
#>
Set-StrictMode -Version Latest

# Sample tokens: shaped like real ones (prefix + 36 characters), valid only on the emulator.
$script:Tokens = [ordered]@{
    ClassicFull     = 'ghp_' + 'C1assicFu11T0k3nF0rTh3Emu1at0r000001'
    ClassicRepoOnly = 'ghp_' + 'C1assicR3p00n1yT0k3nF0rEmu1at0r00002'
    ClassicNoRepo   = 'ghp_' + 'C1assicN0R3p0T0k3nF0rTh3Emu1at0r0003'
    FineGrained     = 'github_pat_' + '11AAAAAAA0FineGrainedWrite_' + 'x' * 50
    FineGrainedRead = 'github_pat_' + '11AAAAAAA0FineGrainedRead0_' + 'y' * 50
    App             = 'ghs_' + 'App1nsta11ati0nT0k3nF0rEmu1at0r00004'
    OAuth           = 'gho_' + '0AuthAppT0k3nF0rTh3Emu1at0r000000005'
    Invalid         = 'ghp_' + 'Inva1idT0k3nTh3Emu1at0rD0esN0tKn0w06'
    PostmanKey      = 'PMAK-' + '64f1c2a9e6b7d4c529a1e0d3' + '-' + '5e7f9a10b2c4d6e8f0a1b3c5d7e9f1a2b3'
}

function Clear-TestProxyEnvironment {
    <# Removes the proxy variables of the environment, so that requests to the loopback emulator go straight to it. #>
    foreach ($name in 'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'all_proxy', 'no_proxy') {
        Remove-Item "env:$name" -ErrorAction SilentlyContinue
    }
}

function Set-TestCredentialEnvironment {
    <# Sets GITHUB_TOKEN and POSTMAN_API_KEY to the emulator's test credentials; returns what they were, for Restore-TestCredentialEnvironment. #>
    $saved = @{ GitHubToken = $env:GITHUB_TOKEN; PostmanKey = $env:POSTMAN_API_KEY }
    $env:GITHUB_TOKEN = Get-TestToken ClassicFull
    $env:POSTMAN_API_KEY = Get-TestToken PostmanKey
    $saved
}

function Restore-TestCredentialEnvironment {
    <# Puts back the variables Set-TestCredentialEnvironment replaced. #>
    param([Parameter(Mandatory)] [hashtable] $Saved)
    $env:GITHUB_TOKEN = $Saved.GitHubToken
    $env:POSTMAN_API_KEY = $Saved.PostmanKey
}

function Start-TestHttpListener {
    <#
        An HttpListener on a free loopback port (it cannot take port 0, so random ports are tried until one is free: other
        test runs share the machine). Returns the started listener and its port.
    #>
    foreach ($attempt in 1..20) {
        $candidate = [Net.HttpListener]::new()
        $port = Get-Random -Minimum 20000 -Maximum 60000
        $candidate.Prefixes.Add("http://127.0.0.1:$port/")
        try {
            $candidate.Start()
            return [pscustomobject]@{ Listener = $candidate; Port = $port }
        }
        catch {
            $candidate.Close()
        }
    }
    throw 'No free loopback port was found for a test HTTP server in 20 tries.'
}

function Get-TestToken {
    param([Parameter(Mandatory)] [string] $Name)
    $script:Tokens[$Name]
}

function Get-AllTestTokens { @($script:Tokens.Values) }

function New-TestEmulatorConfig {
    <# The standard world: octocat owns contoso/api-backups (private) and can only read contoso/readonly. #>
    $in60Days = [DateTimeOffset]::UtcNow.AddDays(60).ToString('o')
    $in5Days = [DateTimeOffset]::UtcNow.AddDays(5).ToString('o')
    @{
        users        = @(
            @{ login = 'octocat'; id = 583231; name = 'The Octocat' }
            @{ login = 'contoso'; id = 9919; name = 'Contoso' }
        )
        repositories = @(
            @{ owner = 'contoso'; name = 'api-backups'; private = $true; defaultBranch = 'main'; collaborators = @{ octocat = 'admin' } }
            @{ owner = 'contoso'; name = 'readonly'; private = $true; defaultBranch = 'main'; collaborators = @{ octocat = 'read' } }
        )
        postman      = @{
            apiKeys    = @(@{ value = $script:Tokens.PostmanKey; user = 'octocat'; userId = 583231; workspaces = @('*') })
            workspaces = @(
                @{
                    name        = 'Payments'
                    collections = @(
                        foreach ($file in Get-ChildItem (Join-Path $PSScriptRoot '../demo/collections') -Filter *.json | Sort-Object Name) { @{ file = $file.FullName } }
                    )
                    environments = @(
                        @{ name = 'Production'; values = @(
                                @{ key = 'baseUrl'; value = 'https://api.payments.example.com'; enabled = $true; type = 'default' }
                                @{ key = 'accessToken'; value = 'prod-secret-value-never-written'; enabled = $true; type = 'secret' }
                            ) }
                    )
                }
            )
        }
        tokens       = @(
            @{ value = $script:Tokens.ClassicFull; type = 'classic'; login = 'octocat'; scopes = @('repo', 'user', 'workflow'); expiresAt = $in60Days }
            @{ value = $script:Tokens.ClassicRepoOnly; type = 'classic'; login = 'octocat'; scopes = @('repo') }
            @{ value = $script:Tokens.ClassicNoRepo; type = 'classic'; login = 'octocat'; scopes = @('read:user') }
            @{ value = $script:Tokens.FineGrained; type = 'fine-grained'; login = 'octocat'; expiresAt = $in5Days; repositoryPermissions = @{ 'contoso/api-backups' = 'write'; 'contoso/readonly' = 'read' } }
            @{ value = $script:Tokens.FineGrainedRead; type = 'fine-grained'; login = 'octocat'; expiresAt = $in60Days; repositoryPermissions = @{ 'contoso/api-backups' = 'read' } }
            @{ value = $script:Tokens.App; type = 'app'; repositoryPermissions = @{ 'contoso/api-backups' = 'write' } }
            @{ value = $script:Tokens.OAuth; type = 'oauth'; login = 'octocat'; scopes = @('repo', 'user') }
        )
    }
}

function Start-TestEmulator {
    <# Starts the emulator (built by build.ps1) on free loopback ports and waits for 'Ready'. #>
    param(
        [hashtable] $Config = (New-TestEmulatorConfig),
        [switch] $Proxy,
        [string] $ProxyCredential
    )
    $dll = $env:PSGITHUBSYNC_EMULATOR
    if (-not $dll -or -not (Test-Path $dll)) { throw "Set PSGITHUBSYNC_EMULATOR to the built emulator (build.ps1 -Task Test does)." }
    $configPath = Join-Path ([IO.Path]::GetTempPath()) ("psgithubsync-emulator-{0}.json" -f [guid]::NewGuid())
    $Config | ConvertTo-Json -Depth 10 | Set-Content -Path $configPath -Encoding utf8

    $start = [Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
    foreach ($argument in @($dll, '--port', '0', '--config', $configPath)) { $start.ArgumentList.Add($argument) }
    if ($Proxy) {
        $start.ArgumentList.Add('--proxy-port'); $start.ArgumentList.Add('0')
        if ($ProxyCredential) { $start.ArgumentList.Add('--proxy-credential'); $start.ArgumentList.Add($ProxyCredential) }
    }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardInput = $true
    $start.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($start)
    $urls = @{}
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while ($true) {
        $read = $process.StandardOutput.ReadLineAsync()
        if (-not $read.Wait([Math]::Max(1, ($deadline - [DateTime]::UtcNow).TotalMilliseconds)) -or $null -eq $read.Result) {
            if (-not $process.HasExited) { $process.Kill($true) }
            throw 'The emulator did not report Ready.'
        }
        $line = $read.Result
        if ($line -eq 'Ready') { break }
        if ($line -match '^(?<name>\w+): (?<url>\S+)$') { $urls[$Matches.name] = $Matches.url }
    }
    [pscustomobject]@{
        Process    = $process
        GitHub     = $urls['GitHub']
        Enterprise = $urls['Enterprise']
        Proxy      = $urls['Proxy']
        Postman    = $urls['Postman']
        ConfigPath = $configPath
        # How users name this server: the host, which maps to /api/v3/ like GitHub Enterprise Server.
        Server     = $urls['GitHub'].TrimEnd('/')
    }
}

function Stop-TestEmulator {
    param([Parameter(Mandatory)] $Emulator)
    if (-not $Emulator.Process.HasExited) {
        try { $Emulator.Process.StandardInput.Close() } catch { }
        if (-not $Emulator.Process.WaitForExit(5000)) { $Emulator.Process.Kill($true) }
    }
    Remove-Item $Emulator.ConfigPath -ErrorAction SilentlyContinue
}

function Get-EmulatorRequest {
    param([Parameter(Mandatory)] $Emulator)
    Invoke-RestMethod -Uri ($Emulator.GitHub + '_emulator/requests') -NoProxy
}

function Clear-EmulatorRequest {
    param([Parameter(Mandatory)] $Emulator)
    Invoke-RestMethod -Method Delete -Uri ($Emulator.GitHub + '_emulator/requests') -NoProxy | Out-Null
}

function Get-EmulatorProxyCount {
    param([Parameter(Mandatory)] $Emulator)
    Invoke-RestMethod -Uri ($Emulator.GitHub + '_emulator/proxy') -NoProxy
}

function Invoke-EmulatorControl {
    <# Calls one of the emulator's /_emulator control endpoints (not logged, not counted). #>
    param(
        [Parameter(Mandatory)] $Emulator,
        [Parameter(Mandatory)] [string] $Path,
        [string] $Method = 'GET',
        $Body
    )
    $parameters = @{ Uri = $Emulator.GitHub + '_emulator/' + $Path.TrimStart('/'); Method = $Method; NoProxy = $true }
    if ($null -ne $Body) {
        $parameters.Body = if ($Body -is [string]) { $Body } else { $Body | ConvertTo-Json -Depth 10 }
        $parameters.ContentType = 'application/json'
    }
    Invoke-RestMethod @parameters
}

function Get-EmulatorOtherHostCount {
    <# What reached the hostile mode's "other host": requestCount, credentialCount (requests with a credential header). #>
    param([Parameter(Mandatory)] $Emulator)
    Invoke-EmulatorControl $Emulator 'other-host'
}

function Export-EmulatorRepository {
    <# Writes an emulated repository as a real bare git repository and returns its folder. #>
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Owner, [Parameter(Mandatory)] [string] $Repository)
    $directory = Join-Path ([IO.Path]::GetTempPath()) ("psgithubsync-export-{0}.git" -f [guid]::NewGuid())
    $null = Invoke-EmulatorControl $Emulator 'export' -Method Post -Body @{ owner = $Owner; repo = $Repository; directory = $directory }
    $directory
}

function Start-TestPwsh {
    <#
        Starts `pwsh <Argument>` (same version as this one) with standard output and error read in the background;
        $Environment sets variables ($null removes one). Wait-TestPwsh waits for it and returns what it wrote.
    #>
    param(
        [Parameter(Mandatory)] [string[]] $Argument,
        [hashtable] $Environment = @{}
    )
    $start = [Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
    foreach ($item in @(Get-PwshStartArgument) + $Argument) { $start.ArgumentList.Add($item) }
    foreach ($name in $Environment.Keys) {
        if ($null -eq $Environment[$name]) { $null = $start.Environment.Remove($name) } else { $start.Environment[$name] = [string] $Environment[$name] }
    }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($start)
    [pscustomobject]@{ Process = $process; Output = $process.StandardOutput.ReadToEndAsync(); Error = $process.StandardError.ReadToEndAsync() }
}

function Wait-TestPwsh {
    <# Waits for a Start-TestPwsh process (killed after $Seconds) and returns its exit code, output and error text. #>
    param([Parameter(Mandatory)] $Started, [int] $Seconds = 120)
    if (-not $Started.Process.WaitForExit($Seconds * 1000)) { $Started.Process.Kill($true); throw "The child PowerShell did not finish in $Seconds s." }
    $Started.Process.WaitForExit()
    [pscustomobject]@{ ExitCode = $Started.Process.ExitCode; Output = $Started.Output.Result; Error = $Started.Error.Result }
}

function Invoke-FreshPwsh {
    <#
        Runs a script in a new PowerShell process (same version as this one) and returns its
        exit code and everything it wrote to stdout and stderr, as text.
    #>
    param(
        [Parameter(Mandatory)] [string] $Script,
        [hashtable] $Environment = @{},
        [int] $Seconds = 120
    )
    $scriptPath = Join-Path ([IO.Path]::GetTempPath()) ("psgithubsync-{0}.ps1" -f [guid]::NewGuid())
    Set-Content -Path $scriptPath -Value $Script -Encoding utf8
    try {
        Wait-TestPwsh (Start-TestPwsh -Argument @('-NoProfile', '-NonInteractive', '-File', $scriptPath) -Environment $Environment) -Seconds $Seconds
    }
    finally {
        Remove-Item $scriptPath -ErrorAction SilentlyContinue
    }
}

function New-TestBackupYaml {
    <# One collection-backup integration as definitions-file YAML (an entry of 'integrations:'). #>
    param(
        [string] $Name = 'payments',
        [string] $Repository = 'contoso/api-backups',
        [string] $Branch,
        [string] $Source = '{ workspace: Payments, collection: Payments API }',
        [string] $Extra = ''
    )
    "  - name: $Name`n    type: collection-backup`n    source: $Source`n    repository: $Repository`n" + $(if ($Branch) { "    branch: $Branch`n" }) + $Extra
}

function New-TestFolder {
    <# A new empty folder under Pester's TestDrive (inside a test run only). #>
    $path = Join-Path $TestDrive ([guid]::NewGuid().ToString('N').Substring(0, 12))
    New-Item -ItemType Directory -Path $path | Out-Null
    $path
}

function New-TestDefinitionFile {
    <#
        Writes psgithubsync.yml into $Folder (default: a new test folder) with the emulator's servers and env: references
        as defaults ($EnvironmentPrefix_GITHUB_TOKEN, $EnvironmentPrefix_POSTMAN_KEY), then $Integrations (entries of
        'integrations:'), LF line ends, UTF-8 without BOM. Returns its path.
    #>
    param(
        [Parameter(Mandatory)] $Emulator,
        [Parameter(Mandatory)] [string] $Integrations,
        [string] $Folder = (New-TestFolder),
        [Parameter(Mandatory)] [string] $EnvironmentPrefix
    )
    $text = "version: 1`ndefaults:`n  github:`n    server: $($Emulator.Server)`n    token: env:$($EnvironmentPrefix)_GITHUB_TOKEN`n" +
        "  postman:`n    server: $($Emulator.Postman)`n    apiKey: env:$($EnvironmentPrefix)_POSTMAN_KEY`nintegrations:`n$($Integrations.TrimEnd())`n"
    $path = Join-Path $Folder 'psgithubsync.yml'
    [IO.File]::WriteAllText($path, ($text -replace "`r`n", "`n"), [Text.UTF8Encoding]::new($false))
    $path
}

function Write-Utf8 {
    <# Writes $Text to $Path as UTF-8 without BOM, creating the folder when missing. #>
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [AllowEmptyString()] [string] $Text)
    $parent = Split-Path $Path
    if ($parent) { $null = New-Item -ItemType Directory -Force -Path $parent }
    [IO.File]::WriteAllText($Path, $Text, [Text.UTF8Encoding]::new($false))
}

function Get-OpenApi {
    <# A small valid OpenAPI 3.0 document; each -Version gives different content. #>
    param([string] $Version = '1.0')
    "openapi: 3.0.3`ninfo:`n  title: Payments`n  version: '$Version'`npaths:`n  /payments:`n    get:`n      responses:`n        '200':`n          description: ok`n"
}

function Get-BranchLog {
    <# A branch's commits, newest first (the emulator's view). #>
    param([Parameter(Mandatory)] $Emulator, [string] $Repository = 'contoso/api-backups', [string] $Branch = 'main')
    $log = Invoke-EmulatorControl $Emulator "repos/$Repository/log/$Branch"
    @($log)   # (the JSON array comes back as one object: @() around the call would nest it)
}

function Get-BranchHead {
    <# The SHA of a branch's newest commit (the emulator's view). #>
    param([Parameter(Mandatory)] $Emulator, [string] $Repository = 'contoso/api-backups', [string] $Branch = 'main')
    $log = Get-BranchLog $Emulator $Repository $Branch
    if ($log.Count -gt 0) { $log[0].sha }
}

function Get-RepositoryObjectText {
    <# Every object of an emulated repository (commits, trees, blobs, tags), decompressed by the real git CLI, as text. #>
    param([Parameter(Mandatory)] $Emulator, [string] $Owner = 'contoso', [string] $Repository = 'api-backups')
    $bare = Export-EmulatorRepository $Emulator -Owner $Owner -Repository $Repository
    try {
        $text = & git --git-dir=$bare cat-file --batch-all-objects --batch | Out-String
        if ($LASTEXITCODE -ne 0) { throw "git cat-file failed on the export of $Owner/$Repository (exit code $LASTEXITCODE)." }
        $text
    }
    finally { Remove-Item $bare -Recurse -Force -ErrorAction SilentlyContinue }
}

function ConvertTo-TestSecureString {
    param([Parameter(Mandatory)] [string] $Text)
    ConvertTo-SecureString -String $Text -AsPlainText -Force
}

function Get-PwshStartArgument {
    <# What starts a fresh PowerShell like this one: pwsh.dll under `dotnet pwsh`, nothing for an installed pwsh. #>
    if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' }
}

Export-ModuleMember -Function *-*
