using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace DockerRecord.UnitTests.Support;

/// <summary>
/// The trace files' JSON as drec read and wrote it before its metadata was generated for the native binary: the same
/// options with reflection-based metadata. The reference that generated reading and writing must match: traces users
/// already have read the same, and new ones are written byte for byte as before.
/// </summary>
public static class ReflectionTraceJson
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
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };
}
