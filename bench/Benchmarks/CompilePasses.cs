using System.Diagnostics;
using DockerRecord.Backend;
using DockerRecord.Frontend.Trace;
using DockerRecord.Passes;

namespace DockerRecord.Benchmarks;

/// <summary>
/// Where compile time goes: reading the trace, each pass and analyzer (the time since the previous one ended, and the
/// bytes it allocated), emitting.
/// </summary>
static class CompilePasses
{
    /// <summary>How many allocating types --alloc lists per pass: 6, or ALLOC_TOP.</summary>
    static readonly int s_typesShown = int.TryParse(Environment.GetEnvironmentVariable("ALLOC_TOP"), out var top) && top > 0 ? top : 6;

    /// <summary>How many measured compiles: 1, or REPEAT; with more, each row is the fastest of them (a busy machine's noise is all slower).</summary>
    static readonly int s_repeats = int.TryParse(Environment.GetEnvironmentVariable("REPEAT"), out var repeats) && repeats > 0 ? repeats : 1;

    public static int Run(string traceDirectory, bool allocations = false, bool warm = false)
    {
        if (s_repeats == 1) return RunOnce(traceDirectory, allocations, warm, null);
        var best = new Dictionary<string, (double Ms, double Cpu, string Line)>();
        for (var i = 0; i < s_repeats; i++)
        {
            var rows = new List<(string Name, double Ms, double Cpu, string Line)>();
            RunOnce(traceDirectory, allocations, warm && i == 0, rows);
            foreach (var (name, ms, cpu, line) in rows)
                if (!best.TryGetValue(name, out var seen) || ms < seen.Ms) best[name] = (ms, cpu, line);
            GC.Collect();
        }
        Console.WriteLine($"-- fastest of {s_repeats} runs, per row --");
        foreach (var (_, (_, _, line)) in best) Console.WriteLine(line);
        return 0;
    }

    static int RunOnce(string traceDirectory, bool allocations, bool warm, List<(string Name, double Ms, double Cpu, string Line)>? rows)
    {
        if (warm)
        {
            // the same work once, unmeasured: the JIT has compiled it all, as in the native binary
            var first = TraceReader.Read(traceDirectory).Trace ?? throw new InvalidOperationException("trace does not read");
            DockerfileEmitter.Emit(Compiler.Compile(first, CompileOptions.Default with { Explain = false }).Program, new EmitOptions());
            GC.Collect();
        }
        using var sampler = allocations ? new AllocationSampler() : null;
        var clock = Stopwatch.StartNew();
        var last = clock.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        void Print(string name, string what)
        {
            var now = clock.Elapsed;
            var bytes = GC.GetTotalAllocatedBytes();
            process.Refresh();
            var cpuNow = process.TotalProcessorTime;
            // CPU time (all threads: the parse runs on every core, the GC and the JIT on their own) is the steadier
            // number on a busy machine
            var line = $"{name,-22} {(now - last).TotalMilliseconds,7:F0} ms {(cpuNow - cpu).TotalMilliseconds,7:F0} ms CPU {(bytes - allocated) / 1e6,8:F0} MB  {what}";
            rows?.Add((name, (now - last).TotalMilliseconds, (cpuNow - cpu).TotalMilliseconds, line));
            Console.WriteLine(line);
            cpu = cpuNow;
            if (sampler is not null)
                foreach (var (type, sampled) in sampler.Take(s_typesShown)) Console.WriteLine($"{"",-22} {sampled / 1e6,8:F0} MB  {type}");
            last = clock.Elapsed;
            allocated = bytes;
        }
        var trace = TraceReader.Read(traceDirectory).Trace ?? throw new InvalidOperationException("trace does not read");
        Print("read trace", "");
        // as `drec compile` without --explain
        var compilation = Compiler.Compile(trace, CompileOptions.Default with { Explain = false },
            (pass, program) => Print(pass.Name, $"({program.Instructions.Length} instructions)"),
            () => Print("analyzers", $"({Compiler.Analyzers.Count}, side by side)"));
        var text = DockerfileEmitter.Emit(compilation.Program, new EmitOptions());
        Print("emit", $"({text.Length} chars)");
        rows?.Add(("total", clock.Elapsed.TotalMilliseconds, 0, $"{"total",-22} {clock.Elapsed.TotalMilliseconds,7:F0} ms"));
        Console.WriteLine($"{"total",-22} {clock.Elapsed.TotalMilliseconds,7:F0} ms {process.TotalProcessorTime.TotalMilliseconds,7:F0} ms CPU {GC.GetTotalAllocatedBytes() / 1e6,8:F0} MB, "
            + $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20)} MiB, {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} GCs, {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms paused");
        return 0;
    }
}
