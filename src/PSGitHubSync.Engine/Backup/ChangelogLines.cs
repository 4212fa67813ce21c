using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace PSGitHubSync.Engine.Backup;

/// <summary>
/// A result's changelog lines (<c>&lt;collection&gt;: &lt;change&gt;</c>), each made when it is read: the first run of a
/// large workspace keeps its request changes, not one more string for every request of every collection.
/// </summary>
internal sealed class ChangelogLines : IReadOnlyList<string>
{
    private readonly (string Name, IReadOnlyList<RequestChange> Changes)[] _files;
    private readonly int[] _starts;   // the index of each file's first line

    public ChangelogLines(IEnumerable<(string Name, IReadOnlyList<RequestChange> Changes)> files)
    {
        _files = files.Where(f => f.Changes.Count > 0).ToArray();
        _starts = new int[_files.Length];
        var count = 0;
        for (var i = 0; i < _files.Length; i++)
        {
            _starts[i] = count;
            count += _files[i].Changes.Count;
        }
        Count = count;
    }

    public int Count { get; }

    public string this[int index]
    {
        get
        {
            if (index < 0 || index >= Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"The changelog has {Count} line(s).");
            var file = Array.BinarySearch(_starts, index);
            if (file < 0) file = ~file - 1;
            return Line(_files[file].Name, _files[file].Changes[index - _starts[file]]);
        }
    }

    public IEnumerator<string> GetEnumerator()
    {
        foreach (var (name, changes) in _files)
        {
            foreach (var change in changes) yield return Line(name, change);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static string Line(string name, RequestChange change) => $"{name}: {change}";
}
