using System.Collections.Immutable;
using DockerRecord.IR;

namespace DockerRecord.Passes.Scopes;

/// <summary>
/// Last pass: the contexts carried by the RUNs become WORKDIR, USER and ENV instructions, placed just before the
/// first RUN that needs each change; after the last RUN or COPY the person's final shell state is set, so
/// <c>docker run</c> starts where they left off. Earlier passes never deal with these instructions, so reordering
/// cannot separate a RUN from its scope.
/// </summary>
public sealed class ScopesPass : ICompilerPass
{
    public string Name => "scopes";

    public string Description => "RUN contexts → WORKDIR, USER and ENV where they change; the last shell's state before CMD";

    public ImageProgram Run(ImageProgram program, CompilationContext context)
    {
        var output = ImmutableArray.CreateBuilder<Instruction>(program.Instructions.Length + 8);
        var current = RunContext.Root;
        ImmutableSortedDictionary<string, string>? entered = null;
        var lastBuildStep = LastIndex(program.Instructions, i => i is RunInstruction or CopyInstruction);
        for (var i = 0; i < program.Instructions.Length; i++)
        {
            var instruction = program.Instructions[i];
            if (instruction is RunInstruction run)
                current = Enter(run.Context, current, run.Source, output, ref entered);
            output.Add(instruction);
            if (i == lastBuildStep || (lastBuildStep < 0 && instruction is FromInstruction))
                current = Enter(program.Final, current, Provenance.None, output, ref entered);
        }
        return program.WithInstructionsIfChanged(output.ToImmutable());
    }

    /// <summary>Emits what changes from <paramref name="current"/> to <paramref name="next"/>; returns the new state.</summary>
    /// <paramref name="entered"/> is the last env entered: RUNs in a row mostly share one env object, and entering it
    /// again changes nothing (the state already holds all of it), so it is not compared again.
    static RunContext Enter(RunContext next, RunContext current, Provenance source, ImmutableArray<Instruction>.Builder output,
        ref ImmutableSortedDictionary<string, string>? entered)
    {
        var sameEnv = ReferenceEquals(next.Env, entered);
        entered = next.Env;
        var env = current.Env;
        if (!sameEnv)
        {
            var changed = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>();
            foreach (var variable in next.Env)
                if (!env.TryGetValue(variable.Key, out var value) || value != variable.Value) changed.Add(variable);
            if (changed.Count > 0)
            {
                output.Add(new EnvInstruction(changed.ToImmutable(), source));
                // a variable unset later cannot be removed from an image (ENV has no unset): it keeps its value
                env = env.SetItems(changed);
            }
        }
        if (next.Workdir != current.Workdir) output.Add(new WorkdirInstruction(next.Workdir, source));
        if (next.User != current.User) output.Add(new UserInstruction(next.User, source));
        return next.Env == env ? next : next with { Env = env };
    }

    static int LastIndex(ImmutableArray<Instruction> instructions, Func<Instruction, bool> predicate)
    {
        for (var i = instructions.Length - 1; i >= 0; i--)
            if (predicate(instructions[i])) return i;
        return -1;
    }
}
