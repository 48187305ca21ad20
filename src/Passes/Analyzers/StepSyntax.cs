using System.Collections.Immutable;
using System.Runtime.InteropServices;
using DockerRecord.Frontend.Syntax;
using DockerRecord.IR;

namespace DockerRecord.Passes.Analyzers;

/// <summary>
/// One parsed step of a RUN with the statements under it (nested ones included, in source order) and their simple
/// commands: walked once for all the analyzers instead of once by each.
/// </summary>
public sealed record StepSyntax(RunInstruction Run, RunStep Step, ImmutableArray<Stmt> Statements, ImmutableArray<SimpleCommand> Commands)
{
    /// <summary>Every parsed step of every RUN of <paramref name="program"/>, in order.</summary>
    public static ImmutableArray<StepSyntax> Of(ImageProgram program)
    {
        // a line typed again shares its tree, so it shares the walk too
        var walked = new Dictionary<object, (ImmutableArray<Stmt>, ImmutableArray<SimpleCommand>)>(ReferenceEqualityComparer.Instance);
        var steps = ImmutableArray.CreateBuilder<StepSyntax>();
        foreach (var instruction in program.Instructions)
        {
            if (instruction is not RunInstruction run) continue;
            foreach (var step in run.Steps)
            {
                if (step.Opaque) continue;
                var key = ImmutableCollectionsMarshal.AsArray(step.Stmts)!;
                if (!walked.TryGetValue(key, out var syntax))
                {
                    var statements = ShellWalk.Statements(step.Stmts);
                    syntax = (statements, [.. SimpleCommandsOf(statements)]);
                    walked.Add(key, syntax);
                }
                steps.Add(new StepSyntax(run, step, syntax.Item1, syntax.Item2));
            }
        }
        return steps.DrainToImmutable();
    }

    static IEnumerable<SimpleCommand> SimpleCommandsOf(ImmutableArray<Stmt> statements)
    {
        foreach (var stmt in statements)
            if (stmt.Command is SimpleCommand command) yield return command;
    }
}
