namespace PSGitHubSync.Engine.Checks;

/// <summary>The stable error ids of <c>Test-BackupIntegration</c> that the rest of the engine does not already have.</summary>
public static class CheckErrorIds
{
    /// <summary>A check failed for a reason that has no more precise id.</summary>
    public const string IntegrationCheckFailed = nameof(IntegrationCheckFailed);
}
