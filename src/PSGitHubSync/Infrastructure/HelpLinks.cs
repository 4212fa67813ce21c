namespace PSGitHubSync.Infrastructure;

/// <summary>Where each cmdlet's help page is online (<c>Get-Help -Online</c>, the cmdlets' HelpUri).</summary>
internal static class HelpLinks
{
    /// <summary>The folder of the help pages in the project's repository.</summary>
    public const string Base = "https://github.com/psgithubsync/PSGitHubSync/blob/main/module/help/";
}
