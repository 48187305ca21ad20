using Superpower.Model;

namespace DockerRecord.Frontend.Parsing;

/// <summary>
/// Input text with a table of line starts, so that any offset becomes a Superpower <see cref="Position"/> (line and
/// column) without re-walking the text: at once on a one-line text (most recorded command lines), else from the
/// line of the last lookup when the offset is on it or the next one (the lexer and the word parser move forward),
/// else by binary search.
/// </summary>
public sealed class SourceText
{
    static readonly int[] s_oneLine = [0];
    readonly int[] _lineStarts;
    // the line index of the last lookup; a hint only, checked before use, so threads sharing a text may race on it
    int _lastLine;

    public SourceText(string text)
    {
        Text = text;
        var lines = text.AsSpan().Count('\n');
        if (lines == 0)
        {
            _lineStarts = s_oneLine; // most recorded command lines
            return;
        }
        _lineStarts = new int[lines + 1];
        var n = 1;
        for (var i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1))
            _lineStarts[n++] = i + 1;
    }

    public string Text { get; }

    public int Length => Text.Length;

    public Position PositionAt(int offset)
    {
        var starts = _lineStarts;
        if (starts.Length == 1) return new Position(offset, 1, offset + 1);
        var line = _lastLine;
        if (!OnLine(starts, line, offset) && !OnLine(starts, ++line, offset))
        {
            line = Array.BinarySearch(starts, offset);
            if (line < 0) line = ~line - 1;
        }
        _lastLine = line;
        return new Position(offset, line + 1, offset - starts[line] + 1);
    }

    static bool OnLine(int[] starts, int line, int offset) =>
        line < starts.Length && starts[line] <= offset && (line + 1 == starts.Length || offset < starts[line + 1]);

    /// <summary>The span from <paramref name="start"/> (inclusive) to <paramref name="end"/> (exclusive).</summary>
    public TextSpan Span(int start, int end) => new(Text, PositionAt(start), end - start);

    public TextSpan All => Span(0, Text.Length);
}
