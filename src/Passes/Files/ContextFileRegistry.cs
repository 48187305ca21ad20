using DockerRecord.IR;

namespace DockerRecord.Passes.Files;

/// <summary>
/// Gives each context file a path of its own. The first version of a container path goes to
/// <c>rootfs/&lt;path&gt;</c>; a different content for the same path (a file edited twice) goes to
/// <c>rootfs-2/&lt;path&gt;</c>, <c>rootfs-3/…</c>, in program order, so the same trace always gives the same names. The
/// same content for the same path reuses its file.
/// </summary>
sealed class ContextFileRegistry
{
    readonly Dictionary<string, ContextFile> _byPath;

    public ContextFileRegistry(IEnumerable<ContextFile> existing) =>
        _byPath = existing.ToDictionary(f => f.Path, StringComparer.Ordinal);

    /// <summary>Files added so far, in the order they were added.</summary>
    public List<ContextFile> Added { get; } = [];

    /// <summary>Registers a file for <paramref name="containerPath"/>; returns its context path.</summary>
    public string Add(string containerPath, Func<string, ContextFile> create)
    {
        for (var version = 1; ; version++)
        {
            var root = version == 1 ? ContainerPaths.ContextRoot : $"{ContainerPaths.ContextRoot}-{version}";
            var path = ContainerPaths.ContextPathFor(containerPath, root);
            var file = create(path);
            if (_byPath.TryGetValue(path, out var existing))
            {
                if (existing.BlobPath == file.BlobPath && existing.Text == file.Text && existing.Mode == file.Mode) return path;
                continue;
            }
            _byPath[path] = file;
            Added.Add(file);
            return path;
        }
    }
}
