using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Trace;
using DockerRecord.IR;
using DockerRecord.Passes.State;

namespace DockerRecord.Passes.Lowering;

/// <summary>
/// Pass 1: the trace becomes a program. FROM names the container's image (with <c>--pin-base</c> its registry digest
/// too, <see cref="BaseImageDigest"/>); every recorded command line becomes one
/// RUN holding its AST and the context it ran in (user, working directory, variables exported so far in its
/// session). Nothing is judged here: later passes drop, rewrite and reorder. The final context is the state after
/// the last command that did real work (not <c>exit</c> or entering a nested shell).
/// </summary>
public sealed class LowerTracePass : ICompilerPass
{
    public string Name => "lower";

    public string Description => "trace + AST → FROM and one RUN per recorded command line, with its user, workdir and env";

    public ImageProgram Run(ImageProgram program, CompilationContext context)
    {
        context.ParseAll();
        context.StartTraceAnalyses();
        var instructions = ImmutableArray.CreateBuilder<Instruction>();
        instructions.Add(new FromInstruction(BaseImage(context), Provenance.None));
        // the person typed into bash; Debian's /bin/sh (dash) would read some of their lines differently
        var shell = context.Trace.Sessions.FirstOrDefault()?.Info.Shell ?? "/bin/bash";
        if (Path.GetFileName(shell) == "bash")
            instructions.Add(new ShellInstruction(["/bin/bash", "-o", "pipefail", "-c"], Provenance.None));

        var final = RunContext.Root;
        (string User, string Cwd, ImmutableSortedDictionary<string, string> Env)? finalState = null;
        foreach (var session in context.Trace.Sessions)
        {
            // each session is a new shell: variables exported in an earlier one are gone
            var env = RunContext.EmptyEnv;
            var cwd = session.Info.InitialDirectory ?? "/";
            var user = session.Info.User ?? "root";
            RunContext? previous = null;
            foreach (var record in session.Commands)
            {
                var at = new TraceLocation(session.Info.Number, record.Seq);
                user = record.User ?? user;
                var workdir = record.CwdBefore ?? cwd;
                // consecutive lines mostly run in the same context: they share the object (later passes compare
                // contexts by reference first)
                var runContext = previous is not null && previous.User == user && previous.Workdir == workdir && ReferenceEquals(previous.Env, env)
                    ? previous
                    : new RunContext(user, workdir, env);
                previous = runContext;
                instructions.Add(RunInstruction.Of(Step(at, record, context), runContext));

                if (record.EnvSet.Count > 0) env = env.SetItems(record.EnvSet);
                if (record.EnvUnset.Count > 0) env = env.RemoveRange(record.EnvUnset);
                cwd = record.Cwd ?? cwd;
                if (context.Parse(at).File is not { } parsed || !MovesBetweenShells(parsed))
                    finalState = (user, cwd, env);
            }
        }
        if (finalState is var (finalUser, finalCwd, finalEnv)) final = new RunContext(finalUser, finalCwd, finalEnv);
        return new ImageProgram(instructions.ToImmutable(), ImmutableArray<ContextFile>.Empty, final);
    }

    /// <summary>
    /// <c>exit</c>, <c>logout</c>, or entering a nested interactive shell (<c>su - app</c>, <c>sudo -i</c>, <c>bash</c>):
    /// such a line says nothing about the state the person worked in, so it does not set the final context.
    /// </summary>
    static bool MovesBetweenShells(Frontend.Syntax.ShellFile file) =>
        file.Stmts is [{ Command: Frontend.Syntax.SimpleCommand command } stmt]
        && !NestedShells.ReadsScriptFromInput(stmt)
        && (NestedShells.EndsShell(command) || NestedShells.StartsShell(command));

    static RunStep Step(TraceLocation at, CommandRecord record, CompilationContext context)
    {
        var parsed = context.Parse(at);
        if (parsed.File is { } file)
        {
            // what the parser only warns about (a here-document bash read to the end of the line) is said at the command
            if (record.Ran)
                foreach (var warning in parsed.Diagnostics)
                    if (!warning.IsError) context.Report(warning with { Location = at });
            return new RunStep(at, file.Stmts, record.Cmd);
        }

        // bash ran it but drec cannot parse it: keep the line as typed (no AST, so passes leave it alone)
        if (record.Ran)
            context.Report(DiagnosticBuilder.CommandNotParsed(at, parsed.Diagnostics.FirstOrDefault(d => d.IsError)?.Message ?? "unknown"));
        return new RunStep(at, ImmutableArray<Frontend.Syntax.Stmt>.Empty, record.Cmd) { Opaque = record.Ran };
    }

    static string BaseImage(CompilationContext context)
    {
        var session = context.Trace.Sessions.FirstOrDefault();
        var first = session?.Info;
        var path = session is null ? null : Path.Combine(session.Directory, TraceLayout.SessionFile);
        string image;
        // an empty reference is one not recorded (the reader lets no other malformed one through)
        if (first?.ImageReference is { Length: > 0 } reference) image = reference;
        else if (first?.ImageId is { Length: > 0 } id) image = id;
        else
        {
            context.Report(DiagnosticBuilder.NoBaseImage(path));
            return "scratch";
        }
        if (!context.Options.PinBaseImage) return image;
        if (BaseImageDigest.Pin(image, first, out var why) is { } pinned) return pinned;
        context.Report(DiagnosticBuilder.BaseImageNotPinned(path, image, why));
        return image;
    }
}
