using System.Buffers;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using DockerRecord.Frontend.Diagnostics;
using Superpower.Model;

namespace DockerRecord.Frontend.Trace;

/// <summary>
/// Reads a JSON-lines file of trace records (commands.jsonl, files.jsonl): one record per line, blank lines ignored.
/// A torn last line (no line break after it: the recorder stopped while writing) is skipped with a warning; any other
/// bad line is an error naming file, line and column 1.
/// </summary>
/// <remarks>
/// The file is read once as UTF-8 bytes and each line read straight from its bytes (no string per line): by a
/// hand-written walk when there is one (<see cref="CommandLineParser"/>), else, or when the walk gives up, by the
/// serializer. Large files are cut at line breaks into pieces read in parallel; records and diagnostics are joined in
/// file order, so the result does not depend on the number of pieces. A line the serializer refuses as bytes is
/// decoded and read again as text, so what counts as bad and the message are those of a plain text reader (a UTF-8
/// decoder replaces invalid bytes; a line of Unicode spaces is blank).
/// </remarks>
static class JsonLinesReader
{
    /// <summary>A hand-written reader of one line: the record, or null to leave the line to the serializer.</summary>
    public delegate T? LineParser<T>(ReadOnlySpan<byte> line) where T : class;

    /// <summary>Why a record read from valid JSON is still not one (DR2004, and it is not read), or null (<see cref="TraceRecordChecks"/>).</summary>
    public delegate string? RecordCheck<in T>(T record) where T : class;

    /// <summary>Smaller files are read on one thread: starting workers would cost more than it saves.</summary>
    const int ParallelFrom = 1 << 20;

    /// <summary>
    /// The records of the file at <paramref name="path"/>, read by <paramref name="fastPath"/> where it can, each that
    /// <paramref name="check"/> finds fault with a bad line; bad lines go to <paramref name="diagnostics"/>. With
    /// <paramref name="key"/>, the number that names a record in its file (a command's <c>seq</c>) and its field: a line
    /// whose number an earlier line has already is an error (DR2004) and is not read, since everything after reading
    /// names records by their number and one of the two would silently stand for both. <paramref name="lineOfEach"/>,
    /// when given, receives the line (from 1) of each record returned.
    /// </summary>
    public static List<T> Read<T>(string path, LineParser<T>? fastPath, RecordCheck<T>? check, ImmutableArray<Diagnostic>.Builder diagnostics,
        (string Field, Func<T, int> Of)? key = null, List<int>? lineOfEach = null) where T : class
    {
        var file = new FileInfo(path);
        if (!file.Exists || EmptyFile.Is(file)) return [];
        // a large file is read outside the managed heap, by every core
        using var large = file.Length >= ParallelFrom ? UnmanagedFileBytes.Read(path) : null;
        var content = Utf8Content(path, large);
        var pieces = Pieces(content.Span);
        var results = new PieceResult<T>[pieces.Length];
        if (pieces.Length == 1)
            results[0] = ReadPiece(content, pieces[0], fastPath, check);
        else
            Parallel.For(0, pieces.Length, i => results[i] = ReadPiece(content, pieces[i], fastPath, check));

        var records = new List<T>(results.Sum(r => r.Records.Count));
        var firstLineOf = key is null ? null : new Dictionary<int, int>(records.Capacity);
        var linesBefore = 0;
        var found = new List<(int Line, Diagnostic Diagnostic)>();
        foreach (var result in results)
        {
            found.Clear();
            if (firstLineOf is null)
            {
                records.AddRange(result.Records);
                foreach (var line in result.RecordLines) lineOfEach?.Add(linesBefore + line);
            }
            else
                for (var i = 0; i < result.Records.Count; i++)
                {
                    var line = linesBefore + result.RecordLines[i];
                    var number = key!.Value.Of(result.Records[i]);
                    ref var first = ref CollectionsMarshal.GetValueRefOrAddDefault(firstLineOf, number, out var taken);
                    if (!taken)
                    {
                        first = line;
                        records.Add(result.Records[i]);
                        lineOfEach?.Add(line);
                        continue;
                    }
                    var at = new TextSpan("", new Position(0, line, 1), 0);
                    found.Add((line, DiagnosticBuilder.MalformedTraceRecord(path, at,
                        $"\"{key.Value.Field}\": {number} is already line {first}'s (each line needs a number of its own)")));
                }
            foreach (var bad in result.BadLines)
            {
                var at = new TextSpan(bad.Text, new Position(0, linesBefore + bad.Line, 1), bad.Text.Length);
                // only the last line can be torn: the writer flushes whole lines, each ending in a line break
                found.Add((linesBefore + bad.Line, bad.Why is null ? DiagnosticBuilder.TornLastLine(path, at) : DiagnosticBuilder.MalformedTraceRecord(path, at, bad.Why)));
            }
            // in line order, whatever the pieces
            if (firstLineOf is not null) found.Sort((a, b) => a.Line.CompareTo(b.Line));
            foreach (var (_, diagnostic) in found) diagnostics.Add(diagnostic);
            linesBefore += result.Lines;
        }
        return records;
    }

    /// <summary>The bytes of the file as UTF-8, as a text reader would see them (a byte order mark detected and dropped).</summary>
    static ReadOnlyMemory<byte> Utf8Content(string path, UnmanagedFileBytes? large)
    {
        ReadOnlyMemory<byte> bytes = large?.Memory ?? File.ReadAllBytes(path);
        return bytes.Span switch
        {
            [0xEF, 0xBB, 0xBF, ..] => bytes[3..],
            [0xFE, 0xFF, ..] or [0xFF, 0xFE, ..] => Encoding.UTF8.GetBytes(File.ReadAllText(path)), // UTF-16 or UTF-32
            _ => bytes,
        };
    }

    readonly record struct Piece(int Start, int End);

    /// <summary>A line that is not a record: its number in its piece (from 1), its text, and why (null: torn).</summary>
    readonly record struct BadLine(int Line, string Text, string? Why);

    /// <summary>A piece's records, the line of each (from 1 in the piece), its bad lines, and how many lines it has.</summary>
    sealed record PieceResult<T>(List<T> Records, List<int> RecordLines, List<BadLine> BadLines, int Lines);

    /// <summary>Cuts the content into about two pieces per core, each ending after a line break (the last at the end).</summary>
    static Piece[] Pieces(ReadOnlySpan<byte> content)
    {
        var count = content.Length < ParallelFrom ? 1 : Math.Min(2 * Environment.ProcessorCount, content.Length / (ParallelFrom / 4));
        var pieces = new List<Piece>(count);
        var start = 0;
        for (var i = 1; i <= count && start < content.Length; i++)
        {
            var end = content.Length;
            if (i < count)
            {
                var target = Math.Max(start, (int)((long)content.Length * i / count));
                var newline = content[target..].IndexOf((byte)'\n');
                if (newline < 0) continue;
                end = target + newline + 1;
            }
            pieces.Add(new Piece(start, end));
            start = end;
        }
        return pieces.Count == 0 ? [new Piece(0, 0)] : [.. pieces];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // most of a short process's life: optimized at once
    static PieceResult<T> ReadPiece<T>(ReadOnlyMemory<byte> content, Piece piece, LineParser<T>? fastPath, RecordCheck<T>? check) where T : class
    {
        using var strings = SharedStrings.Use();
        var records = new List<T>();
        var recordLines = new List<int>();
        var badLines = new List<BadLine>();
        var bytes = content.Span;
        var start = piece.Start;
        var number = 0;
        while (start < piece.End)
        {
            number++;
            var newline = bytes[start..piece.End].IndexOf((byte)'\n');
            var end = newline < 0 ? piece.End : start + newline;
            var line = bytes[start..end];
            start = end + 1;
            if ((line.IsEmpty || AsciiBlanks.Contains(line[0])) && line.IndexOfAnyExcept(AsciiBlanks) < 0) continue;
            if ((fastPath?.Invoke(line) ?? TryDeserialize<T>(line)) is { } record)
            {
                if (check?.Invoke(record) is { } fault) badLines.Add(new BadLine(number, Encoding.UTF8.GetString(line), fault));
                else
                {
                    records.Add(record);
                    recordLines.Add(number);
                }
                continue;
            }
            if (ReadAsText<T>(line, out var text, out var why) is { } recovered)
            {
                if (check?.Invoke(recovered) is { } fault) badLines.Add(new BadLine(number, text, fault));
                else
                {
                    records.Add(recovered);
                    recordLines.Add(number);
                }
                continue;
            }
            if (!text.AsSpan().IsWhiteSpace()) badLines.Add(new BadLine(number, text, newline < 0 && IsCutShort(line) ? null : why));
        }
        return new PieceResult<T>(records, recordLines, badLines, number);
    }

    /// <summary>
    /// True when the last line is the start of a JSON value that ends too soon: a torn line. A line that goes wrong
    /// before its end (a whole file of NUL bytes, records joined by carriage returns, a complete record of the wrong
    /// shape) is malformed, not torn: skipping it with a warning would lose what it holds without an error.
    /// </summary>
    static bool IsCutShort(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, isFinalBlock: false, state: default);
        try
        {
            while (reader.Read())
                if (reader.CurrentDepth == 0 && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
                    return false; // a whole value
            return true; // more was to come
        }
        catch (JsonException)
        {
            return false;
        }
    }

    static readonly SearchValues<byte> AsciiBlanks = SearchValues.Create(" \t\r\n\v\f"u8);

    static T? TryDeserialize<T>(ReadOnlySpan<byte> line) where T : class
    {
        try
        {
            return TraceJson.Deserialize<T>(line);
        }
        catch (Exception)
        {
            return null; // the text path decides what is wrong, and says it as a text reader would
        }
    }

    /// <summary>The slow path of a line the fast path refused: decoded to text and read as such.</summary>
    static T? ReadAsText<T>(ReadOnlySpan<byte> line, out string text, out string? why) where T : class
    {
        text = Encoding.UTF8.GetString(line);
        why = null;
        try
        {
            return TraceJson.Deserialize<T>(text) ?? throw new JsonException("the record is null");
        }
        catch (JsonException e)
        {
            why = TraceReader.FirstSentence(e.Message);
            return null;
        }
    }
}
