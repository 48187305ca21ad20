using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Parsing;
using DockerRecord.Frontend.Syntax;
using DockerRecord.IR;

namespace DockerRecord.Passes.Services;

/// <summary>
/// Pass services: the service the person started last and left running becomes the CMD, in exec form and in the
/// foreground (knowledge table: <see cref="ServiceCatalog"/>, docs/services.md). Service commands (start, stop,
/// restart, reload, status) leave the RUNs, the rest of their lines stays; a kept RUN that talks to a service running
/// at that point of the session (<c>mysql -e …</c>) starts and stops it around those commands
/// (<see cref="BuildServiceSessions"/>), as no server runs during the build. The CMD is appended after everything; the
/// user it must run as goes into <see cref="ImageProgram.Final"/>, which the scopes pass writes before it.
/// </summary>
public sealed class ServicesPass : ICompilerPass
{
    public string Name => "services";

    public string Description => "the service the person left running becomes the exec-form CMD in the foreground; its start command leaves the RUNs";

    public ImageProgram Run(ImageProgram program, CompilationContext context)
    {
        var timeline = ServiceTimeline.Of(context);
        var chosen = timeline.Running.IsEmpty ? null : timeline.Running[^1];
        var command = chosen is null ? null : Foreground(chosen, program.Final, timeline, context);
        var runtimeDirectories = command is null ? null : RuntimeDirectorySetup(chosen!, timeline, context);

        var instructions = RemoveServiceCommands(program.Instructions, timeline, runtimeDirectories, context);
        instructions = BuildServiceSessions.Apply(instructions, timeline, context);
        ExplainStarts(timeline, chosen, command, context);
        if (command is null) return program.WithInstructionsIfChanged(instructions);

        var final = program.Final;
        if (command.User != final.User)
        {
            if (command.User != "root")
            {
                context.Report(DiagnosticBuilder.ServiceRunsAsItsUser(chosen!.At, chosen.DisplayName, command.User, final.User));
                final = final with { User = command.User };
            }
            else if (command.NeedsRoot)
            {
                context.Report(DiagnosticBuilder.ServiceNeedsRoot(chosen!.At, chosen.DisplayName, final.User));
                final = final with { User = "root" };
            }
        }
        if (command.DirectoryLost)
            context.Report(DiagnosticBuilder.ServiceDirectoryLost(chosen!.At, chosen.DisplayName, chosen.Directory, final.Workdir));
        if (timeline.Running.Length > 1)
            context.Report(DiagnosticBuilder.SeveralServicesRunning(chosen!.At, chosen.DisplayName, timeline.Running[..^1].Select(s => $"{s.DisplayName} ({s.At})")));

        var runtimeSteps = runtimeDirectories?.Remaining is { } missing ? RuntimeDirectoryRun(missing, chosen!) : null;
        var tail = runtimeSteps is null ? [] : ImmutableArray.Create<Instruction>(runtimeSteps);
        return program with
        {
            Instructions = [.. instructions, .. tail, new CmdInstruction(command.Arguments, Provenance.Of(chosen!.At))],
            Final = final,
        };
    }

    static ForegroundCommand? Foreground(ServiceStart chosen, RunContext final, ServiceTimeline timeline, CompilationContext context)
    {
        var command = ForegroundCommand.For(chosen, final, timeline, context, out var why);
        if (command is null && why is null && chosen.Service is null && chosen.Invocation is null)
            why = $"drec knows no foreground form for the service {chosen.Key} (see docs/services.md)";
        if (command is null)
            context.Report(DiagnosticBuilder.NoForegroundForm(chosen.At, chosen.DisplayName, why ?? "unknown"));
        return command;
    }

    static ImmutableArray<Instruction> RemoveServiceCommands(ImmutableArray<Instruction> instructions, ServiceTimeline timeline,
        RuntimeDirectoryPlan? runtimeDirectories, CompilationContext context)
    {
        var locations = timeline.CommandLocations.ToHashSet();
        if (locations.Count == 0) return instructions;

        var output = ImmutableArray.CreateBuilder<Instruction>(instructions.Length);
        foreach (var instruction in instructions)
        {
            if (instruction is not RunInstruction run || !run.Steps.Any(s => locations.Contains(s.Source)))
            {
                output.Add(instruction);
                continue;
            }
            var steps = ImmutableArray.CreateBuilder<RunStep>(run.Steps.Length);
            foreach (var step in run.Steps)
            {
                if (step.Opaque || !locations.Contains(step.Source)) { steps.Add(step); continue; }
                var removed = new List<string>();
                var stmts = StatementRemover.Rewrite(step.Stmts, simple =>
                {
                    if (Invocation.Of(simple) is not { } invocation || !timeline.IsServiceCommand(step.Source, invocation)) return null;
                    removed.Add(invocation.Text);
                    return runtimeDirectories?.TakeReplacement(step.Source, invocation) ?? [];
                });
                if (removed.Count > 0)
                    context.Explain(step.Source, stmts.IsEmpty ? Verdict.Dropped : Verdict.Changed,
                        $"service command{(removed.Count > 1 ? "s" : "")} `{string.Join("`, `", removed)}` leave{(removed.Count > 1 ? "" : "s")} the RUNs (a build starts no service; the CMD runs it)");
                if (!stmts.IsEmpty) steps.Add(step.WithStmts(stmts));
            }
            if (steps.Count == run.Steps.Length && steps.Zip(run.Steps).All(p => ReferenceEquals(p.First, p.Second))) output.Add(run);
            else if (steps.Count > 0) output.Add(run.WithSteps(steps.ToImmutable()));
        }
        return output.ToImmutable();
    }

    static void ExplainStarts(ServiceTimeline timeline, ServiceStart? chosen, ForegroundCommand? command, CompilationContext context)
    {
        foreach (var stopped in timeline.Stopped)
            context.Explain(stopped.Start.At, Verdict.Changed, $"{stopped.Start.DisplayName} was started here and {stopped.How} ({stopped.StoppedAt}): not the CMD");
        foreach (var running in timeline.Running)
        {
            if (running == chosen)
                context.Explain(running.At, Verdict.Changed, command is null
                    ? $"{running.DisplayName} was left running, but has no foreground form: no CMD"
                    : $"{running.DisplayName} was left running ({Describe(running.Kind)}): CMD {string.Join(" ", command.Arguments.Select(a => $"\"{a}\""))}");
            else
                context.Explain(running.At, Verdict.Changed, $"{running.DisplayName} was left running, but {chosen!.DisplayName} started after it is the CMD");
        }
        // hook for the "service started but no CMD" analyzer (issue 5): every service started was stopped again
        if (chosen is null && !timeline.Starts.IsEmpty)
            context.Explain(timeline.Starts[^1].At, Verdict.Changed, "no CMD: every service started in the session was stopped again");
    }

    static string Describe(StartKind kind) => kind switch
    {
        StartKind.Init => "started by its init script",
        StartKind.Daemon => "it put itself in the background",
        StartKind.Background => "sent to the background",
        _ => "run in the foreground until it was interrupted",
    };

    /// <summary>
    /// The run-time folders the service's init script created (the trace shows them added by a start command) become
    /// <c>mkdir</c> + <c>chown</c> in place of that start command, so they are in the image for the foreground CMD.
    /// </summary>
    static RuntimeDirectoryPlan? RuntimeDirectorySetup(ServiceStart chosen, ServiceTimeline timeline, CompilationContext context)
    {
        if (!chosen.UsesServiceForm || chosen.Service!.RuntimeDirectories.IsEmpty) return null;
        var plan = new RuntimeDirectoryPlan();
        foreach (var directory in chosen.Service.RuntimeDirectories)
        {
            var creator = timeline.Starts.FirstOrDefault(s => s.Key == chosen.Key && Created(context, s, directory.Path));
            if (creator is not null) plan.Add(creator, directory);
        }
        return plan.IsEmpty ? null : plan;
    }

    static bool Created(CompilationContext context, ServiceStart start, string path) =>
        context.Command(start.At).Changes.Added.Any(p => p == path || p == "/var" + path);

    static RunInstruction RuntimeDirectoryRun(IEnumerable<(ServiceStart Start, RuntimeDirectory Directory)> missing, ServiceStart chosen)
    {
        var stmts = missing.SelectMany(m => RuntimeDirectoryPlan.Commands(m.Directory)).ToImmutableArray();
        var line = new Stmt(new AndOrList(stmts, [.. stmts.Skip(1).Select(_ => AndOrOp.And)], default), [], false, StmtTerminator.None, default);
        return RunInstruction.Of(new RunStep(chosen.At, [line], IrPrinter.StepText(new RunStep(chosen.At, [line], ""))), RunContext.Root);
    }

    /// <summary>Which start command makes which run-time folder, and whether it was put in place yet.</summary>
    sealed class RuntimeDirectoryPlan
    {
        readonly List<(ServiceStart Start, RuntimeDirectory Directory, bool Placed)> _entries = [];

        public bool IsEmpty => _entries.Count == 0;

        public void Add(ServiceStart start, RuntimeDirectory directory) => _entries.Add((start, directory, false));

        /// <summary>The commands that replace the start command <paramref name="invocation"/> at <paramref name="at"/>, or null.</summary>
        public ImmutableArray<Stmt>? TakeReplacement(Frontend.Diagnostics.TraceLocation at, Invocation invocation)
        {
            var commands = ImmutableArray.CreateBuilder<Stmt>();
            for (var i = 0; i < _entries.Count; i++)
            {
                var (start, directory, placed) = _entries[i];
                if (placed || start.At != at || start.Invocation?.Text != invocation.Text) continue;
                commands.AddRange(Commands(directory));
                _entries[i] = (start, directory, true);
            }
            return commands.Count == 0 ? null : commands.ToImmutable();
        }

        /// <summary>The folders whose start command is no longer in the program (another pass dropped it).</summary>
        public IEnumerable<(ServiceStart Start, RuntimeDirectory Directory)>? Remaining =>
            _entries.Any(e => !e.Placed) ? _entries.Where(e => !e.Placed).Select(e => (e.Start, e.Directory)).ToList() : null;

        public static ImmutableArray<Stmt> Commands(RuntimeDirectory directory)
        {
            var text = $"mkdir -p {directory.Path} && chown {directory.Owner} {directory.Path}"
                + (directory.Mode == "755" ? "" : $" && chmod {directory.Mode} {directory.Path}");
            var list = (AndOrList)ShellParser.Parse(text).File!.Stmts[0].Command;
            return list.Stmts;
        }
    }
}
