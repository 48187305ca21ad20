using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;

namespace DockerRecord.Cli.Diagnostics;

/// <summary>
/// Applies the policy to what a command found and writes it in the chosen format: text lines on stderr; JSON or SARIF
/// on stdout, or in <c>--diagnostics-output</c>. The one place that turns diagnostics into an exit code.
/// </summary>
sealed class DiagnosticReporter(DiagnosticFormat format, string? outputPath, DiagnosticPolicy policy, TextWriter stdout, TextWriter stderr)
{
    /// <summary>Why these options cannot be used together, or null.</summary>
    public string? Problem(bool stdoutInUse) =>
        format != DiagnosticFormat.Text && outputPath is null && stdoutInUse
            ? $"--diagnostics-format {format.ToString().ToLowerInvariant()} writes to standard output, which --dump-ir and --explain use: add --diagnostics-output FILE"
            : null;

    /// <summary>
    /// Reports the diagnostics after the policy. Returns <see cref="ExitCodes.InputErrors"/> when any is an error
    /// (a warning under --warnaserror included), <see cref="ExitCodes.UsageOrEnvironment"/> when the output file
    /// cannot be written, and null when nothing reported is an error.
    /// </summary>
    public int? Report(IEnumerable<Diagnostic> diagnostics, string traceDirectory)
    {
        var reported = policy.Apply(diagnostics);
        try
        {
            switch (format)
            {
                case DiagnosticFormat.Text when outputPath is null:
                    // stderr flushes every line; a long trace reports thousands, so they are written at once
                    var lines = new StringWriter();
                    TextDiagnosticWriter.Write(reported, lines, TextDiagnosticWriter.ShouldColour(stderr));
                    stderr.Write(lines.GetStringBuilder());
                    break;
                case DiagnosticFormat.Text:
                    using (var file = new StreamWriter(outputPath)) TextDiagnosticWriter.Write(reported, file, colour: false);
                    break;
                default:
                    WriteDocument(reported, traceDirectory);
                    break;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"{outputPath}: error: cannot write the diagnostics: {e.Message}");
            return ExitCodes.UsageOrEnvironment;
        }
        return reported.Any(d => d.IsError) ? ExitCodes.InputErrors : null;
    }

    void WriteDocument(ImmutableArray<Diagnostic> reported, string traceDirectory)
    {
        using var buffer = new MemoryStream();
        if (format == DiagnosticFormat.Json) JsonDiagnosticWriter.Write(reported, buffer);
        else SarifLogWriter.Write(reported, new TraceArtifacts(traceDirectory), Directory.GetCurrentDirectory(), buffer);
        if (outputPath is not null)
        {
            if (Path.GetDirectoryName(Path.GetFullPath(outputPath)) is { } folder) Directory.CreateDirectory(folder);
            File.WriteAllBytes(outputPath, buffer.ToArray());
        }
        else stdout.Write(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
