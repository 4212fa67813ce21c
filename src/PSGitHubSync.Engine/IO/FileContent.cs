using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace PSGitHubSync.Engine.IO;

/// <summary>
/// The bytes of one file a run writes or reads, without holding them longer than needed: small content stays in
/// memory, large content lives in a file of the run's <see cref="TemporaryFolder"/> and is read back as a stream
/// when it is sent (request bodies are written from it on the fly).
/// </summary>
public abstract class FileContent
{
    /// <summary>How many bytes the content has.</summary>
    public abstract long Length { get; }

    /// <summary>True when the bytes are in memory (reading them costs nothing).</summary>
    public abstract bool InMemory { get; }

    /// <summary>Opens the content for reading from its start; the caller disposes the stream.</summary>
    public abstract Stream OpenRead();

    /// <summary>
    /// The bytes as one array: the array itself for in-memory content, the file read whole otherwise. Only for
    /// content known to be small (inline files, state files) or for callers that need an array.
    /// </summary>
    public abstract byte[] ToArray();

    /// <summary>Lets go of the content once nothing will read it again: a temporary file is deleted (in-memory content is left to the collector).</summary>
    public virtual void Discard()
    {
    }

    /// <summary>Content held in memory.</summary>
    public static FileContent FromBytes(byte[] bytes) => new MemoryContent(bytes ?? throw new ArgumentNullException(nameof(bytes)));

    /// <summary>Content in a file (a temporary file of the run); the file must not change while this is used.</summary>
    public static FileContent FromFile(string path) => new DiskContent(path ?? throw new ArgumentNullException(nameof(path)));

    /// <summary>
    /// The blob id git gives this content (lowercase hex SHA-1 over <c>"blob " + length + "\0" + content</c>), read as a
    /// stream: the same as <see cref="Collections.GitBlob.ComputeSha1"/> over the bytes.
    /// </summary>
    public string ComputeGitBlobSha()
    {
        var header = Encoding.ASCII.GetBytes("blob " + Length.ToString(CultureInfo.InvariantCulture) + "\0");
        using var sha1 = SHA1.Create();
        sha1.TransformBlock(header, 0, header.Length, null, 0);
        var buffer = new byte[81920];
        using (var stream = OpenRead())
        {
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0) sha1.TransformBlock(buffer, 0, read, null, 0);
        }
        sha1.TransformFinalBlock(buffer, 0, 0);
        var hex = new StringBuilder(40);
        foreach (var b in sha1.Hash!) hex.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        return hex.ToString();
    }

    /// <summary>Whether the content holds <paramref name="pattern"/> anywhere, read as a stream in pooled pieces (a match may span two).</summary>
    public bool Contains(byte[] pattern)
    {
        if (pattern is null) throw new ArgumentNullException(nameof(pattern));
        if (pattern.Length == 0) return true;
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(64 * 1024, pattern.Length * 2));
        try
        {
            using var stream = OpenRead();
            var kept = 0;   // the last pattern.Length - 1 bytes of the previous piece, at the start of the buffer
            int read;
            while ((read = stream.Read(buffer, kept, buffer.Length - kept)) > 0)
            {
                var filled = kept + read;
                if (new ReadOnlySpan<byte>(buffer, 0, filled).IndexOf(pattern) >= 0) return true;
                kept = Math.Min(pattern.Length - 1, filled);
                Buffer.BlockCopy(buffer, filled - kept, buffer, 0, kept);
            }

            return false;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private sealed class MemoryContent : FileContent
    {
        private readonly byte[] _bytes;

        public MemoryContent(byte[] bytes) => _bytes = bytes;

        public override long Length => _bytes.LongLength;

        public override bool InMemory => true;

        public override Stream OpenRead() => new MemoryStream(_bytes, writable: false);

        public override byte[] ToArray() => _bytes;
    }

    private sealed class DiskContent : FileContent
    {
        private readonly string _path;

        public DiskContent(string path)
        {
            _path = path;
            Length = new FileInfo(path).Length;
        }

        public override long Length { get; }

        public override bool InMemory => false;

        public override void Discard()
        {
            if (File.Exists(_path)) File.Delete(_path);
        }

        public override Stream OpenRead() =>
            new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);

        public override byte[] ToArray()
        {
            using var stream = OpenRead();
            var bytes = new byte[Length];
            var offset = 0;
            int read;
            while (offset < bytes.Length && (read = stream.Read(bytes, offset, bytes.Length - offset)) > 0) offset += read;
            if (offset != bytes.Length) throw new IOException($"The temporary file {_path} changed while it was read.");
            return bytes;
        }
    }
}
