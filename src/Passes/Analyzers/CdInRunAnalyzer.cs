using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Trace;
using DockerRecord.IR;

namespace DockerRecord.Passes.Analyzers;

/// <summary>
/// hadolint DL3003: <c>cd</c> inside a RUN. The state pass turns a session's <c>cd</c> into WORKDIR; one it cannot turn
/// (inside a loop, an <c>if</c>…) it reports itself as DR3021, which says why, so that line is not reported twice here.
/// Any other <c>cd</c> left in a RUN is reported.
/// </summary>
public sealed class CdInRunAnalyzer : IAnalyzer
{
    public string Name => "cd-in-run";

    public ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.Of("DR5003")];

    public void Analyze(ImageProgram program, CompilationContext context)
    {
        var explained = context.Diagnostics.Where(d => d.Code == "DR3021").Select(d => d.Location).OfType<TraceLocation>().ToHashSet();
        foreach (var (_, step, _, commands) in context.StepsOf(program))
        {
            if (explained.Contains(step.Source)) continue;
            foreach (var command in commands)
                if (ShellWalk.EffectiveName(command) is "cd" or "pushd")
                    context.Report(DiagnosticBuilder.CdInRun(step.Source, command.Span));
        }
    }
}
