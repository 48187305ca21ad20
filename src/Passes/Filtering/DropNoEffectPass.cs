using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Syntax;
using DockerRecord.Frontend.Trace;
using DockerRecord.IR;

namespace DockerRecord.Passes.Filtering;

/// <summary>
/// Pass drop-no-effect: drop the command lines that leave nothing in the image, judged two ways.
/// <list type="bullet">
/// <item>By meaning: every command on the line is read-only by the table in <see cref="ReadOnlyCommands"/> and no output
/// goes to a file (<c>ls</c>, <c>cat x</c>, <c>grep</c>, <c>ps</c>, <c>curl url</c>…), whatever the diff says (a pager's
/// history file, a cache touched by <c>man</c>).</item>
/// <item>By evidence: the recorder saw no file change, no exported variable or directory change, no new listening port,
/// and the line sets no shell state, starts no background job or service and saved no file in an editor.</item>
/// </list>
/// The diff is by path, so a second change to a path an earlier line already changed does not show: a line that
/// names such a path (or runs in such a folder) is kept although its changes look empty. Service start and stop lines
/// are kept for the services pass, and so are clients that change what a running service keeps
/// (<c>redis-cli set</c>). Every line that reaches this pass gets an <c>--explain</c> line, kept or dropped.
/// </summary>
public sealed class DropNoEffectPass : ICompilerPass
{
    public string Name => "drop-no-effect";

    public string Description => "drop read-only commands (by a documented table) and lines that changed no file and set no state";

    public ImageProgram Run(ImageProgram program, CompilationContext context)
    {
        var listed = new List<(RunStep Step, RunContext Context)>();
        foreach (var run in program.Runs())
            foreach (var step in run.Steps)
                listed.Add((step, run.Context));
        // what the tree alone says about a line does not depend on the lines before it: found on all cores
        var shapes = new LineShape[listed.Count];
        Parallel.For(0, listed.Count, i => shapes[i] = LineShape.Of(listed[i].Step));
        var steps = new Dictionary<TraceLocation, (RunStep Step, RunContext Context, LineShape Shape)>(listed.Count);
        for (var i = 0; i < listed.Count; i++) steps[listed[i].Step.Source] = (listed[i].Step, listed[i].Context, shapes[i]);

        // in trace order, so each line sees the paths changed before it and the ports listening before it
        var dropped = new HashSet<TraceLocation>();
        var changedBefore = new HashSet<string>(StringComparer.Ordinal);
        IReadOnlyList<ListeningPort> portsBefore = [];
        var session = -1;
        foreach (var (at, record, sessionTrace) in context.AllCommands)
        {
            // a new session starts from the sockets that were listening before it (the host's, with --network host)
            if (at.Session != session) (session, portsBefore) = (at.Session, sessionTrace.Info.PortsAtStart);
            if (steps.TryGetValue(at, out var found))
            {
                var (verdict, reason) = Judge(found.Step, found.Context, record, portsBefore, changedBefore, context.Options.Explain, found.Shape);
                // a client that changed what a running server keeps in memory (`redis-cli set k v`) shows no file change
                if (verdict == Verdict.Dropped && Services.ServiceTimeline.Of(context).ChangesThroughClient(at))
                    (verdict, reason) = (Verdict.Kept, "talks to a service that was running and changes what it keeps (the services pass starts it for the build)");
                context.Explain(at, verdict, reason);
                if (verdict == Verdict.Dropped) dropped.Add(at);
            }
            // by index: no enumerator per list, for 100,000s of lists
            foreach (var paths in (ReadOnlySpan<IReadOnlyList<string>>)[record.Changes.Added, record.Changes.Changed])
                for (var i = 0; i < paths.Count; i++) changedBefore.Add(paths[i]);
            portsBefore = record.Ports;
        }
        if (dropped.Count == 0) return program;

        var output = ImmutableArray.CreateBuilder<Instruction>(program.Instructions.Length);
        foreach (var instruction in program.Instructions)
        {
            if (instruction is not RunInstruction run || !run.Steps.Any(s => dropped.Contains(s.Source))) { output.Add(instruction); continue; }
            var kept = run.Steps.Where(s => !dropped.Contains(s.Source)).ToImmutableArray();
            if (!kept.IsEmpty) output.Add(run.WithSteps(kept));
        }
        return program.WithInstructionsIfChanged(output.ToImmutable());
    }

    /// <summary>
    /// Whether a line stays, and why, in the words <c>--explain</c> prints. Without <paramref name="explain"/>, the
    /// reasons that cost a walk or a join per line are left empty (a long trace has a hundred thousand lines).
    /// </summary>
    public static (Verdict Verdict, string Reason) Judge(RunStep step, RunContext runContext, CommandRecord record,
        IReadOnlyList<ListeningPort> portsBefore, IReadOnlySet<string> changedBefore, bool explain = true, LineShape? shape = null)
    {
        var (controlsService, readOnly) = shape ?? LineShape.Of(step);
        if (step.Opaque) return (Verdict.Kept, "drec cannot parse it, so it is kept as typed");
        var stmts = step.Stmts;
        if (stmts.IsEmpty) return (Verdict.Dropped, "an empty line or a comment");
        if (record.Captures.Count > 0)
            return (Verdict.Kept, $"an editor saved {string.Join(", ", record.Captures)} (the files pass copies it)");
        if (controlsService) return (Verdict.Kept, "starts or stops a service (left to the services pass)");
        if (readOnly)
        {
            if (!explain) return (Verdict.Dropped, "");
            var names = Names(stmts);
            return (Verdict.Dropped, $"read-only: {names} only {(names.Contains(',') ? "look" : "looks")}, and no output goes to a file");
        }

        var changes = record.Changes.Added.Count + record.Changes.Changed.Count + record.Changes.Deleted.Count;
        if (changes > 0) return (Verdict.Kept, changes == 1 ? "changed 1 path" : $"changed {changes} paths");
        if (record.EnvSet.Count + record.EnvUnset.Count > 0)
            return (Verdict.Kept, !explain ? "" : "sets exported variables: " + string.Join(", ", record.EnvSet.Keys.Concat(record.EnvUnset).Order(StringComparer.Ordinal)));
        if (record.Cwd is { } cwd && record.CwdBefore is { } before && cwd != before)
            return (Verdict.Kept, $"changes the directory to {cwd}");
        if (ShellStateCommands.Describe(stmts) is { } state) return (Verdict.Kept, state);
        if (record.Ports.FirstOrDefault(p => !portsBefore.Any(b => b.Port == p.Port && b.Protocol == p.Protocol)) is { } port)
            return (Verdict.Kept, $"port {port.Port}/{port.Protocol} started listening");
        if (SyntaxNodes.Statements(stmts).Any(s => s.Background)) return (Verdict.Kept, "starts a background job");

        var workdir = record.CwdBefore ?? runContext.Workdir;
        if (PathNames.Named(stmts, workdir).FirstOrDefault(changedBefore.Contains) is { } named)
            return (Verdict.Kept, $"no change was recorded, but it names {named}, which an earlier command changed (a second change to a path does not show)");
        if (changedBefore.Contains(workdir))
            return (Verdict.Kept, $"no change was recorded, but it runs in {workdir}, where earlier commands changed files (a second change to a path does not show)");
        return (Verdict.Dropped, "no file changed and it sets no state");
    }

    /// <summary>The distinct command names of the line, for explanations (<c>ls, grep</c>).</summary>
    static string Names(ImmutableArray<Stmt> stmts)
    {
        var names = SyntaxNodes.SimpleCommands(stmts).Select(c => SyntaxNodes.CommandName(c.Command)).OfType<string>().Distinct().ToList();
        return names.Count == 0 ? "the line" : string.Join(", ", names.Take(4)) + (names.Count > 4 ? ", …" : "");
    }
}
