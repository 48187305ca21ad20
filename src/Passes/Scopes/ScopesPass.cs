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
        var scope = new Scope();
        var lastBuildStep = LastIndex(program.Instructions, i => i is RunInstruction or CopyInstruction);
        for (var i = 0; i < program.Instructions.Length; i++)
        {
            var instruction = program.Instructions[i];
            if (instruction is RunInstruction run)
                scope.Enter(run.Context, run.Source, output);
            output.Add(instruction);
            if (i == lastBuildStep || (lastBuildStep < 0 && instruction is FromInstruction))
                scope.Enter(program.Final, Provenance.None, output);
        }
        return program.WithInstructionsIfChanged(output.ToImmutable());
    }

    /// <summary>The user, workdir and env the instructions emitted so far leave the build in.</summary>
    sealed class Scope
    {
        RunContext _current = RunContext.Root;

        /// <summary>
        /// RUN envs known to hold nothing the current env lacks. RUNs share their env objects (they change only where
        /// a line exported), and after reordering RUNs of a few envs alternate: each is compared once per change of
        /// the current env, not once per RUN.
        /// </summary>
        readonly HashSet<object> _contained = new(ReferenceEqualityComparer.Instance);

        /// <summary>Emits what changes from the current state to <paramref name="next"/>.</summary>
        public void Enter(RunContext next, Provenance source, ImmutableArray<Instruction>.Builder output)
        {
            var env = _current.Env;
            if (!_contained.Contains(next.Env))
            {
                var changed = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>();
                foreach (var variable in next.Env)
                    if (!env.TryGetValue(variable.Key, out var value) || value != variable.Value) changed.Add(variable);
                if (changed.Count > 0)
                {
                    output.Add(new EnvInstruction(changed.ToImmutable(), source));
                    // a variable unset later cannot be removed from an image (ENV has no unset): it keeps its value
                    env = env.SetItems(changed);
                    _contained.Clear();
                }
                _contained.Add(next.Env);
            }
            if (next.Workdir != _current.Workdir) output.Add(new WorkdirInstruction(next.Workdir, source));
            if (next.User != _current.User) output.Add(new UserInstruction(next.User, source));
            _current = next.Env == env ? next : next with { Env = env };
        }
    }

    static int LastIndex(ImmutableArray<Instruction> instructions, Func<Instruction, bool> predicate)
    {
        for (var i = instructions.Length - 1; i >= 0; i--)
            if (predicate(instructions[i])) return i;
        return -1;
    }
}
