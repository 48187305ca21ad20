using System.Text.RegularExpressions;

namespace DockerRecord.Frontend.Trace;

/// <summary>The names of the files and folders of a trace (docs/trace-format.md).</summary>
public static partial class TraceLayout
{
    public const string ManifestFile = "trace.json";
    public const string SessionFile = "session.json";
    public const string CommandsFile = "commands.jsonl";
    public const string FilesFile = "files.jsonl";
    public const string PackagesFile = "packages.json";

    public static string SessionFolder(int number) => $"session-{number}";

    /// <summary>The session numbers present, in order.</summary>
    public static IEnumerable<int> SessionNumbers(string traceDirectory) =>
        Directory.EnumerateDirectories(traceDirectory)
            .Select(d => SessionName().Match(Path.GetFileName(d)))
            .Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value))
            .Order();

    [GeneratedRegex("^session-([1-9][0-9]{0,8})$")]
    private static partial Regex SessionName();
}
