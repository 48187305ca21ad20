using System.Collections.Immutable;
using DockerRecord.IR;
using DockerRecord.Passes.Secrets;

namespace DockerRecord.Passes.Ordering;

/// <summary>
/// Pass group: consecutive RUNs that run in the same context (user, workdir, env) with compatible mounts become one
/// RUN, their steps joined by <c>&amp;&amp;</c>, so the image has fewer layers. Limits, so that caching still works
/// and nothing runs differently:
/// <list type="bullet">
/// <item>two layer classes are never joined: package installs stay in their own RUN, apart from system
/// configuration and application steps (<see cref="LayerClass"/>), so editing the application does not reinstall
/// packages;</item>
/// <item>an opaque step (drec could not parse it) stays alone;</item>
/// <item>a step that changes the shell itself (<c>set</c>, <c>umask</c>, <c>exit</c>, <c>source</c>…) ends its
/// group, as the steps after it would run under that change;</item>
/// <item>at most <see cref="MaxSteps"/> steps per RUN (<see cref="MaxPackageSteps"/> for packages, so that
/// <c>apt-get update</c> and the installs share a layer).</item>
/// </list>
/// Then the last RUN that runs apt gets <c>rm -rf /var/lib/apt/lists/*</c> (<see cref="AptListsCleanup"/>).
/// </summary>
public sealed class GroupRunsPass : ICompilerPass
{
    /// <summary>Most steps joined into one application or system RUN: beyond this a RUN is hard to read and to cache.</summary>
    public const int MaxSteps = 16;

    /// <summary>Most steps joined into one package RUN.</summary>
    public const int MaxPackageSteps = 64;

    public string Name => "group";

    public string Description => "consecutive RUNs with the same user, workdir and env become one RUN joined by &&; apt lists removed after the last apt run";

    public ImageProgram Run(ImageProgram program, CompilationContext context)
    {
        // the reorder pass found the effects of these RUNs already (shared through the context); a joined RUN's
        // effects, as far as the apt cleanup needs them, are kept here
        var analyzer = new EffectAnalyzer(context);
        var effects = new Dictionary<RunInstruction, InstructionEffects>(ReferenceEqualityComparer.Instance);
        InstructionEffects EffectsOf(RunInstruction run) => effects.TryGetValue(run, out var joined) ? joined : analyzer.Analyze(run);

        var output = ImmutableArray.CreateBuilder<Instruction>(program.Instructions.Length);
        var group = new List<RunInstruction>();
        var groupEffects = InstructionEffects.Unknown;
        foreach (var instruction in program.Instructions)
        {
            if (instruction is RunInstruction run)
            {
                var runEffects = EffectsOf(run);
                if (group.Count > 0 && CanJoin(group, groupEffects, run, runEffects))
                {
                    group.Add(run);
                    groupEffects = runEffects; // same class as the group; its shell-state change ends the group
                    continue;
                }
                Flush(group, output, EffectsOf, effects);
                group.Add(run);
                groupEffects = runEffects;
                continue;
            }
            Flush(group, output, EffectsOf, effects);
            output.Add(instruction);
        }
        Flush(group, output, EffectsOf, effects);

        var grouped = AptListsCleanup.Apply(output.ToImmutable(), EffectsOf, context);
        return program.WithInstructionsIfChanged(grouped);
    }

    static bool CanJoin(List<RunInstruction> group, InstructionEffects groupEffects, RunInstruction next, InstructionEffects nextEffects)
    {
        var first = group[0];
        if (groupEffects.Barrier || nextEffects.Barrier || groupEffects.ChangesShellState) return false;
        if (groupEffects.Class != nextEffects.Class) return false;
        if (!first.Context.Equals(next.Context) || !CompatibleMounts(first.Mounts, next.Mounts)) return false;
        var steps = group.Sum(r => r.Steps.Length) + next.Steps.Length;
        return steps <= (nextEffects.Class == LayerClass.Packages ? MaxPackageSteps : MaxSteps);
    }

    /// <summary>The members' mounts, each once, in order; most RUNs have none.</summary>
    static ImmutableArray<RunMount> JoinedMounts(List<RunInstruction> group) =>
        group.TrueForAll(r => r.Mounts.IsEmpty) ? [] : [.. group.SelectMany(r => r.Mounts).Distinct()];

    /// <summary>Mounts join when no id is mounted twice in different ways.</summary>
    static bool CompatibleMounts(ImmutableArray<RunMount> a, ImmutableArray<RunMount> b) =>
        a.IsEmpty || b.IsEmpty || a.All(m => b.All(n => m.Id != n.Id || m == n));

    /// <summary>
    /// The members' steps in order, except that each member's build-secret read (<see cref="SecretsPass"/> puts it
    /// first) moves to the front, once: the joined RUN reads each secret before any step, as its mounts are the union.
    /// </summary>
    static ImmutableArray<RunStep> JoinedSteps(List<RunInstruction> group)
    {
        List<RunStep>? reads = null; // made at the first secret read: most groups have none
        HashSet<string>? seen = null;
        var rest = ImmutableArray.CreateBuilder<RunStep>(group.Sum(r => r.Steps.Length));
        foreach (var run in group)
            for (var i = 0; i < run.Steps.Length; i++)
            {
                if (i == 0 && !run.Mounts.IsEmpty && SecretsPass.ReadsBuildSecrets(run.Steps[i]))
                {
                    if ((seen ??= new(StringComparer.Ordinal)).Add(run.Steps[i].Typed)) (reads ??= []).Add(run.Steps[i]);
                }
                else rest.Add(run.Steps[i]);
            }
        if (reads is not null) rest.InsertRange(0, reads);
        return rest.DrainToImmutable();
    }

    /// <summary>Emits the group as one RUN; its effects (for the apt cleanup) are those of its members together.</summary>
    static void Flush(List<RunInstruction> group, ImmutableArray<Instruction>.Builder output, Func<RunInstruction, InstructionEffects> effectsOf,
        Dictionary<RunInstruction, InstructionEffects> joinedEffects)
    {
        if (group.Count == 1) output.Add(group[0]);
        else if (group.Count > 1)
        {
            var joined = group[0].WithSteps(JoinedSteps(group)) with { Mounts = JoinedMounts(group) };
            bool runsApt = false, readsAptLists = false, removesAptLists = false;
            foreach (var member in group)
            {
                var effects = effectsOf(member);
                runsApt |= effects.RunsApt;
                readsAptLists |= effects.ReadsAptLists;
                removesAptLists |= effects.RemovesAptLists;
            }
            joinedEffects[joined] = effectsOf(group[^1]) with { RunsApt = runsApt, ReadsAptLists = readsAptLists, RemovesAptLists = removesAptLists };
            output.Add(joined);
        }
        group.Clear();
    }
}
