namespace DockerRecord.Cli.Verify;

/// <summary>
/// One image layer: the entries it adds or replaces, the paths it deletes (<c>.wh.NAME</c> whiteouts) and the
/// folders whose lower contents it hides (<c>.wh..wh..opq</c>).
/// </summary>
sealed record ImageLayer(IReadOnlyList<TarFileEntry> Entries, IReadOnlyList<string> Whiteouts, IReadOnlyList<string> OpaqueFolders)
{
    const string WhiteoutPrefix = ".wh.";
    const string OpaqueMarker = ".wh..wh..opq";

    /// <summary>Every path the layer touches: written, deleted, or made opaque.</summary>
    public IEnumerable<string> TouchedPaths => Entries.Select(e => e.Path).Concat(Whiteouts).Concat(OpaqueFolders);

    public static ImageLayer Read(Stream tar)
    {
        var entries = new List<TarFileEntry>();
        var whiteouts = new List<string>();
        var opaque = new List<string>();
        foreach (var entry in TarSnapshot.Read(tar))
        {
            var slash = entry.Path.LastIndexOf('/');
            var folder = slash == 0 ? "/" : entry.Path[..slash];
            var name = entry.Path[(slash + 1)..];
            if (name == OpaqueMarker) opaque.Add(folder);
            else if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
                whiteouts.Add(folder == "/" ? "/" + name[WhiteoutPrefix.Length..] : folder + "/" + name[WhiteoutPrefix.Length..]);
            else entries.Add(entry);
        }
        return new ImageLayer(entries, whiteouts, opaque);
    }
}

/// <summary>The filesystem that a stack of layers makes, path by path (overlay semantics).</summary>
sealed class FileSystemView
{
    readonly Dictionary<string, FileState> _states = new(StringComparer.Ordinal);
    readonly SortedSet<string> _paths = new(StringComparer.Ordinal);

    public static FileSystemView Of(IEnumerable<ImageLayer> layers)
    {
        var view = new FileSystemView();
        foreach (var layer in layers) view.Apply(layer);
        return view;
    }

    public int Count => _states.Count;

    public FileState? this[string path] => _states.GetValueOrDefault(path);

    public void Apply(ImageLayer layer)
    {
        foreach (var folder in layer.OpaqueFolders) RemoveBelow(folder);
        foreach (var path in layer.Whiteouts)
        {
            Remove(path);
            RemoveBelow(path);
        }
        foreach (var entry in layer.Entries)
        {
            // a folder replaced by a file (or the reverse) takes what was below it away
            if (_states.TryGetValue(entry.Path, out var previous) && previous.Kind == FileKind.Directory && entry.State.Kind != FileKind.Directory)
                RemoveBelow(entry.Path);
            _states[entry.Path] = entry.State;
            _paths.Add(entry.Path);
        }
    }

    void Remove(string path)
    {
        _states.Remove(path);
        _paths.Remove(path);
    }

    void RemoveBelow(string folder)
    {
        var prefix = folder == "/" ? "/" : folder + "/";
        var below = _paths.GetViewBetween(prefix, prefix + char.MaxValue).ToList();
        foreach (var path in below) Remove(path);
    }
}
