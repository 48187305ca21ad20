using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.IR;

namespace DockerRecord.Passes;

/// <summary>The result of compiling a trace: the final program, what was reported, and why each command went where.</summary>
public sealed record Compilation(ImageProgram Program, ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<Explanation> Explanations)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
