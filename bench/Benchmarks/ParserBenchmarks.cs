using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using DockerRecord.Frontend.Parsing;

namespace DockerRecord.Benchmarks;

/// <summary>
/// Throughput of the frontend over every bash-accepted corpus input. One operation is one pass over the whole
/// corpus, each input tokenized or parsed on its own (the inputs are separate programs; concatenated they need not
/// form one valid script). The MB/s column is corpus chars (10^6 per MB) divided by the mean time of one pass.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class ParserBenchmarks
{
    string[] _inputs = [];

    [GlobalSetup]
    public void Setup() => _inputs = [.. CorpusLoader.Accepted.Select(i => i.Text)];

    /// <summary>(a) Tokenize only, through the public Superpower face <see cref="ShellTokenizer"/>.</summary>
    [Benchmark(Baseline = true)]
    public int Tokenize()
    {
        var ok = 0;
        foreach (var input in _inputs)
            if (ShellTokenizer.Instance.TryTokenize(input).HasValue) ok++;
        return ok;
    }

    /// <summary>(b) Tokenize and parse to a syntax tree: <see cref="ShellParser.Parse(string)"/>.</summary>
    [Benchmark]
    public int Parse()
    {
        var ok = 0;
        foreach (var input in _inputs)
            if (ShellParser.Parse(input).Success) ok++;
        return ok;
    }

    /// <summary>The hand-written lexer alone, without Superpower's <c>Result</c> wrapping (internal API).</summary>
    [Benchmark]
    public int LexOnly()
    {
        var ok = 0;
        foreach (var input in _inputs)
        {
            try
            {
                // the tokens go back to the pool, as after a parse
                ShellLexer.Lex(new SourceText(input), 0, input.Length).Release();
                ok++;
            }
            catch (ShellSyntaxException)
            {
            }
        }
        return ok;
    }
}

/// <summary>Adds the MB/s column to the default configuration.</summary>
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig() => AddColumn(new MegabytesPerSecondColumn());
}

/// <summary>Corpus size (chars, 10^6 per MB) divided by the mean time of one benchmark operation.</summary>
public sealed class MegabytesPerSecondColumn : IColumn
{
    public string Id => nameof(MegabytesPerSecondColumn);
    public string ColumnName => "MB/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Corpus chars (10^6 per MB) processed per second: total chars / Mean";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (meanNs is not > 0) return "NA";
        var megabytes = CorpusLoader.TotalChars / 1e6;
        return (megabytes / (meanNs.Value / 1e9)).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public override string ToString() => ColumnName;
}
