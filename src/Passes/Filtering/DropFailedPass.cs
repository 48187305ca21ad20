using DockerRecord.IR;

namespace DockerRecord.Passes.Filtering;

/// <summary>Pass drop-failed: drop command lines that did not run, failed or were interrupted; warn when a failed one left changes later commands use. (Not written yet: it leaves the program as it is.)</summary>
public sealed class DropFailedPass : ICompilerPass
{
    public string Name => "drop-failed";

    public string Description => "drop command lines that did not run, failed or were interrupted; warn when a failed one left changes later commands use";

    public ImageProgram Run(ImageProgram program, CompilationContext context) => program;
}
