using System.Collections.Immutable;
using DockerRecord.IR;

namespace DockerRecord.Passes.Ordering;

/// <summary>
/// Pass reorder: each run of consecutive RUN and COPY instructions is put in a stable topological order of its
/// dependency graph (<see cref="DependencyGraphBuilder"/>) that puts package installs and repository setup first,
/// then system configuration, then application files (<see cref="LayerClass"/>), so the layers that change least
/// are built first and cached. Two instructions whose effects depend on each other never swap; without anything to
/// gain the order stays as it is. Everything else (FROM, SHELL, ARG at the top, EXPOSE, VOLUME, CMD at the end, any
/// other instruction in between) stays where it is and nothing moves across it.
/// </summary>
public sealed class DependencyOrderPass : ICompilerPass
{
    public string Name => "reorder";

    public string Description => "a stable topological order of the dependency graph: packages and system configuration before application files";

    public ImageProgram Run(ImageProgram program, CompilationContext context)
    {
        var instructions = program.Instructions;
        var analyzer = new EffectAnalyzer(context);
        var output = ImmutableArray.CreateBuilder<Instruction>(instructions.Length);
        var changed = false;
        for (var start = 0; start < instructions.Length;)
        {
            if (!IsMovable(instructions[start]))
            {
                output.Add(instructions[start++]);
                continue;
            }
            var end = start;
            while (end < instructions.Length && IsMovable(instructions[end])) end++;
            var segment = instructions[start..end];
            var order = Order(segment, analyzer);
            for (var i = 0; i < order.Length; i++)
            {
                output.Add(segment[order[i]]);
                if (order[i] != i) changed = true;
                if (order[i] > i) Explain(segment[order[i]], context);
            }
            start = end;
        }
        return changed ? program.WithInstructions(output.ToImmutable()) : program;
    }

    static bool IsMovable(Instruction instruction) => instruction is RunInstruction or CopyInstruction;

    /// <summary>The new order of <paramref name="segment"/>, as original positions.</summary>
    internal static int[] Order(IReadOnlyList<Instruction> segment, EffectAnalyzer analyzer)
    {
        if (segment.Count < 2) return [.. Enumerable.Range(0, segment.Count)];
        var effects = analyzer.AnalyzeAll(segment);
        var graph = DependencyGraphBuilder.Build(effects);
        return StableTopologicalOrder.Sort(graph, [.. effects.Select(e => e.Class)]);
    }

    static void Explain(Instruction moved, CompilationContext context)
    {
        foreach (var command in moved.Source.Commands)
            context.Explain(command, Verdict.Kept, "moved earlier: package installs and system configuration go before application files, and nothing it depends on is passed");
    }
}
