using Docker.DotNet;
using Docker.DotNet.Models;
using DockerRecord.Frontend.Trace;

namespace DockerRecord.Cli.Recording;

/// <summary>
/// Attributes the engine's container diff to commands: the diff is taken at the start (what was changed before the
/// session) and after each command; what appears between two diffs belongs to the command in between. drec's own
/// session folder, and the folders above it, never count.
/// </summary>
sealed class ChangeTracker
{
    readonly DockerClient _client;
    readonly string _containerId;
    readonly string _ownFolder;
    readonly OverlayUpperDir? _upperDir;
    Dictionary<string, FileSystemChangeKind> _known = new(StringComparer.Ordinal);

    ChangeTracker(DockerClient client, string containerId, string ownFolder, OverlayUpperDir? upperDir)
    {
        _client = client;
        _containerId = containerId;
        _ownFolder = ownFolder;
        _upperDir = upperDir;
    }

    /// <summary>True when changes are read from the container's upper directory rather than asked of the engine.</summary>
    public bool ReadsUpperDirectory => _upperDir is not null;

    /// <summary>The container's changes relative to its image, as last seen.</summary>
    public IReadOnlyDictionary<string, FileSystemChangeKind> Current => _known;

    /// <summary>Paths changed before the session started.</summary>
    public IReadOnlySet<string> Baseline { get; private set; } = new HashSet<string>();

    public static async Task<ChangeTracker> StartAsync(DockerClient client, ContainerInspectResponse container, string ownFolder, CancellationToken cancellation)
    {
        var upperDir = Environment.GetEnvironmentVariable("DREC_ENGINE_DIFF") == "1" ? null : OverlayUpperDir.TryOpen(container);
        var tracker = new ChangeTracker(client, container.ID, ownFolder, upperDir);
        tracker._known = await tracker.DiffAsync(cancellation);
        tracker.Baseline = tracker._known.Keys.ToHashSet(StringComparer.Ordinal);
        return tracker;
    }

    /// <summary>What changed since the last call.</summary>
    public async Task<FileChanges> NextAsync(CancellationToken cancellation)
    {
        var now = await DiffAsync(cancellation);
        List<string> added = [], changed = [], deleted = [];
        foreach (var (path, kind) in now)
        {
            if (_known.TryGetValue(path, out var before) && before == kind) continue;
            (kind switch
            {
                FileSystemChangeKind.Add => added,
                FileSystemChangeKind.Delete => deleted,
                _ => changed,
            }).Add(path);
        }
        // a path added and then removed again within the session leaves the diff: it was deleted
        foreach (var (path, kind) in _known)
            if (!now.ContainsKey(path) && kind == FileSystemChangeKind.Add) deleted.Add(path);
        _known = now;
        added.Sort(StringComparer.Ordinal);
        changed.Sort(StringComparer.Ordinal);
        deleted.Sort(StringComparer.Ordinal);
        return added.Count + changed.Count + deleted.Count == 0 ? FileChanges.None : new FileChanges(added, changed, deleted);
    }

    /// <summary>The container's changes now: from its upper directory when drec can read it, else from the engine.</summary>
    public async Task<Dictionary<string, FileSystemChangeKind>> DiffAsync(CancellationToken cancellation)
    {
        if (_upperDir is not null)
        {
            var direct = _upperDir.Read();
            foreach (var path in direct.Keys.Where(IsOwn).ToList()) direct.Remove(path);
            return direct;
        }
        var changes = await _client.Containers.InspectChangesAsync(_containerId, cancellation) ?? [];
        var result = new Dictionary<string, FileSystemChangeKind>(changes.Count, StringComparer.Ordinal);
        foreach (var change in changes)
            if (!IsOwn(change.Path)) result[change.Path] = change.Kind;
        return result;
    }

    bool IsOwn(string path) =>
        path == _ownFolder || path.StartsWith(_ownFolder + "/", StringComparison.Ordinal)
        || _ownFolder.StartsWith(path.TrimEnd('/') + "/", StringComparison.Ordinal);
}
