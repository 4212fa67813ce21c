using System.Management.Automation;

namespace PSGitHubSync.Infrastructure;

/// <summary>Resolves a cmdlet's <c>-Path</c> to a definitions file against PowerShell's current location.</summary>
internal static class DefinitionFilePath
{
    /// <summary>The file name used when -Path is not given.</summary>
    public const string DefaultFileName = "psgithubsync.yml";

    public static string Resolve(PSCmdlet cmdlet, string? path) =>
        cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(string.IsNullOrEmpty(path) ? DefaultFileName : path);
}
