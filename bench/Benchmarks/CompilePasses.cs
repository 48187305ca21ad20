using System.Diagnostics;
using DockerRecord.Backend;
using DockerRecord.Frontend.Trace;
using DockerRecord.Passes;

namespace DockerRecord.Benchmarks;

/// <summary>Where compile time goes: reading the trace, each pass (the time since the previous one ended), emitting.</summary>
static class CompilePasses
{
    public static int Run(string traceDirectory)
    {
        var clock = Stopwatch.StartNew();
        var trace = TraceReader.Read(traceDirectory).Trace ?? throw new InvalidOperationException("trace does not read");
        Console.WriteLine($"{"read trace",-14} {clock.Elapsed.TotalMilliseconds,9:F0} ms");
        var last = clock.Elapsed;
        var compilation = Compiler.Compile(trace, CompileOptions.Default, (pass, program) =>
        {
            var now = clock.Elapsed;
            Console.WriteLine($"{pass.Name,-14} {(now - last).TotalMilliseconds,9:F0} ms  ({program.Instructions.Length} instructions)");
            last = clock.Elapsed;
        });
        var text = DockerfileEmitter.Emit(compilation.Program, new EmitOptions());
        Console.WriteLine($"{"emit",-14} {(clock.Elapsed - last).TotalMilliseconds,9:F0} ms  ({text.Length} chars)");
        Console.WriteLine($"{"total",-14} {clock.Elapsed.TotalMilliseconds,9:F0} ms, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20)} MiB");
        return 0;
    }
}
