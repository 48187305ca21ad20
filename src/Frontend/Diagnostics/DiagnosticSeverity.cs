namespace DockerRecord.Frontend.Diagnostics;

/// <summary>How serious a diagnostic is; the order is from least to most severe.</summary>
public enum DiagnosticSeverity
{
    Hidden,
    Info,
    Warning,
    Error,
}
