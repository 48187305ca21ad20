using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.IR;

namespace DockerRecord.Passes.Analyzers;

/// <summary>hadolint DL3004: <c>sudo</c> inside a RUN. A build switches users with USER; sudo may not even be installed.</summary>
public sealed class SudoAnalyzer : IAnalyzer
{
    public string Name => "sudo";

    public ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.Of("DR5004")];

    public void Analyze(ImageProgram program, CompilationContext context)
    {
        foreach (var (_, step, _, commands) in context.StepsOf(program))
            foreach (var command in commands)
                if (command.Name == "sudo")
                    context.Report(DiagnosticBuilder.SudoInRun(step.Source, command.Args[0].Span));
    }
}
