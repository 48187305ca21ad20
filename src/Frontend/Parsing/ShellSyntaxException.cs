using DockerRecord.Frontend.Diagnostics;

namespace DockerRecord.Frontend.Parsing;

/// <summary>
/// Unwinds the recursive lexer and word parser at the first error. It never leaves the frontend:
/// <see cref="ShellParser"/> and <see cref="ShellTokenizer"/> turn it into a <see cref="Diagnostic"/>.
/// </summary>
sealed class ShellSyntaxException(Diagnostic diagnostic) : Exception(diagnostic.Message)
{
    public Diagnostic Diagnostic { get; } = diagnostic;
}
