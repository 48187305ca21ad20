using DockerRecord.IR;

namespace DockerRecord.Passes.Files;

/// <summary>Pass files: editor saves → COPY of the captured content; changes no kept command explains → COPY, with a warning. (Not written yet: it leaves the program as it is.)</summary>
public sealed class FilesPass : ICompilerPass
{
    public string Name => "files";

    public string Description => "editor saves → COPY of the captured content; changes no kept command explains → COPY, with a warning";

    public ImageProgram Run(ImageProgram program, CompilationContext context) => program;
}
