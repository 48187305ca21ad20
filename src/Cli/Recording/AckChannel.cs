using Docker.DotNet;
using Docker.DotNet.Models;

namespace DockerRecord.Cli.Recording;

/// <summary>
/// Tells the hook that a command's record has been taken (its diff included), so the next prompt appears only then
/// and the next command's changes cannot mix into this one's. A <c>cat</c> inside the container copies what drec
/// writes into a FIFO that the hook waits on (with a time-out, so a lost drec never hangs the shell).
/// </summary>
sealed class AckChannel : IDisposable
{
    static readonly byte[] s_ack = "\n"u8.ToArray();
    readonly MultiplexedStream _stream;

    AckChannel(MultiplexedStream stream) => _stream = stream;

    public static async Task<AckChannel> StartAsync(DockerClient client, string containerId, string fifoPath, CancellationToken cancellation)
    {
        var exec = await client.Exec.CreateContainerExecAsync(containerId, new ContainerExecCreateParameters
        {
            Cmd = ["sh", "-c", "exec cat > \"$0\"", fifoPath],
            AttachStdin = true,
            AttachStdout = true,
            AttachStderr = true,
        }, cancellation);
        return new AckChannel(await client.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters(), cancellation));
    }

    public async Task SendAsync(CancellationToken cancellation)
    {
        try
        {
            await _stream.WriteAsync(s_ack, 0, s_ack.Length, cancellation);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // the hook then times out instead: slower prompts, nothing lost
        }
    }

    public void Dispose()
    {
        try
        {
            _stream.CloseWrite();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or NotSupportedException)
        {
        }
        _stream.Dispose();
    }
}
