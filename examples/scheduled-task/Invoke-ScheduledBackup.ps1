<#
.SYNOPSIS
    Runs PSGitHubSync unattended (Task Scheduler, systemd, a CI step) and logs one JSON line per result,
    per warning and per error.

.DESCRIPTION
    Imports PSGitHubSync by name (installed with Install-PSResource PSGitHubSync), runs one of the running
    cmdlets over a definitions file and appends to -LogPath everything a person needs the next morning, one
    JSON object per line (JSON Lines), never a table cut to the console's width:

      {"time":"...","run":"<id>","kind":"start","command":"Invoke-CollectionBackup","definitionFile":"...","shard":"1/3",...}
      {"time":"...","run":"<id>","kind":"result","integration":"payments","status":"Updated","commitSha":"3f2c1a9...","commitUrl":"...","files":[...],...}
      {"time":"...","run":"<id>","kind":"warning","message":"..."}
      {"time":"...","run":"<id>","kind":"error","integration":"orders","errorId":"PushDenied","category":"PermissionDenied","message":"...","fullyQualifiedErrorId":"..."}
      {"time":"...","run":"<id>","kind":"end","results":2,"errors":1,"exitCode":1,"seconds":4.2}

    Read it with: Get-Content backup.jsonl | ConvertFrom-Json | Where-Object kind -eq 'error'
             or:  jq -c 'select(.kind == "error")' backup.jsonl
    The same lines go to standard output (the journal of a systemd service; Task Scheduler drops them).
    Tokens and API keys never appear in any line: the module redacts them from every message.

    Exit code: 0 when everything succeeded, 1 when any integration failed (Task Scheduler shows "Last Run
    Result 0x1", systemd marks the unit failed), 2 when nothing could run (module missing, definitions file
    invalid, bad -Shard).

    HOW THE TASK GETS ITS TOKENS WITHOUT A PERSON PRESENT (never put a token in this script or in the task):
    1. The definitions file's references, resolved by the module when the integration runs:
       - secret:NAME / secret:VAULT/NAME  Microsoft.PowerShell.SecretManagement with a SecretStore vault that
         the service account configured once for unattended use (no password, no prompt):
            Install-PSResource Microsoft.PowerShell.SecretManagement, Microsoft.PowerShell.SecretStore
            Set-SecretStoreConfiguration -Scope CurrentUser -Authentication None -Interaction None -Confirm:$false
            Register-SecretVault -Name BackupVault -ModuleName Microsoft.PowerShell.SecretStore -DefaultVault
            Set-Secret -Name GitHubBackupToken -Secret (Read-Host -AsSecureString)   # once, run as the service account
         (The store is per user and protected by the account's profile: run these as the task's account,
         e.g. with `runas /user:CONTOSO\svc-backup pwsh` or `sudo -u svc-backup pwsh`.)
       - env:NAME  the environment of the service account (systemd: EnvironmentFile=, readable by root only).
       - file:PATH  a file only the service account can read (a mounted container secret).
    2. systemd credentials: when $env:CREDENTIALS_DIRECTORY is set (LoadCredential= / LoadCredentialEncrypted=
       in the unit), the files 'github-token' and 'postman-api-key' in it are passed as -Token and
       -PostmanApiKey and win over the file's references.

.PARAMETER DefinitionFile
    The definitions file (psgithubsync.yml).

.PARAMETER LogPath
    The JSON Lines log to append to (its folder is created when missing).

.PARAMETER Command
    What to run: Invoke-CollectionBackup (default), Sync-ApiSchema or Test-BackupIntegration.

.PARAMETER Name
    Integration names (wildcards), also as one comma-separated argument (-Name payments,orders-*); all integrations the command runs when omitted.

.PARAMETER Shard
    k/n: run only this share of the integrations (parallel jobs); see Get-Help Invoke-CollectionBackup -Parameter Shard.

.PARAMETER SecretPolicy
    Invoke-CollectionBackup only: Redact, Keep (alias Warn) or Block for every integration of the run.

.PARAMETER ModuleVersion
    Import exactly this installed version of PSGitHubSync (default: the newest installed).

.EXAMPLE
    pwsh -NoProfile -NonInteractive -File Invoke-ScheduledBackup.ps1 -DefinitionFile C:\Integrations\psgithubsync.yml -LogPath C:\Logs\PSGitHubSync\backup.jsonl
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [ValidateNotNullOrEmpty()]
    [string] $DefinitionFile,

    [Parameter(Mandatory)]
    [ValidateNotNullOrEmpty()]
    [string] $LogPath,

    [ValidateSet('Invoke-CollectionBackup', 'Sync-ApiSchema', 'Test-BackupIntegration')]
    [string] $Command = 'Invoke-CollectionBackup',

    [string[]] $Name,

    [string] $Shard,

    [ValidateSet('Redact', 'Keep', 'Warn', 'Block')]
    [string] $SecretPolicy,

    [string] $ModuleVersion
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'   # no progress bars in a task's output

$runId = [guid]::NewGuid().ToString('N').Substring(0, 12)
$started = [DateTime]::UtcNow
$LogPath = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($LogPath)
$logFolder = Split-Path $LogPath -Parent
if ($logFolder -and -not (Test-Path -LiteralPath $logFolder)) { New-Item -ItemType Directory -Path $logFolder -Force | Out-Null }

function Write-LogLine {
    <# Appends one JSON object (time, run id, kind first) to the log and to standard output. #>
    param([Parameter(Mandatory)] [string] $Kind, [System.Collections.IDictionary] $Data = @{})
    $line = [ordered]@{ time = [DateTime]::UtcNow.ToString('o'); run = $runId; kind = $Kind }
    foreach ($key in $Data.Keys) { $line[$key] = $Data[$key] }
    $json = $line | ConvertTo-Json -Depth 6 -Compress
    [IO.File]::AppendAllText($LogPath, $json + "`n", [Text.UTF8Encoding]::new($false))
    [Console]::Out.WriteLine($json)
}

function ConvertTo-LogValue {
    <# Plain data for JSON: enums as their names, dates as ISO 8601, lists and objects of the module as arrays and dictionaries. #>
    param($Value, [int] $Depth = 0)
    if ($null -eq $Value) { return $null }
    if ($Value -is [string] -or $Value -is [bool] -or $Value -is [int] -or $Value -is [long] -or $Value -is [double]) { return $Value }
    if ($Value -is [enum]) { return $Value.ToString() }
    if ($Value -is [DateTime] -or $Value -is [DateTimeOffset]) { return $Value.ToString('o') }
    if ($Value -is [TimeSpan] -or $Value -is [uri] -or $Value -is [guid]) { return $Value.ToString() }
    if ($Depth -ge 3) { return [string] $Value }
    if ($Value -is [System.Collections.IEnumerable]) { return , @(foreach ($item in $Value) { ConvertTo-LogValue $item ($Depth + 1) }) }
    $result = [ordered]@{}
    foreach ($property in $Value.PSObject.Properties) {
        $key = $property.Name.Substring(0, 1).ToLowerInvariant() + $property.Name.Substring(1)
        $result[$key] = ConvertTo-LogValue $property.Value ($Depth + 1)
    }
    $result
}

function Get-IntegrationName {
    <# The integration an error or result is about: an Integration object's name, or the text the module put there. #>
    param($Target)
    if ($null -eq $Target) { return $null }
    if ($Target.PSObject.Properties['Name'] -and $Target -isnot [string]) { return [string] $Target.Name }
    [string] $Target
}

function Write-ErrorLine {
    param([Parameter(Mandatory)] [System.Management.Automation.ErrorRecord] $Record)
    $fullId = [string] $Record.FullyQualifiedErrorId
    Write-LogLine error ([ordered]@{
            integration           = Get-IntegrationName $Record.TargetObject
            errorId               = $fullId.Split(',')[0]
            category              = $Record.CategoryInfo.Category.ToString()
            message               = $Record.Exception.Message
            fullyQualifiedErrorId = $fullId
        })
}

$errorCount = 0
$resultCount = 0
$exitCode = 0
Write-LogLine start ([ordered]@{
        command        = $Command
        definitionFile = $DefinitionFile
        names          = $Name
        shard          = if ($Shard) { $Shard } else { $null }
        host           = [Environment]::MachineName
        user           = [Environment]::UserName
        powershell     = $PSVersionTable.PSVersion.ToString()
    })
try {
    $import = @{ Name = 'PSGitHubSync'; ErrorAction = 'Stop' }
    if ($ModuleVersion) { $import.RequiredVersion = $ModuleVersion }
    Import-Module @import
    Write-LogLine module ([ordered]@{ version = (Get-Module PSGitHubSync).Version.ToString() })

    $parameters = @{ Path = $DefinitionFile }
    # 'pwsh -File' hands '-Name a,b' over as one string: split it (integration names never contain commas).
    $names = @($Name | ForEach-Object { $_ -split ',' } | ForEach-Object { $_.Trim() } | Where-Object { $_ })
    if ($names.Count -gt 0) { $parameters.Name = $names }
    if ($Shard) { $parameters.Shard = $Shard }
    if ($SecretPolicy) {
        if ($Command -ne 'Invoke-CollectionBackup') { throw "-SecretPolicy applies to Invoke-CollectionBackup only, not $Command." }
        $parameters.SecretPolicy = $SecretPolicy
    }
    # systemd LoadCredential=: the files in $CREDENTIALS_DIRECTORY win over the definitions file's references.
    $credentials = $env:CREDENTIALS_DIRECTORY
    if ($credentials) {
        foreach ($pair in @(@('github-token', 'Token'), @('postman-api-key', 'PostmanApiKey'))) {
            $file = Join-Path $credentials $pair[0]
            if (Test-Path -LiteralPath $file) {
                $parameters[$pair[1]] = ConvertTo-SecureString -String ([IO.File]::ReadAllText($file).Trim()) -AsPlainText -Force
                Write-LogLine credential ([ordered]@{ name = $pair[0]; source = 'CREDENTIALS_DIRECTORY' })
            }
        }
    }

    # Results, warnings and errors, in the order they happen: errors and warnings do not stop the others.
    $nothingRan = $false
    & $Command @parameters -ErrorAction Continue -WarningAction Continue 2>&1 3>&1 | ForEach-Object {
        if ($_ -is [System.Management.Automation.ErrorRecord]) {
            $errorCount++
            # A definitions file that is missing or has errors: nothing runs from it.
            if ($_.FullyQualifiedErrorId -match '^(DefinitionFileInvalid|DefinitionFileNotFound),') { $nothingRan = $true }
            Write-ErrorLine $_
        }
        elseif ($_ -is [System.Management.Automation.WarningRecord]) {
            Write-LogLine warning ([ordered]@{ message = $_.Message })
        }
        else {
            $resultCount++
            $data = [ordered]@{ integration = if ($_.PSObject.Properties['Integration']) { [string] $_.Integration } else { [string] $_.Name } }
            $values = ConvertTo-LogValue $_
            foreach ($key in $values.Keys) { if ($key -ne 'name' -and $key -ne 'integration') { $data[$key] = $values[$key] } }
            Write-LogLine result $data
        }
    }
    if ($nothingRan) { $exitCode = 2 }
    elseif ($errorCount -gt 0) { $exitCode = 1 }
}
catch {
    # Nothing could run: the module is not installed, the definitions file is invalid, -Shard is not k/n, ...
    $errorCount++
    Write-ErrorLine $_
    $exitCode = 2
}
Write-LogLine end ([ordered]@{ results = $resultCount; errors = $errorCount; exitCode = $exitCode; seconds = [Math]::Round(([DateTime]::UtcNow - $started).TotalSeconds, 1) })
exit $exitCode
