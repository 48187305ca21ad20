using DockerRecord.Frontend.Trace;
using DockerRecord.IR;
using DockerRecord.Passes.Analyzers;
using DockerRecord.Passes.Files;
using DockerRecord.Passes.Filtering;
using DockerRecord.Passes.Lowering;
using DockerRecord.Passes.Ordering;
using DockerRecord.Passes.Safety;
using DockerRecord.Passes.Scopes;
using DockerRecord.Passes.Secrets;
using DockerRecord.Passes.Services;
using DockerRecord.Passes.State;

namespace DockerRecord.Passes;

/// <summary>
/// The compiler's driver. <see cref="Passes"/> is the one list of passes, in the order they run; docs/architecture.md
/// explains why that order. Each pass sees the program the previous one returned.
/// </summary>
public static class Compiler
{
    public static IReadOnlyList<ICompilerPass> Passes { get; } =
    [
        new LowerTracePass(),
        new DropFailedPass(),
        new DropNoEffectPass(),
        new StatePass(),
        new FilesPass(),
        new HereDocPass(),
        new BuildSafetyPass(),
        new ServicesPass(),
        new PortsAndVolumesPass(),
        new SecretsPass(),
        new DependencyOrderPass(),
        new GroupRunsPass(),
        new ScopesPass(),
    ];

    /// <summary>The checks run over the final program, after every pass; they only report (docs/diagnostics.md).</summary>
    public static IReadOnlyList<IAnalyzer> Analyzers { get; } =
    [
        new RelativeWorkdirAnalyzer(),
        new FinalUserAnalyzer(),
        new CdInRunAnalyzer(),
        new SudoAnalyzer(),
        new BaseImageAnalyzer(),
        new AptInstallAnalyzer(),
        new AptListsAnalyzer(),
        new AptCliAnalyzer(),
        new ConsecutiveRunsAnalyzer(),
        new PipefailAnalyzer(),
        new UpgradeAnalyzer(),
        new BackgroundJobAnalyzer(),
        new RemoteScriptAnalyzer(),
        new TimeDependentAnalyzer(),
    ];

    /// <summary>
    /// Runs every pass over the trace. <paramref name="afterPass"/> sees the program after each pass (for
    /// <c>--dump-ir</c> and <c>--timings</c>), <paramref name="afterAnalyzers"/> is called once the analyzers are done
    /// (for <c>--timings</c> and the benchmark).
    /// </summary>
    public static Compilation Compile(TraceContent trace, CompileOptions options, Action<ICompilerPass, ImageProgram>? afterPass = null,
        Action? afterAnalyzers = null)
    {
        var context = new CompilationContext(trace, options);
        var program = ImageProgram.Empty;
        foreach (var pass in Passes)
        {
            context.CurrentPass = pass.Name;
            program = pass.Run(program, context);
            afterPass?.Invoke(pass, program);
        }
        // analyzers only read the final program and report (thread-safe), so they run side by side; diagnostics are
        // sorted by place and code at the end, which keeps the output the same whatever order they finish in
        context.CurrentPass = "analyzers";
        // most analyzers read the steps' syntax walked once for all; walked here, before they start, it uses every core
        // instead of one analyzer's thread while the others wait for it
        context.StepsOf(program);
        Parallel.ForEach(Analyzers, analyzer => analyzer.Analyze(program, context));
        afterAnalyzers?.Invoke();
        return new Compilation(program, context.SortedDiagnostics(), [.. context.Explanations]);
    }
}
