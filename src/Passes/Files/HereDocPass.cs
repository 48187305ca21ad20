using DockerRecord.IR;

namespace DockerRecord.Passes.Files;

/// <summary>Pass heredocs: a typed here-document that writes a file becomes COPY of a context file (engine 20.10 has no RUN heredocs). (Not written yet: it leaves the program as it is.)</summary>
public sealed class HereDocPass : ICompilerPass
{
    public string Name => "heredocs";

    public string Description => "a typed here-document that writes a file becomes COPY of a context file (engine 20.10 has no RUN heredocs)";

    public ImageProgram Run(ImageProgram program, CompilationContext context) => program;
}
