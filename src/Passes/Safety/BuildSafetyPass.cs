using DockerRecord.IR;

namespace DockerRecord.Passes.Safety;

/// <summary>Pass build-safety: apt → apt-get -y, DEBIAN_FRONTEND=noninteractive as a build ARG, interactive programs never emitted. (Not written yet: it leaves the program as it is.)</summary>
public sealed class BuildSafetyPass : ICompilerPass
{
    public string Name => "build-safety";

    public string Description => "apt → apt-get -y, DEBIAN_FRONTEND=noninteractive as a build ARG, interactive programs never emitted";

    public ImageProgram Run(ImageProgram program, CompilationContext context) => program;
}
