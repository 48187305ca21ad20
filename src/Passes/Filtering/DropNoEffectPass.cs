using DockerRecord.IR;

namespace DockerRecord.Passes.Filtering;

/// <summary>Pass drop-no-effect: drop read-only and inspection commands, and commands that changed no file and set no state. (Not written yet: it leaves the program as it is.)</summary>
public sealed class DropNoEffectPass : ICompilerPass
{
    public string Name => "drop-no-effect";

    public string Description => "drop read-only and inspection commands, and commands that changed no file and set no state";

    public ImageProgram Run(ImageProgram program, CompilationContext context) => program;
}
