namespace DockerRecord.Passes;

/// <summary>What the user chose on the command line; the defaults are what <c>drec compile</c> does without options.</summary>
public sealed record CompileOptions
{
    public static CompileOptions Default { get; } = new();

    /// <summary>Emit VOLUME for the data directories found (they are always reported as a suggestion).</summary>
    public bool Volumes { get; init; } = true;

    /// <summary>Dockerfile syntax level: null is what engine 20.10's builder reads; "1.4" allows here-documents.</summary>
    public string? Syntax { get; init; }

    /// <summary>Add <c># session 1, commands 3-5</c> comments above the instructions.</summary>
    public bool Annotate { get; init; }

    /// <summary><c>--pin</c>: every <c>apt-get install</c> package without a version gets the version the container had.</summary>
    public bool PinPackages { get; init; }

    /// <summary><c>--pin-base</c>: FROM gets the registry digest the session's image had (<c>name:tag@sha256:…</c>).</summary>
    public bool PinBaseImage { get; init; }

    /// <summary>
    /// Keep every pass's reason for each command (<c>--explain</c>, the baselines). Off, none is kept: on a long trace
    /// they are a large part of what the compiler holds until the end.
    /// </summary>
    public bool Explain { get; init; } = true;

    /// <summary>Largest file content to put into the build context from a captured final state.</summary>
    public long MaxContextFileSize { get; init; } = 10 * 1024 * 1024;

    public bool AllowsHereDocs => Syntax is not null && Version.TryParse(Syntax, out var version) && version >= new Version(1, 4);
}
