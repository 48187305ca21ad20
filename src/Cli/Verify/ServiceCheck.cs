using Docker.DotNet;
using Docker.DotNet.Models;
using DockerRecord.Cli.Recording;

namespace DockerRecord.Cli.Verify;

/// <summary>What happened when the image's CMD ran: did it stay up, and which EXPOSEd ports listened.</summary>
sealed record ServiceResult(bool HasCommand, bool StayedUp, long? ExitCode, IReadOnlyList<string> ExposedPorts,
    IReadOnlyList<string> ListeningPorts, IReadOnlyList<string> MissingPorts, IReadOnlyList<string> LastOutput)
{
    public static ServiceResult NoCommand { get; } = new(false, false, null, [], [], [], []);

    public bool Ok => !HasCommand || StayedUp && MissingPorts.Count == 0;
}

/// <summary>
/// Runs a container of the built image with its own CMD and watches it for a few seconds. The container has a network
/// namespace of its own with only loopback (<c>NetworkMode=none</c>): a service may bind the same ports as the
/// recorded container without clashing, and <c>/proc/net/tcp</c> inside it shows exactly its own sockets (read the way
/// the recorder reads them, <see cref="PortProbe"/>).
/// </summary>
static class ServiceCheck
{
    public static async Task<ServiceResult> RunAsync(DockerClient client, string imageId, string name, TimeSpan upFor, bool keep, CancellationToken cancellation)
    {
        var image = await client.Images.InspectImageAsync(imageId, cancellation);
        var exposed = (image.Config?.ExposedPorts?.Keys ?? []).Order(StringComparer.Ordinal).ToList();
        var created = await client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = imageId,
            Name = name,
            HostConfig = new HostConfig { NetworkMode = "none" },
        }, cancellation);
        try
        {
            await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellation);
            var listening = new HashSet<string>(StringComparer.Ordinal);
            var deadline = DateTime.UtcNow + upFor;
            bool running;
            do
            {
                await Task.Delay(TimeSpan.FromMilliseconds(300), cancellation);
                running = (await client.Containers.InspectContainerAsync(created.ID, cancellation)).State?.Running == true;
                if (running && exposed.Count > 0 && !exposed.All(listening.Contains))
                {
                    var probe = await PortProbe.ProbeAsync(new ContainerCommands(client, created.ID), cancellation);
                    foreach (var port in probe) listening.Add($"{port.Port}/{port.Protocol}");
                }
            }
            while (running && DateTime.UtcNow < deadline);

            var state = (await client.Containers.InspectContainerAsync(created.ID, cancellation)).State;
            var stayedUp = state?.Running == true;
            var output = stayedUp ? [] : await LastOutputAsync(client, created.ID, cancellation);
            var heard = exposed.Where(listening.Contains).ToList();
            return new ServiceResult(true, stayedUp, stayedUp ? null : state?.ExitCode, exposed, heard, [.. exposed.Except(heard)], output);
        }
        finally
        {
            if (!keep) await client.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
        }
    }

    static async Task<IReadOnlyList<string>> LastOutputAsync(DockerClient client, string id, CancellationToken cancellation)
    {
        using var logs = await client.Containers.GetContainerLogsAsync(id, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = "10" }, cancellation);
        var (stdout, stderr) = await logs.ReadOutputToEndAsync(cancellation);
        return [.. (stdout + stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }
}
