using System.Diagnostics;

namespace DockerRecord.Cli.Commands;

/// <summary>
/// <c>drec compile --timings</c>: how long each phase took (reading the trace, each pass, the analyzers, writing), what
/// it allocated and which garbage collections ran in it, printed to stderr at the end, like a C compiler's
/// <c>-ftime-report</c>. It measures the binary people run (the native one too), where the benchmark project cannot.
/// CPU time and allocations are the whole process's: the trace analyses that run beside the passes count in the
/// phase they overlap.
/// </summary>
sealed class CompileTimings : IDisposable
{
    /// <summary>What the process had spent when a phase ended (or when timing started).</summary>
    readonly record struct Reading(TimeSpan Wall, TimeSpan Cpu, long Bytes, int Gen0, int Gen1, int Gen2, TimeSpan Paused)
    {
        public static Reading Take(Stopwatch clock, Process process)
        {
            process.Refresh();
            // deepest first: a collection that ends between two reads then shows in the later phase, never as -1
            var gen2 = GC.CollectionCount(2);
            var gen1 = GC.CollectionCount(1);
            var gen0 = GC.CollectionCount(0);
            return new(clock.Elapsed, process.TotalProcessorTime, GC.GetTotalAllocatedBytes(), gen0, gen1, gen2, GC.GetTotalPauseDuration());
        }

        public static Reading operator -(Reading a, Reading b) =>
            new(a.Wall - b.Wall, a.Cpu - b.Cpu, a.Bytes - b.Bytes, a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, a.Paused - b.Paused);
    }

    readonly Stopwatch _clock = Stopwatch.StartNew();
    readonly Process _process = Process.GetCurrentProcess();
    readonly Reading _start;
    Reading _last;
    // in order of first use; a name marked again (the IR dump after each pass) adds to its row
    readonly List<(string Phase, Reading Spent)> _phases = [];

    public CompileTimings() => _start = _last = Reading.Take(_clock, _process);

    /// <summary>Ends the phase named <paramref name="phase"/>: it began where the last one ended.</summary>
    public void Mark(string phase)
    {
        var now = Reading.Take(_clock, _process);
        var spent = now - _last;
        _last = now;
        var row = _phases.FindIndex(p => p.Phase == phase);
        if (row < 0) _phases.Add((phase, spent));
        else _phases[row] = (phase, Sum(_phases[row].Spent, spent));
    }

    /// <summary>The table: a row per phase, the total since timing started, and the process as a whole.</summary>
    public void Write(TextWriter output)
    {
        output.WriteLine($"{"phase",-16} {"wall",8} {"CPU",8} {"allocated",10}  {"GCs gen0/1/2",12} {"paused",8}");
        foreach (var (phase, spent) in _phases) output.WriteLine(Row(phase, spent));
        output.WriteLine(Row("total", _last - _start));
        output.WriteLine($"process: {Ms(DateTime.Now - _process.StartTime)} since start, {Ms(_process.TotalProcessorTime)} CPU, " +
            $"peak working set {_process.PeakWorkingSet64 / (1 << 20)} MiB");
    }

    public void Dispose() => _process.Dispose();

    static Reading Sum(Reading a, Reading b) =>
        new(a.Wall + b.Wall, a.Cpu + b.Cpu, a.Bytes + b.Bytes, a.Gen0 + b.Gen0, a.Gen1 + b.Gen1, a.Gen2 + b.Gen2, a.Paused + b.Paused);

    /// <summary>A gen2 collection counts as gen1 and gen0 too: a row gives each collection once, at its deepest generation.</summary>
    static string Row(string phase, Reading r) =>
        $"{phase,-16} {Ms(r.Wall),8} {Ms(r.Cpu),8} {r.Bytes / 1e6,7:F0} MB  {$"{r.Gen0 - r.Gen1}/{r.Gen1 - r.Gen2}/{r.Gen2}",12} {Ms(r.Paused),8}";

    static string Ms(TimeSpan time) => $"{time.TotalMilliseconds:F0} ms";
}
