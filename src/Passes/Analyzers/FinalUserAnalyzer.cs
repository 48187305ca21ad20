using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.IR;

namespace DockerRecord.Passes.Analyzers;

/// <summary>
/// hadolint DL3002: the image runs as root. drec keeps the user the session ended as (the person's choice), so this is
/// information, placed at the last RUN (the state after it is the image's).
/// </summary>
public sealed class FinalUserAnalyzer : IAnalyzer
{
    public string Name => "final-user";

    public ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.Of("DR5002")];

    public void Analyze(ImageProgram program, CompilationContext context)
    {
        if (program.Final.User is not ("root" or "0")) return;
        var lastUser = program.Instructions.LastOrDefault(i => i is UserInstruction);
        if (lastUser is UserInstruction { User: not ("root" or "0") }) return;
        var lastRun = program.Instructions.LastOrDefault(i => i is RunInstruction);
        context.Report(DiagnosticBuilder.FinalUserIsRoot(lastRun?.Source.Commands.LastOrDefault() is { Session: > 0 } at ? at : null));
    }
}
