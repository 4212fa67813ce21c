using System;
using System.Collections.Generic;
using PSGitHubSync.Engine.Backup;

namespace PSGitHubSync.Engine.Collections;

/// <summary>How <see cref="CollectionStreamNormalizer"/> runs.</summary>
public sealed class CollectionPassOptions
{
    private int _bufferSize = CollectionStreamNormalizer.DefaultBufferSize;

    /// <summary>Replace each secret found by its placeholder in the output (the secret policy <c>redact</c>).</summary>
    public bool RedactSecrets { get; set; }

    /// <summary>The size of the read and write buffers in bytes (at least 1; the write buffer at least 256).</summary>
    public int BufferSize
    {
        get => _bufferSize;
        set => _bufferSize = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The buffer size must be at least 1 byte.");
    }

    /// <summary>Also report the JSON-schema deviations (a second read of a seekable input); collections only.</summary>
    public bool CheckSchema { get; set; } = true;
}

/// <summary>What one streaming pass over a collection found.</summary>
public sealed class CollectionPassResult
{
    internal CollectionPassResult(string name, string? postmanId, string formatVersion, bool wasEnveloped, IReadOnlyList<SecretFinding> secrets,
        IReadOnlyList<RequestEntry> requests, IReadOnlyList<CollectionFinding> findings, long bytesWritten, int peakBufferBytes, int passes)
    {
        Name = name;
        PostmanId = postmanId;
        FormatVersion = formatVersion;
        WasEnveloped = wasEnveloped;
        Secrets = secrets;
        Requests = requests;
        Findings = findings;
        BytesWritten = bytesWritten;
        PeakBufferBytes = peakBufferBytes;
        Passes = passes;
    }

    /// <summary>The collection's name (<c>info.name</c>), empty when it has none.</summary>
    public string Name { get; }

    /// <summary>The collection's Postman id (<c>info._postman_id</c>), or null.</summary>
    public string? PostmanId { get; }

    /// <summary>The format version declared by <c>info.schema</c> ("2.0.0" or "2.1.0"; "2.1.0" when unknown).</summary>
    public string FormatVersion { get; }

    /// <summary>True when the input was the Postman API envelope <c>{ "collection": { ... } }</c>.</summary>
    public bool WasEnveloped { get; }

    /// <summary>The likely secrets (see <see cref="SecretScanner"/>), in document order; replaced by placeholders in the output when asked.</summary>
    public IReadOnlyList<SecretFinding> Secrets { get; }

    /// <summary>The request index of the written collection (<see cref="RequestIndex"/>): identity, folder, name, method and a hash of each request's written bytes.</summary>
    public IReadOnlyList<RequestEntry> Requests { get; }

    /// <summary>Where the collection deviates from its format (warnings), as <see cref="CollectionDocument.Findings"/>.</summary>
    public IReadOnlyList<CollectionFinding> Findings { get; }

    /// <summary>The number of bytes written.</summary>
    public long BytesWritten { get; }

    /// <summary>The largest the read buffer grew to, in bytes.</summary>
    public int PeakBufferBytes { get; }

    /// <summary>How many passes it took (1 unless a later property changed how an earlier one is written).</summary>
    public int Passes { get; }
}

/// <summary>What one streaming pass over an environment found.</summary>
public sealed class EnvironmentPassResult
{
    internal EnvironmentPassResult(string? name, string? id, IReadOnlyList<SecretFinding> secrets, long bytesWritten, int peakBufferBytes)
    {
        Name = name;
        Id = id;
        Secrets = secrets;
        BytesWritten = bytesWritten;
        PeakBufferBytes = peakBufferBytes;
    }

    /// <summary>The environment's <c>name</c>, or null.</summary>
    public string? Name { get; }

    /// <summary>The environment's <c>id</c>, or null.</summary>
    public string? Id { get; }

    /// <summary>The likely secrets in the environment's <c>values</c> as written (values of type <c>secret</c> are written empty, so never found).</summary>
    public IReadOnlyList<SecretFinding> Secrets { get; }

    /// <summary>The number of bytes written.</summary>
    public long BytesWritten { get; }

    /// <summary>The largest the read buffer grew to, in bytes.</summary>
    public int PeakBufferBytes { get; }
}
