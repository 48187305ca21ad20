using System.Text;
using System.Text.Json;

namespace DockerRecord.Benchmarks;

/// <summary>One corpus input that GNU bash accepts (<c>bash -n</c> exit 0).</summary>
/// <param name="Corpus">The corpus folder name (<c>mvdan-sh</c> or <c>tree-sitter-bash</c>).</param>
/// <param name="Id">The case id, with the index of the input for mvdan-sh cases of several inputs.</param>
/// <param name="Text">The shell text.</param>
public sealed record CorpusInput(string Corpus, string Id, string Text);

/// <summary>
/// Reads the shell corpora (JSON lines, read-only, outside the repository). They are found through the
/// <c>DREC_CORPORA</c> environment variable when it is set, otherwise at <c>../shared/corpora</c> relative to the
/// repository root, which is searched for upwards from the current directory and from the program's own folder
/// (BenchmarkDotNet runs each benchmark in a child process whose directory lies inside <c>bin/</c>).
/// </summary>
public static class CorpusLoader
{
    public const string EnvironmentVariable = "DREC_CORPORA";

    static readonly Lazy<IReadOnlyList<CorpusInput>> s_accepted = new(() => LoadAccepted(FindCorporaDirectory()));

    /// <summary>Every bash-accepted input of both corpora, loaded once per process. The benchmarks measure all of them.</summary>
    public static IReadOnlyList<CorpusInput> Accepted => s_accepted.Value;

    /// <summary>The total number of UTF-16 chars of <see cref="Accepted"/>.</summary>
    public static long TotalChars => Accepted.Sum(i => (long)i.Text.Length);

    /// <summary>The total number of UTF-8 bytes of <see cref="Accepted"/>.</summary>
    public static long TotalUtf8Bytes => Accepted.Sum(i => (long)Encoding.UTF8.GetByteCount(i.Text));

    public static string FindCorporaDirectory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return Directory.Exists(fromEnvironment)
                ? Path.GetFullPath(fromEnvironment)
                : throw new DirectoryNotFoundException($"{EnvironmentVariable}={fromEnvironment}: no such directory.");
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (!IsRepositoryRoot(dir)) continue;
                var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "corpora"));
                if (Directory.Exists(candidate)) return candidate;
            }
        }
        throw new DirectoryNotFoundException(
            $"Shell corpora not found: set {EnvironmentVariable} to the corpora folder, or place it at ../shared/corpora " +
            "relative to the repository root.");
    }

    static bool IsRepositoryRoot(DirectoryInfo dir) =>
        File.Exists(Path.Combine(dir.FullName, "DockerRecord.sln"))
        || Directory.Exists(Path.Combine(dir.FullName, ".git"))
        || File.Exists(Path.Combine(dir.FullName, ".git"));   // a worktree's .git is a file

    /// <summary>Every input that bash accepts, from <c>mvdan-sh/cases.jsonl</c> then <c>tree-sitter-bash/cases.jsonl</c>.</summary>
    public static IReadOnlyList<CorpusInput> LoadAccepted(string corporaDirectory)
    {
        var inputs = new List<CorpusInput>();

        foreach (var line in File.ReadLines(Path.Combine(corporaDirectory, "mvdan-sh", "cases.jsonl")))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var id = root.GetProperty("id").GetString() ?? "?";
            var texts = root.GetProperty("inputs").EnumerateArray().Select(e => e.GetString() ?? "").ToArray();
            var accepts = root.GetProperty("bash_accepts").EnumerateArray().Select(e => e.GetBoolean()).ToArray();
            if (texts.Length != accepts.Length)
                throw new InvalidDataException($"mvdan-sh case {id}: {texts.Length} inputs but {accepts.Length} verdicts.");
            for (var i = 0; i < texts.Length; i++)
                if (accepts[i]) inputs.Add(new CorpusInput("mvdan-sh", $"{id}[{i}]", texts[i]));
        }

        foreach (var line in File.ReadLines(Path.Combine(corporaDirectory, "tree-sitter-bash", "cases.jsonl")))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.GetProperty("bash_accepts").GetBoolean())
                inputs.Add(new CorpusInput("tree-sitter-bash", root.GetProperty("id").GetString() ?? "?",
                    root.GetProperty("input").GetString() ?? ""));
        }

        return inputs;
    }
}
