using System;
using System.Linq;
using System.Management.Automation;
using System.Security;
using PSGitHubSync.Engine.Errors;

namespace PSGitHubSync.Infrastructure;

/// <summary>
/// Reads <c>secret:NAME</c> and <c>secret:VAULT/NAME</c> references through
/// Microsoft.PowerShell.SecretManagement's <c>Get-Secret</c>. The module is loaded only when such
/// a reference is used; runs on the pipeline thread.
/// </summary>
internal static class SecretManagementLookup
{
    private const string Script = @"
param($Name, $Vault)
if (-not (Get-Command -Name Get-Secret -ErrorAction Ignore)) {
    if (-not (Get-Module -ListAvailable -Name Microsoft.PowerShell.SecretManagement)) { return 'PSGitHubSync:Unavailable' }
    Import-Module Microsoft.PowerShell.SecretManagement -ErrorAction Stop
}
$parameters = @{ Name = $Name; ErrorAction = 'Stop' }
if ($Vault) { $parameters.Vault = $Vault }
try { Get-Secret @parameters } catch { if ($_.FullyQualifiedErrorId -like 'GetSecretNotFound*' -or $_.Exception.Message -like '*was not found*') { return $null } throw }
";

    /// <summary>The secret as a SecureString, or null when the vault has none of that name.</summary>
    /// <exception cref="SyncException"><c>SecretManagementUnavailable</c>; <c>SecretNotFound</c> also when the vault cannot be read (locked, unknown, failing).</exception>
    public static SecureString? Get(PSCmdlet cmdlet, string name, string? vault)
    {
        var reference = "secret:" + (vault is null ? string.Empty : vault + "/") + name;
        System.Collections.ObjectModel.Collection<PSObject> results;
        try
        {
            results = cmdlet.InvokeCommand.InvokeScript(Script, true, System.Management.Automation.Runspaces.PipelineResultTypes.None, null, name, vault);
        }
        catch (RuntimeException ex)
        {
            // A locked SecretStore, an unknown vault or a failing extension: this integration cannot get its
            // secret, the others may still run.
            throw new SyncException(SyncErrorId.SecretNotFound, SyncErrorCategory.InvalidOperation,
                $"The reference {reference} could not be read: {ex.Message} Unlock or register the vault (for a scheduled task, see Unlock-SecretStore or a vault without a password), or use an env: or file: reference.",
                name, ex);
        }
        var value = results.FirstOrDefault()?.BaseObject;
        switch (value)
        {
            case null:
                return null;
            case string text when text == "PSGitHubSync:Unavailable":
                throw new SyncException(SyncErrorId.SecretManagementUnavailable, SyncErrorCategory.NotInstalled,
                    $"The reference {reference} needs Microsoft.PowerShell.SecretManagement, which is not installed. Install it (Install-PSResource Microsoft.PowerShell.SecretManagement) and register a vault, or use an env: or file: reference.",
                    name);
            case SecureString secure:
                return secure;
            case PSCredential credential:
                return credential.Password;
            case string plain:
                var result = new SecureString();
                foreach (var c in plain) result.AppendChar(c);
                result.MakeReadOnly();
                return result;
            default:
                throw new SyncException(SyncErrorId.SecretNotFound, SyncErrorCategory.InvalidData,
                    $"The secret '{name}' is a {value.GetType().Name}; store the token as a String or SecureString secret.", name);
        }
    }
}
