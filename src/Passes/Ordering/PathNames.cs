namespace DockerRecord.Passes.Ordering;

/// <summary>Absolute, normalised paths: what the dependency analysis compares.</summary>
static class PathNames
{
    /// <summary>
    /// <paramref name="path"/> made absolute against <paramref name="workdir"/> (<c>~</c> is the user's home), with
    /// <c>.</c>, <c>..</c>, repeated and trailing slashes removed. A glob keeps only the folder before its first
    /// pattern character (<c>/var/lib/apt/lists/*</c> is <c>/var/lib/apt/lists</c>): accesses are subtrees anyway.
    /// </summary>
    public static string Resolve(string path, string workdir, string user)
    {
        if (IsNormalAbsolute(path)) return path; // most recorded paths: no string is built
        if (path.StartsWith('~'))
        {
            var slash = path.IndexOf('/');
            var name = slash < 0 ? path[1..] : path[1..slash];
            var rest = slash < 0 ? "" : path[slash..];
            var owner = name.Length == 0 ? user : name;
            path = (owner == "root" ? "/root" : "/home/" + owner) + rest;
        }
        var glob = path.IndexOfAny(['*', '?', '[', '{']);
        if (glob >= 0) path = path[..(path.LastIndexOf('/', glob) + 1)];
        if (!path.StartsWith('/')) path = workdir.TrimEnd('/') + "/" + path;

        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..")
            {
                if (parts.Count > 0) parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return "/" + string.Join('/', parts);
    }

    /// <summary>True when <see cref="Resolve"/> would return <paramref name="path"/> unchanged.</summary>
    static bool IsNormalAbsolute(string path)
    {
        if (path.Length == 0 || path[0] != '/') return false;
        if (path.Length == 1) return true;
        if (path[^1] == '/' || path.AsSpan().IndexOfAny("*?[{") >= 0) return false;
        var span = path.AsSpan();
        return !span.Contains("//", StringComparison.Ordinal) && !span.Contains("/./", StringComparison.Ordinal)
            && !span.Contains("/../", StringComparison.Ordinal) && !span.EndsWith("/.", StringComparison.Ordinal)
            && !span.EndsWith("/..", StringComparison.Ordinal);
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or under it (both normalised).</summary>
    public static bool IsUnder(string path, string folder) =>
        folder == "/" || path == folder || (path.StartsWith(folder, StringComparison.Ordinal) && path.Length > folder.Length && path[folder.Length] == '/');

    public static bool IsUnderAny(string path, string[] folders)
    {
        foreach (var folder in folders)
            if (IsUnder(path, folder)) return true;
        return false;
    }

    /// <summary>
    /// Whether an argument of a program the tables do not know names a file: it has a slash or starts with <c>.</c>
    /// or <c>~</c>, or it is <c>name.ext</c>. Options, URLs and assignments are not paths.
    /// </summary>
    public static bool LooksLikePath(string argument)
    {
        if (argument.Length == 0 || argument[0] == '-' || argument.Contains("://", StringComparison.Ordinal) || argument.Contains('=')) return false;
        if (argument.Contains('/') || argument[0] is '.' or '~') return true;
        var dot = argument.LastIndexOf('.');
        return dot > 0 && dot < argument.Length - 1 && argument.AsSpan(dot + 1).IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") < 0
            && !char.IsDigit(argument[0]);
    }
}
