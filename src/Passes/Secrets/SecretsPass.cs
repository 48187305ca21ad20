using DockerRecord.IR;

namespace DockerRecord.Passes.Secrets;

/// <summary>Pass secrets: secret values become build secrets or ARGs without default; they never reach the Dockerfile or the context. (Not written yet: it leaves the program as it is.)</summary>
public sealed class SecretsPass : ICompilerPass
{
    public string Name => "secrets";

    public string Description => "secret values become build secrets or ARGs without default; they never reach the Dockerfile or the context";

    public ImageProgram Run(ImageProgram program, CompilationContext context) => program;
}
