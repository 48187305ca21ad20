using System.Collections.Concurrent;
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
    /// <summary>Where <see cref="Run"/> is among the program's instructions: tells two uses of one RUN object apart.</summary>
    public int InstructionIndex { get; init; }

    /// <summary>Every parsed step of every RUN of <paramref name="program"/>, in order.</summary>
    public static ImmutableArray<StepSyntax> Of(ImageProgram program)
    {
        // a line typed again shares its tree, so it shares the walk too: the steps are listed first, each distinct
        // tree is walked once on all cores, then the steps get their walks
        var trees = new Dictionary<Stmt[], int>(ReferenceEqualityComparer.Instance);
        var distinct = new List<ImmutableArray<Stmt>>();
        var listed = new List<(RunInstruction Run, RunStep Step, int Tree, int Index)>();
        for (var index = 0; index < program.Instructions.Length; index++)
        {
            if (program.Instructions[index] is not RunInstruction run) continue;
            foreach (var step in run.Steps)
            {
                if (step.Opaque) continue;
                ref var tree = ref CollectionsMarshal.GetValueRefOrAddDefault(trees, ImmutableCollectionsMarshal.AsArray(step.Stmts)!, out var seen);
                if (!seen) { tree = distinct.Count; distinct.Add(step.Stmts); }
                listed.Add((run, step, tree, index));
            }
        }
        var walks = new (ImmutableArray<Stmt> Statements, ImmutableArray<SimpleCommand> Commands)[distinct.Count];
        if (distinct.Count > 0)
            Parallel.ForEach(Partitioner.Create(0, distinct.Count, 512), range =>
            {
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    var statements = ShellWalk.Statements(distinct[i]);
                    walks[i] = (statements, [.. SimpleCommandsOf(statements)]);
                }
            });
        var steps = ImmutableArray.CreateBuilder<StepSyntax>(listed.Count);
        foreach (var (run, step, tree, index) in listed)
            steps.Add(new StepSyntax(run, step, walks[tree].Statements, walks[tree].Commands) { InstructionIndex = index });
        return steps.MoveToImmutable();
    }

    static IEnumerable<SimpleCommand> SimpleCommandsOf(ImmutableArray<Stmt> statements)
    {
        foreach (var stmt in statements)
            if (stmt.Command is SimpleCommand command) yield return command;
    }
}
