using System.Runtime.CompilerServices;
using System.Text.Json;

namespace DockerRecord.Frontend.Trace;

/// <summary>
/// The fast path for one line of commands.jsonl: a <see cref="Utf8JsonReader"/> walk over the fields drec writes, with
/// no serializer machinery per line. It reads only what it can read exactly as the serializer would; on anything else
/// (a field it does not know, a duplicate, a null where a value belongs, a missing required field, bad JSON) it gives
/// up and returns null, and <see cref="JsonLinesReader"/> reads the line with the serializer. So a field added to
/// <see cref="CommandRecord"/> and not here is still read (slowly); a unit test makes sure this walk knows every field.
/// </summary>
/// <remarks>
/// The methods skip tiered compilation (<see cref="MethodImplOptions.AggressiveOptimization"/>): reading a trace is
/// most of a short process's life, and would otherwise run in unoptimized code until the JIT catches up.
/// </remarks>
static class CommandLineParser
{
    /// <summary>The record's own defaults for fields a line leaves out.</summary>
    static readonly CommandRecord s_defaults = new() { Seq = 0, Cmd = "" };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static CommandRecord? TryParse(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            var record = ReadRecord(ref reader);
            return record is not null && !reader.Read() ? record : null; // anything after the object: the serializer says what
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static CommandRecord? ReadRecord(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
        var d = s_defaults;
        int? seq = null;
        string? cmd = null;
        bool ran = d.Ran, interrupted = d.Interrupted;
        var status = d.Status;
        IReadOnlyList<int>? pipestatus = d.Pipestatus;
        string? user = d.User, cwdBefore = d.CwdBefore, cwd = d.Cwd;
        int? uid = d.Uid, euid = d.Euid, shlvl = d.Shlvl;
        IReadOnlyDictionary<string, string>? envSet = d.EnvSet;
        IReadOnlyList<string>? envUnset = d.EnvUnset;
        DateTimeOffset? start = d.Start, end = d.End;
        FileChanges? changes = d.Changes;
        IReadOnlyList<ListeningPort>? ports = d.Ports;
        IReadOnlyList<string>? flags = d.Flags, captures = d.Captures;
        var seen = 0;
        var expected = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Field(ref reader, expected);
            expected = field + 1; // drec writes the fields in this order
            if (field < 0 || (seen & (1 << field)) != 0) return null;
            seen |= 1 << field;
            if (!reader.Read()) return null;
            bool ok;
            switch (field)
            {
                case 0: ok = Int(ref reader, out var s); seq = s; break;
                case 1: ok = (cmd = Text(ref reader)) is not null; break;
                case 2: ok = Bool(ref reader, out ran); break;
                case 3: ok = Bool(ref reader, out interrupted); break;
                case 4: ok = Int(ref reader, out status); break;
                case 5: ok = (pipestatus = Ints(ref reader)) is not null; break;
                case 6: ok = NullableText(ref reader, out user); break;
                case 7: ok = NullableInt(ref reader, out uid); break;
                case 8: ok = NullableInt(ref reader, out euid); break;
                case 9: ok = NullableText(ref reader, out cwdBefore); break;
                case 10: ok = NullableText(ref reader, out cwd); break;
                case 11: ok = (envSet = Map(ref reader)) is not null; break;
                case 12: ok = (envUnset = Texts(ref reader)) is not null; break;
                case 13: ok = NullableTime(ref reader, out start); break;
                case 14: ok = NullableTime(ref reader, out end); break;
                case 15: ok = NullableInt(ref reader, out shlvl); break;
                case 16: ok = (changes = Changes(ref reader)) is not null; break;
                case 17: ok = (ports = Ports(ref reader)) is not null; break;
                case 18: ok = (flags = Texts(ref reader)) is not null; break;
                case 19: ok = (captures = Texts(ref reader)) is not null; break;
                default: ok = false; break;
            }
            if (!ok) return null;
        }
        if (reader.TokenType != JsonTokenType.EndObject || seq is null || cmd is null) return null;
        return new CommandRecord
        {
            // the collections are null only after a bail-out above
            Seq = seq.Value, Cmd = cmd, Ran = ran, Interrupted = interrupted, Status = status, Pipestatus = pipestatus!,
            User = user, Uid = uid, Euid = euid, CwdBefore = cwdBefore, Cwd = cwd, EnvSet = envSet!, EnvUnset = envUnset!,
            Start = start, End = end, Shlvl = shlvl, Changes = changes!, Ports = ports!, Flags = flags!, Captures = captures!,
        };
    }

    /// <summary>The JSON names of the fields, in the order of the switch above.</summary>
    internal static readonly string[] FieldNames =
    [
        "seq", "cmd", "ran", "interrupted", "status", "pipestatus", "user", "uid", "euid", "cwd_before", "cwd",
        "env_set", "env_unset", "start", "end", "shlvl", "changes", "ports", "flags", "captures",
    ];

    static readonly byte[][] s_fieldNames = [.. FieldNames.Select(System.Text.Encoding.UTF8.GetBytes)];

    /// <summary>The number of the field the reader is on, or -1; <paramref name="expected"/> is tried first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static int Field(ref Utf8JsonReader reader, int expected)
    {
        if (reader.ValueIsEscaped) return -1; // the serializer compares unescaped names
        var name = reader.ValueSpan;
        if (expected < s_fieldNames.Length && name.SequenceEqual(s_fieldNames[expected])) return expected;
        for (var i = 0; i < s_fieldNames.Length; i++)
            if (name.SequenceEqual(s_fieldNames[i])) return i;
        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static bool Int(ref Utf8JsonReader reader, out int value)
    {
        value = 0;
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out value);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static bool NullableInt(ref Utf8JsonReader reader, out int? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null) return true;
        if (!Int(ref reader, out var number)) return false;
        value = number;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static bool Bool(ref Utf8JsonReader reader, out bool value)
    {
        value = reader.TokenType == JsonTokenType.True;
        return reader.TokenType is JsonTokenType.True or JsonTokenType.False;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static string? Text(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? SharedStrings.Read(ref reader) : null;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static bool NullableText(ref Utf8JsonReader reader, out string? value)
    {
        value = Text(ref reader);
        return value is not null || reader.TokenType == JsonTokenType.Null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static bool NullableTime(ref Utf8JsonReader reader, out DateTimeOffset? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null) return true;
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var time)) return false;
        value = time;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static IReadOnlyList<int>? Ints(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray) return null;
        List<int>? items = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!Int(ref reader, out var item)) return null;
            (items ??= []).Add(item);
        }
        return items is null ? [] : items.ToArray();
    }

    [ThreadStatic] static List<string>? t_texts;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static IReadOnlyList<string>? Texts(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray) return null;
        // the items gather in one list per reading thread, and only the array of them is kept
        var items = t_texts ??= [];
        items.Clear();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            // a null element is kept by the serializer; leave that to it
            if (Text(ref reader) is not { } item) return null;
            items.Add(item);
        }
        return items.Count == 0 ? [] : items.ToArray();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static IReadOnlyDictionary<string, string>? Map(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) return null;
        Dictionary<string, string>? map = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = SharedStrings.Read(ref reader);
            if (!reader.Read() || Text(ref reader) is not { } value) return null;
            map ??= [];
            if (!map.TryAdd(key, value)) return null; // a duplicate: the serializer's rule decides
        }
        return map ?? s_defaults.EnvSet;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static FileChanges? Changes(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) return null;
        IReadOnlyList<string>? added = null, changed = null, deleted = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueIsEscaped) return null;
            var name = reader.ValueSpan;
            var which = name.SequenceEqual("added"u8) ? 0 : name.SequenceEqual("changed"u8) ? 1 : name.SequenceEqual("deleted"u8) ? 2 : -1;
            if (which < 0 || !reader.Read() || Texts(ref reader) is not { } paths) return null;
            switch (which)
            {
                case 0 when added is null: added = paths; break;
                case 1 when changed is null: changed = paths; break;
                case 2 when deleted is null: deleted = paths; break;
                default: return null;
            }
        }
        if (added is null || changed is null || deleted is null) return null;
        return added.Count + changed.Count + deleted.Count == 0 ? FileChanges.None : new FileChanges(added, changed, deleted);
    }

    static IReadOnlyList<ListeningPort>? Ports(ref Utf8JsonReader reader)
    {
        // rare, and a nested record with an optional field: the serializer, by the caller's bail-out, unless empty
        if (reader.TokenType != JsonTokenType.StartArray || !reader.Read() || reader.TokenType != JsonTokenType.EndArray) return null;
        return s_defaults.Ports;
    }
}
