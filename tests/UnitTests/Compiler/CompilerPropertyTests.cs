using DockerRecord.Backend;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Parsing;
using DockerRecord.Frontend.Syntax;
using DockerRecord.Frontend.Trace;
using DockerRecord.IR;
using DockerRecord.Passes;
using DockerRecord.UnitTests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DockerRecord.UnitTests.Compiler;

/// <summary>
/// The compiler's core properties over generated sessions (<see cref="TraceGenerators"/>): commands that depend on
/// each other keep their order through the whole compilation (reorder and group included); the output is
/// deterministic; every emitted step prints as text that parses back to that step.
/// </summary>
public sealed class CompilerPropertyTests
{
    static Compilation Compile(TraceContent trace) => DockerRecord.Passes.Compiler.Compile(trace, CompileOptions.Default);

    static string Dockerfile(Compilation compilation) => DockerfileEmitter.Emit(compilation.Program, new EmitOptions());

    [Property(MaxTest = 150)]
    public Property Dependent_commands_keep_their_order() =>
        Prop.ForAll(TraceGenerators.Sessions(), session =>
        {
            var compilation = Compile(session.Build());
            var positions = Positions(compilation.Program);
            var commands = session.Commands;
            for (var j = 0; j < commands.Length; j++)
            for (var i = 0; i < j; i++)
            {
                if (!DependsOn(commands[j], commands[i])) continue;
                if (!positions.TryGetValue(new TraceLocation(1, i + 1), out var first) || !positions.TryGetValue(new TraceLocation(1, j + 1), out var second))
                    continue; // a pass dropped one of them
                if (first.CompareTo(second) > 0)
                    return false.Label($"commands {i + 1} and {j + 1} depend on each other but were swapped:\n{session}\n---\n{Dockerfile(compilation)}");
            }
            return true.ToProperty();
        });

    [Property(MaxTest = 60)]
    public Property Output_is_deterministic() =>
        Prop.ForAll(TraceGenerators.Sessions(), session =>
        {
            var first = Dockerfile(Compile(session.Build()));
            var again = Dockerfile(Compile(session.Build()));
            // the same session recorded with the diff's entries listed in another order
            var reordered = Dockerfile(Compile(session.Build(reverseChangeLists: true)));
            return (first == again && first == reordered).Label($"{session}\n---\n{first}\n---\n{again}\n---\n{reordered}");
        });

    /// <summary>
    /// The analyzers run side by side and the reasons are kept only on request: neither may change the output. The
    /// diagnostics come out in the same order every time, and a compilation without reasons keeps none.
    /// </summary>
    [Property(MaxTest = 60)]
    public Property Diagnostics_are_deterministic_and_reasons_are_kept_only_on_request() =>
        Prop.ForAll(TraceGenerators.Sessions(), session =>
        {
            var explained = Compile(session.Build());
            var plain = DockerRecord.Passes.Compiler.Compile(session.Build(), CompileOptions.Default with { Explain = false });
            var diagnostics = string.Join("\n", explained.Diagnostics);
            var again = string.Join("\n", plain.Diagnostics);
            return (diagnostics == again && Dockerfile(explained) == Dockerfile(plain) && plain.Explanations.IsEmpty
                    && (session.Commands.Length == 0 || !explained.Explanations.IsEmpty))
                .Label($"{session}\n---\n{diagnostics}\n---\n{again}\n---\n{plain.Explanations.Length} reasons kept without --explain");
        });

    [Property(MaxTest = 60)]
    public Property Every_emitted_step_parses_back_to_its_command() =>
        Prop.ForAll(TraceGenerators.Sessions(), session =>
        {
            var trace = session.Build();
            var compilation = Compile(trace);
            foreach (var run in compilation.Program.OfType<RunInstruction>())
            {
                foreach (var step in run.Steps.Where(s => !s.Opaque))
                {
                    var text = IrPrinter.StepText(step);
                    var reparsed = ShellParser.Parse(text).File;
                    if (reparsed is null || SyntaxPrinter.ToSExpression(reparsed.Stmts) != SyntaxPrinter.ToSExpression(step.Stmts))
                        return false.Label($"step `{text}` does not parse back to itself");
                    // the step comes from the trace command it names (or is drec's own cleanup after it)
                    var typed = trace.Sessions[0].Commands[step.Source.Seq - 1].Cmd;
                    if (step.Typed != typed && step.Typed != "rm -rf /var/lib/apt/lists/*")
                        return false.Label($"step `{step.Typed}` names command {step.Source} `{typed}`");
                }
                var line = DockerfileEmitter.Line(run)["RUN ".Length..].Replace(" \\\n    ", " ");
                if (!line.StartsWith('[') && ShellParser.Parse(line).File is null)
                    return false.Label($"RUN text `{line}` does not parse");
            }
            return true.ToProperty();
        });

    /// <summary>Where each trace command ended up: (instruction, step) of its RUN step or COPY (not the ENV or WORKDIR made for it).</summary>
    static Dictionary<TraceLocation, (int Instruction, int Step)> Positions(ImageProgram program)
    {
        var positions = new Dictionary<TraceLocation, (int, int)>();
        for (var i = 0; i < program.Instructions.Length; i++)
        {
            if (program.Instructions[i] is RunInstruction run)
                for (var s = 0; s < run.Steps.Length; s++) positions.TryAdd(run.Steps[s].Source, (i, s));
            else if (program.Instructions[i] is CopyInstruction copy)
                foreach (var command in copy.Source.Commands) positions.TryAdd(command, (i, 0));
        }
        return positions;
    }

    /// <summary>
    /// The test's own definition of dependence: the paths the commands name or the diff shows them changing are
    /// the same or one contains the other, and one of the two writes; or one sets a variable the other reads or
    /// sets. A folder the diff lists as changed because an entry in it was added or removed is not a write of it.
    /// </summary>
    static bool DependsOn(GeneratedCommand later, GeneratedCommand earlier)
    {
        var (earlierReads, earlierWrites) = Accesses(earlier);
        var (laterReads, laterWrites) = Accesses(later);
        if (Related(earlierWrites, laterReads) || Related(earlierWrites, laterWrites) || Related(earlierReads, laterWrites)) return true;
        return earlier.SetsVariables.Intersect(later.ReadsVariables.Concat(later.SetsVariables)).Any()
            || earlier.ReadsVariables.Intersect(later.SetsVariables).Any();
    }

    static (List<string> Reads, List<string> Writes) Accesses(GeneratedCommand command)
    {
        var changes = command.Changes;
        var all = changes.Added.Concat(changes.Changed).Concat(changes.Deleted).ToList();
        var writes = command.Writes.Concat(changes.Added).Concat(changes.Deleted)
            .Concat(changes.Changed.Where(c => !all.Any(p => p.StartsWith(c + "/", StringComparison.Ordinal))))
            .ToList();
        return ([.. command.Reads], writes);
    }

    static bool Related(List<string> a, List<string> b) =>
        a.Any(p => b.Any(q => p == q || p.StartsWith(q + "/", StringComparison.Ordinal) || q.StartsWith(p + "/", StringComparison.Ordinal)));
}
