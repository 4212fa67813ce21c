<#
.SYNOPSIS
    Builds, tests and demonstrates PSGitHubSync.

.DESCRIPTION
    Needs only the .NET SDK and the PowerShell tool pinned in .config/dotnet-tools.json
    (run `dotnet tool restore` once, then `dotnet pwsh ./build.ps1 -Task <task>`). Everything
    else (Pester, test packages) comes from the configured NuGet source on restore.

    Tasks:
      Build      out/PSGitHubSync/ ready for Import-Module (cmdlets, manifest with the release
                 notes of CHANGELOG.md's top section, format views, MAML help generated from
                 module/help/*.md, the about_*.help.txt topics of module/help/about/,
                 dependencies/ for isolation, LICENSE and THIRD-PARTY-NOTICES.txt).
      Package    Build, then out/packages/PSGitHubSync.<version>.nupkg with PSResourceGet's
                 Compress-PSResource: the package Publish-PSResource sends to the PowerShell Gallery
                 and Install-PSResource installs from any repository.
      Test       Build, then xunit (engine, emulator) and Pester (the built module in fresh
                 processes against the loopback emulator). Prints 'N passed, N failed' and
                 exits non-zero on any failure.
      Demo       Build, start the loopback GitHub emulator and run the module against it.
      Benchmark  Build, then tests/benchmark/Benchmark.ps1: requests, commits, wall time and peak
                 memory for N = 1, 10, 100, 1000 collections against the emulator (20 ms latency),
                 beside a naive Contents API baseline. Writes out/benchmark/benchmark.md and exits
                 non-zero when a cost budget of the SPEC is broken.

.PARAMETER Task
    What to do: Build, Package, Test, Demo or Benchmark.

.PARAMETER Configuration
    The .NET build configuration (Release by default).

.PARAMETER Sizes
    Benchmark only: the collection counts N, passed to tests/benchmark/Benchmark.ps1 (default 1, 10, 100, 1000;
    0 alone runs only the one-collection memory row).

.PARAMETER BaselineMaxSize
    Benchmark only: the largest N the naive baseline runs for (default: all).

.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test

.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Benchmark -Sizes 0,100 -BaselineMaxSize 0
    The one-collection memory row and N = 100, without the naive baseline.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Package', 'Test', 'Demo', 'Benchmark')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Benchmark only: the collection counts N (default 1, 10, 100, 1000; 0 alone: only the one-collection memory row).
    [string[]] $Sizes,

    # Benchmark only: the largest N the naive baseline runs for (default: all).
    [int] $BaselineMaxSize = [int]::MaxValue
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

$RepoRoot = $PSScriptRoot
$OutDir = Join-Path $RepoRoot 'out'
$ModuleOut = Join-Path $OutDir 'PSGitHubSync'
$ResultsDir = Join-Path $OutDir 'test-results'
$PackagesDir = Join-Path $OutDir 'packages'
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
    Write-ModuleManifest -Destination (Join-Path $ModuleOut 'PSGitHubSync.psd1')
    Copy-Item (Join-Path $RepoRoot 'module/PSGitHubSync.format.ps1xml') $ModuleOut
    Copy-Item (Join-Path $RepoRoot 'LICENSE') $ModuleOut
    Write-ThirdPartyNotices -DepsJson (Join-Path $publish 'PSGitHubSync.deps.json') -DependencyFolder $dependencies -Destination (Join-Path $ModuleOut 'THIRD-PARTY-NOTICES.txt')

    $helpDir = Join-Path $ModuleOut 'en-US'
    New-Item -ItemType Directory -Path $helpDir -Force | Out-Null
    $generator = Join-Path $RepoRoot 'module/help/ConvertTo-MamlHelp.ps1'
    $command = "& '$generator' -SourcePath '$(Join-Path $RepoRoot 'module/help')' -ModulePath '$(Join-Path $ModuleOut 'PSGitHubSync.psd1')' -OutputPath '$(Join-Path $helpDir 'PSGitHubSync.dll-Help.xml')' | Out-Null; exit `$LASTEXITCODE"
    if ((Invoke-ChildPwsh $command) -ne 0) { throw 'Generating MAML help failed.' }
    # The about topics (the definitions format, troubleshooting): Get-Help about_PSGitHubSync after Import-Module.
    Copy-Item (Join-Path $RepoRoot 'module/help/about/about_*.help.txt') $helpDir
    Write-Host "Built $ModuleOut" -ForegroundColor Green
}

function Get-ReleaseNotes {
    # The top '## <version>' section of CHANGELOG.md; its version must be the manifest's (one version source).
    param([string] $ModuleVersion)
    $changelog = Join-Path $RepoRoot 'CHANGELOG.md'
    $text = (Get-Content $changelog -Raw) -replace "`r`n", "`n"
    $match = [regex]::Match($text, '(?ms)^## +\[?(?<version>[0-9][^\]\s]*)\]?[^\n]*\n(?<notes>.*?)(?=^## |\z)')
    if (-not $match.Success) { throw "$changelog has no '## <version>' section; add one for $ModuleVersion." }
    if ($match.Groups['version'].Value -ne $ModuleVersion) {
        throw "The top section of $changelog is '$($match.Groups['version'].Value)' but module/PSGitHubSync.psd1 says ModuleVersion '$ModuleVersion': add a '## $ModuleVersion' section (or change ModuleVersion, the one version source)."
    }
    $match.Groups['notes'].Value.Trim()
}

function Write-ModuleManifest {
    # module/PSGitHubSync.psd1 with ReleaseNotes taken from CHANGELOG.md.
    param([string] $Destination)
    $source = Join-Path $RepoRoot 'module/PSGitHubSync.psd1'
    $text = Get-Content $source -Raw
    $version = (Import-PowerShellDataFile $source).ModuleVersion
    $notes = (Get-ReleaseNotes -ModuleVersion $version) -replace "'", "''"
    $pattern = "(?m)^(?<indent>[ \t]*)ReleaseNotes\s*=\s*'(?:[^']|'')*'"
    if (-not [regex]::IsMatch($text, $pattern)) { throw "$source has no ReleaseNotes = '...' line to fill." }
    $text = [regex]::Replace($text, $pattern, { param($m) "$($m.Groups['indent'].Value)ReleaseNotes = '$notes'" })
    [IO.File]::WriteAllText($Destination, $text, [Text.UTF8Encoding]::new($false))
}

function Write-ThirdPartyNotices {
    # Every bundled assembly (dependencies/*.dll) with its NuGet package, version, licence and copyright, read
    # from the package's nuspec; then each licence text once, and the notices the packages themselves carry.
    param([string] $DepsJson, [string] $DependencyFolder, [string] $Destination)
    $packages = Get-NuGetPackageRoot
    $deps = Get-Content $DepsJson -Raw | ConvertFrom-Json
    $target = $deps.targets.($deps.runtimeTarget.name)
    $bundled = @{}
    foreach ($file in Get-ChildItem $DependencyFolder -Filter *.dll) { $bundled[$file.Name] = $null }
    $entries = [System.Collections.Generic.List[object]]::new()
    foreach ($library in $target.PSObject.Properties) {
        $info = $deps.libraries.($library.Name)
        if ($info.type -ne 'package' -or -not $library.Value.PSObject.Properties['runtime']) { continue }
        $dlls = @($library.Value.runtime.PSObject.Properties.Name | ForEach-Object { Split-Path $_ -Leaf } | Where-Object { $bundled.ContainsKey($_) })
        if ($dlls.Count -eq 0) { continue }
        $folder = Join-Path $packages $info.path
        [xml] $nuspec = Get-Content (Get-ChildItem $folder -Filter *.nuspec | Select-Object -First 1).FullName -Raw
        $metadata = $nuspec.package.metadata
        $license = if ($metadata['license'] -and $metadata.license.type -eq 'expression') { $metadata.license.'#text' } else { $null }
        if ($license -ne 'MIT') {
            throw "$($library.Name) is licensed '$(if ($license) { $license } else { $metadata.licenseUrl })', not MIT: add its licence text to Write-ThirdPartyNotices in build.ps1 before bundling it."
        }
        $licenseFile = Get-ChildItem $folder -File | Where-Object Name -Match '^LICEN[CS]E(\.(txt|md))?$' | Select-Object -First 1
        $noticeFile = Get-ChildItem $folder -File | Where-Object Name -Match '^THIRD-PARTY-NOTICES(\.txt)?$' | Select-Object -First 1
        foreach ($dll in $dlls) { $bundled[$dll] = $library.Name }
        $licenseText = if ($licenseFile) { (Get-Content $licenseFile.FullName -Raw).Trim() } else { $null }
        $copyright = if ($metadata['copyright']) { $metadata.copyright }
            elseif ($licenseText -match '(?m)^\s*(Copyright .+?)\s*$') { $Matches[1] }
            else { 'the ' + ($library.Name -split '/')[0] + ' authors' }
        $entries.Add([pscustomobject]@{
            Package   = $library.Name
            Files     = $dlls -join ', '
            License   = $license
            Copyright = $copyright
            Project   = if ($metadata['projectUrl']) { $metadata.projectUrl } elseif ($metadata['repository']) { $metadata.repository.url } else { '' }
            LicenseText = $licenseText
            Notices   = if ($noticeFile) { (Get-Content $noticeFile.FullName -Raw).Trim() } else { $null }
        })
    }
    $unknown = @($bundled.GetEnumerator() | Where-Object { $null -eq $_.Value -and $_.Key -notmatch '^PSGitHubSync\.' } | ForEach-Object Key)
    if ($unknown.Count -gt 0) { throw "No NuGet package found for the bundled $($unknown -join ', '): THIRD-PARTY-NOTICES.txt would be incomplete." }

    $mit = @'
Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT
OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
'@
    $rule = '=' * 78
    $builder = [Text.StringBuilder]::new()
    [void] $builder.AppendLine('PSGitHubSync — third-party notices').AppendLine()
    [void] $builder.AppendLine('PSGitHubSync (MIT, see LICENSE) bundles the assemblies below in dependencies/. Each is')
    [void] $builder.AppendLine('used under the licence named for it; the licence texts and the notices the packages carry follow.').AppendLine()
    foreach ($entry in $entries) {
        [void] $builder.AppendLine("$($entry.Package)  ($($entry.Files))").AppendLine("  Licence:   $($entry.License)").AppendLine("  Copyright: $($entry.Copyright)")
        if ($entry.Project) { [void] $builder.AppendLine("  Project:   $($entry.Project)") }
        [void] $builder.AppendLine()
    }
    foreach ($entry in $entries) {
        $text = if ($entry.LicenseText) { $entry.LicenseText } else { "MIT License`n`n$($entry.Copyright)`n`n$mit".Trim() }
        [void] $builder.AppendLine($rule).AppendLine("$($entry.Package): $($entry.License)").AppendLine($rule).AppendLine().AppendLine($text).AppendLine()
    }
    $seen = [System.Collections.Generic.HashSet[string]]::new()
    foreach ($entry in $entries | Where-Object Notices) {
        if (-not $seen.Add($entry.Notices)) { continue }
        $carriers = ($entries | Where-Object { $_.Notices -eq $entry.Notices } | ForEach-Object Package) -join ', '
        [void] $builder.AppendLine($rule).AppendLine("Notices carried by $carriers").AppendLine($rule).AppendLine().AppendLine($entry.Notices).AppendLine()
    }
    [IO.File]::WriteAllText($Destination, ($builder.ToString() -replace "`r`n", "`n"), [Text.UTF8Encoding]::new($false))
}

function New-ModulePackage {
    # The built module folder as a PowerShell Gallery package (.nupkg), by PSResourceGet itself; returns its path.
    Remove-Item $PackagesDir -Recurse -Force -ErrorAction SilentlyContinue
    New-Item -ItemType Directory -Path $PackagesDir -Force | Out-Null
    Import-Module Microsoft.PowerShell.PSResourceGet -ErrorAction Stop
    Compress-PSResource -Path $ModuleOut -DestinationPath $PackagesDir
    $version = (Import-PowerShellDataFile (Join-Path $ModuleOut 'PSGitHubSync.psd1')).ModuleVersion
    $package = Join-Path $PackagesDir "PSGitHubSync.$version.nupkg"
    if (-not (Test-Path $package)) { throw "Compress-PSResource did not write $package." }
    Write-Host "Packaged $package" -ForegroundColor Green
    $package
}

function Invoke-Package {
    Invoke-Build
    New-ModulePackage | Out-Null
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
    $package = New-ModulePackage   # tests/Pester/Install.Tests.ps1 installs it like a user would
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
    $env:PSGITHUBSYNC_PACKAGE = $package
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
    $passed = if ($Sizes) { " -Sizes '$(@($Sizes) -join ',')'" } else { '' }
    $passed += " -BaselineMaxSize $BaselineMaxSize"
    $command = "& '$benchmark' -ModulePath '$(Join-Path $ModuleOut 'PSGitHubSync.psd1')' -EmulatorPath '$(Get-EmulatorPath)' -OutputPath '$(Join-Path $OutDir 'benchmark/benchmark.md')'$passed; exit `$LASTEXITCODE"
    $exit = Invoke-ChildPwsh $command
    if ($exit -ne 0) { exit $exit }
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Package' { Invoke-Package }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Benchmark' { Invoke-Benchmark }
}
