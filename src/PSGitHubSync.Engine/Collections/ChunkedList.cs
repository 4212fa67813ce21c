using System.Collections;
using System.Collections.Generic;

namespace PSGitHubSync.Engine.Collections;

/// <summary>
/// A list that only grows at its end, kept in arrays of <see cref="ChunkLength"/> items: unlike a
/// <see cref="List{T}"/> of tens of thousands of items it never copies itself into a larger array, and no array of it
/// is large enough for the large-object heap (which is only collected with generation 2).
/// </summary>
/// <typeparam name="T">The items.</typeparam>
internal sealed class ChunkedList<T> : IReadOnlyList<T>
{
    /// <summary>Items per array: 4,096 references take 32 KB, under the 85,000-byte large-object threshold.</summary>
    public const int ChunkLength = 4096;

    private readonly List<T[]> _chunks = new();

    public int Count { get; private set; }

    public T this[int index] => _chunks[index / ChunkLength][index % ChunkLength];

    public void Add(T item)
    {
        if (Count % ChunkLength == 0)
        {
            // The first array is small: most collections hold a few requests.
            _chunks.Add(new T[Count == 0 ? 64 : ChunkLength]);
        }
        else if (Count == 64 && _chunks.Count == 1)
        {
            var first = new T[ChunkLength];
            _chunks[0].CopyTo(first, 0);
            _chunks[0] = first;
        }

        _chunks[Count / ChunkLength][Count % ChunkLength] = item;
        Count++;
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
