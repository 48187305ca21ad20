using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace DockerRecord.Cli.Recording;

/// <summary>The result of a command run in the container without a terminal.</summary>
sealed record ExecResult(long ExitCode, string Stdout, string Stderr);

/// <summary>Runs short helper commands in the container (no terminal, output captured).</summary>
sealed class ContainerCommands(DockerClient client, string containerId)
{
    public async Task<ExecResult> RunAsync(IList<string> command, CancellationToken cancellation, IList<string>? env = null, string? user = null)
    {
        var exec = await client.Exec.CreateContainerExecAsync(containerId, new ContainerExecCreateParameters
        {
            Cmd = command,
            Env = env ?? [],
            User = user ?? "",
            AttachStdout = true,
            AttachStderr = true,
        }, cancellation);
        using (var stream = await client.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters(), cancellation))
        {
            var (stdout, stderr) = await stream.ReadOutputToEndAsync(cancellation);
            var inspect = await client.Exec.InspectContainerExecAsync(exec.ID, cancellation);
            return new ExecResult(inspect.ExitCode ?? -1, stdout, stderr);
        }
    }

    /// <summary>Runs a <c>sh -c</c> script with arguments <c>$0…</c>.</summary>
    public Task<ExecResult> ShellAsync(string script, CancellationToken cancellation, params string[] args) =>
        RunAsync(["sh", "-c", script, .. args], cancellation);
}
