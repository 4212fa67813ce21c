using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PSGitHubSync.Engine.Diagnostics;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.IO;

namespace PSGitHubSync.Engine.GitHub;

/// <summary>
/// The one place that commits files to a branch: all changes in one Git Data API commit
/// (create tree from the head's tree, create commit, fast-forward the branch — never forced).
/// When the branch moved meanwhile, it rebuilds on the new head and retries (bounded, with
/// jitter), so the other party's commit stays in history. Small UTF-8 files go inline in the
/// create-tree request; large or binary files are uploaded as blobs first; a big inline payload
/// is split over several create-tree requests chained through <c>base_tree</c>. An empty
/// repository gets its first commit through the Contents API.
/// </summary>
public sealed class RepositoryCommitter
{
    private const int EscapeBufferBytes = 4096;   // escaped text is counted through this much at a time
    private readonly GitHubRepositoryClient _client;
    private readonly CommitterOptions _options;
    private readonly IEngineLog _log;
    private readonly Random _jitter = new();
    private readonly Dictionary<FileContent, long?> _inlineSizes = new();

    /// <summary>Creates the committer.</summary>
    public RepositoryCommitter(GitHubRepositoryClient client, CommitterOptions? options = null, IEngineLog? log = null)
    {
        _client = client;
        _options = options ?? new CommitterOptions();
        _log = log ?? NullEngineLog.Instance;
    }

    /// <summary>
    /// Commits <paramref name="request"/>'s changes on its branch. <paramref name="knownHead"/>
    /// (the head the caller already read) saves a request. Nothing is committed when the changes
    /// leave the tree as it was.
    /// </summary>
    /// <exception cref="SyncException"><c>BranchNotFound</c>, <c>PushDenied</c>, <c>RepositoryNotFound</c>, <c>RateLimited</c>, <c>GitHubRequestFailed</c>.</exception>
    public async Task<CommitOutcome> CommitAsync(CommitRequest request, BranchHead? knownHead, CancellationToken cancellationToken)
    {
        var changes = request.Changes;
        if (changes.Count == 0) return CommitOutcome.Nothing(request.Branch);
        EnsureWritable(changes, request.AllowGitHubFolder);

        var head = knownHead ?? await _client.GetBranchAsync(request.Branch, cancellationToken).ConfigureAwait(false);
        var createdFirstCommit = false;
        if (head is null)
        {
            // Only the default branch of an empty repository may be missing: the Contents API
            // then makes the repository's first commit. Any other missing branch is an error.
            var details = await _client.GetRepositoryAsync(cancellationToken).ConfigureAwait(false);
            if (request.Branch != details.DefaultBranch || details.Size > 0) throw _client.BranchNotFound(request.Branch);

            // The Contents API takes the file whole in its body: send the smallest, the rest follow streamed.
            var first = changes.Where(c => !c.IsDeletion)
                .OrderBy(c => c.Path == request.RecordPath ? 1 : 0).ThenBy(c => c.Source!.Length).ThenBy(c => c.Path, StringComparer.Ordinal).First();
            _log.Verbose($"{_client.Repository} is empty; creating its first commit with {first.Path} (Contents API).");
            var (sha, url) = await _client.PutFileAsync(first.Path, first.Content!, request.Message, request.Branch, null, request.Committer, cancellationToken).ConfigureAwait(false);
            createdFirstCommit = true;
            changes = changes.Where(c => !ReferenceEquals(c, first)).ToArray();
            if (changes.Count == 0) return new CommitOutcome(true, sha, url, request.Branch, 1, createdFirstCommit);
            head = await _client.GetBranchAsync(request.Branch, cancellationToken).ConfigureAwait(false)
                ?? throw _client.BranchNotFound(request.Branch);
        }

        if (head.Protected) _log.Verbose($"The branch {head.Name} is protected; GitHub may refuse the update.");
        var uploaded = new Dictionary<FileChange, string>();
        await UploadLargeFilesAsync(changes, uploaded, cancellationToken).ConfigureAwait(false);
        return await WhileBranchMovesAsync(async attempt =>
        {
            if (attempt > 1)
            {
                head = await _client.GetBranchAsync(head.Name, cancellationToken).ConfigureAwait(false) ?? throw _client.BranchNotFound(head.Name);
                if (request.RebuildOnNewHead is not null)
                {
                    changes = await request.RebuildOnNewHead(head, cancellationToken).ConfigureAwait(false);
                    EnsureWritable(changes, request.AllowGitHubFolder);
                    await UploadLargeFilesAsync(changes, uploaded, cancellationToken).ConfigureAwait(false);
                }
            }
            var tree = await BuildTreeAsync(head.TreeSha, changes, uploaded, cancellationToken).ConfigureAwait(false);
            if (tree == head.TreeSha)
            {
                _log.Verbose($"The changes leave {_client.Repository} {head.Name} as it is; no commit.");
                return new CommitOutcome(createdFirstCommit, createdFirstCommit ? head.CommitSha : null, null, head.Name, attempt, createdFirstCommit);
            }
            var (commitSha, htmlUrl) = await _client.CreateCommitAsync(request.Message, tree, new[] { head.CommitSha }, request.Committer, cancellationToken).ConfigureAwait(false);
            if (!await _client.FastForwardAsync(head.Name, commitSha, cancellationToken).ConfigureAwait(false)) throw BranchMoved(head.Name, attempt);
            _log.Verbose($"Committed {commitSha.Substring(0, 7)} to {_client.Repository} {head.Name} ({changes.Count} file(s)).");
            return new CommitOutcome(true, commitSha, htmlUrl.Length > 0 ? htmlUrl : _client.CommitWebUrl(commitSha), head.Name, attempt, createdFirstCommit);
        },
        (attempt, _) => BranchMoved(head.Name, attempt),
        (attempt, delayMs) => $"The branch {head.Name} moved while committing (someone else pushed); rebuilding on the new head in {delayMs} ms (attempt {attempt + 1}).",
        cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The one "branch moved" retry: runs <paramref name="attempt"/> (numbered from 1) again while it fails with
    /// <c>BranchMoved</c> (someone else pushed in between), after a growing delay with jitter, at most
    /// <see cref="CommitterOptions.MaxRaceRetries"/> times; then throws <paramref name="keptMoving"/>'s failure.
    /// Each new attempt starts from the branch's new head, so the other party's commit stays in history.
    /// </summary>
    /// <param name="attempt">One attempt; throws <c>BranchMoved</c> when the branch moved underneath it.</param>
    /// <param name="keptMoving">The failure after the last attempt (attempts made, the last <c>BranchMoved</c>).</param>
    /// <param name="moved">The narration before the next attempt (attempt that failed, delay in milliseconds).</param>
    /// <param name="cancellationToken">Cancels the waits and the attempts.</param>
    public async Task<T> WhileBranchMovesAsync<T>(Func<int, Task<T>> attempt, Func<int, SyncException, SyncException> keptMoving, Func<int, int, string> moved, CancellationToken cancellationToken)
    {
        if (attempt is null) throw new ArgumentNullException(nameof(attempt));
        var attempts = Math.Max(1, _options.MaxRaceRetries);
        for (var number = 1; ; number++)
        {
            try
            {
                return await attempt(number).ConfigureAwait(false);
            }
            catch (SyncException ex) when (ex.ErrorId == SyncErrorId.BranchMoved)
            {
                if (number >= attempts) throw keptMoving(number, ex);
                int delayMs;
                lock (_jitter) delayMs = _jitter.Next(50, 250) * number;
                _log.Verbose(moved(number, delayMs));
                await Task.Delay(delayMs, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private SyncException BranchMoved(string branch, int attempts) =>
        new(SyncErrorId.BranchMoved, SyncErrorCategory.ResourceBusy,
            $"The branch {branch} of {_client.Repository} kept moving while this run tried to update it ({attempts} attempts); nothing was overwritten. Run again when the other pushes have finished.",
            _client.Repository.ToString());

    /// <summary>The last gate before anything is written: nothing under <c>.git</c>, and under <c>.github</c> only when allowed.</summary>
    private void EnsureWritable(IReadOnlyList<FileChange> changes, bool allowGitHubFolder)
    {
        foreach (var change in changes)
        {
            if (RepositoryPathRule.Refusal(change.Path, allowGitHubFolder) is { } refusal)
            {
                throw new SyncException(SyncErrorId.PathNotAllowed, SyncErrorCategory.SecurityError,
                    $"Nothing was committed to {_client.Repository}: {refusal}", change.Path);
            }
        }
    }

    private async Task UploadLargeFilesAsync(IReadOnlyList<FileChange> changes, Dictionary<FileChange, string> uploaded, CancellationToken cancellationToken)
    {
        foreach (var change in changes.Where(c => !c.IsDeletion && !uploaded.ContainsKey(c) && !CanInline(c)))
        {
            _log.Verbose($"Uploading {change.Path} ({change.Source!.Length:N0} bytes) as a blob.");
            uploaded[change] = await _client.CreateBlobAsync(change.Source!, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Builds the new tree in as few create-tree requests as the size limit allows. The first request
    /// carries the deletions and blob references, then the inline files smallest first, so it holds as
    /// many files as one request can; only the files that do not fit go in further requests chained
    /// through <c>base_tree</c> (each holding at least one file). So a change set costs one create-tree
    /// request, plus at most one per file that one request could not carry.
    /// </summary>
    private async Task<string> BuildTreeAsync(string baseTree, IReadOnlyList<FileChange> changes, Dictionary<FileChange, string> uploaded, CancellationToken cancellationToken)
    {
        var entries = changes.Select(change =>
        {
            if (change.IsDeletion) return (Entry: TreeChange.Delete(change.Path), Size: change.Path.Length + 64L, Order: 0);
            if (uploaded.TryGetValue(change, out var sha)) return (Entry: TreeChange.Blob(change.Path, sha), Size: change.Path.Length + 96L, Order: 0);
            return (Entry: TreeChange.Inline(change.Path, change.Source!), Size: EstimatedJsonSize(change.Source!) + change.Path.Length + 64L, Order: 1);
        })
        .OrderBy(e => e.Order).ThenBy(e => e.Order == 0 ? 0 : e.Size).ThenBy(e => e.Entry.Path, StringComparer.Ordinal)
        .ToList();

        var batch = new List<TreeChange>();
        long batchBytes = 0;
        var tree = baseTree;
        foreach (var (entry, size, _) in entries)
        {
            if (batch.Count > 0 && batchBytes + size > _options.MaxTreeRequestBytes)
            {
                _log.Verbose($"Creating a tree with {batch.Count} entries ({batchBytes:N0} bytes); more follow, chained through base_tree.");
                tree = await _client.CreateTreeAsync(tree, batch, cancellationToken).ConfigureAwait(false);
                batch.Clear();
                batchBytes = 0;
            }
            batch.Add(entry);
            batchBytes += size;
        }
        return batch.Count == 0 ? tree : await _client.CreateTreeAsync(tree, batch, cancellationToken).ConfigureAwait(false);
    }

    private bool CanInline(FileChange change) => InlineJsonSize(change) is not null;

    private long EstimatedJsonSize(FileContent content) =>
        _inlineSizes.TryGetValue(content, out var size) && size is { } known ? known : InlineJsonSize(content) ?? 0;

    private long? InlineJsonSize(FileChange change) => InlineJsonSize(change.Source!);

    /// <summary>
    /// What the content takes as a JSON string in the create-tree body, or null when it is not sent inline (over the
    /// inline limit, not UTF-8, or holding NUL). Exactly what the body writer makes of it (the same encoder): quotes,
    /// backslashes and control characters escaped, and characters outside the BMP, U+2028/2029 or a BOM as \uXXXX.
    /// Read once per content into a pooled buffer, and remembered.
    /// </summary>
    private long? InlineJsonSize(FileContent content)
    {
        if (_inlineSizes.TryGetValue(content, out var known)) return known;
        long? size = null;
        if (content.Length <= _options.MaxInlineFileBytes)
        {
            var length = (int)content.Length;
            var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, length));
            try
            {
                using (var stream = content.OpenRead())
                {
                    var read = 0;
                    int n;
                    while (read < length && (n = stream.Read(buffer, read, length - read)) > 0) read += n;
                }
                var bytes = new ReadOnlySpan<byte>(buffer, 0, length);
                if (Utf8Text.IndexOfInvalid(bytes) < 0 && bytes.IndexOf((byte)0) < 0) size = EscapedLength(bytes);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        _inlineSizes[content] = size;
        return size;
    }

    /// <summary>
    /// How many bytes <paramref name="utf8"/> (valid UTF-8) takes as a JSON string's content with
    /// <see cref="GitHubRepositoryClient.BodyEncoder"/>: the body writer's escaping, counted through a small pooled buffer
    /// (the same as <see cref="JsonEncodedText.Encode(ReadOnlySpan{byte}, System.Text.Encodings.Web.JavaScriptEncoder)"/>'s
    /// length, without its copy of the whole escaped text).
    /// </summary>
    internal static long EscapedLength(ReadOnlySpan<byte> utf8)
    {
        var encoder = GitHubRepositoryClient.BodyEncoder;
        var first = encoder.FindFirstCharacterToEncodeUtf8(utf8);
        if (first < 0) return utf8.Length;
        long length = first;
        var rest = utf8.Slice(first);
        var buffer = ArrayPool<byte>.Shared.Rent(EscapeBufferBytes);
        try
        {
            while (rest.Length > 0)
            {
                var status = encoder.EncodeUtf8(rest, buffer, out var consumed, out var written, isFinalBlock: true);
                length += written;
                rest = rest.Slice(consumed);
                if (status is not (OperationStatus.Done or OperationStatus.DestinationTooSmall) || consumed == 0 && written == 0)
                {
                    throw new InvalidOperationException($"The JSON encoder stopped with {status} while counting an inline file's escaped size.");
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return length;
    }
}

/// <summary>Who commits for an integration.</summary>
public static class CommitIdentity
{
    /// <summary>
    /// The identity to name in commits and tags: the integration's committer, or null for an integration that
    /// authenticates as a GitHub App and names no committer, so that GitHub records the app's bot account
    /// (<c>&lt;slug&gt;[bot]</c>), as it does for every commit an installation token makes without one.
    /// </summary>
    public static CommitterIdentity? For(Integration integration) =>
        integration.App is not null && !integration.Committer.IsNamed ? null : integration.Committer;
}

/// <summary>Limits of <see cref="RepositoryCommitter"/>.</summary>
public sealed class CommitterOptions
{
    /// <summary>Files larger than this (or not UTF-8 text) are uploaded as blobs instead of inline.</summary>
    public int MaxInlineFileBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// The largest create-tree request body; larger payloads are split and chained through
    /// <c>base_tree</c>. GitHub documents 7 MB for a tree and answers larger create-tree requests
    /// with 502 or "your request timed out … input was too large", so each stays under 6 MB.
    /// </summary>
    public long MaxTreeRequestBytes { get; set; } = 6L * 1024 * 1024;

    /// <summary>How often a commit is rebuilt when the branch moved underneath.</summary>
    public int MaxRaceRetries { get; set; } = 5;
}

/// <summary>One file to write or delete in a commit.</summary>
public sealed class FileChange
{
    private FileChange(string path, FileContent? source)
    {
        Path = path;
        Source = source;
    }

    /// <summary>The path in the repository (forward slashes).</summary>
    public string Path { get; }

    /// <summary>The new bytes (read whole from <see cref="Source"/>); null for a deletion.</summary>
    public byte[]? Content => Source?.ToArray();

    /// <summary>The new content, in memory or in a temporary file, sent from there when the commit is made; null for a deletion.</summary>
    public FileContent? Source { get; }

    /// <summary>True when the file is removed.</summary>
    public bool IsDeletion => Source is null;

    /// <summary>A file written with <paramref name="content"/>.</summary>
    public static FileChange Write(string path, byte[] content) => new(path, FileContent.FromBytes(content ?? throw new ArgumentNullException(nameof(content))));

    /// <summary>A file written with <paramref name="content"/> (such as a temporary file of the run).</summary>
    public static FileChange Write(string path, FileContent content) => new(path, content ?? throw new ArgumentNullException(nameof(content)));

    /// <summary>A file removed.</summary>
    public static FileChange Delete(string path) => new(path, null);
}

/// <summary>What to commit.</summary>
public sealed class CommitRequest
{
    /// <summary>Creates the request.</summary>
    public CommitRequest(string branch, IReadOnlyList<FileChange> changes, string message, CommitterIdentity? committer)
    {
        Branch = branch;
        Changes = changes;
        Message = DisplayText.Lines(message);
        Committer = committer;
    }

    /// <summary>The branch (must exist, except the default branch of an empty repository).</summary>
    public string Branch { get; }

    /// <summary>The files.</summary>
    public IReadOnlyList<FileChange> Changes { get; }

    /// <summary>
    /// The commit message, as given but with every control character other than line feed and tab
    /// (NUL, ESC, C1, bidirectional overrides) replaced by a visible escape (<see cref="DisplayText"/>):
    /// every commit the module makes is built here, so names taken from data cannot hide in one.
    /// </summary>
    public string Message { get; }

    /// <summary>True when the changes may lie under <c>.github</c> (the integration says <c>allowGitHubFolder: true</c>); nothing is ever written under <c>.git</c>.</summary>
    public bool AllowGitHubFolder { get; set; }

    /// <summary>Author and committer; null leaves them to GitHub (the authenticated account, such as a GitHub App's bot).</summary>
    public CommitterIdentity? Committer { get; }

    /// <summary>
    /// When the branch moved underneath: the changes to make on the new head instead (for example a state file
    /// that keeps what the other push recorded). Changes it returns unchanged are not uploaded again. Null:
    /// the same changes are made on the new head.
    /// </summary>
    public Func<BranchHead, CancellationToken, Task<IReadOnlyList<FileChange>>>? RebuildOnNewHead { get; set; }

    /// <summary>
    /// A file that records the others (the backup's state file): an empty repository's first commit, which carries one
    /// file alone before the rest, never carries it unless it is the only file, so that a run that fails in between
    /// never leaves it saying that files were written which are not there.
    /// </summary>
    public string? RecordPath { get; set; }
}

/// <summary>What a commit did.</summary>
public sealed class CommitOutcome
{
    /// <summary>Creates the value.</summary>
    public CommitOutcome(bool committed, string? commitSha, string? commitUrl, string branch, int attempts, bool createdFirstCommit)
    {
        Committed = committed;
        CommitSha = commitSha;
        CommitUrl = commitUrl;
        Branch = branch;
        Attempts = attempts;
        CreatedFirstCommit = createdFirstCommit;
    }

    /// <summary>True when at least one commit was made.</summary>
    public bool Committed { get; }

    /// <summary>The new head commit, or null.</summary>
    public string? CommitSha { get; }

    /// <summary>The commit's web address, or null.</summary>
    public string? CommitUrl { get; }

    /// <summary>The branch.</summary>
    public string Branch { get; }

    /// <summary>How many times the commit was built (more than 1 after races).</summary>
    public int Attempts { get; }

    /// <summary>True when the repository was empty and got its first commit.</summary>
    public bool CreatedFirstCommit { get; }

    internal static CommitOutcome Nothing(string branch) => new(false, null, null, branch, 0, false);
}
