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
        foreach (var run in program.Runs())
        {
            if (run.Mounts.Any(m => m.Target?.StartsWith(Lists, StringComparison.Ordinal) == true)) continue;
            var commands = run.Steps.Where(s => !s.Opaque)
                .SelectMany(step => ShellWalk.SimpleCommands(step.Stmts).Select(command => (step, command)))
                .ToList();
            var update = commands.FindIndex(c => AptInvocation.Parse(c.command)?.Subcommand == "update");
            if (update < 0) continue;
            if (commands.Skip(update + 1).Any(c => RemovesLists(c.command))) continue;
            context.Report(DiagnosticBuilder.AptListsNotRemoved(commands[update].step.Source, commands[update].command.Span));
        }
    }

    /// <summary><c>rm -rf /var/lib/apt/lists/*</c> or <c>rm -r /var/lib/apt/lists</c>, as hadolint accepts.</summary>
    static bool RemovesLists(SimpleCommand command) =>
        ShellWalk.EffectiveName(command) == "rm" && ShellWalk.Effective(command) is (_, var args)
        && args.Any(a => (a.LiteralValue ?? a.Text).TrimEnd('*').TrimEnd('/') == Lists);
}
