using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace DockerRecord.Frontend.Trace;

/// <summary>The JSON conventions of trace files: snake_case names, nulls left out, readable text.</summary>
/// <remarks>
/// The metadata is generated (<see cref="TraceJsonContext"/>). Generated metadata sets every init-only property when it
/// creates a record, so a field missing from the JSON would read as null or false instead of the record's default
/// (<c>ran</c> true, empty lists; dotnet/runtime#84484, still so in .NET 10): reading goes through
/// <see cref="Deserialize{T}(ReadOnlySpan{byte})"/>, which gives left-out fields their defaults
/// (<see cref="OmittedFieldDefaults{T}"/>) and words errors as the reflection-based reader did.
/// </remarks>
static class TraceJson
{
    public static JsonSerializerOptions Lines { get; } = Create(indented: false);

    public static JsonSerializerOptions Document { get; } = Create(indented: true);

    /// <summary>The metadata to write one record of a JSON-lines file.</summary>
    public static JsonTypeInfo<T> LineInfo<T>() => (JsonTypeInfo<T>)Lines.GetTypeInfo(typeof(T));

    /// <summary>The metadata to write a whole JSON document (trace.json, session.json, packages.json).</summary>
    public static JsonTypeInfo<T> DocumentInfo<T>() => (JsonTypeInfo<T>)Document.GetTypeInfo(typeof(T));

    /// <summary>One record as a line of a JSON-lines file.</summary>
    public static string ToLine<T>(T value) => JsonSerializer.Serialize(value, LineInfo<T>());

    /// <summary>A whole document, indented.</summary>
    public static string ToDocument<T>(T value) => JsonSerializer.Serialize(value, DocumentInfo<T>());

    /// <summary>Reads one record or document; fields it leaves out keep the record's defaults.</summary>
    /// <exception cref="JsonException">when the text is not such a record.</exception>
    public static T? Deserialize<T>(ReadOnlySpan<byte> utf8) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(utf8, LineInfo<T>()) is { } value ? Defaults<T>.Value?.Restore(value, utf8) ?? value : null;
        }
        catch (JsonException e) when (NamingThePropertyType<T>(e) is { } named)
        {
            throw named;
        }
    }

    /// <inheritdoc cref="Deserialize{T}(ReadOnlySpan{byte})"/>
    public static T? Deserialize<T>(string text) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(text, LineInfo<T>()) is { } value
                ? Defaults<T>.Value?.Restore(value, System.Text.Encoding.UTF8.GetBytes(text)) ?? value
                : null;
        }
        catch (JsonException e) when (NamingThePropertyType<T>(e) is { } named)
        {
            throw named;
        }
    }

    /// <summary>
    /// Generated metadata reads init-only properties as constructor arguments, and a value of the wrong type in one of
    /// them is reported against the record (<c>could not be converted to …CommandRecord</c>) where the reflection-based
    /// reader named the property's type (<c>System.Int32</c>); DR2004 keeps saying what the field must be.
    /// </summary>
    static JsonException? NamingThePropertyType<T>(JsonException e)
    {
        var record = typeof(T).ToString();
        if (e.Path is not ['$', '.', .. var name] || name.AsSpan().IndexOfAny(".[") >= 0
            || !e.Message.StartsWith($"The JSON value could not be converted to {record}. ", StringComparison.Ordinal))
            return null;
        var property = LineInfo<T>().Properties.FirstOrDefault(p => p.Name == name);
        if (property is null) return null;
        var message = $"The JSON value could not be converted to {property.PropertyType}." + e.Message[(e.Message.IndexOf(". ", StringComparison.Ordinal) + 1)..];
        return new JsonException(message, e.Path, e.LineNumber, e.BytePositionInLine, e.InnerException);
    }

    static JsonSerializerOptions Create(bool indented) => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = indented,
        RespectRequiredConstructorParameters = true,
        TypeInfoResolver = TraceJsonContext.Default,
    };

    /// <summary>The defaults of each record type with init-only properties: a record with only its required fields.</summary>
    static class Defaults<T> where T : class
    {
        public static readonly OmittedFieldDefaults<T>? Value = Bare() is T bare ? new OmittedFieldDefaults<T>(bare, LineInfo<T>()) : null;

        static object? Bare() => typeof(T) switch
        {
            var t when t == typeof(SessionInfo) =>
                new SessionInfo { Number = 0, ContainerId = "", ContainerName = "", Start = default, DrecVersion = "" },
            var t when t == typeof(CommandRecord) => new CommandRecord { Seq = 0, Cmd = "" },
            var t when t == typeof(CapturedFile) => new CapturedFile { Path = "", Reason = "", Type = "" },
            var t when t == typeof(PackageSnapshots) => new PackageSnapshots { Manager = "" },
            _ => null, // positional records: their defaults are their constructor's, which generated metadata keeps
        };
    }
}
