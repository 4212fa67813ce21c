using System;
using System.Buffers;

namespace PSGitHubSync.Engine.Backup;

/// <summary>Text built in a pooled character buffer (grown by renting a larger one), for text too large to build as strings.</summary>
internal sealed class PooledText : IDisposable
{
    public PooledText(int capacity) => Chars = ArrayPool<char>.Shared.Rent(Math.Max(16, capacity));

    /// <summary>The buffer; the text is its first <see cref="Length"/> characters.</summary>
    public char[] Chars { get; private set; }

    public int Length { get; private set; }

    /// <summary>Appends <paramref name="value"/> and then <paramref name="separator"/>.</summary>
    public void Append(string value, char separator)
    {
        Reserve(value.Length + 1);
        value.CopyTo(0, Chars, Length, value.Length);
        Length += value.Length;
        Chars[Length++] = separator;
    }

    /// <summary>Appends <paramref name="value"/> with its tabs and line breaks as spaces, and then <paramref name="separator"/>.</summary>
    public void AppendClean(string value, char separator)
    {
        Reserve(value.Length + 1);
        foreach (var c in value) Chars[Length++] = c is '\t' or '\n' or '\r' ? ' ' : c;
        Chars[Length++] = separator;
    }

    public void Dispose()
    {
        ArrayPool<char>.Shared.Return(Chars);
        Chars = Array.Empty<char>();
        Length = 0;
    }

    private void Reserve(int count)
    {
        if (Length + count <= Chars.Length) return;
        var larger = ArrayPool<char>.Shared.Rent(Math.Max(Chars.Length * 2, Length + count));
        Array.Copy(Chars, larger, Length);
        ArrayPool<char>.Shared.Return(Chars);
        Chars = larger;
    }
}
