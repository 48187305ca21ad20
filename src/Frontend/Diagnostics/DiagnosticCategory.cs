namespace DockerRecord.Frontend.Diagnostics;

/// <summary>The stage a diagnostic comes from, given by the thousands digit of its code (docs/diagnostics.md, "Numbering").</summary>
public enum DiagnosticCategory
{
    /// <summary>DR1xxx: the bash parser.</summary>
    Frontend,
    /// <summary>DR2xxx: reading the trace.</summary>
    Trace,
    /// <summary>DR3xxx: the passes over the IR.</summary>
    Passes,
    /// <summary>DR4xxx: writing the Dockerfile.</summary>
    Backend,
    /// <summary>DR5xxx: analyzers, checks on the final program.</summary>
    Analyzers,
    /// <summary>DR6xxx: building the Dockerfile and comparing the image with the container.</summary>
    Verify,
}

public static class DiagnosticCategories
{
    /// <summary>The category of a code <c>DRnnnn</c>, from its range.</summary>
    public static DiagnosticCategory Of(string code) => code is ['D', 'R', >= '1' and <= '6', _, _, _]
        ? (DiagnosticCategory)(code[2] - '1')
        : throw new ArgumentException($"'{code}' is not a diagnostic code DR1000–DR6999", nameof(code));

    /// <summary>Lower-case name, as JSON and SARIF output and the docs write it.</summary>
    public static string Name(this DiagnosticCategory category) => category.ToString().ToLowerInvariant();
}
