using System.Text.Json;
using DockerRecord.Frontend.Diagnostics;

namespace DockerRecord.Cli.Diagnostics;

/// <summary>
/// <c>--diagnostics-format json</c>: one document, <c>{"version": 1, "diagnostics": [...]}</c>, each diagnostic with
/// code, severity (after the policy), category, title, message and helpUri, then where it is: session and command for
/// a recorded command, file for a trace file, and line and column (inside the command text, or the file) when known.
/// Absent fields are left out. The shape is documented in docs/diagnostics.md and only grows.
/// </summary>
static class JsonDiagnosticWriter
{
    public const int Version = 1;

    public static void Write(IEnumerable<Diagnostic> diagnostics, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteNumber("version", Version);
        json.WriteStartArray("diagnostics");
        foreach (var diagnostic in diagnostics)
        {
            var descriptor = DiagnosticDescriptors.Get(diagnostic);
            json.WriteStartObject();
            json.WriteString("code", diagnostic.Code);
            json.WriteString("severity", diagnostic.SeverityText);
            json.WriteString("category", descriptor.Category.Name());
            json.WriteString("title", descriptor.Title);
            json.WriteString("message", diagnostic.Message);
            json.WriteString("helpUri", descriptor.HelpUri);
            if (diagnostic.Location is { } at)
            {
                json.WriteNumber("session", at.Session);
                json.WriteNumber("command", at.Seq);
            }
            else if (diagnostic.Path is { } path) json.WriteString("file", path);
            if (diagnostic.Span.Length > 0 || diagnostic.Line > 0 && diagnostic.Location is null && diagnostic.Path is not null)
            {
                json.WriteNumber("line", diagnostic.Line);
                json.WriteNumber("column", diagnostic.Column);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }
}
