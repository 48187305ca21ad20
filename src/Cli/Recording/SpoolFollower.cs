using System.Text;
using System.Threading.Channels;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace DockerRecord.Cli.Recording;

/// <summary>
/// Follows the hook's spool file inside the container (<c>tail -F</c>, which also survives the folder being deleted
/// and made again) and hands each complete record to the host as soon as it is written.
/// </summary>
sealed class SpoolFollower : IAsyncDisposable
{
    readonly DockerClient _client;
    readonly ContainerCommands _commands;
    readonly MultiplexedStream _stream;
    readonly Channel<SpoolRecord> _records = Channel.CreateUnbounded<SpoolRecord>();
    readonly Task _pump;
    readonly CancellationTokenSource _stop = new();
    string? _pid;

    SpoolFollower(DockerClient client, ContainerCommands commands, MultiplexedStream stream)
    {
        _client = client;
        _commands = commands;
        _stream = stream;
        _pump = Task.Run(PumpAsync);
    }

    public ChannelReader<SpoolRecord> Records => _records.Reader;

    public static async Task<SpoolFollower> StartAsync(DockerClient client, ContainerCommands commands, string containerId, string spoolPath, CancellationToken cancellation)
    {
        var exec = await client.Exec.CreateContainerExecAsync(containerId, new ContainerExecCreateParameters
        {
            // the first line is the pid, so that the follower can be stopped (nothing of drec stays behind)
            Cmd = ["sh", "-c", "echo $$; exec tail -F -s 0.01 -c +1 \"$0\" 2>/dev/null", spoolPath],
            AttachStdout = true,
            AttachStderr = true,
        }, cancellation);
        var stream = await client.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters(), cancellation);
        return new SpoolFollower(client, commands, stream);
    }

    async Task PumpAsync()
    {
        var reader = new SpoolReader();
        var buffer = new byte[65536];
        var header = new List<byte>();
        try
        {
            while (true)
            {
                var read = await _stream.ReadOutputAsync(buffer, 0, buffer.Length, _stop.Token);
                if (read.EOF) break;
                if (read.Target != MultiplexedStream.TargetStream.StandardOut) continue;
                var chunk = buffer.AsSpan(0, read.Count);
                if (_pid is null)
                {
                    var newline = chunk.IndexOf((byte)'\n');
                    if (newline < 0)
                    {
                        header.AddRange(chunk.ToArray());
                        continue;
                    }
                    header.AddRange(chunk[..newline].ToArray());
                    _pid = Encoding.ASCII.GetString(header.ToArray()).Trim();
                    chunk = chunk[(newline + 1)..];
                }
                foreach (var record in reader.Feed(chunk))
                    await _records.Writer.WriteAsync(record);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // stopped, or the engine closed the stream
        }
        finally
        {
            _records.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_pid is { } pid)
        {
            try
            {
                await _commands.RunAsync(["kill", pid], CancellationToken.None);
            }
            catch (DockerApiException)
            {
                // the container is gone: so is the follower
            }
        }
        await _stop.CancelAsync();
        _stream.Dispose();
        await _pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
