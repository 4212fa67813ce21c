<#
.SYNOPSIS
    Runs collection backup over a corpus of real collections and environments and reports what survived.

.DESCRIPTION
    Serves every *.json collection in -Collections (and every environment in -Environments) through
    the emulator's Postman API in one workspace, backs them all up with the BUILT module in one run
    (secret policy 'warn', so nothing is redacted), runs again (expecting no commit), restores each
    collection from the backup to a file, and compares it semantically with what Postman served, less
    the volatile metadata the backup leaves out (see CollectionNormalizer). Environments are compared
    with what Postman served, secret values blanked. Prints a table: backed up, unchanged on rerun,
    restored without loss, warnings by kind; -MarkdownPath also writes it as Markdown.

    The corpus stays outside the repository (fetched files are never committed). Needs the module and
    the emulator built: dotnet pwsh ./build.ps1 -Task Build, dotnet build tests/PSGitHubSync.Emulator.

.EXAMPLE
    dotnet pwsh tests/corpus/Invoke-CollectionCorpus.ps1 -Collections /work/corpus/collections -Environments /work/corpus/environments
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Collections,
    [string] $Environments,
    [string] $Module = (Join-Path $PSScriptRoot '../../out/PSGitHubSync/PSGitHubSync.psd1'),
    [string] $Emulator = $(if ($env:PSGITHUBSYNC_EMULATOR) { $env:PSGITHUBSYNC_EMULATOR } else { Join-Path $PSScriptRoot '../PSGitHubSync.Emulator/bin/Release/net10.0/PSGitHubSync.Emulator.dll' }),
    [string] $MarkdownPath
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot '../Pester/TestSupport.psm1') -Force
Import-Module (Resolve-Path $Module) -Force
$env:PSGITHUBSYNC_EMULATOR = (Resolve-Path $Emulator).Path

# What the backup leaves out (CollectionNormalizer): info metadata, and per folder, request and saved response.
$InfoVolatile = 'updatedAt', 'createdAt', 'lastUpdatedBy', 'uid', 'fork', 'owner', '_exporter_id', '_collection_link'
$ItemVolatile = 'uid', 'updatedAt', 'createdAt', 'lastUpdatedBy', 'owner', 'fork'

function Remove-Volatile {
    param([System.Text.Json.Nodes.JsonNode] $Node, [string] $Role)
    if ($Node -isnot [System.Text.Json.Nodes.JsonObject]) { return }
    $drop = switch ($Role) { 'info' { $InfoVolatile } 'item' { $ItemVolatile } default { @() } }
    foreach ($name in $drop) { $null = $Node.Remove($name) }
    if ($Role -eq 'collection' -and $Node['info']) { Remove-Volatile $Node['info'] 'info' }
    foreach ($child in 'item', 'response') {
        if ($Role -in 'collection', 'item' -and $Node[$child] -is [System.Text.Json.Nodes.JsonArray]) {
            if ($Role -eq 'collection' -and $child -eq 'response') { continue }
            foreach ($entry in $Node[$child]) { Remove-Volatile $entry 'item' }
        }
    }
}

function ConvertTo-JsonNode([string] $Text) {
    # -NoEnumerate: a JsonObject is enumerable, and the pipeline would unroll it into its properties.
    Write-Output -NoEnumerate ([System.Text.Json.Nodes.JsonNode]::Parse($Text, $null, [System.Text.Json.JsonDocumentOptions]@{ MaxDepth = 256 }))
}

# The world: the standard test emulator, with one workspace holding the whole corpus.
$collectionFiles = @(Get-ChildItem $Collections -Filter *.json -File | Sort-Object Name)
$environmentFiles = if ($Environments) { @(Get-ChildItem $Environments -Filter *.json -File | Sort-Object Name) } else { @() }
$environmentSeeds = foreach ($file in $environmentFiles) {
    $json = Get-Content $file.FullName -Raw | ConvertFrom-Json -AsHashtable
    @{
        name   = [string] $json['name']
        values = @(foreach ($value in @($json['values'])) {
                @{ key = [string] $value['key']; value = [string] $value['value']; enabled = ($value['enabled'] -ne $false); type = $(if ($value['type'] -eq 'secret') { 'secret' } else { 'default' }) }
            })
    }
}
$config = New-TestEmulatorConfig
$config.postman.workspaces = @(@{
        name         = 'Corpus'
        collections  = @(foreach ($file in $collectionFiles) { @{ file = $file.FullName } })
        environments = @($environmentSeeds)
    })
$work = Join-Path ([IO.Path]::GetTempPath()) ("psgithubsync-corpus-{0}" -f [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory -Path $work | Out-Null
$world = Start-TestEmulator -Config $config
try {
    $env:PSGS_CORPUS_GITHUB_TOKEN = Get-TestToken ClassicFull
    $env:PSGS_CORPUS_POSTMAN_KEY = Get-TestToken PostmanKey
    $definitions = Join-Path $work 'psgithubsync.yml'
    [IO.File]::WriteAllText($definitions, @"
version: 1
defaults:
  github: { server: $($world.Server), token: env:PSGS_CORPUS_GITHUB_TOKEN }
  postman: { server: $($world.Postman), apiKey: env:PSGS_CORPUS_POSTMAN_KEY }
integrations:
  - name: corpus
    type: collection-backup
    source: { workspace: Corpus, collection: '*', environments: $(if ($environmentFiles.Count) { 'true' } else { 'false' }) }
    repository: contoso/api-backups
    secretPolicy: warn

"@)
    $served = Invoke-EmulatorControl $world 'postman/workspaces/Corpus/collections'
    $served = @($served)   # (the JSON array comes back as one object: @() around the call would nest it)

    # 1. One run backs up everything.
    Write-Host "Backing up $($collectionFiles.Count) collections and $($environmentFiles.Count) environments..."
    $errors = $null
    $first = Invoke-CollectionBackup -Path $definitions -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
    $statistics = Invoke-EmulatorControl $world 'statistics'
    $commitsFirst = $statistics.commitsCreated
    $files = $first.Files

    # 2. A rerun changes nothing.
    $null = Invoke-EmulatorControl $world 'statistics' -Method Delete
    $second = Invoke-CollectionBackup -Path $definitions -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
    $rerun = Invoke-EmulatorControl $world 'statistics'
    $unchanged = @($second.Files | Where-Object Status -EQ 'Unchanged').Count

    Write-Host 'Restoring each collection and comparing...'
    # 3. Restore each collection from the backup and compare with what Postman served.
    $lossless = 0
    $lost = [Collections.Generic.List[string]]::new()
    $versions = @(Get-CollectionBackupHistory -Path $definitions -Name corpus)
    $byId = @{}
    foreach ($version in $versions) { if (-not $byId.ContainsKey($version.CollectionId)) { $byId[$version.CollectionId] = $version } }
    foreach ($collection in $served) {
        $version = $byId[$collection.id]
        if (-not $version) { $lost.Add("$($collection.name): not in the backup"); continue }
        $outFile = Join-Path $work ("restored-{0}.json" -f $collection.id)
        $null = $version | Restore-CollectionBackup -OutFile $outFile -Confirm:$false
        $expected = ConvertTo-JsonNode ((Invoke-WebRequest -Uri ($world.GitHub + "_emulator/postman/collections/$($collection.id)") -NoProxy).Content)
        Remove-Volatile $expected 'collection'
        $restored = ConvertTo-JsonNode (Get-Content $outFile -Raw)
        if ([System.Text.Json.Nodes.JsonNode]::DeepEquals($expected, $restored)) { $lossless++ } else { $lost.Add("$($collection.name) ($($collection.id))") }
    }

    # Environments: the committed file against what Postman serves, secret values blanked.
    $environmentsSame = 0
    $tree = Invoke-EmulatorControl $world 'repos/contoso/api-backups/branches/main/files'
    foreach ($file in @($files | Where-Object Path -Like '*.postman_environment.json')) {
        $committed = ConvertTo-JsonNode ([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($tree.($file.Path))))
        $answer = Invoke-WebRequest -Uri ($world.Postman + "environments/$($file.Id)") -Headers @{ 'X-Api-Key' = $env:PSGS_CORPUS_POSTMAN_KEY } -NoProxy
        $environment = (ConvertTo-JsonNode $answer.Content)['environment']
        foreach ($name in 'owner', 'createdAt', 'updatedAt', 'isPublic') { $null = $environment.AsObject().Remove($name) }
        foreach ($value in $environment['values']) { if ([string] $value['type'] -eq 'secret') { $value['value'] = '' } }
        if ([System.Text.Json.Nodes.JsonNode]::DeepEquals($environment, $committed)) { $environmentsSame++ } else { $lost.Add("environment $($file.Name)") }
    }

    $collectionsBackedUp = @($files | Where-Object Path -Like '*.postman_collection.json').Count
    $environmentsBackedUp = @($files | Where-Object Path -Like '*.postman_environment.json').Count
    $summary = [ordered]@{
        'collections served'                  = $served.Count
        'collections backed up'               = $collectionsBackedUp
        'environments served'                 = $environmentFiles.Count
        'environments backed up'              = $environmentsBackedUp
        'errors'                              = @($errors).Count
        'commits (first run)'                 = $commitsFirst
        'unchanged on rerun'                  = "$unchanged of $(@($second.Files).Count)"
        'commits (rerun)'                     = $rerun.commitsCreated
        'GitHub requests (rerun)'             = $rerun.totalRequests
        'collections restored without loss'   = "$lossless of $($served.Count)"
        'environments identical to Postman'   = "$environmentsSame of $environmentsBackedUp"
        'collections with schema warnings'    = @($first.Findings | Select-Object -ExpandProperty Collection -Unique).Count
    }
    $kinds = @($first.Findings | Group-Object Kind | Sort-Object Count -Descending | ForEach-Object {
            [pscustomobject]@{ Kind = $_.Name; Warnings = $_.Count; Collections = @($_.Group | Select-Object -ExpandProperty Collection -Unique).Count }
        })

    [pscustomobject]$summary | Format-List | Out-Host
    $kinds | Format-Table -AutoSize | Out-Host
    foreach ($item in $lost) { Write-Warning "Not restored without loss: $item" }
    foreach ($item in @($errors)) { Write-Warning "Error: $item" }
    if ($MarkdownPath) {
        $lines = @('| | |', '| --- | --- |') + @($summary.GetEnumerator() | ForEach-Object { "| $($_.Key) | $($_.Value) |" })
        $lines += @('', '| warning kind | warnings | collections |', '| --- | --- | --- |') + @($kinds | ForEach-Object { "| ``$($_.Kind)`` | $($_.Warnings) | $($_.Collections) |" })
        [IO.File]::WriteAllText($MarkdownPath, ($lines -join "`n") + "`n")
    }
    [pscustomobject]@{ Summary = [pscustomobject]$summary; Kinds = $kinds; Lost = @($lost); Errors = @($errors) }
}
finally {
    Stop-TestEmulator $world
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}
