using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Trace;

namespace DockerRecord.Passes.Safety;

/// <summary>
/// The versions of installed packages as the recorder saw them (packages.json): for a command, the first snapshot
/// taken at or after it (the state it left), then later ones, then earlier ones, across the sessions in order. A name
/// typed without an architecture also finds dpkg's <c>name:arch</c> (Multi-Arch: same packages are listed so).
/// </summary>
public static class InstalledPackages
{
    /// <summary>True when the trace holds any snapshot of installed packages.</summary>
    public static bool Recorded(TraceContent trace) => trace.Sessions.Any(s => s.Packages.Count > 0);

    /// <summary>The version of <paramref name="package"/> the container had after the command at <paramref name="at"/>, or null.</summary>
    public static string? VersionAfter(TraceContent trace, TraceLocation at, string package)
    {
        foreach (var snapshot in Nearest(trace, at))
            if (Find(snapshot.Packages, package) is { } version) return version;
        return null;
    }

    /// <summary>The snapshots at or after <paramref name="at"/> in order, then those before it, latest first.</summary>
    static IEnumerable<PackageSnapshot> Nearest(TraceContent trace, TraceLocation at)
    {
        var timeline = trace.Sessions.SelectMany(s => s.Packages.Select(p => (At: new TraceLocation(s.Info.Number, p.Seq), Snapshot: p))).ToList();
        return timeline.Where(t => t.At.CompareTo(at) >= 0).Select(t => t.Snapshot)
            .Concat(timeline.Where(t => t.At.CompareTo(at) < 0).Reverse().Select(t => t.Snapshot));
    }

    static string? Find(IReadOnlyDictionary<string, string> packages, string name)
    {
        if (packages.TryGetValue(name, out var version)) return version;
        // typed `name:arch` for a package dpkg lists without one, or `name` for one it lists as `name:arch`
        var colon = name.IndexOf(':');
        if (colon > 0 && packages.TryGetValue(name[..colon], out version)) return version;
        if (colon < 0)
        {
            var prefix = name + ":";
            var versions = packages.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(p => p.Value).Distinct().ToList();
            if (versions.Count == 1) return versions[0];
        }
        return null;
    }
}
