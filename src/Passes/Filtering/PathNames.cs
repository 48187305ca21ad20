using System.Collections.Immutable;
using System.Text;
using DockerRecord.Frontend.Syntax;

namespace DockerRecord.Passes.Filtering;

/// <summary>
/// Container paths: normalizing them (absolute, no <c>.</c>, <c>..</c> or trailing slash), and finding the paths a
/// command line names in its words and redirections, which is how passes guess what a command reads or writes.
/// </summary>
public static class PathNames
{
    /// <summary>
    /// Places whose changes never matter for the image: scratch space, logs, caches, runtime files and kernel
    /// views (the same noise the recorder leaves out of captured files, docs/trace-format.md).
    /// </summary>
    public static readonly ImmutableArray<string> Noise =
        ["/tmp", "/var/tmp", "/run", "/var/run", "/var/log", "/var/cache", "/var/lib/apt/lists", "/proc", "/sys", "/dev"];

    public static bool IsNoise(string path) =>
        Noise.Any(n => path == n || path.StartsWith(n + "/", StringComparison.Ordinal))
        || Path.GetFileName(path) is ".bash_history" or ".lesshst" or ".viminfo" or ".wget-hsts" or ".python_history";

    /// <summary><paramref name="path"/> made absolute against <paramref name="directory"/> and normalized.</summary>
    public static string Resolve(string directory, string path)
    {
        if (IsNormalAbsolute(path)) return path;
        var full = path.StartsWith('/') ? path : directory.TrimEnd('/') + "/" + path;
        var parts = new List<string>();
        foreach (var part in full.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(part);
        }
        var text = new StringBuilder();
        foreach (var part in parts) text.Append('/').Append(part);
        return text.Length == 0 ? "/" : text.ToString();
    }

    /// <summary>True for an absolute path with no empty, <c>.</c> or <c>..</c> part and no trailing slash.</summary>
    public static bool IsNormalAbsolute(string path)
    {
        if (path.Length == 0 || path[0] != '/') return false;
        if (path.Length == 1) return true;
        var span = path.AsSpan();
        return span[^1] != '/' && !span.Contains("//", StringComparison.Ordinal) && !span.Contains("/./", StringComparison.Ordinal)
            && !span.Contains("/../", StringComparison.Ordinal) && !span.EndsWith("/.", StringComparison.Ordinal)
            && !span.EndsWith("/..", StringComparison.Ordinal);
    }

    /// <summary>
    /// The paths the statements name: every static word or redirection target that looks like a path (it holds a
    /// <c>/</c> or a dot-extension), also after <c>=</c> in <c>--opt=value</c>, resolved against <paramref name="workdir"/>.
    /// </summary>
    public static IEnumerable<string> Named(ImmutableArray<Stmt> stmts, string workdir)
    {
        foreach (var node in SyntaxNodes.Descendants(stmts))
        {
            var word = node switch
            {
                Word w => w,
                _ => null,
            };
            if (word is null || SyntaxNodes.StaticValue(word) is not { Length: > 0 } value) continue;
            if (value.IndexOf('=') is var eq and >= 0) value = value[(eq + 1)..];
            if (value.Length == 0 || value.StartsWith('-') || value.StartsWith('~') || value.Contains("://")) continue;
            if (value.Contains('/') || value.Contains('.'))
                yield return Resolve(workdir, value);
        }
    }

    /// <summary>
    /// The paths of a change set worth naming: the deepest ones (a diff lists every folder above a changed file as
    /// changed too) and not noise.
    /// </summary>
    public static List<string> Leaves(IEnumerable<string> paths)
    {
        var all = paths.Distinct().Order(StringComparer.Ordinal).ToList();
        var parents = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in all)
            for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
                if (!parents.Add(path[..slash])) break;
        return all.Where(p => !parents.Contains(p) && !IsNoise(p)).ToList();
    }
}
