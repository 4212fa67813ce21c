<#
.SYNOPSIS
    The cost benchmark of SPEC.md ("Cost budgets"): PSGitHubSync against a naive Contents API baseline.
.DESCRIPTION
    Called by `build.ps1 -Task Benchmark` with the built module and emulator. For each N in -Sizes it starts the
    loopback GitHub + Postman emulator with two repositories (one for PSGitHubSync, one for the baseline) and a
    Postman workspace of N generated collections (50-500 KB each; the largest N also gets one 30 MB collection),
    injects -LatencyMilliseconds on both APIs, and runs, each in a FRESH PowerShell process (so the peak working
    set is that scenario's own):

      PSGitHubSync   first run, no-change run, 10%-changed run (Invoke-CollectionBackup, one integration '*')
      baseline       first run, no-change run, 10%-changed run: for each collection GET /collections/{uid}
                     from Postman, GET the file with the Contents API (for its sha), PUT it when different

    First of all, the memory row: the one 30 MB collection backed up alone (a workspace holding only it, a first
    run): its growth is the peak working set of that PowerShell process minus its working set right after
    Import-Module, and its ratio to the collection's size.

    Requests come from the emulator's statistics (GitHub) and request counters (Postman), reset before each
    scenario; commits from the statistics. It prints one markdown table (also written to -OutputPath), with the
    machine and date, and the peak working set of every row, and exits 1 when a budget of SPEC.md is broken (or
    a run failed), saying which. The memory budgets: the one collection grows the process by at most
    -MaxGrowthRatio times its size, and no PSGitHubSync run with N >= 100 peaks at -MaxPeakMegabytes or more.
.PARAMETER Sizes
    The collection counts N (default 1, 10, 100, 1000). 0 alone: only the memory row.
.PARAMETER LatencyMilliseconds
    Latency injected on every GitHub and Postman API request (default 20).
.PARAMETER OutputPath
    Where to write the markdown (table, notes, machine). Default: out/benchmark/benchmark.md beside the module's out/.
.PARAMETER LargeCollectionBytes
    Size of the one large collection added at the largest N (default 30 MiB; 0: none).
.PARAMETER BaselineMaxSize
    The largest N the baseline runs for (default: all). The baseline is sequential and slow by design.
.PARAMETER MaxGrowthRatio
    The memory budget of one collection: growth over the working set after Import-Module, as a multiple of its
    size (default 2, SPEC.md "Memory").
.PARAMETER MaxPeakMegabytes
    The memory budget of a run of many collections: the peak working set of the whole process (default 400 MB,
    for every PSGitHubSync run with N >= 100).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorPath,
    [string[]] $Sizes = @(1, 10, 100, 1000),
    [int] $LatencyMilliseconds = 20,
    [string] $OutputPath,
    [int] $LargeCollectionBytes = 30MB,
    [int] $BaselineMaxSize = [int]::MaxValue,
    [double] $MaxGrowthRatio = 2,
    [int] $MaxPeakMegabytes = 400
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

$env:PSGITHUBSYNC_EMULATOR = $EmulatorPath
Import-Module (Join-Path $PSScriptRoot '../Pester/TestSupport.psm1') -Force
$ModulePath = (Resolve-Path $ModulePath).Path
if (-not $OutputPath) { $OutputPath = Join-Path $PSScriptRoot '../../out/benchmark/benchmark.md' }

$Owner = 'bench'
$Workspace = 'Bench'
$Directory = 'Postman Collections'
$Token = Get-TestToken ClassicFull
$ApiKey = Get-TestToken PostmanKey
$MinBytes = 50000
$MaxBytes = 500000
$GitHubContentCreationPerMinute = 80     # GitHub's real secondary limit on content-creating requests
$PostmanRequestsPerMinute = 300          # Postman's real per-key limit
$MaxInlineBytes = 1MB                    # PSGitHubSync sends larger files as blobs (CommitterOptions.MaxInlineFileBytes)
$MaxTreeRequestBytes = 6MB               # and keeps each create-tree request under this (CommitterOptions.MaxTreeRequestBytes)
$ChildTimeout = [TimeSpan]::FromMinutes(30)
# '1,10' arrives as one string through `pwsh -File`: accept both forms.
$Counts = [int[]] @($Sizes | ForEach-Object { $_ -split '[,\s]+' } | Where-Object { $_ } | ForEach-Object { [int] $_ } | Where-Object { $_ -gt 0 } | Sort-Object -Unique)
$LargestN = ($Counts | Measure-Object -Maximum).Maximum
$PeakBudgetFromN = 100                   # SPEC.md: a first run of many collections stays under 400 MB, flat in N

function Write-Step([string] $Text) { Write-Host "[$([DateTime]::Now.ToString('HH:mm:ss'))] $Text" -ForegroundColor Cyan }

function Format-Duration([double] $Seconds) {
    if ($Seconds -lt 60) { return '{0:N1} s' -f $Seconds }
    $span = [TimeSpan]::FromSeconds($Seconds)
    if ($span.TotalHours -ge 1) { return '{0} h {1:D2} min' -f [int][Math]::Floor($span.TotalHours), $span.Minutes }
    '{0} min {1:D2} s' -f [int][Math]::Floor($span.TotalMinutes), $span.Seconds
}

function Format-Megabytes([long] $Bytes) { '{0:N0} MB' -f ($Bytes / 1MB) }

function Format-Ratio([double] $Baseline, [double] $Ours) {
    if ($Ours -le 0) { return 'n/a' }
    $ratio = $Baseline / $Ours
    if ($ratio -ge 10) { '{0:N0}×' -f $ratio } else { '{0:N1}×' -f $ratio }
}

function Invoke-ChildScenario {
    <# Runs a script in a fresh PowerShell process; returns the object it printed after 'BENCHMARK-RESULT '. #>
    param([Parameter(Mandatory)] [string] $Script, [hashtable] $Arguments = @{})
    $scriptPath = Join-Path ([IO.Path]::GetTempPath()) ("psgithubsync-bench-{0}.ps1" -f [guid]::NewGuid())
    $argumentsPath = "$scriptPath.json"
    Set-Content -Path $scriptPath -Value $Script -Encoding utf8
    $Arguments | ConvertTo-Json -Depth 5 | Set-Content -Path $argumentsPath -Encoding utf8
    try {
        $start = [Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
        foreach ($argument in @(Get-PwshStartArgument) + @('-NoProfile', '-NonInteractive', '-File', $scriptPath, $argumentsPath)) { $start.ArgumentList.Add($argument) }
        $start.Environment['GITHUB_TOKEN'] = $Token
        $start.Environment['POSTMAN_API_KEY'] = $ApiKey
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.UseShellExecute = $false
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $process = [Diagnostics.Process]::Start($start)
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit([int] $ChildTimeout.TotalMilliseconds)) {
            $process.Kill($true)
            throw "The scenario did not finish in $($ChildTimeout.TotalMinutes) minutes."
        }
        $process.WaitForExit()
        $clock.Stop()
        $line = ($stdout.Result -split "`r?`n") | Where-Object { $_.StartsWith('BENCHMARK-RESULT ') } | Select-Object -Last 1
        if (-not $line -or $process.ExitCode -ne 0) {
            throw "The scenario's PowerShell exited with $($process.ExitCode).`n$($stdout.Result)`n$($stderr.Result)"
        }
        $result = $line.Substring('BENCHMARK-RESULT '.Length) | ConvertFrom-Json
        $result | Add-Member -NotePropertyName ProcessSeconds -NotePropertyValue $clock.Elapsed.TotalSeconds
        $result
    }
    finally {
        Remove-Item $scriptPath, $argumentsPath -ErrorAction SilentlyContinue
    }
}

# The PSGitHubSync side: one Invoke-CollectionBackup run; wall time is the cmdlet's (not pwsh start and Import-Module).
$OursScript = @'
param([string] $ArgumentsPath)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$a = Get-Content $ArgumentsPath -Raw | ConvertFrom-Json
Import-Module $a.ModulePath
[GC]::Collect()
$importedBytes = [Diagnostics.Process]::GetCurrentProcess().WorkingSet64
$clock = [Diagnostics.Stopwatch]::StartNew()
$results = @(Invoke-CollectionBackup -Path $a.DefinitionsPath -ErrorAction SilentlyContinue -ErrorVariable failures -WarningAction SilentlyContinue)
$clock.Stop()
$files = @($results | ForEach-Object { $_.Files })
$summary = [ordered]@{
    Seconds     = $clock.Elapsed.TotalSeconds
    PeakBytes   = [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
    ImportedBytes = $importedBytes
    Status      = ($results | ForEach-Object { [string] $_.Status }) -join ','
    CommitSha   = ($results | ForEach-Object { $_.CommitSha }) -join ','
    Files       = $files.Count
    Written     = @($files | Where-Object { [string] $_.Status -in 'Created', 'Updated' }).Count
    Errors      = @($failures | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" })
}
'BENCHMARK-RESULT ' + ($summary | ConvertTo-Json -Compress -Depth 4)
exit 0
'@

# The naive baseline: one collection at a time, Postman GET, Contents API GET (sha) and PUT when different.
$BaselineScript = @'
param([string] $ArgumentsPath)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$a = Get-Content $ArgumentsPath -Raw | ConvertFrom-Json
$gitHub = @{ Authorization = "token $env:GITHUB_TOKEN"; Accept = 'application/vnd.github+json' }
$postman = @{ 'X-Api-Key' = $env:POSTMAN_API_KEY }
$utf8 = [Text.UTF8Encoding]::new($false)
$sha1 = [Security.Cryptography.SHA1]::Create()
function Get-GitBlobSha([byte[]] $Bytes) {
    $header = [Text.Encoding]::ASCII.GetBytes("blob $($Bytes.Length)`0")
    $all = [byte[]]::new($header.Length + $Bytes.Length)
    [Array]::Copy($header, $all, $header.Length)
    [Array]::Copy($Bytes, 0, $all, $header.Length, $Bytes.Length)
    -join ($sha1.ComputeHash($all) | ForEach-Object { $_.ToString('x2') })
}
$clock = [Diagnostics.Stopwatch]::StartNew()
$puts = 0; $skipped = 0
foreach ($collection in $a.Collections) {
    $response = Invoke-WebRequest -Uri ($a.PostmanUrl + 'collections/' + $collection.uid) -Headers $postman -NoProxy
    $document = [Text.Json.JsonDocument]::Parse($response.Content)
    $bytes = $utf8.GetBytes($document.RootElement.GetProperty('collection').GetRawText() + "`n")
    $document.Dispose()
    $path = $a.Directory + '/' + ($collection.name -replace '[\\/:*?"<>|]', '-') + '.postman_collection.json'
    $url = $a.GitHubApi + "repos/$($a.Owner)/$($a.Repository)/contents/" + (($path -split '/' | ForEach-Object { [Uri]::EscapeDataString($_) }) -join '/')
    $existing = Invoke-RestMethod -Uri "$url`?ref=$($a.Branch)" -Headers $gitHub -NoProxy -SkipHttpErrorCheck -StatusCodeVariable status
    $sha = if ($status -eq 200) { $existing.sha } elseif ($status -eq 404) { $null } else { throw "GET $path answered $status." }
    if ($sha -and $sha -eq (Get-GitBlobSha $bytes)) { $skipped++; continue }
    $body = '{"message":' + (ConvertTo-Json "Back up $($collection.name)") + ',"branch":"' + $a.Branch + '","content":"' + [Convert]::ToBase64String($bytes) + '"' +
        $(if ($sha) { ',"sha":"' + $sha + '"' } else { '' }) + '}'
    $null = Invoke-RestMethod -Method Put -Uri $url -Headers $gitHub -Body $body -ContentType 'application/json' -NoProxy
    $puts++
}
$clock.Stop()
$summary = [ordered]@{
    Seconds   = $clock.Elapsed.TotalSeconds
    PeakBytes = [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
    Puts      = $puts
    Skipped   = $skipped
    Errors    = @()
}
'BENCHMARK-RESULT ' + ($summary | ConvertTo-Json -Compress)
exit 0
'@

# What an idle child weighs (pwsh with the module imported): the floor under every peak-memory figure.
$IdleScript = @'
param([string] $ArgumentsPath)
$a = Get-Content $ArgumentsPath -Raw | ConvertFrom-Json
Import-Module $a.ModulePath
'BENCHMARK-RESULT ' + (@{ Seconds = 0; PeakBytes = [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 } | ConvertTo-Json -Compress)
exit 0
'@

function New-BenchmarkConfig {
    param([int] $N, [string] $LargeFile)
    $collections = @()
    if ($LargeFile) { $collections += @{ file = $LargeFile; id = $script:LargeId; name = 'Large Collection' } }
    @{
        users        = @(
            @{ login = 'octocat'; id = 583231; name = 'The Octocat' }
            @{ login = $Owner; id = 777; type = 'Organization' }
        )
        repositories = @(
            @{ owner = $Owner; name = "psgithubsync-$N"; private = $true; defaultBranch = 'main'; collaborators = @{ octocat = 'admin' } }
            @{ owner = $Owner; name = "baseline-$N"; private = $true; defaultBranch = 'main'; collaborators = @{ octocat = 'admin' } }
        )
        tokens       = @(@{ value = $Token; type = 'classic'; login = 'octocat'; scopes = @('repo', 'user'); rateLimit = 1000000 })
        # The baseline alone would hit GitHub's 80 content-creating requests a minute: off here, reported instead.
        gitHubLimits = @{ contentCreationPerMinute = 0 }
        postman      = @{
            rateLimitPerMinute = 1000000
            apiKeys            = @(@{ value = $ApiKey; user = 'octocat'; userId = 583231; workspaces = @('*') })
            workspaces         = @(@{
                    name        = $Workspace
                    collections = $collections
                    generate    = @{ count = $N; minBytes = $MinBytes; maxBytes = $MaxBytes; seed = 1; namePrefix = 'Generated Collection' }
                })
        }
    }
}

function Reset-Counters($Emulator) {
    Invoke-EmulatorControl $Emulator 'statistics' -Method Delete | Out-Null
    Invoke-EmulatorControl $Emulator 'postman/requests' -Method Delete | Out-Null
    Invoke-EmulatorControl $Emulator 'postman/ratelimits' -Method Delete | Out-Null
}

function Read-Counters($Emulator) {
    $statistics = Invoke-EmulatorControl $Emulator 'statistics'
    $postman = Invoke-EmulatorControl $Emulator 'postman/requests'
    [pscustomobject]@{
        GitHubRequests       = [int] $statistics.totalRequests
        GitHubByEndpoint     = $statistics.requestsByEndpoint
        Commits              = [int] $statistics.commitsCreated
        ContentCreating      = [int] $statistics.contentCreatingRequests
        ContentRefused       = [int] $statistics.contentCreationRefused
        PostmanRequests      = [int] $postman.total
        PostmanByRoute       = $postman.routes
    }
}

function Format-Endpoints($ByEndpoint) {
    if ($null -eq $ByEndpoint) { return '(none)' }
    (@($ByEndpoint.PSObject.Properties | Sort-Object Name | ForEach-Object { "$($_.Name): $($_.Value)" }) -join '; ')
}

function Edit-Collections {
    <# A user's edit in Postman (through the control endpoint, not counted): a request added at the top of each. #>
    param($Emulator, [object[]] $Collections, [int] $Round)
    foreach ($collection in $Collections) {
        $uri = $Emulator.GitHub + '_emulator/postman/collections/' + $collection.id
        $json = (Invoke-WebRequest -Uri $uri -NoProxy).Content
        $match = [regex]::Match($json, '"item"\s*:\s*\[')
        if (-not $match.Success) { throw "Collection $($collection.id) has no item array." }
        $insert = '{"name":"Benchmark edit ' + $Round + '","request":{"method":"GET","url":"https://bench.example.com/edits/' + $Round + '"}}' +
            $(if ($json.Substring($match.Index + $match.Length).TrimStart().StartsWith(']')) { '' } else { ',' })
        $json = $json.Insert($match.Index + $match.Length, $insert)
        Invoke-WebRequest -Method Put -Uri $uri -Body $json -ContentType 'application/json' -NoProxy | Out-Null
    }
}

function Get-RepositoryFileSize {
    <# A file's size through the API (after the scenario's counters were read: not part of any scenario). #>
    param($Emulator, [string] $Repository, [string] $Path)
    $url = $Emulator.Enterprise + "repos/$Owner/$Repository/contents/" + (($Path -split '/' | ForEach-Object { [Uri]::EscapeDataString($_) }) -join '/')
    $file = Invoke-RestMethod -Uri $url -Headers @{ Authorization = "token $Token" } -NoProxy -SkipHttpErrorCheck -StatusCodeVariable status
    if ($status -eq 200) { [long] $file.size } else { 0 }
}

function Measure-InlineBudget {
    <#
        SPEC.md's budget for a run that writes: ≤ 5 GitHub requests + one per file too large to send inline. From the
        commit's own changes (the emulator's view of it, not PSGitHubSync's requests), a written file is too large to
        send inline when it is over 1 MiB (it must be a blob), or when the commit's one create-tree request cannot
        carry it: that request holds the blob references (and deletions), then, smallest first, as many files as fit
        in 6 MiB, each costing its content as a JSON string, its path and 64 bytes of framing.
    #>
    param($Emulator, [string] $Repository, [string] $CommitSha)
    $changes = @(Invoke-EmulatorControl $Emulator "repos/$Owner/$Repository/commits/$CommitSha/changes" | ForEach-Object { $_ })   # a JSON array arrives as one object
    $written = @($changes | Where-Object status -ne 'removed')
    $large = @($written | Where-Object { [long] $_.size -gt $MaxInlineBytes })
    [long] $used = 0
    foreach ($file in $large) { $used += $file.path.Length + 96 }
    foreach ($file in @($changes | Where-Object status -eq 'removed')) { $used += $file.path.Length + 64 }
    $carried = 0
    $costs = @($written | Where-Object { [long] $_.size -le $MaxInlineBytes } | ForEach-Object { [long] $_.jsonStringBytes + $_.path.Length + 64 } | Sort-Object)
    foreach ($cost in $costs) {
        if ($used + $cost -gt $MaxTreeRequestBytes) { break }
        $used += $cost
        $carried++
    }
    # How many create-tree requests the inline content may take at most: each full request holds more than
    # 6 MiB less the largest entry, so a committer that fills its requests needs no more than this.
    $inlineCost = [long] (($costs | Measure-Object -Sum).Sum)
    $largest = [long] (($costs | Measure-Object -Maximum).Maximum)
    $maxTrees = [Math]::Max(1, [int] [Math]::Ceiling(($inlineCost + ($large.Count * 200)) / [double] ($MaxTreeRequestBytes - $largest)))
    [pscustomobject]@{
        Written        = $written.Count
        Large          = $large.Count
        Carried        = $carried
        TooLarge       = $written.Count - $carried
        Allowance      = 5 + $written.Count - $carried
        MaxTrees       = $maxTrees
        WrittenBytes   = [long] (($written | Measure-Object -Property size -Sum).Sum)
    }
}

function Get-RepositoryCollectionCount {
    param($Emulator, [string] $Repository)
    $url = $Emulator.Enterprise + "repos/$Owner/$Repository/git/trees/main?recursive=1"
    $tree = Invoke-RestMethod -Uri $url -Headers @{ Authorization = "token $Token" } -NoProxy
    @($tree.tree | Where-Object { $_.type -eq 'blob' -and $_.path.StartsWith("$Directory/") -and $_.path.EndsWith('.postman_collection.json') }).Count
}

function New-BenchmarkDefinitions {
    <# The definitions file of one run: every collection of the workspace into the repository psgithubsync-<N>. #>
    param($Emulator, [int] $N)
    $definitions = Join-Path $work "psgithubsync-$N.yml"
    @"
version: 1
defaults:
  github:
    server: $($Emulator.Server)
    token: env:GITHUB_TOKEN
  postman:
    server: $($Emulator.Postman)
    apiKey: env:POSTMAN_API_KEY

integrations:
  - name: bench-$N
    type: collection-backup
    source:
      workspace: $Workspace
      collection: "*"
    repository: $Owner/psgithubsync-$N
    branch: main
    directory: $Directory
"@ | Set-Content -Path $definitions -Encoding utf8NoBOM
    $definitions
}

function Measure-OneCollection {
    <#
        The memory row (issue 16, SPEC.md "Memory"): the large collection backed up alone, a first run in a fresh
        process. Growth is that process's peak working set minus its working set after Import-Module.
    #>
    Write-Step "One collection of $('{0:N0}' -f $LargeCollectionBytes) bytes alone: starting the emulator."
    $emulator = Start-TestEmulator -Config (New-BenchmarkConfig -N 0 -LargeFile $largeFile)
    try {
        Invoke-EmulatorControl $emulator 'latency' -Method Post -Body @{ milliseconds = $LatencyMilliseconds } | Out-Null
        Invoke-EmulatorControl $emulator 'postman/latency' -Method Put -Body @{ milliseconds = $LatencyMilliseconds; jitterMilliseconds = 0 } | Out-Null
        Invoke-EmulatorControl $emulator 'rate-limit/content-creation' -Method Post -Body @{ perMinute = $GitHubContentCreationPerMinute } | Out-Null
        Reset-Counters $emulator
        $run = Invoke-ChildScenario -Script $OursScript -Arguments @{ ModulePath = $ModulePath; DefinitionsPath = (New-BenchmarkDefinitions $emulator 0) }
        $counters = Read-Counters $emulator
        $growth = [long] $run.PeakBytes - [long] $run.ImportedBytes
        $record = [pscustomobject]@{
            Key = 'ours-one'; Scenario = 'one collection alone'; Tool = 'PSGitHubSync'; N = 0; Run = $run; Counters = $counters; Edited = 0
            Growth = $growth; Ratio = $growth / [double] $LargeCollectionBytes
        }
        Write-Host ("    GitHub {0} requests, Postman {1}, commits {2}, {3}, peak {4}, after Import-Module {5}, growth {6} = {7:N1}× the collection, status {8}" -f
            $counters.GitHubRequests, $counters.PostmanRequests, $counters.Commits, (Format-Duration $run.Seconds), (Format-Megabytes $run.PeakBytes),
            (Format-Megabytes $run.ImportedBytes), (Format-Megabytes $growth), $record.Ratio, $run.Status)
        if (@($run.Errors).Count -gt 0) { $script:violations.Add("One collection alone failed: $(@($run.Errors) -join ' | ')") }
        if ($counters.Commits -ne 1) { $script:violations.Add("One collection alone: $($counters.Commits) commits (budget exactly 1).") }
        if ($record.Ratio -gt $MaxGrowthRatio) {
            $script:violations.Add("One collection of $(Format-Megabytes $LargeCollectionBytes) alone grew the process by $(Format-Megabytes $growth), $('{0:N1}' -f $record.Ratio)× its size (budget ≤ $MaxGrowthRatio×, $(Format-Megabytes ($LargeCollectionBytes * $MaxGrowthRatio))).")
        }
        $script:rows.Add($record)
    }
    finally {
        Stop-TestEmulator $emulator
    }
}

# ---------------------------------------------------------------------------------------------------------------
$work = Join-Path ([IO.Path]::GetTempPath()) ("psgithubsync-benchmark-{0}" -f [guid]::NewGuid())
New-Item -ItemType Directory -Path $work | Out-Null
$rows = [Collections.Generic.List[object]]::new()
$violations = [Collections.Generic.List[string]]::new()
$details = [Collections.Generic.List[string]]::new()
$script:LargeId = 'b3a7c0de-0000-4000-8000-000000000030'
$largeFile = $null
$totalClock = [Diagnostics.Stopwatch]::StartNew()
try {
    # Private copies of the module and the emulator: a rebuild of out/ or bin/ during these minutes changes nothing here.
    $moduleCopy = Join-Path $work 'module/PSGitHubSync'
    New-Item -ItemType Directory -Path $moduleCopy -Force | Out-Null
    Copy-Item (Join-Path (Split-Path -Parent $ModulePath) '*') $moduleCopy -Recurse
    $ModulePath = Join-Path $moduleCopy (Split-Path -Leaf $ModulePath)
    $emulatorCopy = Join-Path $work 'emulator'
    Copy-Item (Split-Path -Parent (Resolve-Path $EmulatorPath).Path) $emulatorCopy -Recurse
    $EmulatorPath = Join-Path $emulatorCopy (Split-Path -Leaf $EmulatorPath)
    $env:PSGITHUBSYNC_EMULATOR = $EmulatorPath

    if ($LargeCollectionBytes -gt 0) {
        # The emulator's own generator (PostmanCollectionGenerator), so the large one is a realistic collection too.
        Add-Type -Path $EmulatorPath
        $largeFile = Join-Path $work 'large.postman_collection.json'
        $bytes = [PSGitHubSync.Emulator.Postman.PostmanCollectionGenerator]::Generate(7, 0, $LargeCollectionBytes, $LargeCollectionBytes + 8192, 'Large Collection', $script:LargeId, 583231)
        [IO.File]::WriteAllBytes($largeFile, $bytes)
        Write-Step "Generated the large collection: $('{0:N0}' -f $bytes.Length) bytes."
        $bytes = $null
    }

    $idle = Invoke-ChildScenario -Script $IdleScript -Arguments @{ ModulePath = $ModulePath }
    Write-Step "An idle child (pwsh + Import-Module): peak working set $(Format-Megabytes $idle.PeakBytes)."
    if ($largeFile) { Measure-OneCollection }

    foreach ($N in $Counts) {
        $withLarge = $largeFile -and $N -eq $LargestN
        $collectionCount = $N + [int] [bool] $withLarge
        Write-Step "N = $N$(if ($withLarge) { ' + one large collection' }): starting the emulator."
        $emulator = Start-TestEmulator -Config (New-BenchmarkConfig -N $N -LargeFile $(if ($withLarge) { $largeFile }))
        try {
            Invoke-EmulatorControl $emulator 'latency' -Method Post -Body @{ milliseconds = $LatencyMilliseconds } | Out-Null
            Invoke-EmulatorControl $emulator 'postman/latency' -Method Put -Body @{ milliseconds = $LatencyMilliseconds; jitterMilliseconds = 0 } | Out-Null
            $collections = @((Invoke-EmulatorControl $emulator "postman/workspaces/$Workspace/collections") | Sort-Object name)
            if ($collections.Count -ne $collectionCount) { throw "The emulator serves $($collections.Count) collections, expected $collectionCount." }
            $generated = @($collections | Where-Object { $_.id -ne $script:LargeId })
            $editCount = [Math]::Max(1, [int] [Math]::Round($N * 0.1))
            $step = [Math]::Max(1, [int] [Math]::Floor($N / $editCount))
            $toEdit = @(for ($i = 0; $i -lt $editCount; $i++) { $generated[$i * $step] })

            $definitions = New-BenchmarkDefinitions $emulator $N
            $oursArguments = @{ ModulePath = $ModulePath; DefinitionsPath = $definitions }
            $baselineArguments = @{
                PostmanUrl = $emulator.Postman; GitHubApi = $emulator.Enterprise; Owner = $Owner; Repository = "baseline-$N"; Branch = 'main'
                Directory = $Directory; Collections = @($collections | ForEach-Object { @{ uid = $_.uid; name = $_.name } })
            }

            $scenarios = [ordered]@{}
            function Measure-Scenario([string] $Key, [string] $Label, [string] $Tool, [scriptblock] $Before, [string] $Script, [hashtable] $Arguments) {
                if ($Before) { & $Before }
                # PSGitHubSync runs under GitHub's real content-creation limit (it paces itself); the naive baseline
                # would be throttled to 80 writes a minute, so it runs without it (see the notes).
                $perMinute = if ($Tool -eq 'PSGitHubSync') { $GitHubContentCreationPerMinute } else { 0 }
                Invoke-EmulatorControl $emulator 'rate-limit/content-creation' -Method Post -Body @{ perMinute = $perMinute } | Out-Null
                Reset-Counters $emulator
                Write-Step "N = ${N}: $Tool, $Label."
                $run = Invoke-ChildScenario -Script $Script -Arguments $Arguments
                $counters = Read-Counters $emulator
                $record = [pscustomobject]@{
                    Key = $Key; Scenario = $Label; Tool = $Tool; N = $N; Run = $run; Counters = $counters
                    Edited = $(if ($Key -like '*changed') { $editCount } else { 0 })
                }
                Write-Host ("    GitHub {0} requests, Postman {1}, commits {2}, {3} (process {4}), peak {5}{6}" -f $counters.GitHubRequests, $counters.PostmanRequests,
                    $counters.Commits, (Format-Duration $run.Seconds), (Format-Duration $run.ProcessSeconds), (Format-Megabytes $run.PeakBytes),
                    $(if ($run.PSObject.Properties['Status']) { ", status $($run.Status)" } else { ", $($run.Puts) PUT(s)" }))
                Write-Host "    GitHub: $(Format-Endpoints $counters.GitHubByEndpoint)" -ForegroundColor DarkGray
                Write-Host "    Postman: $(Format-Endpoints $counters.PostmanByRoute)" -ForegroundColor DarkGray
                if (@($run.Errors).Count -gt 0) { $script:violations.Add("N=$N $Tool $Label failed: $(@($run.Errors) -join ' | ')") }
                if ($Tool -eq 'PSGitHubSync' -and $counters.ContentRefused -gt 0) { $script:violations.Add("N=$N $Tool ${Label}: GitHub's content-creation limit refused $($counters.ContentRefused) request(s); the pacing must keep under 80 a minute.") }
                $scenarios[$Key] = $record
                $script:rows.Add($record)
            }

            Measure-Scenario 'ours-first' 'first run' 'PSGitHubSync' $null $OursScript $oursArguments
            $manifestBytes = Get-RepositoryFileSize $emulator "psgithubsync-$N" '.psgithubsync/backup-state.json'
            $backedUp = Get-RepositoryCollectionCount $emulator "psgithubsync-$N"
            if ($backedUp -ne $collectionCount) { $violations.Add("N=$N PSGitHubSync first run: the repository holds $backedUp collection files, expected $collectionCount.") }
            Measure-Scenario 'ours-nochange' 'no change' 'PSGitHubSync' $null $OursScript $oursArguments
            Measure-Scenario 'ours-changed' "10% changed" 'PSGitHubSync' { Edit-Collections $emulator $toEdit 1 } $OursScript $oursArguments

            if ($N -le $BaselineMaxSize) {
                Measure-Scenario 'base-first' 'first run' 'baseline' $null $BaselineScript $baselineArguments
                $baselineFiles = Get-RepositoryCollectionCount $emulator "baseline-$N"
                if ($baselineFiles -ne $collectionCount) { $violations.Add("N=$N baseline first run: the repository holds $baselineFiles collection files, expected $collectionCount (a measuring problem).") }
                Measure-Scenario 'base-nochange' 'no change' 'baseline' $null $BaselineScript $baselineArguments
                Measure-Scenario 'base-changed' "10% changed" 'baseline' { Edit-Collections $emulator $toEdit 2 } $BaselineScript $baselineArguments
            }

            # Budgets (SPEC.md, "Cost budgets" and "Memory").
            if ($N -ge $PeakBudgetFromN) {
                foreach ($record in @($scenarios.Values | Where-Object Tool -eq 'PSGitHubSync')) {
                    if ([long] $record.Run.PeakBytes -ge $MaxPeakMegabytes * 1MB) {
                        $violations.Add("N=$N $($record.Scenario): peak working set $(Format-Megabytes $record.Run.PeakBytes) (budget < $MaxPeakMegabytes MB for N ≥ $PeakBudgetFromN).")
                    }
                }
            }
            $nochange = $scenarios['ours-nochange']
            if ($nochange.Counters.GitHubRequests -gt 2) { $violations.Add("N=$N no change: $($nochange.Counters.GitHubRequests) GitHub requests (budget ≤ 2): $(Format-Endpoints $nochange.Counters.GitHubByEndpoint)") }
            if ($nochange.Counters.Commits -ne 0) { $violations.Add("N=$N no change: $($nochange.Counters.Commits) commit(s) (budget 0).") }
            $downloads = 0
            foreach ($route in @($nochange.Counters.PostmanByRoute.PSObject.Properties)) { if ($route.Name -match '^GET /(collections|environments)/\{') { $downloads += [int] $route.Value } }
            if ($downloads -gt 0) { $violations.Add("N=$N no change: $downloads per-collection Postman request(s) (budget 0): $(Format-Endpoints $nochange.Counters.PostmanByRoute)") }
            foreach ($key in 'ours-first', 'ours-changed') {
                $record = $scenarios[$key]
                if ($record.Counters.Commits -ne 1 -or -not $record.Run.CommitSha) {
                    $violations.Add("N=$N $($record.Scenario): $($record.Counters.Commits) commits (budget exactly 1).")
                    continue
                }
                $budget = Measure-InlineBudget $emulator "psgithubsync-$N" $record.Run.CommitSha
                $record | Add-Member -NotePropertyName Allowance -NotePropertyValue $budget.Allowance
                $trees = [int] ($record.Counters.GitHubByEndpoint.PSObject.Properties | Where-Object Name -eq 'POST /repos/{owner}/{repo}/git/trees' | ForEach-Object Value)
                $details.Add(("N=$N $($record.Scenario): {0:N0} files written ({1:N0} bytes), {2} over 1 MiB, {3:N0} carried by one create-tree request, so {4:N0} too large to send inline and a budget of 5 + {4:N0} = {5:N0} GitHub requests; PSGitHubSync made {6} ({7} create-tree, at most {8} needed for that content)." -f
                        $budget.Written, $budget.WrittenBytes, $budget.Large, $budget.Carried, $budget.TooLarge, $budget.Allowance, $record.Counters.GitHubRequests, $trees, $budget.MaxTrees))
                if ($trees -gt $budget.MaxTrees) {
                    $violations.Add("N=$N $($record.Scenario): $trees create-tree requests where the inline content needs at most $($budget.MaxTrees) of 6 MiB.")
                }
                if ($record.Counters.GitHubRequests -gt $budget.Allowance) {
                    $violations.Add("N=$N $($record.Scenario): $($record.Counters.GitHubRequests) GitHub requests (budget ≤ 5 + $($budget.TooLarge) file(s) too large to send inline = $($budget.Allowance)): $(Format-Endpoints $record.Counters.GitHubByEndpoint)")
                }
            }
            $details.Add("N=${N}: state file .psgithubsync/backup-state.json is $('{0:N0}' -f $manifestBytes) bytes; $editCount collection(s) edited per changed run.")
        }
        finally {
            Stop-TestEmulator $emulator
        }
    }
}
finally {
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}
$totalClock.Stop()

# ---------------------------------------------------------------------------------------------------------------
# The table: per scenario and N, PSGitHubSync's row, then the baseline's with the ratio.
$order = @{ 'first run' = 0; 'no change' = 1; '10% changed' = 2 }
$lines = [Collections.Generic.List[string]]::new()
$lines.Add('| Scenario | N | GitHub requests | Postman requests | commits | wall time | peak memory | ratio baseline / ours (GitHub · all requests) |')
$lines.Add('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
foreach ($one in @($rows | Where-Object Key -eq 'ours-one')) {
    $mark = if ($one.Ratio -gt $MaxGrowthRatio) { " ✗ (budget ≤ $MaxGrowthRatio×)" } else { " (≤ $MaxGrowthRatio×)" }
    $lines.Add(('| first run, one collection alone · PSGitHubSync | 1 × {0:N0} MB | {1} | {2} | {3} | {4} | {5}; growth {6} = {7:N1}× its size{8} | |' -f ($LargeCollectionBytes / 1MB),
            $one.Counters.GitHubRequests, $one.Counters.PostmanRequests, $one.Counters.Commits, (Format-Duration $one.Run.Seconds), (Format-Megabytes $one.Run.PeakBytes),
            (Format-Megabytes $one.Growth), $one.Ratio, $mark))
}
foreach ($group in $rows | Where-Object Key -ne 'ours-one' | Group-Object Scenario, N | Sort-Object { $order[$_.Group[0].Scenario] }, { $_.Group[0].N }) {
    $ours = $group.Group | Where-Object Tool -eq 'PSGitHubSync' | Select-Object -First 1
    $base = $group.Group | Where-Object Tool -eq 'baseline' | Select-Object -First 1
    $nLabel = if ($largeFile -and $ours.N -eq $LargestN) { "$($ours.N) + 1 × $('{0:N0}' -f ($LargeCollectionBytes / 1MB)) MB" } else { "$($ours.N)" }
    $budget = if ($ours.PSObject.Properties['Allowance']) { $ours.Allowance } else { 2 }
    $gitHubCell = "$($ours.Counters.GitHubRequests)" + $(if ($ours.Counters.GitHubRequests -gt $budget) { " ✗ (budget ≤ $('{0:N0}' -f $budget))" } else { " (≤ $('{0:N0}' -f $budget))" })
    $commitBudget = if ($ours.Key -eq 'ours-nochange') { 0 } else { 1 }
    $commitCell = "$($ours.Counters.Commits)" + $(if ($ours.Counters.Commits -ne $commitBudget) { " ✗ (budget $commitBudget)" } else { '' })
    $peakCell = (Format-Megabytes $ours.Run.PeakBytes) + $(if ($ours.N -lt $PeakBudgetFromN) { '' } elseif ([long] $ours.Run.PeakBytes -ge $MaxPeakMegabytes * 1MB) { " ✗ (budget < $MaxPeakMegabytes MB)" } else { " (< $MaxPeakMegabytes MB)" })
    $lines.Add(('| {0} · PSGitHubSync | {1} | {2} | {3} | {4} | {5} | {6} | |' -f $ours.Scenario, $nLabel, $gitHubCell, $ours.Counters.PostmanRequests,
            $commitCell, (Format-Duration $ours.Run.Seconds), $peakCell))
    if ($base) {
        # Up to 80 writes fit in one minute's allowance; beyond that, writes / 80 minutes at least.
        $atLimit = $base.Counters.ContentCreating / $GitHubContentCreationPerMinute * 60
        $wall = (Format-Duration $base.Run.Seconds) + $(if ($base.Counters.ContentCreating -gt $GitHubContentCreationPerMinute) { " (≥ $(Format-Duration $atLimit) at 80 writes/min)" } else { '' })
        $lines.Add(('| {0} · baseline | {1} | {2} | {3} | {4} | {5} | {6} | {7} · {8} |' -f $base.Scenario, $nLabel, $base.Counters.GitHubRequests, $base.Counters.PostmanRequests,
                $base.Counters.Commits, $wall, (Format-Megabytes $base.Run.PeakBytes),
                (Format-Ratio $base.Counters.GitHubRequests $ours.Counters.GitHubRequests),
                (Format-Ratio ($base.Counters.GitHubRequests + $base.Counters.PostmanRequests) ($ours.Counters.GitHubRequests + $ours.Counters.PostmanRequests))))
    }
}

$memory = if (Test-Path /proc/meminfo) { [long] ((Select-String -Path /proc/meminfo -Pattern '^MemTotal:\s+(\d+)').Matches[0].Groups[1].Value) * 1KB } else { [GC]::GetGCMemoryInfo().TotalAvailableMemoryBytes }
$os = if (Test-Path /etc/os-release) { ((Get-Content /etc/os-release | Where-Object { $_ -like 'PRETTY_NAME=*' }) -replace '^PRETTY_NAME="?|"$', '') } else { [Runtime.InteropServices.RuntimeInformation]::OSDescription }
$cores = try { (& nproc 2>$null) } catch { $null }
if (-not $cores) { $cores = [Environment]::ProcessorCount }
$cpu = if (Test-Path /proc/cpuinfo) { ((Select-String -Path /proc/cpuinfo -Pattern '^model name\s*:\s*(.+)$' | Select-Object -First 1).Matches[0].Groups[1].Value).Trim() } else { '' }
$machine = "Machine: $cores cores (nproc)$(if ($cpu) { ", $cpu" }), $('{0:N1}' -f ($memory / 1GB)) GiB memory, $os ($([Runtime.InteropServices.RuntimeInformation]::OSArchitecture)), " +
    "$([Runtime.InteropServices.RuntimeInformation]::FrameworkDescription), PowerShell $($PSVersionTable.PSVersion); $([DateTime]::UtcNow.ToString('yyyy-MM-dd HH:mm')) UTC; whole benchmark $(Format-Duration $totalClock.Elapsed.TotalSeconds)."

$notes = [Collections.Generic.List[string]]::new()
$notes.Add("Emulator on loopback with $LatencyMilliseconds ms injected on every GitHub and Postman API request; N generated collections of $('{0:N0}' -f $MinBytes)–$('{0:N0}' -f $MaxBytes) bytes$(if ($largeFile -and $LargestN) { ", plus one of $('{0:N0}' -f $LargeCollectionBytes) bytes at N = $LargestN" }). Each row is a fresh PowerShell process; wall time is the backup itself (without pwsh start-up and Import-Module), peak memory that process's peak working set (an idle pwsh with the module imported: $(Format-Megabytes $idle.PeakBytes)).")
if ($rows | Where-Object Key -eq 'ours-one') {
    $notes.Add("'one collection alone': a workspace holding only the $('{0:N0}' -f $LargeCollectionBytes)-byte collection, a first run; growth is the peak working set of that process minus its working set right after Import-Module (after a full garbage collection).")
}
$notes.Add("Requests and commits are the emulator's statistics and Postman request counters, reset before each row. '10% changed': round(N/10), at least 1, collections edited in Postman before the run (a request added).")
$notes.Add("Baseline: for each collection, GET /collections/{uid} from Postman, then Contents API GET (for the sha) and PUT when the content differs, one at a time, into its own repository. GitHub's content-creation limit (80 content-creating requests a minute) was on for PSGitHubSync and off for the baseline, which would otherwise be throttled; '≥ … at 80 writes/min' is how long the baseline's writes alone would take at GitHub's real limit. Postman's limit was raised too (at its real 300 requests a minute, downloading N collections takes ≥ N/300 minutes for either tool).")
$oursWrites = ($rows | Where-Object Tool -eq 'PSGitHubSync' | ForEach-Object { $_.Counters.ContentCreating } | Measure-Object -Maximum).Maximum
$oursRefused = ($rows | Where-Object Tool -eq 'PSGitHubSync' | ForEach-Object { $_.Counters.ContentRefused } | Measure-Object -Sum).Sum
$notes.Add("PSGitHubSync's runs made at most $oursWrites content-creating requests each and paced them under GitHub's limit of 80 a minute (20 at once, then 60 a minute); the emulator refused $oursRefused of them. Pacing is part of the wall time of the largest first run.")
$budgetRule = 'no change: ≤ 2 GitHub requests, 0 commits, no per-collection Postman request; changed or first run: ≤ 5 GitHub requests + one per file too large to send inline (over 1 MiB, or beyond what one 6 MiB create-tree request carries, smallest first), exactly 1 commit; ' +
    "memory: one collection alone grows the process (peak working set minus the working set after Import-Module) by at most $MaxGrowthRatio× its size, and every run with N ≥ $PeakBudgetFromN peaks under $MaxPeakMegabytes MB"
$budgetLine = if ($violations.Count -eq 0) { "Budgets of SPEC.md ($budgetRule): all met." }
else { "Budgets of SPEC.md ($budgetRule): $($violations.Count) broken (✗ in the table):" + (-join ($violations | ForEach-Object { "`n  - $_" })) }

$markdown = [Text.StringBuilder]::new()
foreach ($line in $lines) { [void] $markdown.AppendLine($line) }
[void] $markdown.AppendLine()
foreach ($note in $notes) { [void] $markdown.AppendLine("- $note") }
foreach ($detail in $details) { [void] $markdown.AppendLine("- $detail") }
[void] $markdown.AppendLine("- $budgetLine")
[void] $markdown.AppendLine()
[void] $markdown.AppendLine($machine)

$outputDirectory = Split-Path -Parent ([IO.Path]::GetFullPath($OutputPath))
New-Item -ItemType Directory -Path $outputDirectory -Force | Out-Null
Set-Content -Path $OutputPath -Value $markdown.ToString() -Encoding utf8NoBOM

Write-Host ''
Write-Host $markdown.ToString()
Write-Host "Written to $([IO.Path]::GetFullPath($OutputPath))"
if ($violations.Count -gt 0) {
    Write-Host ''
    Write-Host 'BUDGETS BROKEN:' -ForegroundColor Red
    foreach ($violation in $violations) { Write-Host "  - $violation" -ForegroundColor Red }
    exit 1
}
exit 0
