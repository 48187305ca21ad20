using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.IR;
using DockerRecord.Frontend.Syntax;

namespace DockerRecord.Passes.Analyzers;

/// <summary>
/// hadolint DL3009: a RUN that runs <c>apt-get update</c> and does not remove <c>/var/lib/apt/lists</c> before it ends
/// keeps tens of megabytes of package lists in its layer. A cache mount of the lists exempts the RUN.
/// </summary>
public sealed class AptListsAnalyzer : IAnalyzer
{
    const string Lists = "/var/lib/apt/lists";

    public string Name => "apt-lists";

    public ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.Of("DR5008")];

    public void Analyze(ImageProgram program, CompilationContext context)
    {
        // the steps of a RUN are neighbours in StepsOf: each RUN's simple commands are read in order; its first
        // apt-get update is reported unless a later command of the same RUN removes the lists
        var current = -1; // the RUN's place in the program (one RUN object may stand in two places)
        var settled = false; // the RUN has a cache mount of the lists, or removes them after its update
        (RunStep Step, SimpleCommand Command)? update = null;
        foreach (var syntax in context.StepsOf(program))
        {
            if (syntax.InstructionIndex != current)
            {
                if (!settled) Report(update, context);
                current = syntax.InstructionIndex;
                update = null;
                settled = syntax.Run.Mounts.Any(m => m.Target?.StartsWith(Lists, StringComparison.Ordinal) == true);
            }
            if (settled) continue;
            foreach (var command in syntax.Commands)
            {
                if (update is null) { if (AptInvocation.Parse(command)?.Subcommand == "update") update = (syntax.Step, command); }
                else if (RemovesLists(command)) { settled = true; break; }
            }
        }
        if (!settled) Report(update, context);
    }

    static void Report((RunStep Step, SimpleCommand Command)? update, CompilationContext context)
    {
        if (update is var (step, command)) context.Report(DiagnosticBuilder.AptListsNotRemoved(step.Source, command.Span));
    }

    /// <summary><c>rm -rf /var/lib/apt/lists/*</c> or <c>rm -r /var/lib/apt/lists</c>, as hadolint accepts.</summary>
    static bool RemovesLists(SimpleCommand command) =>
        ShellWalk.EffectiveName(command) == "rm" && ShellWalk.Effective(command) is (_, var args)
        && args.Any(a => (a.LiteralValue ?? a.Text).TrimEnd('*').TrimEnd('/') == Lists);
}
