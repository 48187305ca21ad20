using BenchmarkDotNet.Running;
using DockerRecord.Benchmarks;

// `--breakdown [seconds]`: a quick Stopwatch split of where parse time goes (no BenchmarkDotNet), see Breakdown.cs.
// `--loop [seconds]`: ShellParser.Parse over the corpus in a loop, a steady target for dotnet-trace/dotnet-counters.
// `--write-history FILE [MB]`: the large history-like file of scripts/bench-parse.sh, see HistoryFile.cs.
// `--write-trace DIR COMMANDS`: the synthetic trace of scripts/bench-compile.sh, see SyntheticTrace.cs.
// `--compile-passes TRACE [--alloc|--warm]`: time (and bytes allocated, by type with --alloc) of reading the trace, of
// each pass and analyzer and of the emitter, in process; --warm compiles once unmeasured first (no JIT in the numbers,
// closer to the native binary); ALLOC_TOP=N lists N types per pass instead of 6; REPEAT=N compiles N times and
// prints each row's fastest time (on a shared machine noise only ever slows a run down).
// `--read-trace TRACE [RUNS]`: TraceReader.Read alone, first (cold) and later runs: time, allocations, live heap.
// Anything else goes to BenchmarkDotNet, e.g. `--filter '*' --job short`.
switch (args)
{
    case ["--breakdown", ..]:
        return Breakdown.Run(args[1..]);
    case ["--loop", ..]:
        return Breakdown.Loop(args[1..]);
    case ["--write-history", ..]:
        return HistoryFile.Write(args[1..]);
    case ["--write-trace", ..]:
        return SyntheticTrace.Write(args[1..]);
    case ["--read-trace", ..]:
        return ReadTrace.Run(args[1..]);
    case ["--compile-passes", var trace]:
        return CompilePasses.Run(trace);
    case ["--compile-passes", var trace, "--alloc"]:
        return CompilePasses.Run(trace, allocations: true);
    case ["--compile-passes", var trace, "--warm"]:
        return CompilePasses.Run(trace, warm: true);
    default:
        BenchmarkSwitcher.FromAssembly(typeof(ParserBenchmarks).Assembly).Run(args);
        return 0;
}
