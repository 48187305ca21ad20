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
        ["DR2006"] = "Trace file cannot be read",
        // compile: lowering and driver (DR3001–DR3009)
        ["DR3001"] = "Command not understood",
        ["DR3002"] = "No base image",
        ["DR3003"] = "Base image not pinned",
        // compile: filtering failed and no-effect commands (DR3010–DR3019)
        ["DR3010"] = "Failed command left changes",
        // compile: state, cd/export/su (DR3020–DR3029)
        ["DR3020"] = "Directory not known",
        ["DR3021"] = "cd stays in a RUN",
        ["DR3022"] = "User switch not understood",
        // compile: files, editors and unexplained changes (DR3030–DR3039)
        ["DR3030"] = "Unexplained changes copied",
        ["DR3031"] = "Path outside the build context",
        ["DR3032"] = "Captured file not copied",
        // compile: build safety (DR3040–DR3049)
        ["DR3040"] = "Interactive program stays in a RUN",
        ["DR3041"] = "`yes` pipeline rewritten",
        ["DR3042"] = "Package version not known",
        // compile: services, ports and volumes (DR3050–DR3059)
        ["DR3050"] = "Several services left running",
        ["DR3051"] = "Service needs root",
        ["DR3052"] = "Service runs as its own user",
        ["DR3053"] = "Service ran in another directory",
        ["DR3054"] = "No foreground form for a service",
        ["DR3055"] = "Port listens on loopback only",
        ["DR3056"] = "Data directory: VOLUME suggested",
        ["DR3057"] = "RUN starts a service for the build",
        ["DR3058"] = "Service not started for the build",
        // compile: secrets (DR3060–DR3069)
        ["DR3060"] = "Secret passed at build time",
        ["DR3061"] = "Secret redacted from a context file",
        ["DR3062"] = "Secret passed at run time",
        // compile: dependencies and grouping (DR3070–DR3079)
        // backend (DR4001–DR4099)
        // analyzers: output hygiene, after hadolint's rules (DR5001–DR5029)
        ["DR5001"] = "Relative WORKDIR",
        ["DR5002"] = "Final user is root",
        ["DR5003"] = "cd inside RUN",
        ["DR5004"] = "sudo inside RUN",
        ["DR5005"] = "Base image without a tag",
        ["DR5006"] = "Base image tagged latest",
        ["DR5007"] = "Package versions not pinned",
        ["DR5008"] = "apt lists left in the image",
        ["DR5009"] = "apt-get install without -y",
        ["DR5010"] = "apt-get install without --no-install-recommends",
        ["DR5011"] = "apt instead of apt-get",
        ["DR5012"] = "Consecutive RUNs",
        ["DR5013"] = "Pipe without pipefail",
        // analyzers: session findings (DR5030–DR5099)
        ["DR5030"] = "System upgrade replayed",
        ["DR5031"] = "Background job left running",
        ["DR5032"] = "Downloaded script run by a shell",
        ["DR5033"] = "Output depends on the time",
        // verify (DR6001–DR6099)
        ["DR6001"] = "Build failed",
        ["DR6002"] = "Dockerfile not built on the container's image",
        ["DR6003"] = "Path --fix cannot add",
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

    /// <summary>An editor's capture written before its command's line, which the recorder did not write (yet).</summary>
    public static Diagnostic CaptureBeforeItsCommand(string path, TextSpan at, int seq) =>
        new Diagnostic("DR2003", DiagnosticSeverity.Warning,
            $"this capture belongs to command {seq}, which commands.jsonl does not have (the recorder stopped before writing its line, "
            + "or is writing it now): the file is kept as a change found at the session's end", at) { Path = path };

    public static Diagnostic MalformedTraceRecord(string path, TextSpan at, string why) =>
        Error("DR2004", $"not a valid record: {why}", at) with { Path = path };

    public static Diagnostic MissingSessionFile(string path, TextSpan at) =>
        Error("DR2005", "the session folder has no session.json", at) with { Path = path };

    public static Diagnostic UnreadableTraceFile(string path, TextSpan at, string why) =>
        Error("DR2006", $"cannot read this trace file: {why}", at) with { Path = path };

    /// <summary>The trace's folder or a session's, which drec may not list or look into.</summary>
    public static Diagnostic UnreadableTraceFolder(string path, string why) =>
        Error("DR2006", $"cannot read this trace folder: {why}", TextSpan.None) with { Path = path };

    // ---- compile: lowering and driver ----------------------------------------------------------------------------

    public static Diagnostic CommandNotParsed(TraceLocation at, string why) =>
        At(at, "DR3001", DiagnosticSeverity.Warning, $"drec cannot parse this command ({why}); it is kept as typed, and no pass can rewrite it");

    public static Diagnostic NoBaseImage(string? path) =>
        InFile(path, "DR3002", DiagnosticSeverity.Error,
            "the trace does not name the container's image (no image_reference or image_id), so there is no FROM");

    public static Diagnostic BaseImageNotPinned(string? path, string image, string why) =>
        InFile(path, "DR3003", DiagnosticSeverity.Warning, $"--pin-base: FROM {image} stays as it is: {why}");

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

    public static Diagnostic UnexplainedChangesCopied(TraceLocation at, IReadOnlyList<string> paths) =>
        At(at, "DR3030", DiagnosticSeverity.Warning,
            $"{Count(paths.Count, "path")} changed that no recorded command explains; the Dockerfile copies them from the container's final state: {PathList(paths)}");

    public static Diagnostic PathOutsideContext(TraceFileLine entry, string path, string why) =>
        InRecord(entry, "DR3031", DiagnosticSeverity.Warning, $"`{path}` is not copied: {why}");

    public static Diagnostic CaptureNotCopied(TraceFileLine entry, string path, string why) =>
        InRecord(entry, "DR3032", DiagnosticSeverity.Warning, $"`{path}` is not copied: {why}");

    // ---- compile: build safety --------------------------------------------------------------------------------------

    public static Diagnostic InteractiveProgramStays(TraceLocation at, string program) =>
        At(at, "DR3040", DiagnosticSeverity.Warning,
            $"`{program}` waits for a person at a terminal, and drec cannot take it out of this command line; docker build may stop or hang here");

    public static Diagnostic YesPipelineRewritten(TraceLocation at, string command) =>
        At(at, "DR3041", DiagnosticSeverity.Info,
            $"`yes | {command}` fails under the Dockerfile's `pipefail` when {command} stops reading; it becomes `{{ yes || true; }} | {command}`");

    public static Diagnostic PackageVersionNotKnown(TraceLocation at, TextSpan span, IReadOnlyList<string> packages, string why) =>
        At(at, span, "DR3042", DiagnosticSeverity.Warning,
            $"--pin: no installed version of {string.Join(", ", packages.Select(p => $"`{p}`"))} is known ({why}); {(packages.Count == 1 ? "it stays" : "they stay")} unpinned");

    // ---- compile: services, ports and volumes -----------------------------------------------------------------------

    public static Diagnostic SeveralServicesRunning(TraceLocation at, string chosen, IEnumerable<string> others) =>
        At(at, "DR3050", DiagnosticSeverity.Warning,
            $"several services were left running; CMD runs the last one started, {chosen}, and not: {string.Join(", ", others)} (a container runs one process; start the others in their own containers)");

    public static Diagnostic ServiceNeedsRoot(TraceLocation at, string service, string user) =>
        At(at, "DR3051", DiagnosticSeverity.Warning,
            $"{service} needs root to start but the last shell ran as {user}: USER root before CMD (the image's default user is root)");

    public static Diagnostic ServiceRunsAsItsUser(TraceLocation at, string service, string user, string shellUser) =>
        At(at, "DR3052", DiagnosticSeverity.Info,
            $"{service} ran as {user}, so CMD runs as {user} (USER {user}), not as the last shell's user {shellUser}");

    public static Diagnostic ServiceDirectoryLost(TraceLocation at, string service, string directory, string workdir) =>
        At(at, "DR3053", DiagnosticSeverity.Warning,
            $"{service} ran in {directory} but CMD runs in the final WORKDIR {workdir}; its relative paths were made absolute, but files it opens relative to its directory will not be found");

    public static Diagnostic NoForegroundForm(TraceLocation at, string service, string why) =>
        At(at, "DR3054", DiagnosticSeverity.Warning, $"{service} was left running but drec cannot write its CMD: {why}; no CMD");

    public static Diagnostic LoopbackPort(TraceLocation at, int port, string protocol, string address, string? process) =>
        At(at, "DR3055", DiagnosticSeverity.Warning,
            $"{(process is null ? "" : process + " ")}listens on {protocol} port {port} at {address} only, which is unreachable from outside the container: not in EXPOSE (make it listen on 0.0.0.0)");

    public static Diagnostic VolumeSuggested(TraceLocation at, string path, string why, bool emitted) =>
        At(at, "DR3056", DiagnosticSeverity.Info,
            $"{path} holds {why}: {(emitted ? "VOLUME" : "VOLUME left out (--no-volumes)")}, so its data lives outside the container's layers");

    public static Diagnostic ServiceStartedForBuild(TraceLocation at, string services, IEnumerable<string> clients, string stop) =>
        At(at, "DR3057", DiagnosticSeverity.Info,
            $"this RUN starts {services} for the build and stops it with `{stop}` at its end: {string.Join(", ", clients)} talk{(clients.Count() == 1 ? "s" : "")} to it, and no server runs during docker build");

    public static Diagnostic ServiceNotStartedForBuild(TraceLocation at, string service, string client, string why) =>
        At(at, "DR3058", DiagnosticSeverity.Warning,
            $"`{client}` talks to {service}, which no server runs during docker build, and drec cannot start it in this RUN: {why}; the build step will fail unless the service is started before it");

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

    // ---- analyzers: output hygiene (hadolint's rules) ----------------------------------------------------------------

    public static Diagnostic RelativeWorkdir(TraceLocation? at, string path) =>
        Maybe(at, "DR5001", DiagnosticSeverity.Warning, $"WORKDIR {path} is relative: it depends on the WORKDIR before it; write the absolute path");

    public static Diagnostic FinalUserIsRoot(TraceLocation? at) =>
        Maybe(at, "DR5002", DiagnosticSeverity.Info, "the image runs as root, as the session ended; add `USER name` for a user created in the session if the program does not need root");

    public static Diagnostic CdInRun(TraceLocation at, TextSpan span) =>
        At(at, span, "DR5003", DiagnosticSeverity.Warning, "`cd` inside RUN: the next RUN starts in the WORKDIR again; use WORKDIR to change directory");

    public static Diagnostic SudoInRun(TraceLocation at, TextSpan span) =>
        At(at, span, "DR5004", DiagnosticSeverity.Warning, "`sudo` inside RUN: a build runs as the USER in effect; switch with USER instead, and drop sudo");

    // pinned: the FROM that --pin-base writes, when the trace has the image's registry digest; else why: why it cannot
    public static Diagnostic BaseImageWithoutTag(string? path, string image, string? imageId, string? pinned, string why) =>
        InFile(path, "DR5005", DiagnosticSeverity.Warning, $"FROM {image} has no tag, so the build takes whatever `latest` is then{PinHint(image, imageId, pinned, why)}");

    public static Diagnostic BaseImageLatest(string? path, string image, string? imageId, string? pinned, string why) =>
        InFile(path, "DR5006", DiagnosticSeverity.Warning, $"FROM {image} uses the `latest` tag, which moves{PinHint(image, imageId, pinned, why)}");

    // pins: the unpinned packages that the trace knows an installed version of, as name=version
    public static Diagnostic PackagesNotPinned(TraceLocation at, TextSpan span, IReadOnlyList<string> packages, IReadOnlyList<string> pins) =>
        At(at, span, "DR5007", DiagnosticSeverity.Info,
            $"apt-get install without versions ({string.Join(", ", packages)}): the build installs the versions the mirror has then; pin with `name=version`"
            + (pins.Count > 0
                ? $": the container had `{string.Join(" ", pins)}` (`drec compile --pin` writes {(pins.Count == 1 ? "it" : "them")})"
                : $" (the trace holds no installed version of {(packages.Count == 1 ? "it" : "them")} for `drec compile --pin`)"));

    public static Diagnostic AptListsNotRemoved(TraceLocation at, TextSpan span) =>
        At(at, span, "DR5008", DiagnosticSeverity.Info, "apt-get update leaves /var/lib/apt/lists in this layer; end the RUN with `rm -rf /var/lib/apt/lists/*`");

    public static Diagnostic AptInstallWithoutYes(TraceLocation at, TextSpan span) =>
        At(at, span, "DR5009", DiagnosticSeverity.Warning, "apt-get install without -y asks for confirmation, and a build cannot answer: add -y");

    public static Diagnostic AptInstallWithRecommends(TraceLocation at, TextSpan span) =>
        At(at, span, "DR5010", DiagnosticSeverity.Info, "apt-get install without --no-install-recommends also installs recommended packages (as in the session); add it for a smaller image if they are not needed");

    public static Diagnostic AptInsteadOfAptGet(TraceLocation at, TextSpan span) =>
        At(at, span, "DR5011", DiagnosticSeverity.Warning, "`apt` is meant for people and warns that its interface may change; use apt-get in a Dockerfile");

    public static Diagnostic ConsecutiveRuns(TraceLocation at, int count) =>
        At(at, "DR5012", DiagnosticSeverity.Hidden, $"{count} consecutive RUNs run in the same context; joined with && they would make one layer");

    public static Diagnostic PipeWithoutPipefail(TraceLocation at, TextSpan span) =>
        At(at, span, "DR5013", DiagnosticSeverity.Warning, "this pipeline fails only when its last command fails: no SHELL sets -o pipefail before this RUN");

    // ---- analyzers: session findings --------------------------------------------------------------------------------

    public static Diagnostic UpgradeReplayed(TraceLocation at, TextSpan span, string command) =>
        At(at, span, "DR5030", DiagnosticSeverity.Warning,
            $"`{command}` is replayed: the build installs whatever is newest on the day it runs, not what the session got");

    public static Diagnostic BackgroundJobLeft(TraceLocation at, TextSpan span) =>
        At(at, span, "DR5031", DiagnosticSeverity.Warning,
            "this command runs in the background; a build stops it when the RUN ends, so only files it wrote by then are in the image. Start services with CMD");

    public static Diagnostic RemoteScriptPipedToShell(TraceLocation at, TextSpan span, string downloader, string shell) =>
        At(at, span, "DR5032", DiagnosticSeverity.Warning,
            $"`{downloader} … | {shell}` runs what the server sends on the day of the build; download a fixed version and check its checksum");

    public static Diagnostic TimeDependentOutput(TraceLocation at, TextSpan span) =>
        At(at, span, "DR5033", DiagnosticSeverity.Info, "`date` output is written into the image: it is the build's time, not the session's");

    static string PinHint(string image, string? imageId, string? pinned, string why) =>
        pinned is not null
            ? $"; `drec compile --pin-base` writes the registry digest the session's image had: `FROM {pinned}`"
            : $"; the session ran image {(imageId is { Length: > 0 } ? imageId : image)}, and --pin-base cannot pin it: {why}; pin a version tag or a digest";

    /// <summary>A diagnostic about a recorded command, with the span inside its text when the AST gives one.</summary>
    static Diagnostic At(TraceLocation at, TextSpan span, string code, DiagnosticSeverity severity, string message) =>
        new(code, severity, message, span) { Location = at };

    /// <summary>About a recorded command when one is known (an instruction with provenance), else about the trace.</summary>
    static Diagnostic Maybe(TraceLocation? at, string code, DiagnosticSeverity severity, string message) =>
        new(code, severity, message, TextSpan.None) { Location = at };

    /// <summary>About a trace file as a whole (e.g. session.json for the base image).</summary>
    static Diagnostic InFile(string? path, string code, DiagnosticSeverity severity, string message) =>
        new(code, severity, message, TextSpan.None) { Path = path };

    /// <summary>About one record of a trace file (a captured file's line of files.jsonl).</summary>
    static Diagnostic InRecord(TraceFileLine entry, string code, DiagnosticSeverity severity, string message) =>
        new(code, severity, message, entry.Span) { Path = entry.File };
    // ---- verify -----------------------------------------------------------------------------------------------------

    public static Diagnostic BuildFailed(string dockerfile, TextSpan at, string instruction, string error) =>
        Error("DR6001", $"the build failed at `{instruction}`: {error}", at) with { Path = dockerfile };

    public static Diagnostic BuildFailedNowhere(string dockerfile, string error) =>
        Error("DR6001", $"the build failed: {error}", TextSpan.None) with { Path = dockerfile };

    public static Diagnostic NotBuiltOnContainerImage(string dockerfile, string containerImage) =>
        new Diagnostic("DR6002", DiagnosticSeverity.Warning,
            $"the image does not start with the layers of the container's image {containerImage}: every file of the image is compared, not only the Dockerfile's changes",
            TextSpan.None) { Path = dockerfile };

    public static Diagnostic CannotFixPath(string path, string why) =>
        new("DR6003", DiagnosticSeverity.Warning, $"--fix cannot add {path}: {why}", TextSpan.None);
    static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    /// <summary>Paths in a message: at most ten, then how many more.</summary>
    static string PathList(IReadOnlyList<string> paths) =>
        string.Join(", ", paths.Take(10)) + (paths.Count > 10 ? $" and {paths.Count - 10} more" : "");

    /// <summary>A diagnostic about a recorded command (no position inside its text).</summary>
    static Diagnostic At(TraceLocation at, string code, DiagnosticSeverity severity, string message) =>
        new(code, severity, message, TextSpan.None) { Location = at };

    static Diagnostic Error(string code, string message, TextSpan at) => new(code, DiagnosticSeverity.Error, message, at);
}
