using DockerRecord.Frontend.Trace;
using DockerRecord.IR;
using DockerRecord.Passes;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Compiler;

/// <summary>Shorthands for the services, ports and volumes tests: compile a trace, look at the end of the program.</summary>
static class ServicesCompile
{
    public static Compilation Compile(TraceBuilder trace, CompileOptions? options = null) =>
        DockerRecord.Passes.Compiler.Compile(trace.Build(), options ?? CompileOptions.Default);

    /// <summary>
    /// The trace lowered and put through only <paramref name="passes"/>: what a pass itself leaves in the RUNs, which
    /// the whole compiler may then drop (a read-only line) or join.
    /// </summary>
    public static Compilation Through(TraceBuilder trace, params ICompilerPass[] passes)
    {
        var context = new CompilationContext(trace.Build(), CompileOptions.Default);
        var program = new DockerRecord.Passes.Lowering.LowerTracePass().Run(ImageProgram.Empty, context);
        foreach (var pass in passes)
        {
            context.CurrentPass = pass.Name;
            program = pass.Run(program, context);
        }
        return new Compilation(program, context.SortedDiagnostics(), [.. context.Explanations]);
    }

    /// <summary>The apt lists cleanup the group pass adds after the last apt step (a step of its own).</summary>
    public const string AptListsCleanup = " ;; rm -rf /var/lib/apt/lists/*";

    public static string[] Cmd(this Compilation compilation) =>
        compilation.Program.OfType<CmdInstruction>().SingleOrDefault()?.Arguments.ToArray() ?? [];

    /// <summary>The shell text of every RUN, one string per RUN.</summary>
    public static string[] Runs(this Compilation compilation) =>
        [.. compilation.Program.OfType<RunInstruction>().Select(r => string.Join(" ;; ", r.Steps.Select(IrPrinter.StepText)))];

    public static string[] Codes(this Compilation compilation) => [.. compilation.Diagnostics.Select(d => d.Code)];

    public static string[] Keywords(this Compilation compilation) => [.. compilation.Program.Instructions.Select(i => i.Keyword)];

    public static FileChanges Added(params string[] paths) => new(paths, [], []);

    public static ListeningPort Tcp(int port, string? process, string address = "0.0.0.0") => new("tcp", address, port, process);
}
