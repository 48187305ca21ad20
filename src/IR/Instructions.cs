using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Syntax;

namespace DockerRecord.IR;

// The instruction set of the IR: one record per Dockerfile instruction drec emits. Each points back to the trace
// commands it came from (Provenance). Values are already decided here; quoting and layout are the backend's job.

/// <summary>An instruction of the Dockerfile being built.</summary>
public abstract record Instruction(Provenance Source)
{
    /// <summary>The Dockerfile keyword (<c>RUN</c>, <c>COPY</c>, …).</summary>
    public abstract string Keyword { get; }
}

/// <summary><c>FROM image</c>: the image the recorded container was created from.</summary>
public sealed record FromInstruction(string Image, Provenance Source) : Instruction(Source)
{
    public override string Keyword => "FROM";
}

/// <summary>
/// <c>RUN</c>: one or more steps (typed command lines, or parts of one) that run in one shell, in one
/// <see cref="RunContext"/>. Lowering makes one step per command line; grouping joins steps.
/// </summary>
public sealed record RunInstruction(ImmutableArray<RunStep> Steps, RunContext Context, ImmutableArray<RunMount> Mounts, Provenance Source)
    : Instruction(Source)
{
    public override string Keyword => "RUN";

    public static RunInstruction Of(RunStep step, RunContext context) =>
        new([step], context, ImmutableArray<RunMount>.Empty, Provenance.Of(step.Source));

    public RunInstruction WithSteps(ImmutableArray<RunStep> steps) =>
        this with { Steps = steps, Source = Provenance.OfSteps(steps) };
}

/// <summary>
/// One command line of a RUN, as statements of the shell AST. <see cref="Stmts"/> may differ from what was typed
/// (a pass removed <c>cd</c> or <c>sudo</c>); <see cref="Typed"/> is the line as the person typed it.
/// </summary>
public sealed record RunStep(TraceLocation Source, ImmutableArray<Stmt> Stmts, string Typed)
{
    /// <summary>drec could not parse the line (bash could): it is emitted as typed and passes leave it alone.</summary>
    public bool Opaque { get; init; }

    public RunStep WithStmts(ImmutableArray<Stmt> stmts) => stmts == Stmts ? this : this with { Stmts = stmts };
}

/// <summary><c>--mount=type=secret,id=…</c> on a RUN: a value passed at build time that never lands in a layer.</summary>
public sealed record RunMount(string Type, string Id, string? Target)
{
    public static RunMount Secret(string id) => new("secret", id, null);
}

/// <summary><c>COPY [--chown] [--chmod] source destination</c>; <see cref="Source"/> is a path in the build context.</summary>
public sealed record CopyInstruction(string ContextPath, string Destination, string? Chown, string? Chmod, Provenance Source) : Instruction(Source)
{
    public override string Keyword => "COPY";
}

/// <summary><c>WORKDIR path</c> (absolute).</summary>
public sealed record WorkdirInstruction(string Path, Provenance Source) : Instruction(Source)
{
    public override string Keyword => "WORKDIR";
}

/// <summary><c>ENV name=value …</c></summary>
public sealed record EnvInstruction(ImmutableArray<KeyValuePair<string, string>> Variables, Provenance Source) : Instruction(Source)
{
    public override string Keyword => "ENV";
}

/// <summary><c>ARG name[=default]</c>: a build-time variable (never in the final image's environment).</summary>
public sealed record ArgInstruction(string Name, string? Default, Provenance Source) : Instruction(Source)
{
    public override string Keyword => "ARG";
}

/// <summary><c>USER name</c></summary>
public sealed record UserInstruction(string User, Provenance Source) : Instruction(Source)
{
    public override string Keyword => "USER";
}

/// <summary><c>EXPOSE port/protocol</c></summary>
public sealed record ExposeInstruction(int Port, string Protocol, Provenance Source) : Instruction(Source)
{
    public override string Keyword => "EXPOSE";
}

/// <summary><c>VOLUME ["path"]</c></summary>
public sealed record VolumeInstruction(string Path, Provenance Source) : Instruction(Source)
{
    public override string Keyword => "VOLUME";
}

/// <summary><c>CMD ["program", "arg", …]</c>, always in exec form.</summary>
public sealed record CmdInstruction(ImmutableArray<string> Arguments, Provenance Source) : Instruction(Source)
{
    public override string Keyword => "CMD";
}

/// <summary><c>ENTRYPOINT ["program", "arg", …]</c>, always in exec form.</summary>
public sealed record EntrypointInstruction(ImmutableArray<string> Arguments, Provenance Source) : Instruction(Source)
{
    public override string Keyword => "ENTRYPOINT";
}

/// <summary>A <c># comment</c> line (one line of text, without the <c>#</c>).</summary>
public sealed record CommentInstruction(string Text, Provenance Source) : Instruction(Source)
{
    public override string Keyword => "#";
}

/// <summary>
/// <c>SHELL ["/bin/bash", "-o", "pipefail", "-c"]</c>: RUNs run in the shell the person typed into, and a pipeline
/// fails when any part of it fails (hadolint DL4006).
/// </summary>
public sealed record ShellInstruction(ImmutableArray<string> Arguments, Provenance Source) : Instruction(Source)
{
    public override string Keyword => "SHELL";
}
