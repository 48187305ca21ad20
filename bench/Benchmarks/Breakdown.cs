using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using DockerRecord.Frontend.Parsing;
using Superpower.Model;

namespace DockerRecord.Benchmarks;

/// <summary>
/// A rough Stopwatch breakdown of one pass over the corpus into its phases, with allocations, plus the inputs that
/// cost the most. Not a substitute for <see cref="ParserBenchmarks"/>; it answers "where does the time go".
/// Usage: <c>--breakdown [seconds-per-phase]</c>.
/// </summary>
static class Breakdown
{
    public static int Run(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 3.0;
        var corpus = CorpusLoader.Accepted;
        var inputs = corpus.Select(i => i.Text).ToArray();
        var chars = CorpusLoader.TotalChars;
        Console.WriteLine($"corpora: {CorpusLoader.FindCorporaDirectory()}");
        Console.WriteLine($"load average: {LoadAverage()}");
        Console.WriteLine($"bash-accepted inputs, all measured: {inputs.Length}, {chars} chars, {CorpusLoader.TotalUtf8Bytes} UTF-8 bytes");

        var rejected = corpus.Where(i => !ShellParser.Parse(i.Text).Success).ToList();
        Console.WriteLine($"inputs drec's parser rejects (diagnostic, often via exception): {rejected.Count}");

        // Pre-lexed token lists for the grammar-only phase (inputs the lexer accepts).
        var lexed = new List<(SourceText Source, LexResult Tokens)>();
        foreach (var input in inputs)
        {
            var source = new SourceText(input);
            try
            {
                lexed.Add((source, ShellLexer.Lex(source, 0, source.Length)));
            }
            catch (ShellSyntaxException)
            {
            }
        }

        var phases = new (string Name, Func<int> Pass)[]
        {
            ("SourceText only (line table)", () => inputs.Sum(s => new SourceText(s).Length)),
            ("Lex (ShellLexer.Lex, internal)", () =>
            {
                var ok = 0;
                foreach (var s in inputs)
                {
                    try { ShellLexer.Lex(new SourceText(s), 0, s.Length).Release(); ok++; }
                    catch (ShellSyntaxException) { }
                }
                return ok;
            }),
            ("Tokenize (ShellTokenizer.TryTokenize)", () => inputs.Count(s => ShellTokenizer.Instance.TryTokenize(s).HasValue)),
            ("Grammar+words on pre-lexed tokens", () =>
            {
                var ok = 0;
                foreach (var (source, tokens) in lexed)
                {
                    using var _ = ParseContext.Enter(source);
                    try { ShellGrammar.ParseProgram(tokens, out var error); if (error is null) ok++; }
                    catch (ShellSyntaxException) { }
                }
                return ok;
            }),
            ("Parse (ShellParser.Parse)", () => inputs.Count(s => ShellParser.Parse(s).Success)),
        };

        Console.WriteLine();
        // Wall time suffers when other processes compete for the cores; process CPU time (GC threads included) much less.
        Console.WriteLine($"{"phase",-40} {"ms/pass",9} {"MB/s",8} {"CPU ms/pass",12} {"MB/s (CPU)",11} {"KB alloc/pass",14} {"B alloc/char",13} {"GC pause",9} {"gen0/pass",10}");
        foreach (var (name, pass) in phases)
        {
            var warmUp = Stopwatch.StartNew();                          // tiered JIT: let tier-1 code arrive
            for (var i = 0; i < 50 || warmUp.Elapsed.TotalSeconds < 1; i++) pass();
            var passes = 0;
            var allocBefore = GC.GetAllocatedBytesForCurrentThread();
            var cpuBefore = CpuTime();
            var pauseBefore = GC.GetTotalPauseDuration();
            var gen0Before = GC.CollectionCount(0);
            var sw = Stopwatch.StartNew();
            while (sw.Elapsed.TotalSeconds < seconds)
            {
                pass();
                passes++;
            }
            sw.Stop();
            var cpuMs = (CpuTime() - cpuBefore).TotalMilliseconds / passes;
            var pauseShare = (GC.GetTotalPauseDuration() - pauseBefore) / sw.Elapsed;
            var gen0 = (GC.CollectionCount(0) - gen0Before) / (double)passes;
            var alloc = (GC.GetAllocatedBytesForCurrentThread() - allocBefore) / (double)passes;
            var ms = sw.Elapsed.TotalMilliseconds / passes;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-40} {ms,9:0.000} {chars / 1e6 / (ms / 1e3),8:0.00} {cpuMs,12:0.000} {chars / 1e6 / (cpuMs / 1e3),11:0.00} {alloc / 1024,14:0.0} {alloc / chars,13:0.0} {pauseShare,9:P1} {gen0,10:0.00}"));
        }

        // The fixed cost of one call, which dominates `drec parse --lines` on short history lines.
        Console.WriteLine();
        Console.WriteLine("cost of single calls (us per call, after warm-up):");
        foreach (var text in new[] { "", "true", "ls -la /tmp", "a=1 b=2 cmd arg >out 2>&1", "(a); b", "echo $(date)", "if a; then b; fi" })
        {
            var parseUs = MicrosPerCall(() => ShellParser.Parse(text));
            var tokenizeUs = MicrosPerCall(() => ShellTokenizer.Instance.TryTokenize(text));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  Parse {parseUs,8:0.00}  TryTokenize {tokenizeUs,7:0.00}  {Clip(text)}"));
        }

        // Which inputs cost the most per char (and in total), measured one by one.
        Console.WriteLine();
        Console.WriteLine("costliest inputs for ShellParser.Parse (ns per char, 200 reps each):");
        var costs = new List<(CorpusInput Input, double NsPerPass, bool Ok)>();
        foreach (var input in corpus)
        {
            var ok = ShellParser.Parse(input.Text).Success;
            for (var i = 0; i < 20; i++) ShellParser.Parse(input.Text);
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < 200; i++) ShellParser.Parse(input.Text);
            costs.Add((input, sw.Elapsed.TotalNanoseconds / 200, ok));
        }
        var total = costs.Sum(c => c.NsPerPass);
        var failedShare = costs.Where(c => !c.Ok).Sum(c => c.NsPerPass) / total;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  sum {total / 1e6:0.000} ms; share of time in the {rejected.Count} rejected inputs: {failedShare:P1}"));
        foreach (var (input, ns, ok) in costs.Where(c => c.Input.Text.Length >= 8)
                     .OrderByDescending(c => c.NsPerPass / c.Input.Text.Length).Take(12))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {ns / input.Text.Length,8:0} ns/char {ns / 1e3,8:0.0} us {(ok ? "ok " : "ERR")} {input.Corpus}:{input.Id} {Clip(input.Text)}"));
        }
        PrintAllocationsByType([.. corpus.Select(i => i.Text)]);
        Console.WriteLine();
        Console.WriteLine($"load average at the end: {LoadAverage()}");
        return 0;
    }

    /// <summary>Parses the corpus over and over for the given seconds (default 20), for an external profiler.</summary>
    public static int Loop(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 20.0;
        var inputs = CorpusLoader.Accepted.Select(i => i.Text).ToArray();
        var passes = 0;
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < seconds)
        {
            foreach (var input in inputs) ShellParser.Parse(input);
            passes++;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{passes} passes in {sw.Elapsed.TotalSeconds:0.0} s: {CorpusLoader.TotalChars * (double)passes / 1e6 / sw.Elapsed.TotalSeconds:0.00} MB/s"));
        return 0;
    }

    static void PrintAllocationsByType(string[] inputs)
    {
        using var listener = new AllocationListener();
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < 2)
            foreach (var input in inputs) ShellParser.Parse(input);
        listener.Dispose();
        var total = listener.ByType.Values.Sum();
        Console.WriteLine();
        Console.WriteLine("allocations of ShellParser.Parse by type (sampled by the runtime's AllocationTick, ~100 KB each):");
        foreach (var (type, bytes) in listener.ByType.OrderByDescending(p => p.Value).Take(15))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {bytes / (double)total,6:P1}  {type}"));
    }

    /// <summary>Sums the runtime's GCAllocationTick events (one per ~100 KB allocated) by type name.</summary>
    sealed class AllocationListener : EventListener
    {
        public Dictionary<string, long> ByType { get; } = [];

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
                EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1 /* GC */);
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (!(e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) ?? false) || e.PayloadNames is null) return;
            var typeName = e.Payload?[e.PayloadNames.IndexOf("TypeName")] as string ?? "?";
            var amountIndex = e.PayloadNames.IndexOf("AllocationAmount64");
            var amount = amountIndex >= 0 ? Convert.ToInt64(e.Payload![amountIndex], CultureInfo.InvariantCulture) : 100_000;
            lock (ByType) ByType[typeName] = ByType.GetValueOrDefault(typeName) + amount;
        }
    }

    static double MicrosPerCall(Action call)
    {
        for (var i = 0; i < 2000; i++) call();
        const int calls = 20_000;
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++) call();
        return sw.Elapsed.TotalMicroseconds / calls;
    }

    static TimeSpan CpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    static string Clip(string text)
    {
        var flat = text.Replace("\n", "\\n", StringComparison.Ordinal);
        return flat.Length <= 60 ? flat : flat[..57] + "...";
    }
}
