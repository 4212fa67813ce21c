using System.Collections.Generic;
using System.Management.Automation;
using System.Security;
using PSGitHubSync.Infrastructure;

namespace PSGitHubSync.Commands;

/// <summary>
/// The base of the cmdlets that run integrations against both GitHub and Postman (Invoke-CollectionBackup,
/// Sync-ApiSchema, Test-BackupIntegration): <c>-PostmanApiKey</c>, and <c>-Shard</c> to split the selected
/// integrations over parallel jobs.
/// </summary>
public abstract class IntegrationRunCmdlet : IntegrationInputCmdlet
{
    /// <summary>A Postman API key that wins over the definitions file's references.</summary>
    [Parameter]
    [ValidateNotNull]
    public SecureString? PostmanApiKey { get; set; }

    /// <summary>Runs only this share of the selected integrations, written k/n (job k of n parallel jobs), chosen by a stable hash of each integration's name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Shard { get; set; }

    /// <inheritdoc />
    private protected override SecureString? GivenPostmanApiKey => PostmanApiKey;

    /// <summary>Stops the call before anything runs when <c>-Shard</c> is not k/n (ShardInvalid).</summary>
    protected override void BeginProcessing() => ShardSelection.Validate(this, Shard);

    /// <summary>The collected integrations this call runs: this shard's share of them (all without <c>-Shard</c>).</summary>
    private protected IReadOnlyList<Integration> IntegrationsToRun() =>
        SelectedIntegrations.Count == 0 ? SelectedIntegrations : ShardSelection.Apply(this, Shard, SelectedIntegrations);
}
