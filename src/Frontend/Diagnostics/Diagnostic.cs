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

    /// <summary>Compiler style: <c>3:14: error DR1001: message</c>, with the file first when it is known.</summary>
    public override string ToString() =>
        $"{(Path is null ? "" : Path + ":")}{Line}:{Column}: {SeverityText} {Code}: {Message}";

    public string SeverityText => Severity.ToString().ToLowerInvariant();
}
