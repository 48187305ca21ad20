using System.Diagnostics;

namespace DockerRecord.Cli.Commands;

/// <summary>
/// <c>drec compile --timings</c>: how long each phase took (reading the trace, each pass, the analyzers, writing), what
/// it allocated and which garbage collections ran in it, printed to stderr at the end, like a C compiler's
/// <c>-ftime-report</c>. It measures the binary people run (the native one too), where the benchmark project cannot.
/// </summary>
sealed class CompileTimings
{
    readonly List<(string Phase, TimeSpan Wall, TimeSpan Cpu, long Bytes, int Gen0, int Gen1, int Gen2, TimeSpan Paused)> _phases = [];
    readonly Stopwatch _clock = Stopwatch.StartNew();
    TimeSpan _wall;
    TimeSpan _cpu = Cpu();
    long _bytes = GC.GetTotalAllocatedBytes();
    int _gen0 = GC.CollectionCount(0), _gen1 = GC.CollectionCount(1), _gen2 = GC.CollectionCount(2);
    TimeSpan _paused = GC.GetTotalPauseDuration();

    /// <summary>Ends the phase named <paramref name="phase"/> (it began where the last one ended).</summary>
    public void Mark(string phase)
    {
        var (wall, cpu, bytes, paused) = (_clock.Elapsed, Cpu(), GC.GetTotalAllocatedBytes(), GC.GetTotalPauseDuration());
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        // a gen2 collection counts as gen1 and gen0 too: each row says which collections were the deepest
        _phases.Add((phase, wall - _wall, cpu - _cpu, bytes - _bytes, gen0 - _gen0 - (gen1 - _gen1), gen1 - _gen1 - (gen2 - _gen2), gen2 - _gen2, paused - _paused));
        (_wall, _cpu, _bytes, _paused, _gen0, _gen1, _gen2) = (wall, cpu, bytes, paused, gen0, gen1, gen2);
    }

    public void Write(TextWriter output)
    {
        output.WriteLine($"{"phase",-16} {"wall",8} {"CPU",8} {"allocated",10}  {"GCs gen0/1/2",12} {"paused",8}");
        foreach (var (phase, wall, cpu, bytes, gen0, gen1, gen2, paused) in _phases)
            output.WriteLine($"{phase,-16} {Ms(wall),8} {Ms(cpu),8} {Mb(bytes),10}  {$"{gen0}/{gen1}/{gen2}",12} {Ms(paused),8}");
        using var process = Process.GetCurrentProcess();
        var total = DateTime.Now - process.StartTime;
        output.WriteLine($"{"total",-16} {Ms(_wall),8} {Ms(_cpu),8} {Mb(GC.GetTotalAllocatedBytes()),10}  " +
            $"{$"{GC.CollectionCount(0) - GC.CollectionCount(1)}/{GC.CollectionCount(1) - GC.CollectionCount(2)}/{GC.CollectionCount(2)}",12} {Ms(GC.GetTotalPauseDuration()),8}");
        output.WriteLine($"process: {Ms(total)} since start, {Ms(process.TotalProcessorTime)} CPU, peak working set {process.PeakWorkingSet64 / (1 << 20)} MiB");
    }

    /// <summary>The CPU time of every thread of the process so far (the passes use all cores).</summary>
    static TimeSpan Cpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    static string Ms(TimeSpan time) => $"{time.TotalMilliseconds:F0} ms";

    static string Mb(long bytes) => $"{bytes / 1e6:F0} MB";
}
