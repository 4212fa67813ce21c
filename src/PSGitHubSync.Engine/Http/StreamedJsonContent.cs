using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace PSGitHubSync.Engine.Http;

/// <summary>
/// A JSON request body written straight into the request stream by a delegate (from files, base64 encoded on the fly),
/// never held as one string or array. Its length is known beforehand (<see cref="MeasureAsync"/>), so the request
/// carries a Content-Length as a buffered body would. Sent with the same Content-Type as a JSON text body.
/// </summary>
public sealed class StreamedJsonContent : HttpContent
{
    private readonly Func<Stream, CancellationToken, Task> _write;
    private readonly long _length;
    private readonly CancellationToken _cancellationToken;

    /// <summary>Creates the body: <paramref name="write"/> writes exactly <paramref name="length"/> bytes.</summary>
    public StreamedJsonContent(Func<Stream, CancellationToken, Task> write, long length, CancellationToken cancellationToken)
    {
        _write = write ?? throw new ArgumentNullException(nameof(write));
        _length = length;
        _cancellationToken = cancellationToken;
        Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
    }

    /// <summary>How many bytes <paramref name="write"/> writes (it is run once into a stream that only counts).</summary>
    public static async Task<long> MeasureAsync(Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        using var counter = new CountingStream();
        await write(counter, cancellationToken).ConfigureAwait(false);
        return counter.Length;
    }

    /// <inheritdoc/>
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => _write(stream, _cancellationToken);

    /// <inheritdoc/>
    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }

    /// <summary>A write-only stream that keeps only the number of bytes written to it.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush() { }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            _length += count;
            return Task.CompletedTask;
        }
    }
}
