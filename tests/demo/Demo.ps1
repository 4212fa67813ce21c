<#
.SYNOPSIS
    The README's first command: runs PSGitHubSync against the loopback GitHub emulator.
.DESCRIPTION
    Called by `build.ps1 -Task Demo` with the built module and emulator. Starts the emulator
    with sample tokens, shows Test-GitHubToken's answers for a good token, a token that lacks a
    scope, and a bad token, then stops the emulator. Nothing leaves this machine.
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

$emulator = Start-TestEmulator
try {
    Write-Host "GitHub emulator (Enterprise style): $($emulator.Enterprise)" -ForegroundColor Cyan

    Write-Host "`n1. A classic token with repo and user, checked for backups to contoso/api-backups:" -ForegroundColor Cyan
    $token = ConvertTo-SecureString -AsPlainText -Force -String (Get-TestToken ClassicFull)
    Test-GitHubToken -Server $emulator.Server -Token $token -Repository contoso/api-backups | Format-List Server, ApiUrl, Login, TokenType, Scopes, MissingScopes, Repository, CanRead, CanPush, ExpiresAt, RateLimit, IsValid, Notes

    Write-Host "2. A classic token with only repo: what is missing and how to fix it:" -ForegroundColor Cyan
    $token = ConvertTo-SecureString -AsPlainText -Force -String (Get-TestToken ClassicRepoOnly)
    Test-GitHubToken -Server $emulator.Server -Token $token | Format-List Login, TokenType, Scopes, MissingScopes, IsValid, Notes

    Write-Host "3. A fine-grained token, as a table (the default view):" -ForegroundColor Cyan
    $token = ConvertTo-SecureString -AsPlainText -Force -String (Get-TestToken FineGrained)
    Test-GitHubToken -Server $emulator.Server -Token $token -Repository contoso/api-backups | Format-Table | Out-Host

    Write-Host "4. A revoked token: a TokenInvalid error record:" -ForegroundColor Cyan
    $token = ConvertTo-SecureString -AsPlainText -Force -String (Get-TestToken Invalid)
    Test-GitHubToken -Server $emulator.Server -Token $token -ErrorAction SilentlyContinue -ErrorVariable failure
    "FullyQualifiedErrorId: $($failure[0].FullyQualifiedErrorId)"
    "Category:              $($failure[0].CategoryInfo.Category)"
    "Message:               $($failure[0].Exception.Message)"

    Write-Host "`n5. In a script or CI step: -Quiet answers `$true or `$false:" -ForegroundColor Cyan
    $token = ConvertTo-SecureString -AsPlainText -Force -String (Get-TestToken ClassicFull)
    "Test-GitHubToken -Quiet -> $(Test-GitHubToken -Server $emulator.Server -Token $token -Repository contoso/api-backups -Quiet)"
}
finally {
    Stop-TestEmulator $emulator
}
exit 0
