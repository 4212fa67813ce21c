<#
.SYNOPSIS
    Builds, tests and demonstrates PSGitHubSync.

.DESCRIPTION
    Needs only the .NET SDK and the PowerShell tool pinned in .config/dotnet-tools.json
    (run `dotnet tool restore` once, then `dotnet pwsh ./build.ps1 -Task <task>`). Everything
    else (Pester, test packages) comes from the configured NuGet source on restore.

    Tasks:
      Build      out/PSGitHubSync/ ready for Import-Module (cmdlets, manifest, format views,
                 MAML help generated from module/help/*.md, the about_*.help.txt topics of
                 module/help/about/, dependencies/ for isolation).
      Test       Build, then xunit (engine, emulator) and Pester (the built module in fresh
                 processes against the loopback emulator). Prints 'N passed, N failed' and
                 exits non-zero on any failure.
      Demo       Build, start the loopback GitHub emulator and run the module against it.
      Benchmark  Build, then tests/benchmark/Benchmark.ps1: requests, commits, wall time and peak
                 memory for N = 1, 10, 100, 1000 collections against the emulator (20 ms latency),
                 beside a naive Contents API baseline. Writes out/benchmark/benchmark.md and exits
                 non-zero when a cost budget of the SPEC is broken.

.PARAMETER Task
    What to do: Build, Test, Demo or Benchmark.

.PARAMETER Configuration
    The .NET build configuration (Release by default).

.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Benchmark')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

$RepoRoot = $PSScriptRoot
$OutDir = Join-Path $RepoRoot 'out'
$ModuleOut = Join-Path $OutDir 'PSGitHubSync'
$ResultsDir = Join-Path $OutDir 'test-results'
$PwshDll = Join-Path $PSHOME 'pwsh.dll'
$DotNet = (Get-Command dotnet -CommandType Application | Select-Object -First 1).Source

function Invoke-DotNet {
    # A simple function (not advanced), so that dotnet's own -c/-o switches pass through $args.
    $Arguments = [string[]] $args
    Write-Host "> dotnet $($Arguments -join ' ')" -ForegroundColor DarkGray
    & $DotNet @Arguments
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments[0]) failed with exit code $LASTEXITCODE." }
}

function Get-NuGetPackageRoot {
    $line = & $DotNet nuget locals global-packages --list
    if ($LASTEXITCODE -ne 0) { throw 'Could not find the NuGet global packages folder.' }
    ($line -replace '^global-packages:\s*', '').Trim()
}

function Invoke-ChildPwsh {
    # A fresh PowerShell process of the same version as this one.
    param([string] $Command)
    # Under `dotnet pwsh` the process is dotnet, which needs pwsh.dll; an installed pwsh runs by itself.
    [string[]] $pwshArguments = if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { @($PwshDll) } else { @() }
    & ([Environment]::ProcessPath) @pwshArguments -NoProfile -NonInteractive -Command $Command | Out-Host
    $LASTEXITCODE
}

function Invoke-Build {
    $publish = Join-Path $OutDir 'obj/publish'
    Remove-Item $ModuleOut, $publish -Recurse -Force -ErrorAction SilentlyContinue
    Invoke-DotNet publish (Join-Path $RepoRoot 'src/PSGitHubSync/PSGitHubSync.csproj') -c $Configuration -o $publish --nologo -v quiet

    $dependencies = Join-Path $ModuleOut 'dependencies'
    New-Item -ItemType Directory -Path $dependencies -Force | Out-Null
    foreach ($file in Get-ChildItem $publish -File) {
        switch -Regex ($file.Name) {
            '^PSGitHubSync\.(Model\.)?(dll|pdb)$' { Copy-Item $file.FullName $ModuleOut; break }
            '^PSGitHubSync\.deps\.json$' { break }
            '^(System\.Management\.Automation|System\.Runtime\.Loader)\.' { break }
            '\.(dll|pdb)$' { Copy-Item $file.FullName $dependencies; break }
        }
    }
    Copy-Item (Join-Path $RepoRoot 'module/PSGitHubSync.psd1') $ModuleOut
    Copy-Item (Join-Path $RepoRoot 'module/PSGitHubSync.format.ps1xml') $ModuleOut

    $helpDir = Join-Path $ModuleOut 'en-US'
    New-Item -ItemType Directory -Path $helpDir -Force | Out-Null
    $generator = Join-Path $RepoRoot 'module/help/ConvertTo-MamlHelp.ps1'
    $command = "& '$generator' -SourcePath '$(Join-Path $RepoRoot 'module/help')' -ModulePath '$(Join-Path $ModuleOut 'PSGitHubSync.psd1')' -OutputPath '$(Join-Path $helpDir 'PSGitHubSync.dll-Help.xml')' | Out-Null; exit `$LASTEXITCODE"
    if ((Invoke-ChildPwsh $command) -ne 0) { throw 'Generating MAML help failed.' }
    # The about topics (the definitions format, troubleshooting): Get-Help about_PSGitHubSync after Import-Module.
    Copy-Item (Join-Path $RepoRoot 'module/help/about/about_*.help.txt') $helpDir
    Write-Host "Built $ModuleOut" -ForegroundColor Green
}

function Get-EmulatorPath {
    $path = Join-Path $RepoRoot "tests/PSGitHubSync.Emulator/bin/$Configuration/net10.0/PSGitHubSync.Emulator.dll"
    if (-not (Test-Path $path)) { throw "The emulator was not built at $path." }
    $path
}

function Get-TrxCount {
    param([string] $Directory)
    $passed = 0; $failed = 0; $skipped = 0
    foreach ($trx in Get-ChildItem $Directory -Filter *.trx -ErrorAction SilentlyContinue) {
        [xml] $xml = Get-Content $trx.FullName -Raw
        $counters = $xml.TestRun.ResultSummary.Counters
        $passed += [int] $counters.passed
        $failed += [int] $counters.failed + [int] $counters.error + [int] $counters.timeout + [int] $counters.aborted
        $skipped += [int] $counters.notExecuted
    }
    [pscustomobject]@{ Passed = $passed; Failed = $failed; Skipped = $skipped }
}

function Invoke-Test {
    Invoke-Build
    Remove-Item $ResultsDir -Recurse -Force -ErrorAction SilentlyContinue
    New-Item -ItemType Directory -Path $ResultsDir -Force | Out-Null

    # Test-only downloads (Pester, an older YamlDotNet for the isolation test).
    Invoke-DotNet restore (Join-Path $RepoRoot 'tests/tools/PSGitHubSync.Tools.csproj') --nologo -v quiet
    $packages = Get-NuGetPackageRoot
    $pester = Join-Path $packages 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $pester)) { throw "Pester was not restored to $pester." }

    # xunit: engine and emulator.
    Invoke-DotNet build (Join-Path $RepoRoot 'PSGitHubSync.sln') -c $Configuration --nologo -v quiet
    & $DotNet test (Join-Path $RepoRoot 'tests/PSGitHubSync.Tests/PSGitHubSync.Tests.csproj') -c $Configuration --no-build --nologo `
        --logger 'trx;LogFileName=xunit.trx' --logger 'console;verbosity=minimal' --results-directory $ResultsDir
    $xunitExit = $LASTEXITCODE
    $xunit = Get-TrxCount $ResultsDir
    if ($xunitExit -ne 0 -and $xunit.Failed -eq 0) { $xunit.Failed = 1 }   # the run itself broke

    # Pester: the built module, in a fresh process, against the emulator.
    $env:PSGITHUBSYNC_MODULE = Join-Path $ModuleOut 'PSGitHubSync.psd1'
    $env:PSGITHUBSYNC_EMULATOR = Get-EmulatorPath
    $env:PSGITHUBSYNC_OLD_YAMLDOTNET = Join-Path $packages 'yamldotnet/11.2.1/lib/netstandard2.1/YamlDotNet.dll'
    $summary = Join-Path $ResultsDir 'pester-summary.json'
    $pesterCommand = @"
Import-Module '$pester' -MinimumVersion 5.7.1
`$config = New-PesterConfiguration
`$config.Run.Path = '$(Join-Path $RepoRoot 'tests/Pester')'
`$config.Run.PassThru = `$true
`$config.Output.Verbosity = 'Detailed'
`$result = Invoke-Pester -Configuration `$config
if (`$null -eq `$result) { exit 1 }
@{ Passed = [int] `$result.PassedCount; Failed = [int] `$result.FailedCount + [int] `$result.FailedBlocksCount + [int] `$result.FailedContainersCount; Skipped = [int] `$result.SkippedCount } | ConvertTo-Json | Set-Content '$summary'
exit 0
"@
    $pesterExit = Invoke-ChildPwsh $pesterCommand
    # A Pester run that broke before it could count (exit code, or no summary) counts as a failure.
    $pesterCounts = if ($pesterExit -eq 0 -and (Test-Path $summary)) { Get-Content $summary -Raw | ConvertFrom-Json } else { [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 } }

    $passed = $xunit.Passed + $pesterCounts.Passed
    $failed = $xunit.Failed + $pesterCounts.Failed
    $skipped = $xunit.Skipped + $pesterCounts.Skipped
    Write-Host ''
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed; Pester: $($pesterCounts.Passed) passed, $($pesterCounts.Failed) failed"
    Write-Host "$passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    Invoke-DotNet build (Join-Path $RepoRoot 'tests/PSGitHubSync.Emulator/PSGitHubSync.Emulator.csproj') -c $Configuration --nologo -v quiet
    $demo = Join-Path $RepoRoot 'tests/demo/Demo.ps1'
    $command = "& '$demo' -ModulePath '$(Join-Path $ModuleOut 'PSGitHubSync.psd1')' -EmulatorPath '$(Get-EmulatorPath)'; exit `$LASTEXITCODE"
    $exit = Invoke-ChildPwsh $command
    if ($exit -ne 0) { exit $exit }
}

function Invoke-Benchmark {
    Invoke-Build
    Invoke-DotNet build (Join-Path $RepoRoot 'tests/PSGitHubSync.Emulator/PSGitHubSync.Emulator.csproj') -c $Configuration --nologo -v quiet
    $benchmark = Join-Path $RepoRoot 'tests/benchmark/Benchmark.ps1'
    $command = "& '$benchmark' -ModulePath '$(Join-Path $ModuleOut 'PSGitHubSync.psd1')' -EmulatorPath '$(Get-EmulatorPath)' -OutputPath '$(Join-Path $OutDir 'benchmark/benchmark.md')'; exit `$LASTEXITCODE"
    $exit = Invoke-ChildPwsh $command
    if ($exit -ne 0) { exit $exit }
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Benchmark' { Invoke-Benchmark }
}
