using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.IR;

namespace DockerRecord.Passes.Analyzers;

/// <summary>
/// hadolint DL3003: <c>cd</c> inside a RUN. The state pass turns a session's <c>cd</c> into WORKDIR; one left in a RUN
/// (inside a compound command, or before the pass exists) is reported here.
/// </summary>
public sealed class CdInRunAnalyzer : IAnalyzer
{
    public string Name => "cd-in-run";

    public ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.Of("DR5003")];

    public void Analyze(ImageProgram program, CompilationContext context)
    {
        foreach (var (_, step) in ShellWalk.Steps(program))
            foreach (var command in ShellWalk.SimpleCommands(step.Stmts))
                if (ShellWalk.Effective(command)?.Name is "cd" or "pushd")
                    context.Report(DiagnosticBuilder.CdInRun(step.Source, command.Span));
    }
}
