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
        SameObjects(instructions, Instructions) ? this : this with { Instructions = instructions };

    // every pass asks this of a program of up to 100,000s of instructions: a plain loop, no LINQ
    static bool SameObjects(ImmutableArray<Instruction> a, ImmutableArray<Instruction> b)
    {
        if (a.Length != b.Length) return false;
        for (var i = 0; i < a.Length; i++)
            if (!ReferenceEquals(a[i], b[i])) return false;
        return true;
    }

    public ImageProgram AddContextFile(ContextFile file) => this with { ContextFiles = ContextFiles.Add(file) };

    public IEnumerable<T> OfType<T>() where T : Instruction => Instructions.OfType<T>();

    /// <summary>
    /// The RUN instructions in order (what most passes walk; a type test on the sealed type, not OfType's generic
    /// cast). A method, not a property, so that the record's printed form does not list it.
    /// </summary>
    public IEnumerable<RunInstruction> Runs()
    {
        foreach (var instruction in Instructions)
            if (instruction is RunInstruction run) yield return run;
    }
}
