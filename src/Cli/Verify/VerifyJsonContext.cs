using System.Text.Json.Serialization;

namespace DockerRecord.Cli.Verify;

/// <summary>Generated JSON metadata of <c>drec verify --json</c>'s document; the encoder is set where it is written.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(VerifyJsonDocument))]
sealed partial class VerifyJsonContext : JsonSerializerContext;
