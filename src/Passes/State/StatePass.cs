using System.Buffers;
using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Syntax;
using DockerRecord.IR;
using DockerRecord.Passes.Filtering;

namespace DockerRecord.Passes.State;

/// <summary>
/// Pass state: what the person's shell remembered from line to line leaves the RUN text and becomes the RUN's
/// context, which the scopes pass turns into WORKDIR, USER and ENV.
/// <list type="bullet">
/// <item><c>cd</c>, <c>pushd</c>, <c>popd</c> go, also inside <c>cd x &amp;&amp; make</c> (split so <c>make</c> runs in a RUN
/// whose workdir is x; see <see cref="LineStateRewriter"/> and <see cref="Directories"/>);</item>
/// <item><c>export</c> and <c>unset</c> go (lowering already put the recorded values in the contexts); an exported
/// variable stays an ENV only when a kept command reads it, a program reads it implicitly
/// (<see cref="EnvironmentVariables"/>), or the final shell still has it; volatile ones never do;</item>
/// <item>plain shell variables read by a later RUN are set again at its start (<see cref="ShellVariables"/>);</item>
/// <item><c>sudo</c> goes everywhere; <c>sudo -u u</c>, <c>su u -c</c>, <c>runuser</c> give their command user u;
/// lines that open an interactive shell (<c>su - app</c>, <c>sudo -i</c>, <c>bash</c>) or leave one (<c>exit</c>) go,
/// since the recorder recorded the nested shell's lines with their own user.</item>
/// </list>
/// </summary>
public sealed class StatePass : ICompilerPass
{
    public string Name => "state";

    public string Description => "cd → workdir, export → env (only what later commands or the final shell use), sudo/su → user; shell variables carried to the RUNs that read them";

    public ImageProgram Run(ImageProgram program, CompilationContext context)
    {
        var sessions = new Dictionary<int, SessionState>();
        var exports = new List<(TraceLocation At, Verdict Verdict, string Notes, List<string> Names)>();
        var output = ImmutableArray.CreateBuilder<Instruction>(program.Instructions.Length);
        foreach (var instruction in program.Instructions)
        {
            if (instruction is not RunInstruction run) { output.Add(instruction); continue; }
            // made at the first line that changes: most RUNs keep every line as it is, and then stay the same object
            List<RunInstruction>? pieces = null;
            for (var index = 0; index < run.Steps.Length; index++)
            {
                var step = run.Steps[index];
                if (step.Opaque) { pieces?.Add(Piece(run, step, run.Context)); continue; }
                var session = Session(sessions, step.Source.Session, context);
                // the common line: nothing rewritten, and no session variable it could read to set again (asked again
                // after the rewriter, which may have set one)
                if (LineStateRewriter.LeavesAlone(step) && ReadsNoSessionVariable(session, step)) { pieces?.Add(Piece(run, step, run.Context)); continue; }
                var line = Rewrite(context, step, run.Context, session);
                if (!line.Changed && ReadsNoSessionVariable(session, step)) { pieces?.Add(Piece(run, step, run.Context)); continue; }
                var notes = line.Notes;
                var lineChanged = line.Changed;
                var linePieces = new List<RunInstruction>(line.Segments.Count);
                foreach (var (segmentContext, stmts) in line.Segments)
                {
                    var assigned = SyntaxNodes.SimpleCommands(stmts).Where(c => c.Command.Args.IsEmpty)
                        .SelectMany(c => c.Command.Assignments.Select(a => a.Name)).ToHashSet(StringComparer.Ordinal);
                    var needed = session.Variables.Needed([.. stmts], segmentContext.Env, assigned);
                    foreach (var (_, name, source) in needed) notes?.Add($"sets {name} again (typed on {source})");
                    lineChanged |= needed.Count > 0;
                    linePieces.Add(Piece(run, step.WithStmts([.. needed.Select(n => n.Stmt), .. stmts]), segmentContext));
                }
                if (!lineChanged) { pieces?.Add(Piece(run, step, run.Context)); continue; }
                if (pieces is null)
                {
                    pieces = new List<RunInstruction>(run.Steps.Length + linePieces.Count);
                    for (var before = 0; before < index; before++) pieces.Add(Piece(run, run.Steps[before], run.Context));
                }
                pieces.AddRange(linePieces);
                var verdict = line.Segments.Count == 0 ? Verdict.Dropped : Verdict.Changed;
                if (notes is not null) exports.Add((step.Source, verdict, string.Join("; ", notes), line.Exported));
            }
            if (pieces is null) output.Add(run);
            else output.AddRange(Merge(pieces));
        }

        var instructions = output.ToImmutable();
        var keep = VariablesToKeep(instructions, program.Final);
        foreach (var (at, verdict, notes, names) in exports)
            context.Explain(at, verdict, string.Join("; ", [notes, .. names.Distinct().Select(n => Fate(n, keep, program.Final))]).TrimStart(';', ' '));

        var filtered = instructions.ToBuilder();
        var filteredEnvs = new Dictionary<object, ImmutableSortedDictionary<string, string>>(ReferenceEqualityComparer.Instance);
        var verdicts = new Dictionary<string, bool>(StringComparer.Ordinal);
        for (var i = 0; i < filtered.Count; i++)
        {
            if (filtered[i] is not RunInstruction run) continue;
            if (!filteredEnvs.TryGetValue(run.Context.Env, out var env)) filteredEnvs[run.Context.Env] = env = Filter(run.Context.Env, keep, verdicts);
            if (env != run.Context.Env) filtered[i] = run with { Context = run.Context with { Env = env } };
        }
        instructions = filtered.ToImmutable();
        var finalEnv = Filter(program.Final.Env, null, []);
        var result = program.WithInstructionsIfChanged(instructions);
        return finalEnv == program.Final.Env ? result : result with { Final = program.Final with { Env = finalEnv } };
    }

    /// <summary>How a command line reads a variable: <c>$NAME</c>, or a bare name inside <c>(( ))</c> or <c>[[ ]]</c>.</summary>
    static readonly SearchValues<string> s_variableMarkers = SearchValues.Create(["$", "((", "[["], StringComparison.Ordinal);

    static bool ReadsNoSessionVariable(SessionState session, RunStep step) => session.Variables.IsEmpty || !MayReadVariables(step);

    static bool MayReadVariables(RunStep step) => step.Typed.AsSpan().IndexOfAny(s_variableMarkers) >= 0;

    /// <summary>
    /// Exported variables worth an ENV: those the final shell has, those a kept RUN reads (<c>$NAME</c> in its text)
    /// while it has them, and those programs read implicitly (<c>PATH</c>, <c>JAVA_HOME</c>…). A RUN drec cannot parse
    /// counts as reading all of its variables.
    /// </summary>
    static HashSet<string> VariablesToKeep(ImmutableArray<Instruction> instructions, RunContext final)
    {
        var keep = new HashSet<string>(final.Env.Keys, StringComparer.Ordinal);
        // RUNs share their env objects (they change only where a line exports), so each one is looked through once
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var reading = new List<RunInstruction>();
        foreach (var instruction in instructions)
        {
            if (instruction is not RunInstruction run) continue;
            var env = run.Context.Env;
            if (env.IsEmpty) continue;
            if (seen.Add(env)) keep.UnionWith(env.Keys.Where(EnvironmentVariables.IsImplicitlyUsed));
            if (run.Steps.Any(s => s.Opaque)) { keep.UnionWith(env.Keys); continue; }
            // a variable is read through `$`, or by name inside (( )) and [[ ]]: a RUN typed without them reads none
            if (run.Steps.Any(MayReadVariables)) reading.Add(run);
        }
        // each RUN's tree is walked on its own, on every core
        var read = new List<string>[reading.Count];
        Parallel.For(0, reading.Count, i =>
        {
            var env = reading[i].Context.Env;
            read[i] = [.. SyntaxNodes.ReferencedVariables(reading[i].Steps.SelectMany(s => s.Stmts)).Where(env.ContainsKey)];
        });
        foreach (var names in read) keep.UnionWith(names);
        return keep;
    }

    /// <summary>The variables of <paramref name="env"/> that may be ENV: never volatile or build-only ones; only kept ones.</summary>
    static ImmutableSortedDictionary<string, string> Filter(ImmutableSortedDictionary<string, string> env, HashSet<string>? keep, Dictionary<string, bool> verdicts)
    {
        List<string>? drop = null;
        foreach (var (name, _) in env)
        {
            // the same names recur in thousands of envs: each is judged once
            if (!verdicts.TryGetValue(name, out var dropped))
                verdicts[name] = dropped = EnvironmentVariables.IsVolatile(name) || EnvironmentVariables.IsBuildOnly(name) || (keep is not null && !keep.Contains(name));
            if (dropped) (drop ??= []).Add(name);
        }
        return drop is null ? env : env.RemoveRange(drop);
    }

    static string Fate(string name, HashSet<string> keep, RunContext final) =>
        EnvironmentVariables.IsVolatile(name) ? $"{name} is set by the shell or the terminal: no ENV"
        : EnvironmentVariables.IsBuildOnly(name) ? $"{name} is for the build only: no ENV (build-safety sets it as an ARG where apt runs)"
        : final.Env.ContainsKey(name) ? $"{name} is ENV (the final shell has it)"
        : keep.Contains(name) ? $"{name} is ENV (a later command reads it)"
        : $"{name}: no ENV (no later command reads it and the final shell does not have it)";

    /// <summary>
    /// Context equality that first compares the env objects by reference: contexts mostly share them, and comparing
    /// hundreds of entries per unit would dominate the pass.
    /// </summary>
    internal static bool SameContext(RunContext a, RunContext b) =>
        a.User == b.User && a.Workdir == b.Workdir && (ReferenceEquals(a.Env, b.Env) || a.Equals(b));

    static RunInstruction Piece(RunInstruction run, RunStep step, RunContext runContext) =>
        new([step], runContext, run.Mounts, Provenance.Of(step.Source));

    /// <summary>Neighbouring pieces of one RUN that ended with the same context go back into one RUN.</summary>
    static IEnumerable<RunInstruction> Merge(List<RunInstruction> pieces)
    {
        RunInstruction? current = null;
        foreach (var piece in pieces)
        {
            if (current is not null && SameContext(current.Context, piece.Context)) { current = current.WithSteps(current.Steps.AddRange(piece.Steps)); continue; }
            if (current is not null) yield return current;
            current = piece;
        }
        if (current is not null) yield return current;
    }

    /// <remarks>
    /// A method of its own so that the closure over the session is made only for the lines that get here (a lambda
    /// in the loop would make one for every line).
    /// </remarks>
    static LineStateRewriter Rewrite(CompilationContext context, RunStep step, RunContext start, SessionState session) =>
        LineStateRewriter.Rewrite(context, step, start, session, (user, current) => Home(context, session, user, current));

    static SessionState Session(Dictionary<int, SessionState> sessions, int number, CompilationContext context)
    {
        if (!sessions.TryGetValue(number, out var state))
            sessions[number] = state = new SessionState(number, context.Session(number).Info.InitialDirectory ?? "/");
        return state;
    }

    /// <summary>
    /// A home folder: of <paramref name="user"/> for <c>~user</c> and <c>su - user</c>, else of the current user.
    /// The session's HOME for the user it started as; otherwise the Debian convention (/root, /home/NAME).
    /// </summary>
    static string Home(CompilationContext context, SessionState session, string user, string current)
    {
        var who = user.Length == 0 ? current : user;
        var info = context.Session(session.Number).Info;
        // a HOME with a line break cannot be a WORKDIR (the Dockerfile would read the rest as an instruction)
        if (who == (info.User ?? "root") && info.Environment.TryGetValue("HOME", out var home) && !Frontend.Trace.TraceNames.HasControlCharacter(home))
            return home;
        return who == "root" ? "/root" : "/home/" + who;
    }
}
