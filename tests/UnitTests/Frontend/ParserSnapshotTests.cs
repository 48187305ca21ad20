using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DockerRecord.Frontend.Parsing;
using DockerRecord.UnitTests.Support;
using Xunit.Abstractions;

namespace DockerRecord.UnitTests.Frontend;

/// <summary>
/// Guards the parser's exact output: the tree with every span, and every diagnostic's message and place (see
/// <see cref="ParseDump"/>), over each corpus input whole, line by line, every prefix and with each token dropped,
/// and over every command line of the golden-baseline traces. The dumps are hashed per input, since the corpora may
/// not be copied into this repository; ParserSnapshot.txt holds the hashes. A change to the parser that is meant to
/// change its output rewrites the file with DREC_UPDATE_BASELINES=1; DREC_PARSER_DUMP=FILE writes the dumps
/// themselves, to diff a run before the change with one after it.
/// </summary>
public sealed class ParserSnapshotTests(ITestOutputHelper output)
{
    static string SnapshotPath => Path.Combine(Repository.Root, "tests", "UnitTests", "Frontend", "ParserSnapshot.txt");

    [Fact]
    public void Parser_output_matches_the_snapshot()
    {
        if (!Corpora.Available(output)) return;
        var dumpPath = Environment.GetEnvironmentVariable("DREC_PARSER_DUMP");
        using var dump = dumpPath is { Length: > 0 } ? new StreamWriter(dumpPath) : null;
        var actual = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var parses = 0;
        foreach (var (key, texts) in Groups())
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var text in texts)
            {
                var parsed = ParseDump.Of(text);
                hash.AppendData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(text) + "\n" + parsed));
                dump?.Write($"### {key} {JsonSerializer.Serialize(text)}\n{parsed}");
                parses++;
            }
            actual[key] = Convert.ToHexString(hash.GetHashAndReset())[..16];
        }
        output.WriteLine($"snapshot: {parses} parses in {actual.Count} groups");
        var snapshot = string.Concat(actual.Select(p => $"{p.Value} {p.Key}\n"));
        if (Baselines.Updating)
        {
            File.WriteAllText(SnapshotPath, snapshot);
            return;
        }
        var expected = File.ReadLines(SnapshotPath).Select(l => l.Split(' ', 2)).ToDictionary(p => p[1], p => p[0]);
        var changed = actual.Where(p => !expected.TryGetValue(p.Key, out var h) || h != p.Value).Select(p => p.Key)
            .Concat(expected.Keys.Where(k => !actual.ContainsKey(k))).ToList();
        Assert.True(changed.Count == 0,
            $"the parser's output changed for {changed.Count} inputs (DREC_PARSER_DUMP=FILE writes the dumps to diff; "
            + $"DREC_UPDATE_BASELINES=1 accepts the change):\n  {string.Join("\n  ", changed.Take(40))}");
    }

    /// <summary>The inputs, grouped by where they come from: one hash per corpus input and per baseline trace.</summary>
    static IEnumerable<(string Key, IEnumerable<string> Texts)> Groups()
    {
        foreach (var input in Corpora.AllInputs)
            yield return (input.ToString(), Variants(input.Text));
        foreach (var file in Directory.EnumerateFiles(Baselines.Root, "commands.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            yield return (Path.GetRelativePath(Baselines.Root, file).Replace('\\', '/'),
                File.ReadLines(file).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("cmd").GetString()!));
    }

    /// <summary>The input, each of its lines, each prefix, and (when it tokenizes) the input with each token dropped.</summary>
    static IEnumerable<string> Variants(string text)
    {
        yield return text;
        foreach (var line in text.Split('\n')) yield return line;
        for (var length = 0; length < text.Length; length++) yield return text[..length];
        var tokens = ShellTokenizer.Instance.TryTokenize(text);
        if (!tokens.HasValue) yield break;
        foreach (var token in tokens.Value)
            yield return text.Remove(token.Span.Position.Absolute, token.Span.Length);
    }
}
