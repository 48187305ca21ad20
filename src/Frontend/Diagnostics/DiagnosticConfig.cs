using System.Collections.Immutable;
using System.Text;
using System.Text.Json;

namespace DockerRecord.Frontend.Diagnostics;

/// <summary>
/// Reads the diagnostics part of <c>drec.json</c> (docs/diagnostics.md, "Configuration"):
/// <code>
/// { "diagnostics": { "DR5007": "none", "DR5003": "error" }, "warningsAsErrors": true | ["DR5004"] }
/// </code>
/// Comments and trailing commas are allowed; anything else unknown is an error, so a typo is not silently ignored.
/// A problem is one line <c>FILE:LINE:COL: error: what</c>.
/// </summary>
public static class DiagnosticConfig
{
    public const string FileName = "drec.json";

    static readonly JsonReaderOptions s_options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The policy with the file's settings on top of <paramref name="policy"/>, or a one-line error.</summary>
    public static (DiagnosticPolicy? Policy, string? Error) Load(string path, DiagnosticPolicy policy)
    {
        var (result, error) = LoadChecked(path, policy);
        return (result, error is null ? null : OneLine.Of(error)); // the file's own text may hold line breaks
    }

    /// <summary>A configuration is a few lines; anything larger is not one (and a device would never end).</summary>
    const int MaxBytes = 1 << 20;

    static (DiagnosticPolicy? Policy, string? Error) LoadChecked(string path, DiagnosticPolicy policy)
    {
        if (path.Length == 0) return (null, "drec: error: the configuration file's name is empty");
        byte[] bytes;
        try
        {
            if (Trace.SpecialFile.KindAt(path) is { } kind) return (null, $"{path}: error: cannot read the configuration: it is {kind}, not a regular file");
            using var file = File.OpenRead(path);
            if (file.Length > MaxBytes) return (null, $"{path}: error: cannot read the configuration: it is larger than {MaxBytes / 1024} KiB");
            bytes = new byte[file.Length];
            file.ReadExactly(bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"{path}: error: cannot read the configuration: {e.Message}");
        }
        // a byte order mark is not JSON, but editors write one: skipped, as the trace reader does
        if (bytes is [0xEF, 0xBB, 0xBF, ..]) bytes = bytes[3..];
        try
        {
            return (Read(bytes, policy), null);
        }
        catch (ConfigException e)
        {
            var (line, column) = Position(bytes, e.Offset);
            return (null, $"{path}:{line}:{column}: error: {e.Message}");
        }
        catch (JsonException e)
        {
            var message = e.Message.Split(" LineNumber:")[0].TrimEnd('.', ' ');
            return (null, $"{path}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}: error: not valid JSON: {message}");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            // text that is not UTF-8, or a lone surrogate escape in a string
            return (null, $"{path}: error: not valid JSON text: {e.Message}");
        }
    }

    sealed class ConfigException(long offset, string message) : Exception(message)
    {
        public long Offset { get; } = offset;
    }

    static DiagnosticPolicy Read(byte[] bytes, DiagnosticPolicy policy)
    {
        var reader = new Utf8JsonReader(bytes, s_options);
        Next(ref reader);
        if (reader.TokenType != JsonTokenType.StartObject) throw new ConfigException(reader.TokenStartIndex, "expected an object");
        var severities = policy.Severities.ToBuilder();
        var all = policy.AllWarningsAsErrors;
        var codes = policy.WarningsAsErrors.ToBuilder();
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            var keyAt = reader.TokenStartIndex;
            Next(ref reader);
            switch (key)
            {
                case "$schema":
                    reader.Skip();
                    break;
                case "diagnostics":
                    Expect(ref reader, JsonTokenType.StartObject, "an object of code: severity");
                    while (Next(ref reader) == JsonTokenType.PropertyName)
                    {
                        var code = Code(ref reader);
                        Next(ref reader);
                        Expect(ref reader, JsonTokenType.String, "a severity string");
                        severities[code] = reader.GetString() switch
                        {
                            "error" => DiagnosticSeverity.Error,
                            "warning" => DiagnosticSeverity.Warning,
                            "info" => DiagnosticSeverity.Info,
                            "hidden" => DiagnosticSeverity.Hidden,
                            "none" => null,
                            var other => throw new ConfigException(reader.TokenStartIndex,
                                $"'{other}' is not a severity (error, warning, info, hidden, none)"),
                        };
                    }
                    break;
                case "warningsAsErrors":
                    if (reader.TokenType is JsonTokenType.True or JsonTokenType.False)
                    {
                        all = reader.GetBoolean();
                        break;
                    }
                    Expect(ref reader, JsonTokenType.StartArray, "true, false or an array of codes");
                    while (Next(ref reader) == JsonTokenType.String) codes.Add(Code(ref reader));
                    break;
                default:
                    throw new ConfigException(keyAt, $"unknown setting '{key}' (known: diagnostics, warningsAsErrors)");
            }
        }
        return policy with { Severities = severities.ToImmutable(), AllWarningsAsErrors = all, WarningsAsErrors = codes.ToImmutable() };
    }

    static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new ConfigException(reader.BytesConsumed, "unexpected end of the file");

    static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (reader.TokenType != type) throw new ConfigException(reader.TokenStartIndex, $"expected {what}");
    }

    static string Code(ref Utf8JsonReader reader)
    {
        var code = reader.GetString()!;
        return DiagnosticPolicy.Problem(code) is { } problem ? throw new ConfigException(reader.TokenStartIndex, problem) : code;
    }

    /// <summary>1-based line and column (in characters) of a byte offset.</summary>
    static (int Line, int Column) Position(byte[] bytes, long offset)
    {
        var end = (int)Math.Min(offset, bytes.Length);
        var lineStart = Array.LastIndexOf(bytes, (byte)'\n', Math.Max(end - 1, 0)) is var newline and >= 0 && newline < end ? newline + 1 : 0;
        var line = 1 + bytes.AsSpan(0, lineStart).Count((byte)'\n');
        return (line, 1 + Encoding.UTF8.GetCharCount(bytes, lineStart, end - lineStart));
    }
}
