<#
.SYNOPSIS
    Registers the nightly PSGitHubSync backup as a Windows scheduled task that runs without anyone logged on.

.DESCRIPTION
    Creates (or, with -Force, replaces) a task that starts
        pwsh.exe -NoProfile -NonInteractive -File <ScriptPath> -DefinitionFile <DefinitionFile> -LogPath <LogPath>
    every day at -At as -UserId, whether or not that account is logged on. Invoke-ScheduledBackup.ps1 writes one
    JSON line per result and per error to -LogPath and exits 1 when an integration failed, so the task's
    "Last Run Result" is 0x1 and monitoring that watches task results sees it.

    Run this once, elevated, on the machine that runs the backups. Before that, as the task's account
    (runas /user:CONTOSO\svc-backup pwsh), install the module and give the account its tokens for unattended use:

        Install-PSResource PSGitHubSync, Microsoft.PowerShell.SecretManagement, Microsoft.PowerShell.SecretStore -Scope CurrentUser
        Set-SecretStoreConfiguration -Scope CurrentUser -Authentication None -Interaction None -Confirm:$false
        Register-SecretVault -Name BackupVault -ModuleName Microsoft.PowerShell.SecretStore -DefaultVault
        Set-Secret -Name GitHubBackupToken      # prompts once for the value, now, not when the task runs
        Set-Secret -Name PostmanApiKey

    and reference them in the definitions file: 'token: secret:BackupVault/GitHubBackupToken',
    'apiKey: secret:BackupVault/PostmanApiKey'. -Authentication None keeps the vault readable without a
    password prompt; it stays protected by the account's Windows profile (DPAPI), so only that account on
    this machine can read it. Alternatively set GITHUB_TOKEN and POSTMAN_API_KEY as the account's user
    environment variables and keep 'env:' references.

    With the default -LogonType S4U Windows stores no password ("Do not store password"); the task can reach
    GitHub and Postman over HTTPS but not Windows file shares. For a group managed service account give
    -UserId 'CONTOSO\gmsa-backup$' -LogonType Password; for an ordinary account whose password Windows should
    store, use -LogonType Password together with -Credential.

.EXAMPLE
    .\Register-BackupTask.ps1 -UserId 'CONTOSO\svc-backup' -DefinitionFile C:\Integrations\psgithubsync.yml -LogPath C:\Logs\PSGitHubSync\backup.jsonl

.EXAMPLE
    .\Register-BackupTask.ps1 -UserId 'CONTOSO\gmsa-backup$' -LogonType Password -At 03:30 -Shard 1/2 -TaskName 'PSGitHubSync backup 1 of 2'
#>
#Requires -RunAsAdministrator
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)]
    [ValidateNotNullOrEmpty()]
    [string] $UserId,

    [ValidateNotNullOrEmpty()]
    [string] $DefinitionFile = 'C:\Integrations\psgithubsync.yml',

    [ValidateNotNullOrEmpty()]
    [string] $LogPath = 'C:\Logs\PSGitHubSync\backup.jsonl',

    [ValidateNotNullOrEmpty()]
    [string] $ScriptPath = (Join-Path $PSScriptRoot 'Invoke-ScheduledBackup.ps1'),

    [ValidateSet('Invoke-CollectionBackup', 'Sync-ApiSchema', 'Test-BackupIntegration')]
    [string] $Command = 'Invoke-CollectionBackup',

    [string] $Shard,

    [ValidateNotNullOrEmpty()]
    [string] $TaskName = 'PSGitHubSync backup',

    [ValidateNotNullOrEmpty()]
    [string] $TaskPath = '\PSGitHubSync\',

    [datetime] $At = '02:00',

    [ValidateSet('S4U', 'Password', 'ServiceAccount')]
    [string] $LogonType = 'S4U',

    [pscredential] $Credential,

    [switch] $Force
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

if (-not (Test-Path -LiteralPath $ScriptPath)) { throw "The task script $ScriptPath does not exist; copy Invoke-ScheduledBackup.ps1 there or pass -ScriptPath." }
$pwsh = (Get-Command pwsh.exe -CommandType Application | Select-Object -First 1).Source

$arguments = @('-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', "`"$ScriptPath`"",
    '-DefinitionFile', "`"$DefinitionFile`"", '-LogPath', "`"$LogPath`"", '-Command', $Command)
if ($Shard) { $arguments += @('-Shard', $Shard) }

$action = New-ScheduledTaskAction -Execute $pwsh -Argument ($arguments -join ' ') -WorkingDirectory (Split-Path $DefinitionFile -Parent)
$trigger = New-ScheduledTaskTrigger -Daily -At $At -RandomDelay (New-TimeSpan -Minutes 10)
$settings = New-ScheduledTaskSettingsSet -StartWhenAvailable -RunOnlyIfNetworkAvailable -MultipleInstances IgnoreNew `
    -ExecutionTimeLimit (New-TimeSpan -Hours 2) -RestartCount 2 -RestartInterval (New-TimeSpan -Minutes 15)
$principal = New-ScheduledTaskPrincipal -UserId $UserId -LogonType $LogonType -RunLevel Limited

$existing = Get-ScheduledTask -TaskName $TaskName -TaskPath $TaskPath -ErrorAction SilentlyContinue
if ($existing -and -not $Force) { throw "The task $TaskPath$TaskName exists already; pass -Force to replace it." }

if ($PSCmdlet.ShouldProcess("$TaskPath$TaskName", "Register a daily task at $($At.ToString('HH:mm')) running $Command as $UserId")) {
    $register = @{
        TaskName    = $TaskName
        TaskPath    = $TaskPath
        Action      = $action
        Trigger     = $trigger
        Settings    = $settings
        Description = "PSGitHubSync: $Command over $DefinitionFile; JSON log in $LogPath."
        Force       = $true
    }
    if ($LogonType -eq 'Password' -and $Credential) {
        # Windows stores the password (encrypted) to start the task without anyone logged on.
        $register.User = $Credential.UserName
        $register.Password = $Credential.GetNetworkCredential().Password
        $register.RunLevel = 'Limited'
    }
    else {
        $register.Principal = $principal
    }
    Register-ScheduledTask @register | Out-Null
    Get-ScheduledTask -TaskName $TaskName -TaskPath $TaskPath | Select-Object TaskPath, TaskName, State, @{ Name = 'RunsAs'; Expression = { $_.Principal.UserId } }
    Write-Host "Run it now with: Start-ScheduledTask -TaskPath '$TaskPath' -TaskName '$TaskName'; then read $LogPath"
}
