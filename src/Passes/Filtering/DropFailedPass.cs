using System.Buffers;
using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Trace;
using DockerRecord.IR;

namespace DockerRecord.Passes.Filtering;

/// <summary>
/// Pass drop-failed: a command line that never ran (bash found a syntax error), was interrupted (Ctrl-C) or exited
/// non-zero is not part of what the person meant to build, and would stop <c>docker build</c>. Its changes may
/// still matter: when a failed line left files that later kept commands name, or that nothing later touched (so they
/// are in the final container as it left them), the line stays out but DR3010 names those paths.
/// </summary>
public sealed class DropFailedPass : ICompilerPass
{
    /// <summary>Paths a DR3010 message names before it says "and N more".</summary>
    const int PathsInMessage = 5;

    public string Name => "drop-failed";

    public string Description => "drop command lines that did not run, failed or were interrupted; warn when a failed one left changes later commands use";

    public ImageProgram Run(ImageProgram program, CompilationContext context)
    {
        var failures = new Dictionary<TraceLocation, string>();
        foreach (var run in program.Runs())
            foreach (var step in run.Steps)
                if (Failure(context.Command(step.Source)) is { } why) failures[step.Source] = why;
        if (failures.Count == 0) return program;

        var lastWriter = LastWriters(context);
        // the paths failed lines left, by file name: only a line whose text holds one of these names can name one of
        // those paths, so only such lines are looked through (a path's last part always appears in text naming it)
        var leftBehind = failures.Keys.ToDictionary(at => at, at => PathNames.Leaves(context.Command(at).Changes.Added.Concat(context.Command(at).Changes.Changed)));
        var fileNames = leftBehind.Values.SelectMany(paths => paths).Select(Path.GetFileName).OfType<string>().Where(n => n.Length > 0)
            .Distinct(StringComparer.Ordinal).ToArray();
        var mayName = SearchValues.Create(fileNames, StringComparison.Ordinal);
        var output = new Instruction[program.Instructions.Length];
        var namedLater = new HashSet<string>(StringComparer.Ordinal);
        var findings = new List<(TraceLocation At, string Why, List<string> Left)>();
        // backwards, so that each failed line knows the paths the kept lines after it name
        for (var i = program.Instructions.Length - 1; i >= 0; i--)
        {
            var instruction = program.Instructions[i];
            if (instruction is not RunInstruction run) { output[i] = instruction; continue; }

            var kept = run.Steps;
            if (HasFailure(run.Steps, failures))
            {
                var builder = ImmutableArray.CreateBuilder<RunStep>(run.Steps.Length);
                foreach (var step in run.Steps)
                {
                    if (!failures.TryGetValue(step.Source, out var why)) { builder.Add(step); continue; }
                    var left = leftBehind[step.Source]
                        .Where(p => namedLater.Contains(p) || lastWriter.GetValueOrDefault(p) == step.Source)
                        .ToList();
                    findings.Add((step.Source, why, left));
                }
                kept = builder.DrainToImmutable();
            }
            foreach (var step in kept)
                if (!step.Opaque && fileNames.Length > 0 && step.Typed.AsSpan().IndexOfAny(mayName) >= 0)
                    namedLater.UnionWith(PathNames.Named(step.Stmts, run.Context.Workdir));
            output[i] = kept == run.Steps ? run : kept.IsEmpty ? null! : run.WithSteps(kept);
        }
        // found backwards; told in trace order
        foreach (var (at, why, left) in Enumerable.Reverse(findings))
        {
            context.Explain(at, Verdict.Dropped, why);
            if (left.Count > 0) context.Report(DiagnosticBuilder.FailedCommandLeftChanges(at, why, Summarize(left)));
        }
        return program.WithInstructionsIfChanged([.. output.Where(i => i is not null)]);
    }

    static bool HasFailure(ImmutableArray<RunStep> steps, Dictionary<TraceLocation, string> failures)
    {
        foreach (var step in steps)
            if (failures.ContainsKey(step.Source)) return true;
        return false;
    }

    /// <summary>Why the line counts as failed, or null when it ran and succeeded.</summary>
    public static string? Failure(CommandRecord record) => record switch
    {
        { Ran: false } => "did not run (bash found a syntax error)",
        { Interrupted: true } => "interrupted (Ctrl-C)",
        { Status: 127 } => "failed: command not found (exit status 127)",
        { Status: 126 } => "failed: command not executable (exit status 126)",
        { Status: not 0 and var status } => $"failed with exit status {status}",
        _ => null,
    };

    /// <summary>For every changed path, the last command that changed it (so later lines can tell who left it).</summary>
    static Dictionary<string, TraceLocation> LastWriters(CompilationContext context)
    {
        var last = new Dictionary<string, TraceLocation>(StringComparer.Ordinal);
        foreach (var (at, record, _) in context.AllCommands)
            foreach (var paths in (ReadOnlySpan<IReadOnlyList<string>>)[record.Changes.Added, record.Changes.Changed, record.Changes.Deleted])
                for (var i = 0; i < paths.Count; i++) // by index: no enumerator per list, for 100,000s of lists
                    last[paths[i]] = at;
        return last;
    }

    static string Summarize(List<string> paths) =>
        string.Join(", ", paths.Take(PathsInMessage)) + (paths.Count > PathsInMessage ? $" and {paths.Count - PathsInMessage} more" : "");
}
