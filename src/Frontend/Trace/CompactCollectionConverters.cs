using System.Collections.ObjectModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DockerRecord.Frontend.Trace;

// Most lists and maps of a command record are empty ("flags":[], "env_set":{}); a reader that makes a new List or
// Dictionary for each keeps hundreds of thousands of empty objects alive for the whole compilation. These read an
// empty one as one shared empty instance and a list as an array of its exact length. Anything unexpected throws, and
// JsonLinesReader then reads the line again with the standard converters, which give the usual message.

/// <summary>Reads <c>IReadOnlyList&lt;T&gt;</c> as an exact-length array (one shared empty array).</summary>
sealed class CompactListConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(IReadOnlyList<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(CompactListConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;
}

sealed class CompactListConverter<T> : JsonConverter<IReadOnlyList<T>>
{
    [ThreadStatic] static List<T>? t_items;

    public override IReadOnlyList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("not an array");
        if (!reader.Read()) throw new JsonException("the array does not end");
        if (reader.TokenType == JsonTokenType.EndArray) return [];
        var items = t_items ??= [];
        items.Clear();
        var element = options.GetTypeInfo(typeof(T)).Converter as JsonConverter<T>;
        do
        {
            // elements of object type (ports) through the serializer, which knows their metadata
            var item = typeof(T) == typeof(string) || typeof(T) == typeof(int)
                ? element!.Read(ref reader, typeof(T), options)
                : JsonSerializer.Deserialize<T>(ref reader, options);
            if (item is null && typeof(T) != typeof(string)) throw new JsonException("a null element");
            items.Add(item!);
            if (!reader.Read()) throw new JsonException("the array does not end");
        }
        while (reader.TokenType != JsonTokenType.EndArray);
        var array = items.ToArray();
        items.Clear();
        return array;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value.ToArray(), options);
}

/// <summary>Reads <c>IReadOnlyDictionary&lt;string, string&gt;</c>, an empty one as one shared empty map.</summary>
sealed class CompactStringMapConverter : JsonConverter<IReadOnlyDictionary<string, string>>
{
    public override IReadOnlyDictionary<string, string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("not an object");
        if (!reader.Read()) throw new JsonException("the object does not end");
        if (reader.TokenType == JsonTokenType.EndObject) return ReadOnlyDictionary<string, string>.Empty;
        var map = new Dictionary<string, string>();
        do
        {
            var key = SharedStrings.Read(ref reader);
            if (!reader.Read() || reader.TokenType != JsonTokenType.String) throw new JsonException("not a string value");
            map[key] = SharedStrings.Read(ref reader);
            if (!reader.Read()) throw new JsonException("the object does not end");
        }
        while (reader.TokenType != JsonTokenType.EndObject);
        return map;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value.ToDictionary(), options);
}
