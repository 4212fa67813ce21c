using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using PSGitHubSync.Engine.Collections;
using PSGitHubSync.Engine.GitHub;

namespace PSGitHubSync.Engine.Backup;

/// <summary>What a backup run reports: each integration's result or failure, and the commit message with its changelog.</summary>
public sealed partial class BackupRunner
{
    /// <summary>The outcome of one integration: failed (with its items' other errors), or its result and the errors of the items that failed on their own.</summary>
    private static IntegrationOutcome<BackupResult> Outcome(Integration integration, Dictionary<Integration, PreparedIntegration> prepared, Dictionary<Integration, SyncException> failures, Func<PreparedIntegration, BackupResult> result)
    {
        prepared.TryGetValue(integration, out var work);
        if (failures.TryGetValue(integration, out var failure))
        {
            var others = work?.ItemErrors.Where(e => !ReferenceEquals(e, failure)).ToArray() ?? Array.Empty<SyncException>();
            var failed = Failed(integration, failure, others);
            failed.Result.FailedCount = (work?.ItemErrors.Count ?? 0) == 0 ? 1 : work!.ItemErrors.Count;
            return failed;
        }
        return new IntegrationOutcome<BackupResult>(integration, result(work!), null, work!.ItemErrors);
    }

    private static BackupResult Result(Integration integration, PreparedIntegration work, BackupStatus? status, string branch, string? commitSha, string? commitUrl, bool wouldOnly = false)
    {
        var files = work.Files;
        BackupStatus StatusOf(PreparedFile f) =>
            !f.Changed ? BackupStatus.Unchanged
            : f.PreviousPath is not null ? (wouldOnly ? BackupStatus.WouldRename : BackupStatus.Renamed)
            : wouldOnly ? (f.IsNew ? BackupStatus.WouldCreate : BackupStatus.WouldUpdate)
            : f.IsNew ? BackupStatus.Created : BackupStatus.Updated;

        var fileResults = files.Select(f => new BackupFile { Path = f.Path, Name = f.Name, Id = f.Entry.Id, PreviousPath = f.PreviousPath, Status = status ?? StatusOf(f), Warnings = f.Entry.Warnings, Bytes = f.Length })
            .Concat(work.Removals.Select(r => new BackupFile { Path = r.Path, Name = r.Name, Id = r.Entry.Id, Status = !r.Remove ? BackupStatus.Orphaned : wouldOnly ? BackupStatus.WouldRemove : status is null ? BackupStatus.Removed : BackupStatus.Orphaned }))
            .ToArray();
        var overall = status ?? (fileResults.Any(f => f.Status is BackupStatus.Updated or BackupStatus.WouldUpdate or BackupStatus.Renamed or BackupStatus.WouldRename or BackupStatus.Removed or BackupStatus.WouldRemove)
            ? (wouldOnly ? BackupStatus.WouldUpdate : BackupStatus.Updated)
            : fileResults.Any(f => f.Status is BackupStatus.Created or BackupStatus.WouldCreate)
                ? (wouldOnly ? BackupStatus.WouldCreate : BackupStatus.Created)
                : BackupStatus.Unchanged);
        var anyChanged = files.Any(f => f.Changed) || work.Removals.Any(r => r.Remove);
        return new BackupResult
        {
            Name = integration.Name,
            Source = integration.Source.ToString(),
            Repository = integration.Repository,
            Branch = branch,
            Path = files.Count == 1 && work.Removals.Count == 0 ? files[0].Path : (integration.Directory ?? Integration.DefaultDirectory),
            Files = fileResults,
            Status = overall,
            CommitSha = anyChanged ? commitSha : null,
            CommitUrl = anyChanged ? commitUrl : null,
            Bytes = files.Where(f => f.Changed).Sum(f => f.Length),
            SecretsFound = files.Sum(f => f.SecretsFound),
            Changes = new ChangelogLines(files.Where(f => f.Changed).Select(f => (f.Name, f.Changes))),
            BackedUp = files.Count,
            FailedCount = work.ItemErrors.Count,
            Orphaned = work.Removals.Count,
            Warnings = files.Sum(f => f.Entry.Warnings),
            Findings = files.SelectMany(f => f.Findings.Select(x => new BackupFinding { Collection = f.Name, JsonPath = x.JsonPath, Kind = x.Kind, Message = x.Message })).ToArray(),
        };
    }

    private static IntegrationOutcome<BackupResult> Failed(Integration integration, SyncException error, IReadOnlyList<SyncException>? itemErrors = null) => new(integration, new BackupResult
    {
        Name = integration.Name,
        Source = integration.Source.ToString(),
        Repository = integration.Repository,
        Branch = integration.Branch ?? string.Empty,
        Path = integration.Directory ?? string.Empty,
        Status = BackupStatus.Failed,
        FailedCount = 1,
    }, error, itemErrors);

    /// <summary>
    /// The commit message: a subject naming the collections, and a changelog body (moves and removals included).
    /// Names come from data, so each is shown on one line with control characters escaped (<see cref="DisplayText.Line"/>):
    /// a name cannot add lines, colour a terminal or reverse text; <see cref="CommitRequest"/> cleans the whole message once more.
    /// </summary>
    internal static string CommitMessage(IReadOnlyList<PreparedFile> changed, IReadOnlyList<PreparedRemoval> removed, string? subject)
    {
        var names = changed.Select(f => f.Name).Concat(removed.Select(r => r.Name)).Select(DisplayText.Line).Distinct().ToList();
        var builder = new StringBuilder();
        builder.Append(subject ?? (names.Count <= 3
            ? "Back up " + string.Join(", ", names)
            : $"Back up {names.Count} Postman collections: {string.Join(", ", names.Take(3))} and {names.Count - 3} more"));
        builder.Append("\n\n");
        foreach (var file in changed.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            builder.Append(DisplayText.Line(file.Name)).Append(" (").Append(DisplayText.Line(file.Path)).Append(")").Append(file.IsNew ? ": new" : string.Empty);
            if (file.PreviousPath is not null) builder.Append(": renamed from ").Append(DisplayText.Line(file.PreviousPath));
            builder.Append('\n');
            foreach (var change in file.Changes.Take(50)) builder.Append("  ").Append(DisplayText.Line(change.ToString())).Append('\n');
            if (file.Changes.Count > 50) builder.Append("  ... and ").Append(file.Changes.Count - 50).Append(" more\n");
            if (!file.IsNew && file.Changes.Count == 0 && file.PreviousPath is null) builder.Append("  (collection settings changed)\n");
        }
        foreach (var removal in removed.OrderBy(r => r.Path, StringComparer.Ordinal))
        {
            builder.Append(Printable(removal.Name)).Append(" (").Append(removal.Path).Append("): removed, no longer in Postman\n");
        }
        builder.Append("\nBacked up by PSGitHubSync.\n");
        return builder.ToString();
    }
}
