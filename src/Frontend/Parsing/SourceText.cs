using Superpower.Model;

namespace DockerRecord.Frontend.Parsing;

/// <summary>
/// Input text with a table of line starts, so that any offset becomes a Superpower <see cref="Position"/> (line and
/// column) in O(log lines) without re-walking the text.
/// </summary>
public sealed class SourceText
{
    readonly int[] _lineStarts;

    public SourceText(string text)
    {
        Text = text;
        var starts = new List<int> { 0 };
        for (var i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1))
            starts.Add(i + 1);
        _lineStarts = starts.ToArray();
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
