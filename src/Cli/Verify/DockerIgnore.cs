using System.Text;
using System.Text.RegularExpressions;

namespace DockerRecord.Cli.Verify;

/// <summary>
/// The rules of a <c>.dockerignore</c> file as the engine's client applies them: one pattern a line (<c>#</c> starts a
/// comment), <c>*</c> and <c>?</c> within a path segment, <c>**</c> across segments, <c>!</c> to bring a path back, the
/// last matching line wins, and a pattern that matches a folder matches everything in it.
/// </summary>
sealed class DockerIgnore
{
    readonly List<(Regex Pattern, bool Include)> _rules;

    DockerIgnore(List<(Regex, bool)> rules) => _rules = rules;

    public static DockerIgnore Empty { get; } = new([]);

    /// <summary>True when some <c>!</c> line may bring back a path inside an ignored folder.</summary>
    public bool HasExceptions => _rules.Any(r => r.Include);

    public static DockerIgnore Parse(string text)
    {
        var rules = new List<(Regex, bool)>();
        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var include = line.StartsWith('!');
            if (include) line = line[1..].Trim();
            line = Clean(line);
            if (line.Length == 0) continue;
            rules.Add((new Regex(ToRegex(line), RegexOptions.CultureInvariant), include));
        }
        return new DockerIgnore(rules);
    }

    public static DockerIgnore Load(string folder)
    {
        var path = Path.Combine(folder, ".dockerignore");
        return File.Exists(path) ? Parse(File.ReadAllText(path)) : Empty;
    }

    /// <summary>Whether the context-relative path (with <c>/</c>) is left out of the build context.</summary>
    public bool IsExcluded(string relativePath)
    {
        var path = Clean(relativePath);
        var excluded = false;
        foreach (var (pattern, include) in _rules)
        {
            if (MatchesOrParentMatches(pattern, path)) excluded = !include;
        }
        return excluded;
    }

    static bool MatchesOrParentMatches(Regex pattern, string path)
    {
        if (pattern.IsMatch(path)) return true;
        for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
            if (pattern.IsMatch(path[..slash])) return true;
        return false;
    }

    static string Clean(string path)
    {
        var segments = new List<string>();
        foreach (var segment in path.Replace('\\', '/').Split('/'))
        {
            if (segment is "" or ".") continue;
            if (segment == ".." ) { if (segments.Count > 0) segments.RemoveAt(segments.Count - 1); continue; }
            segments.Add(segment);
        }
        return string.Join('/', segments);
    }

    static string ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                i++;
                if (i + 1 < pattern.Length && pattern[i + 1] == '/') { i++; regex.Append("(?:.*/)?"); }
                else regex.Append(".*");
            }
            else if (c == '*') regex.Append("[^/]*");
            else if (c == '?') regex.Append("[^/]");
            else if (c == '[')
            {
                var close = pattern.IndexOf(']', i + 1);
                if (close < 0) { regex.Append(@"\["); continue; }
                var set = pattern[(i + 1)..close];
                regex.Append('[').Append(set.StartsWith('^') || set.StartsWith('!') ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                i = close;
            }
            else regex.Append(Regex.Escape(c.ToString()));
        }
        return regex.Append('$').ToString();
    }
}
