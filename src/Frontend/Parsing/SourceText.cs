using Superpower.Model;

namespace DockerRecord.Frontend.Parsing;

/// <summary>
/// Input text with a table of line starts, so that any offset becomes a Superpower <see cref="Position"/> (line and
/// column) in O(log lines) without re-walking the text.
/// </summary>
public sealed class SourceText
{
    static readonly int[] s_oneLine = [0];
    readonly int[] _lineStarts;

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
        var line = Array.BinarySearch(_lineStarts, offset);
        if (line < 0) line = ~line - 1;
        return new Position(offset, line + 1, offset - _lineStarts[line] + 1);
    }

    /// <summary>The span from <paramref name="start"/> (inclusive) to <paramref name="end"/> (exclusive).</summary>
    public TextSpan Span(int start, int end) => new(Text, PositionAt(start), end - start);

    public TextSpan All => Span(0, Text.Length);
}
