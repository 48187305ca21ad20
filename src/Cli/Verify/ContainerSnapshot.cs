using Docker.DotNet;
using Docker.DotNet.Models;

namespace DockerRecord.Cli.Verify;

/// <summary>
/// The recorded container's changes relative to its image: the paths the engine lists as changed (<c>docker diff</c>),
/// with the state of each one that still exists read from the container's export. Works on a stopped container too,
/// and needs nothing inside it.
/// </summary>
sealed record ContainerSnapshot(string ContainerId, string ImageId, IReadOnlyList<string> ChangedPaths, IReadOnlyDictionary<string, FileState> States)
{
    public FileState? StateOf(string path) => States.GetValueOrDefault(path);

    /// <summary>The container named, or a one-line error when there is none.</summary>
    public static async Task<ContainerInspectResponse> InspectAsync(DockerClient client, string container, CancellationToken cancellation)
    {
        try
        {
            return await client.Containers.InspectContainerAsync(container, cancellation);
        }
        catch (DockerContainerNotFoundException)
        {
            throw new VerifyException($"no container named '{container}' (see `docker ps -a`)");
        }
    }

    public static async Task<ContainerSnapshot> ReadAsync(DockerClient client, ContainerInspectResponse inspect, CancellationToken cancellation)
    {
        var changes = await client.Containers.InspectChangesAsync(inspect.ID, cancellation) ?? [];
        var paths = changes.Select(c => c.Path).OrderBy(p => p, StringComparer.Ordinal).ToList();
        var existing = changes.Where(c => c.Kind != FileSystemChangeKind.Delete).Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        var states = new Dictionary<string, FileState>(StringComparer.Ordinal);
        await ExportAsync(client, inspect.ID, existing.Contains, (entry, _) => states[entry.Path] = entry.State, cancellation);
        return new ContainerSnapshot(inspect.ID, inspect.Image, paths, states);
    }

    /// <summary>Copies the container's regular files at <paramref name="paths"/> into files under <paramref name="folder"/>.</summary>
    public static async Task CaptureAsync(DockerClient client, string containerId, IReadOnlySet<string> paths, Func<string, string> target, CancellationToken cancellation)
    {
        await using var stream = await client.Containers.ExportContainerAsync(containerId, cancellation);
        await using var buffered = BlockingReadStream.Over(stream);
        await Task.Run(() =>
        {
            using var reader = new System.Formats.Tar.TarReader(buffered, leaveOpen: true);
            while (reader.GetNextEntry(copyData: false) is { } entry)
            {
                var path = TarSnapshot.Normalize(entry.Name);
                if (!paths.Contains(path) || entry.DataStream is not { } data) continue;
                var file = target(path);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                using var output = File.Create(file);
                data.CopyTo(output);
            }
        }, cancellation);
    }

    static async Task ExportAsync(DockerClient client, string containerId, Func<string, bool> wanted, Action<TarFileEntry, int> onEntry, CancellationToken cancellation)
    {
        await using var stream = await client.Containers.ExportContainerAsync(containerId, cancellation);
        await using var buffered = BlockingReadStream.Over(stream);
        await Task.Run(() =>
        {
            var index = 0;
            foreach (var entry in TarSnapshot.Read(buffered, wanted)) onEntry(entry, index++);
        }, cancellation);
    }
}
