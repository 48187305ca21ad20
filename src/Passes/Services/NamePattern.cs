namespace DockerRecord.Passes.Services;

/// <summary>
/// Names of the knowledge table with a <c>{version}</c> placeholder: <c>php{version}-fpm</c> matches
/// <c>php8.2-fpm</c> (version 8.2) and <c>php-fpm</c> (no version); <c>python{version}</c> matches <c>python3</c>.
/// </summary>
static class NamePattern
{
    const string Placeholder = "{version}";

    public static bool Match(string pattern, string name, out string? version)
    {
        version = null;
        var at = pattern.IndexOf(Placeholder, StringComparison.Ordinal);
        if (at < 0) return pattern == name;

        var prefix = pattern[..at];
        var suffix = pattern[(at + Placeholder.Length)..];
        if (name.Length < prefix.Length + suffix.Length
            || !name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(suffix, StringComparison.Ordinal))
            return false;
        var middle = name[prefix.Length..^suffix.Length];
        if (middle.Length == 0) return true;
        if (!IsVersion(middle)) return false;
        version = middle;
        return true;
    }

    /// <summary><c>3</c>, <c>8.2</c>, <c>3.11</c>: digits and single dots, starting and ending with a digit.</summary>
    public static bool IsVersion(string text) =>
        text.Length > 0 && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[^1])
        && text.All(c => char.IsAsciiDigit(c) || c == '.') && !text.Contains("..", StringComparison.Ordinal);

    /// <summary>Fills <c>{version}</c> and <c>{cluster}</c> in a foreground command.</summary>
    public static string Fill(string template, string? version, string cluster) =>
        template.Replace(Placeholder, version ?? "", StringComparison.Ordinal).Replace("{cluster}", cluster, StringComparison.Ordinal);
}
