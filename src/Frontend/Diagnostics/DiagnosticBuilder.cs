using Superpower.Model;

namespace DockerRecord.Frontend.Diagnostics;

/// <summary>
/// One method per diagnostic code, named after the problem (as in Bicep's DiagnosticBuilder). Frontend codes are
/// DR1000–DR1999. Every code here has an anchor in docs/diagnostics.md; a test keeps the two in step.
/// </summary>
public static class DiagnosticBuilder
{
    /// <summary>Codes and titles, for documentation checks and <c>--help</c> style listings.</summary>
    public static IReadOnlyDictionary<string, string> Titles { get; } = new Dictionary<string, string>
    {
        ["DR1001"] = "Syntax error",
        ["DR1002"] = "Unterminated single quote",
        ["DR1003"] = "Unterminated double quote",
        ["DR1004"] = "Unclosed construct",
        ["DR1005"] = "Nesting too deep",
        ["DR1006"] = "Here-document not terminated",
    };

    public static Diagnostic SyntaxError(TextSpan at, string message) =>
        Error("DR1001", message, at);

    public static Diagnostic UnterminatedSingleQuote(TextSpan at) =>
        Error("DR1002", "unterminated single quote: no closing `'` before the end of input", at);

    public static Diagnostic UnterminatedDoubleQuote(TextSpan at) =>
        Error("DR1003", "unterminated double quote: no closing `\"` before the end of input", at);

    public static Diagnostic UnclosedConstruct(TextSpan at, string opener, string closer) =>
        Error("DR1004", opener == "backquote"
            ? "backquote is not closed: expected a closing backquote before the end of input"
            : $"`{opener}` is not closed: expected `{closer}` before the end of input", at);

    public static Diagnostic NestingTooDeep(TextSpan at, int limit) =>
        Error("DR1005", $"nesting is deeper than {limit} levels", at);

    public static Diagnostic HereDocNotTerminated(TextSpan at, string delimiter) =>
        new("DR1006", DiagnosticSeverity.Warning,
            $"here-document is not terminated: no line `{delimiter}` before the end of input (bash reads to the end)", at);

    static Diagnostic Error(string code, string message, TextSpan at) => new(code, DiagnosticSeverity.Error, message, at);
}
