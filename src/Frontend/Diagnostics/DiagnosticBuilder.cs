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
        ["DR3010"] = "Failed command left changes",
        // compile: state, cd/export/su (DR3020–DR3029)
        ["DR3020"] = "Directory not known",
        ["DR3021"] = "cd stays in a RUN",
        ["DR3022"] = "User switch not understood",
        // compile: files, editors and unexplained changes (DR3030–DR3039)
        // compile: build safety (DR3040–DR3049)
        ["DR3040"] = "Interactive program stays in a RUN",
        ["DR3041"] = "`yes` pipeline rewritten",
        // compile: services, ports and volumes (DR3050–DR3059)
        // compile: secrets (DR3060–DR3069)
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

    public static Diagnostic FailedCommandLeftChanges(TraceLocation at, string failure, string paths) =>
        At(at, "DR3010", DiagnosticSeverity.Warning,
            $"this command {failure} and is left out, but it changed paths that later commands use or that stay in the container: {paths}");

    // ---- compile: state ---------------------------------------------------------------------------------------------

    public static Diagnostic DirectoryNotKnown(TraceLocation at, string command, string assumed) =>
        At(at, "DR3020", DiagnosticSeverity.Warning,
            $"drec cannot tell where `{command}` goes; the commands after it on this line run in {assumed}, the directory recorded after the line");

    public static Diagnostic CdStaysInRun(TraceLocation at, string construct) =>
        At(at, "DR3021", DiagnosticSeverity.Warning,
            $"`cd` inside {construct} cannot become WORKDIR; it stays in the RUN");

    public static Diagnostic UserSwitchNotUnderstood(TraceLocation at, string command) =>
        At(at, "DR3022", DiagnosticSeverity.Warning,
            $"drec cannot read the user or the command of `{command}`; it stays in the RUN as typed, run as root");

    // ---- compile: files ---------------------------------------------------------------------------------------------

    // ---- compile: build safety --------------------------------------------------------------------------------------

    public static Diagnostic InteractiveProgramStays(TraceLocation at, string program) =>
        At(at, "DR3040", DiagnosticSeverity.Warning,
            $"`{program}` waits for a person at a terminal, and drec cannot take it out of this command line; docker build may stop or hang here");

    public static Diagnostic YesPipelineRewritten(TraceLocation at, string command) =>
        At(at, "DR3041", DiagnosticSeverity.Info,
            $"`yes | {command}` fails under the Dockerfile's `pipefail` when {command} stops reading; it becomes `{{ yes || true; }} | {command}`");

    // ---- compile: services, ports and volumes -----------------------------------------------------------------------

    // ---- compile: secrets -------------------------------------------------------------------------------------------

    // ---- compile: dependencies and grouping -------------------------------------------------------------------------

    // ---- backend ----------------------------------------------------------------------------------------------------

    /// <summary>A diagnostic about a recorded command (no position inside its text).</summary>
    static Diagnostic At(TraceLocation at, string code, DiagnosticSeverity severity, string message) =>
        new(code, severity, message, TextSpan.None) { Location = at };

    static Diagnostic Error(string code, string message, TextSpan at) => new(code, DiagnosticSeverity.Error, message, at);
}
