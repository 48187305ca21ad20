namespace DockerRecord.Passes.Files;

/// <summary>
/// Paths inside the container and their place in the build context. A container path is made absolute and normalised
/// lexically (<c>.</c> and <c>..</c> resolved, <c>..</c> at the root stays at the root), so it can never name anything
/// outside the image; its context path is <c>rootfs/&lt;path&gt;</c> with every character the Dockerfile or a glob
/// could read specially replaced by <c>_</c>, so COPY never needs quoting and never globs.
/// </summary>
public static class ContainerPaths
{
    /// <summary>The folder of the context that mirrors the container's file system.</summary>
    public const string ContextRoot = "rootfs";

    /// <summary>
    /// <paramref name="path"/> made absolute against <paramref name="workdir"/> and normalised; null when it is empty,
    /// the root itself, or holds a NUL.
    /// </summary>
    public static string? Normalize(string path, string workdir = "/")
    {
        if (path.Length == 0 || path.Contains('\0')) return null;
        var full = path.StartsWith('/') ? path : workdir.TrimEnd('/') + "/" + path;
        var segments = new List<string>();
        foreach (var segment in full.Split('/'))
        {
            if (segment is "" or ".") continue;
            if (segment == "..")
            {
                if (segments.Count > 0) segments.RemoveAt(segments.Count - 1);
                continue;
            }
            segments.Add(segment);
        }
        return segments.Count == 0 ? null : "/" + string.Join('/', segments);
    }

    /// <summary>The context path for a normalised container path: <c>/etc/nginx/nginx.conf</c> → <c>rootfs/etc/nginx/nginx.conf</c>.</summary>
    public static string ContextPathFor(string normalizedPath, string root = ContextRoot) =>
        root + string.Concat(normalizedPath.Select(c => c == '/' || IsPlain(c) ? c : '_'));

    static bool IsPlain(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '+' or '@' or ',' or '=' or '%';

    /// <summary>
    /// True when <paramref name="relative"/> is a plain relative path that stays inside the folder it is relative to:
    /// not rooted, no <c>..</c> segment, no empty or <c>.</c> segment, no NUL or backslash.
    /// </summary>
    public static bool IsContained(string relative) =>
        relative.Length > 0 && !relative.StartsWith('/') && !Path.IsPathRooted(relative)
        && !relative.Contains('\0') && !relative.Contains('\\')
        && relative.Split('/').All(segment => segment is not ("" or "." or ".."));
}
