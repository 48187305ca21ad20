using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.IR;

namespace DockerRecord.Passes.Analyzers;

/// <summary>
/// hadolint DL3027: <c>apt</c> is for people (progress bars, and it warns that its interface may change); scripts use
/// apt-get and apt-cache. The build-safety pass rewrites <c>apt</c>; what it leaves is reported here.
/// </summary>
public sealed class AptCliAnalyzer : IAnalyzer
{
    public string Name => "apt-cli";

    public ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.Of("DR5011")];

    public void Analyze(ImageProgram program, CompilationContext context)
    {
        foreach (var (_, step, _, commands) in context.StepsOf(program))
            foreach (var command in commands)
                if (ShellWalk.EffectiveName(command) == "apt")
                    context.Report(DiagnosticBuilder.AptInsteadOfAptGet(step.Source, command.Span));
    }
}
