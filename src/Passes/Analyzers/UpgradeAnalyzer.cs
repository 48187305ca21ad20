using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.IR;

namespace DockerRecord.Passes.Analyzers;

/// <summary>
/// <c>apt-get upgrade</c>, <c>dist-upgrade</c> or <c>full-upgrade</c> in the output: the session upgraded what was
/// newest that day, the build upgrades what is newest on its day, so the image is not the container.
/// </summary>
public sealed class UpgradeAnalyzer : IAnalyzer
{
    public string Name => "upgrade";

    public ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.Of("DR5030")];

    public void Analyze(ImageProgram program, CompilationContext context)
    {
        foreach (var (_, step, _, commands) in context.StepsOf(program))
            foreach (var command in commands)
                if (AptInvocation.Parse(command) is { Subcommand: "upgrade" or "dist-upgrade" or "full-upgrade" } apt)
                    context.Report(DiagnosticBuilder.UpgradeReplayed(step.Source, command.Span, $"{apt.Tool} {apt.Subcommand}"));
    }
}
