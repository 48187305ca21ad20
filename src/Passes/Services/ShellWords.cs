using System.Text;
using DockerRecord.Frontend.Syntax;

namespace DockerRecord.Passes.Services;

/// <summary>Values of shell words that need no expansion: what an exec-form CMD can hold as they are.</summary>
static class ShellWords
{
    /// <summary>
    /// The word after quote removal, when bash would not expand it: literal text, single quotes, double quotes around
    /// plain text. Null for parameters, substitutions, globs, a leading tilde or brace expansion.
    /// </summary>
    public static string? StaticValue(Word word)
    {
        // the common case, a plain word, without building a string
        if (word.Parts is [Literal { Value: var plain }] && plain.AsSpan().IndexOfAny("\\*?[{") < 0 && !plain.StartsWith('~'))
            return plain;
        var text = new StringBuilder();
        for (var index = 0; index < word.Parts.Length; index++)
        {
            switch (word.Parts[index])
            {
                case Literal literal:
                    if (!AppendUnquoted(literal.Value, atStart: index == 0, text)) return null;
                    break;
                case SingleQuoted { Dollar: false } quoted:
                    text.Append(quoted.Value);
                    break;
                case DoubleQuoted { Dollar: false } quoted:
                    foreach (var part in quoted.Parts)
                    {
                        if (part is not Literal inner) return null;
                        AppendDoubleQuoted(inner.Value, text);
                    }
                    break;
                default:
                    return null;
            }
        }
        return text.ToString();
    }

    static bool AppendUnquoted(string value, bool atStart, StringBuilder text)
    {
        if (atStart && value.StartsWith('~')) return false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\' && i + 1 < value.Length) { text.Append(value[++i]); continue; }
            if (c is '*' or '?' or '[' || (c == '{' && value.IndexOf('}', i) > i && (value.Contains(',') || value.Contains("..")))) return false;
            text.Append(c);
        }
        return true;
    }

    static void AppendDoubleQuoted(string value, StringBuilder text)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\' && i + 1 < value.Length && value[i + 1] is '$' or '`' or '"' or '\\') { text.Append(value[++i]); continue; }
            text.Append(c);
        }
    }
}
