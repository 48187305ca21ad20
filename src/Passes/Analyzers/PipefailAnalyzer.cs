using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Syntax;
using DockerRecord.IR;

namespace DockerRecord.Passes.Analyzers;

/// <summary>
/// hadolint DL4006: a RUN with a pipeline fails only when the pipeline's last command fails, unless the shell has
/// <c>-o pipefail</c>. Lowering writes <c>SHELL ["/bin/bash", "-o", "pipefail", "-c"]</c> for bash sessions, so this
/// fires only for other shells; a RUN that runs <c>set -o pipefail</c> before its pipe is not reported.
/// Limit: a RUN the emitter writes in exec form (multi-line text) runs bash with pipefail and may be reported anyway.
/// </summary>
public sealed class PipefailAnalyzer : IAnalyzer
{
    public string Name => "pipefail";

    public ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.Of("DR5013")];

    public void Analyze(ImageProgram program, CompilationContext context)
    {
        var pipefail = false;
        foreach (var instruction in program.Instructions)
        {
            if (instruction is ShellInstruction shell) pipefail = shell.Arguments.Contains("pipefail");
            if (instruction is RunInstruction run && !pipefail && FirstUnguardedPipe(run) is { } found)
                context.Report(DiagnosticBuilder.PipeWithoutPipefail(found.Step.Source, found.Pipe.Span));
        }
    }

    /// <summary>The first pipeline of the RUN that no earlier <c>set -o pipefail</c> in the same RUN guards.</summary>
    static (RunStep Step, Pipeline Pipe)? FirstUnguardedPipe(RunInstruction run)
    {
        foreach (var step in run.Steps.Where(s => !s.Opaque))
            foreach (var stmt in ShellWalk.Statements(step.Stmts))
            {
                if (stmt.Command is SimpleCommand { Name: "set" } set && set.Args.Any(a => a.LiteralValue == "pipefail")) return null;
                if (stmt.Command is Pipeline { Stmts.Length: > 1 } pipeline) return (step, pipeline);
            }
        return null;
    }
}
