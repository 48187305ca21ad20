namespace DockerRecord.Cli.Verify;

/// <summary>How the built image treats one path the container or the build changed.</summary>
enum PathVerdict
{
    /// <summary>Same kind, content, mode and owner (or deleted on both sides).</summary>
    Exact,

    /// <summary>The build changed the path too, but not to the container's state.</summary>
    Different,

    /// <summary>The container changed the path and the build left it as in the base image.</summary>
    Missed,

    /// <summary>The build changed a path the container did not.</summary>
    Extra,
}

/// <summary>One path of the comparison; a null state means the path does not exist on that side.</summary>
sealed record PathComparison(string Path, PathVerdict Verdict, FileState? Recorded, FileState? Built, FileState? Base)
{
    /// <summary>A short account: <c>added file</c>, <c>deleted</c>, <c>content (12 bytes recorded, 0 built)</c>.</summary>
    public string Detail => Verdict switch
    {
        PathVerdict.Exact => "",
        PathVerdict.Missed => Recorded is null ? "deleted in the container, still in the image" : ChangeText(Recorded, Base),
        PathVerdict.Extra => Built is null ? "deleted by the build" : ChangeText(Built, Base),
        _ => Recorded is null ? "deleted in the container, changed by the build"
            : Built is null ? "deleted by the build"
            : Recorded.DescribeDifference(Built),
    };

    static string ChangeText(FileState state, FileState? before) =>
        before is null ? $"added {FileState.KindName(state.Kind)}" : $"changed {FileState.KindName(state.Kind)}: {before.DescribeDifference(state)}";
}

/// <summary>
/// The container's changes against the image's, both relative to the base image, after noise. A path counts as a
/// change only where its final state differs from the base image's: a folder that holds a new file, or a file
/// rewritten with the same bytes, is not a change of its own.
/// </summary>
sealed record FileSystemComparison(IReadOnlyList<PathComparison> Paths, int NoisePaths)
{
    public IEnumerable<PathComparison> Recorded => Paths.Where(p => p.Verdict != PathVerdict.Extra);

    public int RecordedCount => Recorded.Count();

    public int ExactCount => Paths.Count(p => p.Verdict == PathVerdict.Exact);

    public int ByPathCount => Paths.Count(p => p.Verdict is PathVerdict.Exact or PathVerdict.Different);

    /// <summary>The share of the container's changes the image reproduces exactly (1 when there is none).</summary>
    public double Score => RecordedCount == 0 ? 1.0 : (double)ExactCount / RecordedCount;

    /// <summary>The share the build at least changed too.</summary>
    public double ByPathScore => RecordedCount == 0 ? 1.0 : (double)ByPathCount / RecordedCount;

    public IEnumerable<PathComparison> With(PathVerdict verdict) => Paths.Where(p => p.Verdict == verdict);

    /// <param name="recordedChanges">The paths the engine lists as changed in the container.</param>
    /// <param name="recordedState">The container's state of a changed path; null when it was deleted.</param>
    /// <param name="builtTouched">The paths the image's own layers (above the base) write or delete.</param>
    public static FileSystemComparison Compare(
        IEnumerable<string> recordedChanges, Func<string, FileState?> recordedState,
        FileSystemView baseView, FileSystemView builtView, IEnumerable<string> builtTouched, NoiseFilter noise)
    {
        var results = new SortedDictionary<string, PathComparison>(StringComparer.Ordinal);
        var noisePaths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in recordedChanges)
        {
            if (noise.IsNoise(path)) { noisePaths.Add(path); continue; }
            var recorded = recordedState(path);
            var before = baseView[path];
            if (SameState(recorded, before)) continue;
            var built = builtView[path];
            var verdict = SameState(recorded, built) ? PathVerdict.Exact
                : SameState(built, before) ? PathVerdict.Missed
                : PathVerdict.Different;
            results[path] = new PathComparison(path, verdict, recorded, built, before);
        }
        DropFoldersMadeForNoise(results, noisePaths);
        foreach (var path in builtTouched)
        {
            if (results.ContainsKey(path)) continue;
            if (noise.IsNoise(path)) { noisePaths.Add(path); continue; }
            var built = builtView[path];
            var before = baseView[path];
            if (SameState(built, before)) continue;
            // the container did not change it: its state is the base image's
            results[path] = new PathComparison(path, PathVerdict.Extra, before, built, before);
        }
        return new FileSystemComparison([.. results.Values], noisePaths.Count);
    }

    /// <summary>
    /// A folder the container gained only to hold noise (nano makes /root/.local/share for its history) is noise too:
    /// every recorded change below it is noise, and at least one is.
    /// </summary>
    static void DropFoldersMadeForNoise(SortedDictionary<string, PathComparison> results, HashSet<string> noisePaths)
    {
        if (noisePaths.Count == 0) return;
        var sortedNoise = noisePaths.Order(StringComparer.Ordinal).ToList();
        var folders = results.Values
            .Where(r => r.Verdict == PathVerdict.Missed && r.Base is null && r.Recorded?.Kind == FileKind.Directory)
            .Select(r => r.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var folder in folders.Order(StringComparer.Ordinal).ToList())
        {
            var prefix = folder + "/";
            // a change below it that is not itself such a folder is real work: the folder stays
            var realBelow = results.Keys.SkipWhile(k => string.CompareOrdinal(k, prefix) < 0)
                .TakeWhile(k => k.StartsWith(prefix, StringComparison.Ordinal))
                .Any(k => !folders.Contains(k));
            var at = sortedNoise.BinarySearch(prefix, StringComparer.Ordinal);
            var noiseBelow = (at < 0 ? ~at : at) < sortedNoise.Count && sortedNoise[at < 0 ? ~at : at].StartsWith(prefix, StringComparison.Ordinal);
            if (!realBelow && noiseBelow)
            {
                results.Remove(folder);
                noisePaths.Add(folder);
            }
        }
    }

    static bool SameState(FileState? a, FileState? b) => a is null ? b is null : b is not null && a.SameAs(b);
}
