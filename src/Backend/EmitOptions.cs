namespace DockerRecord.Backend;

/// <summary>How the Dockerfile is laid out; the same program and options always give the same bytes.</summary>
public sealed record EmitOptions
{
    public static EmitOptions Default { get; } = new();

    /// <summary>Add <c># session 1, commands 3-5</c> above each instruction that came from recorded commands.</summary>
    public bool Annotate { get; init; }

    /// <summary>When set, the first line is <c># syntax=docker/dockerfile:VERSION</c>.</summary>
    public string? Syntax { get; init; }
}
