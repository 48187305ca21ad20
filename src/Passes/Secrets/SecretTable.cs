using DockerRecord.Frontend.Diagnostics;

namespace DockerRecord.Passes.Secrets;

/// <summary>
/// The secret values found so far and the variable each is passed as. A value keeps its first name; a name already
/// given to another value gets a number (<c>MYSQL_PASSWORD_2</c>). Names are valid shell and secret ids.
/// </summary>
sealed class SecretTable
{
    readonly Dictionary<string, string> _nameByValue = new(StringComparer.Ordinal);
    readonly Dictionary<string, string> _valueByName = new(StringComparer.Ordinal);

    /// <summary>Where each name was first found, for its diagnostic.</summary>
    public Dictionary<string, TraceLocation> FirstSeen { get; } = new(StringComparer.Ordinal);

    public int Count => _nameByValue.Count;

    /// <summary>The values, longest first, so a value inside another never cuts it.</summary>
    public IEnumerable<(string Value, string Name)> ByLength =>
        _nameByValue.OrderByDescending(p => p.Key.Length).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value));

    /// <summary>Records <paramref name="value"/> as a secret; returns its variable name (null when too short to be one).</summary>
    public string? Add(string value, string suggestedName, TraceLocation at)
    {
        if (value.Length < SecretPatterns.MinimumLength) return null;
        if (_nameByValue.TryGetValue(value, out var known)) return known;
        var baseName = Sanitize(suggestedName);
        var name = baseName;
        for (var n = 2; _valueByName.ContainsKey(name); n++) name = $"{baseName}_{n}";
        _nameByValue[value] = name;
        _valueByName[name] = value;
        FirstSeen.TryAdd(name, at);
        return name;
    }

    /// <summary>A table holding the same secrets, to add to without changing this one.</summary>
    public SecretTable Copy()
    {
        var copy = new SecretTable();
        foreach (var (value, name) in _nameByValue) copy._nameByValue[value] = name;
        foreach (var (name, value) in _valueByName) copy._valueByName[name] = value;
        foreach (var (name, at) in FirstSeen) copy.FirstSeen[name] = at;
        return copy;
    }

    public string? NameOf(string value) => _nameByValue.GetValueOrDefault(value);

    /// <summary>True when <paramref name="text"/> holds any recorded value.</summary>
    public bool Occurs(string text) => _nameByValue.Keys.Any(v => text.Contains(v, StringComparison.Ordinal));

    static string Sanitize(string name)
    {
        var chars = name.ToUpperInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray();
        var text = new string(chars).Trim('_');
        return text.Length == 0 ? "SECRET" : char.IsAsciiDigit(text[0]) ? "_" + text : text;
    }
}
