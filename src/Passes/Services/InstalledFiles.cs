namespace DockerRecord.Passes.Services;

/// <summary>What the trace's file changes say was installed, for the foreground forms that depend on it.</summary>
static class InstalledFiles
{
    const string PostgresRoot = "/usr/lib/postgresql/";

    /// <summary>The highest PostgreSQL major version installed during the session (Debian's /usr/lib/postgresql/&lt;v&gt;).</summary>
    public static string? PostgresVersion(CompilationContext context)
    {
        string? best = null;
        foreach (var path in AddedPaths(context))
        {
            if (!path.StartsWith(PostgresRoot, StringComparison.Ordinal)) continue;
            var rest = path[PostgresRoot.Length..];
            var version = rest.Split('/')[0];
            if (NamePattern.IsVersion(version) && (best is null || Version.Parse(Normalize(version)) > Version.Parse(Normalize(best))))
                best = version;
        }
        return best;
    }

    /// <summary>The session installed mysqld but not mariadbd (Oracle's MySQL rather than MariaDB).</summary>
    public static bool OnlyMysqld(CompilationContext context)
    {
        var (mysqld, mariadbd) = (false, false);
        foreach (var path in AddedPaths(context))
        {
            mysqld |= path is "/usr/sbin/mysqld";
            mariadbd |= path is "/usr/sbin/mariadbd";
        }
        return mysqld && !mariadbd;
    }

    static IEnumerable<string> AddedPaths(CompilationContext context) =>
        context.AllCommands.SelectMany(c => c.Record.Changes.Added);

    static string Normalize(string version) => version.Contains('.') ? version : version + ".0";
}
