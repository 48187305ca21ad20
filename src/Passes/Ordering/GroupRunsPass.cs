using DockerRecord.IR;

namespace DockerRecord.Passes.Ordering;

/// <summary>Pass group: consecutive RUNs with the same user, workdir and env become one RUN joined by &&. (Not written yet: it leaves the program as it is.)</summary>
public sealed class GroupRunsPass : ICompilerPass
{
    public string Name => "group";

    public string Description => "consecutive RUNs with the same user, workdir and env become one RUN joined by &&";

    public ImageProgram Run(ImageProgram program, CompilationContext context) => program;
}
