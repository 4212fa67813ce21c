#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }

<#
    Issue 11 ("Security hardening"), items 2 to 5, end to end: the BUILT module ($env:PSGITHUBSYNC_MODULE) against
    the emulator's hostile mode. Every scenario runs in a fresh PowerShell that writes everything it can show to
    files: all six streams with -Verbose (6>&1 5>&1 4>&1 3>&1 2>&1), "$Error | Format-List * -Force", each error's
    Exception.ToString(), and a Start-Transcript; the test then searches those, the child's stdout and stderr, every
    file it wrote and every object of the exported repository for each credential the run held.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Clear-TestProxyEnvironment

    # Credentials of these runs: the test tokens, and keys that do not look like keys (so only the registry can catch them).
    $script:WrongPostmanKey = 'wrong-postman-key-' + [guid]::NewGuid().ToString('N')
    $script:BadToken = (Get-TestToken ClassicFull).Substring(0, 20) + "`e[2J`a" + (Get-TestToken ClassicFull).Substring(20)

    function New-DefinitionFile { New-TestDefinitionFile -EnvironmentPrefix PSGS_SEC @args }

    function Invoke-Captured {
        <#
            Runs $Commands (PowerShell text, with $Defs the definitions file) in a fresh process under a transcript,
            every stream merged into the output, and returns the text of everything that process showed or wrote.
        #>
        param([Parameter(Mandatory)] [string] $Folder, [Parameter(Mandatory)] [string] $Commands, [hashtable] $Environment = @{})
        $out = Join-Path $Folder 'captured'
        New-Item -ItemType Directory -Path $out -Force | Out-Null
        $script = @"
`$ErrorActionPreference = 'Continue'
`$ProgressPreference = 'SilentlyContinue'
Import-Module '$($env:PSGITHUBSYNC_MODULE)'
Set-Location '$Folder'
`$Defs = Join-Path '$Folder' 'psgithubsync.yml'
Start-Transcript -Path '$out/transcript.txt' -IncludeInvocationHeader | Out-Null
`$all = & { $Commands } -Verbose 6>&1 5>&1 4>&1 3>&1 2>&1
Stop-Transcript | Out-Null
`$all | Format-List * -Force | Out-String -Width 4096 | Set-Content '$out/streams.txt'
`$all | Out-String -Width 4096 | Add-Content '$out/streams.txt'
`$Error | Format-List * -Force | Out-String -Width 4096 | Set-Content '$out/errors.txt'
foreach (`$e in `$Error) {
    if (`$e -is [System.Management.Automation.ErrorRecord]) {
        `$e.Exception.ToString() | Add-Content '$out/errors.txt'
        `$e.Exception | Format-List * -Force | Out-String -Width 4096 | Add-Content '$out/errors.txt'
        `$e.TargetObject | Out-String -Width 4096 | Add-Content '$out/errors.txt'
        `$e.FullyQualifiedErrorId | Add-Content '$out/ids.txt'
    }
}
`$all | Where-Object { `$_ -isnot [System.Management.Automation.ErrorRecord] -and `$_ -isnot [System.Management.Automation.InformationalRecord] } |
    ConvertTo-Json -Depth 8 -WarningAction SilentlyContinue | Set-Content '$out/objects.json'
exit 0
"@
        $run = Invoke-FreshPwsh -Script $script -Environment $Environment
        $ids = if (Test-Path "$out/ids.txt") { @(Get-Content "$out/ids.txt") } else { @() }
        [pscustomobject]@{ Run = $run; Folder = $Folder; Ids = $ids; Streams = Get-Content "$out/streams.txt" -Raw; Errors = Get-Content "$out/errors.txt" -Raw }
    }

    function Get-EverythingWritten {
        <# The text of the child's stdout and stderr, and of every file under the folder (transcript, captures, definitions, state). #>
        param([Parameter(Mandatory)] $Captured)
        $text = [Text.StringBuilder]::new()
        $null = $text.AppendLine($Captured.Run.Output).AppendLine($Captured.Run.Error)
        foreach ($file in Get-ChildItem $Captured.Folder -Recurse -File) {
            $null = $text.AppendLine([IO.File]::ReadAllText($file.FullName))
        }
        $text.ToString()
    }

    function Assert-NoCredential {
        <# None of the run's credentials, nor a recognisable part of one, is in $Text. #>
        param([Parameter(Mandatory)] [string] $Text, [string] $Where)
        $secrets = @(Get-AllTestTokens) + $script:WrongPostmanKey + $script:BadToken
        foreach ($secret in $secrets) {
            $Text.Contains($secret) | Should -BeFalse -Because "no credential may appear in $Where"
            # The distinctive middle of each (a partial leak would still be a leak); the tokens' last 16 characters are unique.
            $Text.Contains($secret.Substring($secret.Length - 16)) | Should -BeFalse -Because "no part of a credential may appear in $Where"
        }
    }
}

Describe 'Security: no credential leaves, no request leaves the API root, one bad secret fails alone' {
    BeforeAll {
        $script:Emulator = Start-TestEmulator
        $script:Environment = @{
            PSGS_SEC_GITHUB_TOKEN = Get-TestToken ClassicFull
            PSGS_SEC_POSTMAN_KEY  = (Get-TestToken PostmanKey) + "`n"   # a mounted secret's final newline: trimmed, not an error
            PSGS_SEC_WRONG_KEY    = $script:WrongPostmanKey
            PSGS_SEC_BAD_TOKEN    = $script:BadToken
        }
    }

    AfterAll {
        if ($script:Emulator) { Stop-TestEmulator $script:Emulator }
    }

    BeforeEach {
        $null = Invoke-EmulatorControl $script:Emulator 'faults' -Method Delete
        $null = Invoke-RestMethod -Method Put -Uri ($script:Emulator.GitHub + '_emulator/postman/hostile') -Body '{"echoApiKey":false}' -ContentType 'application/json' -NoProxy
        $null = Invoke-EmulatorControl $script:Emulator 'other-host' -Method Delete
    }

    It 'runs the good integration and reports the one whose token holds a control character as SecretInvalid' {
        $folder = New-TestFolder
        $null = New-DefinitionFile $script:Emulator -Folder $folder -Integrations @"
  - name: broken
    type: collection-backup
    source: { workspace: Payments, collection: Orders API }
    repository: contoso/readonly
    github: { token: 'env:PSGS_SEC_BAD_TOKEN' }
  - name: working
    type: collection-backup
    source: { workspace: Payments, collection: Payments API }
    repository: contoso/api-backups
"@
        $captured = Invoke-Captured -Folder $folder -Environment $script:Environment -Commands @'
Invoke-CollectionBackup -Path $Defs
Test-BackupIntegration -Path $Defs -Name broken
'@

        $captured.Run.ExitCode | Should -Be 0
        $captured.Ids | Should -Contain 'SecretInvalid,PSGitHubSync.Commands.InvokeCollectionBackupCommand'
        $captured.Ids | Should -Contain 'SecretInvalid,PSGitHubSync.Commands.TestBackupIntegrationCommand'
        $captured.Errors | Should -Match 'env:PSGS_SEC_BAD_TOKEN'
        $captured.Errors | Should -Match 'control characters'
        $objects = Get-Content (Join-Path $folder 'captured/objects.json') -Raw | ConvertFrom-Json
        ($objects | Where-Object Name -EQ 'working').Status | Should -Not -Be 'Failed'
        ($objects | Where-Object Name -EQ 'working').CommitSha | Should -Not -BeNullOrEmpty
        Assert-NoCredential (Get-EverythingWritten $captured) 'the output, the error records, the transcript and the files written'
    }

    It 'keeps a token that a GitHub 422 echoes out of every stream, error, transcript and file' {
        $folder = New-TestFolder
        $null = New-DefinitionFile $script:Emulator -Folder $folder -Integrations (New-TestBackupYaml -Name echo)
        $body = '{"message":"Validation Failed: {authorization} is not allowed here","errors":[{"resource":"Token","value":"{token}"}]}'
        $null = Invoke-EmulatorControl $script:Emulator 'faults' -Method Post -Body @{ method = '*'; pathPattern = '/repos/contoso/api-backups*'; count = 50; status = 422; body = $body; headers = @{ 'X-Echo' = '{authorization}' } }

        $captured = Invoke-Captured -Folder $folder -Environment $script:Environment -Commands @'
Invoke-CollectionBackup -Path $Defs
Test-BackupIntegration -Path $Defs -Detailed
Test-GitHubToken -Server ((Get-BackupIntegration -Path $Defs)[0].Server) -Repository contoso/api-backups -Token (ConvertTo-SecureString $env:PSGS_SEC_GITHUB_TOKEN -AsPlainText -Force)
'@

        $captured.Run.ExitCode | Should -Be 0
        $captured.Errors | Should -Match 'Validation Failed: Bearer \*\*\*'
        ($captured.Ids | Where-Object { $_ -like 'GitHubRequestFailed,*' -or $_ -like 'PushDenied,*' -or $_ -like 'IntegrationCheckFailed,*' }) | Should -Not -BeNullOrEmpty
        Assert-NoCredential (Get-EverythingWritten $captured) 'the output, the error records, the transcript and the files written'
        Assert-NoCredential (Get-RepositoryObjectText $script:Emulator) "the repository's objects"
    }

    It 'keeps an API key that Postman errors echo out of everything, the wrong key and the right one alike' {
        $folder = New-TestFolder
        $null = New-DefinitionFile $script:Emulator -Folder $folder -Integrations @"
  - name: wrong-key
    type: collection-backup
    source: { workspace: Payments, collection: Payments API }
    repository: contoso/api-backups
    directory: wrong-key
    postman: { apiKey: 'env:PSGS_SEC_WRONG_KEY' }
  - name: missing-collection
    type: collection-backup
    source: { workspace: Payments, collection: No Such Collection }
    repository: contoso/api-backups
    directory: missing
"@
        $null = Invoke-RestMethod -Method Put -Uri ($script:Emulator.GitHub + '_emulator/postman/hostile') -Body '{"echoApiKey":true}' -ContentType 'application/json' -NoProxy

        $captured = Invoke-Captured -Folder $folder -Environment $script:Environment -Commands @'
Invoke-CollectionBackup -Path $Defs
Test-BackupIntegration -Path $Defs -Detailed
'@

        $captured.Run.ExitCode | Should -Be 0
        $captured.Ids | Should -Contain 'ApiKeyInvalid,PSGitHubSync.Commands.InvokeCollectionBackupCommand'
        $captured.Errors | Should -Match 'X-Api-Key \*\*\*'
        Assert-NoCredential (Get-EverythingWritten $captured) 'the output, the error records, the transcript and the files written'
    }

    It 'refuses a pagination link to another host with UrlOutsideApiRoot, and nothing reaches that host' {
        $folder = New-TestFolder
        $null = New-DefinitionFile $script:Emulator -Folder $folder -Integrations (New-TestBackupYaml -Name history -Extra "    directory: history`n")
        $first = Invoke-Captured -Folder $folder -Environment $script:Environment -Commands 'Invoke-CollectionBackup -Path $Defs'
        $first.Ids | Should -BeNullOrEmpty

        $other = (Invoke-EmulatorControl $script:Emulator 'other-host').url
        foreach ($link in @(
                "<${other}api/v3/repositories/1/commits?page=2>; rel=`"next`"",
                "<//$(([uri] $other).Authority)/api/v3/repositories/1/commits?page=2>; rel=`"next`"",
                "<$($script:Emulator.Server)/api/v3/x@$(([uri] $other).Authority)/x>; rel=`"next`"")) {
            $null = Invoke-EmulatorControl $script:Emulator 'faults' -Method Post -Body @{ method = 'GET'; pathPattern = '/repos/contoso/api-backups/commits'; count = 1; status = 200; body = '[]'; headers = @{ Link = $link } }
        }
        $captured = Invoke-Captured -Folder $folder -Environment $script:Environment -Commands @'
Get-CollectionBackupHistory -Path $Defs -Name history
Get-CollectionBackupHistory -Path $Defs -Name history
Get-CollectionBackupHistory -Path $Defs -Name history
'@

        $refused = @($captured.Ids | Where-Object { $_ -like 'UrlOutsideApiRoot,*' })
        $refused.Count | Should -Be 2 -Because 'the absolute and the scheme-relative foreign links are refused; the third stays on the API root (a path with an @ in it)'
        $count = Invoke-EmulatorControl $script:Emulator 'other-host'
        $count.requestCount | Should -Be 0
        $count.credentialCount | Should -Be 0
        Assert-NoCredential (Get-EverythingWritten $captured) 'the output, the error records, the transcript and the files written'
    }

    It 'never prints a secret written into the definitions file, nor a password in postman.server' {
        $folder = New-TestFolder
        $null = New-DefinitionFile $script:Emulator -Folder $folder -Integrations @"
  - name: literal
    type: collection-backup
    source: { workspace: Payments, collection: Payments API }
    repository: contoso/api-backups
    github: { token: 'hunter2-literal-value-0123' }
    postman: { server: 'https://admin:s3cr3t-proxy-pass@postman.contoso.com' }
"@
        $captured = Invoke-Captured -Folder $folder -Environment $script:Environment -Commands @'
Get-BackupIntegration -Path $Defs
Test-BackupIntegration -Path $Defs -Detailed
Invoke-CollectionBackup -Path $Defs
'@
        $text = (Get-EverythingWritten $captured).Replace([IO.File]::ReadAllText((Join-Path $folder 'psgithubsync.yml')), '')
        $text | Should -Match 'holds a literal value'
        $text | Should -Match 'user name or password'
        $text.Contains('hunter2-literal-value-0123') | Should -BeFalse
        $text.Contains('s3cr3t-proxy-pass') | Should -BeFalse
        $captured.Ids | Should -Contain 'DefinitionFileInvalid,PSGitHubSync.Commands.GetBackupIntegrationCommand'
    }
}
