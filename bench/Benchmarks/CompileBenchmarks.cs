using BenchmarkDotNet.Attributes;
using DockerRecord.Backend;
using DockerRecord.Frontend.Trace;
using DockerRecord.Passes;

namespace DockerRecord.Benchmarks;

/// <summary>
/// The whole compiler in process: a synthetic trace (<see cref="SyntheticTrace"/>) of <see cref="Commands"/>
/// commands, read once in the setup, then all passes and the Dockerfile emitter. Ten times the commands should cost
/// about ten times the time (no quadratic pass). <c>--filter '*Compile*'</c>.
/// </summary>
[MemoryDiagnoser]
public class CompileBenchmarks
{
    TraceContent _trace = null!;
    string _directory = "";

    [Params(10_000, 100_000)]
    public int Commands { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), $"drec-bench-compile-{Commands}-{Environment.ProcessId}");
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
        SyntheticTrace.Write(_directory, Commands);
        _trace = TraceReader.Read(_directory).Trace ?? throw new InvalidOperationException("the synthetic trace does not read back");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark]
    public int CompileAndEmit()
    {
        var compilation = Compiler.Compile(_trace, CompileOptions.Default);
        return DockerfileEmitter.Emit(compilation.Program, new EmitOptions()).Length;
    }
}
