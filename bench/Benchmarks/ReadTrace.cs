using System.Diagnostics;
using DockerRecord.Frontend.Trace;

namespace DockerRecord.Benchmarks;

/// <summary>
/// <c>--read-trace TRACE [RUNS]</c>: <see cref="TraceReader.Read"/> alone, several times in one process. The first
/// run is what <c>drec compile</c> pays (JIT and JSON metadata included); the later runs are the steady state. Each
/// line gives the wall and CPU time, the bytes allocated and the managed heap still in use after a full collection with the
/// trace alive.
/// </summary>
static class ReadTrace
{
    public static int Run(string[] args)
    {
        var runs = args.Length > 1 ? int.Parse(args[1]) : 5;
        for (var run = 1; run <= runs; run++)
        {
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var pauseBefore = GC.GetTotalPauseDuration();
            var collectionsBefore = GC.CollectionCount(0);
            var clock = Stopwatch.StartNew();
            var trace = TraceReader.Read(args[0]).Trace ?? throw new InvalidOperationException("trace does not read");
            var elapsed = clock.Elapsed;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var pause = GC.GetTotalPauseDuration() - pauseBefore;
            var collections = GC.CollectionCount(0) - collectionsBefore;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var heap = GC.GetTotalMemory(forceFullCollection: true);
            var commands = trace.Sessions.Sum(s => s.Commands.Count);
            Console.WriteLine($"run {run}: {elapsed.TotalMilliseconds,6:F0} ms ({cpu.TotalMilliseconds,6:F0} ms CPU, {collections} GCs pausing {pause.TotalMilliseconds:F0} ms), {allocated / (1 << 20),5} MiB allocated, "
                + $"{heap / (1 << 20),5} MiB live, {commands} commands");
            GC.KeepAlive(trace);
        }
        return 0;
    }
}
