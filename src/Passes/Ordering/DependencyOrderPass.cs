using DockerRecord.IR;

namespace DockerRecord.Passes.Ordering;

/// <summary>Pass reorder: a stable topological order of the dependency graph: packages and system configuration before application files. (Not written yet: it leaves the program as it is.)</summary>
public sealed class DependencyOrderPass : ICompilerPass
{
    public string Name => "reorder";

    public string Description => "a stable topological order of the dependency graph: packages and system configuration before application files";

    public ImageProgram Run(ImageProgram program, CompilationContext context) => program;
}
