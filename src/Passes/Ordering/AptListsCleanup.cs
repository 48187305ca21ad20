using System.Collections.Immutable;
using DockerRecord.Frontend.Parsing;
using DockerRecord.IR;

namespace DockerRecord.Passes.Ordering;

/// <summary>
/// <c>rm -rf /var/lib/apt/lists/*</c> at the end of the last RUN that runs apt: the package lists are tens of
/// megabytes no one needs in the image, and removing them in the same RUN as <c>apt-get update</c> keeps them out of
/// every layer (hadolint DL3009). Added only when no later RUN reads the lists (apt, apt-cache,
/// add-apt-repository…) and no RUN from there on removes them already.
/// </summary>
static class AptListsCleanup
{
    public const string ListsFolder = "/var/lib/apt/lists";

    public const string Command = "rm -rf /var/lib/apt/lists/*";

    static readonly Lazy<RunStep> Template = new(() =>
        new RunStep(default, ShellParser.Parse(Command).File!.Stmts, Command));

    /// <summary>The program with the cleanup added, or the same program when it is not needed.</summary>
    public static ImmutableArray<Instruction> Apply(ImmutableArray<Instruction> instructions, Func<RunInstruction, InstructionEffects> effectsOf,
        CompilationContext context)
    {
        var last = -1;
        for (var i = instructions.Length - 1; i >= 0 && last < 0; i--)
        {
            if (instructions[i] is not RunInstruction run) continue;
            var effects = effectsOf(run);
            if (effects.RemovesAptLists || effects.Barrier) return instructions;
            if (effects.RunsApt) last = i;
            else if (effects.ReadsAptLists) return instructions;
        }
        if (last < 0) return instructions;

        var target = (RunInstruction)instructions[last];
        var at = target.Steps[^1].Source;
        var cleanup = Template.Value with { Source = at };
        context.Explain(at, Verdict.Changed, $"`{Command}` added at the end of its RUN: the last apt run, and no later command needs the lists");
        return instructions.SetItem(last, target with { Steps = target.Steps.Add(cleanup) });
    }
}
