using DockerRecord.IR;

namespace DockerRecord.Passes;

/// <summary>
/// One step of the compiler: takes the program and gives it back transformed. A pass reports through the context
/// (diagnostics, <c>--explain</c> lines) and returns the very same program when it changes nothing.
/// </summary>
public interface ICompilerPass
{
    /// <summary>Short kebab-case name, used by <c>--dump-ir NAME</c> and in <c>--explain</c>.</summary>
    string Name { get; }

    /// <summary>One line on what the pass does, for <c>drec compile --list-passes</c> and the docs.</summary>
    string Description { get; }

    ImageProgram Run(ImageProgram program, CompilationContext context);
}
