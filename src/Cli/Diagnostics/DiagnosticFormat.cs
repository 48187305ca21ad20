namespace DockerRecord.Cli.Diagnostics;

/// <summary><c>--diagnostics-format</c>: compiler-style lines, a JSON document, or a SARIF 2.1.0 log.</summary>
public enum DiagnosticFormat
{
    Text,
    Json,
    Sarif,
}
