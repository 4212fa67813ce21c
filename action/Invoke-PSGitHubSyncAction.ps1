<#
.SYNOPSIS
    The run script of the PSGitHubSync GitHub Action (action.yml at the repository root).

.DESCRIPTION
    Two steps, each a fresh pwsh started by the composite action:

      -Step Resolve  Works out the module version to use (the 'version' input, or the newest in the
                     'repository' input) and writes 'version=<v>' to $GITHUB_OUTPUT, so that the
                     actions/cache step can key the module folder on it.
      -Step Run      Installs that version into the module folder unless the cache restored it
                     (Save-PSResource from the repository), imports it, runs the cmdlet of the
                     'command' input, writes a markdown table of the results to $GITHUB_STEP_SUMMARY,
                     sets the outputs 'results' (JSON), 'failed' (count) and 'version' in
                     $GITHUB_OUTPUT, writes an error annotation per failure and exits 1 when any
                     integration failed.

    The inputs come as environment variables (PSGITHUBSYNC_ACTION_*), set by action.yml, never
    pasted into the script text. Tokens are not inputs: the definitions file references them
    (env:GITHUB_TOKEN, env:POSTMAN_API_KEY, ...) and the workflow sets them in 'env:'.

    Runs as written outside GitHub too (tests/Pester/Action.Tests.ps1 does): with GITHUB_OUTPUT and
    GITHUB_STEP_SUMMARY unset, the outputs and the summary go to the console.

.PARAMETER Step
    Resolve or Run.

.PARAMETER Command
    backup (Invoke-CollectionBackup), schema-sync (Sync-ApiSchema) or test (Test-BackupIntegration).

.PARAMETER Definitions
    The definitions file (default ./psgithubsync.yml).

.PARAMETER Integrations
    Integration names or wildcards, separated by commas, spaces or new lines; empty: every
    integration of the command's type.

.PARAMETER Version
    The module version; empty: the newest in the repository.

.PARAMETER Repository
    A registered PSResource repository name (PSGallery by default), or the URI or folder of a
    repository, which is registered for this run as 'PSGitHubSyncAction' (trusted).

.PARAMETER ModuleRoot
    The folder the module is saved to and imported from (the folder actions/cache keeps).

.PARAMETER SecretPolicy
    For backup: redact, keep or block, overriding the definitions file; empty: the file decides.

.PARAMETER Shard
    'k/n': run only the k-th of n stable shares of the selected integrations (-Shard of the cmdlet).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [ValidateSet('Resolve', 'Run')]
    [string] $Step,

    [string] $Command = $env:PSGITHUBSYNC_ACTION_COMMAND,
    [string] $Definitions = $env:PSGITHUBSYNC_ACTION_DEFINITIONS,
    [string] $Integrations = $env:PSGITHUBSYNC_ACTION_INTEGRATIONS,
    [string] $Version = $env:PSGITHUBSYNC_ACTION_VERSION,
    [string] $Repository = $env:PSGITHUBSYNC_ACTION_REPOSITORY,
    [string] $ModuleRoot = $env:PSGITHUBSYNC_ACTION_MODULE_ROOT,
    [string] $SecretPolicy = $env:PSGITHUBSYNC_ACTION_SECRET_POLICY,
    [string] $Shard = $env:PSGITHUBSYNC_ACTION_SHARD
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

$ModuleName = 'PSGitHubSync'
$TemporaryRepositoryName = 'PSGitHubSyncAction'
$Commands = [ordered]@{
    'backup'      = 'Invoke-CollectionBackup'
    'schema-sync' = 'Sync-ApiSchema'
    'test'        = 'Test-BackupIntegration'
}

function Write-ActionOutput {
    # name<<DELIMITER / value / DELIMITER: safe for any value, one line or many.
    param([string] $Name, [string] $Value)
    if ($env:GITHUB_OUTPUT) {
        $delimiter = 'PSGITHUBSYNC_' + [guid]::NewGuid().ToString('N')
        [IO.File]::AppendAllText($env:GITHUB_OUTPUT, "$Name<<$delimiter`n$Value`n$delimiter`n", [Text.UTF8Encoding]::new($false))
    }
    else {
        Write-Host "output $Name = $Value"
    }
}

function Write-StepSummary {
    param([string] $Markdown)
    if ($env:GITHUB_STEP_SUMMARY) {
        [IO.File]::AppendAllText($env:GITHUB_STEP_SUMMARY, $Markdown, [Text.UTF8Encoding]::new($false))
    }
    else {
        Write-Host $Markdown
    }
}

function Write-Annotation {
    # A workflow command: shows on the run's page. Data is escaped as the runner expects.
    param([ValidateSet('error', 'warning')] [string] $Level, [string] $Title, [string] $Message)
    $escape = { param($text) $text.Replace('%', '%25').Replace("`r", '%0D').Replace("`n", '%0A') }
    $title = (& $escape $Title).Replace(':', '%3A').Replace(',', '%2C')
    Write-Host "::$Level title=$title::$(& $escape $Message)"
}

function Stop-Action {
    # An input or set-up problem: one error annotation, exit 1.
    param([string] $Message)
    Write-Annotation error 'PSGitHubSync' $Message
    exit 1
}

function Get-RepositoryName {
    # A registered repository name as is; a URI or folder registered (trusted) for this run.
    param([string] $Repository)
    if (-not $Repository) { $Repository = 'PSGallery' }
    Import-Module Microsoft.PowerShell.PSResourceGet -ErrorAction Stop
    if (Get-PSResourceRepository -Name $Repository -ErrorAction SilentlyContinue) { return $Repository }
    $isUri = [Uri]::TryCreate($Repository, [UriKind]::Absolute, [ref] $null)
    if (-not $isUri -and -not (Test-Path -LiteralPath $Repository -PathType Container)) {
        Stop-Action "The repository '$Repository' is neither a registered PSResource repository (Get-PSResourceRepository) nor a URI or folder. Use PSGallery, a registered name, a feed URI or a folder of .nupkg files."
    }
    $uri = if ($isUri) { $Repository } else { (Resolve-Path -LiteralPath $Repository).ProviderPath }
    Register-PSResourceRepository -Name $TemporaryRepositoryName -Uri $uri -Trusted -Force
    $TemporaryRepositoryName
}

function Resolve-ModuleVersion {
    # A pinned version needs no look-up (a cache hit then runs without reaching the repository at all).
    if ($Version) {
        $parsed = $null
        if (-not [version]::TryParse($Version, [ref] $parsed)) { Stop-Action "The version '$Version' is not a version number such as 0.1.0." }
        Write-ActionOutput version $Version
        return
    }
    $name = Get-RepositoryName $Repository
    $found = Find-PSResource -Name $ModuleName -Repository $name -ErrorAction SilentlyContinue | Sort-Object Version -Descending | Select-Object -First 1
    if (-not $found) { Stop-Action "$ModuleName is not in the repository '$Repository'." }
    Write-ActionOutput version ([string] $found.Version)
}

function Import-ActionModule {
    if (-not $Version) { Stop-Action "No module version: run the Resolve step first (action.yml does)." }
    if (-not $ModuleRoot) { $script:ModuleRoot = Join-Path ([IO.Path]::GetTempPath()) 'psgithubsync-modules' }
    $manifest = Join-Path $ModuleRoot "$ModuleName/$Version/$ModuleName.psd1"
    $installed = $false
    if (-not (Test-Path -LiteralPath $manifest)) {
        $name = Get-RepositoryName $Repository
        New-Item -ItemType Directory -Path $ModuleRoot -Force | Out-Null
        Save-PSResource -Name $ModuleName -Version $Version -Repository $name -Path $ModuleRoot -TrustRepository -ErrorAction SilentlyContinue -ErrorVariable saveErrors
        if (-not (Test-Path -LiteralPath $manifest)) {
            Stop-Action "$ModuleName $Version could not be installed from the repository '$Repository'$(if ($saveErrors) { " ($($saveErrors[0].Exception.Message))" }). Leave 'version' empty for the newest, or name a published version."
        }
        $installed = $true
    }
    Write-Host ("{0} {1} {2} {3}" -f $ModuleName, $Version, $(if ($installed) { 'installed to' } else { 'restored from the cache in' }), $ModuleRoot)
    Import-Module $manifest -Force -ErrorAction Stop
}

function ConvertTo-Cell {
    # Text for a markdown table cell: pipes escaped, one line.
    param($Value)
    if ($null -eq $Value) { return '' }
    ([string] $Value).Replace('\', '\\').Replace('|', '\|').Replace("`r", '').Replace("`n", '<br>')
}

function Get-IntegrationName {
    # The integration an error record is about: its target (an integration, or its name).
    param([System.Management.Automation.ErrorRecord] $Record)
    $target = $Record.TargetObject
    if ($null -eq $target) { return '' }
    if ($target.PSObject.Properties['Name']) { return [string] $target.Name }
    [string] $target
}

function Invoke-ActionCommand {
    if (-not $Command) { $script:Command = 'backup' }
    if (-not $Commands.Contains($Command)) { Stop-Action "The command '$Command' is not one of: $($Commands.Keys -join ', ')." }
    $cmdlet = $Commands[$Command]
    Import-ActionModule

    $parameters = @{ Path = $(if ($Definitions) { $Definitions } else { 'psgithubsync.yml' }) }
    $names = @($Integrations -split '[,\s]+' | Where-Object { $_ })
    if ($names.Count -gt 0) { $parameters.Name = $names }
    if ($SecretPolicy) {
        if ($Command -ne 'backup') { Stop-Action "'secret-policy' applies to the backup command only (it is '$SecretPolicy' with '$Command')." }
        $parameters.SecretPolicy = $SecretPolicy
    }
    if ($Shard) {
        if (-not (Get-Command $cmdlet).Parameters.ContainsKey('Shard')) {
            Stop-Action "$ModuleName $Version has no -Shard on $cmdlet; use a version that has it, or leave 'shard' empty."
        }
        $parameters.Shard = $Shard
    }

    Write-Host "$cmdlet $(($parameters.GetEnumerator() | Sort-Object Key | ForEach-Object { "-$($_.Key) $($_.Value -join ',')" }) -join ' ')"
    $failures = @()
    $results = @()
    try {
        $results = @(& $cmdlet @parameters -ErrorAction SilentlyContinue -ErrorVariable +failures)
    }
    catch {
        # The whole call could not go on (e.g. a definitions file with errors): a failure of the run.
        $failures += $_
    }
    $rows = foreach ($result in $results) {
        switch ($Command) {
            'backup' {
                [ordered]@{
                    integration = $result.Name; status = [string] $result.Status; repository = $result.Repository; branch = $result.Branch
                    path = $result.Path; files = @($result.Files).Count; commit = $result.CommitSha; commitUrl = $result.CommitUrl
                    secretsFound = $result.SecretsFound; changes = @($result.Changes)
                    failed = [string] $result.Status -eq 'Failed'
                }
            }
            'schema-sync' {
                [ordered]@{
                    integration = $result.Name; status = [string] $result.Direction; repository = $result.Repository; branch = $result.Branch
                    path = $result.Path; files = @($result.Files).Count; commit = $result.CommitSha; release = $result.Release; releaseUrl = $result.ReleaseUrl
                    failed = [string] $result.Direction -in 'Failed', 'Conflict'
                }
            }
            'test' {
                [ordered]@{
                    integration = $result.Integration; check = $result.Check; status = [string] $result.Status
                    detail = $result.Detail; fix = $result.Fix; errorId = $result.ErrorId
                    failed = [string] $result.Status -eq 'Failed'
                }
            }
        }
    }
    $rows = @($rows)
    $seen = [System.Collections.Generic.HashSet[string]]::new()
    $errors = @(foreach ($record in $failures) {
            if ($record -isnot [System.Management.Automation.ErrorRecord]) { continue }
            if (-not $seen.Add("$($record.FullyQualifiedErrorId)|$(Get-IntegrationName $record)|$($record.Exception.Message)")) { continue }
            [ordered]@{
                integration = Get-IntegrationName $record
                errorId     = $record.FullyQualifiedErrorId
                category    = [string] $record.CategoryInfo.Category
                message     = $record.Exception.Message
            }
        })

    # The job summary: one table of results, one of errors.
    $title = "### PSGitHubSync $Version`: $Command ($cmdlet)`n`n"
    $table = switch ($Command) {
        'backup' {
            "| Integration | Status | Repository | Branch | Files | Commit |`n| --- | --- | --- | --- | ---: | --- |`n" +
            (($rows | ForEach-Object {
                        $commit = if ($_.commit) { if ($_.commitUrl) { "[``$($_.commit.Substring(0, 7))``]($($_.commitUrl))" } else { "``$($_.commit.Substring(0, 7))``" } } else { '' }
                        "| $(ConvertTo-Cell $_.integration) | $(ConvertTo-Cell $_.status) | $(ConvertTo-Cell $_.repository) | $(ConvertTo-Cell $_.branch) | $($_.files) | $commit |`n"
                    }) -join '')
        }
        'schema-sync' {
            "| Integration | Result | Repository | Branch | Path | Commit | Release |`n| --- | --- | --- | --- | --- | --- | --- |`n" +
            (($rows | ForEach-Object {
                        $commit = if ($_.commit) { "``$($_.commit.Substring(0, 7))``" } else { '' }
                        "| $(ConvertTo-Cell $_.integration) | $(ConvertTo-Cell $_.status) | $(ConvertTo-Cell $_.repository) | $(ConvertTo-Cell $_.branch) | $(ConvertTo-Cell $_.path) | $commit | $(ConvertTo-Cell $_.release) |`n"
                    }) -join '')
        }
        'test' {
            "| Integration | Check | Status | Detail | Fix |`n| --- | --- | --- | --- | --- |`n" +
            (($rows | ForEach-Object {
                        "| $(ConvertTo-Cell $_.integration) | $(ConvertTo-Cell $_.check) | $(ConvertTo-Cell $_.status) | $(ConvertTo-Cell $_.detail) | $(ConvertTo-Cell $_.fix) |`n"
                    }) -join '')
        }
    }
    if ($rows.Count -eq 0) { $table = "No integration ran.`n" }
    $errorTable = if ($errors.Count -gt 0) {
        "`n**Errors**`n`n| Integration | Error | Message |`n| --- | --- | --- |`n" +
        (($errors | ForEach-Object { "| $(ConvertTo-Cell $_.integration) | ``$(ConvertTo-Cell $_.errorId)`` | $(ConvertTo-Cell $_.message) |`n" }) -join '')
    }
    else { '' }
    Write-StepSummary ($title + $table + $errorTable + "`n")

    $failedNames = @(@($rows | Where-Object { $_.failed } | ForEach-Object { $_.integration }) + @($errors | ForEach-Object { $_.integration }) | Sort-Object -Unique)
    $failedCount = $failedNames.Count
    if ($failedCount -eq 0 -and $errors.Count -gt 0) { $failedCount = 1 }   # an error about no particular integration
    Write-ActionOutput results (ConvertTo-Json -InputObject @{ command = $Command; version = $Version; results = $rows; errors = $errors } -Depth 6 -Compress)
    Write-ActionOutput failed ([string] $failedCount)
    Write-ActionOutput version $Version

    foreach ($record in $errors) { Write-Annotation error "PSGitHubSync $($record.integration)" "$($record.errorId): $($record.message)" }
    foreach ($row in $rows | Where-Object { $_.failed }) {
        if ($errors | Where-Object { $_.integration -eq $row.integration }) { continue }
        Write-Annotation error "PSGitHubSync $($row.integration)" "$($row.status)$(if ($row.Contains('detail') -and $row.detail) { ': ' + $row.detail })"
    }
    if ($failedCount -gt 0) {
        Write-Host "$failedCount integration(s) failed: $($failedNames -join ', ')"
        exit 1
    }
}

switch ($Step) {
    'Resolve' { Resolve-ModuleVersion }
    'Run' { Invoke-ActionCommand }
}
