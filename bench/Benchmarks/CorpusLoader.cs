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

    /// <summary>Set to <c>1</c> to measure every accepted input, including those of <see cref="TriggersKnownCrash"/>.</summary>
    public const string IncludeAllVariable = "DREC_BENCH_INCLUDE_ALL";

    static readonly Lazy<IReadOnlyList<CorpusInput>> s_accepted = new(() => LoadAccepted(FindCorporaDirectory()));

    static readonly Lazy<IReadOnlyList<CorpusInput>> s_measured = new(() =>
        Environment.GetEnvironmentVariable(IncludeAllVariable) == "1"
            ? Accepted
            : [.. Accepted.Where(i => !TriggersKnownCrash(i.Text))]);

    /// <summary>Every bash-accepted input of both corpora, loaded once per process.</summary>
    public static IReadOnlyList<CorpusInput> Accepted => s_accepted.Value;

    /// <summary>
    /// The inputs the benchmarks run: <see cref="Accepted"/> without those of <see cref="TriggersKnownCrash"/>
    /// (unless <c>DREC_BENCH_INCLUDE_ALL=1</c>).
    /// </summary>
    public static IReadOnlyList<CorpusInput> Measured => s_measured.Value;

    /// <summary>The total number of UTF-16 chars of <see cref="Measured"/>.</summary>
    public static long TotalChars => Measured.Sum(i => (long)i.Text.Length);

    /// <summary>The total number of UTF-8 bytes of <see cref="Measured"/>.</summary>
    public static long TotalUtf8Bytes => Measured.Sum(i => (long)Encoding.UTF8.GetByteCount(i.Text));

    /// <summary>
    /// Inputs that may crash the whole process at the time of writing: <c>ReservedWords.Classify</c> recurses without
    /// end (a StackOverflow, which no catch can stop) on any word whose text keeps a backslash or NUL after line
    /// continuations are removed, e.g. <c>echo a\b</c> or <c>echo 'a\b'</c>. This screen is conservative: any NUL,
    /// or any backslash not directly followed by a line break, wherever it stands (comments and here-document bodies
    /// included). Remove it once the frontend is fixed.
    /// </summary>
    public static bool TriggersKnownCrash(string text)
    {
        if (text.Contains('\0')) return true;
        for (var i = text.IndexOf('\\'); i >= 0; i = text.IndexOf('\\', i + 1))
        {
            if (i + 1 < text.Length && text[i + 1] == '\n') continue;
            if (i + 2 < text.Length && text[i + 1] == '\r' && text[i + 2] == '\n') continue;
            return true;
        }
        return false;
    }

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
