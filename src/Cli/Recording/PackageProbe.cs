namespace DockerRecord.Cli.Recording;

/// <summary>
/// The installed Debian packages and their versions, from dpkg's database inside the container (<c>dpkg-query -W</c>):
/// what <c>drec compile --pin</c> pins. One helper command per probe; a container without dpkg gives null, not an
/// error.
/// </summary>
static class PackageProbe
{
    public const string Manager = "dpkg";

    /// <summary>dpkg's database, where every install, removal and upgrade leaves a change (status, info/*.list…).</summary>
    public const string DatabaseFolder = "/var/lib/dpkg";

    // the status letters first: a package removed with its configuration kept is listed too, but not installed
    const string Format = "${db:Status-Abbrev}\\t${binary:Package}\\t${Version}\\n";

    const string Script = "command -v dpkg-query >/dev/null 2>&1 || exit 0; echo '#dpkg'; exec dpkg-query -W -f \"$0\"";

    public static async Task<IReadOnlyDictionary<string, string>?> ProbeAsync(ContainerCommands commands, CancellationToken cancellation)
    {
        var result = await commands.ShellAsync(Script, cancellation, Format);
        return result.ExitCode == 0 ? Parse(result.Stdout) : null;
    }

    /// <summary>True when a command's changes touch dpkg's database, so the installed packages may have changed.</summary>
    public static bool Touches(Frontend.Trace.FileChanges changes) =>
        changes.Added.Concat(changes.Changed).Concat(changes.Deleted).Any(path =>
            path == DatabaseFolder || path.StartsWith(DatabaseFolder + "/", StringComparison.Ordinal));

    /// <summary>Parses the probe's output (public for tests): null when the container has no dpkg.</summary>
    public static IReadOnlyDictionary<string, string>? Parse(string output)
    {
        var lines = output.Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != "#dpkg") return null;
        var packages = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split('\t');
            // "ii ": wanted install, installed; "rc " (removed, configuration kept) and half-installed ones are not pins
            if (fields.Length != 3 || fields[0].Length < 2 || fields[0][1] != 'i') continue;
            if (fields[1].Length == 0 || fields[2].Length == 0) continue;
            packages[fields[1]] = fields[2];
        }
        return packages;
    }
}
