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
        ["DR2001"] = "Not a drec trace",
        ["DR2002"] = "Unsupported trace version",
        ["DR2003"] = "Torn last line in a trace file",
        ["DR2004"] = "Malformed trace record",
        ["DR2005"] = "Session without session.json",
        // compile: lowering and driver (DR3001–DR3009)
        ["DR3001"] = "Command not understood",
        ["DR3002"] = "No base image",
        // compile: filtering failed and no-effect commands (DR3010–DR3019)
        // compile: state, cd/export/su (DR3020–DR3029)
        // compile: files, editors and unexplained changes (DR3030–DR3039)
        ["DR3030"] = "Unexplained changes copied",
        ["DR3031"] = "Path outside the build context",
        ["DR3032"] = "Captured file not copied",
        // compile: build safety (DR3040–DR3049)
        // compile: services, ports and volumes (DR3050–DR3059)
        // compile: secrets (DR3060–DR3069)
        ["DR3060"] = "Secret passed at build time",
        ["DR3061"] = "Secret redacted from a context file",
        ["DR3062"] = "Secret passed at run time",
        // compile: dependencies and grouping (DR3070–DR3079)
        // backend (DR4001–DR4099)
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

    public static Diagnostic NotATrace(string path, TextSpan at, string why) =>
        Error("DR2001", $"not a drec trace: {why}", at) with { Path = path };

    public static Diagnostic UnsupportedTraceVersion(string path, TextSpan at, int version, int supported) =>
        Error("DR2002", $"trace format version {version} is newer than this drec reads ({supported}); update drec", at) with { Path = path };

    public static Diagnostic TornLastLine(string path, TextSpan at) =>
        new Diagnostic("DR2003", DiagnosticSeverity.Warning,
            "the last line is incomplete (the recorder stopped while writing it) and is skipped", at) { Path = path };

    public static Diagnostic MalformedTraceRecord(string path, TextSpan at, string why) =>
        Error("DR2004", $"not a valid record: {why}", at) with { Path = path };

    public static Diagnostic MissingSessionFile(string path, TextSpan at) =>
        Error("DR2005", "the session folder has no session.json", at) with { Path = path };

    // ---- compile: lowering and driver ----------------------------------------------------------------------------

    public static Diagnostic CommandNotParsed(TraceLocation at, string why) =>
        At(at, "DR3001", DiagnosticSeverity.Warning, $"drec cannot parse this command ({why}); it is kept as typed, and no pass can rewrite it");

    public static Diagnostic NoBaseImage() =>
        new("DR3002", DiagnosticSeverity.Error, "the trace does not name the container's image, so there is no FROM", TextSpan.None);

    // ---- compile: filtering failed and no-effect commands ---------------------------------------------------------

    // ---- compile: state ---------------------------------------------------------------------------------------------

    // ---- compile: files ---------------------------------------------------------------------------------------------

    public static Diagnostic UnexplainedChangesCopied(TraceLocation at, IReadOnlyList<string> paths) =>
        At(at, "DR3030", DiagnosticSeverity.Warning,
            $"{Count(paths.Count, "path")} changed that no recorded command explains; the Dockerfile copies them from the container's final state: {PathList(paths)}");

    public static Diagnostic PathOutsideContext(TraceLocation at, string path, string why) =>
        At(at, "DR3031", DiagnosticSeverity.Warning, $"`{path}` is not copied: {why}");

    public static Diagnostic CaptureNotCopied(TraceLocation at, string path, string why) =>
        At(at, "DR3032", DiagnosticSeverity.Warning, $"`{path}` is not copied: {why}");

    // ---- compile: build safety --------------------------------------------------------------------------------------

    // ---- compile: services, ports and volumes -----------------------------------------------------------------------

    // ---- compile: secrets -------------------------------------------------------------------------------------------

    public static Diagnostic SecretFromBuildSecret(TraceLocation at, string name) =>
        At(at, "DR3060", DiagnosticSeverity.Warning,
            $"a value that looks secret is read from the build secret `{name}` instead of being written into the Dockerfile; "
            + $"build with `DOCKER_BUILDKIT=1 docker build --secret id={name},env={name} .` and {name} set in your environment");

    public static Diagnostic SecretRedacted(TraceLocation at, string path, IReadOnlyList<string> names, bool binary) =>
        At(at, "DR3061", DiagnosticSeverity.Warning,
            $"`{path}` holds the value of {string.Join(", ", names.Select(n => $"`{n}`"))}; "
            + (binary
                ? "it is binary, so it is left out of the build context and not copied: add it to the image yourself (a secret mount, or at run time)"
                : "the build context gets it with `<redacted:NAME>` in its place, so the image's copy lacks the secret: put it back at run time (a mounted file or an environment variable)"));

    public static Diagnostic SecretAtRunTime(TraceLocation at, string name) =>
        At(at, "DR3062", DiagnosticSeverity.Warning,
            $"the start command uses a value that looks secret; it reads `${name}` instead: run the image with `docker run -e {name} …`");

    // ---- compile: dependencies and grouping -------------------------------------------------------------------------

    // ---- backend ----------------------------------------------------------------------------------------------------

    static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    /// <summary>Paths in a message: at most ten, then how many more.</summary>
    static string PathList(IReadOnlyList<string> paths) =>
        string.Join(", ", paths.Take(10)) + (paths.Count > 10 ? $" and {paths.Count - 10} more" : "");

    /// <summary>A diagnostic about a recorded command (no position inside its text).</summary>
    static Diagnostic At(TraceLocation at, string code, DiagnosticSeverity severity, string message) =>
        new(code, severity, message, TextSpan.None) { Location = at };

    static Diagnostic Error(string code, string message, TextSpan at) => new(code, DiagnosticSeverity.Error, message, at);
}
