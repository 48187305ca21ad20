using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Syntax;
using DockerRecord.IR;
using DockerRecord.Passes.Filtering;

namespace DockerRecord.Passes.Safety;

/// <summary>
/// Pass build-safety: what a person answered at the terminal, a build must not ask.
/// <list type="bullet">
/// <item><c>apt</c> → <c>apt-get</c>, and <c>-y</c> for every action that asks to confirm (<see cref="AptCommands"/>);</item>
/// <item><c>ARG DEBIAN_FRONTEND=noninteractive</c> right after FROM/SHELL when a RUN uses apt or dpkg: debconf asks
/// nothing during the build, and the image's environment is not changed (an ENV would be);</item>
/// <item>interactive programs (<see cref="InteractivePrograms"/>: editors, pagers, <c>top</c>, REPLs with nothing to
/// run) leave the line, and a line with nothing else goes; <c>cmd | less</c> loses the pager; one that cannot be
/// taken out is reported (DR3040);</item>
/// <item><c>yes | cmd</c>: with <c>-o pipefail</c> the build fails when <c>cmd</c> stops reading and <c>yes</c> dies
/// of SIGPIPE, so <c>yes | apt-get …</c> becomes <c>apt-get -y …</c> and any other becomes
/// <c>{ yes || true; } | cmd</c> (DR3041);</item>
/// <item>an <c>apt-get install</c> with no <c>apt-get update</c> before it in the program gets one in front: an image
/// starts with empty package lists, so the person's container had them from an update drec did not see;</item>
/// <item>with <c>--pin</c>, every package of an <c>apt-get install</c> gets the version the container had
/// (<see cref="PackagePins"/>): what the session got, the build gets (or fails where the mirror dropped it).</item>
/// </list>
/// <c>pip install</c>, <c>npm install</c> and the like ask nothing and are left alone.
/// </summary>
public sealed class BuildSafetyPass : ICompilerPass
{
    public string Name => "build-safety";

    public string Description => "apt → apt-get -y, ARG DEBIAN_FRONTEND=noninteractive where apt/dpkg runs, no editors, pagers or REPLs, `yes |` safe under pipefail; --pin: package versions";

    public ImageProgram Run(ImageProgram program, CompilationContext context)
    {
        var usesPackages = false;
        var listsUpdated = false;
        var output = ImmutableArray.CreateBuilder<Instruction>(program.Instructions.Length + 1);
        foreach (var instruction in program.Instructions)
        {
            if (instruction is not RunInstruction run) { output.Add(instruction); continue; }
            var steps = ImmutableArray.CreateBuilder<RunStep>(run.Steps.Length);
            foreach (var step in run.Steps)
            {
                if (step.Opaque) { steps.Add(step); continue; }
                var notes = new List<string>();
                var stmts = RemoveInteractive(step, context, notes);
                stmts = SyntaxRewriter.MapCommands(stmts, command =>
                {
                    usesPackages |= AptCommands.IsPackageTool(command);
                    var safe = AptCommands.MakeSafe(command);
                    if (!ReferenceEquals(safe, command)) notes.Add($"`{Print(command)}` → `{Print(safe)}`");
                    return context.Options.PinPackages ? PackagePins.Pin(safe, step.Source, context, notes) : safe;
                });
                stmts = SafeYesPipelines(stmts, step, context, notes);
                stmts = UpdateListsFirst(stmts, ref listsUpdated, notes);
                if (notes.Count > 0) context.Explain(step.Source, stmts.IsEmpty ? Verdict.Dropped : Verdict.Changed, string.Join("; ", notes));
                if (!stmts.IsEmpty) steps.Add(step.WithStmts(stmts));
            }
            if (Unchanged(steps, run.Steps)) output.Add(run);
            else if (steps.Count > 0) output.Add(run.WithSteps(steps.ToImmutable()));
        }
        if (usesPackages && !program.OfType<ArgInstruction>().Any(a => a.Name == "DEBIAN_FRONTEND"))
            output.Insert(AfterHeader(output), new ArgInstruction("DEBIAN_FRONTEND", "noninteractive", Provenance.None));
        return program.WithInstructionsIfChanged(output.ToImmutable());
    }

    static bool Unchanged(ImmutableArray<RunStep>.Builder steps, ImmutableArray<RunStep> before)
    {
        if (steps.Count != before.Length) return false;
        for (var i = 0; i < steps.Count; i++)
            if (!ReferenceEquals(steps[i], before[i])) return false;
        return true;
    }

    /// <summary>Puts <c>apt-get update</c> before a line's first install when nothing before it updated the lists.</summary>
    static ImmutableArray<Stmt> UpdateListsFirst(ImmutableArray<Stmt> stmts, ref bool listsUpdated, List<string> notes)
    {
        if (listsUpdated) return stmts;
        foreach (var (command, _) in SyntaxNodes.SimpleCommands(stmts))
        {
            switch (AptCommands.AptGetAction(command))
            {
                case "update":
                    listsUpdated = true;
                    return stmts;
                case "install" or "build-dep" or "source" or "upgrade" or "dist-upgrade" or "full-upgrade":
                    listsUpdated = true;
                    notes.Add("`apt-get update` added in front: no command before it fetched the package lists, and an image starts without them");
                    return stmts.Insert(0, s_aptGetUpdate);
            }
        }
        return stmts;
    }

    static readonly Stmt s_aptGetUpdate = Frontend.Parsing.ShellParser.Parse("apt-get update").File!.Stmts[0];

    /// <summary>
    /// Takes interactive programs out of the line's top-level statements and <c>&amp;&amp;</c> chains, and pagers off the
    /// end of pipelines; reports one it cannot take out.
    /// </summary>
    static ImmutableArray<Stmt> RemoveInteractive(RunStep step, CompilationContext context, List<string> notes)
    {
        var result = ImmutableArray.CreateBuilder<Stmt>(step.Stmts.Length);
        var changed = false;
        foreach (var stmt in step.Stmts)
        {
            var kept = Clean(stmt, notes);
            changed |= !ReferenceEquals(kept, stmt);
            if (kept is not null) result.Add(kept);
        }
        var stmts = changed ? result.ToImmutable() : step.Stmts;
        foreach (var (command, stmt) in SyntaxNodes.SimpleCommands(stmts))
            if (InteractivePrograms.IsInteractive(command, stdinFed: true))
                context.Report(DiagnosticBuilder.InteractiveProgramStays(step.Source, SyntaxNodes.CommandName(command)!));
        return stmts;
    }

    /// <summary>The statement without its interactive parts; null when nothing is left.</summary>
    static Stmt? Clean(Stmt stmt, List<string> notes)
    {
        switch (stmt.Command)
        {
            case SimpleCommand simple when InteractivePrograms.IsInteractive(simple, InteractivePrograms.HasInputRedirect(stmt)):
                notes.Add($"`{Print(stmt)}` waits for a person at a terminal: left out");
                return null;
            case AndOrList list when list.Ops.All(o => o == AndOrOp.And):
            {
                var members = list.Stmts.Select(s => Clean(s, notes)).ToList();
                if (members.Zip(list.Stmts).All(p => ReferenceEquals(p.First, p.Second))) return stmt;
                var left = members.OfType<Stmt>().ToImmutableArray();
                return left.Length switch
                {
                    0 => null,
                    1 => left[0] with { Terminator = stmt.Terminator },
                    _ => stmt with { Command = list with { Stmts = left, Ops = [.. Enumerable.Repeat(AndOrOp.And, left.Length - 1)] } },
                };
            }
            case Pipeline { Stmts: [.., { Command: SimpleCommand pager }] } pipeline
                when SyntaxNodes.CommandName(pager) is "less" or "more" or "most" && pipeline.Stmts[^1].Redirects.IsEmpty:
            {
                notes.Add($"the pager `{SyntaxNodes.CommandName(pager)}` at the end of the pipeline: left out");
                if (pipeline.Stmts.Length == 2)
                    return pipeline.Stmts[0] with { Terminator = stmt.Terminator, Redirects = [.. pipeline.Stmts[0].Redirects, .. stmt.Redirects] };
                return stmt with { Command = pipeline with { Stmts = pipeline.Stmts.RemoveAt(pipeline.Stmts.Length - 1), Ops = pipeline.Ops.RemoveAt(pipeline.Ops.Length - 1) } };
            }
            default:
                return stmt;
        }
    }

    /// <summary><c>yes | apt-get …</c> → <c>apt-get …</c> (it has <c>-y</c> now); <c>yes | cmd</c> → <c>{ yes || true; } | cmd</c>.</summary>
    static ImmutableArray<Stmt> SafeYesPipelines(ImmutableArray<Stmt> stmts, RunStep step, CompilationContext context, List<string> notes)
    {
        var result = stmts;
        for (var i = 0; i < stmts.Length; i++)
        {
            if (stmts[i].Command is not Pipeline { Stmts: [{ Command: SimpleCommand { Name: "yes" } yes } first, .. var rest] } pipeline) continue;
            Stmt replacement;
            if (rest is [{ Command: SimpleCommand fed }] && SyntaxNodes.CommandName(fed) is "apt-get" && AptCommands.MakeSafe(fed) == fed && yes.Args.Length == 1)
            {
                replacement = rest[0] with { Terminator = stmts[i].Terminator, Redirects = [.. rest[0].Redirects, .. stmts[i].Redirects] };
                notes.Add("`yes |` taken off: apt-get has -y");
            }
            else
            {
                var span = first.Span;
                var orTrue = new AndOrList([first with { Terminator = StmtTerminator.None }, new Stmt(new SimpleCommand([], [SyntaxNodes.MakeWord("true", span)], span), [], false, StmtTerminator.None, span)], [AndOrOp.Or], span);
                var group = new Stmt(new BraceGroup([new Stmt(orTrue, [], false, StmtTerminator.Semicolon, span)], span), first.Redirects, false, StmtTerminator.None, span);
                replacement = stmts[i] with { Command = pipeline with { Stmts = pipeline.Stmts.SetItem(0, group with { Redirects = [] }) } };
                context.Report(DiagnosticBuilder.YesPipelineRewritten(step.Source, SyntaxNodes.CommandName(rest[0].Command as SimpleCommand ?? yes) ?? "the command"));
                notes.Add("`yes |` became `{ yes || true; } |`");
            }
            result = result.SetItem(i, replacement);
        }
        return result;
    }

    /// <summary>The index just after the leading FROM, SHELL and ARG instructions.</summary>
    static int AfterHeader(ImmutableArray<Instruction>.Builder instructions)
    {
        var i = 0;
        while (i < instructions.Count && instructions[i] is FromInstruction or ShellInstruction or ArgInstruction) i++;
        return i;
    }

    static string Print(Stmt stmt) => ShellPrinter.Print(stmt).TrimEnd('\n', ';', ' ');

    static string Print(SimpleCommand command) => Print(new Stmt(command, [], false, StmtTerminator.None, command.Span));
}
