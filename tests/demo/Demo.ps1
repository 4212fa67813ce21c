<#
.SYNOPSIS
    The README's first command: a real backup of Postman collections into GitHub, on the built-in emulator.
.DESCRIPTION
    Called by `build.ps1 -Task Demo` with the built module and emulator. Starts the loopback GitHub +
    Postman emulator with sample collections, writes a definitions file with a workspace-wide
    integration, backs the workspace up, runs again to show that nothing changes, edits a
    collection "in Postman", backs up again (one commit with a changelog), and prints the history
    as the real `git log --stat` of the emulated repository shows it. Nothing leaves this machine.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorPath
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$env:PSGITHUBSYNC_EMULATOR = $EmulatorPath
Import-Module (Join-Path $PSScriptRoot '../Pester/TestSupport.psm1') -Force
Import-Module $ModulePath -Force

function Show-Step([string] $Text) { Write-Host "`n== $Text" -ForegroundColor Cyan }

$emulator = Start-TestEmulator
$work = Join-Path ([IO.Path]::GetTempPath()) ("psgithubsync-demo-{0}" -f [guid]::NewGuid())
New-Item -ItemType Directory -Path $work | Out-Null
try {
    $env:GITHUB_TOKEN = Get-TestToken ClassicFull
    $env:POSTMAN_API_KEY = Get-TestToken PostmanKey
    Write-Host "GitHub emulator: $($emulator.Enterprise)   Postman emulator: $($emulator.Postman)"

    Show-Step '1. Test-GitHubToken: can this token back up to contoso/api-backups?'
    Test-GitHubToken -Server $emulator.Server -Repository contoso/api-backups | Format-Table -AutoSize | Out-String -Width 160 | Out-Host

    Show-Step '2. A definitions file (servers as defaults, tokens only as references) and New-BackupIntegration'
    $definitions = Join-Path $work 'psgithubsync.yml'
    @"
version: 1
# Servers for this demo: the loopback emulator. Tokens are references, never the tokens themselves.
defaults:
  github:
    server: $($emulator.Server)
    token: env:GITHUB_TOKEN
  postman:
    server: $($emulator.Postman)
    apiKey: env:POSTMAN_API_KEY

integrations:
"@ | Set-Content -Path $definitions -Encoding utf8NoBOM
    New-BackupIntegration -Path $definitions -Name payments-workspace -Repository contoso/api-backups -Workspace Payments -Collection '*' -Environments | Out-Null
    Get-Content $definitions | Out-Host

    Show-Step '3. Test-BackupIntegration: the troubleshooting checklist, before anything is written'
    Test-BackupIntegration -Path $definitions -Detailed | Format-Table Check, Status, Detail -Wrap | Out-String -Width 160 | Out-Host

    Show-Step '4. Invoke-CollectionBackup: the whole workspace in one commit'
    Invoke-CollectionBackup -Path $definitions | Format-Table -AutoSize | Out-String -Width 160 | Out-Host

    Show-Step '5. Again: nothing changed in Postman, so no download and no commit'
    Invoke-EmulatorControl $emulator 'statistics' -Method Delete | Out-Null
    Invoke-CollectionBackup -Path $definitions | Format-Table -AutoSize | Out-String -Width 160 | Out-Host
    $statistics = Invoke-EmulatorControl $emulator 'statistics'
    "GitHub requests for the unchanged run: $($statistics.totalRequests); commits: $($statistics.commitsCreated)"

    Show-Step '6. Someone edits "Orders API" in Postman; the next run commits only that, with a changelog'
    $orders = (Invoke-EmulatorControl $emulator 'postman/workspaces/Payments/collections') | Where-Object name -eq 'Orders API' | Select-Object -First 1
    $collection = Invoke-EmulatorControl $emulator "postman/collections/$($orders.id)"
    $body = if ($collection.PSObject.Properties['collection']) { $collection.collection } else { $collection }
    $body.item += [pscustomobject]@{ name = 'Ship order'; request = [pscustomobject]@{ method = 'POST'; url = '{{baseUrl}}/orders/:id/shipments' } }
    Invoke-EmulatorControl $emulator "postman/collections/$($orders.id)" -Method Put -Body ($body | ConvertTo-Json -Depth 50) | Out-Null
    Invoke-CollectionBackup -Path $definitions | Format-List Name, Status, CommitSha, Changes | Out-Host

    Show-Step '7. The result, as the real git CLI sees the emulated repository (git log --stat)'
    $bare = Export-EmulatorRepository $emulator -Owner contoso -Repository api-backups
    git --git-dir=$bare log --stat --format='commit %H%nAuthor: %an <%ae>%n%n    %s%n%n%w(0,4,4)%b' main | Out-Host
    git --git-dir=$bare fsck --strict 2>&1 | Out-Host
    if ($LASTEXITCODE -ne 0) { throw 'git fsck found a problem in the exported repository.' }
    Remove-Item $bare -Recurse -Force
}
finally {
    Stop-TestEmulator $emulator
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}
exit 0
