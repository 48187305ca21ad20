using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.IR;

namespace DockerRecord.Passes.Analyzers;

/// <summary>
/// hadolint DL3000: WORKDIR takes an absolute path. The recorder gives absolute directories, so this only fires when a
/// pass builds a relative one; it is the check that keeps that true.
/// </summary>
public sealed class RelativeWorkdirAnalyzer : IAnalyzer
{
    public string Name => "relative-workdir";

    public ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.Of("DR5001")];

    public void Analyze(ImageProgram program, CompilationContext context)
    {
        foreach (var workdir in program.OfType<WorkdirInstruction>())
            if (!workdir.Path.StartsWith('/') && !workdir.Path.StartsWith('$'))
                context.Report(DiagnosticBuilder.RelativeWorkdir(workdir.Source.First, workdir.Path));
    }
}
