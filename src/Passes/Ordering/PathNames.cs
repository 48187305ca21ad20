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
        // most recorded paths are already normal: no string is built for them
        if (Filtering.PathNames.IsNormalAbsolute(path) && path.AsSpan().IndexOfAny("*?[{") < 0) return path;
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
        if (!path.StartsWith('/'))
        {
            path = workdir.TrimEnd('/') + "/" + path;
            // a plain name in a normal workdir (`> version.txt`) needs no taking apart
            if (glob < 0 && Filtering.PathNames.IsNormalAbsolute(path)) return path;
        }

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
