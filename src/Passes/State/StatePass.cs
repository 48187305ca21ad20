using DockerRecord.IR;

namespace DockerRecord.Passes.State;

/// <summary>Pass state: cd → WORKDIR, exported variables → ENV, su/sudo -u/uid → USER, sudo stripped. (Not written yet: it leaves the program as it is.)</summary>
public sealed class StatePass : ICompilerPass
{
    public string Name => "state";

    public string Description => "cd → WORKDIR, exported variables → ENV, su/sudo -u/uid → USER, sudo stripped";

    public ImageProgram Run(ImageProgram program, CompilationContext context) => program;
}
