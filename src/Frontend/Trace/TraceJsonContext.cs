using System.Text.Json;
using System.Text.Json.Serialization;

namespace DockerRecord.Frontend.Trace;

/// <summary>
/// The trace files' JSON metadata, generated at build time (no reflection, so the native binary reads and writes traces
/// as the JIT build does). The options repeat <see cref="TraceJson"/>'s, which also sets what attributes cannot: the
/// encoder and the indentation.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(TraceManifest))]
[JsonSerializable(typeof(SessionInfo))]
[JsonSerializable(typeof(CommandRecord))]
[JsonSerializable(typeof(CapturedFile))]
[JsonSerializable(typeof(PackageSnapshots))]
sealed partial class TraceJsonContext : JsonSerializerContext;
