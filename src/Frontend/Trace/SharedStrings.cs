using System.Runtime.CompilerServices;
using System.Text.Json;

namespace DockerRecord.Frontend.Trace;

/// <summary>
/// While a JSON-lines file is read, short strings that repeat (user names, working folders, changed paths, variable
/// names) become one string each instead of one per record. The pool belongs to the thread reading a piece of the file
/// (<see cref="Use"/>), so parallel readers need no lock; outside a pool strings are read as usual.
/// </summary>
sealed class SharedStrings
{
    /// <summary>Longer strings (most command lines) rarely repeat; they are not worth a lookup.</summary>
    const int MaxLength = 128;

    [ThreadStatic] static SharedStrings? t_current;

    readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    SharedStrings() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Gives the current thread a fresh pool until the result is disposed.</summary>
    public static Scope Use()
    {
        t_current = new SharedStrings();
        return new Scope();
    }

    public readonly struct Scope : IDisposable
    {
        public void Dispose() => t_current = null;
    }

    /// <summary>The string token or property name the reader is on, shared when the current pool has it already.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Read(ref Utf8JsonReader reader)
    {
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (t_current is not { } pool || length > MaxLength) return reader.GetString()!;
        // a UTF-8 string never has more UTF-16 units than bytes; CopyString unescapes and checks the UTF-8 as GetString does
        Span<char> buffer = stackalloc char[MaxLength];
        var text = buffer[..reader.CopyString(buffer)];
        if (pool._lookup.TryGetValue(text, out var shared)) return shared;
        var created = new string(text);
        pool._strings.Add(created, created);
        return created;
    }
}
