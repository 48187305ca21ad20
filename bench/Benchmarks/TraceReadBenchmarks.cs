using BenchmarkDotNet.Attributes;
using DockerRecord.Frontend.Trace;

namespace DockerRecord.Benchmarks;

/// <summary>
/// <see cref="TraceReader.Read"/> of a synthetic trace (<see cref="SyntheticTrace"/>) of <see cref="Commands"/>
/// commands: the JSON lines of commands.jsonl into records. <c>--filter '*TraceRead*'</c>.
/// </summary>
[MemoryDiagnoser]
public class TraceReadBenchmarks
{
    string _directory = "";

    [Params(10_000, 100_000)]
    public int Commands { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), $"drec-bench-read-{Commands}-{Environment.ProcessId}");
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
        SyntheticTrace.Write(_directory, Commands);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark]
    public int Read() =>
        TraceReader.Read(_directory).Trace?.Sessions.Sum(s => s.Commands.Count) ?? throw new InvalidOperationException("the trace does not read");
}
