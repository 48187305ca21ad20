using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Syntax;
using DockerRecord.IR;

namespace DockerRecord.Passes.Analyzers;

/// <summary>
/// A script fetched and run in one go: <c>curl … | sh</c>, <c>wget -O- … | bash</c>, <c>bash &lt;(curl …)</c>,
/// <c>sh -c "$(curl …)"</c>. The build runs whatever the server sends that day, which need not be what the session ran.
/// </summary>
public sealed class RemoteScriptAnalyzer : IAnalyzer
{
    static readonly HashSet<string> s_downloaders = ["curl", "wget"];
    static readonly HashSet<string> s_shells = ["sh", "bash", "dash", "zsh", "ksh", "ash"];

    public string Name => "remote-script";

    public ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.Of("DR5032")];

    public void Analyze(ImageProgram program, CompilationContext context)
    {
        foreach (var (_, step, statements, _) in context.StepsOf(program))
            foreach (var stmt in statements)
            {
                if (stmt.Command is Pipeline pipeline && PipedIntoShell(pipeline) is { } piped)
                    context.Report(DiagnosticBuilder.RemoteScriptPipedToShell(step.Source, pipeline.Span, piped.Downloader, piped.Shell));
                else if (stmt.Command is SimpleCommand command && ShellWalk.EffectiveName(command) is { } name && s_shells.Contains(name)
                    && Downloader(ShellWalk.SimpleCommands([stmt]).Skip(1)) is { } fetcher)
                    context.Report(DiagnosticBuilder.RemoteScriptPipedToShell(step.Source, command.Span, fetcher, name));
            }
    }

    /// <summary>A downloader in a pipeline followed, later in it, by a shell reading the pipe.</summary>
    static (string Downloader, string Shell)? PipedIntoShell(Pipeline pipeline)
    {
        string? downloader = null;
        foreach (var stage in pipeline.Stmts)
        {
            if (stage.Command is not SimpleCommand command || ShellWalk.EffectiveName(command) is not { } name) continue;
            if (s_downloaders.Contains(name)) downloader ??= name;
            else if (downloader is not null && s_shells.Contains(name)) return (downloader, name);
        }
        return null;
    }

    static string? Downloader(IEnumerable<SimpleCommand> commands) =>
        commands.Select(c => ShellWalk.EffectiveName(c)).FirstOrDefault(n => n is not null && s_downloaders.Contains(n));
}
