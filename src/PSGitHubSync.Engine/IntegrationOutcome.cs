namespace PSGitHubSync.Engine;

/// <summary>What running one integration gave: its result, and the error that stopped it (or a conflict), if any.</summary>
/// <typeparam name="TResult">The result type (<see cref="BackupResult"/>, <see cref="SchemaSyncResult"/>).</typeparam>
public sealed class IntegrationOutcome<TResult>
    where TResult : class
{
    /// <summary>Creates the value.</summary>
    public IntegrationOutcome(Integration integration, TResult result, SyncException? error, System.Collections.Generic.IReadOnlyList<SyncException>? itemErrors = null)
    {
        ItemErrors = itemErrors ?? System.Array.Empty<SyncException>();
        Integration = integration;
        Result = result;
        Error = error;
    }

    /// <summary>The integration.</summary>
    public Integration Integration { get; }

    /// <summary>The result (its status says Failed when the integration failed).</summary>
    public TResult Result { get; }

    /// <summary>Why it failed, or null.</summary>
    public SyncException? Error { get; }

    /// <summary>
    /// What failed of the integration while the rest went on (one collection or environment of a
    /// wildcard, one workspace of several): each names the item; the integration's other items were backed up.
    /// </summary>
    public System.Collections.Generic.IReadOnlyList<SyncException> ItemErrors { get; }
}
