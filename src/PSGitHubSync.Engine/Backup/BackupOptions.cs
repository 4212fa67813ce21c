namespace PSGitHubSync.Engine.Backup;

/// <summary>Options of one backup run.</summary>
public sealed class BackupOptions
{
    /// <summary>A commit subject instead of the generated one.</summary>
    public string? Message { get; set; }

    /// <summary><c>redact</c>, <c>keep</c> (alias <c>warn</c>) or <c>block</c> for every integration, instead of each one's own.</summary>
    public string? SecretPolicy { get; set; }

    /// <summary>Remove the backups of collections deleted in Postman for every integration (<c>-Prune</c>), as <c>prune: true</c> does for one.</summary>
    public bool Prune { get; set; }
}

/// <summary>Progress of a backup run, for Write-Progress.</summary>
public sealed class BackupProgress
{
    /// <summary>Creates the value.</summary>
    public BackupProgress(string current, int done, int total)
    {
        Current = current;
        Done = done;
        Total = total;
    }

    /// <summary>What is being worked on.</summary>
    public string Current { get; }

    /// <summary>Repositories finished.</summary>
    public int Done { get; }

    /// <summary>Repositories in all.</summary>
    public int Total { get; }
}
