namespace DockerRecord.Cli.Verify;

/// <summary>
/// Lets the synchronous tar reader read an engine response: Docker.DotNet's chunked response streams support only
/// asynchronous reads. Used on a worker thread (Task.Run), where waiting for a read blocks nothing else; buffered so
/// the tar reader gets whole blocks in few calls.
/// </summary>
sealed class BlockingReadStream(Stream inner) : Stream
{
    public static Stream Over(Stream inner) => new BufferedStream(new BlockingReadStream(inner), 1 << 16);

    public override int Read(byte[] buffer, int offset, int count) =>
        inner.ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.ReadAsync(buffer, offset, count, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
