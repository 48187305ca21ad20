using System.Text.Json;
using Xunit.Abstractions;

namespace DockerRecord.UnitTests.Support;

/// <summary>One input of a public shell-parser corpus, with bash's own verdict on it.</summary>
public sealed record CorpusInput(string Corpus, string CaseId, int Index, string Text, bool BashAccepts)
{
    public override string ToString() => $"{Corpus} {CaseId}[{Index}]";
}

/// <summary>
/// The corpora in ../shared/corpora beside the repository (see its README), or where DREC_CORPORA points. They are
/// data from other projects and are never copied into this repository.
/// </summary>
public static class Corpora
{
    public static string? Folder { get; } = Find();

    static string? Find()
    {
        if (Environment.GetEnvironmentVariable("DREC_CORPORA") is { Length: > 0 } env && Directory.Exists(env)) return env;
        var beside = Repository.Shared("corpora");
        return Directory.Exists(beside) ? beside : null;
    }

    /// <summary>Fails in CI (where shared/ is always laid beside the clone); elsewhere says why nothing ran.</summary>
    public static bool Available(ITestOutputHelper output)
    {
        if (Folder is not null) return true;
        if (Environment.GetEnvironmentVariable("CI") == "true")
            Assert.Fail("The shell corpora are missing: expected ../shared/corpora beside the repository, or DREC_CORPORA.");
        output.WriteLine("SKIPPED: shell corpora not found (../shared/corpora or DREC_CORPORA)");
        return false;
    }

    public static IReadOnlyList<CorpusCase> MvdanCases { get; } = Load("mvdan-sh", line =>
    {
        var inputs = line.GetProperty("inputs").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var accepts = line.GetProperty("bash_accepts").EnumerateArray().Select(e => e.GetBoolean()).ToArray();
        return new CorpusCase(line.GetProperty("id").GetString()!,
            inputs.Select((text, i) => new CorpusInput("mvdan-sh", line.GetProperty("id").GetString()!, i, text, accepts[i])).ToArray());
    });

    public static IReadOnlyList<CorpusCase> TreeSitterCases { get; } = Load("tree-sitter-bash", line =>
        new CorpusCase(line.GetProperty("id").GetString()!,
            [new CorpusInput("tree-sitter-bash", line.GetProperty("id").GetString()!, 0, line.GetProperty("input").GetString()!, line.GetProperty("bash_accepts").GetBoolean())]));

    public static IEnumerable<CorpusInput> AllInputs => MvdanCases.Concat(TreeSitterCases).SelectMany(c => c.Inputs);

    static IReadOnlyList<CorpusCase> Load(string name, Func<JsonElement, CorpusCase> read)
    {
        if (Folder is null) return [];
        return File.ReadLines(Path.Combine(Folder, name, "cases.jsonl"))
            .Where(l => l.Length > 0)
            .Select(l => read(JsonDocument.Parse(l).RootElement))
            .ToArray();
    }
}

public sealed record CorpusCase(string Id, CorpusInput[] Inputs);
