using System.Runtime.InteropServices;
using Docker.DotNet.Models;

namespace DockerRecord.Cli.Recording;

/// <summary>
/// A container's changes read straight from its overlay2 upper directory, when drec runs beside the engine (same
/// machine, allowed to read /var/lib/docker). The upper directory holds exactly what the container changed, so
/// reading it takes milliseconds where the engine's diff can take half a second; it gives the same answer: a
/// whiteout (a 0/0 character device) is a deletion, a path that also exists in a lower layer is a change, any other
/// path an addition; a directory that replaced one of the image (an opaque one) also deletes the image's entries it
/// no longer holds. Anywhere else (a remote engine, another storage driver) <see cref="TryOpen"/> returns null and
/// the engine's diff is used.
/// </summary>
/// <remarks>
/// The walk is incremental: a directory is listed again only when its inode, change time or modification time differs
/// from the last walk (adding, removing or renaming an entry changes the directory's times; so does turning a file
/// into a whiteout, which takes an unlink). Otherwise its entries from the last walk are reused, and only its
/// subdirectories are looked at. The change time cannot be set by hand (unlike the modification time, which tar
/// restores). File times are kept at the kernel's clock tick, so a directory that changed shortly before or during a
/// walk could change again within the same tick: such a directory is listed again at the next walk whatever its times.
/// </remarks>
sealed partial class OverlayUpperDir
{
    const int S_IFMT = 0xF000;
    const int S_IFCHR = 0x2000;
    const int S_IFDIR = 0x4000;

    // a directory whose times are this close to a walk's start (or later) is not trusted at the next walk
    static readonly long s_racyNanoseconds = TimeSpan.FromSeconds(1).Ticks * 100;

    readonly string _upper;
    readonly string[] _lowers;
    readonly StatLayout _layout;
    readonly Dictionary<string, DirectoryState> _directories = new(StringComparer.Ordinal);

    /// <summary>Offsets of the <c>struct stat</c> fields read here, by architecture.</summary>
    readonly record struct StatLayout(int Inode, int Mode, int Rdev, int Mtime, int Ctime);

    /// <summary>One upper-directory entry as last seen: its container path, its change and whether to walk into it.</summary>
    readonly record struct Entry(string Path, FileSystemChangeKind Kind, bool IsDirectory);

    /// <summary>A directory as last listed, with what tells whether it changed since.</summary>
    sealed record DirectoryState(ulong Inode, long Ctime, long Mtime, bool Racy, List<Entry> Entries);

    OverlayUpperDir(string upper, string[] lowers, StatLayout layout)
    {
        _upper = upper;
        _lowers = lowers;
        _layout = layout;
    }

    /// <summary>Directories listed again by the last <see cref="Read"/> (for tests and the debug output).</summary>
    public int LastListed { get; private set; }

    public static OverlayUpperDir? TryOpen(ContainerInspectResponse container)
    {
        if (container.GraphDriver is not { Name: "overlay2", Data: { } data }) return null;
        if (!data.TryGetValue("UpperDir", out var upper) || string.IsNullOrEmpty(upper)) return null;
        // struct stat differs by architecture; only the layouts known here are used
        StatLayout? layout = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => new StatLayout(Inode: 8, Mode: 24, Rdev: 40, Mtime: 88, Ctime: 104),
            Architecture.Arm64 => new StatLayout(Inode: 8, Mode: 16, Rdev: 32, Mtime: 88, Ctime: 104),
            _ => null,
        };
        if (layout is null || !OperatingSystem.IsLinux()) return null;
        try
        {
            if (!Directory.Exists(upper)) return null;
            using var probe = Directory.EnumerateFileSystemEntries(upper).GetEnumerator();
            probe.MoveNext();
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return null;
        }
        var lowers = data.TryGetValue("LowerDir", out var lower) && !string.IsNullOrEmpty(lower) ? lower.Split(':') : [];
        return new OverlayUpperDir(upper.TrimEnd('/'), lowers, layout.Value);
    }

    /// <summary>The container's changes now, keyed by container path.</summary>
    public Dictionary<string, FileSystemChangeKind> Read()
    {
        var result = new Dictionary<string, FileSystemChangeKind>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var start = NowNanoseconds();
        LastListed = 0;
        Walk("", start, result, seen);
        // directories that are gone (or no longer directories) are forgotten
        if (seen.Count != _directories.Count)
            foreach (var path in _directories.Keys.Where(p => !seen.Contains(p)).ToList()) _directories.Remove(path);
        return result;
    }

    void Walk(string path, long start, Dictionary<string, FileSystemChangeKind> result, HashSet<string> seen)
    {
        // the directory's times are taken before it is listed: a change during the listing shows at the next walk
        if (!Stat(_upper + path, out var stat) || (stat.Mode & S_IFMT) != S_IFDIR) return;
        seen.Add(path);
        if (!_directories.TryGetValue(path, out var state) || state.Racy
            || state.Inode != stat.Inode || state.Ctime != stat.Ctime || state.Mtime != stat.Mtime)
        {
            state = new DirectoryState(stat.Inode, stat.Ctime, stat.Mtime,
                Racy: Math.Max(stat.Ctime, stat.Mtime) >= start - s_racyNanoseconds, List(path));
            _directories[path] = state;
            LastListed++;
        }
        foreach (var entry in state.Entries)
        {
            result[entry.Path] = entry.Kind;
            if (entry.IsDirectory) Walk(entry.Path, start, result, seen);
        }
    }

    List<Entry> List(string path)
    {
        var entries = new List<Entry>();
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = true, AttributesToSkip = 0 };
        IEnumerable<string> names;
        try
        {
            names = Directory.EnumerateFileSystemEntries(_upper + path, "*", options).ToList();
        }
        catch (Exception e) when (e is DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            return entries; // removed meanwhile: its parent has changed, so the next walk lists that again
        }
        foreach (var full in names)
        {
            var child = full[_upper.Length..];
            if (!Stat(full, out var stat)) continue;
            var type = stat.Mode & S_IFMT;
            var whiteout = type == S_IFCHR && stat.Rdev == 0;
            entries.Add(new Entry(child,
                whiteout ? FileSystemChangeKind.Delete : ExistsBelow(child) ? FileSystemChangeKind.Modify : FileSystemChangeKind.Add,
                IsDirectory: type == S_IFDIR));
        }
        if (path.Length > 0 && ExistsBelow(path) && IsOpaque(_upper + path))
        {
            // rm -rf and mkdir again: what the image had there is gone, as the engine's diff says entry by entry
            var kept = entries.Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
            foreach (var below in ListBelow(path))
                if (kept.Add(below)) entries.Add(new Entry(below, FileSystemChangeKind.Delete, IsDirectory: false));
        }
        return entries;
    }

    /// <summary>The entries of a directory as the image shows it: the lower layers merged, top first, whiteouts
    /// hiding what is below them, down to the first layer where the directory is opaque.</summary>
    List<string> ListBelow(string path)
    {
        var names = new List<string>();
        var hidden = new HashSet<string>(StringComparer.Ordinal);
        foreach (var lower in _lowers)
        {
            if (!Stat(lower + path, out var dir) || (dir.Mode & S_IFMT) != S_IFDIR) continue;
            foreach (var full in Directory.EnumerateFileSystemEntries(lower + path, "*", new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = 0 }))
            {
                var child = full[lower.Length..];
                if (!hidden.Add(child)) continue;
                if (Stat(full, out var stat) && (stat.Mode & S_IFMT) == S_IFCHR && stat.Rdev == 0) continue;
                names.Add(child);
            }
            if (IsOpaque(lower + path)) break;
        }
        return names;
    }

    static unsafe bool IsOpaque(string directory)
    {
        var value = stackalloc byte[4];
        return lgetxattr(directory, "trusted.overlay.opaque", value, 4) == 1 && value[0] == (byte)'y';
    }

    // lower layers never change, so what exists in them is looked up once per path
    readonly Dictionary<string, bool> _existsBelow = new(StringComparer.Ordinal);

    bool ExistsBelow(string path)
    {
        if (_existsBelow.TryGetValue(path, out var known)) return known;
        var exists = false;
        foreach (var lower in _lowers)
        {
            var candidate = lower + path;
            if (Path.Exists(candidate) || new FileInfo(candidate).LinkTarget is not null)
            {
                exists = true;
                break;
            }
        }
        _existsBelow[path] = exists;
        return exists;
    }

    readonly record struct StatResult(ulong Inode, uint Mode, ulong Rdev, long Mtime, long Ctime);

    unsafe bool Stat(string path, out StatResult stat)
    {
        var buffer = stackalloc byte[256];
        if (lstat(path, buffer) != 0)
        {
            stat = default;
            return false;
        }
        stat = new StatResult(*(ulong*)(buffer + _layout.Inode), *(uint*)(buffer + _layout.Mode), *(ulong*)(buffer + _layout.Rdev),
            Nanoseconds(buffer + _layout.Mtime), Nanoseconds(buffer + _layout.Ctime));
        return true;
    }

    static unsafe long Nanoseconds(byte* timespec) => *(long*)timespec * 1_000_000_000 + *(long*)(timespec + 8);

    static long NowNanoseconds() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int lstat(string path, byte* buffer);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial nint lgetxattr(string path, string name, byte* value, nuint size);
}
