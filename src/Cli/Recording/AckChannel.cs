using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace DockerRecord.Cli.Recording;

/// <summary>
/// Tells the hook that a command's record has been taken (its diff included), so the next prompt appears only then
/// and the next command's changes cannot mix into this one's. A <c>tee</c> inside the container copies what drec
/// writes into a FIFO that the hook waits on (with a time-out, so a lost drec never hangs the shell). That process also
/// makes the session folder first and lives exactly as long as drec's connection: it is the folder's keeper
/// (<see cref="SessionFolder"/>).
/// </summary>
sealed class AckChannel : IDisposable
{
    static readonly byte[] s_ack = "\n"u8.ToArray();
    readonly MultiplexedStream _stream;

    AckChannel(MultiplexedStream stream) => _stream = stream;

    /// <summary>Makes <paramref name="folder"/> (rc, events, ack, files/) and starts feeding its FIFO; null when the folder
    /// cannot be made there.</summary>
    public static async Task<AckChannel?> StartAsync(DockerClient client, string containerId, string folder, string rc, CancellationToken cancellation)
    {
        var exec = await client.Exec.CreateContainerExecAsync(containerId, new ContainerExecCreateParameters
        {
            // "$0" is <folder>/ack in this process's command line from the start, before the folder exists, and after exec
            Cmd = ["sh", "-c",
                "d=${0%/ack}; mkdir -m 1777 \"$d\" && mkdir -m 1777 \"$d/files\" && printf '%s' \"$DREC_RC\" > \"$d/rc\" && " +
                ": > \"$d/events\" && chmod 666 \"$d/events\" && mkfifo -m 666 \"$0\" || exit 1; " +
                "unset DREC_RC; echo ready; exec tee \"$0\" > /dev/null",
                folder + "/ack"],
            Env = [$"DREC_RC={rc}"],
            AttachStdin = true,
            AttachStdout = true,
            AttachStderr = true,
        }, cancellation);
        var stream = await client.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters(), cancellation);
        var buffer = new byte[256];
        var seen = new StringBuilder();
        while (!seen.ToString().Contains("ready\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellation);
            if (read.EOF)
            {
                stream.Dispose();
                return null;
            }
            if (read.Target == MultiplexedStream.TargetStream.StandardOut) seen.Append(Encoding.ASCII.GetString(buffer, 0, read.Count));
        }
        return new AckChannel(stream);
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
