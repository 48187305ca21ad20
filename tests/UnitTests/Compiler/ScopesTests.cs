using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Parsing;
using DockerRecord.IR;
using DockerRecord.Passes;
using DockerRecord.Passes.Scopes;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Compiler;

public sealed class ScopesTests
{
    static RunInstruction Run(int seq, RunContext context) =>
        RunInstruction.Of(new RunStep(new TraceLocation(1, seq), ShellParser.Parse("make").File!.Stmts, "make"), context);

    /// <summary>
    /// The pass remembers which RUN envs the current env already holds; after reordering, RUNs of two envs alternate,
    /// and going back to an env must set its values again, every time the current env changed in between.
    /// </summary>
    [Fact]
    public void Alternating_envs_set_their_values_each_time_they_come_back()
    {
        var a = RunContext.Root with { Env = RunContext.Root.Env.Add("X", "1") };
        var b = RunContext.Root with { Env = RunContext.Root.Env.Add("X", "2") };
        var program = new ImageProgram([Run(1, a), Run(2, a), Run(3, b), Run(4, a), Run(5, b), Run(6, b)], [], a);
        var context = new CompilationContext(new TraceBuilder().Build(), CompileOptions.Default);
        var result = new ScopesPass().Run(program, context);
        Assert.Equal(
            ["ENV X=1", "RUN 1", "RUN 2", "ENV X=2", "RUN 3", "ENV X=1", "RUN 4", "ENV X=2", "RUN 5", "RUN 6", "ENV X=1"],
            result.Instructions.Select(i => i switch
            {
                EnvInstruction env => "ENV " + string.Join(" ", env.Variables.Select(v => $"{v.Key}={v.Value}")),
                RunInstruction run => $"RUN {run.Source.First!.Value.Seq}",
                _ => i.Keyword,
            }));
    }
}
