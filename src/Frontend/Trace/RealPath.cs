using System.Runtime.InteropServices;

namespace DockerRecord.Frontend.Trace;

/// <summary>
/// Where a path really leads, every symbolic link, <c>.</c> and <c>..</c> resolved (<c>realpath(3)</c>). .NET's
/// <c>Path.GetFullPath</c> only rewrites the text, so a link anywhere on the way (a folder of a trace that points
/// elsewhere) goes unseen: drec asks the real path before it trusts a file to be inside the trace, or a place to be
/// outside it.
/// </summary>
public static partial class RealPath
{
    /// <summary>The real path of an existing file or folder; null when there is none.</summary>
    public static string? Of(string path) => Of(path, out _, out _);

    /// <summary>
    /// The real path of an existing file or folder; null, with the system's reason in <paramref name="why"/>, when it
    /// cannot be resolved: <paramref name="missing"/> when something on the way does not exist (a link that leads
    /// nowhere included), else a loop of links, a file where a folder should be, no permission.
    /// </summary>
    public static string? Of(string path, out string? why, out bool missing)
    {
        if (path.Length == 0)
        {
            (why, missing) = ("No such file or directory", true);
            return null;
        }
        if (!OperatingSystem.IsWindows())
        {
            try
            {
                return Native(path, out why, out missing);
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                // no libc realpath: the walk below gives the same answer
            }
        }
        return Walk(path, out why, out missing);
    }

    /// <summary>
    /// Where writing <paramref name="path"/> would land: the real path of its longest part that exists, then the
    /// rest as written (<c>.</c> and <c>..</c> resolved in the text: nothing there is a link yet). A dangling link on
    /// the way counts as its target, which writing through it would create.
    /// </summary>
    public static string Where(string path) => Where(path, MaxLinks);

    static string Where(string path, int linksLeft)
    {
        // not Path.GetFullPath: it would take `link/..` out of the text, where the system goes up from the link's target
        var full = Absolute(path);
        var rest = new Stack<string>();
        for (var existing = full; existing is not null; existing = Path.GetDirectoryName(existing))
        {
            if (Of(existing) is { } real) return Path.GetFullPath(rest.Aggregate(real, Path.Combine));
            // (FileInfo reads `x/..` as the text's parent: only a plain name can be the dangling link)
            if (linksLeft > 0 && Path.GetFileName(existing) is not ("." or "..") && new FileInfo(existing).LinkTarget is { } target)
                return Path.GetFullPath(rest.Aggregate(Where(Path.Combine(Path.GetDirectoryName(existing) ?? "/", target), linksLeft - 1), Path.Combine));
            rest.Push(Path.GetFileName(existing));
        }
        return Path.GetFullPath(full);
    }

    static string Absolute(string path) => Path.IsPathRooted(path) ? path : Path.Combine(Directory.GetCurrentDirectory(), path);

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or below it (both real, absolute).</summary>
    public static bool IsInside(string path, string folder)
    {
        var trimmed = folder.Length > 1 ? folder.TrimEnd(Path.DirectorySeparatorChar) : folder;
        if (path.Length == trimmed.Length) return path == trimmed;
        return path.StartsWith(trimmed, StringComparison.Ordinal)
            && (trimmed.EndsWith(Path.DirectorySeparatorChar) || path[trimmed.Length] == Path.DirectorySeparatorChar);
    }

    const int PathMax = 4096;

    const int NoSuchFile = 2; // ENOENT, the same number on Linux and macOS

    static unsafe string? Native(string path, out string? why, out bool missing)
    {
        (why, missing) = (null, false);
        var resolved = stackalloc byte[PathMax + 1];
        if (realpath(path, resolved) == null)
        {
            var error = Marshal.GetLastPInvokeError();
            (why, missing) = (Marshal.GetPInvokeErrorMessage(error), error == NoSuchFile);
            return null;
        }
        return Marshal.PtrToStringUTF8((nint)resolved);
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial byte* realpath(string path, byte* resolved);

    /// <summary>As many links as the system follows in one path before it calls it a loop (Linux's MAXSYMLINKS).</summary>
    const int MaxLinks = 40;

    /// <summary>The same resolution, one component at a time, for a system without <c>realpath</c>.</summary>
    internal static string? Walk(string path, out string? why, out bool missing)
    {
        (why, missing) = (null, false);
        var full = Absolute(path);
        var root = Path.GetPathRoot(full)!;
        var pending = new Stack<string>(Components(full[root.Length..]).Reverse());
        var resolved = root;
        var links = 0;
        while (pending.TryPop(out var component))
        {
            if (component == ".") continue;
            if (component == "..")
            {
                resolved = Path.GetDirectoryName(resolved) ?? root;
                continue;
            }
            var next = Path.Combine(resolved, component);
            var info = new FileInfo(next);
            if (!info.Exists && !Directory.Exists(next))
            {
                (why, missing) = ("No such file or directory", true);
                return null;
            }
            if (info.LinkTarget is not { } target)
            {
                resolved = next;
                continue;
            }
            if (++links > MaxLinks)
            {
                why = "Too many levels of symbolic links";
                return null;
            }
            if (Path.IsPathRooted(target)) resolved = Path.GetPathRoot(target)!;
            foreach (var part in Components(Path.IsPathRooted(target) ? target[Path.GetPathRoot(target)!.Length..] : target).Reverse())
                pending.Push(part);
        }
        return resolved;
    }

    static IEnumerable<string> Components(string relative) =>
        relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Where(c => c.Length > 0);
}
