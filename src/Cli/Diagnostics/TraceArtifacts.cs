using System.Text;
using System.Text.Json;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Trace;

namespace DockerRecord.Cli.Diagnostics;

/// <summary>
/// Where a diagnostic is in the trace's files, for SARIF: a diagnostic about a recorded command points at that
/// command's line of <c>session-N/commands.jsonl</c>, and, when it has a span inside the command text, at the exact
/// characters of that span inside the line's JSON-escaped <c>cmd</c> string; a diagnostic about a trace file at its
/// position there; anything else at the trace's <c>trace.json</c>. Each commands.jsonl is read once, when first needed.
/// </summary>
sealed class TraceArtifacts(string traceDirectory)
{
    readonly Dictionary<int, Dictionary<int, (int Line, string Text)>?> _sessions = [];

    public string TraceDirectory { get; } = traceDirectory;

    /// <summary>The file (a path as given, possibly relative) and its region: 1-based line and columns, end exclusive.</summary>
    public (string Path, Region Region) Locate(Diagnostic diagnostic)
    {
        if (diagnostic.Location is { } at)
        {
            var path = Path.Combine(TraceDirectory, TraceLayout.SessionFolder(at.Session), TraceLayout.CommandsFile);
            if (Line(at) is not var (line, text)) return (path, new Region(at.Seq, null, null));
            return (path, diagnostic.Span.Length > 0 && CmdColumns(text, diagnostic.Span.Position.Absolute, diagnostic.Span.Length) is var (start, end)
                ? new Region(line, start, end)
                : new Region(line, 1, text.Length + 1));
        }
        if (diagnostic.Path is { } file)
            return (file, diagnostic.Line > 0 ? new Region(diagnostic.Line, diagnostic.Column, null) : new Region(1, null, null));
        return (Path.Combine(TraceDirectory, TraceLayout.ManifestFile), new Region(1, null, null));
    }

    /// <summary>The recorded command's text, read back from its line (null when the line cannot be found).</summary>
    public string? CommandText(TraceLocation at)
    {
        if (Line(at) is not var (_, text)) return null;
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text));
            while (reader.Read())
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("cmd")
                    && reader.Read() && reader.TokenType == JsonTokenType.String)
                    return reader.GetString();
        }
        catch (JsonException)
        {
        }
        return null;
    }

    public readonly record struct Region(int StartLine, int? StartColumn, int? EndColumn);

    (int Line, string Text)? Line(TraceLocation at)
    {
        if (!_sessions.TryGetValue(at.Session, out var lines)) _sessions[at.Session] = lines = ReadLines(at.Session);
        return lines is not null && lines.TryGetValue(at.Seq, out var found) ? found : null;
    }

    Dictionary<int, (int, string)>? ReadLines(int session)
    {
        var path = Path.Combine(TraceDirectory, TraceLayout.SessionFolder(session), TraceLayout.CommandsFile);
        try
        {
            var lines = new Dictionary<int, (int, string)>();
            var number = 0;
            foreach (var text in File.ReadLines(path))
            {
                number++;
                if (Seq(text) is { } seq) lines.TryAdd(seq, (number, text));
            }
            return lines;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The record's top-level <c>seq</c>, or null for a line that is not a record (a torn last line).</summary>
    static int? Seq(string line)
    {
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(line));
            while (reader.Read())
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("seq")
                    && reader.Read() && reader.TokenType == JsonTokenType.Number)
                    return reader.GetInt32();
        }
        catch (JsonException)
        {
        }
        return null;
    }

    /// <summary>
    /// The 1-based columns (UTF-16, end exclusive) in the raw JSON line of the characters
    /// [<paramref name="offset"/>, offset + length) of the decoded <c>cmd</c> string.
    /// </summary>
    internal static (int Start, int End)? CmdColumns(string line, int offset, int length)
    {
        var quote = CmdValueStart(line);
        if (quote < 0) return null;
        int? start = null;
        for (int raw = quote + 1, decoded = 0; ; decoded++)
        {
            if (decoded == offset) start = raw + 1;
            if (decoded == offset + length) return start is { } begun ? (begun, raw + 1) : null;
            if (raw >= line.Length || line[raw] == '"') return null;
            // an escape is one character of the command: \n, \", or \uXXXX (one UTF-16 unit)
            raw += line[raw] != '\\' ? 1 : line[raw + 1] == 'u' ? 6 : 2;
        }
    }

    /// <summary>The index in <paramref name="line"/> of the opening quote of the top-level <c>cmd</c> value, or -1.</summary>
    static int CmdValueStart(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        try
        {
            var reader = new Utf8JsonReader(bytes);
            while (reader.Read())
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("cmd")
                    && reader.Read() && reader.TokenType == JsonTokenType.String)
                    return Encoding.UTF8.GetCharCount(bytes, 0, (int)reader.TokenStartIndex);
        }
        catch (JsonException)
        {
        }
        return -1;
    }
}
