using DockerRecord.IR;

namespace DockerRecord.Passes.Services;

/// <summary>Pass services: the service the person left running becomes the exec-form CMD in the foreground; its start command leaves the RUNs. (Not written yet: it leaves the program as it is.)</summary>
public sealed class ServicesPass : ICompilerPass
{
    public string Name => "services";

    public string Description => "the service the person left running becomes the exec-form CMD in the foreground; its start command leaves the RUNs";

    public ImageProgram Run(ImageProgram program, CompilationContext context) => program;
}
