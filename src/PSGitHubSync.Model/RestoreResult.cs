namespace PSGitHubSync;

/// <summary>What <c>Restore-CollectionBackup</c> did with one collection version.</summary>
public sealed class RestoreResult
{
    /// <summary>The collection's name.</summary>
    public string Collection { get; set; } = string.Empty;

    /// <summary>The commit the version was read from (full sha).</summary>
    public string CommitSha { get; set; } = string.Empty;

    /// <summary>Where it went: the full path of the file written, or <c>Postman: &lt;collection uid&gt;</c>.</summary>
    public string Target { get; set; } = string.Empty;

    /// <summary>Restored, or WouldRestore under -WhatIf (or when the confirmation was declined).</summary>
    public RestoreStatus Status { get; set; }

    /// <summary>With -ToPostman: the uid of the collection replaced or created; otherwise null.</summary>
    public string? CollectionUid { get; set; }

    /// <summary>With -ToPostman: true when the recorded collection was gone and a new one was created in the recorded workspace.</summary>
    public bool Created { get; set; }

    /// <summary>One line: <c>Payments API@9b03e77: Restored to /home/ops/payments.json</c>.</summary>
    public override string ToString() => $"{Collection}@{ShortSha.Of(CommitSha)}: {Status} to {Target}";
}

/// <summary>What happened to a restore.</summary>
public enum RestoreStatus
{
    /// <summary>The version was written.</summary>
    Restored,

    /// <summary>Nothing was written (-WhatIf, or the confirmation was declined).</summary>
    WouldRestore,
}
