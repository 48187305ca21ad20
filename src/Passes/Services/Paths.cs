namespace DockerRecord.Passes.Services;

/// <summary>Absolute container paths (always <c>/</c>-separated, whatever the host).</summary>
static class Paths
{
    /// <summary><paramref name="path"/> made absolute against <paramref name="directory"/>, with <c>.</c> and <c>..</c> resolved.</summary>
    public static string Combine(string directory, string path)
    {
        var full = path.StartsWith('/') ? path : directory.TrimEnd('/') + "/" + path;
        var parts = new List<string>();
        foreach (var part in full.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(part);
        }
        return "/" + string.Join('/', parts);
    }

    /// <summary><paramref name="path"/> is <paramref name="directory"/> or inside it.</summary>
    public static bool IsUnder(string path, string directory) =>
        path == directory || directory == "/" || path.StartsWith(directory + "/", StringComparison.Ordinal);
}
