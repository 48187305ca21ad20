using DockerRecord.Frontend.Diagnostics;

namespace DockerRecord.Cli.Diagnostics;

/// <summary>
/// Compiler-style lines, <c>session-1:12: warning DR3010: message</c>, with the severity coloured when
/// <paramref name="colour"/> (stderr is a terminal and NO_COLOR is not set).
/// </summary>
static class TextDiagnosticWriter
{
    const string Reset = "\e[0m";

    public static void Write(IEnumerable<Diagnostic> diagnostics, TextWriter output, bool colour)
    {
        foreach (var diagnostic in diagnostics) output.WriteLine(Format(diagnostic, colour));
    }

    public static string Format(Diagnostic diagnostic, bool colour)
    {
        var text = diagnostic.ToString();
        if (!colour) return text;
        var label = $": {diagnostic.SeverityText} {diagnostic.Code}:";
        var at = text.IndexOf(label, StringComparison.Ordinal);
        if (at < 0) return text;
        var start = at + 2;
        return text[..start] + Colour(diagnostic.Severity) + diagnostic.SeverityText + Reset + text[(start + diagnostic.SeverityText.Length)..];
    }

    static string Colour(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "\e[1;31m",
        DiagnosticSeverity.Warning => "\e[1;35m",
        DiagnosticSeverity.Info => "\e[1;36m",
        _ => "\e[2m",
    };

    /// <summary>Colour only for a person looking at a terminal: stderr is one, and NO_COLOR (no-color.org) is not set.</summary>
    public static bool ShouldColour(TextWriter error) =>
        error is StreamWriter { BaseStream: var stream } && ReferenceEquals(stream, StandardStreams.Error)
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && Recording.Terminal.IsTerminal(2);
}
