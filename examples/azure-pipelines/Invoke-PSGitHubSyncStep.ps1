<#
.SYNOPSIS
    The step of examples/azure-pipelines.yml: installs PSGitHubSync with Install-PSResource, runs one of its
    cmdlets (this job's shard of the integrations), and reports results and errors to Azure DevOps.

.DESCRIPTION
    1. Installs PSGitHubSync (-ModuleVersion, or the newest) from the PSResource repository -Repository
       (PSGallery by default; -RepositoryUri registers a private feed such as an Azure Artifacts NuGet v3 feed
       first) into the agent user's module folder, unless that version is installed already.
    2. Picks this job's shard: -Shard when given; otherwise, in a job with 'strategy: parallel: N',
       $(System.JobPositionInPhase)/$(System.TotalJobsInPhase).
    3. Runs ../scheduled-task/Invoke-ScheduledBackup.ps1, which writes one JSON line per result, warning and
       error to -LogPath (the same log as the scheduled task), then turns each error line into an
       '##vso[task.logissue type=error]' (the run's Errors view) and each warning into a warning, uploads a
       markdown summary (the run's Extensions tab) and the log as the build artifact named like the log (psgithubsync-2-of-3).
    4. Exits 1 when any integration failed, so the job fails; the other integrations ran regardless.

    Tokens come from the job's environment: map secret variables explicitly (env: GITHUB_TOKEN:
    $(GitHubToken)), as the template does, and reference them with env: in the definitions file.

.EXAMPLE
    pwsh -File examples/azure-pipelines/Invoke-PSGitHubSyncStep.ps1 -DefinitionsPath psgithubsync.yml -Command backup -Shard 2/3
#>
[CmdletBinding()]
param(
    [ValidateNotNullOrEmpty()]
    [string] $DefinitionsPath = 'psgithubsync.yml',

    # Comma- or space-separated integration names (wildcards allowed); empty: all.
    [string] $Names = '',

    [ValidateSet('backup', 'schema-sync', 'test')]
    [string] $Command = 'backup',

    [string] $ModuleVersion = '',

    [ValidateNotNullOrEmpty()]
    [string] $Repository = 'PSGallery',

    [string] $RepositoryUri = '',

    [ValidateSet('', 'warn', 'redact', 'block')]
    [string] $SecretPolicy = '',

    [string] $Shard = '',

    [string] $LogPath = ''
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

function Format-VsoData {
    <# Escapes text for an Azure DevOps logging command (%, CR, LF; also ';' and ']' in properties). #>
    param([string] $Text, [switch] $Property)
    $escaped = $Text.Replace('%', '%AZP25').Replace("`r", '%0D').Replace("`n", '%0A')
    if ($Property) { $escaped = $escaped.Replace(';', '%3B').Replace(']', '%5D') }
    $escaped
}

# 1. The module, installed like everyone installs it.
if ($RepositoryUri -and -not (Get-PSResourceRepository -Name $Repository -ErrorAction SilentlyContinue)) {
    Register-PSResourceRepository -Name $Repository -Uri $RepositoryUri -Trusted
}
$installed = @(Get-InstalledPSResource -Name PSGitHubSync -ErrorAction SilentlyContinue | Where-Object { -not $ModuleVersion -or $_.Version -eq [version] $ModuleVersion })
if ($installed.Count -eq 0) {
    $install = @{ Name = 'PSGitHubSync'; Repository = $Repository; Scope = 'CurrentUser'; TrustRepository = $true; Quiet = $true }
    if ($ModuleVersion) { $install.Version = $ModuleVersion }
    Write-Host "Installing PSGitHubSync $(if ($ModuleVersion) { $ModuleVersion } else { '(newest)' }) from $Repository"
    Install-PSResource @install
}

# 2. This job's shard.
if (-not $Shard -and [int] $env:SYSTEM_TOTALJOBSINPHASE -gt 1) { $Shard = "$env:SYSTEM_JOBPOSITIONINPHASE/$env:SYSTEM_TOTALJOBSINPHASE" }

# 3. Run, with the scheduled task's JSON log.
if (-not $LogPath) {
    $folder = if ($env:BUILD_ARTIFACTSTAGINGDIRECTORY) { $env:BUILD_ARTIFACTSTAGINGDIRECTORY } else { (Get-Location).Path }
    $LogPath = Join-Path $folder ('psgithubsync' + $(if ($Shard) { '-' + $Shard.Replace('/', '-of-') }) + '.jsonl')
}
$run = @{
    DefinitionFile = $DefinitionsPath
    LogPath        = $LogPath
    Command        = @{ backup = 'Invoke-CollectionBackup'; 'schema-sync' = 'Sync-ApiSchema'; test = 'Test-BackupIntegration' }[$Command]
}
$nameList = @($Names -split '[,\s]+' | Where-Object { $_ })
if ($nameList.Count -gt 0) { $run.Name = $nameList }
if ($Shard) { $run.Shard = $Shard }
if ($SecretPolicy) { $run.SecretPolicy = (Get-Culture).TextInfo.ToTitleCase($SecretPolicy) }
if ($ModuleVersion) { $run.ModuleVersion = $ModuleVersion }
$firstLine = if (Test-Path -LiteralPath $LogPath) { @(Get-Content -LiteralPath $LogPath).Count } else { 0 }
& (Join-Path $PSScriptRoot '../scheduled-task/Invoke-ScheduledBackup.ps1') @run | Out-Null
$exitCode = $LASTEXITCODE

# 4. Tell Azure DevOps.
$lines = @(Get-Content -LiteralPath $LogPath | Select-Object -Skip $firstLine | ForEach-Object { $_ | ConvertFrom-Json })
$summary = [Text.StringBuilder]::new()
[void] $summary.AppendLine("### PSGitHubSync $($run.Command)$(if ($Shard) { " (shard $Shard)" })").AppendLine().AppendLine('| integration | status | commit | error |').AppendLine('| --- | --- | --- | --- |')
foreach ($line in $lines) {
    switch ($line.kind) {
        'result' {
            $commit = if ($line.PSObject.Properties['commitSha'] -and $line.commitSha) { $line.commitSha.Substring(0, [Math]::Min(7, $line.commitSha.Length)) } else { '' }
            [void] $summary.AppendLine("| $($line.integration) | $($line.status) | $commit | |")
        }
        'warning' { Write-Host "##vso[task.logissue type=warning]$(Format-VsoData $line.message)" }
        'error' {
            Write-Host "##vso[task.logissue type=error;code=$(Format-VsoData $line.errorId -Property)]$(Format-VsoData "$($line.integration): $($line.message)")"
            [void] $summary.AppendLine("| $($line.integration) | Failed | | $($line.errorId) |")
        }
    }
}
$summaryPath = [IO.Path]::ChangeExtension($LogPath, '.md')
[IO.File]::WriteAllText($summaryPath, $summary.ToString(), [Text.UTF8Encoding]::new($false))
Write-Host "##vso[task.uploadsummary]$summaryPath"
Write-Host "##vso[artifact.upload artifactname=$(Format-VsoData ([IO.Path]::GetFileNameWithoutExtension($LogPath)) -Property)]$LogPath"
exit $exitCode
