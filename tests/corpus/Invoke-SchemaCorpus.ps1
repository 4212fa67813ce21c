<#
.SYNOPSIS
    Runs the built module's schema validation over a corpus of real schemas, in one process, and prints
    a table by format and version plus every mismatch with the manifest.

.DESCRIPTION
    The corpus and its manifest live outside the repository (fetched material is never committed). The
    manifest is a tab-separated file with a header row and at least these columns:

      path      a file or a folder, relative to -Path
      root      for a folder: the root document, relative to the folder (empty: found by name and content)
      expected  valid | invalid: the verdict PSGitHubSync must give (invalid = refused as InvalidSchema)
      format    openapi | raml | graphql (empty: detected)

    Optional columns: repository (owner/name, counted in the summary), origin, note, label (the source's
    own verdict where it differs from 'expected', for example a parser's negative fixture that breaks
    only a SHOULD-level or semantic rule, which PSGitHubSync reports as a warning).

    Every entry is checked exactly as Sync-ApiSchema checks a side before copying it (SchemaValidator over
    a SchemaSet of the file or the folder). A crash ends the process, so finishing is itself the proof that
    no entry can end a run.

.EXAMPLE
    ./tests/corpus/Invoke-SchemaCorpus.ps1 -Path /work/corpus/schemas -Manifest /work/corpus/manifest.tsv

.EXAMPLE
    ./tests/corpus/Invoke-SchemaCorpus.ps1 -Path ./corpus -Manifest ./corpus/manifest.tsv -PassThru | Where-Object Outcome -ne 'ok'
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [ValidateNotNullOrEmpty()] [string] $Path,
    [Parameter(Mandatory)] [ValidateNotNullOrEmpty()] [string] $Manifest,
    # The built module's manifest (build.ps1 -Task Build writes it to out/PSGitHubSync).
    [ValidateNotNullOrEmpty()] [string] $Module = (Join-Path $PSScriptRoot '../../out/PSGitHubSync/PSGitHubSync.psd1'),
    # Also write one object per entry (path, expected, verdict, version, problems, warnings, milliseconds).
    [switch] $PassThru
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

Import-Module (Resolve-Path $Module) -Force

# The engine lives in the module's own load context: load it by using the module once, then reach its types.
$definitions = Join-Path ([System.IO.Path]::GetTempPath()) "psgithubsync-corpus-$PID.yml"
Set-Content -LiteralPath $definitions -Value "version: 1`nintegrations: []`n" -Encoding utf8NoBOM
try { $null = Get-BackupIntegration -Path $definitions } finally { Remove-Item -LiteralPath $definitions -ErrorAction SilentlyContinue }
$engine = [System.Runtime.Loader.AssemblyLoadContext]::All | ForEach-Object Assemblies | Where-Object { $_.GetName().Name -eq 'PSGitHubSync.Engine' } | Select-Object -First 1
if (-not $engine) { throw "The module did not load PSGitHubSync.Engine; build it with ./build.ps1 -Task Build." }
$validator = $engine.GetType('PSGitHubSync.Engine.Schemas.SchemaValidator', $true)
$setType = $engine.GetType('PSGitHubSync.Engine.Schemas.SchemaSet', $true)
$formatType = $engine.GetType('PSGitHubSync.SchemaFormat', $true)
$check = $validator.GetMethod('Check')
$create = $setType.GetMethod('Create')

$entries = Import-Csv -LiteralPath $Manifest -Delimiter "`t"
$results = [System.Collections.Generic.List[object]]::new()
$index = 0
foreach ($entry in $entries) {
    $index++
    Write-Progress -Activity 'Checking the schema corpus' -Status $entry.path -PercentComplete (100 * $index / [Math]::Max(1, $entries.Count))
    $full = Join-Path $Path $entry.path
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $verdict = $null; $version = $null; $problems = @(); $warnings = 0; $failure = $null
    try {
        $files = [System.Collections.Generic.Dictionary[string, byte[]]]::new([StringComparer]::Ordinal)
        if (Test-Path -LiteralPath $full -PathType Container) {
            $base = (Resolve-Path -LiteralPath $full).ProviderPath.TrimEnd('/', '\')
            foreach ($file in Get-ChildItem -LiteralPath $base -File -Recurse) {
                $files[$file.FullName.Substring($base.Length + 1).Replace('\', '/')] = [System.IO.File]::ReadAllBytes($file.FullName)
            }
        }
        else {
            $files[[System.IO.Path]::GetFileName($full)] = [System.IO.File]::ReadAllBytes($full)
        }
        $root = if ($entry.PSObject.Properties['root'] -and $entry.root) { $entry.root } else { $null }
        $set = $create.Invoke($null, @($files, $root))
        $format = if ($entry.PSObject.Properties['format'] -and $entry.format) {
            switch ($entry.format) { 'openapi' { [Enum]::Parse($formatType, 'OpenApi') } 'raml' { [Enum]::Parse($formatType, 'Raml') } 'graphql' { [Enum]::Parse($formatType, 'GraphQL') } }
        } else { $null }
        $result = $check.Invoke($null, @($set, $format))
        $verdict = if ($result.IsValid) { 'valid' } else { 'invalid' }
        $version = $result.Version
        $problems = @($result.Problems | ForEach-Object ToString)
        $warnings = $result.Warnings.Count
    }
    catch {
        $verdict = 'invalid'
        $failure = $_.Exception.GetBaseException().Message
        $problems = @($failure)
    }
    $watch.Stop()
    $format = if ($entry.PSObject.Properties['format'] -and $entry.format) { $entry.format } else { '?' }
    $family = switch ($format) {
        'openapi' { if ($version -match '^(\d+\.\d+)') { $Matches[1] } elseif ($version) { $version } else { '?' } }
        'raml' { if ($version) { $version } else { '?' } }
        'graphql' { 'SDL' }
        default { '?' }
    }
    $results.Add([pscustomobject]@{
        Path         = $entry.path
        Repository   = if ($entry.PSObject.Properties['repository']) { $entry.repository } else { '' }
        Format       = $format
        Version      = $family
        Expected     = $entry.expected
        Verdict      = $verdict
        Outcome      = if ($verdict -eq $entry.expected) { 'ok' } else { 'MISMATCH' }
        Problems     = $problems
        Warnings     = $warnings
        Milliseconds = $watch.ElapsedMilliseconds
        Note         = if ($entry.PSObject.Properties['note']) { $entry.note } else { '' }
    })
}
Write-Progress -Activity 'Checking the schema corpus' -Completed

# A refused entry has no version when its version key is the problem: count it under the version its path suggests.
$table = $results | Group-Object Format, Version | Sort-Object Name | ForEach-Object {
    $group = $_.Group
    [pscustomobject]@{
        Format           = $group[0].Format
        Version          = $group[0].Version
        Schemas          = $group.Count
        'Expect valid'   = @($group | Where-Object Expected -eq 'valid').Count
        'Expect invalid' = @($group | Where-Object Expected -eq 'invalid').Count
        Accepted         = @($group | Where-Object Verdict -eq 'valid').Count
        Refused          = @($group | Where-Object Verdict -eq 'invalid').Count
        Mismatches       = @($group | Where-Object Outcome -ne 'ok').Count
        'With warnings'  = @($group | Where-Object Warnings -gt 0).Count
    }
}
$table | Format-Table -AutoSize | Out-Host
$repositories = @($results | Where-Object Repository | Select-Object -ExpandProperty Repository -Unique).Count
$mismatches = @($results | Where-Object Outcome -ne 'ok')
Write-Host ("{0} schemas from {1} repositories: {2} accepted, {3} refused, {4} mismatch(es); slowest {5} ms." -f $results.Count, $repositories,
    @($results | Where-Object Verdict -eq 'valid').Count, @($results | Where-Object Verdict -eq 'invalid').Count, $mismatches.Count,
    ($results | Measure-Object Milliseconds -Maximum).Maximum)
foreach ($miss in $mismatches) {
    Write-Host ("MISMATCH {0} (expected {1}, got {2}) {3}" -f $miss.Path, $miss.Expected, $miss.Verdict, $miss.Note)
    foreach ($problem in ($miss.Problems | Select-Object -First 3)) { Write-Host "    $problem" }
}
if ($PassThru) { $results }
