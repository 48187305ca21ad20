namespace DockerRecord.Backend;

/// <summary>How the Dockerfile is laid out; the same program and options always give the same bytes.</summary>
public sealed record EmitOptions
{
    public static EmitOptions Default { get; } = new();

    /// <summary>Add <c># session 1, commands 3-5</c> above each instruction that came from recorded commands.</summary>
    public bool Annotate { get; init; }

    /// <summary>When set, the first line is <c># syntax=docker/dockerfile:VERSION</c>.</summary>
    public string? Syntax { get; init; }

    /// <summary>Dockerfile syntax 1.4 or later reads here-documents after a RUN line, so RUNs may use them.</summary>
    public bool AllowsHereDocs => Syntax is not null && Version.TryParse(Syntax, out var version) && version >= new Version(1, 4);
}
