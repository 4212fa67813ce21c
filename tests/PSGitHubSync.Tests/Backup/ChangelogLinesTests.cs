using PSGitHubSync.Engine.Backup;
using Xunit;

namespace PSGitHubSync.Tests.Backup;

/// <summary>Issue 16: a result's changelog lines are made when read, and are the lines it held as strings before.</summary>
public sealed class ChangelogLinesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_lines_read_by_index_and_enumerated_are_the_strings_made_before(int seed)
    {
        var random = new Random(seed);
        var kinds = Enum.GetValues<RequestChangeKind>();
        var files = Enumerable.Range(0, random.Next(1, 8)).Select(f => ($"Collection {f}", (IReadOnlyList<RequestChange>)Enumerable.Range(0, random.Next(0, 4) == 0 ? 0 : random.Next(1, 60))
            .Select(i => new RequestChange(kinds[random.Next(kinds.Length)], $"Folder {i % 3}", $"Request {i}", "GET", "Old", $"Old {i}", random.Next(2) == 0)).ToArray())).ToArray();
        var before = files.SelectMany(f => f.Item2.Select(c => $"{f.Item1}: {c}")).ToArray();

        var lines = new ChangelogLines(files);

        Assert.Equal(before, lines);
        Assert.Equal(before.Length, lines.Count);
        Assert.Equal(before, Enumerable.Range(0, lines.Count).Select(i => lines[i]));
        Assert.Throws<ArgumentOutOfRangeException>(() => lines[lines.Count]);
        Assert.Throws<ArgumentOutOfRangeException>(() => lines[-1]);
    }
}
