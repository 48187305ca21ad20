using System.Text;
using System.Text.RegularExpressions;

namespace DockerRecord.Cli.Verify;

/// <summary>
/// Paths whose changes say nothing about whether the image reproduces the container: logs, caches, package lists,
/// temporary and run-time folders, shell history, editor state, compiled Python, and the folders services fill while
/// they run. The default list is <see cref="Defaults"/> (documented in docs/verify.md); <c>--ignore PATTERN</c> and
/// a <c>.drec-verify-ignore</c> file in the Dockerfile's folder add to it.
/// </summary>
/// <remarks>
/// Pattern syntax: a pattern that starts with <c>/</c> is anchored at the root, any other matches at any depth
/// (<c>*.pyc</c>, <c>.viminfo</c>); <c>*</c> and <c>?</c> stay within a path segment, <c>**</c> spans segments; a
/// pattern that matches a folder also matches everything in it.
/// </remarks>
sealed class NoiseFilter
{
    /// <summary>The default noise, one group per reason.</summary>
    public static IReadOnlyList<(string Reason, string[] Patterns)> Defaults { get; } =
    [
        ("temporary and run-time folders", ["/tmp", "/var/tmp", "/run", "/var/run", "/dev", "/proc", "/sys"]),
        ("files the engine manages", ["/etc/hostname", "/etc/hosts", "/etc/resolv.conf", "/etc/mtab", "/.dockerenv"]),
        ("logs", ["/var/log"]),
        ("caches", ["/var/cache", ".cache", "/var/backups"]),
        ("package manager state that is rebuilt or dated", [
            "/var/lib/apt/lists", "/var/lib/dpkg/*-old", "/var/lib/dpkg/lock*", "/var/lib/dpkg/triggers/Lock",
            "/var/lib/apt/periodic", "/etc/.pwd.lock", "/etc/ld.so.cache",
        ]),
        ("shell and tool history", [
            ".bash_history", ".sh_history", ".zsh_history", ".python_history", ".mysql_history", ".psql_history",
            ".sqlite_history", ".node_repl_history", ".rediscli_history", ".lesshst", ".wget-hsts",
        ]),
        ("editor state", [".viminfo", ".*.swp", ".*.swo", ".*.swx", ".nano", ".local/share/nano", ".emacs.d/auto-save-list", "*~", ".netrwhist"]),
        ("compiled Python", ["*.pyc", "*.pyo", "__pycache__"]),
        ("run-time folders of services", [
            "*.pid", "*.sock", "/var/lib/nginx", "/var/lib/php/sessions", "/var/lib/postgresql/*/main/pg_stat_tmp",
            "/var/lib/postgresql/*/main/postmaster.*", "/var/lib/mysql/*.pid", "/var/lib/mysql/mysql.sock",
            "/var/spool/postfix/pid", "/var/lib/systemd", "/var/lib/dhcp",
        ]),
    ];

    /// <summary>The name of the optional file, in the Dockerfile's folder, with more patterns (one a line, # comments).</summary>
    public const string ConfigFileName = ".drec-verify-ignore";

    readonly Regex _regex;

    NoiseFilter(IReadOnlyList<string> patterns)
    {
        Patterns = patterns;
        // one alternation: a path is tested once whatever the number of patterns
        _regex = new Regex(string.Join("|", patterns.Select(ToRegex)), RegexOptions.CultureInvariant);
    }

    public IReadOnlyList<string> Patterns { get; }

    public static NoiseFilter Create(IEnumerable<string> extra, bool useDefaults = true) =>
        new([.. (useDefaults ? Defaults.SelectMany(d => d.Patterns) : []), .. extra.Where(p => p.Trim().Length > 0).Select(p => p.Trim())]);

    /// <summary>The patterns of a config file: one a line, blank lines and <c>#</c> comments skipped.</summary>
    public static IEnumerable<string> ReadConfig(string path) =>
        File.Exists(path)
            ? File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            : [];

    public bool IsNoise(string path) => Patterns.Count > 0 && _regex.IsMatch(path);

    static string ToRegex(string pattern)
    {
        var anchored = pattern.StartsWith('/');
        var body = new StringBuilder(anchored ? "^" : "^(?:.*/)?");
        var text = pattern.Trim('/');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '*' && i + 1 < text.Length && text[i + 1] == '*')
            {
                i++;
                if (i + 1 < text.Length && text[i + 1] == '/') { i++; body.Append("(?:.*/)?"); }
                else body.Append(".*");
            }
            else if (c == '*') body.Append("[^/]*");
            else if (c == '?') body.Append("[^/]");
            else body.Append(Regex.Escape(c.ToString()));
        }
        if (anchored) body.Insert(1, '/');
        return "(?:" + body + "(?:/.*)?$)";
    }
}
