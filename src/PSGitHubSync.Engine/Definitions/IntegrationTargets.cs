using System;
using System.Collections.Generic;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.IO;

namespace PSGitHubSync.Engine.Definitions;

/// <summary>
/// The repository files the integrations of one definitions file write, to report two integrations that would
/// overwrite each other (the same server, repository, branch and path; a schema folder holds every path below it;
/// names that are one file on Windows or macOS are one target).
/// </summary>
internal sealed class IntegrationTargets
{
    private readonly List<(string Key, string Path, Integration Integration)> _targets = new();
    private readonly DefinitionProblemList _problems;
    private readonly IBackupFileNaming _fileNaming;

    public IntegrationTargets(DefinitionProblemList problems, IBackupFileNaming fileNaming)
    {
        _problems = problems;
        _fileNaming = fileNaming;
    }

    /// <summary>Adds the target of <paramref name="integration"/>, or reports the earlier integration that writes it.</summary>
    public void Add(Integration integration)
    {
        string server;
        try
        {
            server = GitHubEndpoint.Parse(integration.Server).ApiRoot.AbsoluteUri;
        }
        catch (SyncException)
        {
            return;
        }
        var key = $"{server}|{integration.Repository.ToLowerInvariant()}|{integration.Branch ?? string.Empty}";
        var targetPath = DefinitionLoader.TargetPath(integration, _fileNaming);
        var path = PortableFileName.CollisionKey(targetPath);   // one file on Windows and macOS is one target
        foreach (var (otherKey, otherPath, other) in _targets)
        {
            if (otherKey != key) continue;
            var overlaps = otherPath == path
                || path.StartsWith(otherPath + "/", StringComparison.Ordinal) && other.Type == Integration.SchemaSync
                || otherPath.StartsWith(path + "/", StringComparison.Ordinal) && integration.Type == Integration.SchemaSync;
            if (overlaps)
            {
                _problems.Add(DefinitionProblemId.DuplicateTarget,
                    $"'{integration.Name}' writes {integration.Repository} '{targetPath}'" + (integration.Branch is null ? string.Empty : $" on {integration.Branch}")
                    + $", which '{other.Name}' (line {other.Line}) writes too; each would overwrite the other. Give one of them another directory, fileName, path or branch.",
                    integration.Line, integration.Column);
                return;
            }
        }
        _targets.Add((key, path, integration));
    }
}
