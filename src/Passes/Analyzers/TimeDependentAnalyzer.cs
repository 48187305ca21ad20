using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Syntax;
using DockerRecord.IR;

namespace DockerRecord.Passes.Analyzers;

/// <summary>
/// A command whose output to a file contains the current time: <c>date &gt; file</c>, <c>echo "$(date)" &gt;&gt; log</c>.
/// The image gets the build's time, not the session's, and differs from build to build. Limit: only output
/// redirected to a file is seen (not <c>date | tee file</c>, nor programs that stamp files themselves).
/// </summary>
public sealed class TimeDependentAnalyzer : IAnalyzer
{
    public string Name => "time-dependent";

    public ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.Of("DR5033")];

    public void Analyze(ImageProgram program, CompilationContext context)
    {
        foreach (var (_, step, statements, _) in context.StepsOf(program))
            foreach (var stmt in statements)
                if (WritesFile(stmt) && ShellWalk.SimpleCommands([stmt]).Any(c => ShellWalk.EffectiveName(c) == "date"))
                {
                    context.Report(DiagnosticBuilder.TimeDependentOutput(step.Source, stmt.Span));
                    break;
                }
    }

    static bool WritesFile(Stmt stmt) => stmt.Redirects.Any(r =>
        r.Op is RedirectOp.Output or RedirectOp.Append or RedirectOp.Clobber or RedirectOp.OutputAndError or RedirectOp.AppendOutputAndError
        && r.Fd is null or 1 && r.Target.LiteralValue != "/dev/null");
}
