using System.Collections.Immutable;
using System.Text.Json;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Parsing;

namespace DockerRecord.Frontend.Trace;

/// <summary>A whole trace as read from disk.</summary>
public sealed record TraceContent(TraceManifest Manifest, IReadOnlyList<SessionTrace> Sessions);

/// <summary>One session: its metadata, its command records in order, and its captured files.</summary>
public sealed record SessionTrace(string Directory, SessionInfo Info, IReadOnlyList<CommandRecord> Commands, IReadOnlyList<CapturedFile> Files)
{
    /// <summary>The installed packages' versions as the session went (packages.json; empty when not recorded).</summary>
    public IReadOnlyList<PackageSnapshot> Packages { get; init; } = [];

    /// <summary>The line of files.jsonl each of <see cref="Files"/> was read from, in the same order (empty for a
    /// session not read from disk).</summary>
    public IReadOnlyList<int> FileLines { get; init; } = [];

    /// <summary>Where the <paramref name="index"/>th captured file's record is, for a diagnostic about it.</summary>
    public TraceFileLine FileRecord(int index) =>
        new(Path.Combine(Directory, TraceLayout.FilesFile), index < FileLines.Count ? FileLines[index] : 0);
}

/// <summary>The result of reading a trace: the trace unless an error makes it unusable, and diagnostics.</summary>
public sealed record TraceReadResult(TraceContent? Trace, ImmutableArray<Diagnostic> Diagnostics);

/// <summary>
/// Reads a trace folder without the container. A torn last line (the recorder was killed while writing) is skipped
/// with a warning; any other bad line is an error naming its file, line and column.
/// </summary>
public static class TraceReader
{
    public static TraceReadResult Read(string traceDirectory)
    {
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        var manifest = ReadManifest(traceDirectory, out _, diagnostics);
        if (manifest is null || SessionNumbers(traceDirectory, diagnostics) is not { } numbers)
            return new TraceReadResult(null, diagnostics.ToImmutable());

        var sessions = new List<SessionTrace>();
        // each session's number, and the folder whose session.json gave it: everything after reading names a command
        // by session number and seq, so two sessions of one number would silently stand for each other
        var folderOf = new Dictionary<int, string>();
        foreach (var number in numbers)
        {
            var folder = TraceLayout.SessionFolder(number);
            var directory = Path.Combine(traceDirectory, folder);
            var infoPath = Path.Combine(directory, TraceLayout.SessionFile);
            if (!File.Exists(infoPath))
            {
                diagnostics.Add(Unseen(infoPath) ?? DiagnosticBuilder.MissingSessionFile(infoPath, Start(infoPath)));
                continue;
            }
            var info = ReadDocument<SessionInfo>(infoPath, TraceRecordChecks.Session, diagnostics);
            if (info is null) continue;
            if (!folderOf.TryAdd(info.Number, folder))
            {
                diagnostics.Add(DiagnosticBuilder.MalformedTraceRecord(infoPath, Start(infoPath),
                    $"\"number\": {info.Number} is already {folderOf[info.Number]}'s (each session needs a number of its own)"));
                continue;
            }
            var errorsBefore = diagnostics.Count(d => d.IsError);
            var commands = ReadLines(Path.Combine(directory, TraceLayout.CommandsFile), CommandLineParser.TryParse, TraceRecordChecks.Command,
                diagnostics, ("seq", c => c.Seq));
            var commandsRead = diagnostics.Count(d => d.IsError) == errorsBefore;
            var filesPath = Path.Combine(directory, TraceLayout.FilesFile);
            var fileLines = new List<int>();
            var files = ReadLines<CapturedFile>(filesPath, null, TraceRecordChecks.File, diagnostics, lineOfEach: fileLines);
            // with a bad line in commands.jsonl the trace is not compiled, and a capture of that line names no command
            if (commandsRead) files = EditorCaptures.OfRecordedCommands(filesPath, files, fileLines, commands, diagnostics);
            var packagesPath = Path.Combine(directory, TraceLayout.PackagesFile);
            var packages = File.Exists(packagesPath) ? ReadDocument<PackageSnapshots>(packagesPath, TraceRecordChecks.Packages, diagnostics)?.Snapshots ?? [] : [];
            sessions.Add(new SessionTrace(directory, info, commands, files) { Packages = packages, FileLines = fileLines });
        }
        var result = diagnostics.Any(d => d.IsError) ? null : new TraceContent(manifest, sessions);
        return new TraceReadResult(result, diagnostics.ToImmutable());
    }

    /// <summary>The session numbers of the trace's folders; null, with DR2006, when drec may not list the folder.</summary>
    static List<int>? SessionNumbers(string traceDirectory, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        try
        {
            return [.. TraceLayout.SessionNumbers(traceDirectory)];
        }
        catch (Exception e) when (IoFailure.IsReadFailure(e))
        {
            diagnostics.Add(DiagnosticBuilder.UnreadableTraceFolder(traceDirectory, IoFailure.Reason(e, traceDirectory)));
            return null;
        }
    }

    /// <summary>
    /// For a document <see cref="File.Exists(string)"/> does not find: DR2006 when something is there all the same (a
    /// folder in its place, or a folder on the way that drec may not look into), null when it is missing.
    /// </summary>
    static Diagnostic? Unseen(string path)
    {
        if (Directory.Exists(path)) return DiagnosticBuilder.UnreadableTraceFile(path, Start(path), "it is a folder, not a file");
        return IoFailure.WhyUnseen(path) is { } why ? DiagnosticBuilder.UnreadableTraceFolder(Path.GetDirectoryName(path)!, why) : null;
    }

    /// <summary>Reads and checks trace.json; on failure <paramref name="error"/> is a one-line reason.</summary>
    public static TraceManifest? ReadManifest(string traceDirectory, out string? error)
    {
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        var manifest = ReadManifest(traceDirectory, out error, diagnostics);
        error ??= diagnostics.FirstOrDefault(d => d.IsError)?.ToString();
        return manifest;
    }

    static TraceManifest? ReadManifest(string traceDirectory, out string? error, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        error = null;
        var path = Path.Combine(traceDirectory, TraceLayout.ManifestFile);
        if (!File.Exists(path))
        {
            var exists = Directory.Exists(traceDirectory);
            diagnostics.Add((exists ? Unseen(path) : null)
                ?? DiagnosticBuilder.NotATrace(path, Start(path), exists ? $"{TraceLayout.ManifestFile} is missing" : "the folder does not exist"));
            return null;
        }
        var manifest = ReadDocument<TraceManifest>(path, TraceRecordChecks.Manifest, diagnostics);
        if (manifest is null) return null;
        if (manifest.Format != TraceManifest.FormatName)
        {
            // quoted as JSON: a line break in it stays in the one line of the message
            var format = manifest.Format is null ? "null" : Text.JsonStringLiteral.Quote(manifest.Format);
            diagnostics.Add(DiagnosticBuilder.NotATrace(path, Start(path), $"its format is {format}"));
            return null;
        }
        if (manifest.Version > TraceManifest.CurrentVersion)
        {
            diagnostics.Add(DiagnosticBuilder.UnsupportedTraceVersion(path, Start(path), manifest.Version, TraceManifest.CurrentVersion));
            return null;
        }
        return manifest;
    }

    /// <summary>A JSON-lines file of the trace; an error reading it is DR2006 (and no records), never an exception.</summary>
    static List<T> ReadLines<T>(string path, JsonLinesReader.LineParser<T>? fastPath, JsonLinesReader.RecordCheck<T> check,
        ImmutableArray<Diagnostic>.Builder diagnostics, (string Field, Func<T, int> Of)? key = null, List<int>? lineOfEach = null) where T : class
    {
        if (Directory.Exists(path))
        {
            diagnostics.Add(DiagnosticBuilder.UnreadableTraceFile(path, Start(path), "it is a folder, not a file"));
            return [];
        }
        if (IsSpecialFile(path, diagnostics)) return [];
        try
        {
            return JsonLinesReader.Read(path, fastPath, check, diagnostics, key, lineOfEach);
        }
        catch (Exception e) when (IoFailure.IsReadFailure(e))
        {
            diagnostics.Add(DiagnosticBuilder.UnreadableTraceFile(path, Start(path), IoFailure.Reason(e, path)));
            return [];
        }
    }

    /// <summary>
    /// True, with DR2006, when a FIFO, a device or a socket stands in a trace file's place: it is never opened (reading a
    /// FIFO would wait for a writer, and a device may never end), nor read as the empty file its size 0 suggests.
    /// </summary>
    static bool IsSpecialFile(string path, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        if (SpecialFile.KindAt(path) is not { } kind) return false;
        diagnostics.Add(DiagnosticBuilder.UnreadableTraceFile(path, Start(path), $"it is {kind}, not a regular file"));
        return true;
    }

    /// <summary>A JSON document of the trace, checked by <paramref name="check"/>; null, with DR2004 or DR2006, when it is not one.</summary>
    static T? ReadDocument<T>(string path, JsonLinesReader.RecordCheck<T> check, ImmutableArray<Diagnostic>.Builder diagnostics) where T : class
    {
        if (IsSpecialFile(path, diagnostics)) return null;
        string text;
        try
        {
            text = EmptyFile.Is(path) ? "" : File.ReadAllText(path);
        }
        catch (Exception e) when (IoFailure.IsReadFailure(e))
        {
            diagnostics.Add(DiagnosticBuilder.UnreadableTraceFile(path, Start(path), IoFailure.Reason(e, path)));
            return null;
        }
        if (text.AsSpan().IsWhiteSpace())
        {
            // the serializer's words would be "The input does not contain any JSON tokens"
            diagnostics.Add(DiagnosticBuilder.MalformedTraceRecord(path, Start(path), "the file is empty"));
            return null;
        }
        try
        {
            var document = TraceJson.Deserialize<T>(text) ?? throw new JsonException("the document is null");
            if (check(document) is not { } fault) return document;
            diagnostics.Add(DiagnosticBuilder.MalformedTraceRecord(path, Start(path), fault));
            return null;
        }
        catch (JsonException e)
        {
            var source = new SourceText(text);
            var at = source.Span(0, 0);
            if (e.LineNumber is { } line)
                at = source.Span(OffsetOfLine(text, (int)line), OffsetOfLine(text, (int)line));
            diagnostics.Add(DiagnosticBuilder.MalformedTraceRecord(path, at, FirstSentence(e.Message)));
            return null;
        }
    }

    static int OffsetOfLine(string text, int zeroBasedLine)
    {
        var offset = 0;
        for (var i = 0; i < zeroBasedLine && offset >= 0; i++)
        {
            offset = text.IndexOf('\n', offset);
            if (offset >= 0) offset++;
        }
        return offset < 0 ? text.Length : offset;
    }

    static Superpower.Model.TextSpan Start(string path) => new SourceText(path).Span(0, 0);

    internal static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }
}
