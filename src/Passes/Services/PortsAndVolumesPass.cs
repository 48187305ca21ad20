using DockerRecord.IR;

namespace DockerRecord.Passes.Services;

/// <summary>Pass ports-volumes: EXPOSE for every listening port seen; VOLUME for data directories of services. (Not written yet: it leaves the program as it is.)</summary>
public sealed class PortsAndVolumesPass : ICompilerPass
{
    public string Name => "ports-volumes";

    public string Description => "EXPOSE for every listening port seen; VOLUME for data directories of services";

    public ImageProgram Run(ImageProgram program, CompilationContext context) => program;
}
