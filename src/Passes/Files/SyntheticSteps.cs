using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Parsing;
using DockerRecord.IR;

namespace DockerRecord.Passes.Files;

/// <summary>
/// RUN steps drec writes itself (<c>ln -sfn …</c>, a printf pipeline…). The text is parsed like a typed line, so the
/// step's AST is exactly what the backend will print and bash will read.
/// </summary>
public static class SyntheticSteps
{
    /// <summary>A step for <paramref name="text"/>, attributed to the command <paramref name="at"/>.</summary>
    public static RunStep Parse(TraceLocation at, string text)
    {
        var parsed = ShellParser.Parse(text);
        if (parsed.File is not { } file)
            throw new InvalidOperationException($"drec wrote a command it cannot parse: {parsed.Diagnostics.FirstOrDefault()}");
        return new RunStep(at, file.Stmts, text);
    }
}
