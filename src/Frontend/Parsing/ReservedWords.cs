namespace DockerRecord.Frontend.Parsing;

/// <summary>The words that are reserved in command position.</summary>
enum ReservedWord
{
    None,
    If, Then, Elif, Else, Fi,
    While, Until, For, Select, In, Do, Done,
    Case, Esac,
    Function, Time, Coproc,
    Bang, OpenBrace, CloseBrace,
}

/// <summary>
/// Recognizes reserved words in raw word text. Bash removes line continuations (and NUL bytes) before it looks for
/// them, so <c>th\&lt;newline&gt;en</c> is still <c>then</c>; quoted text never is.
/// </summary>
static class ReservedWords
{
    public static ReservedWord Classify(ReadOnlySpan<char> raw)
    {
        var special = raw.IndexOfAny('\\', '\0') >= 0;
        if (raw.Length > 8 && !special) return ReservedWord.None;
        return Exact(special ? Normalize(raw) : raw);
    }

    static ReservedWord Exact(ReadOnlySpan<char> raw)
    {
        return raw switch
        {
            "if" => ReservedWord.If,
            "then" => ReservedWord.Then,
            "elif" => ReservedWord.Elif,
            "else" => ReservedWord.Else,
            "fi" => ReservedWord.Fi,
            "while" => ReservedWord.While,
            "until" => ReservedWord.Until,
            "for" => ReservedWord.For,
            "select" => ReservedWord.Select,
            "in" => ReservedWord.In,
            "do" => ReservedWord.Do,
            "done" => ReservedWord.Done,
            "case" => ReservedWord.Case,
            "esac" => ReservedWord.Esac,
            "function" => ReservedWord.Function,
            "time" => ReservedWord.Time,
            "coproc" => ReservedWord.Coproc,
            "!" => ReservedWord.Bang,
            "{" => ReservedWord.OpenBrace,
            "}" => ReservedWord.CloseBrace,
            _ => ReservedWord.None,
        };
    }

    /// <summary>Raw text with line continuations and NUL bytes removed.</summary>
    public static string Normalize(ReadOnlySpan<char> raw)
    {
        if (raw.IndexOfAny('\\', '\0') < 0) return raw.ToString();
        var sb = new System.Text.StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '\0') continue;
            if (c == '\\' && i + 1 < raw.Length && raw[i + 1] == '\n') { i++; continue; }
            if (c == '\\' && i + 2 < raw.Length && raw[i + 1] == '\r' && raw[i + 2] == '\n') { i += 2; continue; }
            if (c == '\\' && i + 1 < raw.Length) { sb.Append(c).Append(raw[++i]); continue; }
            sb.Append(c);
        }
        return sb.ToString();
    }
}
