using System.Collections.Immutable;

namespace DockerRecord.IR;

/// <summary>
/// What the passes transform: the instructions of the Dockerfile in order, and the files the build context needs.
/// <see cref="Final"/> is the state of the person's last shell (user, working directory, exported variables): the
/// image's defaults for <c>docker run</c>. Immutable; a pass that changes nothing returns the same object.
/// </summary>
public sealed record ImageProgram(ImmutableArray<Instruction> Instructions, ImmutableArray<ContextFile> ContextFiles, RunContext Final)
{
    public static ImageProgram Empty { get; } = new(ImmutableArray<Instruction>.Empty, ImmutableArray<ContextFile>.Empty, RunContext.Root);

    public ImageProgram WithInstructions(ImmutableArray<Instruction> instructions) =>
        instructions == Instructions ? this : this with { Instructions = instructions };

    public ImageProgram WithInstructions(IEnumerable<Instruction> instructions) =>
        WithInstructionsIfChanged([.. instructions]);

    /// <summary>Keeps this program when <paramref name="instructions"/> holds the same objects in the same order.</summary>
    public ImageProgram WithInstructionsIfChanged(ImmutableArray<Instruction> instructions) =>
        instructions.Length == Instructions.Length && instructions.Zip(Instructions).All(p => ReferenceEquals(p.First, p.Second))
            ? this
            : this with { Instructions = instructions };

    public ImageProgram AddContextFile(ContextFile file) => this with { ContextFiles = ContextFiles.Add(file) };

    public IEnumerable<T> OfType<T>() where T : Instruction => Instructions.OfType<T>();
}
