using DockerRecord.Frontend.Diagnostics;
using DockerRecord.IR;

namespace DockerRecord.Passes.Services;

/// <summary>A folder that holds data a container writes at run time: a VOLUME candidate.</summary>
sealed record DataDirectory(string Path, string Why, TraceLocation At);

/// <summary>
/// Finds the data directories of a program: those of the services started (the knowledge table's, or the folder a
/// data-directory option names, such as <c>redis-server --dir /data</c> or <c>mysqld --datadir=…</c>), and those
/// the kept RUNs create under a data root (<c>mkdir -p /data</c>, <c>/srv/…</c>, <c>/var/lib/&lt;app&gt;</c>,
/// <c>…/data</c>). A folder inside another one found is left out; the result is sorted.
/// </summary>
static class DataDirectories
{
    public static IReadOnlyList<DataDirectory> Find(ImageProgram program, ServiceTimeline timeline, CompilationContext context)
    {
        var found = new List<DataDirectory>();
        var defaults = new List<DataDirectory>();
        foreach (var start in timeline.Starts)
        {
            var option = start.Program is { DataDirectoryOptions.IsDefaultOrEmpty: false } program1 && start.Invocation is { } invocation
                ? program1.DataDirectoryOptions.Select(invocation.OptionValue).FirstOrDefault(v => v is not null)
                : null;
            if (option is not null)
                found.Add(new DataDirectory(Paths.Combine(start.Directory, option), $"the data of {start.DisplayName}", start.At));
            else if (start.Service is { } service)
                defaults.AddRange(service.DataDirectories.Select(d => new DataDirectory(d, $"the data of {service.Key}", start.At)));
        }
        found.AddRange(Existing(defaults, context));
        found.AddRange(CreatedForData(program));

        // the outermost folder wins, the first reason found for it is given
        var result = new List<DataDirectory>();
        foreach (var directory in found.OrderBy(d => d.Path, StringComparer.Ordinal))
            if (result.Count == 0 || !Paths.IsUnder(directory.Path, result[^1].Path))
                result.Add(directory);
        return result;
    }

    /// <summary>The service defaults the trace shows exist (a package installed them, or the service wrote there).</summary>
    static IEnumerable<DataDirectory> Existing(List<DataDirectory> candidates, CompilationContext context)
    {
        if (candidates.Count == 0) return [];
        var remaining = candidates.DistinctBy(c => c.Path).ToList();
        var seen = new List<DataDirectory>();
        foreach (var (_, record, _) in context.AllCommands)
        {
            foreach (var path in record.Changes.Added.Concat(record.Changes.Changed))
                for (var i = remaining.Count - 1; i >= 0; i--)
                    if (Paths.IsUnder(path, remaining[i].Path))
                    {
                        seen.Add(remaining[i]);
                        remaining.RemoveAt(i);
                    }
            if (remaining.Count == 0) break;
        }
        return seen;
    }

    /// <summary>The data folders the RUNs create, in program order; the RUNs are looked through on every core.</summary>
    static IEnumerable<DataDirectory> CreatedForData(ImageProgram program)
    {
        var runs = program.Runs().ToArray();
        var created = new List<DataDirectory>?[runs.Length];
        Parallel.For(0, runs.Length, i => created[i] = CreatedBy(runs[i]));
        return created.Where(c => c is not null).SelectMany(c => c!);
    }

    /// <summary>The data folders one RUN's <c>mkdir</c>s create; null when none (most RUNs).</summary>
    static List<DataDirectory>? CreatedBy(RunInstruction run)
    {
        List<DataDirectory>? created = null;
        foreach (var step in run.Steps)
        {
            if (step.Opaque) continue;
            foreach (var command in LineWalker.Commands(step.Stmts, run.Context.Workdir))
            {
                if (!MayRunMkdir(command.Command) || Invocation.Of(command.Command) is not { FileName: "mkdir" } mkdir) continue;
                for (var i = 1; i < mkdir.Values.Length; i++)
                {
                    var value = mkdir.Values[i];
                    if (value is "-m" or "--mode") { i++; continue; }
                    if (value is null || value.StartsWith('-')) continue;
                    var path = Paths.Combine(command.Directory, value);
                    if (IsForData(path))
                        (created ??= []).Add(new DataDirectory(path, $"data (created by `{mkdir.Text}`)", step.Source));
                }
            }
        }
        return created;
    }

    /// <summary>False when no word of the command is <c>mkdir</c>: then it has no program or another one.</summary>
    static bool MayRunMkdir(Frontend.Syntax.SimpleCommand command)
    {
        foreach (var word in command.Args)
            if (ShellWords.StaticValue(word) is { } value && value.EndsWith("mkdir", StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>Whether a folder someone created is a place for data (see <see cref="ServiceCatalog.DataRoots"/>).</summary>
    public static bool IsForData(string path)
    {
        if (path == "/") return false;
        var name = path[(path.LastIndexOf('/') + 1)..];
        if (ServiceCatalog.DataDirectoryNames.Contains(name)) return true;
        foreach (var root in ServiceCatalog.DataRoots)
        {
            if (path == root) return root == "/data";
            if (!Paths.IsUnder(path, root)) continue;
            var top = root + "/" + path[(root.Length + 1)..].Split('/')[0];
            return !ServiceCatalog.SystemStateDirectories.Contains(top);
        }
        return false;
    }
}
