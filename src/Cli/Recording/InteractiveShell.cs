using System.Runtime.InteropServices;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace DockerRecord.Cli.Recording;

/// <summary>
/// The person's shell: an exec with a terminal, wired to the local terminal (raw mode, window size, SIGWINCH) or,
/// when standard input is not a terminal, fed from it as if typed.
/// </summary>
static class InteractiveShell
{
    /// <summary>Ctrl-C, Ctrl-Z and Ctrl-P must reach the shell, so the engine's detach keys are moved out of the way.</summary>
    public const string DetachKeys = "ctrl-],ctrl-]";

    public static async Task<long> RunAsync(DockerClient client, string containerId, IList<string> command, IList<string> env,
        Stream input, Stream output, bool interactive, Action onTypedExit, CancellationToken cancellation)
    {
        var exec = await client.Exec.CreateContainerExecAsync(containerId, new ContainerExecCreateParameters
        {
            Cmd = command,
            Env = env,
            TTY = true,
            AttachStdin = true,
            AttachStdout = true,
            AttachStderr = true,
            DetachKeys = DetachKeys,
        }, cancellation);
        using var stream = await client.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters { TTY = true }, cancellation);

        using var terminal = new Terminal();
        PosixSignalRegistration? resizeSignal = null;
        try
        {
            if (interactive) terminal.EnterRawMode();
            await ResizeAsync(client, exec.ID, cancellation);
            if (interactive && !OperatingSystem.IsWindows())
                resizeSignal = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, context => { _ = ResizeAsync(client, exec.ID, CancellationToken.None); });

            var outputPump = PumpOutputAsync(stream, output, cancellation);
            _ = PumpInputAsync(stream, input, interactive, onTypedExit, cancellation);
            await outputPump;
        }
        finally
        {
            resizeSignal?.Dispose();
            terminal.Restore();
        }
        var inspect = await client.Exec.InspectContainerExecAsync(exec.ID, CancellationToken.None);
        return inspect.ExitCode ?? -1;
    }

    static async Task PumpOutputAsync(MultiplexedStream stream, Stream output, CancellationToken cancellation)
    {
        var buffer = new byte[16384];
        while (true)
        {
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellation);
            if (read.EOF) return;
            await output.WriteAsync(buffer.AsMemory(0, read.Count), cancellation);
            await output.FlushAsync(cancellation);
        }
    }

    /// <summary>
    /// Keys go to the shell as they come. At the end of piped input drec types <c>exit</c> itself (an end-of-file
    /// key can reach a command still reading the terminal, or be lost between bash's terminal modes).
    /// </summary>
    static async Task PumpInputAsync(MultiplexedStream stream, Stream input, bool interactive, Action onTypedExit, CancellationToken cancellation)
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var count = await input.ReadAsync(buffer, cancellation);
                if (count == 0) break;
                await stream.WriteAsync(buffer, 0, count, cancellation);
            }
            if (!interactive)
            {
                onTypedExit();
                var exit = "exit\n"u8.ToArray();
                await stream.WriteAsync(exit, 0, exit.Length, cancellation);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // the shell ended first
        }
    }

    static async Task ResizeAsync(DockerClient client, string execId, CancellationToken cancellation)
    {
        var (rows, columns) = Terminal.Size() ?? (24, 80);
        // an exec terminal starts at 0x0 on API < 1.42: the docker CLI retries the first resize too
        for (var attempt = 0; attempt < 10; attempt++)
        {
            try
            {
                await client.Exec.ResizeExecTtyAsync(execId, new ContainerResizeParameters { Height = rows, Width = columns }, cancellation);
                return;
            }
            catch (DockerApiException)
            {
                await Task.Delay(10 * (attempt + 1), cancellation);
            }
        }
    }
}
