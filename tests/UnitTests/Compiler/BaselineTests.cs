using System.Text;
using DockerRecord.Backend;
using DockerRecord.Frontend.Trace;
using DockerRecord.IR;
using DockerRecord.Passes;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Compiler;

/// <summary>
/// Golden baselines: each folder of tests/Baselines holds a trace (<c>trace/</c>) and what drec makes of it: the IR
/// after every pass (<c>ir.txt</c>), the diagnostics, the <c>--explain</c> lines and the Dockerfile. Run with
/// <c>DREC_UPDATE_BASELINES=1</c> to rewrite the expected files from the current compiler, then review the diff.
/// </summary>
public sealed class BaselineTests
{
    public static TheoryData<string> Cases() => [.. Baselines.Cases()];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compiles_to_the_baseline(string name)
    {
        var folder = Baselines.Folder(name);
        var read = TraceReader.Read(Path.Combine(folder, "trace"));
        Assert.True(read.Trace is not null, string.Join("\n", read.Diagnostics));

        var options = Baselines.Options(folder);
        var ir = new StringBuilder();
        var compilation = DockerRecord.Passes.Compiler.Compile(read.Trace, options, (pass, program) =>
            ir.Append("=== after ").Append(pass.Name).Append(" ===\n").Append(IrPrinter.Print(program)));
        var actual = new Dictionary<string, string>
        {
            ["ir.txt"] = ir.ToString(),
            // a diagnostic about a trace file names it by its path: relative to the baseline, so any checkout matches
            ["diagnostics.txt"] = string.Concat(compilation.Diagnostics.Select(d => d.ToString().Replace(Path.GetFullPath(folder) + Path.DirectorySeparatorChar, "") + "\n")),
            ["explain.txt"] = string.Concat(compilation.Explanations.OrderBy(e => e.Command).Select(e => e + "\n")),
            ["Dockerfile"] = compilation.HasErrors
                ? "# no Dockerfile: the compilation has errors\n"
                : DockerfileEmitter.Emit(compilation.Program, new EmitOptions { Annotate = options.Annotate, Syntax = options.Syntax }),
        };
        foreach (var (file, text) in actual)
            Baselines.AssertMatches(Path.Combine(folder, file), text);
    }
}
