using System.Collections.Immutable;

namespace PSGitHubSync.Engine.Schemas;

/// <summary>One file of a <see cref="SchemaSet"/>: its relative path and its bytes, exactly as read.</summary>
public sealed class SchemaFile
{
    internal SchemaFile(string path, ImmutableArray<byte> content)
    {
        Path = path;
        Content = content;
    }

    /// <summary>The path relative to the schema's folder, with forward slashes (<c>schemas/pet.yaml</c>).</summary>
    public string Path { get; }

    /// <summary>The bytes, never altered (byte order mark and line endings kept).</summary>
    public ImmutableArray<byte> Content { get; }

    /// <summary>A copy of the bytes.</summary>
    public byte[] ToArray() => Content.IsDefaultOrEmpty ? new byte[0] : Content.AsSpan().ToArray();

    /// <summary>The path.</summary>
    public override string ToString() => Path;
}
