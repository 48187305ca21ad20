using Superpower.Model;

namespace DockerRecord.Frontend.Diagnostics;

/// <summary>
/// A line of a trace file (a record of <c>session-N/files.jsonl</c>): where a diagnostic about that record points, as
/// <c>path:line:1</c>. Line 0 means not known (a trace built in memory); the diagnostic then names the file alone.
/// </summary>
public readonly record struct TraceFileLine(string File, int Line)
{
    public TextSpan Span => Line > 0 ? new TextSpan("", new Position(0, Line, 1), 0) : TextSpan.None;

    public override string ToString() => Line > 0 ? $"{File}:{Line}" : File;
}
