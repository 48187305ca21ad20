using Superpower.Model;

namespace DockerRecord.Frontend.Diagnostics;

/// <summary>
/// A finding with a stable code (<c>DRnnnn</c>, documented in docs/diagnostics.md) and the source span it is about.
/// Built only through <see cref="DiagnosticBuilder"/>, so each code has one message shape.
/// </summary>
public sealed record Diagnostic(string Code, DiagnosticSeverity Severity, string Message, TextSpan Span)
{
    public int Line => Span.Position.Line;

    public int Column => Span.Position.Column;

    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>The file the span is in, when it is not the text the caller names itself (trace files).</summary>
    public string? Path { get; init; }

    /// <summary>The recorded command the diagnostic is about, when it comes from compiling a trace.</summary>
    public TraceLocation? Location { get; init; }

    /// <summary>
    /// Compiler style: <c>3:14: error DR1001: message</c>, with the file first when it is known; for a recorded command
    /// <c>session-1:12: warning DR3001: message</c>, with the line and column inside the command text when known.
    /// </summary>
    /// <remarks>
    /// One line whatever the trace holds: a line break or other control character in a path or a recorded value is
    /// written as an escape (<c>\n</c>, <c>\u001b</c>), so a message cannot split itself or drive the terminal.
    /// </remarks>
    public override string ToString() => OneLine.Of($"{Where}: {SeverityText} {Code}: {Message}");

    string Where => Location is { } at
        ? Span == TextSpan.None ? at.ToString() : $"{at}:{Line}:{Column}"
        : Span == TextSpan.None ? Path ?? "drec"
        : $"{(Path is null ? "" : Path + ":")}{Line}:{Column}";

    public string SeverityText => Severity.ToString().ToLowerInvariant();
}
