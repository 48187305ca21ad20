using System.Text.Json.Serialization;

namespace DockerRecord.Frontend.Trace;

// The trace on disk (docs/trace-format.md). Field names are snake_case in JSON; a reader ignores fields it does not
// know, so later versions may add fields without a version bump.

/// <summary><c>trace.json</c>: marks a folder as a drec trace and gives its format version.</summary>
public sealed record TraceManifest(string Format, int Version)
{
    public const string FormatName = "drec-trace";
    public const int CurrentVersion = 1;

    public static TraceManifest Current { get; } = new(FormatName, CurrentVersion);
}

/// <summary><c>session-N/session.json</c>: where and how one recording session ran.</summary>
public sealed record SessionInfo
{
    public required int Number { get; init; }
    public required string ContainerId { get; init; }
    public required string ContainerName { get; init; }
    /// <summary>The machine's name when <c>drec hook bash</c> recorded the session outside containers (no container id then).</summary>
    public string? Host { get; init; }
    public string? ImageReference { get; init; }
    public string? ImageId { get; init; }
    /// <summary>
    /// The image's registry digests (<c>repository@sha256:…</c>, the engine's RepoDigests) when the session started:
    /// what <c>FROM name@sha256:…</c> can pin. Empty for an image built or imported locally; null when not recorded
    /// (older traces, sessions outside containers).
    /// </summary>
    public IReadOnlyList<string>? ImageDigests { get; init; }
    public string? EngineVersion { get; init; }
    public string? ApiVersion { get; init; }
    public string? Shell { get; init; }
    public string? ShellVersion { get; init; }
    public string? User { get; init; }
    public required DateTimeOffset Start { get; init; }
    public DateTimeOffset? End { get; init; }
    public required string DrecVersion { get; init; }
    /// <summary>Exported variables at session start: the one full snapshot; commands carry deltas.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    public string? InitialDirectory { get; init; }
    public int? InitialUid { get; init; }
    public int? ExitStatus { get; init; }
    /// <summary>
    /// Sockets already listening when the session started: not the person's doing (with <c>--network host</c> they
    /// are the host's), so the compiler exposes none of them.
    /// </summary>
    public IReadOnlyList<ListeningPort> PortsAtStart { get; init; } = [];
}

/// <summary>One line of <c>session-N/commands.jsonl</c>: a command line as typed, and what it did.</summary>
public sealed record CommandRecord
{
    public required int Seq { get; init; }
    /// <summary>The command line exactly as typed, multi-line text and here-documents included.</summary>
    public required string Cmd { get; init; }
    /// <summary>False when the line never ran (a syntax error).</summary>
    public bool Ran { get; init; } = true;
    public bool Interrupted { get; init; }
    public int Status { get; init; }
    public IReadOnlyList<int> Pipestatus { get; init; } = [];
    public string? User { get; init; }
    public int? Uid { get; init; }
    public int? Euid { get; init; }
    public string? CwdBefore { get; init; }
    public string? Cwd { get; init; }
    // one shared empty map: an initializer runs for every record read, and most records export nothing
    public IReadOnlyDictionary<string, string> EnvSet { get; init; } = System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;
    public IReadOnlyList<string> EnvUnset { get; init; } = [];
    public DateTimeOffset? Start { get; init; }
    public DateTimeOffset? End { get; init; }
    public int? Shlvl { get; init; }
    public FileChanges Changes { get; init; } = FileChanges.None;
    public IReadOnlyList<ListeningPort> Ports { get; init; } = [];
    public IReadOnlyList<string> Flags { get; init; } = [];
    /// <summary>Files an editor saved, taken when the editor exited.</summary>
    public IReadOnlyList<string> Captures { get; init; } = [];
}

/// <summary>Paths the engine's container diff shows changed during one command.</summary>
public sealed record FileChanges(IReadOnlyList<string> Added, IReadOnlyList<string> Changed, IReadOnlyList<string> Deleted)
{
    public static FileChanges None { get; } = new([], [], []);

    [JsonIgnore]
    public bool IsEmpty => Added.Count == 0 && Changed.Count == 0 && Deleted.Count == 0;
}

/// <summary>A TCP or UDP socket listening after a command, from /proc/net inside the container.</summary>
public sealed record ListeningPort(string Protocol, string Address, int Port, string? Process = null);

/// <summary>One line of <c>session-N/files.jsonl</c>: a captured file; its bytes are in <see cref="Blob"/>.</summary>
public sealed record CapturedFile
{
    public required string Path { get; init; }
    /// <summary><c>editor</c> (saved in an editor, taken when it exited) or <c>final</c> (at session end).</summary>
    public required string Reason { get; init; }
    public int? Seq { get; init; }
    public required string Type { get; init; }
    public int Mode { get; init; }
    public int Uid { get; init; }
    public int Gid { get; init; }
    public string? LinkTarget { get; init; }
    public long Size { get; init; }
    public string? Sha256 { get; init; }
    /// <summary>Path of the content inside the session folder (<c>files/&lt;sha256&gt;</c>), null for links and folders.</summary>
    public string? Blob { get; init; }
}

/// <summary>
/// <c>session-N/packages.json</c>: the versions of the installed packages, taken from the container's package database
/// when the session started and after each command that changed it. Optional: older traces, sessions outside
/// containers and containers without dpkg have none.
/// </summary>
public sealed record PackageSnapshots
{
    /// <summary>The package manager whose database was read; <c>dpkg</c> is the only one so far.</summary>
    public required string Manager { get; init; }
    /// <summary>In the order they were taken.</summary>
    public IReadOnlyList<PackageSnapshot> Snapshots { get; init; } = [];
}

/// <summary>
/// The installed packages (name as the package manager spells it, e.g. <c>libc6:amd64</c>, to version) after the
/// command <see cref="Seq"/> of the session; 0 means when the session started.
/// </summary>
public sealed record PackageSnapshot(int Seq, IReadOnlyDictionary<string, string> Packages);
