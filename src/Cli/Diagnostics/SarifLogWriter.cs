using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DockerRecord.Frontend.Diagnostics;

namespace DockerRecord.Cli.Diagnostics;

/// <summary>
/// <c>--diagnostics-format sarif</c>: a SARIF 2.1.0 log that GitHub code scanning accepts (its required and
/// recommended properties; checked by <c>sarif-multitool validate --rule-kind "Sarif;Gh"</c> in CI). One run; a rule
/// per reported code, in code order; each result points into the trace (see <see cref="TraceArtifacts"/>) by a path
/// relative to the working folder under <c>%SRCROOT%</c>, since GitHub reads result paths as repository paths.
/// </summary>
static class SarifLogWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    public const string InformationUri = "https://github.com/drec/drec";
    const string SourceRoot = "%SRCROOT%";

    /// <summary>drec's version without build metadata (<c>0.1.0</c>, not <c>0.1.0+commit</c>).</summary>
    public static string ToolVersion { get; } =
        (typeof(SarifLogWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    /// <param name="workingDirectory">The folder result paths are relative to (the repository root in CI).</param>
    public static void Write(IReadOnlyList<Diagnostic> diagnostics, TraceArtifacts artifacts, string workingDirectory, Stream output)
    {
        var rules = diagnostics.Select(DiagnosticDescriptors.Get).DistinctBy(d => d.Id).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        var ruleIndex = rules.Select((rule, index) => (rule.Id, index)).ToDictionary(r => r.Id, r => r.index);
        var root = Path.GetFullPath(workingDirectory);

        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("$schema", SchemaUri);
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();

        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "drec");
        json.WriteString("version", ToolVersion);
        json.WriteString("semanticVersion", ToolVersion);
        json.WriteString("informationUri", InformationUri);
        json.WriteStartArray("rules");
        foreach (var rule in rules) WriteRule(json, rule);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartObject("originalUriBaseIds");
        json.WriteStartObject(SourceRoot);
        json.WriteString("uri", new Uri(root.EndsWith('/') ? root : root + "/").AbsoluteUri);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteString("columnKind", "utf16CodeUnits");

        json.WriteStartArray("results");
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var diagnostic in diagnostics)
            WriteResult(json, diagnostic, ruleIndex[diagnostic.Code], artifacts, root, seen);
        json.WriteEndArray();

        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }

    static void WriteRule(Utf8JsonWriter json, DiagnosticDescriptor rule)
    {
        json.WriteStartObject();
        json.WriteString("id", rule.Id);
        json.WriteString("name", RuleName(rule.Title));
        Text(json, "shortDescription", rule.Title);
        Text(json, "fullDescription", rule.Summary);
        json.WriteStartObject("help");
        json.WriteString("text", $"{rule.Summary} See {rule.HelpUri}");
        json.WriteString("markdown", $"{rule.Summary} See [{rule.Id}]({rule.HelpUri}).");
        json.WriteEndObject();
        json.WriteString("helpUri", rule.HelpUri);
        json.WriteStartObject("defaultConfiguration");
        json.WriteString("level", Level(rule.DefaultSeverity));
        json.WriteEndObject();
        json.WriteStartObject("properties");
        json.WriteStartArray("tags");
        json.WriteStringValue(rule.Category.Name());
        if (rule.Hadolint is { } hadolint) json.WriteStringValue(hadolint);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    static void WriteResult(Utf8JsonWriter json, Diagnostic diagnostic, int ruleIndex, TraceArtifacts artifacts, string root, Dictionary<string, int> seen)
    {
        var (path, region) = artifacts.Locate(diagnostic);
        json.WriteStartObject();
        json.WriteString("ruleId", diagnostic.Code);
        json.WriteNumber("ruleIndex", ruleIndex);
        json.WriteString("level", Level(diagnostic.Severity));
        Text(json, "message", diagnostic.Message);

        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(root, full);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
            json.WriteString("uri", new Uri(full).AbsoluteUri);
        else
        {
            json.WriteString("uri", string.Join('/', relative.Split(Path.DirectorySeparatorChar).Select(Uri.EscapeDataString)));
            json.WriteString("uriBaseId", SourceRoot);
        }
        json.WriteEndObject();
        json.WriteStartObject("region");
        json.WriteNumber("startLine", region.StartLine);
        if (region.StartColumn is { } startColumn) json.WriteNumber("startColumn", startColumn);
        json.WriteNumber("endLine", region.StartLine);
        if (region.EndColumn is { } endColumn) json.WriteNumber("endColumn", endColumn);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();

        // stable across runs and re-recordings: the code, the session and the command text (not its number)
        var hash = Fingerprint(diagnostic, artifacts);
        var occurrence = seen[hash] = seen.GetValueOrDefault(hash) + 1;
        json.WriteStartObject("partialFingerprints");
        json.WriteString("primaryLocationLineHash", $"{hash}:{occurrence}");
        json.WriteEndObject();

        if (diagnostic.Location is { } at)
        {
            json.WriteStartObject("properties");
            json.WriteNumber("session", at.Session);
            json.WriteNumber("command", at.Seq);
            if (diagnostic.Span.Length > 0)
            {
                json.WriteNumber("commandLine", diagnostic.Line);
                json.WriteNumber("commandColumn", diagnostic.Column);
            }
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    static string Fingerprint(Diagnostic diagnostic, TraceArtifacts artifacts)
    {
        var where = diagnostic.Location is { } at
            ? $"session-{at.Session}\0{artifacts.CommandText(at) ?? at.Seq.ToString()}\0{(diagnostic.Span.Length > 0 ? diagnostic.Span.ToStringValue() : "")}"
            : Path.GetFileName(diagnostic.Path ?? "");
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{diagnostic.Code}\0{where}"));
        return Convert.ToHexStringLower(bytes.AsSpan(0, 8));
    }

    static void Text(Utf8JsonWriter json, string property, string text)
    {
        json.WriteStartObject(property);
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    /// <summary>SARIF has no info or hidden: both are notes (as hadolint maps info and style).</summary>
    static string Level(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "note",
    };

    /// <summary>A rule's name as an identifier: <c>cd inside RUN</c> → <c>CdInsideRun</c>.</summary>
    static string RuleName(string title) =>
        string.Concat(title.Split([' ', '-', '.', '/', '\''], StringSplitOptions.RemoveEmptyEntries)
            .Select(word => new string([.. word.Where(char.IsLetterOrDigit)]))
            .Where(word => word.Length > 0)
            .Select(word => char.ToUpperInvariant(word[0]) + (word.All(char.IsUpper) && word.Length > 1 ? word[1..].ToLowerInvariant() : word[1..])));
}
