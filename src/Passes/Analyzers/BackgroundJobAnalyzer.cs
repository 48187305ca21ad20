using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.IR;

namespace DockerRecord.Passes.Analyzers;

/// <summary>
/// A command sent to the background (<c>cmd &amp;</c>) in the output. In the session it kept running; in a build the
/// RUN ends and the job is killed, so the image has only what it wrote by then, and nothing runs when a container
/// starts. Services belong in CMD (the services pass chooses one).
/// </summary>
public sealed class BackgroundJobAnalyzer : IAnalyzer
{
    public string Name => "background-job";

    public ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.Of("DR5031")];

    public void Analyze(ImageProgram program, CompilationContext context)
    {
        foreach (var (_, step, statements, _) in context.StepsOf(program))
            foreach (var stmt in statements)
                if (stmt.Background)
                    context.Report(DiagnosticBuilder.BackgroundJobLeft(step.Source, stmt.Span));
    }
}
