using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace DockerRecord.Frontend.Trace;

/// <summary>
/// Gives a record read with generated JSON metadata the defaults of the fields its JSON object left out. Generated
/// metadata creates a record with every init-only property set, to null, false or 0 when the field is missing
/// (dotnet/runtime#84484), where the reflection-based reader kept the property's initializer (<c>ran</c> true, empty
/// lists). Traces drec writes name every field that is not null, so this costs a scan of the field names; a file from
/// an older drec, the bash hook or a person may leave fields out, and reads as before.
/// </summary>
/// <remarks>
/// The defaults come from the record type itself: <paramref name="bare"/> (a record with only its required fields)
/// written as JSON, compared with what a JSON object of only those required fields reads as. A field whose two values
/// differ is one whose initializer would be lost; when a JSON object leaves any of them out, the object is read again
/// with those fields put in front (the object's own fields, duplicates included, are read as they were).
/// </remarks>
sealed class OmittedFieldDefaults<T>(T bare, JsonTypeInfo<T> typeInfo) where T : class
{
    /// <summary>The JSON names of the fields to restore, each with its default as JSON text.</summary>
    readonly (byte[] Name, string Json)[] _fields = FieldsToRestore(bare, typeInfo);

    /// <summary>The names of the fields whose initializer a missing field would lose, with the initializer's JSON.</summary>
    public IEnumerable<(string Name, string Json)> Fields => _fields.Select(f => (Encoding.UTF8.GetString(f.Name), f.Json));

    /// <summary><paramref name="record"/>, read from <paramref name="json"/>, with the defaults of the fields it left out.</summary>
    public T Restore(T record, ReadOnlySpan<byte> json)
    {
        if (_fields.Length == 0) return record;
        var missing = Missing(json);
        if (missing.Count == 0) return record;
        var open = json.IndexOf((byte)'{') + 1;
        var text = new StringBuilder();
        text.Append(Encoding.UTF8.GetString(json[..open]));
        for (var i = 0; i < missing.Count; i++)
        {
            if (i > 0) text.Append(',');
            text.Append('"').Append(JsonEncodedText.Encode(missing[i].Name)).Append("\":").Append(missing[i].Json);
        }
        var rest = Encoding.UTF8.GetString(json[open..]);
        if (!rest.TrimStart().StartsWith('}')) text.Append(',');
        text.Append(rest);
        return JsonSerializer.Deserialize(text.ToString(), typeInfo) ?? record;
    }

    /// <summary>The fields to restore that the object's top level does not name.</summary>
    List<(string Name, string Json)> Missing(ReadOnlySpan<byte> json)
    {
        var present = new bool[_fields.Length];
        var reader = new Utf8JsonReader(json);
        reader.Read(); // the object's start
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            for (var i = 0; i < _fields.Length; i++)
                if (reader.ValueTextEquals(_fields[i].Name)) present[i] = true;
            reader.Read();
            reader.Skip();
        }
        var missing = new List<(string, string)>();
        for (var i = 0; i < _fields.Length; i++)
            if (!present[i]) missing.Add((Encoding.UTF8.GetString(_fields[i].Name), _fields[i].Json));
        return missing;
    }

    static (byte[] Name, string Json)[] FieldsToRestore(T bare, JsonTypeInfo<T> typeInfo)
    {
        var defaults = JsonSerializer.SerializeToNode(bare, typeInfo)!.AsObject();
        var requiredOnly = new JsonObject();
        foreach (var property in typeInfo.Properties.Where(p => p.IsRequired))
            requiredOnly[property.Name] = defaults[property.Name]?.DeepClone();
        var readBack = JsonSerializer.SerializeToNode(requiredOnly.Deserialize(typeInfo)!, typeInfo)!.AsObject();
        return defaults
            .Where(field => !JsonNode.DeepEquals(field.Value, readBack[field.Key]))
            .Select(field => (Encoding.UTF8.GetBytes(field.Key), field.Value!.ToJsonString()))
            .ToArray();
    }
}
