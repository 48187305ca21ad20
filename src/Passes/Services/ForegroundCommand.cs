using System.Collections.Immutable;
using DockerRecord.IR;

namespace DockerRecord.Passes.Services;

/// <summary>
/// The CMD for a service: its program in the foreground, in exec form, and the user it must run as.
/// <see cref="DirectoryLost"/> is set when the program ran in another folder than the image's final WORKDIR, reads
/// its files relative to it, and has no option to say where.
/// </summary>
sealed record ForegroundCommand(ImmutableArray<string> Arguments, string User, bool NeedsRoot, bool DirectoryLost)
{
    static readonly ImmutableHashSet<string> PathExtensions =
        [".js", ".mjs", ".cjs", ".ts", ".py", ".rb", ".php", ".pl", ".lua", ".sh", ".jar", ".conf", ".cfg", ".ini", ".yml", ".yaml", ".json", ".toml"];

    /// <summary>The foreground form of <paramref name="start"/>; null with a reason when drec cannot write one.</summary>
    public static ForegroundCommand? For(ServiceStart start, RunContext final, ServiceTimeline timeline, CompilationContext context, out string? reason)
    {
        reason = null;
        var needsRoot = start.Service?.NeedsRoot == true || start.Processes.Any(timeline.PrivilegedPortProcesses.Contains);
        if (start.UsesServiceForm)
        {
            var arguments = ServiceForm(start, start.Service!, context, out reason);
            if (arguments.IsDefault) return null;
            // an init script runs the daemon as the service's user; a wrapper typed by hand, as whoever typed it
            var user = start.Kind == StartKind.Init ? start.Service!.User ?? "root" : start.User;
            return new ForegroundCommand(arguments, user, needsRoot, DirectoryLost: false);
        }

        var invocation = start.Invocation!;
        if (!invocation.Static)
        {
            // a word that expands ($PORT, *.js) cannot be a value of the exec form: bash expands it and gives way
            var text = invocation.ToString();
            return new ForegroundCommand(["/bin/bash", "-c", "exec " + text], start.User, needsRoot, start.Directory != final.Workdir);
        }
        return SameArguments(start, invocation, final, needsRoot);
    }

    static ImmutableArray<string> ServiceForm(ServiceStart start, ServiceDefinition service, CompilationContext context, out string? reason)
    {
        reason = null;
        var version = start.Version;
        if (service.Key == "postgresql")
        {
            version ??= InstalledFiles.PostgresVersion(context);
            if (version is null)
            {
                reason = "the trace does not show which PostgreSQL version is installed (/usr/lib/postgresql/<version>)";
                return default;
            }
        }
        var arguments = service.Foreground.Select(a => NamePattern.Fill(a, version, start.Cluster ?? "main")).ToImmutableArray();
        if (service.Key == "mariadb" && InstalledFiles.OnlyMysqld(context)) arguments = arguments.SetItem(0, "mysqld");
        return arguments;
    }

    static ForegroundCommand SameArguments(ServiceStart start, Invocation invocation, RunContext final, bool needsRoot)
    {
        var program = start.Program;
        var values = invocation.Values.Select(v => v!).ToList();

        // the daemonize flags go, the foreground ones come
        if (program is not null && !program.DaemonizeFlags.IsDefaultOrEmpty)
            for (var i = values.Count - 1; i >= 1; i--)
                foreach (var (flag, count) in program.DaemonizeFlags)
                    if (values[i] == flag) { values.RemoveRange(i, Math.Min(1 + count, values.Count - i)); break; }
        if (program is not null && !program.ForegroundArguments.IsDefaultOrEmpty && !ServiceCommands.RunsInForeground(program, values))
        {
            var g = program.ForegroundArguments[0] == "-g" ? values.IndexOf("-g") : -1;
            if (g > 0 && g + 1 < values.Count) values[g + 1] = program.ForegroundArguments[1] + " " + values[g + 1];
            else values.AddRange(program.ForegroundArguments);
        }

        // relative paths were relative to where it ran; the CMD runs in the final WORKDIR
        var directoryLost = false;
        if (start.Directory != final.Workdir)
        {
            if (values[0].Contains('/')) values[0] = Paths.Combine(start.Directory, values[0]);
            for (var i = 1; i < values.Count; i++)
                if (LooksLikeRelativePath(values[i]) && values[i - 1] != "-m")
                    values[i] = Paths.Combine(start.Directory, values[i]);
            if (program?.ChdirOption is { } chdir)
            {
                if (invocation.OptionValue(chdir) is null) values.AddRange([chdir, start.Directory]);
            }
            else directoryLost = program?.Service is null;
        }

        var arguments = invocation.Environment.IsEmpty ? [.. values] : ImmutableArray.Create(["env", .. invocation.Environment, .. values]);
        return new ForegroundCommand(arguments, start.User, needsRoot, directoryLost);
    }

    static bool LooksLikeRelativePath(string value) =>
        value.Length > 0 && !value.StartsWith('/') && !value.StartsWith('-') && !value.Contains("://", StringComparison.Ordinal)
        && !value.Contains('=') && !(value.Contains(':') && !value.Contains('/'))
        && (value.Contains('/') || PathExtensions.Contains(Path.GetExtension(value)) || value is "." or "..");
}
