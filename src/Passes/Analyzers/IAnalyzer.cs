using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.IR;

namespace DockerRecord.Passes.Analyzers;

/// <summary>
/// A check over the final program, run after every pass (as a Roslyn analyzer runs over a finished compilation). An
/// analyzer only reports, through <see cref="CompilationContext.Report"/>; it never changes the program. Each one
/// declares the codes it may report, so docs, SARIF rules and tests can list them.
/// </summary>
public interface IAnalyzer
{
    /// <summary>Short kebab-case name, shown by <c>drec compile --list-passes</c>.</summary>
    string Name { get; }

    ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    void Analyze(ImageProgram program, CompilationContext context);
}
