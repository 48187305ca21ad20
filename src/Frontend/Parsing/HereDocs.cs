namespace DockerRecord.Frontend.Parsing;

/// <summary>Here-document delimiters: what the delimiter word means, and which line ends the body.</summary>
static class HereDocs
{
    /// <summary>The delimiter as bash compares it: quotes and backslashes removed.</summary>
    public static string DelimiterValue(ReadOnlySpan<char> raw)
    {
        if (raw.IndexOfAny("'\"\\$") < 0) return raw.ToString();
        var sb = new System.Text.StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c is '\'' or '"') continue;
            if (c == '\\' && i + 1 < raw.Length && raw[i + 1] == '\n')
            {
                i++; // a line continuation inside the delimiter word is removed first
                continue;
            }
            if (c == '$' && i + 1 < raw.Length && raw[i + 1] is '\'' or '"') continue;
            if (c == '\\' && i + 1 < raw.Length) c = raw[++i];
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Whether a delimiter word is quoted in any way, which makes the body literal.</summary>
    public static bool IsQuoted(ReadOnlySpan<char> raw)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] is '\'' or '"') return true;
            if (raw[i] == '\\') return i + 1 >= raw.Length || raw[i + 1] != '\n' || IsQuoted(raw[(i + 2)..]);
        }
        return false;
    }

    /// <summary>The length of "DELIM" in a line "DELIM)…" (leading tabs included when stripped), or 0.</summary>
    public static int DelimiterBeforeParen(ReadOnlySpan<char> line, string delimiter, bool stripTabs)
    {
        var tabs = stripTabs ? line.Length - line.TrimStart('\t').Length : 0;
        var rest = line[tabs..];
        return rest.StartsWith(delimiter) && rest.Length > delimiter.Length && rest[delimiter.Length] == ')' ? tabs + delimiter.Length : 0;
    }

    public static bool IsDelimiterLine(ReadOnlySpan<char> line, string delimiter, bool stripTabs)
    {
        if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
        if (stripTabs) line = line.TrimStart('\t');
        return line.SequenceEqual(delimiter);
    }
}
