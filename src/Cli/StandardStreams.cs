using System.Runtime.InteropServices;

namespace DockerRecord.Cli;

/// <summary>
/// Standard input, output and error as plain read(2)/write(2) streams. System.Console's streams set up the terminal
/// on first use (keypad mode, their own termios), which must not happen while `drec record` owns the terminal; and
/// a FileStream over a descriptor writes at its own offset, which breaks redirections shared with other processes.
/// </summary>
static partial class StandardStreams
{
    public static Stream Input { get; } = new DescriptorStream(0, readable: true);

    public static Stream Output { get; } = new DescriptorStream(1, readable: false);

    public static Stream Error { get; } = new DescriptorStream(2, readable: false);

    sealed partial class DescriptorStream(int fd, bool readable) : Stream
    {
        const int EINTR = 4;

        public override bool CanRead => readable;
        public override bool CanWrite => !readable;
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override unsafe int Read(Span<byte> buffer)
        {
            fixed (byte* p = buffer)
            {
                while (true)
                {
                    var n = read(fd, p, (nuint)buffer.Length);
                    if (n >= 0) return (int)n;
                    if (Marshal.GetLastPInvokeError() != EINTR) throw new IOException($"read from descriptor {fd} failed ({Marshal.GetLastPInvokeError()})");
                }
            }
        }

        // reads block a thread, as a terminal read must; callers run them off the request path
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.Run(() => Read(buffer, offset, count), cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            new(Task.Run(() => Read(buffer.Span), cancellationToken));

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override unsafe void Write(ReadOnlySpan<byte> buffer)
        {
            fixed (byte* p = buffer)
            {
                var written = 0;
                while (written < buffer.Length)
                {
                    var n = write(fd, p + written, (nuint)(buffer.Length - written));
                    if (n >= 0) written += (int)n;
                    else if (Marshal.GetLastPInvokeError() != EINTR) throw new IOException($"write to descriptor {fd} failed ({Marshal.GetLastPInvokeError()})");
                }
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer, offset, count);
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush() { }
        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        [LibraryImport("libc", SetLastError = true)]
        private static unsafe partial nint read(int fd, byte* buffer, nuint count);

        [LibraryImport("libc", SetLastError = true)]
        private static unsafe partial nint write(int fd, byte* buffer, nuint count);
    }
}
