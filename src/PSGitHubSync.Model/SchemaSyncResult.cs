using System;
using System.Collections.Generic;

namespace PSGitHubSync;

/// <summary>What a schema sync did with one integration (the output of <c>Sync-ApiSchema</c>).</summary>
public sealed class SchemaSyncResult
{
    /// <summary>The integration's name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Which way the schema went.</summary>
    public SchemaSyncDirection Direction { get; set; }

    /// <summary>
    /// The files that were (or would be) written, deleted or in conflict, relative to the schema's folder in the
    /// repository (for a single-file schema, the file's name in the repository).
    /// </summary>
    public IReadOnlyList<string> Files { get; set; } = Array.Empty<string>();

    /// <summary>A fingerprint of the local side's content (the first 12 hex digits of its SHA-256).</summary>
    public string? LocalVersion { get; set; }

    /// <summary>The repository branch's head commit before the sync.</summary>
    public string? RemoteCommit { get; set; }

    /// <summary>The commit both sides now match (the new commit after a push); null after a conflict, -WhatIf or a failure before any write.</summary>
    public string? CommitSha { get; set; }

    /// <summary>The release tag created or confirmed with <c>-Release</c> (for example <c>v1.2.0</c>), or null.</summary>
    public string? Release { get; set; }

    /// <summary>The web address of the GitHub release published with <c>-Release</c>, or null.</summary>
    public string? ReleaseUrl { get; set; }

    /// <summary>The repository, owner/name.</summary>
    public string Repository { get; set; } = string.Empty;

    /// <summary>The branch.</summary>
    public string Branch { get; set; } = string.Empty;

    /// <summary>The schema's path in the repository.</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>
    /// What checking the copied side found that does not stop a sync (rules the specification states as
    /// SHOULD, semantic and style rules), one line each: <c>file:line:column: message (at pointer) [Id]</c>.
    /// Empty when there was nothing to say or nothing was copied.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; set; } = Array.Empty<string>();

    /// <summary>One line: <c>payments-schema: Pushed contoso/payments@develop api/openapi.yaml 1a2b3c4 (release v1.2.0)</c>.</summary>
    public override string ToString()
    {
        var commit = string.IsNullOrEmpty(CommitSha) ? string.Empty : " " + ShortSha.Of(CommitSha);
        var release = string.IsNullOrEmpty(Release) ? string.Empty : $" (release {Release})";
        return $"{Name}: {Direction} {Repository}@{Branch} {Path}{commit}{release}";
    }
}

/// <summary>Which way a schema sync went.</summary>
public enum SchemaSyncDirection
{
    /// <summary>Both sides already match.</summary>
    InSync,
    /// <summary>The local side was committed to the repository.</summary>
    Pushed,
    /// <summary>The repository's version was written to the local side.</summary>
    Pulled,
    /// <summary>Both sides changed differently; nothing was written.</summary>
    Conflict,
    /// <summary>-WhatIf: the local side would be committed.</summary>
    WouldPush,
    /// <summary>-WhatIf: the repository's version would be written locally.</summary>
    WouldPull,
    /// <summary>The sync failed (see the error record).</summary>
    Failed,
}
