using System.Collections.Frozen;

namespace DockerRecord.Frontend.Diagnostics;

/// <summary>
/// The registry of every code: <see cref="DiagnosticBuilder.Titles"/> gives the titles, the table below the default
/// severity and a one-sentence summary (and the hadolint rule, for output-hygiene checks). Adding a code is one line
/// here beside its title; a test checks that both lists and docs/diagnostics.md name the same codes.
/// </summary>
public static class DiagnosticDescriptors
{
    static readonly Dictionary<string, (DiagnosticSeverity Severity, string Summary, string? Hadolint)> s_defaults = new()
    {
        // frontend (DR1001–DR1999)
        ["DR1001"] = Error("The text does not fit the bash grammar."),
        ["DR1002"] = Error("A single-quoted string has no closing quote."),
        ["DR1003"] = Error("A double-quoted string has no closing quote."),
        ["DR1004"] = Error("A construct such as $( or [[ is not closed before the end of the input."),
        ["DR1005"] = Error("Constructs are nested deeper than drec allows."),
        ["DR1006"] = Warning("A here-document has no delimiter line; bash reads it to the end of the input."),
        // trace (DR2001–DR2999)
        ["DR2001"] = Error("The folder is not a drec trace."),
        ["DR2002"] = Error("The trace was written in a newer format than this drec reads."),
        ["DR2003"] = Warning("The last line of a trace file is incomplete and is skipped."),
        ["DR2004"] = Error("A line of a trace file is not a valid record."),
        ["DR2005"] = Error("A session folder has no session.json."),
        ["DR2006"] = Error("A trace file cannot be read: no permission, a folder or a FIFO or device where a file should be, or an I/O error."),
        // compile: lowering and driver (DR3001–DR3009)
        ["DR3001"] = Warning("drec cannot parse a command bash ran; it is kept as typed and no pass rewrites it."),
        ["DR3002"] = Error("The trace does not name the container's image, so there is no FROM."),
        ["DR3003"] = Warning("--pin-base cannot pin the base image: the trace has no registry digest for it."),
        // compile: filtering failed and no-effect commands (DR3010–DR3019)
        ["DR3010"] = Warning("A failed command is left out, but it changed files the container still holds or later commands use."),
        // compile: state, cd/export/su (DR3020–DR3029)
        ["DR3020"] = Warning("drec cannot tell where a cd goes, so the rest of the line runs in the directory recorded after it."),
        ["DR3021"] = Warning("A cd stays inside a RUN because drec cannot turn it into WORKDIR."),
        ["DR3022"] = Warning("drec cannot read the user or the command of a user switch; it stays in the RUN as typed."),
        // compile: files, editors and unexplained changes (DR3030–DR3039)
        ["DR3030"] = Warning("Files changed that no recorded command explains; the Dockerfile recreates them from their final state."),
        ["DR3031"] = Warning("A captured path cannot be placed in the build context, or its content lies outside the trace, so it is not copied."),
        ["DR3032"] = Warning("A captured file cannot be copied (its content is missing, unreadable, not a regular file, or not what its record gives)."),
        // compile: build safety (DR3040–DR3049)
        ["DR3040"] = Warning("An interactive program stays in a RUN, where a build cannot answer it."),
        ["DR3041"] = Info("`yes | cmd` would fail under pipefail, so it becomes `{ yes || true; } | cmd`."),
        ["DR3042"] = Warning("--pin found no recorded installed version of a package, so it stays unpinned."),
        // compile: services, ports and volumes (DR3050–DR3059)
        ["DR3050"] = Warning("More than one service was left running; the CMD runs the last one started."),
        ["DR3051"] = Warning("The service chosen for the CMD needs root, so the final USER is root."),
        ["DR3052"] = Info("The service runs as its own user, which becomes the final USER."),
        ["DR3053"] = Warning("The service was started in another directory and has no option to name it."),
        ["DR3054"] = Warning("A service was left running, but drec knows no foreground form for it: no CMD."),
        ["DR3055"] = Warning("A port listens on the loopback address only, so it is not exposed."),
        ["DR3056"] = Info("A folder holds data written at run time: VOLUME is suggested."),
        ["DR3057"] = Info("A RUN talks to a service, so it starts the service for the build and stops it at its end."),
        ["DR3058"] = Warning("A RUN talks to a service that drec cannot start during the build."),
        // compile: secrets (DR3060–DR3069)
        ["DR3060"] = Warning("A secret is passed at build time through a BuildKit secret mount, never written into the Dockerfile."),
        ["DR3061"] = Warning("A secret value was redacted from a file put into the build context."),
        ["DR3062"] = Warning("A secret used by the CMD is read at run time; pass it with docker run -e."),
        // compile: dependencies and grouping (DR3070–DR3079)
        // backend (DR4001–DR4099)
        // analyzers: output hygiene, after hadolint's rules (DR5001–DR5029)
        ["DR5001"] = Warning("A WORKDIR of the output is a relative path.", "DL3000"),
        ["DR5002"] = Info("The image's final user is root.", "DL3002"),
        ["DR5003"] = Warning("A RUN of the output changes directory with cd instead of WORKDIR.", "DL3003"),
        ["DR5004"] = Warning("A RUN of the output uses sudo.", "DL3004"),
        ["DR5005"] = Warning("The base image has no tag, so it is whatever latest is when the image is built.", "DL3006"),
        ["DR5006"] = Warning("The base image is tagged latest, which moves.", "DL3007"),
        ["DR5007"] = Info("apt-get install names packages without versions.", "DL3008"),
        ["DR5008"] = Info("A RUN with apt-get update leaves the package lists in the image.", "DL3009"),
        ["DR5009"] = Warning("apt-get install without -y stops at its question in a build.", "DL3014"),
        ["DR5010"] = Info("apt-get install without --no-install-recommends also installs recommended packages.", "DL3015"),
        ["DR5011"] = Warning("A RUN uses apt, whose command-line interface is not stable, instead of apt-get.", "DL3027"),
        ["DR5012"] = Hidden("Consecutive RUNs in the same context could be one layer.", "DL3059"),
        ["DR5013"] = Warning("A RUN has a pipeline, but no SHELL sets -o pipefail, so a failing stage goes unnoticed.", "DL4006"),
        // analyzers: session findings (DR5030–DR5099)
        ["DR5030"] = Warning("apt-get upgrade or dist-upgrade is replayed: the build installs whatever is newest then."),
        ["DR5031"] = Warning("A command was left running in the background; a build stops it at the end of its RUN."),
        ["DR5032"] = Warning("A script downloaded from the network is run straight away: the build runs whatever the server sends then."),
        ["DR5033"] = Info("A command writes the current date or time, so the image differs from build to build."),
        // verify (DR6001–DR6099)
        ["DR6001"] = Error("drec verify could not build the Dockerfile."),
        ["DR6002"] = Warning("The built image does not start with the layers of the container's image."),
        ["DR6003"] = Warning("The container has a device, pipe or socket that a COPY cannot create."),
    };

    static readonly FrozenDictionary<string, DiagnosticDescriptor> s_all = DiagnosticBuilder.Titles
        .Where(title => s_defaults.ContainsKey(title.Key))
        .ToFrozenDictionary(
title => title.Key, title => Describe(title.Key, title.Value), StringComparer.Ordinal);

    /// <summary>Every code with both a title and a default, in code order.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = [.. s_all.Values.OrderBy(d => d.Id, StringComparer.Ordinal)];

    /// <summary>Codes that have a title but no default, or a default but no title (a test keeps this empty).</summary>
    public static IEnumerable<string> Unmatched =>
        DiagnosticBuilder.Titles.Keys.Except(s_defaults.Keys).Concat(s_defaults.Keys.Except(DiagnosticBuilder.Titles.Keys)).Order(StringComparer.Ordinal);

    /// <summary>The descriptor of a code that must exist (analyzers declare theirs with it).</summary>
    public static DiagnosticDescriptor Of(string code) =>
        s_all.TryGetValue(code, out var descriptor) ? descriptor : throw new KeyNotFoundException($"{code} has no title or no default severity");

    public static bool TryGet(string code, out DiagnosticDescriptor descriptor) => s_all.TryGetValue(code, out descriptor!);

    /// <summary>
    /// The descriptor of a code. A code missing from the table (added by a branch not merged here yet) still gets one,
    /// built from the diagnostic itself, so output never fails; the registry test catches the gap.
    /// </summary>
    public static DiagnosticDescriptor Get(Diagnostic diagnostic) =>
        s_all.TryGetValue(diagnostic.Code, out var descriptor)
            ? descriptor
            : new DiagnosticDescriptor(diagnostic.Code, DiagnosticBuilder.Titles.GetValueOrDefault(diagnostic.Code, diagnostic.Code), diagnostic.Message, diagnostic.Severity);

    static DiagnosticDescriptor Describe(string id, string title)
    {
        var (severity, summary, hadolint) = s_defaults[id];
        return new DiagnosticDescriptor(id, title, summary, severity, hadolint);
    }

    static (DiagnosticSeverity, string, string?) Error(string summary, string? hadolint = null) => (DiagnosticSeverity.Error, summary, hadolint);
    static (DiagnosticSeverity, string, string?) Warning(string summary, string? hadolint = null) => (DiagnosticSeverity.Warning, summary, hadolint);
    static (DiagnosticSeverity, string, string?) Info(string summary, string? hadolint = null) => (DiagnosticSeverity.Info, summary, hadolint);
    static (DiagnosticSeverity, string, string?) Hidden(string summary, string? hadolint = null) => (DiagnosticSeverity.Hidden, summary, hadolint);
}
