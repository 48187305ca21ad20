using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DockerRecord.Frontend.Trace;

/// <summary>The JSON conventions of trace files: snake_case names, nulls left out, readable text.</summary>
static class TraceJson
{
    public static JsonSerializerOptions Lines { get; } = Create(indented: false);

    public static JsonSerializerOptions Document { get; } = Create(indented: true);

    static JsonSerializerOptions Create(bool indented) => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = indented,
        RespectRequiredConstructorParameters = true,
    };
}
