using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.IR;

namespace DockerRecord.Passes.Analyzers;

/// <summary>
/// hadolint DL3059: consecutive RUNs that could be one layer (same user, directory, variables and mounts, nothing
/// between them but comments). Reported once per run of such RUNs, at its second RUN. Hidden by default: the
/// grouping pass decides what to join, and keeps apart on purpose what is better cached apart.
/// </summary>
public sealed class ConsecutiveRunsAnalyzer : IAnalyzer
{
    public string Name => "consecutive-runs";

    public ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.Of("DR5012")];

    public void Analyze(ImageProgram program, CompilationContext context)
    {
        RunInstruction? first = null, second = null;
        var count = 0;
        foreach (var instruction in program.Instructions)
        {
            if (instruction is CommentInstruction) continue;
            if (instruction is RunInstruction run && first is not null && Joinable(first, run))
            {
                second ??= run;
                count++;
                continue;
            }
            Flush();
            first = instruction as RunInstruction;
            count = first is null ? 0 : 1;
        }
        Flush();

        void Flush()
        {
            if (count >= 2 && second?.Source.First is { } at) context.Report(DiagnosticBuilder.ConsecutiveRuns(at, count));
            second = null;
        }
    }

    static bool Joinable(RunInstruction a, RunInstruction b) =>
        a.Context.Equals(b.Context) && a.Mounts.SequenceEqual(b.Mounts);
}
