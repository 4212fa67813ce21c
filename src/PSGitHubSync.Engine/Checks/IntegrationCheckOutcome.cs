using PSGitHubSync.Engine.Errors;

namespace PSGitHubSync.Engine.Checks;

/// <summary>One check of one integration: the result users see, and for a failed check the error to report.</summary>
public sealed class IntegrationCheckOutcome
{
    /// <summary>Creates the outcome.</summary>
    public IntegrationCheckOutcome(IntegrationCheck check, SyncException? error, Integration? integration)
    {
        Check = check;
        Error = error;
        Integration = integration;
    }

    /// <summary>The result.</summary>
    public IntegrationCheck Check { get; }

    /// <summary>
    /// For a failed check: the error, with a stable id (the engine's, such as <c>BranchNotFound</c>, or
    /// <c>IntegrationCheckFailed</c>), its category, and a message with the detail and the fix. Null otherwise.
    /// </summary>
    public SyncException? Error { get; }

    /// <summary>The integration checked; null when its definitions file could not be read.</summary>
    public Integration? Integration { get; }
}

/// <summary>Where a run of checks is: which integration, which check, and how far along.</summary>
public sealed class CheckProgress
{
    /// <summary>Creates the value.</summary>
    public CheckProgress(string integration, string check, int done, int total)
    {
        Integration = integration;
        Check = check;
        Done = done;
        Total = total;
    }

    /// <summary>The integration being checked.</summary>
    public string Integration { get; }

    /// <summary>The check that starts now.</summary>
    public string Check { get; }

    /// <summary>Checks finished so far, over all integrations.</summary>
    public int Done { get; }

    /// <summary>Checks to run, over all integrations.</summary>
    public int Total { get; }
}
